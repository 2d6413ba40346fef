"""Speaker phrases: where a clause's subject starts and ends, and who a report opens with.

Persian news puts the speaker first («حضرت آیت‌الله خامنه‌ای رهبر معظم انقلاب اسلامی عصر امروز در دیدار … گفتند:»),
after framing («به گزارش فارس،», «در این دیدار»), and ends it at the first adjunct word («با», «در», «عصر»…).
"""

from __future__ import annotations

import re
from itertools import islice

from dabir.annotate.coref import (
    ADJUNCT_HEADS,
    ANAPHOR_NOUNS,
    NOT_SPEAKERS,
    OBJECT_START,
    PRONOUNS,
    STOP_WORDS,
    Mention,
    key,
    parse_mention,
    phrase_at,
    read_sections,
    titles,
)


def _frame_pattern() -> re.Pattern[str]:
    """The framing grammar of ``lang/fa/statements/frames.txt``: closed frames, then open words + optional comma."""
    sections = read_sections("frames.txt")
    closed = "|".join(sections["closed"])
    opened = "|".join(sections["open"])
    return re.compile(f"(?:{closed}|(?:{opened})(?![\\w\u200c])\\s*،?\\s*)")


#: Framing that may open a clause before the speaker: «به گزارش فارس،», «در این دیدار», «همچنین».
FRAME = _frame_pattern()


#: Adjuncts glued to the next word in damaged text: «عصرامروز», «درحاشیه».
GLUED_ADJUNCT = re.compile(r"(?:صبح|عصر|ظهر|شب)(?:امروز|دیروز|گذشته)$|در(?:حاشیه|جمع|جلسه|نشست|مراسم|دیدار)")


PRONOUN_KEYS = frozenset(key(p) for p in PRONOUNS)


def skip_frame(text: str, start: int, limit: int) -> int:
    position = start
    while position < limit:
        while position < limit and not (text[position].isalpha() or text[position].isdigit()):
            position += 1  # spaces, quote marks, bullets and emoji («🔻علی کریمی»)
        match = FRAME.match(text, position, limit)
        if not match or match.end() == position:
            break
        position = match.end()
    return position


TOKEN = re.compile(r"\S+")
#: A colon this early in a clause ends a headline's topic, not a speaker phrase.
HEADLINE_WORDS = 8
#: Words of a clause read for its speaker phrase (a phrase has at most 14; the rest look ahead a few words).
MAX_PHRASE_TOKENS = 40


def mention_before(text: str, start: int, limit: int) -> Mention | None:
    """The speaker phrase opening the clause ``text[start:limit]``, up to the first stop word."""
    start = skip_frame(text, start, limit)
    end = start
    # a speaker phrase is short: only its first words are read (a ceiling for one huge sentence)
    tokens = list(islice(TOKEN.finditer(text, start, limit), MAX_PHRASE_TOKENS))
    office_first = bool(tokens) and bool(phrase_at([tokens[0].group(0)], 0, titles().office, 1))
    for position, token in enumerate(tokens):
        word = token.group(0)
        bare = word.strip("«»\"'")
        if bare == "در" and office_first and _role_goes_on(tokens, position):
            end = token.end()
            continue  # «نماینده ایران در سازمان ملل گفت»: «در …» belongs to the role
        if bare == "از" and position == 1 and key(tokens[0].group(0)) == "یکی":
            end = token.end()
            continue  # «یکی از مقامات کویتی اعلام کرد»
        if (
            bare in STOP_WORDS
            and position
            and phrase_at([tokens[position - 1].group(0), word], 0, titles().office, 2) == 2
        ):
            end = token.end()
            continue  # «امام جمعه دلوار»: «جمعه» is part of the office here
        if word.endswith((":", "：")) and position < HEADLINE_WORDS:
            start = (
                token.end()
            )  # «سقوط هواپیمای میکرونزی: شرکت هواپیمایی نیوگینی اعلام کرد»: a headline's topic
            end = start
            continue
        if (
            bare in STOP_WORDS
            or (position and bare in OBJECT_START)
            or word[0] in "،,:(؛"
            or re.match(r"[\d۰-۹]", bare)
            or GLUED_ADJUNCT.match(bare)
        ):
            break
        if "«" in word and end > start and not word.startswith("«"):
            break  # «جشنواره«زنان …»»: an event's name, not the speaker
        if word.endswith(("،", ",")):
            if office_first and _list_goes_on(tokens, position):
                end = token.end()
                continue  # «وزیر صنعت، معدن و تجارت گفت»
            end = token.end() - 1
            apposition = _apposition_end(tokens, position) if not office_first else None
            if apposition is not None:
                end = tokens[apposition].end() - 1  # «رضا کریمی، مدیرعامل شرکت آب،»: the role too
            break
        end = token.end()
        if position == 1 and key(tokens[0].group(0)) in {"این", "آن"} and key(bare) in ANAPHOR_NOUNS:
            break  # «این روزنامه دولت … را … عنوان کرد»: the anaphor is the whole subject
        if end - start == len(word) and key(bare) in PRONOUN_KEYS:
            break  # «وی مهم‌ترین تحول … را … خواند»: the pronoun is the whole subject
    if end <= start:
        return None
    phrase = text[start:end]
    first = key(phrase.split()[0])
    if len(phrase.split()) > 14 or (
        first in {key(w) for w in NOT_SPEAKERS} and not parse_mention(text, start, end).anaphor
    ):
        return None
    return parse_mention(text, start, end)


