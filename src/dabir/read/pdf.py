"""PDF files with pdfminer.six: lines in reading order, Persian put back in logical order, paragraphs rebuilt.

What PDF extraction does to Persian and what is undone here: visual (reversed) order and presentation forms
(per line, :mod:`dabir.read.pdf_order`), lost word spaces (from glyph gaps), running headers/footers and page
numbers (lines repeated at the top or bottom of most pages), and hard line wraps (lines are joined into
paragraphs by line spacing and short last lines).  A page break is a blank line unless the paragraph plainly
goes on (a full, unpunctuated last line); the repair engine joins what is left of sentences cut by one.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from dabir.errors import InputTooLarge, UserError
from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import ReadError
from dabir.read.pdf_lines import Line, page_lines
from dabir.read.pdf_order import bracket_badness, swap_brackets
from dabir.read.pdf_pages import layout_pages

_DIGITS = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]+")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|]*(?:(?:صفحه|page|ص)\s*[.:]?\s*)?[0-9۰-۹٠-٩]{1,4}"
    r"(?:\s*(?:از|of|/)\s*[0-9۰-۹٠-٩]{1,4})?[\s\-–—|]*$",
    re.I,
)
# /Title values that name the file or the tool rather than the document.
_JUNK_TITLE = re.compile(r"^(?:microsoft word|untitled|document\d*$|\S+\.(?:docx?|pdf|txt|indd|rtf)$)", re.I)
# A full line that ends a sentence may end a paragraph at a page break; one ending otherwise (even in «:»)
# goes on on the next page.
_TERMINAL = tuple(".!?؟…»)\"'")
#: How many lines at the top and at the bottom of a page may be running headers or footers.
MARGIN_LINES = 2
#: A line spaced this much wider than the body's usual line spacing starts a new paragraph.
PARAGRAPH_GAP = 1.3
#: A line that leaves this share of the text width empty is a paragraph's last line (or a heading).
SHORT_LINE = 0.12


def _extract(data: bytes, name: str) -> tuple[list[list[Line]], str | None]:
    """Lines of every page (top to bottom, right column first) and the document's /Title, if any."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFTextExtractionNotAllowed
    from pdfminer.pdfparser import PDFParser
    from pdfminer.utils import decode_text

    pages: list[list[Line]] = []
    title: str | None = None
    # pdfminer logs every font quirk of a damaged file as a warning; the user gets one error or a document.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for info in document.info:
            raw = info.get("Title")
            if isinstance(raw, bytes):
                title = decode_text(raw).strip() or None
            elif isinstance(raw, str):
                title = raw.strip() or None
        for number, page in enumerate(layout_pages(document, name)):
            pages.append(page_lines(page, number))
    except UserError:
        raise  # a ceiling of dabir.limits, already one line
    except MemoryError:
        raise InputTooLarge("more than the memory at hand holds", None, name) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("encrypted pdf: a password is needed", name) from None
    except PDFTextExtractionNotAllowed:
        raise ReadError("pdf forbids text extraction", name) from None
    except RecursionError:
        raise ReadError("corrupt pdf: nested too deeply", name) from None
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        detail = str(error).splitlines()[0][:100] if str(error) else type(error).__name__
        raise ReadError(f"corrupt pdf: {detail}", name) from None
    if title and _JUNK_TITLE.search(title):
        title = None
    return pages, title


def _orient(pages: list[list[Line]]) -> list[str]:
    """Choose each line's reading; ties follow the document's majority.  Returns diagnostics."""
    lines = [line for page in pages for line in page]
    total = sum(line.reading.evidence for line in lines if line.reading.arabic)
    prefer_reversed = None if total == 0 else total > 0
    reversed_count = 0
    for line in lines:
        line.text, line.rtl = line.reading.decide(prefer_reversed)
        reversed_count += line.rtl
        line.rtl = line.rtl or (line.reading.arabic and not prefer_reversed and _mostly_arabic(line.text))
    reversed_lines = [line for line in lines if line.text == line.reading.reversed and line.reading.arabic]
    joined = "\n".join(line.text for line in reversed_lines)
    if bracket_badness(swap_brackets(joined)) < bracket_badness(joined):
        for line in reversed_lines:
            line.text = swap_brackets(line.text)
    notes = []
    if reversed_count:
        notes.append(f"pdf: {reversed_count} line(s) in visual order reversed to logical order")
    return notes


