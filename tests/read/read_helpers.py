"""Shared helpers for the reader tests: the comparison the issue asks for (after repair, up to whitespace/ZWNJ)."""

from __future__ import annotations

import re

from dabir.repair import repair

_SPACE = re.compile(r"\s+")


def comparable(text: str) -> str:
    """Repaired text with ZWNJ dropped and all whitespace folded to one space."""
    repaired = repair(text).text
    return _SPACE.sub(" ", repaired.replace("\u200c", " ")).strip()


def first_line(text: str) -> str:
    """The first non-blank line (the headline of a news report), compared the same way."""
    return comparable(next(line for line in text.splitlines() if line.strip()))


def to_cp1256(text: str) -> bytes:
    """Persian text as old Windows software saved it: Windows-1256 has no «ی» (U+06CC), it wrote «ي»."""
    return text.replace("\u06cc", "\u064a").encode("cp1256")
