"""Compound spacing: compounds from the built list and the lexicon, and the data files behind them."""

from __future__ import annotations

import unicodedata

import pytest

from dabir.lang.fa.script import ZWNJ, non_joining_letters
from dabir.repair import repair
from dabir.repair.compounds import compounds
from dabir.repair.halfspace import compound_parts, hand_compounds
from dabir.repair.options import RepairOptions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("برای آزاد سازی آن", "برای آزادسازی آن"),
        ("عقب نشینی نخواهند کرد", "عقب‌نشینی نخواهند کرد"),
        ("نبرد سرنوشت ساز", "نبرد سرنوشت‌ساز"),
        ("آیت الله", "آیت‌الله"),
        ("نرم افزار جدید", "نرم‌افزار جدید"),
    ],
)
def test_compounds_are_joined(text, expected):
    assert repair(text).text == expected


def test_closed_compounds_come_from_the_compounds_rule_with_a_source():
    edits = compounds("برای آزاد سازی آن", RepairOptions())
    assert [(e.before, e.after, e.rule) for e in edits] == [(" ", "", "compounds")]
    assert edits[0].source == "lexicon:آزادسازی (1.00)"


def test_listed_compounds_say_so():
    edits = repair("هفته نامه محلی").edits
    assert [(e.after, e.source) for e in edits] == [(ZWNJ, "list:هفته‌نامه")]


@pytest.mark.parametrize(
    "text",
    ["روی داد و رفت", "در خواهد آورد", "پیش روی خود", "و این", "به عنوان", "سر کار رفت"],
)
def test_phrases_are_not_compounds(text):
    assert repair(text).text == text


def test_compounds_rule_can_be_skipped():
    assert repair("آزاد سازی", skip={"compounds"}).text == "آزاد سازی"


def test_compound_lists_are_clean():
    table = hand_compounds()
    assert len(table) >= 5
    for (left, right), form in table.items():
        assert unicodedata.normalize("NFC", form) == form
        assert form.replace(ZWNJ, "") in (left + right, f"{left} {right}")  # a space: kept two words
        boundary = form[len(left)]
        # A ZWNJ only after a letter that joins forward; a closed compound otherwise or by choice.
        if boundary == ZWNJ:
            assert left[-1] not in non_joining_letters()
    parts = compound_parts()
    assert len(parts) == len(set(parts)) and all(ZWNJ not in part for part in parts)


def test_a_word_closed_from_two_takes_no_other_join_in_the_same_pass():
    # Fars news: «برا ی تیم ملی» became «برایتیم»: «برا ی» is «برای», and «ی تیم» alone would be «یتیم».
    assert (
        repair("بازی های خوبی برا ی تیم ملی انجام داد").text == f"بازی{ZWNJ}های خوبی برای تیم ملی انجام داد"
    )
    # A word broken in two is still mended; a word spelled out letter by letter is left alone.
    assert repair("این فعالیت ها مر بوط به تولید است").text == f"این فعالیت{ZWNJ}ها مربوط به تولید است"
    assert repair("خلیج ع ر ب ی استفاده کرده است").text == "خلیج ع ر ب ی استفاده کرده است"


def test_two_common_words_are_not_closed_into_another_word():
    # Fars news: «هزار زن جان خود را» became «زنجان» (the city), «سال روز گذشته» «سالروز», «بر سر زمین» «سرزمین».
    assert "زن جان" in repair("روزانه هزار زن جان خود را از دست می دهند").text
    assert "سال روز گذشته" in repair("دختران زیر 16 سال روز گذشته آمدند و می روند").text
    # Two names make one («محمد علی» -> «محمدعلی»); a compound with a less common half still closes.
    assert repair("محمد علی گفت").text == "محمدعلی گفت"
    assert repair("مدیر عامل شرکت").text == "مدیرعامل شرکت"
