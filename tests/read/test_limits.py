"""Readers stay linear and refuse, in one line, what is past a ceiling of ``dabir.limits``."""

from __future__ import annotations

import pytest
from make_hostile import make_pdf, text_lines

from dabir import limits
from dabir.errors import InputTooLarge
from dabir.read import pdf_pages, read_bytes


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
