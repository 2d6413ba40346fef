"""PDFs the tests draw with a real Persian font, the ways producers do: shaped by HarfBuzz in visual order,
reshaped presentation forms without a shaping engine, words placed one by one without space glyphs, and
glyphs drawn in logical order.  Each reads back to the logical text."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_formats import (
    make_pdf_lines,
    make_pdf_logical_glyphs,
    make_pdf_visual_forms,
    split_seed,
)
from read_helpers import comparable

from dabir.read import ReadError, read_bytes
from dabir.read.pdf_order import direction_score, expand_presentation_forms, reverse_visual

PERSIAN = [
    "رهبر انقلاب اسلامی با تاکید بر اینکه موضوع فلسطین، قلب مسائل دنیای اسلام و امت اسلامی است، گفتند: "
    "هر مقدار که در قضیه فلسطین پیشرفت حاصل شود، مسائل امت اسلامی نیز پیش خواهد رفت.",
    "آقای «اسماعیل هنیه» گفت: ما در آینده نه چندان دور پیروز خواهیم شد.",
]
MIXED = [
    "نرخ تورم در سال 2023 به 3.5 درصد رسید و شاخص S&P 500 افت کرد.",
    "وزیر نفت (بیژن زنگنه) گفت: قیمت نفت برنت ۸۵٫۵ دلار و سهم ایران ۱۲٪ است.",
    "تاریخ انتشار ۱۴۰۲/۰۳/۳۱ ساعت 12:30 در سایت www.farsnews.ir منتشر شد.",
    "کتابِ تازهٔ او دربارهٔ «جمهوری اسلامی ایران» با نام Iran Today چاپ شد.",
    "This English line stays as it is, 42 times.",
]


def test_seed_pdf_is_multipage_without_running_lines(seed_text: str, seed_pdf: bytes) -> None:
    data = seed_pdf
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>") >= 2
    doc = read_bytes(data, "seed.pdf")
    headline, body = split_seed(seed_text)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == headline
    assert doc.title == headline
    assert "خبرگزاری فارس" not in doc.text
    assert not any(p.strip().isdigit() for p in paragraphs)
    assert any("running header" in note for note in doc.diagnostics)
    assert paragraphs == [headline, *body]
    assert comparable(doc.text) == comparable(seed_text)


def test_mixed_numbers_latin_brackets_diacritics(font_path: Path) -> None:
    doc = read_bytes(make_pdf_lines([*MIXED, PERSIAN[0]], font_path), "mixed.pdf")
    assert doc.text.split("\n\n") == [*MIXED, PERSIAN[0]]


@pytest.mark.parametrize("spaces", [True, False], ids=["space-glyphs", "no-space-glyphs"])
def test_presentation_forms_in_visual_order(spaces: bool, font_path: Path) -> None:
    data = make_pdf_visual_forms(PERSIAN, font_path, spaces=spaces)
    doc = read_bytes(data, "old.pdf")
    assert doc.text.split("\n\n") == PERSIAN


def test_glyphs_drawn_in_logical_order_without_spaces(font_path: Path) -> None:
    first = ["آقای «اسماعیل هنیه» رئیس دفتر سیاسی حماس", "گفت: غزه قلب مقاومت است"]
    second = ["اما امروز نبرد اصلی در کرانه باختری است."]
    doc = read_bytes(make_pdf_logical_glyphs([first, second], font_path), "logical.pdf")
    assert doc.text.split("\n\n") == [" ".join(first), second[0]]


def test_pdf_without_text_layer(font_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # what a scanned page looks like to a text extractor: no glyphs
    with pytest.raises(ReadError, match="no text found"):
        read_bytes(bytes(pdf.output()), "scan.pdf")


def test_reverse_visual_keeps_numbers_and_latin() -> None:
    visual = list("دش رشتنم www.farsnews.ir تیاس رد 12:30 تعاس ۱۴۰۲/۰۳/۳۱ راشتنا خیرات")
    assert reverse_visual(visual) == "تاریخ انتشار ۱۴۰۲/۰۳/۳۱ ساعت 12:30 در سایت www.farsnews.ir منتشر شد"
    assert reverse_visual(["لا", "م", "ی", "ن"]) == "نیملا"  # a ligature glyph keeps its logical text


def test_direction_score_prefers_logical_persian() -> None:
    line = "رهبر انقلاب اسلامی با تاکید بر اینکه موضوع فلسطین قلب مسائل است"
    assert direction_score(line) > direction_score(line[::-1])


def test_presentation_forms_expand() -> None:
    assert expand_presentation_forms("\ufeb3\ufefc\ufee1") == "سلام"
    assert expand_presentation_forms("می\u200cرود ۱۲") == "می\u200cرود ۱۲"


def test_page_break_join_uniform_spacing_numbered_headers(seed_text: str, font_path: Path) -> None:
    """No extra space between paragraphs, a header whose number changes, «صفحه N از M» footers, and long
    paragraphs that page ends cut: the paragraphs come back whole and the running lines go."""
    _, body = split_seed(seed_text)
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    data = make_pdf_lines(
        paragraphs, font_path, gap=0, header="خبرگزاری فارس - شماره {page}۲۳", footer="صفحه {page} از ۳"
    )
    doc = read_bytes(data, "long.pdf")
    assert "شماره" not in doc.text and "صفحه" not in doc.text
    assert any("across a page break" in note for note in doc.diagnostics)
    assert doc.text.split("\n\n") == paragraphs


def test_a_short_line_follows_its_document() -> None:
    from dabir.read.pdf_order import Glyph, read_line

    # «ام.» drawn visually reads «.ما» as drawn: one function word must not outvote a whole document.
    glyphs = [Glyph(ch, float(i), float(i) + 1.0, 10.0) for i, ch in enumerate(".ما")]
    line = read_line(glyphs)
    assert line.decide(document_prefers_reversed=True) == ("ام.", True)
    assert line.decide(document_prefers_reversed=False) == (".ما", False)


@pytest.mark.browser
@pytest.mark.slow
def test_chromium_printed_page(seed_text: str, font_path: Path, tmp_path: Path) -> None:
    """A real producer: Chromium prints the news page with Vazirmatn (presentation forms via ToUnicode)."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    from make_formats import make_html

    style = f"<style>@font-face{{font-family:V;src:url({font_path.as_uri()})}} body{{font-family:V}}</style>"
    page = tmp_path / "seed.html"
    page.write_bytes(make_html(seed_text).replace(b"<head>", b"<head>" + style.encode(), 1))
    target = tmp_path / "seed.pdf"
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    subprocess.run([*command, f"--print-to-pdf={target}", page.as_uri()], capture_output=True, timeout=120)
    if not target.exists():
        pytest.skip("chromium could not print here")
    doc = read_bytes(target.read_bytes(), "chromium.pdf")
    headline, body = split_seed(seed_text)
    paragraphs = doc.text.split("\n\n")
    assert headline in paragraphs  # the printed page keeps its menu; the article follows it whole
    start = paragraphs.index(headline)
    assert comparable("\n\n".join(paragraphs[start : start + 1 + len(body)])) == comparable(seed_text)


def test_headline_repeated_as_running_header_stays_on_page_one(seed_text: str, font_path: Path) -> None:
    headline, body = split_seed(seed_text)
    from fpdf import FPDF

    class Headed(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("Vazirmatn", size=8)
                self.cell(0, 6, headline, align="R", new_x="LMARGIN", new_y="NEXT")

    pdf = Headed(format=(148, 210))
    pdf.add_font("Vazirmatn", fname=str(font_path))
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font("Vazirmatn", size=14)
    pdf.multi_cell(0, 9, headline, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Vazirmatn", size=12)
    for paragraph in body:
        pdf.multi_cell(0, 7, paragraph, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    assert pdf.page_no() >= 3
    doc = read_bytes(bytes(pdf.output()), "headed.pdf")
    assert doc.text.split("\n\n")[0] == headline
    assert doc.text.count(headline) == 1
