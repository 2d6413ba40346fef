"""Character rules: letter forms, presentation forms, invisible marks, digits, punctuation and spacing.

Every rule is a pure function ``(text, options) -> list[Edit]``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from dabir.lang.fa.script import ARABIC_LETTER_FORMS, ZWNJ, fold_letters, joins_forward
from dabir.repair.edits import Edit
from dabir.repair.options import RepairOptions

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

INVISIBLE = {
    "\ufeff": "",  # BOM / zero-width no-break space
    "\u200b": "",  # zero-width space
    "\u00ad": "",  # soft hyphen
    "\u200e": "",  # left-to-right mark
    "\u200f": "",  # right-to-left mark
    "\u202a": "",  # bidi embeddings and overrides (PDF and web leftovers)
    "\u202b": "",
    "\u202c": "",
    "\u202d": "",
    "\u202e": "",
    "\u2066": "",
    "\u2067": "",
    "\u2068": "",
    "\u2069": "",
    "\u00a0": " ",  # no-break space
    "\u2009": " ",
    "\u202f": " ",
    "\u3000": " ",
}

#: Marks that stand for a half-space when typed between two Persian letters.
HALF_SPACE_STAND_INS = {"\u200e", "\u200f", "\u200b"}

DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670"

# Ligatures whose expansion changes content (religious formulas); kept unless asked for.
CONTENT_LIGATURES = {"\ufdfa", "\ufdfb", "\ufdfd", "\ufdf2"}

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")
# One edit per word, not per letter («ميكرد» -> «میکرد» reads as one change): a run of word characters
# (Arabic block letters and marks, ZWNJ), possibly empty, widens each Arabic letter to its word.
_WORD_RUN = re.compile("[\u0621-\u06ff\u200c]*")
# Cheap gates: a plain character class is scanned fast; the fuller patterns run only where it finds something.
_ARABIC_CHAR = re.compile("[" + "".join(ARABIC_LETTER_FORMS) + "]")
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")
# A tatweel before spaces or a ZWNJ and a letter or mark goes too, so that «ـ ،» and «ـ‌۱» stay stable once
# the space or ZWNJ is removed by a later rule.
_KASHIDA = re.compile("(?<=[\u0600-\u06ff])\u200c*\u0640+|\u0640+(?=[ \t\u200c]*[\u0600-\u06ff])")
_BEFORE_STRAY = re.compile(r"[\s\d.,،؛:!؟?«»()]")
_ANY_DIACRITIC = re.compile(f"[{DIACRITICS}]+")
_ARABIC_DIGIT = re.compile(f"[{ARABIC_DIGITS}]+")
_PERSIAN_OR_ARABIC_DIGIT = re.compile(f"[{ARABIC_DIGITS}{PERSIAN_DIGITS}]+")
_LATIN_DIGIT = re.compile(r"(?<![A-Za-z_\-/:.])[0-9]+(?![A-Za-z_])")

_FA = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"  # letters only
# Latin marks that may stand for Persian ones between Persian words: «سلام, دنیا» -> «سلام، دنیا»
_LATIN_PUNCTUATION = re.compile(r'[,;?"]')
_STRAIGHT_QUOTES = re.compile(f'"([^"\\n]*[{_FA}][^"\\n]*)"')

# Spacing around punctuation: none before closing marks, one after them; none inside «» and ().
# The digit exception looks only at the character right after the mark («10 :30» keeps its space); looking
# further («(?!\S*[0-9])») made repair non-idempotent: « ،ا3» -> « ، ا3» -> «، ا3».
_SPACE_BEFORE_CLOSE = re.compile(r"[ \t]+(?=[،؛؟!:»)\]](?![0-9]))|[ \t]+(?=\.(?:\s|$))")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[«(\[])[ \t]+")
_SPACING_GATE = re.compile(r"[ \t][،؛؟!:»)\].]|[«(\[][ \t]")
_MARK_BEFORE_WORD = re.compile(f"[،؛؟!:.](?=[{_FA}«(])")
_FA_LETTER = re.compile(f"[{_FA}]")
_MULTI_SPACE = re.compile(r"[ \t]{2,}|[ \t]+(?=\n)|[ \t]+$", re.M)


def _replace_each(
    pattern: re.Pattern[str], text: str, rule: str, replace: Callable[[str], str]
) -> list[Edit]:
    edits = []
    for match in pattern.finditer(text):
        before = match.group(0)
        after = replace(before)
        if after != before:
            edits.append(Edit(match.start(), match.end(), before, after, rule))
    return edits


_CR = re.compile(r"\r\n?")


def line_endings(text: str, options: RepairOptions) -> list[Edit]:
    """Windows and old Mac line endings become ``\\n``."""
    return _replace_each(_CR, text, "line_endings", lambda s: "\n")


def invisible_marks(text: str, options: RepairOptions) -> list[Edit]:
    """Remove BOMs, zero-width spaces, soft hyphens and bidi controls; no-break spaces become spaces.

    >>> [e.after for e in invisible_marks("a\\u200bb\\u00a0c", RepairOptions())]
    ['', ' ']
    """
    edits = _replace_each(_INVISIBLE, text, "invisible_marks", lambda s: INVISIBLE[s])
    # Between two Persian letters, a direction mark or zero-width space was typed for a half-space (old
    # keyboards and CMSs: «ولی\u200eپور»); it becomes the ZWNJ, or nothing after a letter that does not join.
    for index, edit in enumerate(edits):
        if edit.before in HALF_SPACE_STAND_INS and edit.start > 0 and edit.end < len(text):
            left, right = text[edit.start - 1], text[edit.end]
            if _FA_LETTER.match(left) and _FA_LETTER.match(right) and joins_forward(left):
                edits[index] = Edit(edit.start, edit.end, edit.before, ZWNJ, "invisible_marks")
    return edits


def presentation_forms(text: str, options: RepairOptions) -> list[Edit]:
    """Expand Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF) to plain letters: «ﻣﯿﮑﺮد» -> «میکرد»."""

    def expand(run: str) -> str:
        out = []
        for char in run:
            if char in CONTENT_LIGATURES and not options.expand_ligatures:
                out.append(char)
            elif char == "\ufeff":
                out.append("")
            else:
                out.append(unicodedata.normalize("NFKC", char))
        return "".join(out)

    return _replace_each(_PRESENTATION, text, "presentation_forms", expand)


def arabic_letters(text: str, options: RepairOptions) -> list[Edit]:
    """Arabic letter forms to Persian: «ي» -> «ی», «ك» -> «ک», «ة» -> «ه»."""
    if not _ARABIC_CHAR.search(text):
        return []
    # One edit per word: find the Arabic letters, then widen each to its word with two anchored C-level
    # matches, one forward and one on the reversed text (a word-wide regex with a leading ``[...]*``
    # backtracks at every letter of the text; a Python loop over the letters was the slow part).
    edits: list[Edit] = []
    reverse = text[::-1]
    size = len(text)
    end = 0
    for match in _ARABIC_CHAR.finditer(text):
        if match.start() < end:
            continue  # another Arabic letter of the word just rewritten
        start = size - _WORD_RUN.match(reverse, size - match.start()).end()
        end = _WORD_RUN.match(text, match.end()).end()
        word = text[start:end]
        edits.append(Edit(start, end, word, fold_letters(word), "arabic_letters"))
    return edits


def kashida(text: str, options: RepairOptions) -> list[Edit]:
    """Remove tatweel (kashida) stretching: «ســـلام» -> «سلام»."""
    if "\u0640" not in text:
        return []
    return _replace_each(_KASHIDA, text, "kashida", lambda s: "")


def diacritics(text: str, options: RepairOptions) -> list[Edit]:
    """Remove stray diacritics (not on a letter); all of them when ``strip_diacritics`` is set."""
    if not _ANY_DIACRITIC.search(text):
        return []
    if options.strip_diacritics:
        return _replace_each(_ANY_DIACRITIC, text, "diacritics", lambda s: "")
    # Stray: at a line start or after a space, digit or punctuation (checked per match: a lookbehind
    # alternation at every position of the text is what made this rule slow).
    return [
        Edit(match.start(), match.end(), match.group(0), "", "diacritics")
        for match in _ANY_DIACRITIC.finditer(text)
        if match.start() == 0 or _BEFORE_STRAY.match(text[match.start() - 1])
    ]


def digits(text: str, options: RepairOptions) -> list[Edit]:
    """Unify digit scripts.

    ``persian`` (default): Arabic-Indic digits become Persian digits, Latin digits stay as written.
    ``persian-all``: Latin digits become Persian too.  ``latin``: all digits become ASCII.  ``keep``: nothing.
    """
    mode = options.digits
    if mode == "keep":
        return []
    if mode == "latin":
        table = str.maketrans(ARABIC_DIGITS + PERSIAN_DIGITS, LATIN_DIGITS * 2)
        return _replace_each(_PERSIAN_OR_ARABIC_DIGIT, text, "digits", lambda s: s.translate(table))
    table = str.maketrans(ARABIC_DIGITS, PERSIAN_DIGITS)
    edits = _replace_each(_ARABIC_DIGIT, text, "digits", lambda s: s.translate(table))
    if mode == "persian-all":
        latin = str.maketrans(LATIN_DIGITS, PERSIAN_DIGITS)
        edits += _replace_each(_LATIN_DIGIT, text, "digits", lambda s: s.translate(latin))
        edits.sort(key=lambda e: e.start)
    return edits


def punctuation(text: str, options: RepairOptions) -> list[Edit]:
    """Latin punctuation inside Persian text to Persian marks: «,» -> «،», «;» -> «؛», «?» -> «؟».

    Straight double quotes around Persian text become guillemets only with ``quotes`` set (a style change).
    """
    if not _LATIN_PUNCTUATION.search(text):
        return []
    edits = _latin_marks(text, ",", "،", needs_persian_after=True)
    edits += _latin_marks(text, ";", "؛")
    edits += _latin_marks(text, "?", "؟")
    if options.quotes:
        for match in _STRAIGHT_QUOTES.finditer(text):
            edits.append(Edit(match.start(), match.start() + 1, '"', "«", "punctuation"))
            edits.append(Edit(match.end() - 1, match.end(), '"', "»", "punctuation"))
    edits.sort(key=lambda e: e.start)
    return edits


def _latin_marks(text: str, mark: str, persian: str, needs_persian_after: bool = False) -> list[Edit]:
    """A Latin ``mark`` right after a Persian letter (spaces between allowed and taken away) becomes
    ``persian``; a comma also needs a Persian letter after it («سلام, دنیا», not «1,000»).  Marks are found
    with ``str.find``: a lookbehind regex tries every position of the text."""
    edits = []
    at = text.find(mark)
    while at >= 0:
        start = at
        while start > 0 and text[start - 1] == " ":
            start -= 1
        after = at + 1
        while needs_persian_after and after < len(text) and text[after] == " ":
            after += 1
        persian_before = start > 0 and _FA_LETTER.match(text[start - 1])
        persian_after = not needs_persian_after or (after < len(text) and _FA_LETTER.match(text[after]))
        if persian_before and persian_after:
            edits.append(Edit(start, at + 1, text[start : at + 1], persian, "punctuation"))
        at = text.find(mark, at + 1)
    return edits


def punctuation_spacing(text: str, options: RepairOptions) -> list[Edit]:
    """No space before «، ؛ ؟ ! : . »» and none after «« (».

    >>> from dabir.repair.edits import apply_edits
    >>> apply_edits("سلام ، دنیا", punctuation_spacing("سلام ، دنیا", RepairOptions()))
    'سلام، دنیا'
    """
    if not _SPACING_GATE.search(text):
        return []
    edits = _replace_each(_SPACE_BEFORE_CLOSE, text, "punctuation_spacing", lambda s: "")
    edits += _replace_each(_SPACE_AFTER_OPEN, text, "punctuation_spacing", lambda s: "")
    edits.sort(key=lambda e: (e.start, e.end))
    return _drop_overlaps(edits)


def space_after_punctuation(text: str, options: RepairOptions) -> list[Edit]:
    """One space after «، ؛ ؟ ! : .» when a word follows at once: «یافت.سپس» -> «یافت. سپس».

    «:» only after a word or a closing mark; «.» only after a word of two or more letters and before a word
    of two or more letters, so «ج.ا.ا.» and «ه.ش» stay tight.  Runs after ``punctuation_spacing`` so that a
    mark it has pulled to its word gets its space in the same pass.
    """
    edits = []
    for match in _MARK_BEFORE_WORD.finditer(text):
        mark, at = match.group(0), match.start()
        if mark == ":":
            if not at or not (_FA_LETTER.match(text[at - 1]) or text[at - 1] in "»)"):
                continue
        elif mark == ".":
            if at < 2 or not (_FA_LETTER.match(text[at - 1]) and _FA_LETTER.match(text[at - 2])):
                continue
            following = text[at + 1 : at + 3]
            if not (
                following[:1] in ("«", "(")
                or (
                    len(following) == 2
                    and _FA_LETTER.fullmatch(following[0])
                    and _FA_LETTER.fullmatch(following[1])
                )
            ):
                continue
        edits.append(Edit(at + 1, at + 1, "", " ", "space_after_punctuation"))
    return edits


def spaces(text: str, options: RepairOptions) -> list[Edit]:
    """Runs of spaces and tabs become one space; spaces at the end of a line are removed."""
    if "  " not in text and "\t" not in text and " \n" not in text and not text.endswith(" "):
        return []
    edits = []
    for match in _MULTI_SPACE.finditer(text):
        end_of_line = match.end() == len(text) or text[match.end()] == "\n"
        after = "" if end_of_line else " "
        if match.group(0) != after:
            edits.append(Edit(match.start(), match.end(), match.group(0), after, "spaces"))
    return edits


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for edit in edits:
        if kept and (edit.start < kept[-1].end or (edit.start == kept[-1].start == edit.end)):
            continue
        kept.append(edit)
    return kept
