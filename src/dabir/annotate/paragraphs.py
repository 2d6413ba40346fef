"""Paragraphs: every non-blank line of the repaired text.

The repair's layout rules already joined lines that a hard wrap or a page break cut, so each line that remains is
a paragraph, a heading or a list item; the span leaves out the surrounding spaces.
"""

from __future__ import annotations

import re

from dabir.models import Document, Paragraph

_LINE = re.compile(r"[^\n]+")


def find_paragraphs(text: str) -> list[Paragraph]:
    """The non-blank lines of ``text``, stripped of leading and trailing white space.

    >>> [(p.start, p.end) for p in find_paragraphs("عنوان\\n\\n  متن خبر. \\n")]
    [(0, 5), (9, 17)]
    """
    paragraphs = []
    for match in _LINE.finditer(text):
        line = match.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        paragraphs.append(Paragraph(start=start, end=start + len(stripped)))
    return paragraphs


def annotate(document: Document) -> None:
    """Fill ``document.paragraphs``."""
    document.paragraphs = find_paragraphs(document.text)
