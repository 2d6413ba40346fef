"""Edits: the unit every repair rule returns, and the machinery that composes them.

A rule looks at a text and returns a list of :class:`Edit` (non-overlapping, sorted, offsets into the text it
was given).  The engine applies one rule's edits, then hands the new text to the next rule.  To report edits
against the *original* text, the composed list is kept as non-overlapping edits on the original: an edit of a
later rule that touches an earlier edit is merged with it (its rule name becomes ``"a+b"``), so that applying
the composed edits to the original always reproduces the repaired text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (which reads ``before``) with ``after``; ``rule`` names who decided.

    ``source`` optionally names the lexicon entry or pattern that decided the edit.
    """

    start: int
    end: int
    before: str
    after: str
    rule: str
    source: str = ""

    def as_dict(self) -> dict:
        data = {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "rule": self.rule,
        }
        if self.source:
            data["source"] = self.source
        return data


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``.

    >>> apply_edits("abc", [Edit(1, 2, "b", "X", "demo")])
    'aXc'
    """
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.after)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def check_edits(text: str, edits: list[Edit]) -> None:
    """Raise ``ValueError`` when edits overlap, are unsorted, or misquote the text (a programmer error)."""
    last_end = 0
    last_start = -1
    for edit in edits:
        if edit.start < last_end or edit.end < edit.start or (edit.start == edit.end == last_start):
            raise ValueError(f"edits overlap or are unsorted at {edit}")
        if text[edit.start : edit.end] != edit.before:
            raise ValueError(f"edit {edit} does not match the text {text[edit.start : edit.end]!r}")
        last_end = edit.end
        last_start = edit.start


class OffsetMap:
    """Maps offsets between an original text and its repaired form, from the composed edits."""

    __slots__ = ("_edits", "_out_starts", "_out_ends")

    def __init__(self, edits: list[Edit]) -> None:
        self._edits = edits
        out_starts: list[int] = []
        out_ends: list[int] = []
        delta = 0
        for edit in edits:
            start = edit.start + delta
            out_starts.append(start)
            out_ends.append(start + len(edit.after))
            delta += len(edit.after) - (edit.end - edit.start)
        self._out_starts = out_starts
        self._out_ends = out_ends

    def to_original(self, offset: int) -> int:
        """Offset in the repaired text -> offset in the original text.

        Inside a replaced span, the start of the span maps to the start of the original span and any other
        position to its end, so that ``[to_original(s), to_original(e))`` always covers what produced
        ``repaired[s:e]``.
        """
        index = bisect_right(self._out_starts, offset) - 1
        if index < 0:
            return offset
        edit = self._edits[index]
        out_start, out_end = self._out_starts[index], self._out_ends[index]
        if offset < out_end:
            return edit.start if offset == out_start else edit.end
        return edit.end + (offset - out_end)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the repaired text -> the span of the original text it came from."""
        orig_start = self.to_original(start)
        orig_end = self.to_original(end) if end > start else orig_start
        return orig_start, max(orig_start, orig_end)

    def to_repaired(self, offset: int) -> int:
        """Offset in the original text -> offset in the repaired text (inside an edit: its output start)."""
        starts = [edit.start for edit in self._edits]
        index = bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        edit = self._edits[index]
        if offset < edit.end or (offset == edit.start):
            return self._out_starts[index]
        return self._out_ends[index] + (offset - edit.end)


def compose(original: str, composed: list[Edit], current: str, new_edits: list[Edit]) -> list[Edit]:
    """Fold ``new_edits`` (offsets into ``current``) into ``composed`` (offsets into ``original``).

    ``current`` must equal ``apply_edits(original, composed)``.  Edits that overlap or touch in the current
    text are merged so the result stays a non-overlapping list whose application to ``original`` gives
    ``apply_edits(current, new_edits)``.  One linear merge of the two sorted lists.
    """
    if not new_edits:
        return composed
    if not composed:
        return list(new_edits)

    result: list[Edit] = []
    old_count, new_count = len(composed), len(new_edits)
    i = j = 0
    shift = 0  # current = original + shift, after the old edits before index i
    while j < new_count:
        first = new_edits[j]
        # Old edits wholly before this new edit (not touching it) stay as they are.
        while i < old_count:
            old = composed[i]
            if old.start + shift + len(old.after) >= first.start:
                break
            result.append(old)
            shift += len(old.after) - (old.end - old.start)
            i += 1
        # Grow a group of old and new edits that overlap or touch in current coordinates.
        shift_before = shift
        group_start, group_end = first.start, first.end
        olds: list[Edit] = []
        news = [first]
        j += 1
        while True:
            grew = False
            while i < old_count:
                old = composed[i]
                old_start = old.start + shift
                if old_start > group_end:
                    break
                olds.append(old)
                group_start = min(group_start, old_start)
                group_end = max(group_end, old_start + len(old.after))
                shift += len(old.after) - (old.end - old.start)
                i += 1
                grew = True
            while j < new_count and new_edits[j].start <= group_end:
                news.append(new_edits[j])
                group_end = max(group_end, new_edits[j].end)
                j += 1
                grew = True
            if not grew:
                break
        if not olds:
            result.extend(
                Edit(e.start - shift_before, e.end - shift_before, e.before, e.after, e.rule, e.source)
                for e in news
            )
            continue
        orig_start = min(olds[0].start, group_start - shift_before)
        orig_end = max(olds[-1].end, group_end - shift)
        local = [Edit(e.start - group_start, e.end - group_start, e.before, e.after, e.rule) for e in news]
        rules = list(dict.fromkeys(name for e in olds + news for name in e.rule.split("+")))
        sources = "; ".join(dict.fromkeys(e.source for e in olds + news if e.source))
        result.append(
            Edit(
                orig_start,
                orig_end,
                original[orig_start:orig_end],
                apply_edits(current[group_start:group_end], local),
                "+".join(rules),
                sources,
            )
        )
    result.extend(composed[i:])
    return result


def settle(text: str, step: Callable[[str], tuple[list[Edit], bool]], rounds: int = 3) -> list[Edit]:
    """Run a rule's ``step`` again on its own output while the step says another pass may change something.

    A rule whose changes make new chances for itself (a join that makes a word joining its neighbour) must reach
    them in one call, or repair would not be idempotent.
    ``step(text) -> (edits, again)``; the result is one list of edits against ``text``.
    """
    edits, again = step(text)
    composed, current = edits, text
    for _ in range(rounds):
        if not (again and edits):
            break
        current = apply_edits(current, edits)
        edits, again = step(current)
        composed = compose(text, composed, current, edits)
    return composed
