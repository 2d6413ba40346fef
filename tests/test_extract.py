"""The extraction pipeline: the seed acceptance, the sample reports, and offsets that always hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dabir.extract import ANNOTATORS, extract_bytes, extract_path, extract_text
from dabir.models import Document
from dabir.repair.edits import Edit, apply_edits

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ZWNJ = "\u200c"


def _plain(text: str) -> str:
    """ZWNJ- and space-insensitive form, for asserts that must not depend on the half-space rules."""
    return re.sub(r"[\s\u200c]+", "", text)


def check_offsets(document: Document, original: str) -> None:
    """Every span quotes Document.text; the edits replayed on the original give Document.text."""
    text = document.text
    edits = [Edit(e.start, e.end, e.before, e.after, e.rule) for e in document.edits]
    for edit in edits:
        assert original[edit.start : edit.end] == edit.before
    assert apply_edits(original, edits) == text
    if document.title:
        assert text[document.title.start : document.title.end] == document.title.text
    for date in [document.date, *document.dates]:
        if date is not None:
            assert text[date.start : date.end] == date.text
    for token in document.tokens:
        assert text[token.start : token.end] == token.text
    previous_end = 0
    for sentence in document.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        paragraph = document.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
        assert text[sentence.start : sentence.end] == text[sentence.start : sentence.end].strip()
        previous_end = sentence.end
    for paragraph in document.paragraphs:
        assert 0 <= paragraph.start < paragraph.end <= len(text)


def test_seed_acceptance() -> None:
    document = extract_path(EXAMPLES / "seed.txt")
    assert document.title is not None
    assert document.title.text == "دیدار رئیس دفتر سیاسی حماس و هیأت همراه"
    assert document.date is not None
    assert (document.date.jalali, document.date.gregorian) == ("1402-03-31", "2023-06-21")
    assert document.date.text == "31 / خرداد / 1402"
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    holding = [s for s in sentences if _plain("گروههای مقاومت از یک وجب") in _plain(s)]
    assert len(holding) == 1, "the page break inside the sentence is joined, the sentence is one"
    assert _plain(holding[0]).startswith(_plain("آقای اسماعیل هنیه خطاب"))
    assert document.source.sha256 and document.source.format == "txt"
    check_offsets(document, (EXAMPLES / "seed.txt").read_text(encoding="utf-8"))


def test_seed_sentences_follow_its_paragraphs() -> None:
    document = extract_path(EXAMPLES / "seed.txt")
    assert len(document.paragraphs) == 13
    assert {s.paragraph for s in document.sentences} == set(range(13))


@pytest.mark.parametrize(
    ("name", "title", "jalali", "gregorian", "dates"),
    [
        (
            "press-conference.txt",
            "وزیر نیرو: تابستان آینده خاموشی برنامه‌ریزی‌شده نخواهیم داشت",
            "1402-07-15",
            "2023-10-07",
            ["1402-12-29", "1402-06-29", "1402-07-30"],
        ),
        (
            "economy-report.txt",
            "نرخ تورم سالانه به ۴۵.۶ درصد رسید",
            "1402-08-20",
            "2023-11-11",
            ["1402-12-29", "1402-07-24"],
        ),
        (
            "hajj-report.txt",
            "پایان مناسک حج تمتع و بازگشت نخستین گروه حجاج ایرانی",
            "1402-04-07",
            "2023-06-28",
            ["1402-04-07", "1402-04-06", "1402-04-06", "1402-04-07", "1402-04-09", "1402-04-10"],
        ),
    ],
)
def test_sample_reports(name: str, title: str, jalali: str, gregorian: str, dates: list[str]) -> None:
    document = extract_path(EXAMPLES / name)
    assert document.title is not None and _plain(document.title.text) == _plain(title)
    assert document.date is not None and (document.date.jalali, document.date.gregorian) == (
        jalali,
        gregorian,
    )
    assert [d.jalali for d in document.dates] == dates
    check_offsets(document, (EXAMPLES / name).read_text(encoding="utf-8"))


def test_press_conference_quotation_with_full_stops_is_one_sentence() -> None:
    document = extract_path(EXAMPLES / "press-conference.txt")
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    quoted = [s for s in sentences if "۹۲ هزار" in s]
    assert len(quoted) == 1 and quoted[0].endswith("مگاوات بود.»")
    assert any(s.endswith("ادامه خواهد یافت؟") for s in sentences)


def test_economy_report_list_items_and_abbreviations() -> None:
    document = extract_path(EXAMPLES / "economy-report.txt")
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    assert sum(1 for s in sentences if s[:2] in {"۱.", "۲.", "۳."}) == 3
    bank = [s for s in sentences if s.startswith("بانک مرکزی")]
    assert len(bank) == 1 and bank[0].endswith("اعلام کرد.")
    # A date on its own line under the headline is the dateline.
    assert document.date is not None and document.date.text == "شنبه ۲۰ آبان ۱۴۰۲"


def test_extract_bytes_and_text_agree() -> None:
    data = (EXAMPLES / "seed.txt").read_bytes()
    from_bytes = extract_bytes(data, "seed.txt")
    from_text = extract_text(data.decode("utf-8"), "seed.txt")
    assert from_bytes.text == from_text.text
    assert from_bytes.sentences == from_text.sentences
    assert from_bytes.source.sha256 == from_text.source.sha256


def test_document_round_trips_through_json() -> None:
    document = extract_path(EXAMPLES / "hajj-report.txt")
    assert Document.model_validate_json(document.model_dump_json()) == document


def test_annotators_is_an_open_list() -> None:
    names = [f"{a.__module__}.{a.__name__}" for a in ANNOTATORS]
    assert names[:2] == ["dabir.annotate.sentences.annotate", "dabir.annotate.tokens.annotate"]


def test_no_title_for_a_single_paragraph() -> None:
    document = extract_text("این یک جمله است. این هم جمله دوم است.")
    assert document.title is None and document.date is None
    assert len(document.sentences) == 2


_PERSIAN_PIECES = st.sampled_from(
    [
        "می‌کرد",
        "گروه‌های",
        "مقاومت",
        "ميكرد",
        "خرداد",
        "۳۱",
        "1402",
        "/",
        " - ",
        "۳.۵",
        "«",
        "»",
        ".",
        "؟",
        "!",
        "؛",
        "،",
        ":",
        "\n",
        "\n\n",
        "\n\n\n\n",
        " ",
        "  ",
        ZWNJ,
        "ج.ا.ا.",
        "ق.م.",
        "۱۴۰۲/۰۳/۳۱",
        "ژوئن",
        "ذی‌الحجه",
        "(ره)",
        "_",
        "\u064e",
        "ك",
        "ي",
        "٣",
        "abc",
        "\t",
        "ـ",
        "هیأت",
        "چهارشنبه",
        "دوشنبه بازار",
        "ﻻ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PERSIAN_PIECES, min_size=1, max_size=40).map("".join))
def test_offsets_hold_on_random_persian_like_text(text: str) -> None:
    check_offsets(extract_text(text), text)


def test_html_page_title_and_metadata_date() -> None:
    page = """<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8">
