"""Character and punctuation rules on real Persian snippets."""

from __future__ import annotations

import pytest

from dabir.repair import RepairOptions, repair


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("نظام ج.ا.ا. در منطقه", "نظام ج.ا.ا. در منطقه"),  # abbreviation dots stay tight
        ("سال ۱۳۹۰ ه.ش آغاز شد", "سال ۱۳۹۰ ه.ش آغاز شد"),
        ("پایان یافت.سپس رفت", "پایان یافت. سپس رفت"),
        ("او گفت:«سلام»", "او گفت: «سلام»"),
        ("سلام , دنیا", "سلام، دنیا"),
        ("چرا ?", "چرا؟"),
        ("ســـلام", "سلام"),
        ("٣ درصد", "۳ درصد"),
        ("ﺳﻼﻡ", "سلام"),
        ("على", "علی"),
        ("a\u200bb", "ab"),
        # A direction mark typed for a half-space (Fars News text: «ولی‎پور», «یک‎میلیارد»).
        ("ولی\u200eپور گفت", "ولی\u200cپور گفت"),
        ("یک\u200fمیلیارد تومان", "یک\u200cمیلیارد تومان"),
        ("بندر\u200eها", "بندرها"),  # after a letter that does not join: nothing
        ("سلام\u200e.", "سلام."),
    ],
)
def test_characters_and_punctuation(damaged, repaired):
    assert repair(damaged).text == repaired


def test_digit_modes():
    assert repair("۱۴۰۲ و 2023", RepairOptions(digits="latin")).text == "1402 و 2023"
    assert repair("۱۴۰۲ و 2023", RepairOptions(digits="persian-all")).text == "۱۴۰۲ و ۲۰۲۳"
    assert repair("٣", RepairOptions(digits="keep")).text == "٣"
