"""Snippets of the original (repaired) text around the hits, with the hit words' offsets for marking.

The index holds folded forms, not the text people read, so snippets are cut from ``Document.text`` here,
the same way for both backends: find the best-known hit with a length-preserving fold, take a window
around it, then mark every word whose search forms match the query.
"""

from __future__ import annotations

import re

from dabir.archive.normalise import _SAME_LENGTH as _LENGTH_FOLD
from dabir.archive.normalise import surface_words
from dabir.archive.query import Query

_SPACES = re.compile(r"\s")


def _anchor(text: str, query: Query) -> int:
    exact, prefixes = query.hit_forms()
    needles = sorted(exact | prefixes, key=len, reverse=True)
    folded = text.translate(_LENGTH_FOLD)
    if len(folded) != len(text):
        folded = text
    for needle in needles:
        # A joined form («میشود») as the text writes it: joined, with a half-space, or with a space.
        found = re.search("[\u200c ]?".join(map(re.escape, needle)), folded)
        if found:
            return found.start()
    return 0


def make_snippet(
    text: str, query: Query, around: int | None = None, width: int = 220
) -> tuple[str, list[tuple[int, int]]]:
    """A window of about ``width`` characters and the (start, end) of each hit word within it.

    ``around`` centres the window (e.g. on the statement a speaker filter matched); otherwise the window
    starts a little before the first occurrence of the longest query form.
    """
    if around is None:
        around = _anchor(text, query) if query.units else 0
    start = max(0, around - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 30 else end
    window = _SPACES.sub(" ", text[start:end])
    exact, prefixes = query.hit_forms()
    lead = "…" if start > 0 else ""
    highlights = [
        (word_start + len(lead), word_end + len(lead))
        for word_start, word_end, forms in surface_words(window)
        if forms & exact or any(form.startswith(prefix) for form in forms for prefix in prefixes)
    ]
    return lead + window + ("…" if end < len(text) else ""), highlights


def mark(snippet: str, highlights: list[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """The snippet with each hit wrapped in ``before``/``after`` (plain-text marking)."""
    pieces: list[str] = []
    last = 0
    for start, end in highlights:
        pieces.append(snippet[last:start] + before + snippet[start:end] + after)
        last = end
    return "".join(pieces) + snippet[last:]