def _adjunct_head(word: str) -> bool:
    """«نشست», «بیانیه‌ای», «پیامی», «توییتی»: an adjunct's head, bare or with the indefinite «ی/‌ای»."""
    if word in ADJUNCT_HEADS:
        return True
    for ending in ("\u200cای", "ای", "ی"):
        if word.endswith(ending) and word[: -len(ending)] in ADJUNCT_HEADS:
            return True
    return False


def _role_goes_on(tokens: list[re.Match[str]], position: int) -> bool:
    """Is «در» at ``position`` part of a role («در مجلس شورای اسلامی») rather than an adjunct?"""
    following = [t.group(0) for t in tokens[position + 1 : position + 5]]
    if not following or _adjunct_head(following[0]) or following[0] in STOP_WORDS:
        return False
    # the role's place is short: it ends at the verb or at the next adjunct within three words
    rest = following[1:]
    return len(following) < 4 or any(word in STOP_WORDS for word in rest)


class FullerNames:
    """The fullest form of each surname in one report («حسینی» → «سید جمال‌الدین حسینی»): first names and
    honorifics written right before the same word elsewhere. Built once per document and cached per surname, so
    a report of n mentions costs O(n) (it searched the whole text for every statement before)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions: dict[str, list[int]] = {}
        for match in re.finditer(r"[^\s«»\"،,.:؛!؟()]+", text):
            self.positions.setdefault(key(match.group(0)), []).append(match.start())
        self.cache: dict[str, tuple[str, str] | None] = {}

    def __call__(self, mention: Mention) -> tuple[str, str] | None:
        surname = key(mention.name)
        if surname not in self.cache:
            self.cache[surname] = self._find(surname)
        return self.cache[surname]

    def _find(self, surname: str) -> tuple[str, str] | None:
        table = titles()
        best: list[str] = []
        for position in self.positions.get(surname, [])[:MAX_SURNAME_OCCURRENCES]:
            taken: list[str] = []
            for word in reversed(self.text[max(0, position - 80) : position].split()[-4:]):
                word = word.strip('«»"')
                if word.endswith(("،", ",")) or not word:
                    break
                honorific = phrase_at([word], 0, table.honorific, 1)
                if (
                    key(word) in table.first_names
                    or honorific
                    or word.endswith(("‌الدین", "الدین", "‌الله", "الله"))
                ):
                    taken.insert(0, word)
                else:
                    break
            if len(taken) > len(best):
                best = taken
        if not best:
            return None
        honor = []
        while best and phrase_at([best[0]], 0, table.honorific, 1) and key(best[0]) not in table.first_names:
            honor.append(best.pop(0))
        if not best and not honor:
            return None
        surname_as_written = self.text[self.positions[surname][0] :].split()[0].strip('«»"،,.:')
        return " ".join(honor), " ".join([*best, surname_as_written])


#: A surname's fuller form is looked for in its first occurrences only (a ceiling for hostile input).
MAX_SURNAME_OCCURRENCES = 50


def _apposition_end(tokens: list[re.Match[str]], comma_at: int) -> int | None:
    """«X، مدیرعامل شرکت آب منطقه‌ای، نیز گفت»: the token that closes an office phrase set off by commas after a
    name, or None when no office phrase follows the comma."""
    following = tokens[comma_at + 1 : comma_at + 1 + MAX_APPOSITION]
    if not following or not phrase_at([following[0].group(0)], 0, titles().office, 1):
        return None
    for index, token in enumerate(following):
        if token.group(0).endswith(("،", ",")):
            return comma_at + 1 + index
    return None


#: Words an apposition («، معاون وزیر نیرو،») may have, at most.
MAX_APPOSITION = 10


def _list_goes_on(tokens: list[re.Match[str]], position: int) -> bool:
    """After «صنعت،» in a role: does a short list «معدن و تجارت» follow (a comma, 1–2 words, «و», a word)?"""
    following = [t.group(0) for t in tokens[position + 1 : position + 5]]
    for index, word in enumerate(following[:3]):
        if word in STOP_WORDS or word.endswith(("،", ",")) and index > 1:
            return False
        if word == "و":
            return index > 0 and index + 1 < len(following) and following[index + 1] not in STOP_WORDS
    return False


def previous_subject(text: str, sentences: list[tuple[int, int]], before: int) -> Mention | None:
    """The nearest earlier sentence subject that is a titled person («حجت‌الاسلام مرتضی فلاح … خبر داد.»):
    what «وی افزود» refers to when no statement has named anyone yet."""
    for start, end in reversed([span for span in sentences if span[1] <= before]):
        if not text[start:end].strip():
            continue
        mention = mention_before(text, start, end)
        if mention is not None and not mention.pronoun and (mention.role or mention.honorific):
            return mention
    return None


def mention_after_content(text: str, separator: int, verb_start: int) -> Mention | None:
    """The speaker between a content and its verb: «…، X گفت.»"""
    start = separator
    while start < verb_start and text[start] in ' ،,»"\u200c':
        start += 1
    phrase = text[start:verb_start].strip()
    if not phrase or len(phrase.split()) > 10:
        return None
    mention = mention_before(text, start, start + len(phrase))
    if mention is None or mention.end != start + len(phrase):
        return None  # «… وی پی ان تاکید کرد»: the whole phrase must be the speaker
    return mention


def is_speakerish(mention: Mention | None, people: list[str]) -> bool:
    """Is this phrase plausibly a person (pronoun, title, office, or a name already seen)?"""
    if mention is None:
        return False
    if mention.pronoun or mention.honorific or mention.role:
        return True
    return bool(mention.name) and any(
        key(mention.name.split()[-1]) == key(p.split()[-1]) for p in people if p
    )


ADVERB = re.compile(
    r"\s*(?:همچنین|هم‌چنین|نیز|سپس|در ادامه|در پایان|امروز|دیروز|امشب|اخیرا|اخیراً"
    r"|(?:صبح|عصر|ظهر|شب|بامداد|بعدازظهر|بعد از ظهر)(?: امروز| دیروز| گذشته)?|روز \S+)(?=\s)"
)


ADJUNCT_START = re.compile(r"\s*(?:با|ضمن|در|طی|پس از|بعد از|هنگام|به دنبال|ضمن)\s")


def object_start(text: str, start: int, verb_start: int) -> int:
    """Where «Y را Z» begins before an evaluative verb: after the speaker, a last comma, and adverbs."""
    ra = text.find(" را ", start, verb_start)
    if ra < 0:
        return start
    last_ra = text.rfind(" را ", start, verb_start)
    if last_ra != ra:
        comma = max(text.rfind("،", start, last_ra), text.rfind(",", start, last_ra))
        if comma > ra:  # «… را مورد اشاره قرار داده، رویه … را مطلوب ارزیابی کرد»
            start, ra = comma + 1, last_ra
    begin = start
    while True:
        adverb = ADVERB.match(text, begin, ra)
        if not adverb:
            break
        begin = adverb.end()
    if ADJUNCT_START.match(text, begin, ra):
        # «X با اشاره به …، Y را …»: the adjunct ends at its first comma; later commas are in the object
        comma = min((i for i in (text.find("،", begin, ra), text.find(",", begin, ra)) if i >= 0), default=-1)
        begin = comma + 1 if comma >= 0 else begin
    while True:
        adverb = ADVERB.match(text, begin, ra)
        if not adverb:
            break
        begin = adverb.end()
    while begin < ra and text[begin] in " \u200c":
        begin += 1
    return begin


def lead_subject(text: str, paragraphs: list[tuple[int, int]]) -> Mention | None:
    """The person a report opens with («اولف کارلسون، پزشک ورزشی …، زلاتان را … متهم کرد.»), if it is one:
    «او گفت» later refers to them even when the lead itself has no speech verb."""
    for start, end in paragraphs:
        if text[start:end].strip():
            mention = mention_before(text, start, end)
            if mention is None or mention.pronoun:
                return None
            if mention.role or mention.honorific:
                return mention
            apposition = re.match(r"\s*[،,]\s*(\S+)", text[mention.end : end])
            if mention.name and apposition and phrase_at([apposition.group(1)], 0, titles().office, 1):
                return mention
            return None
    return None
