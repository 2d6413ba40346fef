"""Options of the repair engine: every field is a switch the CLI, API and config share by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DigitMode = Literal["persian", "persian-all", "latin", "keep"]


@dataclass(frozen=True)
class RepairOptions:
    """How to repair.

    ``skip`` names rules to switch off (see ``dabir repair --list-rules``).  ``digits`` chooses the digit script
    (``persian``: Arabic-Indic to Persian, Latin kept; ``persian-all``; ``latin``; ``keep``).  ``quotes`` turns
    straight quotes around Persian text into «», ``strip_diacritics`` removes all harakat (not only stray ones),
    ``expand_ligatures`` expands formula ligatures such as «ﷺ», ``layout`` may be switched off for
    sentence-per-line input.
    """

    skip: frozenset[str] = field(default_factory=frozenset)
    digits: DigitMode = "persian"
    quotes: bool = False
    strip_diacritics: bool = False
    expand_ligatures: bool = False
    layout: bool = True
