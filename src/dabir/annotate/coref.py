"""Speaker mentions and who they refer to: «حضرت آیت‌الله خامنه‌ای رهبر معظم انقلاب», «رهبر انقلاب», «ایشان».

A mention is cut into honorific («حضرت آیت‌الله», «آقای»), name («خامنه‌ای») and role («رهبر معظم انقلاب
اسلامی») using the title list in ``lang/fa/titles.txt``. A :class:`People` registry links each later mention to a
person seen before: a pronoun to the most recent person whose verb number agrees (honorific plural «گفتند» vs
«گفت»), a bare title to the person who held that role, a surname to the full name. Each person's canonical form
is the fullest «honorific + name» written in the document, or the role when the person is never named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dabir.lang.fa.titles import read_titles

ZWNJ = "\u200c"


def read_sections(name: str) -> dict[str, list[str]]:
    """The lines of ``lang/fa/statements/<name>`` under each ``[section]`` heading (comments and blank lines
    skipped, lines kept as written); lines before the first heading go under ``""``. One reader for the
    statement grammar's data files."""
    text = resources.files("dabir.lang.fa").joinpath("statements", name).read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def _speaker_words() -> dict[str, list[str]]:
    """The word classes of ``lang/fa/statements/speaker_words.txt``, by section."""
    return {
        name: [word.strip() for word in words] for name, words in read_sections("speaker_words.txt").items()
    }


_WORDS = _speaker_words()
PRONOUNS = frozenset(_WORDS["pronoun"])
#: Pronouns that are themselves honorific: they prefer a speaker of plural («گفتند») verbs.
HONORIFIC_PRONOUNS = frozenset(_WORDS["honorific_pronoun"])
#: Words that end the speaker phrase at the start of a clause («X با اشاره به …», «X عصر امروز در …»).
STOP_WORDS = frozenset(_WORDS["stop"])
#: Words that end the speaker phrase after its first word: an object starts («… این وضعیت را … توصیف کرد»).
OBJECT_START = frozenset(_WORDS["object_start"])
#: Nouns that, after «این», refer back to a speaker («این منابع همچنین تأکید کردند»).
ANAPHOR_NOUNS = frozenset(_WORDS["anaphor_noun"])
#: Heads of an adjunct after «در» («در نشست خبری», «در گفت‌وگو با …»), which ends a role phrase.
ADJUNCT_HEADS = frozenset(_WORDS["adjunct_head"])
#: Mentions that are never speakers even though they sit before a speech verb.
NOT_SPEAKERS = frozenset(_WORDS["not_speaker"])


_MARKS = re.compile("[\u064b-\u065f\u0670\u0640«»\"'()]")  # diacritics, tatweel, quote marks


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """A spelling-insensitive key: no ZWNJ/spaces/diacritics, Persian letters, «أ» as «ا»."""
    word = _MARKS.sub("", word)
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
