"""What a reader hands on: decoded text plus what the format itself says about the document."""

from __future__ import annotations

from dataclasses import dataclass, field

from dabir.models import Source


@dataclass
class RawDocument:
    """A document as read from its bytes, before repair.

    ``text`` is the decoded text with paragraphs separated by blank lines; ``title`` and ``date_text`` are what
    the format declares (html ``<title>``/``<h1>`` and meta dates, docx core properties or first heading), or
    ``None``; ``headings`` lists heading lines in order; ``diagnostics`` are notes about what the reader fixed
    (e.g. "mojibake: UTF-8 read as cp1256, fixed").
    """

    text: str
    source: Source
    title: str | None = None
    date_text: str | None = None
    headings: list[str] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)
