"""Half-space (ZWNJ, U+200C) rules.

``zwnj_cleanup`` removes ZWNJs that can never be right: doubled, next to a space or punctuation, or after a
letter that does not join forward («بندر‌ها» -> «بندرها»).
"""

from __future__ import annotations

import re

from dabir.lang.fa.script import ZWNJ, is_persian_letter, joins_forward, non_joining_letters
from dabir.repair.edits import Edit
from dabir.repair.options import RepairOptions

_NON_JOINING = "".join(sorted(non_joining_letters()))
_BAD_ZWNJ = re.compile(
    f"{ZWNJ}{{2,}}"  # doubled
    f"|(?<=[{_NON_JOINING}]){ZWNJ}+"  # after a letter that does not join forward
    f"|(?<=[\\s\\d.,،؛:!؟?«»()\\[\\]]){ZWNJ}+|^{ZWNJ}+"  # after a space or punctuation
    f"|{ZWNJ}+(?=[\\s\\d.,،؛:!؟?«»()\\[\\]]|$)",  # before a space or punctuation
    re.M,
)


def zwnj_cleanup(text: str, options: RepairOptions) -> list[Edit]:
    """Remove ZWNJs that are doubled, stand beside a space or punctuation, or follow a non-joining letter."""
    edits = []
    for match in _BAD_ZWNJ.finditer(text):
        before = match.group(0)
        after = ZWNJ if len(before) > 1 and match.start() > 0 and _keeps_one(text, match) else ""
        if after != before:
            edits.append(Edit(match.start(), match.end(), before, after, "zwnj_cleanup"))
    return edits


def _keeps_one(text: str, match: re.Match[str]) -> bool:
    prev_char = text[match.start() - 1]
    next_char = text[match.end()] if match.end() < len(text) else " "
    return joins_forward(prev_char) and is_persian_letter(next_char)
