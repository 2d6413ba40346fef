"""The canonical form of a word, the one the entity tagger, its name lists and the title list compare.

Arabic «ي ك ى» become Persian «ی ک» (:func:`dabir.lang.fa.script.fold_letters`), «ۀ» becomes «ه», harakat and
kashida are dropped, digits become ``0`` and the ZWNJ is removed: «خامنه‌اي» and «خامنهای» are one form.
"""

from __future__ import annotations

import re

from dabir.lang.fa.script import ZWNJ, letter_table

#: Letters folded (``fold_letters``) and «ۀ» as «ه»; marks, ZWNJ/ZWJ dropped; digits as 0.
_CANON = letter_table(
    {
        "ۀ": "ه",
        "ـ": None,
        ZWNJ: None,
        "\u200d": None,
        **{chr(c): None for c in range(0x064B, 0x0653)},  # harakat
        "\u0670": None,
        **{d: "0" for d in "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"},
    }
)

#: A word (letters and digits, ZWNJ only inside) or one punctuation/symbol character.
TOKEN_RE = re.compile(r"[^\W_](?:[\w\u200c]*[^\W_])?|[^\w\s\u200c]|_")


def canonical(word: str) -> str:
    """The form features are computed on: «خامنه‌اي» -> «خامنهای», «۱۴۰۲» -> «0000»."""
    return word.translate(_CANON).lower()
