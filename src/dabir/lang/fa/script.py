"""Facts about the Persian script, derived once from Unicode data (not typed by hand).

A letter *joins forward* (to the letter after it) when Unicode gives it an initial or medial presentation
form; «ا د ذ ر ز ژ و آ» have none, so a ZWNJ after them is never needed and never written.

Arabic letter forms have one table here, :data:`ARABIC_LETTER_FORMS`, and one function, :func:`fold_letters`:
the repair writes it into the text, and every matcher (NER features, dates, headlines, the archive's search,
the lexicon builders) folds with it, adding its own extra folds through :func:`letter_table`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

ZWNJ = "\u200c"

#: Arabic letter forms -> the Persian letters Persian text uses.  Decided from data: the UD Persian treebanks
#: (PerDT, Seraji) contain no «ي ك ة ى» at all, while hazm's word list keeps «ة» only inside Arabic phrases;
#: «ة» in running Persian news is read «ه» (e.g. «مکة»→«مکه»).  Hamza carriers («أ», «ئ»), «آ» and «ۀ» are
#: Persian letters and are not folded here (search folds them further, see ``dabir.archive.normalise``).
ARABIC_LETTER_FORMS: Mapping[str, str] = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u06d2": "\u06cc",  # YEH BARREE -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u06aa": "\u06a9",  # SWASH KAF -> KEHEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u06c1": "\u0647",  # HEH GOAL -> HEH
    "\u06d5": "\u0647",  # AE -> HEH
    "\u06c2": "\u06c0",  # HEH GOAL WITH HAMZA -> HEH WITH YEH ABOVE
}

_LETTER_TABLE = str.maketrans(dict(ARABIC_LETTER_FORMS))


def fold_letters(text: str) -> str:
    """Arabic letter forms to the Persian letters (:data:`ARABIC_LETTER_FORMS`); nothing else changes, and the
    length stays the same, so offsets hold: «ميكرد» -> «میکرد», «مكة» -> «مکه», «ذى» -> «ذی».
    """
    return text.translate(_LETTER_TABLE)


def letter_table(extra: Mapping[str, str | None] | None = None) -> dict[int, str | None]:
    """A ``str.translate`` table doing :func:`fold_letters` and then ``extra`` in one pass (``None`` deletes).

    A matcher that folds more than the letters (marks, digits, «ۀ» -> «ه») builds its table once with this,
    so the letter part is always the same: ``letter_table({"ۀ": "ه"})`` maps «ۂ» to «ه» as well.
    """
    extra = dict(extra or {})
    table: dict[int, str | None] = {ord(source): target for source, target in extra.items()}
    for source, target in ARABIC_LETTER_FORMS.items():
        table[ord(source)] = extra.get(target, target)
    return table


def letter_variants() -> dict[str, str]:
    """Persian letter -> itself and every Arabic form :func:`fold_letters` maps to it («ی» -> «یيىے»): the
    character classes of a pattern that must find unrepaired text."""
    variants: dict[str, str] = {}
    for source, target in ARABIC_LETTER_FORMS.items():
        variants[target] = variants.get(target, target) + source
    return variants


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
