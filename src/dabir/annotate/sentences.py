"""Sentences of Persian news: where «.», «!», «؟» end a sentence and where they do not.

A full stop does not end a sentence inside a number (۳.۵ درصد), after an abbreviation (ج.ا.ا.، ق.م.; the list
comes from hazm, see ``lang/fa/abbreviations.txt``) or a single-letter initial, or after a list number at the
start of a sentence («۱. »).  Terminal marks inside «…» (and “…”, (…)) do not end the sentence the quotation sits
in, so a quoted speech with several full stops stays whole; when the quotation marks of a paragraph do not
balance they are ignored rather than swallowing the rest of the paragraph.  A news dateline such as
«لندن - ایرنا:» is a sentence of its own.  «؛» and «…» do not end sentences by default: in the UD Persian dev
treebanks no sentence ends with «؛» and «…» mostly stands inside one (see ``benchmarks/sentences_bench.py``).
Sentences never cross a paragraph (a line of the repaired text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from dabir.annotate.paragraphs import find_paragraphs
from dabir.models import Document, Paragraph, Sentence

TERMINALS = frozenset(".!?؟")
#: Marks that may follow a terminal and still belong to the sentence it ends.
CLOSERS = frozenset("»”)]\"'’")
_PAIRS = {"«": "»", "“": "”", "(": ")", "[": "]"}
_OPENERS = {close: open_ for open_, close in _PAIRS.items()}
_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ffA-Za-z"
_DIGITS = "0-9۰-۹٠-٩"
#: «لندن - ایرنا:», «تکواندو آسیا - اقیانوسیه:»: a short place/agency dateline ending in a colon.
_DATELINE = re.compile(r"[^\s.!؟:«»]+(?: [^\s.!؟:«»-]+){0,2} [-–—] [^\s.!؟:«»]+(?: [^\s.!؟:«»]+){0,2}:(?=\s)")
_INITIALS = re.compile(rf"^(?:[{_LETTER}]\.)*[{_LETTER}]$")
_LIST_NUMBER = re.compile(rf"^(?:[{_DIGITS}]{{1,3}}|[{_LETTER}])$")
#: Words that carry a sentence on past a closed quotation: «…!» و …, «…؟» را …, «….» گفت.
_CONTINUES = re.compile(r"\s+(?:و|را|که|یا|گفت|افزود|نوشت|پرسید|می‌گوید|گفته|نیز|هم)(?=[\s،,.:!؟]|$)")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Abbreviations from ``lang/fa/abbreviations.txt``, without their final full stop."""
    text = resources.files("dabir.lang.fa").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().rstrip(".") for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _balanced(text: str) -> set[str]:
    """The opening marks whose pairs balance (never close before they open) in ``text``."""
    good = set()
    for open_, close in _PAIRS.items():
        depth = 0
        for char in text:
            if char == open_:
                depth += 1
            elif char == close:
                depth -= 1
                if depth < 0:
                    break
        if depth == 0:
            good.add(open_)
    if text.count('"') % 2 == 0 and '"' in text:
        good.add('"')  # straight quotes pair up in order: odd ones open, even ones close
    return good


def _word_before(text: str, start: int, dot: int) -> str:
    """The word that ends at the full stop ``text[dot]``, without opening brackets or quotes."""
    begin = dot
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:dot].lstrip("«“([\"'")


def _is_abbreviation(word: str, sentence_start: bool) -> bool:
    if not word:
        return False
    if word in abbreviations() or _INITIALS.match(word):
        return True
    # «۱. » or «الف. » opening a list item is its number, not a sentence.
    return sentence_start and bool(_LIST_NUMBER.match(word))


def split_paragraph(text: str, start: int, end: int, semicolon: bool = False) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one paragraph), as offsets into ``text``, stripped of spaces."""
    terminals = TERMINALS | {"؛"} if semicolon else TERMINALS
    tracked = _balanced(text[start:end])
    depth = {open_: 0 for open_ in tracked}
    spans: list[tuple[int, int]] = []
    sentence_start = start
    i = start
    at_start = True
    while i < end:
        if at_start:
            while i < end and text[i].isspace():
                i += 1
            at_start = False
            dateline = _DATELINE.match(text, i, end)
            if dateline and len(dateline.group(0)) <= 60:
                spans.append((i, dateline.end()))
                sentence_start = i = dateline.end()
                at_start = True
                continue
            if i == end:
                break
        char = text[i]
        if char == '"' and '"' in tracked:
            depth['"'] ^= 1
        elif char in tracked:
            depth[char] += 1
        elif char in _OPENERS and _OPENERS[char] in tracked:
            depth[_OPENERS[char]] -= 1
        if char not in terminals:
            i += 1
            continue
        # A run of terminals (؟! ...) and closing marks ends together.
        j = i + 1
        while j < end and text[j] in terminals:
            j += 1
        after = dict(depth)
        while j < end and text[j] in CLOSERS:
            close = text[j]
            if close == '"' and '"' in tracked:
                if not after['"']:
                    break  # an opening straight quote belongs to what follows
                after['"'] = 0
            elif close in _OPENERS and _OPENERS[close] in tracked:
                after[_OPENERS[close]] -= 1
            j += 1
        ends = j == end or text[j].isspace()
        if ends and any(after.values()):
            ends = False
        if ends and char == "." and j == i + 1:
            word = _word_before(text, start, i)
            first_word = not text[sentence_start:i].strip() or text[sentence_start:i].strip() == word
            if _is_abbreviation(word, first_word):
                ends = False
        if ends and any(d > 0 for d in depth.values()) and _CONTINUES.match(text, j, end):
            ends = False  # the quotation closed, the sentence around it goes on
        if ends and text[i - 1 : i] == "(" and j > i + 1 and text[j - 1] == ")":
            ends = False  # «(!)» or «(؟)»: a remark inside the sentence
        depth = after
        if ends:
            spans.append((sentence_start, j))
            sentence_start = j
            at_start = True
        i = j
    spans.append((sentence_start, end))
    stripped = []
    for s, e in spans:
        piece = text[s:e]
        if not piece.strip():
            continue
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        stripped.append((s, e))
    return stripped


def find_sentences(
    text: str, paragraphs: list[Paragraph] | None = None, semicolon: bool = False
) -> list[Sentence]:
    """Sentences of ``text``, each tagged with the index of its paragraph."""
    if paragraphs is None:
        paragraphs = find_paragraphs(text)
    return [
        Sentence(start=s, end=e, paragraph=index)
        for index, paragraph in enumerate(paragraphs)
        for s, e in split_paragraph(text, paragraph.start, paragraph.end, semicolon)
    ]


def split(text: str, semicolon: bool = False) -> list[str]:
    """The sentences of ``text`` as strings (for benchmarks and quick use)."""
    return [text[s.start : s.end] for s in find_sentences(text, semicolon=semicolon)]


def annotate(document: Document) -> None:
    """Fill ``document.sentences`` (paragraphs first if they are missing)."""
    if not document.paragraphs:
        document.paragraphs = find_paragraphs(document.text)
    document.sentences = find_sentences(document.text, document.paragraphs)
