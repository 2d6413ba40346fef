"""Speaker mentions and who they refer to: «حضرت آیت‌الله خامنه‌ای رهبر معظم انقلاب», «رهبر انقلاب», «ایشان».

A mention is cut into honorific («حضرت آیت‌الله», «آقای»), name («خامنه‌ای») and role («رهبر معظم انقلاب
اسلامی») using the title list in ``lang/fa/titles.txt``. A :class:`People` registry links each later mention to a
person seen before: a pronoun to the most recent person whose verb number agrees (honorific plural «گفتند» vs
«گفت»), a bare title to the person who held that role, a surname to the full name. Each person's canonical form
is the fullest «honorific + name» written in the document, or the role when the person is never named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from dabir.lang.fa.titles import read_titles

ZWNJ = "\u200c"
PRONOUNS = frozenset({"وی", "ایشان", "او", "نامبرده", "ايشان"})
#: Pronouns that are themselves honorific: they prefer a speaker of plural («گفتند») verbs.
HONORIFIC_PRONOUNS = frozenset({"ایشان"})
#: Words that end the speaker phrase at the start of a clause («X با اشاره به …», «X عصر امروز در …»).
STOP_WORDS = frozenset(
    [
        "با",
        "در",
        "ضمن",
        "طی",
        "هنگام",
        "به",
        "از",
        "روز",
        "امروز",
        "امشب",
        "دیروز",
        "پریروز",
        "عصر",
        "صبح",
        "ظهر",
        "شب",
        "بامداد",
        "پس",
        "پیش",
        "قبل",
        "بعد",
        "که",
        "را",
        "نیز",
        "همچنین",
        "هم",
        "خطاب",
        "درباره",
        "پیرامون",
        "برای",
        "بر",
        "تا",
        "اخیرا",
        "اخیراً",
        "سپس",
        "ضمنا",
        "ضمناً",
        "پیشتر",
        "اکنون",
        "هفته",
        "ماه",
        "سال",
        "شنبه",
        "یکشنبه",
        "دوشنبه",
        "سه\u200cشنبه",
        "سه",
        "شنبه",
        "چهارشنبه",
        "پنجشنبه",
        "پنج\u200cشنبه",
        "جمعه",
        "ابتدا",
        "نخست",
        "همچنان",
        "بار",
        "دوباره",
        "مجددا",
        "مجدداً",
        "ضمن",
        "درخصوص",
        "طبق",
        "براساس",
        "اما",
    ]
)
#: Nouns that, after «این», refer back to a speaker («این منابع همچنین تأکید کردند»).
ANAPHOR_NOUNS = frozenset(
    [
        "منابع",
        "منبع",
        "مقام",
        "مقامات",
        "مسئول",
        "مسؤول",
        "فعال",
        "کارشناس",
        "نماینده",
        "مدیر",
        "وزیر",
        "سخنگو",
        "ستاد",
        "بیانیه",
        "اطلاعیه",
        "پیام",
        "نامه",
        "نشریه",
        "روزنامه",
        "مربی",
        "بازیکن",
        "استاد",
        "مقام‌",
        "چهره",
    ]
)
#: Mentions that are never speakers even though they sit before a speech verb.
NOT_SPEAKERS = frozenset(
    ["بسیاری", "تنها", "چند", "برخی", "بعضی", "همه", "هر", "کسی", "چه"]
    + [
        "این",
        "آن",
        "آنها",
        "اینها",
        "گزارش",
        "بیانیه",
        "اطلاعیه",
        "متن",
        "نامه",
        "خبر",
        "ما",
        "من",
        "شما",
        "تو",
    ]
)


def key(word: str) -> str:
    """A spelling-insensitive key: no ZWNJ/spaces/diacritics, Persian letters, «أ» as «ا»."""
    word = re.sub("[\u064b-\u065f\u0670«»\"'()]", "", word)
    return (
        word.replace(ZWNJ, "")
        .replace(" ", "")
        .replace("ي", "ی")
        .replace("ى", "ی")
        .replace("ك", "ک")
        .replace("أ", "ا")
        .replace("ة", "ه")
        .replace("ۀ", "ه")
    )


def _read(path: str) -> list[tuple[str, str]]:
    try:
        text = resources.files("dabir.lang.fa").joinpath(path).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return []
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            rows.append((parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return rows


@dataclass(frozen=True)
class Titles:
    """Title phrases as tuples of token keys, by kind."""

    honorific: frozenset[tuple[str, ...]]
    office: frozenset[tuple[str, ...]]
    first_names: frozenset[str]
    longest: int


@lru_cache(maxsize=1)
def titles() -> Titles:
    """The title list (``lang/fa/titles.txt``) and the entity tagger's first names, when present."""
    honorific: set[tuple[str, ...]] = set()
    office: set[tuple[str, ...]] = set()
    for phrase, kind, _ in read_titles():
        tokens = tuple(key(t) for t in phrase.split())
        (office if kind == "office" else honorific).add(tokens)
        if ZWNJ in phrase or " " in phrase:  # «آیت‌الله» may be written «آیت الله»
            split = tuple(key(t) for t in re.split(f"[ {ZWNJ}]", phrase))
            (office if kind == "office" else honorific).add(split)
    places = {key(name) for file in ("ner/countries.txt", "ner/places_iran.txt") for name, _ in _read(file)}
    # «ایران» is a first name too, but «مدیر عامل ایران خودرو» names a company
    names = frozenset(key(name) for name, _ in _read("ner/first_names.txt")) - places - {"ایران"}
    longest = max(len(t) for t in honorific | office)
    return Titles(frozenset(honorific), frozenset(office), names, longest)