<title>افزایش قیمت نان در تهران - خبرگزاری فارس</title>
<meta property="article:published_time" content="2023-06-21T18:30:00+04:30"></head><body><article>
<h1>افزایش قیمت نان در تهران</h1>
<p>قیمت نان در تهران از امروز ده درصد افزایش یافت. این تصمیم را شورای شهر گرفته است و به گفته مسئولان
تا پایان سال تغییر نمی‌کند.</p>
<p>مردم از این تصمیم ناراضی هستند. یک نانوا گفت: «هزینه‌ها بالا رفته است. چاره‌ای نداشتیم.»</p>
</article></body></html>"""
    document = extract_bytes(page.encode("utf-8"), "page.html")
    assert document.source.format == "html"
    assert document.title is not None and document.title.text == "افزایش قیمت نان در تهران"
    assert document.date is not None and document.date.jalali == "1402-03-31"
    assert (document.date.start, document.date.end, document.date.text) == (0, 0, "")
    assert any("metadata" in d.message for d in document.diagnostics)
    assert len(document.sentences) == 5  # the headline, then two sentences a paragraph


@pytest.mark.parametrize(
    ("text", "title", "dateline", "body_dates"),
    [
        (
            "انتخابات ۲۸ خرداد ۱۴۰۰ برگزار شد\n\nتهران - ۱۵ مهر ۱۴۰۲ - گزارش کامل روند انتخابات منتشر شد.\n",
            "انتخابات ۲۸ خرداد ۱۴۰۰ برگزار شد",
            "۱۵ مهر ۱۴۰۲",
            ["۲۸ خرداد ۱۴۰۰"],
        ),
        ("۱۴۰۲/۰۳/۳۱ - خبر مهم\n\nمتن خبر این است.\n", "خبر مهم", "۱۴۰۲/۰۳/۳۱", []),
        ("خبر مهم | چهارشنبه ۳۱ خرداد ۱۴۰۲\n\nمتن خبر این است.\n", "خبر مهم", "چهارشنبه ۳۱ خرداد ۱۴۰۲", []),
        (
            "خبر کوتاه\n\nلندن - ایرنا - ۲۱ ژوئن ۲۰۲۳ - نخست‌وزیر استعفا داد.\n",
            "خبر کوتاه",
            "۲۱ ژوئن ۲۰۲۳",
            [],
        ),
        (
            "خبر کوتاه\n\nنخست‌وزیر که در ۲۱ ژوئن ۲۰۲۳ به قدرت رسید، امروز استعفا داد و همه را شگفت‌زده کرد.\n",
            "خبر کوتاه",
            None,
            ["۲۱ ژوئن ۲۰۲۳"],
        ),
    ],
)
def test_headline_and_dateline(text: str, title: str, dateline: str | None, body_dates: list[str]) -> None:
    document = extract_text(text)
    assert document.title is not None and document.title.text == title
    assert (document.date.text if document.date else None) == dateline
    assert [d.text for d in document.dates] == body_dates
    check_offsets(document, text)
