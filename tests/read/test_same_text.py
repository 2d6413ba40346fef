"""The same report saved as txt, html, docx and pdf reads back to the same headline and text.

Compared after repair, with whitespace folded and ZWNJ dropped (PDF glyphs carry no ZWNJ; the repair engine
restores half-spaces from its lexicon, the same way for every format).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from make_formats import TABLE_TEXT, make_docx, make_html
from read_helpers import comparable, first_line, to_cp1256

from dabir.read import read_path

WRITERS = {
    "seed.txt": lambda seed, font: seed.encode("utf-8"),
    "seed-cp1256.txt": lambda seed, font: to_cp1256(seed),
    "seed-utf16.txt": lambda seed, font: seed.encode("utf-16"),
    "seed-bom.txt": lambda seed, font: seed.encode("utf-8-sig"),
    "seed-mojibake.txt": lambda seed, font: seed.encode("utf-8").decode("cp1256").encode("utf-8"),
    "seed.html": lambda seed, font: make_html(seed),
    "seed-cp1256.html": lambda seed, font: make_html(seed, "windows-1256"),
    "seed.docx": lambda seed, font: make_docx(seed, subheading=False),
    "seed.pdf": None,  # the session's seed_pdf fixture
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_format_reads_back_to_the_seed(
    name: str, seed_text: str, font_path: Path, seed_pdf: bytes, tmp_path: Path
) -> None:
    path = tmp_path / name
    writer = WRITERS[name]
    path.write_bytes(writer(seed_text, font_path) if writer else seed_pdf)
    doc = read_path(path)
    expected = comparable(seed_text)
    text = doc.text
    if name.endswith(".docx"):
        assert text.endswith("\n\n".join(TABLE_TEXT))
        text = text[: -len("\n\n".join(TABLE_TEXT))]
    assert first_line(doc.text) == first_line(seed_text)
    assert comparable(text) == expected
    if doc.title is not None:
        assert comparable(doc.title) == first_line(seed_text)
