"""Compound spacing: two words a space separates that Persian writes as one closed word.

«خاطر نشان» -> «خاطرنشان», «دو دستگی» -> «دودستگی», «آزاد سازی» -> «آزادسازی».  The decision comes from the
half-space lexicon (its best form of the joined key is the closed word) unless running text shows the pair
written apart as often.  Compounds written with a ZWNJ («عقب نشینی» -> «عقب‌نشینی») are ``halfspace_spaced``'s.
"""

from __future__ import annotations

from dabir.repair.edits import Edit
from dabir.repair.halfspace import spaced_edits
from dabir.repair.options import RepairOptions


def compounds(text: str, options: RepairOptions) -> list[Edit]:
    """Close compounds written as two words: «خاطر نشان» -> «خاطرنشان», «آزاد سازی» -> «آزادسازی»."""
    return spaced_edits(text, "compounds", want_zwnj=False)


RULES = {"compounds": compounds}
