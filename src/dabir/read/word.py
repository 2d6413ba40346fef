"""Word documents (.docx) with python-docx: paragraphs and tables in document order, headings and title."""

from __future__ import annotations

import io
import re
import zipfile

from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import ReadError

_HEADING_STYLE = re.compile(r"^(?:heading|title|عنوان)\s*(\d*)$", re.I)


def _heading_level(paragraph) -> int | None:  # noqa: ANN001 - python-docx Paragraph
    """0 for a Title, N for Heading N (style or its base styles, or an explicit outline level), else None."""
    style = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.match((style.name or "").strip())
        if match:
            return int(match.group(1)) if match.group(1) else 0
        style = style.base_style
    outline = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if outline and outline[0].isdigit() and int(outline[0]) < 9:
        return int(outline[0]) + 1
    return None


def _blocks(document):  # noqa: ANN001, ANN202 - python-docx objects
    """Paragraphs and tables of the body in the order they appear (python-docx lists them separately)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _table_paragraphs(table) -> list[str]:  # noqa: ANN001
    """Each distinct cell's text as its own paragraph (merged cells repeat in python-docx; keep one)."""
    out: list[str] = []
    seen: set[object] = set()  # the cell elements themselves: lxml keeps one proxy per node while it is held
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            for paragraph in cell.paragraphs:
                if paragraph.text.strip():
                    out.append(paragraph.text.strip())
            for inner in cell.tables:
                out.extend(_table_paragraphs(inner))
    return out


def read_docx(data: bytes, name: str) -> RawDocument:
    """Read a .docx: paragraphs (tables' cells as paragraphs), headings, and the title.

    The title is the document property when set, else the first Title paragraph, else the first Heading 1.
    """
    try:
        import docx
        from lxml.etree import LxmlError

        document = docx.Document(io.BytesIO(data))
        paragraphs: list[str] = []
        headings: list[str] = []
        title_paragraph: str | None = None
        first_heading: str | None = None
        for block in _blocks(document):
            if hasattr(block, "rows"):
                paragraphs.extend(_table_paragraphs(block))
                continue
            text = block.text.strip()
            if not text:
                continue
            paragraphs.append(text)
            level = _heading_level(block)
            if level is not None:
                headings.append(text)
                if level == 0 and title_paragraph is None:
                    title_paragraph = text
                if level == 1 and first_heading is None:
                    first_heading = text
        declared = (document.core_properties.title or "").strip() or None
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError, AttributeError, TypeError) as error:
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise ReadError(f"corrupt docx: {reason}", name) from None
    diagnostics: list[str] = []
    title = declared or title_paragraph or first_heading
    if declared and paragraphs and declared not in paragraphs[:3]:
        diagnostics.append("docx: the title property is not a paragraph of the text")
    source = Source(path=name, format="docx", encoding=None, sha256="", size=len(data))
    return RawDocument(
        text="\n\n".join(paragraphs), source=source, title=title, headings=headings, diagnostics=diagnostics
    )
