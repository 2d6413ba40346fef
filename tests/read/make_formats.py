"""Write the seed report as html, docx and pdf files, the way publishers' tools lay them out."""

from __future__ import annotations

import html
import io
from pathlib import Path

from dabir.lang.fa.script import presentation_forms

SITE = "خبرگزاری فارس"


def split_seed(seed_text: str) -> tuple[str, list[str]]:
    """(headline line, body paragraphs) of the seed report."""
    blocks = [block.strip() for block in seed_text.strip().split("\n\n") if block.strip()]
    return blocks[0], blocks[1:]


def make_html(seed_text: str, encoding: str = "utf-8") -> bytes:
    """A news page: menu, ads, a script and related links around the article, title with the site's name."""
    headline, body = split_seed(seed_text)
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    page = f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head>
<meta charset="{encoding}">
<title>{html.escape(headline)} - {SITE}</title>
<meta property="og:title" content="{html.escape(headline)}">
<meta property="og:site_name" content="{SITE}">
<meta property="article:published_time" content="2023-06-21T18:30:00+04:30">
<script>var ads = "آگهی ویژه شبانه"; window.track = function() {{ return "کلیک کنید"; }};</script>
<style>.menu {{ color: red; }}</style>
</head><body>
<header><nav class="menu"><ul>
<li><a href="/">صفحه اصلی</a></li><li><a href="/politics">سیاسی</a></li><li><a href="/sport">ورزشی</a></li>
<li><a href="/economy">اقتصادی</a></li><li><a href="/contact">تماس با ما</a></li>
</ul></nav></header>
<div class="ads banner"><a href="https://ads.example/x">خرید اقساطی خودرو با کمترین سود بانکی همین امروز</a></div>
<main><article>
<h1>{html.escape(headline)}</h1>
<div class="article-body">
{paragraphs}
</div>
</article>
<aside class="related"><h3>اخبار مرتبط</h3><ul>
<li><a href="/n/1">قیمت طلا و سکه امروز در بازار تهران اعلام شد</a></li>
<li><a href="/n/2">پیش بینی هوای فردا در استان های شمالی کشور</a></li>
</ul></aside></main>
<div id="ad-footer" class="advertisement">بهترین بیمه تکمیلی را از ما بخواهید</div>
<footer><p>تمامی حقوق این سایت محفوظ است © ۱۴۰۲</p></footer>
<script>document.write("<p>متن تبلیغ پویا</p>");</script>
</body></html>
"""
    text = page if encoding == "utf-8" else page.replace("\u06cc", "\u064a")
    return text.encode(encoding, errors="xmlcharrefreplace")


def make_docx(seed_text: str, core_title: str | None = None, subheading: bool = True) -> bytes:
    """A Word file: the headline as a Title paragraph, body paragraphs, one sub-heading and a small table."""
    import docx

    headline, body = split_seed(seed_text)
    document = docx.Document()
    document.add_heading(headline, level=0)
    for index, paragraph in enumerate(body):
        if index == 3 and subheading:
            document.add_heading("سخنان رهبر انقلاب", level=1)
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    for row, (key, value) in enumerate((("منبع", "پایگاه اطلاع رسانی"), ("تاریخ", "۳۱ خرداد ۱۴۰۲"))):
        table.cell(row, 0).text = key
        table.cell(row, 1).text = value
    if core_title:
        document.core_properties.title = core_title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TABLE_TEXT = ["منبع", "پایگاه اطلاع رسانی", "تاریخ", "۳۱ خرداد ۱۴۰۲"]


def make_pdf(seed_text: str, font: Path, header: str = SITE) -> bytes:
    """A multi-page A5 PDF in Vazirmatn, shaped right to left by HarfBuzz, with a running header and page numbers."""
    from fpdf import FPDF

    headline, body = split_seed(seed_text)

    class NewsPDF(FPDF):
        def header(self) -> None:
            self.set_font("Vazirmatn", size=8)
            self.cell(0, 6, header, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Vazirmatn", size=8)
            self.cell(0, 6, str(self.page_no()), align="C")

    pdf = NewsPDF(format=(148, 210))
    pdf.set_title(headline)
    pdf.add_font("Vazirmatn", fname=str(font))
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Vazirmatn", size=13)
    pdf.multi_cell(0, 8, headline, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Vazirmatn", size=10)
    for paragraph in body:
        pdf.multi_cell(0, 6, paragraph, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


FORMS = presentation_forms()  # what a reshaper produces


def reshape(text: str) -> str:
    """Logical Persian -> contextual presentation forms (lam-alef as one ligature), still in logical order."""
    out: list[str] = []
    letters = list(text)
    i = 0

    def dual(ch: str) -> bool:
        return "initial" in FORMS.get(ch, {})

    def joins_back(ch: str) -> bool:
        return "final" in FORMS.get(ch, {})

    while i < len(letters):
        ch = letters[i]
        prev_joins = bool(out) and i > 0 and dual(letters[i - 1]) and joins_back(ch)
        if ch == "ل" and i + 1 < len(letters) and letters[i + 1] in "اآأإ" and (ch + letters[i + 1]) in FORMS:
            lig = FORMS[ch + letters[i + 1]]
            out.append(lig["final" if prev_joins and "final" in lig else "isolated"])
            i += 2
            continue
        next_joins = i + 1 < len(letters) and dual(ch) and joins_back(letters[i + 1])
        kind = {(True, True): "medial", (True, False): "final", (False, True): "initial"}.get(
            (prev_joins, next_joins), "isolated"
        )
        out.append(FORMS.get(ch, {}).get(kind, ch))
        i += 1
    return "".join(out)


def make_pdf_visual_forms(paragraphs: list[str], font: Path, spaces: bool = True) -> bytes:
    """An old-style PDF: reshaped presentation forms written in visual order (reversed), no shaping engine.

    With ``spaces=False`` every word is placed on its own and no space glyph is written (the PDF keeps only
    the gap), as many producers do.  Text must be Persian letters and punctuation only (no digits or Latin).
    """
    from fpdf import FPDF

    pdf = FPDF(format=(148, 210))
    pdf.add_font("Vazirmatn", fname=str(font))
    pdf.set_font("Vazirmatn", size=11)
    pdf.add_page()
    right = pdf.w - pdf.r_margin
    width = pdf.w - pdf.l_margin - pdf.r_margin
    space = pdf.get_string_width(" ")
    for paragraph in paragraphs:
        words = paragraph.split()
        line: list[str] = []
        lines: list[list[str]] = []
        for word in words:
            if line and pdf.get_string_width(reshape(" ".join([*line, word]))) > width:
                lines.append(line)
                line = []
            line.append(word)
        lines.append(line)
        for words_of_line in lines:
            if spaces:
                visual = reshape(" ".join(words_of_line))[::-1]
                pdf.set_x(right - pdf.get_string_width(visual))
                pdf.cell(pdf.get_string_width(visual), 7, visual, new_x="LMARGIN", new_y="NEXT")
            else:
                x = right
                y = pdf.get_y()
                for word in words_of_line:
                    visual = reshape(word)[::-1]
                    x -= pdf.get_string_width(visual)
                    pdf.text(x, y + 5, visual)
                    x -= space
                pdf.ln(7)
        pdf.ln(4)
    return bytes(pdf.output())


def make_pdf_logical_glyphs(paragraphs: list[list[str]], font: Path) -> bytes:
    """A PDF whose glyphs are drawn one by one in logical order, right to left, without space glyphs."""
    from fpdf import FPDF

    pdf = FPDF(format=(148, 210))
    pdf.add_font("Vazirmatn", fname=str(font))
    pdf.set_font("Vazirmatn", size=11)
    pdf.add_page()
    y = 20.0
    for lines in paragraphs:
        for line in lines:
            x = pdf.w - pdf.r_margin
            for glyph in reshape(line):
                x -= pdf.get_string_width(glyph)
                if not glyph.isspace():
                    pdf.text(x, y, glyph)
            y += 7
        y += 4
    return bytes(pdf.output())


def make_pdf_lines(
    paragraphs: list[str],
    font: Path,
    gap: float = 3,
    header: str | None = None,
    footer: str | None = None,
    size: float = 10,
) -> bytes:
    """A shaped (HarfBuzz) PDF with the given paragraph gap and running header/footer ({page} is replaced)."""
    from fpdf import FPDF

    class Paged(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Vazirmatn", size=8)
                self.cell(0, 6, header.format(page=self.page_no()), align="R", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            if footer:
                self.set_y(-12)
                self.set_font("Vazirmatn", size=8)
                self.cell(0, 6, footer.format(page=self.page_no()), align="C")

    pdf = Paged(format=(148, 210))
    pdf.add_font("Vazirmatn", fname=str(font))
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Vazirmatn", size=size)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, align="R", new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)
    return bytes(pdf.output())
