"""Who is who in one report: each speaker mention linked to a person, by a named rule the user can see.

Kept apart from *what was said* (:mod:`dabir.annotate.statements`): the extractor hands over mentions in reading
order, and :class:`People` decides which person each one is. Every link records the rule that made it
(``Speaker.link``), after record-linkage tools that show their reasons. The rules, in the order they are tried:

- ``same_name``: the same name, honorifics and spelling ignored («آیت‌الله خامنه‌ای» = «خامنه‌ای»);
- ``surname``: a name of one word is the last word of a person's fuller name («مرادی» → «حسن مرادی»), and the
  reverse when the surname came first;
- ``pronoun``: «او», «وی», «ایشان» → the most recent speaker whose verb number agrees (honorific plural
  «گفتند»), else the report's opening subject;
- ``anaphor``: «این مقام», «این منبع» → the most recent speaker whose role or name has that noun;
- ``title``: an office alone → the person the report gave that office;
- ``lead_office_named``: a report that opens with an office alone («رئیس سازمان صمت استان زنجان … گفت») and then
  names one person with no office of their own, not marked as another speaker by «نیز/هم/همچنین» → that person;
- ``named_then_office``: the reverse, when the report has met exactly one person, named, with no office;
- ``new``: anyone else is a new person.

Never linked: two different full names; a group («کارشناسان») or an anonymous source («یک منبع آگاه») with anyone
but itself; a mention marked «نیز» with the speaker before it (by the office rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from dabir.annotate.coref import HONORIFIC_PRONOUNS, Mention, key, phrase_at, titles

#: Words that are not part of what makes two offices the same («رهبر معظم انقلاب» = «رهبر انقلاب»).
ROLE_FILLERS = frozenset({"معظم", "محترم"})
#: Determiners that make a speaker anonymous: «یک منبع آگاه», «یکی از مقامات», «چند کارشناس».
ANONYMOUS_DETERMINERS = frozenset({"یک", "یکی", "چند", "برخی", "بعضی"})


@dataclass
class Person:
    honorific: str = ""
    name: str = ""
    role: str = ""
    group: bool = False  # a plural group («کارشناسان»): links only to itself
    anonymous: bool = False  # «یک منبع آگاه»: linked by pronouns and the lead convention only
    plural_votes: int = 0
    singular_votes: int = 0

    @property
    def canonical(self) -> str:
        if self.name:
            return f"{self.honorific} {self.name}".strip()
        return self.role or self.honorific

    @property
    def honorific_plural(self) -> bool:
        if self.plural_votes != self.singular_votes:
            return self.plural_votes > self.singular_votes
        return any(key(word) in {"حضرت", "ایتالله", "امام", "رهبر"} for word in self.honorific.split())

    def name_key(self) -> tuple[str, ...]:
        return tuple(key(t) for t in self.name.split())

    def role_keys(self) -> set[str]:
        return role_keys(self.role)


def role_keys(role: str) -> set[str]:
    return {key(t) for t in role.split()} - ROLE_FILLERS


def is_group(mention: Mention) -> bool:
    """A plural group («کارشناسان», «مقام‌های اسرائیلی», «منابع آگاه», «چند کارشناس»): it links only to itself."""
    words = [key(w) for w in mention.text.split()]
    if not words or mention.name and len(mention.name.split()) >= 2 and not mention.role:
        return False
    if words[0] in ANONYMOUS_DETERMINERS - {"یک"}:
        return True
    head = words[1] if words[0] in {"این", "آن"} and len(words) > 1 else words[0]
    return head in _group_heads() or _plural_of_office(head)


@lru_cache(maxsize=1)
def _group_heads() -> frozenset[str]:
    text = resources.files("dabir.lang.fa").joinpath("statements", "groups.txt").read_text(encoding="utf-8")
    return frozenset(key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _plural_of_office(word: str) -> bool:
    """«کارشناسان», «مقامهای», «مسئولین»: a plural ending on an office word."""
    offices = titles().office
    for ending in ("های", "ها", "ان", "ین", "گان"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            if (stem,) in offices or (stem + "ه",) in offices:  # «نمایندگان» of «نماینده»
                return True
    return False


def is_anonymous(mention: Mention) -> bool:
    """One unnamed source («یک منبع آگاه», «یک مقام آمریکایی»): never linked to an office or another source."""
    words = mention.text.split()
    return bool(words) and key(words[0]) == "یک"


def _roles_overlap(one: str, other: str) -> bool:
    """Do two role phrases share a content word («… بورس کالا»)? Office heads and short words do not count."""
    table = titles()

    def content(role: str) -> set[str]:
        return (
            {key(w) for w in role.split() if len(key(w)) > 2 and not phrase_at([w], 0, table.office, 1)}
            - ROLE_FILLERS
            - {"یک"}
        )

    return bool(content(one) & content(other))


def _joint(role: str) -> bool:
    """«رییس دیوان عالی کشور و دادستان کل کشور»: two offices, so two people, not one to name later."""
    tokens = role.split()
    table = titles()
    return any(
        t == "و" and phrase_at(tokens, i + 1, table.office, table.longest) for i, t in enumerate(tokens)
    )


def _same_role(one: set[str], other: set[str]) -> bool:
    return bool(one and other) and (one <= other or other <= one)


def _names_agree(have: tuple[str, ...], wanted: tuple[str, ...]) -> str | None:
    """The rule by which two names are one person's, or None. Two different full names never agree."""
    if not have or not wanted:
        return None
    if have == wanted:
        return "same_name"
    short, long = sorted((have, wanted), key=len)
    if len(short) < len(long) and long[-len(short) :] == short and not _first_name(short[0]):
        return "surname"  # «میر تاج‌الدینی» of «محمدرضا میر تاج‌الدینی», «افضلی» of «محمدمهدی افضلی»
    if len(long) >= 2 and wanted[0] == have[-1] and not _first_name(wanted[0]):
        return "surname"  # «اسماعیلی هدف از …»: a known surname whose phrase ran on into the clause
    return None


