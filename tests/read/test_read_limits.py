"""Readers stay linear and refuse, in one line, what is past a ceiling of ``dabir.limits``."""

from __future__ import annotations

import io
import zipfile

import pytest
from make_hostile import make_docx, make_pdf, text_lines

from dabir import limits
from dabir.errors import InputTooLarge
from dabir.read import pdf_pages, read_bytes, word


def test_pdf_lines_are_found_without_pdfminer_box_grouping(seed_pdf: bytes, monkeypatch) -> None:
    """pdfminer's grouping of text boxes is quadratic in the lines of a page (2,000 lines: 105 s); the reader
    groups glyphs itself and must not run it."""
    from pdfminer.layout import LTLayoutContainer

    def quadratic(*args, **kwargs):
        raise AssertionError("pdfminer's layout analysis ran")

    monkeypatch.setattr(LTLayoutContainer, "analyze", quadratic)
    doc = read_bytes(seed_pdf, "seed.pdf")
    assert "فلسطین" in doc.text


def test_many_short_lines_read_back():
    doc = read_bytes(make_pdf(text_lines(3000)), "lines.pdf")
    assert doc.text.count("ab cd") == 3000


def test_a_stream_inflating_past_the_ceiling_is_refused():
    content = text_lines(limits.MAX_INFLATED_BYTES // 12)  # 14 bytes a line: past the ceiling
    data = make_pdf(content)
    assert len(data) < 200_000
    with pytest.raises(InputTooLarge) as error:
        read_bytes(data, "bomb.pdf")
    assert str(error.value).startswith("bomb.pdf: too large: its content streams inflate")


def test_too_many_glyphs_on_a_page_are_refused():
    data = make_pdf(text_lines(limits.MAX_PDF_PAGE_GLYPHS // 5 + 1))
    with pytest.raises(InputTooLarge, match="glyphs on one page"):
        read_bytes(data, "dense.pdf")


def test_too_many_pages_are_refused(monkeypatch):
    monkeypatch.setattr(pdf_pages, "MAX_PDF_PAGES", 3)
    pages = [text_lines(2, word) for word in (b"alpha", b"beta", b"gamma", b"delta")]
    assert read_bytes(make_pdf(*pages[:3]), "three.pdf").text.split() == [
        "alpha",
        "alpha",
        "beta",
        "beta",
        "gamma",
        "gamma",
    ]
    with pytest.raises(InputTooLarge, match="too many pages"):
        read_bytes(make_pdf(*pages), "four.pdf")


def test_docx_style_of_each_paragraph_is_looked_up_once_per_style(monkeypatch):
    """python-docx scans every style of the file to find a paragraph's style: done per paragraph, a file of
    20,000 paragraphs took minutes. Each distinct style is looked up once."""
    from docx.text.paragraph import Paragraph

    lookups = []
    style = Paragraph.style

    def counted(paragraph):
        lookups.append(1)
        return style.fget(paragraph)

    monkeypatch.setattr(Paragraph, "style", property(counted))
    paragraphs = [f"بند شماره {number} از گزارش خبرگزاری" for number in range(300)]
    doc = read_bytes(make_docx(paragraphs), "long.docx")
    assert doc.text.split("\n\n") == paragraphs
    assert len(lookups) <= 2


def test_docx_with_too_many_paragraphs_is_refused(monkeypatch):
    monkeypatch.setattr(word, "MAX_PARAGRAPHS", 50)
    assert read_bytes(make_docx(["یک بند از گزارش"] * 50), "fifty.docx").text
    with pytest.raises(InputTooLarge, match="too many paragraphs"):
        read_bytes(make_docx(["یک بند از گزارش"] * 51), "many.docx")


def test_docx_inflating_past_the_ceiling_is_refused():
    data = io.BytesIO(make_docx(["گزارش کوتاه"]))
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", bytes(limits.MAX_INFLATED_BYTES))
    assert len(data.getvalue()) < 200_000
    with pytest.raises(InputTooLarge) as error:
        read_bytes(data.getvalue(), "bomb.docx")
    assert str(error.value).startswith("bomb.docx: too large: its parts inflate")