def _starts_name(tokens: list[str], j: int, table: Titles) -> bool:
    rest = [key(t) for t in tokens[j:]]
    return rest[0] in table.first_names and 2 <= len(rest) <= 4 and not set(rest) & {"و", "در", "به", "از"}


def _office_start(tokens: list[str], i: int, table: Titles) -> bool:
    """Does an office phrase start at token ``i`` («رئیس …», or «یک کارشناس» joined as one token)?"""
    head = tokens[i].split(" ")
    if len(head) == 2:
        return bool(phrase_at([head[1]], 0, table.office, table.longest))
    return bool(phrase_at(tokens, i, table.office, table.longest))


def phrase_at(tokens: list[str], i: int, table: frozenset[tuple[str, ...]], longest: int) -> int:
    """Length of the longest phrase of ``table`` starting at token ``i`` (0 if none)."""
    for n in range(min(longest, len(tokens) - i), 0, -1):
        if tuple(key(t) for t in tokens[i : i + n]) in table:
            return n
    return 0


@dataclass
class Mention:
    """A speaker phrase as written, cut into its parts (each a string, possibly empty)."""

    text: str
    start: int
    end: int
    honorific: str = ""
    name: str = ""
    role: str = ""

    @property
    def pronoun(self) -> bool:
        return key(self.text) in {key(p) for p in PRONOUNS} or self.anaphor

    @property
    def anaphor(self) -> bool:
        """«این منابع», «این مقام», «این فعال دانشجویی»: a definite description pointing back."""
        words = self.text.split()
        return len(words) >= 2 and key(words[0]) in {"این", "آن"} and key(words[1]) in ANAPHOR_NOUNS


def parse_mention(text: str, start: int, end: int) -> Mention:
    """Cut ``text[start:end]`` into honorific, name and role.

    >>> m = parse_mention("آقای «اسماعیل هنیه» رئیس دفتر سیاسی حماس", 0, 40)
    >>> (m.honorific, m.name, m.role)
    ('آقای', 'اسماعیل هنیه', 'رئیس دفتر سیاسی حماس')
    """
    table = titles()
    phrase = text[start:end]
    tokens = [t.strip("«»\"'،,") for t in phrase.split()]
    tokens = [t for t in tokens if t]
    mention = Mention(phrase, start, end)
    i = 0
    honor: list[str] = []
    while i < len(tokens):
        n = phrase_at(tokens, i, table.honorific, table.longest)
        if not n or phrase_at(tokens, i, table.office, table.longest) > n:
            break  # «امام جمعه …» is an office, not the honorific «امام»
        honor += tokens[i : i + n]
        i += n
    name: list[str] = []
    role: list[str] = []
    if i < len(tokens) - 2 and key(tokens[i]) == "یکی" and tokens[i + 1] == "از":
        mention.role = " ".join(tokens[i:])  # «یکی از مقامات کویتی»
        return mention
    determiner = i < len(tokens) - 1 and key(tokens[i]) in {"یک", "یکی", "دو", "سه", "چند"}
    if determiner and phrase_at(tokens, i + 1, table.office, table.longest):
        tokens = tokens[:i] + [f"{tokens[i]} {tokens[i + 1]}"] + tokens[i + 2 :]
    if i < len(tokens) and _office_start(tokens, i, table) and not honor:
        # role first: «سخنگوی وزارت امور خارجه ناصر کنعانی»: the name starts at a known first name
        j = i
        while j < len(tokens) - 1 and not _starts_name(tokens, j, table):
            j += 1  # a first name followed by a surname or two
        if j >= len(tokens) - 1:
            j = len(tokens)
        role, name = tokens[i:j], tokens[j:]
    else:
        j = i
        while j < len(tokens) and not phrase_at(tokens, j, table.office, table.longest):
            j += 1
        name, role = tokens[i:j], tokens[j:]
    mention.honorific = " ".join(honor)
    mention.name = " ".join(name)
    mention.role = " ".join(role)
    if not name and not role and honor:  # «حضرت امام» alone: the honorific is the name
        mention.name, mention.honorific = mention.honorific, ""
    return mention


