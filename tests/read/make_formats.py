"""Write the seed report as html, docx and pdf files, the way publishers' tools lay them out."""

from __future__ import annotations

import html
import io
from pathlib import Path

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
