"""A PDF's pages as pdfminer layout pages, within the ceilings of :mod:`dabir.limits`.

pdfminer's own layout analysis (``LAParams``: lines, text boxes, and the hierarchical grouping of boxes) is
skipped: :mod:`dabir.read.pdf_lines` groups glyphs by position itself, and pdfminer's box grouping is
quadratic in the number of lines (a page of 2,000 one-word lines: 105 s). Without it the page holds the very
glyphs the analysis would have put in boxes, so the lines read the same.

What a small file may unpack is bounded before it is unpacked: the content streams' inflated size (a 20 kB
deflate stream can hold gigabytes), the pages, and the glyphs drawn.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from dabir.errors import InputTooLarge
from dabir.limits import MAX_INFLATED_BYTES, MAX_PDF_GLYPHS, MAX_PDF_PAGE_GLYPHS, MAX_PDF_PAGES


def layout_pages(document: Any, name: str) -> Iterator[Any]:  # pdfminer PDFDocument -> LTPage
    """Each page's layout (glyphs as ``LTChar``, no grouping); :class:`InputTooLarge` past a ceiling."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class CountingAggregator(PDFPageAggregator):
        """Counts the glyphs drawn, on the page and in all, and stops past a ceiling."""

        total = 0
        on_page = 0

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.total += 1
            self.on_page += 1
            if self.on_page > MAX_PDF_PAGE_GLYPHS:
                raise InputTooLarge("more glyphs on one page than allowed", MAX_PDF_PAGE_GLYPHS, name)
            if self.total > MAX_PDF_GLYPHS:
                raise InputTooLarge("more glyphs than a document may hold", MAX_PDF_GLYPHS, name)
            return super().render_char(*args, **kwargs)

    resources = PDFResourceManager(caching=True)
    device = CountingAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    inflated = 0
    for number, page in enumerate(PDFPage.create_pages(document)):
        if number >= MAX_PDF_PAGES:
            raise InputTooLarge("too many pages", MAX_PDF_PAGES, name)
        inflated += _inflated_size(page.contents, MAX_INFLATED_BYTES - inflated)
        if inflated > MAX_INFLATED_BYTES:
            raise InputTooLarge(
                "its content streams inflate to more bytes than allowed", MAX_INFLATED_BYTES, name
            )
        device.on_page = 0
        interpreter.process_page(page)
        yield device.get_result()


def _inflated_size(contents: list[Any], budget: int) -> int:
    """The size the page's content streams inflate to, counted no further than ``budget`` + 1 bytes each."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    total = 0
    for item in contents:
        stream = resolve1(item)
        if not isinstance(stream, PDFStream):
            continue
        raw = stream.get_rawdata()
        if raw is None:  # already decoded (a stream shared by two pages)
            total += len(stream.get_data())
            continue
        filters = stream.get_filters()
        if not filters or stream.decipher is not None or filters[0][0] not in LITERALS_FLATE_DECODE:
            total += len(raw)
            continue
        try:
            total += len(zlib.decompressobj().decompress(raw, max(budget - total, 0) + 1))
        except zlib.error:
            total += len(raw)  # pdfminer's own decoder deals with (or reports) a damaged stream
    return total