@dataclass
class Person:
    honorific: str = ""
    name: str = ""
    role: str = ""
    plural_votes: int = 0
    singular_votes: int = 0
    forms: list[str] = field(default_factory=list)

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
        return {key(t) for t in self.role.split()} - {"معظم", "محترم"}


def _joint(role: str) -> bool:
    """«رییس دیوان عالی کشور و دادستان کل کشور»: two offices, so two people, not one to name later."""
    tokens = role.split()
    table = titles()
    return any(
        t == "و" and phrase_at(tokens, i + 1, table.office, table.longest) for i, t in enumerate(tokens)
    )


def _same_role(one: set[str], other: set[str]) -> bool:
    return bool(one and other) and (one <= other or other <= one)


@dataclass
class People:
    """The people met so far in a document, most recent speaker last."""

    persons: list[Person] = field(default_factory=list)
    recent: list[int] = field(default_factory=list)
    lead: Mention | None = None

    def _touch(self, index: int, plural: bool) -> Person:
        person = self.persons[index]
        if plural:
            person.plural_votes += 1
        else:
            person.singular_votes += 1
        if index in self.recent:
            self.recent.remove(index)
        self.recent.append(index)
        return person

    def resolve(self, mention: Mention, plural: bool, same_as_lead: bool = False) -> tuple[int, str | None]:
        """Index of the person ``mention`` refers to, and what was resolved (pronoun/title) if any."""
        if mention.anaphor and self.recent:
            noun = key(mention.text.split()[1])
            for index in reversed(self.recent):
                person = self.persons[index]
                if noun in {key(t) for t in (person.role + " " + person.name).split()}:
                    self._touch(index, plural)
                    return index, mention.text
            index = self.recent[-1]
            self._touch(index, plural)
            return index, mention.text
        if mention.pronoun:
            if not self.recent:
                if self.lead is not None:  # the report's opening subject
                    lead = Person(self.lead.honorific, self.lead.name, self.lead.role)
                    return self._new(lead, plural), mention.text
                return self._new(Person(), plural), None
            want_plural = plural or key(mention.text) in HONORIFIC_PRONOUNS
            for index in reversed(self.recent):
                if self.persons[index].honorific_plural == want_plural:
                    self._touch(index, plural)
                    return index, mention.text
            index = self.recent[-1]
            self._touch(index, plural)
            return index, mention.text
        if mention.name:
            wanted = tuple(key(t) for t in mention.name.split())
            for index in reversed(self.recent or range(len(self.persons))):
                have = self.persons[index].name_key()
                if have and (have == wanted or have[-1] == wanted[-1] or have[-1] == wanted[0]):
                    self._merge(index, mention)
                    self._touch(index, plural)
                    return index, None
            wanted_role = {key(t) for t in mention.role.split()} - {"معظم", "محترم"}
            for index in reversed(self.recent):
                person = self.persons[index]
                if not person.name and wanted_role and _same_role(wanted_role, person.role_keys()):
                    self._merge(index, mention)  # «رئیس اتاق …» in the lead is «سیدمهدی طبیب‌زاده رئیس اتاق …»
                    self._touch(index, plural)
                    return index, None
            unnamed = [i for i in self.recent if not self.persons[i].name and self.persons[i].role]
            unnamed = [i for i in unnamed if not _joint(self.persons[i].role)]
            if same_as_lead or (len(unnamed) == 1 and len(self.persons) == 1 and not mention.role):
                for index in reversed(self.recent):
                    if not self.persons[index].name and self.persons[index].role:
                        self._merge(index, mention)
                        self._touch(index, plural)
                        return index, None
            return self._new(Person(mention.honorific, mention.name, mention.role), plural), None
        if mention.role:
            wanted_role = {key(t) for t in mention.role.split()} - {"معظم", "محترم"}
            for index in reversed(self.recent):
                have_role = self.persons[index].role_keys()
                if _same_role(wanted_role, have_role) and (
                    wanted_role == have_role or not _joint(self.persons[index].role)
                ):
                    self._touch(index, plural)
                    return index, mention.text
            named = [i for i in self.recent if self.persons[i].name and not self.persons[i].role]
            if len(self.persons) == 1 and len(named) == 1:
                # «هاشمی رفسنجانی … گفت» then «رئیس مجمع تشخیص مصلحت نظام … افزود»: the same person by title
                self.persons[named[0]].role = mention.role
                self._touch(named[0], plural)
                return named[0], mention.text
            return self._new(Person(mention.honorific, "", mention.role), plural), None
        return self._new(Person(mention.honorific, mention.text), plural), None

    def knows(self, surname: str) -> bool:
        """Has a person with this surname been met?"""
        return any(person.name_key()[-1:] == (key(surname),) for person in self.persons)

    def _new(self, person: Person, plural: bool) -> int:
        self.persons.append(person)
        index = len(self.persons) - 1
        self._touch(index, plural)
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
