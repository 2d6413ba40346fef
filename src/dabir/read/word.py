"""Word documents (.docx) with python-docx: paragraphs and tables in document order, headings and title."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from dabir.errors import InputTooLarge
from dabir.limits import MAX_INFLATED_BYTES, MAX_PARAGRAPHS
from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import ReadError

_HEADING_STYLE = re.compile(r"^(?:heading|title|عنوان)\s*(\d*)$", re.I)


def _heading_level(paragraph, levels: dict[str | None, int | None]) -> int | None:  # noqa: ANN001
    """0 for a Title, N for Heading N (style or its base styles, or an explicit outline level), else None.

    ``levels`` keeps each style's level: python-docx looks a style up by scanning every style of the file,
    which made a file of 20,000 paragraphs take minutes."""
    style_id = paragraph._p.style
    if style_id not in levels:
        levels[style_id] = _style_level(paragraph.style)
    if levels[style_id] is not None:
        return levels[style_id]
    outline = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if outline and outline[0].isdigit() and int(outline[0]) < 9:
        return int(outline[0]) + 1
    return None


def _style_level(style) -> int | None:  # noqa: ANN001 - python-docx style
    while style is not None:
        match = _HEADING_STYLE.match((style.name or "").strip())
        if match:
            return int(match.group(1)) if match.group(1) else 0
        style = style.base_style
    return None


def _check_size(data: bytes, name: str) -> None:
    """Refuse a .docx whose parts inflate past the ceiling (zipfile reads no more than each declared size)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_INFLATED_BYTES:
        raise InputTooLarge("its parts inflate to more bytes than allowed", MAX_INFLATED_BYTES, name)


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

        _check_size(data, name)
        document = docx.Document(io.BytesIO(data))
        paragraphs: list[str] = []
        levels: dict[str | None, int | None] = {}
        headings: list[str] = []
        title_paragraph: str | None = None
        first_heading: str | None = None
        for block in _blocks(document):
            if len(paragraphs) > MAX_PARAGRAPHS:
                raise InputTooLarge("too many paragraphs", MAX_PARAGRAPHS, name)
            if hasattr(block, "rows"):
                paragraphs.extend(_table_paragraphs(block))
                continue
            text = block.text.strip()
            if not text:
                continue
            paragraphs.append(text)
            level = _heading_level(block, levels)
            if level is not None:
                headings.append(text)
                if level == 0 and title_paragraph is None:
                    title_paragraph = text
                if level == 1 and first_heading is None:
                    first_heading = text
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise InputTooLarge("too many paragraphs", MAX_PARAGRAPHS, name)
        declared = (document.core_properties.title or "").strip() or None
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        LxmlError,
        AttributeError,
        TypeError,
    ) as error:
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