def _mostly_arabic(text: str) -> bool:
    arabic = sum("\u0600" <= ch <= "\u06ff" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return arabic >= latin


def _key(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub(" ", text).strip())


def _drop_running_lines(pages: list[list[Line]]) -> list[str]:
    """Remove page numbers and headers/footers repeated on most pages.  Returns diagnostics."""
    notes: list[str] = []
    counts: Counter[str] = Counter()
    sizes: dict[str, Counter[float]] = {}
    for lines in pages:
        margin = lines[:MARGIN_LINES] + lines[-MARGIN_LINES:]
        counts.update({_key(line.text) for line in margin})
        for line in margin:
            sizes.setdefault(_key(line.text), Counter())[round(line.size)] += 1
    needed = max(2, (len(pages) + 1) // 2)
    # A running header in its usual size; the same words as the first page's big headline stay.
    running = {
        key: sizes[key].most_common(1)[0][0] for key, count in counts.items() if count >= needed and key
    }
    removed_running = removed_numbers = 0
    for index, lines in enumerate(pages):
        margin_ids = {id(line) for line in lines[:MARGIN_LINES] + lines[-MARGIN_LINES:]}
        kept = []
        for line in lines:
            key = _key(line.text)
            if (
                id(line) in margin_ids
                and key in running
                and round(line.size) == running[key]
                and len(pages) > 1
            ):
                removed_running += 1
            elif (
                id(line) in margin_ids
                and (line is lines[0] or line is lines[-1])
                and _PAGE_NUMBER.match(line.text)
            ):
                removed_numbers += 1
            else:
                kept.append(line)
        pages[index] = kept
    if removed_running:
        notes.append(f"pdf: {removed_running} running header/footer line(s) removed")
    if removed_numbers:
        notes.append(f"pdf: {removed_numbers} page number(s) removed")
    return notes


def _paragraphs(pages: list[list[Line]]) -> tuple[list[str], int]:
    """Join wrapped lines into paragraphs; returns them and how many page breaks were joined.

    A page break ends a paragraph unless the page's last line is full and unpunctuated and the next page
    goes on in the same size: then the paragraph plainly continues.  Uncertain cases stay a blank line and
    the repair engine decides.
    """
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        return [], 0
    # The line pitch inside a paragraph, in font sizes (headings in a larger font have a larger pitch), is
    # the smallest common one: a low percentile, not the median, as one-line paragraphs would otherwise make
    # the paragraph gap look usual.
    pitches = sorted(
        (previous.y0 - line.y0) / line.size
        for page in pages
        for previous, line in zip(page, page[1:], strict=False)
        if line.size > 0 and abs(previous.size - line.size) < 0.5 and previous.y0 - line.y0 >= 0.9 * line.size
    )
    usual_pitch = pitches[len(pitches) // 5] if pitches else None
    left = min(line.x0 for line in all_lines)
    right = max(line.x1 for line in all_lines)
    width = max(right - left, 1.0)
    paragraphs: list[str] = []
    joined = 0
    current: list[str] = []
    previous: Line | None = None
    for line in all_lines:
        if previous is not None:
            if previous.page != line.page:
                new = not _continues_on_next_page(previous, line, left, right, width)
                joined += not new
            else:
                new = _starts_paragraph(previous, line, usual_pitch, left, right, width)
            if new:
                paragraphs.append(" ".join(current))
                current = []
        current.append(line.text.strip())
        previous = line
    if current:
        paragraphs.append(" ".join(current))
    return [_SPACE.sub(" ", p).strip() for p in paragraphs if p.strip()], joined


def _is_short(line: Line, left: float, right: float, width: float) -> bool:
    empty = (line.x0 - left) if line.rtl else (right - line.x1)
    return empty > SHORT_LINE * width


def _continues_on_next_page(last: Line, first: Line, left: float, right: float, width: float) -> bool:
    return (
        abs(last.size - first.size) < 0.5
        and not _is_short(last, left, right, width)
        and not last.text.rstrip().endswith(_TERMINAL)
    )


def _starts_paragraph(
    previous: Line, line: Line, usual_pitch: float | None, left: float, right: float, width: float
) -> bool:
    if abs(previous.size - line.size) >= 0.5:
        return True
    pitch = (previous.y0 - line.y0) / max(line.size, 1.0)
    if usual_pitch and pitch > PARAGRAPH_GAP * usual_pitch:
        return True
    return _is_short(previous, left, right, width)


def read_pdf(data: bytes, name: str) -> RawDocument:
    """Read a PDF's text layer into paragraphs in logical Persian order; the /Title becomes the title."""
    pages, title = _extract(data, name)
    if not any(pages):
        raise ReadError("no text found in this pdf (a scanned image? it needs OCR first)", name)
    diagnostics = _orient(pages)
    diagnostics += _drop_running_lines(pages)
    paragraphs, joined = _paragraphs(pages)
    if joined:
        diagnostics.append(f"pdf: {joined} paragraph(s) continued across a page break, joined")
    source = Source(path=name, format="pdf", encoding=None, sha256="", size=len(data))
    return RawDocument(text="\n\n".join(paragraphs), source=source, title=title, diagnostics=diagnostics)