def _first_name(word: str) -> bool:
    return word in titles().first_names


@dataclass
class People:
    """The people met so far in a document, most recent speaker last."""

    persons: list[Person] = field(default_factory=list)
    recent: list[int] = field(default_factory=list)
    lead: Mention | None = None
    #: (name, role) of the people the document names, from its PER entities: a surname alone or an office
    #: alone is linked to one of them only when the document itself wrote them so.
    named: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""  # the document, for names the entity tagger does not see (Latin script)

    def touch(self, index: int, plural: bool) -> Person:
        """Mark person ``index`` as the latest speaker (with the number of the verb they took)."""
        person = self.persons[index]
        if plural:
            person.plural_votes += 1
        else:
            person.singular_votes += 1
        if index in self.recent:
            self.recent.remove(index)
        self.recent.append(index)
        return person

    def resolve(
        self,
        mention: Mention,
        plural: bool,
        same_as_lead: bool = False,
        also: bool = False,
        antecedent: str | None = None,
    ) -> tuple[int, str | None, str]:
        """Index of the person ``mention`` refers to, what was resolved (pronoun/title) if any, and the rule.

        ``plural``: the verb is plural (honorific for one person); ``same_as_lead``: the clause says it repeats the
        lead («با بیان این مطلب»); ``also``: «نیز/هم/همچنین» marks another speaker; ``antecedent``: for «این
        نشریه», the nearest phrase before it headed by the same noun («نشریه انگلیسی دیلی میل»).
        """
        if mention.anaphor and (self.recent or antecedent):
            return self._anaphor(mention, plural, antecedent)
        if mention.pronoun:
            return self._pronoun(mention, plural)
        if is_group(mention):
            wanted = key(mention.text)
            for index in reversed(self.recent):
                person = self.persons[index]
                if person.group and key(person.role or person.name) == wanted:
                    self.touch(index, plural)
                    return index, None, "same_name"
            group = Person(mention.honorific, "", mention.role or mention.text, group=True)
            return self._new(group, plural), None, "new"
        if is_anonymous(mention):
            source = Person(mention.honorific, "", mention.role or mention.text, anonymous=True)
            return self._new(source, plural), None, "new"
        if mention.name:
            return self._named(mention, plural, same_as_lead, also)
        if mention.role:
            return self._office(mention, plural, also)
        return self._new(Person(mention.honorific, mention.text), plural), None, "new"

    def _anaphor(self, mention: Mention, plural: bool, antecedent: str | None) -> tuple[int, str | None, str]:
        noun = key(mention.text.split()[1])
        for index in reversed(self.recent):
            person = self.persons[index]
            if noun in {key(t) for t in (person.role + " " + person.name).split()}:
                self.touch(index, plural)
                return index, mention.text, "anaphor"
        if antecedent and not self.recent:
            wanted = key(antecedent)
            for index in reversed(self.recent):
                person = self.persons[index]
                if wanted in {key(person.name), key(person.role)}:
                    self.touch(index, plural)
                    return index, mention.text, "anaphor"
            return self._new(Person("", antecedent, ""), plural), mention.text, "anaphor"
        index = self.recent[-1]
        self.touch(index, plural)
        return index, mention.text, "anaphor"

    def _pronoun(self, mention: Mention, plural: bool) -> tuple[int, str | None, str]:
        if not self.recent:
            if self.lead is not None:  # the report's opening subject
                lead = Person(self.lead.honorific, self.lead.name, self.lead.role)
                return self._new(lead, plural), mention.text, "pronoun"
            return self._new(Person(), plural), None, "new"
        want_plural = plural or key(mention.text) in HONORIFIC_PRONOUNS
        candidates = [i for i in reversed(self.recent) if not self.persons[i].group] or list(
            reversed(self.recent)
        )
        for index in candidates:
            if self.persons[index].honorific_plural == want_plural:
                self.touch(index, plural)
                return index, mention.text, "pronoun"
        index = candidates[0]
        self.touch(index, plural)
        return index, mention.text, "pronoun"

    def _named(
        self, mention: Mention, plural: bool, same_as_lead: bool, also: bool
    ) -> tuple[int, str | None, str]:
        wanted = tuple(key(t) for t in mention.name.split())
        for index in reversed(self.recent or range(len(self.persons))):
            person = self.persons[index]
            if person.group:
                continue
            rule = _names_agree(person.name_key(), wanted)
            if rule:
                self._merge(index, mention)
                self.touch(index, plural)
                return index, None, rule
        wanted_role = role_keys(mention.role)
        for index in reversed(self.recent):
            person = self.persons[index]
            if (
                not person.name
                and not person.group
                and not person.anonymous
                and wanted_role
                and _same_role(wanted_role, person.role_keys())
            ):
                self._merge(index, mention)  # «رئیس اتاق …» in the lead is «سیدمهدی طبیب‌زاده رئیس اتاق …»
                self.touch(index, plural)
                return index, None, "title"
        if not also:
            unnamed = [
                i
                for i in self.recent
                if not self.persons[i].name and self.persons[i].role and not self.persons[i].group
            ]
            unnamed = [
                i
                for i in unnamed
                if not _joint(self.persons[i].role)
                and (not mention.role or _roles_overlap(mention.role, self.persons[i].role))
            ]
            if unnamed and (same_as_lead or (len(unnamed) == 1 and len(self.persons) == 1)):
                index = unnamed[-1]
                self._merge(index, mention)
                self.touch(index, plural)
                return index, None, "lead_office_named"
        fuller = self._fuller(mention.name)
        person = Person(mention.honorific, fuller or mention.name, mention.role)
        return self._new(person, plural), None, "surname" if fuller else "new"

    def _fuller(self, name: str) -> str | None:
        """The one fuller name the document gives a surname («ری» → «ری یونگ هو», «آلبنس» → «متیو آلبنس»), or
        a first name in Latin letters followed by capitalised words in the text («Kit» → «Kit Harington»)."""
        wanted = tuple(key(t) for t in name.split())
        if self.text and len(wanted) == 1 and name.isascii():
            latin = re.search(rf"(?<![\w-]){re.escape(name)}((?: [A-Z][\w'-]+)+)", self.text)
            if latin:
                return name + latin.group(1)
        found = {
            full
            for full, _ in self.named
            if (have := tuple(key(t) for t in full.split())) != wanted
            and _names_agree(have, wanted) == "surname"
            and len(have) > len(wanted)
        }
        return found.pop() if len(found) == 1 else None

    def _holder(self, role: str) -> tuple[str, str] | None:
        """The one person the document gave this office («رئیس جمهور آمریکا دونالد ترامپ» for «رئیس جمهور»)."""
        wanted = role_keys(role)
        found = {(name, held) for name, held in self.named if held and _same_role(wanted, role_keys(held))}
        names = {key(name) for name, _ in found}
        return found.pop() if len(names) == 1 and len(found) >= 1 else None

    def _office(self, mention: Mention, plural: bool, also: bool) -> tuple[int, str | None, str]:
        wanted_role = role_keys(mention.role)
        for index in reversed(self.recent):
            person = self.persons[index]
            if person.group or person.anonymous:
                continue
            have_role = person.role_keys()
            if _same_role(wanted_role, have_role) and (wanted_role == have_role or not _joint(person.role)):
                self.touch(index, plural)
                return index, mention.text, "title"
        holder = self._holder(mention.role)
        if holder is not None:
            name, held = holder
            for index in reversed(self.recent):
                if _names_agree(self.persons[index].name_key(), tuple(key(t) for t in name.split())):
                    self.touch(index, plural)
                    return index, mention.text, "title"
            return self._new(Person(mention.honorific, name, held), plural), mention.text, "title"
        named = [
            i
            for i in self.recent
            if self.persons[i].name
            and not self.persons[i].role
            and not set(self.persons[i].name_key())
            & role_keys(mention.role)  # «وزیر خارجه کره شمالی» ≠ «کره شمالی»
        ]
        if not also and len(self.persons) == 1 and len(named) == 1:
            # «هاشمی رفسنجانی … گفت» then «رئیس مجمع تشخیص مصلحت نظام … افزود»: the same person by title
            self.persons[named[0]].role = mention.role
            self.touch(named[0], plural)
            return named[0], mention.text, "named_then_office"
        return self._new(Person(mention.honorific, "", mention.role), plural), None, "new"

    def knows(self, surname: str) -> bool:
        """Has a person with this surname been met?"""
        return any(person.name_key()[-1:] == (key(surname),) for person in self.persons)

    def _new(self, person: Person, plural: bool) -> int:
        self.persons.append(person)
        index = len(self.persons) - 1
        self.touch(index, plural)
        return index

    def _merge(self, index: int, mention: Mention) -> None:
        person = self.persons[index]
        if len(mention.name) + len(mention.honorific) > len(person.name) + len(person.honorific):
            have, wanted = person.name_key(), tuple(key(t) for t in mention.name.split())
            # a fuller form of the same name («اسماعیل هنیه» for «هنیه»), not «اسحاقی تعداد مسافران …»
            if not have or (wanted[-1:] == have[-1:] and len(wanted) <= 5):
                person.name = mention.name
            if len(mention.honorific) >= len(person.honorific):
                person.honorific = mention.honorific
        if mention.role and len(mention.role) > len(person.role):
            person.role = mention.role
