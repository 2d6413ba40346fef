"""Layout rules: page-break and line-wrap joins, blank lines, and stray artifacts of extraction.

What counts as a paragraph end: a line that ends in sentence-final punctuation, a short line (a heading or a
paragraph's last line), or the document's first line (its title).  Everything else that a newline or a page
break cut is joined with one space.
"""

from __future__ import annotations

import re

from dabir.repair.edits import Edit
from dabir.repair.options import RepairOptions

TERMINAL = tuple(".!?؟:؛…»)\"'*")
_BULLET = re.compile(r"^\s*(?:[-–—•*▪●]|[0-9۰-۹]+[.)\-]|[a-zA-Zآ-ی][.)])\s")
_LINE = re.compile(r"[^\n]*")
_BREAK = re.compile(r"\n(?:[ \t\f\r]*\n)*")
_LEADING = re.compile(r"^(?:[ \t\f\r]*\n)+")
# A run of underscores (with stray ZWNJs) glued to Persian text: «چنگال_ اشغالگران».
_GLUED_UNDERSCORE = re.compile(
    r"(?:(?<=[\u0600-\u06ff])|(?<=\s)|^)[_\u200c]*_[_\u200c]*(?=\s|$|[\u0600-\u06ff])", re.M
)
_PAGE_NUMBER_LINE = re.compile(
    r"(?<=\n\n)[ \t]*(?:[-–—][ \t]*)?(?:صفحه[ \t]*)?[0-9۰-۹]{1,4}(?:[ \t]*[-–—])?[ \t]*\n(?:[ \t]*\n)+"
)

#: A body line is at least this long; shorter lines that end without punctuation are headings.
BODY_LINE = 100
#: A line wrapped by a hard line break fills at least this share of the block's longest line.
WRAP_SHARE = 0.6


def leading_blank_lines(text: str, options: RepairOptions) -> list[Edit]:
    """Remove blank lines before the first line of text."""
    match = _LEADING.match(text)
    return [Edit(0, match.end(), match.group(0), "", "leading_blank_lines")] if match else []


def artifacts(text: str, options: RepairOptions) -> list[Edit]:
    """Remove extraction debris: an underscore glued to a word («چنگال_ اشغالگران»), lone page numbers."""
    edits = []
    if "_" in text:
        edits += [
            Edit(m.start(), m.end(), m.group(0), _underscore_replacement(text, m), "artifacts")
            for m in _GLUED_UNDERSCORE.finditer(text)
        ]
    if "\n\n" in text:
        edits += [
            Edit(m.start(), m.end(), m.group(0), "", "artifacts") for m in _PAGE_NUMBER_LINE.finditer(text)
        ]
    edits.sort(key=lambda e: e.start)
    kept: list[Edit] = []
    for edit in edits:
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def _underscore_replacement(text: str, match: re.Match[str]) -> str:
    """Between two words the underscore stood for a space («چنگال_اشغالگران»); beside a space it goes."""
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return "" if before.isspace() or after.isspace() else " "


def _lines(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end()) for m in _LINE.finditer(text) if m.start() < len(text) or m.end() > m.start()
    ]


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(TERMINAL)


def line_breaks(text: str, options: RepairOptions) -> list[Edit]:
    """Join a sentence cut by a page break, blank lines or a hard line wrap; keep real paragraph breaks.

    Runs of three or more newlines that stay breaks become one blank line.
    """
    if not options.layout:
        return []
    edits: list[Edit] = []
    breaks = [m for m in _BREAK.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if not breaks:
        return edits
    # Lines between breaks, with the length of the longest line of their block (blocks end at blank lines).
    first_line_end = breaks[0].start()
    block_width: dict[int, int] = {}
    block_start = 0
    widths: list[int] = []
    starts: list[int] = []
    position = 0
    for match in breaks:
        line = text[position : match.start()]
        starts.append(position)
        widths.append(len(line.strip()))
        if match.group(0).count("\n") > 1:
            width = max(widths[block_start:]) if widths[block_start:] else 0
            for index in range(block_start, len(widths)):
                block_width[index] = width
            block_start = len(widths)
        position = match.end()
    width = max(widths[block_start:], default=0)
    for index in range(block_start, len(widths)):
        block_width[index] = width

    for index, match in enumerate(breaks):
        line = text[starts[index] : match.start()].strip()
        next_end = text.find("\n", match.end())
        next_line = text[match.end() : next_end if next_end >= 0 else len(text)].strip()
        newlines = match.group(0).count("\n")
        is_title = match.start() == first_line_end
        join = False
        if line and next_line and not _ends_sentence(line) and not is_title and not _BULLET.match(next_line):
            if newlines == 1:
                join = len(line) >= WRAP_SHARE * block_width[index] and len(line) >= 30
            else:
                # Across one blank line, both sides must read as body text: a long line, and one that is long
                # or ends the sentence. A short line after it is a list item or heading, and joining it would
                # make a longer line that the next repair joins again.
                body_next = _ends_sentence(next_line) or len(next_line) >= BODY_LINE
                join = (len(line) >= BODY_LINE and (newlines >= 3 or body_next)) or (
                    newlines >= 3 and len(line) >= 40
                )
        if join:
            edits.append(Edit(match.start(), match.end(), match.group(0), " ", "line_breaks"))
        elif newlines > 2 or (newlines == 2 and match.group(0) != "\n\n"):
            edits.append(Edit(match.start(), match.end(), match.group(0), "\n\n", "line_breaks"))
    return edits
