"""Word files: paragraphs in order, headings, title from the Title style or the document properties."""

from __future__ import annotations

from pathlib import Path

from make_formats import TABLE_TEXT, make_docx, split_seed
from read_helpers import comparable

from dabir.read import read_path


def test_docx_paragraphs_headings_title(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.docx"
    path.write_bytes(make_docx(seed_text))
    doc = read_path(path)
    headline, body = split_seed(seed_text)
    assert doc.source.format == "docx"
    assert doc.title == headline
    assert doc.headings == [headline, "سخنان رهبر انقلاب"]
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == headline
    assert paragraphs[-len(TABLE_TEXT) :] == TABLE_TEXT
    assert paragraphs[1:5] == [*body[:3], "سخنان رهبر انقلاب"]


def test_docx_title_property_wins(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "titled.docx"
    path.write_bytes(make_docx(seed_text, core_title="دیدار رئیس دفتر سیاسی حماس"))
    doc = read_path(path)
    assert doc.title == "دیدار رئیس دفتر سیاسی حماس"
    assert comparable(doc.text).startswith(comparable(split_seed(seed_text)[0]))
