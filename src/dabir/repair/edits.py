"""Edits: the unit every repair rule returns, and the machinery that composes them.

A rule looks at a text and returns a list of :class:`Edit` (non-overlapping, sorted, offsets into the text it
was given).  The engine applies one rule's edits, then hands the new text to the next rule.  To report edits
against the *original* text, the composed list is kept as non-overlapping edits on the original: an edit of a
later rule that touches an earlier edit is merged with it (its rule name becomes ``"a+b"``), so that applying
the composed edits to the original always reproduces the repaired text.
"""

from __future__ import annotations

from bisect import bisect_right
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
    ``apply_edits(current, new_edits)``.
    """
    if not new_edits:
        return composed
    if not composed:
        return list(new_edits)

    # Express the composed edits in current-text coordinates.
    old_spans: list[tuple[int, int, Edit]] = []
    delta = 0
    for edit in composed:
        start = edit.start + delta
        old_spans.append((start, start + len(edit.after), edit))
        delta += len(edit.after) - (edit.end - edit.start)

    # Gather both lists as intervals in current coordinates, then group overlapping/touching ones.
    items: list[tuple[int, int, int, Edit]] = [(s, e, 0, edit) for s, e, edit in old_spans]
    items.extend((edit.start, edit.end, 1, edit) for edit in new_edits)
    items.sort(key=lambda item: (item[0], item[1], item[2]))

    groups: list[list[tuple[int, int, int, Edit]]] = []
    group_end = -1
    for item in items:
        if groups and item[0] <= group_end:
            groups[-1].append(item)
            group_end = max(group_end, item[1])
        else:
            groups.append([item])
            group_end = item[1]

    result: list[Edit] = []
    shift = 0  # current = original + shift, for positions after the old edits already passed
    for group in groups:
        olds = [item[3] for item in group if item[2] == 0]
        news = [item[3] for item in group if item[2] == 1]
        old_delta = sum(len(e.after) - (e.end - e.start) for e in olds)
        if not news:
            result.extend(olds)
        elif not olds:
            result.extend(
                Edit(e.start - shift, e.end - shift, e.before, e.after, e.rule, e.source) for e in news
            )
        else:
            cur_start = min(item[0] for item in group)
            cur_end = max(item[1] for item in group)
            orig_start = min(olds[0].start, cur_start - shift)
            orig_end = max(olds[-1].end, cur_end - shift - old_delta)
            local = [Edit(e.start - cur_start, e.end - cur_start, e.before, e.after, e.rule) for e in news]
            rules = list(dict.fromkeys(name for e in olds + news for name in e.rule.split("+")))
            sources = "; ".join(dict.fromkeys(e.source for e in olds + news if e.source))
            result.append(
                Edit(
                    orig_start,
                    orig_end,
                    original[orig_start:orig_end],
                    apply_edits(current[cur_start:cur_end], local),
                    "+".join(rules),
                    sources,
                )
            )
        shift += old_delta
    return result
