"""False joins found on real news, fixed by class (sentences from shared/data/news, dev fixtures; each given the
spaced damage that makes the repair join pairs: its ZWNJs typed as spaces)."""

from __future__ import annotations

from dabir.lang.fa.script import ZWNJ
from dabir.repair import repair


def spaced(text: str) -> str:
    """The damage of a text that types its half-spaces as spaces."""
    return text.replace(ZWNJ, " ")


def test_a_place_name_is_no_compound():
    # Hamshahri: «کره شمالی» is in the word lists as «کره‌شمالی», but the gazetteer writes the country's name
    # apart, and so does the news (Hamshahri 61 times apart, 8 with a ZWNJ).
    gold = (
        f"یک مقام دولتی در کره جنوبی به دنبال ادعای برخی رسانه{ZWNJ}های غربی و همچنین رسانه{ZWNJ}های کره جنوبی "
        f"در مورد وخامت حال رهبر کره شمالی بعد از یک عمل جراحی، گزارش{ZWNJ}ها را رد کرد"
    )
    assert repair(spaced(gold)).text == gold


def test_an_inflected_compound_is_joined_like_its_head():
    # IR-News: «دانش آموزان» (150 times apart, 188 with a ZWNJ): «دانش‌آموز», which every source knows, plus «ان».
    gold = f"وزیر آموزش و پرورش: دانش{ZWNJ}آموزان با رعایت فاصله{ZWNJ}گذاری به مدرسه{ZWNJ}ها می{ZWNJ}روند"
    result = repair(spaced(gold))
    assert result.text == gold
    sources = [edit.source for edit in result.edits if edit.before == " " and "آموز" in edit.source]
    assert sources == [f"lexicon:دانش{ZWNJ}آموز (1.00)+ان"]


def test_a_misspelt_word_is_not_cut_into_two():
    # Hamshahri: «اریبهشت» (a typo for «اردیبهشت») is no «اریب»+«هشت».
    text = "بارش‌ها نیز در اریبهشت در محدوده نرمال پیش‌بینی می‌شود"
    assert repair(text).text == text
    assert repair(text.replace(ZWNJ, "")).text == text


def test_a_zwnj_inside_a_foreign_name_is_kept():
    # Hamshahri: «کیم جونگ‌اون»; the rest of the report lost its ZWNJs.
    text = "نشست خبری درباره بیماری «کیم جونگ‌اون» رهبر کره شمالی: گزارشها را تایید نمیکنیم"
    result = repair(text).text
    assert f"جونگ{ZWNJ}اون" in result and "گزارش‌ها" in result and "نمی‌کنیم" in result
