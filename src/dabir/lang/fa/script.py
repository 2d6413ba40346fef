"""Facts about the Persian script, derived once from Unicode data (not typed by hand).

A letter *joins forward* (to the letter after it) when Unicode gives it an initial or medial presentation
form; «ا د ذ ر ز ژ و آ» have none, so a ZWNJ after them is never needed and never written.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ZWNJ = "\u200c"
ZWJ = "\u200d"

#: Persian letters (the base block plus the Persian additions used in running text).
PERSIAN_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيپچژکگیۀ"


@lru_cache(maxsize=1)
def presentation_forms() -> dict[str, dict[str, str]]:
    """Letter (or ligature) -> its presentation form by position («isolated», «final», «initial», «medial»),
    from Unicode's decompositions of U+FB50–FDFF and U+FE70–FEFF: what a reshaper draws."""
    forms: dict[str, dict[str, str]] = {}
    for code in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) >= 2 and parts[0] in ("<isolated>", "<final>", "<initial>", "<medial>"):
            base = "".join(chr(int(part, 16)) for part in parts[1:])
            forms.setdefault(base, {}).setdefault(parts[0].strip("<>"), chr(code))
    return forms


@lru_cache(maxsize=1)
def joins_forward_letters() -> frozenset[str]:
    """Letters that connect to a following letter: those with an initial or medial presentation form."""
    letters = {
        base
        for base, kinds in presentation_forms().items()
        if len(base) == 1 and ("initial" in kinds or "medial" in kinds)
    }
    # Tatweel joins both ways; it is removed before half-space decisions but is a joiner all the same.
    letters.add("\u0640")
    return frozenset(letters)


@lru_cache(maxsize=1)
def non_joining_letters() -> frozenset[str]:
    """Persian letters that never connect forward (a ZWNJ after them is invisible and wrong)."""
    return frozenset(ch for ch in PERSIAN_LETTERS if ch not in joins_forward_letters())


def joins_forward(char: str) -> bool:
    """True when ``char`` connects to the next letter («ب», «ه», «ی»), False for «ا د ر و …» and non-letters."""
    return char in joins_forward_letters()


def is_persian_letter(char: str) -> bool:
    """True for letters of the Arabic script block used in Persian text (including Arabic forms)."""
    return "\u0621" <= char <= "\u064a" or char in "پچژکگیۀ\u06c1\u06d5\u06a9\u06cc"
