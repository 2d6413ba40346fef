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
_BREAK = re.compile(r"\n(?:[ \t\f\r]*\n)*")
_LEADING = re.compile(r"^(?:[ \t\f\r]*\n)+")
# A run of underscores (with stray ZWNJs) glued to Persian text: «چنگال_ اشغالگران».
_GLUED_UNDERSCORE = re.compile(
    r"(?:(?<=[\u0600-\u06ff])|(?<=\s)|^)[_\u200c]*_[_\u200c]*(?=\s|$|[\u0600-\u06ff])", re.M
)
_PAGE_NUMBER_LINE = re.compile(
    r"(?<=\n)[ \t\u200c]*(?:[-–—][ \t]*)?(?:صفحه[ \t]*)?[0-9۰-۹٠-٩]{1,4}(?:[ \t]*[-–—])?[ \t_\u200c]*\n(?:[ \t]*\n)+"
)
_BLANK_BEFORE = re.compile(r"\n[ \t]*\Z")

#: A body line is at least this long (letters and marks; spaces and ZWNJs, which later rules change, are not
#: counted: about 100 characters with them); shorter lines that end without punctuation are headings.
BODY_LINE = 83
#: A wrapped line is at least this long (about 30 characters with spaces); a line before a page break (two or
#: more blank lines), ``GAP_LINE`` (about 40).
WRAP_LINE = 25
GAP_LINE = 33
#: A line wrapped by a hard line break fills at least this share of the block's longest line.
WRAP_SHARE = 0.6


def leading_blank_lines(text: str, options: RepairOptions) -> list[Edit]:
    """Remove blank lines before the first line of text."""
    match = _LEADING.match(text)
    return [Edit(0, match.end(), match.group(0), "", "leading_blank_lines")] if match else []


def artifacts(text: str, options: RepairOptions) -> list[Edit]:
    """Remove extraction debris: an underscore glued to a word («چنگال_ اشغالگران»)."""
    if "_" not in text:
        return []
    return [
        Edit(m.start(), m.end(), m.group(0), _underscore_replacement(text, m), "artifacts")
        for m in _GLUED_UNDERSCORE.finditer(text)
    ]


def page_numbers(text: str, options: RepairOptions) -> list[Edit]:
    """Remove a lone page number between blank lines (the line before may hold spaces: «\\n \\n۰۷\\n\\n»)."""
    if "\n\n" not in text and "\n " not in text and "\n\t" not in text:
        return []
    return [
        Edit(m.start(), m.end(), m.group(0), "", "page_numbers")
        for m in _PAGE_NUMBER_LINE.finditer(text)
        if m.start() >= 2 and _BLANK_BEFORE.search(text, max(0, m.start() - 200), m.start() - 1)
    ]


def _underscore_replacement(text: str, match: re.Match[str]) -> str:
    """Between two words the underscore stood for a space («چنگال_اشغالگران»); beside a space it goes."""
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return "" if before.isspace() or after.isspace() else " "


def _width(line: str) -> int:
    """A line's length without its spaces and ZWNJs, which the later rules change."""
    return len(line) - line.count(" ") - line.count("\t") - line.count("\u200c")


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(TERMINAL)


def line_breaks(text: str, options: RepairOptions) -> list[Edit]:
    """Join a sentence cut by a page break, blank lines or a hard line wrap; keep real paragraph breaks.

    Runs of three or more newlines that stay breaks become one blank line.  Each break is judged by the line
    the joins so far have made (not the last physical line), and a join across a blank line by the line the
    next paragraph's own joins will make, so that a second repair, which sees those lines, decides the same
    (repair is idempotent).
    """
    if not options.layout:
        return []
    breaks = [m for m in _BREAK.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if not breaks:
        return []
    layout = _Layout(text, breaks)
    edits: list[Edit] = []
    width = layout.widths[0]
    for index, match in enumerate(breaks):
        if layout.joins(index, width):
            edits.append(Edit(match.start(), match.end(), match.group(0), " ", "line_breaks"))
            width += layout.widths[index + 1]
            continue
        width = layout.widths[index + 1]
        newlines = layout.newlines[index]
        if newlines > 2 or (newlines == 2 and match.group(0) != "\n\n"):
            edits.append(Edit(match.start(), match.end(), match.group(0), "\n\n", "line_breaks"))
    return edits


class _Layout:
    """The lines between the breaks of a text, their widths and blocks, and the join decision."""

    def __init__(self, text: str, breaks: list[re.Match[str]]) -> None:
        starts = [0, *(match.end() for match in breaks)]
        ends = [*(match.start() for match in breaks), len(text)]
        self.lines = [text[start:end].strip() for start, end in zip(starts, ends, strict=True)]
        self.widths = [_width(line) for line in self.lines]
        self.newlines = [match.group(0).count("\n") for match in breaks]
        # The widest physical line of each block (blocks end at blank lines), for the wrap rule.
        self.block_width = [0] * len(self.lines)
        block_start = 0
        for index in range(len(self.lines)):
            if index == len(self.lines) - 1 or self.newlines[index] > 1:
                widest = max(self.widths[block_start : index + 1])
                for member in range(block_start, index + 1):
                    self.block_width[member] = widest
                block_start = index + 1
        # What a line after one blank line starts when that break is kept: (width, ends a sentence). Right to
        # left, so that a run's own joins across blank lines find theirs.
        self.fresh: dict[int, tuple[int, bool]] = {}
        for index in range(len(self.lines) - 1, 0, -1):
            if self.newlines[index - 1] == 2:
                self.fresh[index] = self._run(index)

    def _run(self, first: int) -> tuple[int, bool]:
        """The width of the line that joins make from line ``first`` on, and whether it ends a sentence."""
        width, index = self.widths[first], first
        while index < len(self.newlines) and index - first < _LOOKAHEAD and self.joins(index, width):
            index += 1
            width += self.widths[index]
        return width, _ends_sentence(self.lines[index])

    def joins(self, index: int, width: int) -> bool:
        """Whether break ``index`` is joined, the line before it being ``width`` wide after the joins so far."""
        line, following = self.lines[index], self.lines[index + 1]
        if not line or not following or index == 0 or _ends_sentence(line) or _BULLET.match(following):
            return False  # index 0: the first line is the title
        newlines = self.newlines[index]
        if newlines == 1:
            return width >= WRAP_SHARE * self.block_width[index] and width >= WRAP_LINE
        # Across one blank line, both sides must read as body text: a long line, and one that is long or ends
        # the sentence (as the next lines' own joins make it). A short line after it is a list item or heading.
        if newlines == 2:
            next_width, next_ends = self.fresh[index + 1]
            return width >= BODY_LINE and (next_ends or next_width >= BODY_LINE)
        return width >= GAP_LINE


#: How many lines a lookahead follows; a run of joins longer than this is judged as if it ended there.
_LOOKAHEAD = 200
