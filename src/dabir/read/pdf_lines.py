"""Glyphs on a PDF page -> text lines, by position only.

pdfminer's own line grouping follows the order glyphs are drawn in, which breaks for Persian: producers that
place each word on its own (right to left) or draw glyphs in logical order get one "line" per word.  Here the
glyphs of a page are grouped by their vertical position into rows, and a row is split where a horizontal gap
is wide enough to be a column gutter.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from dabir.read.pdf_order import Glyph, LineText, read_line

#: Glyphs whose vertical centres differ by less than this share of the font size sit on one row.
ROW_TOLERANCE = 0.35
#: A horizontal gap wider than this many font sizes separates two columns.
COLUMN_GAP = 2.5


@dataclass
class Line:
    """A text line on a page: its position, font size and both readings of its glyphs."""

    page: int
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    reading: LineText
    text: str = ""
    rtl: bool = False


@dataclass
class _PlacedGlyph:
    glyph: Glyph
    y0: float
    y1: float

    @property
    def centre(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class _Row:
    centre: float
    size: float
    glyphs: list[_PlacedGlyph] = field(default_factory=list)


def _walk_chars(container):  # noqa: ANN001, ANN202 - pdfminer layout objects
    from pdfminer.layout import LTChar

    for item in container:
        if isinstance(item, LTChar):
            yield item
        elif hasattr(item, "__iter__"):
            yield from _walk_chars(item)


def _segments(row: _Row) -> list[list[_PlacedGlyph]]:
    """A row's glyphs left to right, cut where a gap is a column gutter."""
    ordered = sorted(row.glyphs, key=lambda placed: placed.glyph.x0)
    segments: list[list[_PlacedGlyph]] = [[]]
    right_edge = None
    for placed in ordered:
        glyph = placed.glyph
        if right_edge is not None and glyph.x0 - right_edge > COLUMN_GAP * max(glyph.size, 1.0):
            segments.append([])
        segments[-1].append(placed)
        right_edge = glyph.x1 if right_edge is None else max(right_edge, glyph.x1)
    return [segment for segment in segments if segment]


def page_lines(page, number: int) -> list[Line]:  # noqa: ANN001 - pdfminer LTPage
    """The text lines of a page in reading order: top to bottom, and right to left within a row."""
    placed = [
        _PlacedGlyph(Glyph(ch.get_text(), ch.x0, ch.x1, ch.size), ch.y0, ch.y1)
        for ch in _walk_chars(page)
        if ch.get_text()
    ]
    placed.sort(key=lambda p: -p.centre)
    rows: list[_Row] = []
    for glyph in placed:
        if rows and abs(rows[-1].centre - glyph.centre) < ROW_TOLERANCE * max(
            rows[-1].size, glyph.glyph.size
        ):
            rows[-1].glyphs.append(glyph)
        else:
            rows.append(_Row(glyph.centre, glyph.glyph.size, [glyph]))
    lines: list[Line] = []
    for row in rows:
        for segment in reversed(_segments(row)):  # the right-hand column of a row first
            glyphs = [p.glyph for p in segment]
            if not "".join(g.text for g in glyphs).strip():
                continue
            lines.append(
                Line(
                    page=number,
                    x0=min(g.x0 for g in glyphs),
                    x1=max(g.x1 for g in glyphs),
                    y0=min(p.y0 for p in segment),
                    y1=max(p.y1 for p in segment),
                    size=statistics.median(g.size for g in glyphs),
                    reading=read_line(glyphs),
                )
            )
    return lines
