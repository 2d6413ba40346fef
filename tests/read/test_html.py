"""Web pages: the article without menus, ads and scripts; headline, date as written, legacy encodings."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_formats import SITE, make_html, split_seed
from read_helpers import comparable

from dabir.read import read_bytes, read_path
from dabir.read.webpage import strip_site_name

NOISE = [
    "صفحه اصلی",
    "آگهی ویژه",
    "کلیک کنید",
    "خرید اقساطی",
    "بیمه تکمیلی",
    "اخبار مرتبط",
    "حقوق",
    "تبلیغ پویا",
]


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1256"])
def test_article_title_date(encoding: str, seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.html"
    path.write_bytes(make_html(seed_text, encoding))
    doc = read_path(path)
    headline, body = split_seed(seed_text)
    assert doc.source.format == "html"
    assert doc.source.encoding == encoding
    assert comparable(doc.title or "") == comparable(headline)
    assert doc.date_text == "2023-06-21T18:30:00+04:30"
    paragraphs = doc.text.split("\n\n")
    assert comparable(paragraphs[0]) == comparable(headline)
    assert len(paragraphs) == len(body) + 1
    for noise in NOISE:
        assert noise not in doc.text


@pytest.mark.parametrize(
    ("title", "expect"),
    [
        (f"دیدار با هنیه - {SITE}", "دیدار با هنیه"),
        ("خبرگزاری ایسنا | افزایش قیمت نان", "افزایش قیمت نان"),
        ("دیدار با هنیه - 31 / خرداد / 1402", "دیدار با هنیه - 31 / خرداد / 1402"),
        ("سخنگوی دولت: نرخ تورم کاهش می یابد", "سخنگوی دولت: نرخ تورم کاهش می یابد"),
        ("نتایج انتخابات - همشهری آنلاین", "نتایج انتخابات"),
    ],
)
def test_site_name_is_stripped_only_when_clearly_a_suffix(title: str, expect: str) -> None:
    assert strip_site_name(title) == expect


def test_fragment_without_article_markup() -> None:
    doc = read_bytes("<html><body><p>سلام بر همه</p></body></html>".encode(), "frag.html")
    assert "سلام بر همه" in doc.text


def test_undeclared_cp1256_page() -> None:
    page = "<html><head><title>خبر فوری</title></head><body><h1>خبر فوری</h1><p>متن کوتاه خبر امروز</p></body></html>"
    doc = read_bytes(page.replace("ی", "ي").encode("cp1256"), "old.htm")
    assert doc.source.encoding == "windows-1256"
    assert "متن کوتاه خبر امروز" in doc.text.replace("ي", "ی")


XHTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head>'
    "<title>خبر فوری - ایرنا</title></head><body><nav><ul><li>خانه</li><li>ورزش</li></ul></nav>"
    "<h1>خبر فوری</h1><p>متن کوتاه خبر امروز درباره بازار تهران است.</p><p>بند دوم خبر.</p></body></html>"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_short_xhtml_keeps_its_paragraphs(encoding: str) -> None:
    doc = read_bytes(XHTML.encode(encoding), "short.xhtml")
    assert doc.source.format == "html"
    assert doc.title == "خبر فوری"
    assert doc.text.split("\n\n") == [
        "خبر فوری",
        "متن کوتاه خبر امروز درباره بازار تهران است.",
        "بند دوم خبر.",
    ]


def test_date_from_time_in_the_article_not_the_header_clock() -> None:
    page = (
        "<html><head><title>خبر</title></head><body><header><time datetime='2024-01-01'>ساعت ۱۰:۳۰</time></header>"
        "<article><h1>خبر</h1><time datetime='1402-03-31'>۳۱ خرداد ۱۴۰۲</time><p>متن خبر امروز است.</p>"
        "<p>بند دوم.</p></article></body></html>"
    )
    assert read_bytes(page.encode(), "t.html").date_text == "1402-03-31"
