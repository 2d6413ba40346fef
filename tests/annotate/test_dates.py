"""Dates: the case files under tests/cases/dates, and the integrity of lang/fa/months.tsv."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dabir.annotate.dates import convert, find_dates, fold, load_names, parse_date
from dabir.models import DateValue

DATE_CASES = Path(__file__).resolve().parent.parent / "cases" / "dates"


def _load(name: str) -> list[dict]:
    return json.loads((DATE_CASES / name).read_text(encoding="utf-8"))


def _context(case: dict) -> DateValue | None:
    if "context" not in case:
        return None
    year, month, day = (int(part) for part in case["context"].split("-"))
    return DateValue(start=0, end=0, text=case["context"], **convert("jalali", year, month, day))


def _check(case: dict) -> None:
    found = find_dates(case["text"], _context(case))
    expected = case.get("dates", [])
    assert len(found) == len(expected), [d.text for d in found]
    for value, want in zip(found, expected, strict=True):
        assert case["text"][value.start : value.end] == value.text
        for key, wanted in want.items():
            if key == "problem_contains":
                assert wanted in (value.problem or "")
            else:
                assert getattr(value, key) == wanted, (key, value)
        if not value.valid:
            assert value.problem and value.jalali is None and value.gregorian is None, "never shifted"


@pytest.mark.parametrize("case", _load("synthetic.json"), ids=lambda case: case["text"][:30])
def test_dates_found_and_converted(case: dict) -> None:
    _check(case)


@pytest.mark.parametrize("case", _load("in-the-wild.json"), ids=lambda case: case["text"][:30])
def test_dates_in_real_news(case: dict) -> None:
    _check(case)


@pytest.mark.parametrize("case", _load("invalid.json"), ids=lambda case: case["text"][:30])
def test_invalid_dates_are_reported_not_shifted(case: dict) -> None:
    _check(case)


@pytest.mark.parametrize("case", _load("negative.json"), ids=lambda case: case["text"][:30])
def test_not_a_date(case: dict) -> None:
    assert find_dates(case["text"], _context(case)) == []


@pytest.mark.parametrize("case", _load("known-failures.json"), ids=lambda case: case["text"][:30])
def test_known_failures_still_fail(case: dict) -> None:
    """Kept visible: when one starts passing, move it to synthetic.json."""
    with pytest.raises(AssertionError):
        _check(case)


def test_weekday_that_does_not_match_is_reported() -> None:
    (value,) = find_dates("دوشنبه ۳۱ خرداد ۱۴۰۲")
    assert value.valid and value.jalali == "1402-03-31"
    assert "چهارشنبه" in (value.problem or "")


def test_hijri_suffix_on_a_numeric_date() -> None:
    (value,) = find_dates("۱۴۴۴/۱۲/۱۲ ه.ق")
    assert value.calendar == "hijri" and value.gregorian == "2023-06-30"


def test_parse_date_reads_metadata_dates() -> None:
    assert parse_date("2023-06-21T10:30:00+04:30").jalali == "1402-03-31"
    assert parse_date("چهارشنبه ۳۱ خرداد ۱۴۰۲").gregorian == "2023-06-21"
    assert parse_date("not a date") is None


# --- months.tsv -------------------------------------------------------------------------------------------


def test_month_names_are_nfc_persian_and_unique() -> None:
    names = load_names()
    for entry in names:
        assert unicodedata.normalize("NFC", entry.name) == entry.name
        assert not set(entry.name) & set("يكىةأإ"), (
            f"{entry.name}: Arabic letters belong to the matcher's fold"
        )
        assert entry.name == entry.name.strip()
    counts = Counter((entry.kind, fold(entry.name)) for entry in names)
    assert [key for key, count in counts.items() if count > 1] == []


def test_each_calendar_has_twelve_months_in_order() -> None:
    for calendar in ("jalali", "gregorian", "hijri"):
        numbers = {
            entry.number for entry in load_names() if entry.kind == "month" and entry.calendar == calendar
        }
        assert numbers == set(range(1, 13)), calendar


def test_jalali_names_match_jdatetime() -> None:
    first = {}
    for entry in load_names():
        if entry.kind == "month" and entry.calendar == "jalali":
            first.setdefault(entry.number, entry.name)
    assert [first[n] for n in range(1, 13)] == list(jdatetime.date.j_months_fa)


def test_weekday_names_match_jdatetime() -> None:
    # jdatetime counts weekdays from Saturday (0); the file uses Python's Monday = 0.
    for entry in (e for e in load_names() if e.kind == "weekday"):
        expected = jdatetime.date.j_weekdays_fa[(entry.number + 2) % 7]
        assert fold(entry.name) == fold(expected), entry


def test_every_month_name_is_found_with_its_number() -> None:
    years = {"jalali": 1402, "gregorian": 2023, "hijri": 1444}
    for entry in (e for e in load_names() if e.kind == "month"):
        (value,) = find_dates(f"در ۱ {entry.name} {years[entry.calendar]} بود")
        assert value.calendar == entry.calendar
        assert getattr(value, entry.calendar) == f"{years[entry.calendar]}-{entry.number:02d}-01", entry


_PIECES = st.sampled_from(
    [
        "۳۱",
        "31",
        "٣١",
        "1402",
        "۱۴۰۲",
        "۲۰۲۳",
        "۱۴۴۴",
        " ",
        "/",
        "-",
        "خرداد",
        "اسفند",
        "ژوئن",
        "مه",
        "ذی‌الحجه",
        "صفر",
        "ماه",
        "سال",
        "چهارشنبه",
        "دوشنبه",
        "بازار",
        "ه.ق",
        "\u200c",
        ".",
        "۱۳",
        "۴۰",
        "۰۳",
        "تیر",
        "برق",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.sampled_from([None, "1402-07-15", "1403-12-30"]))
def test_any_text_gives_valid_spans_and_never_raises(text: str, context: str | None) -> None:
    case = {"text": text} if context is None else {"text": text, "context": context}
    previous = -1
    for value in find_dates(text, _context(case)):
        assert text[value.start : value.end] == value.text and value.start >= previous
        previous = value.start
        assert value.valid == (value.gregorian is not None or value.hijri is not None)


def test_ordinal_day_names_cover_one_to_thirty_one() -> None:
    days = [entry for entry in load_names() if entry.kind == "day"]
    assert {entry.number for entry in days} == set(range(1, 32))
    for entry in days:
        (value,) = find_dates(f"در {entry.name} خرداد ۱۴۰۲ بود")
        assert value.jalali == f"1402-03-{entry.number:02d}", entry
