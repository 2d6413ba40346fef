"""The one Arabic -> Persian letter folding, and the matchers that use it."""

from __future__ import annotations

from dabir.annotate import dates, ner_features
from dabir.archive.normalise import fold
from dabir.lang.fa.script import ARABIC_LETTER_FORMS, fold_letters, letter_table, letter_variants


def test_fold_letters_maps_arabic_forms_and_nothing_else() -> None:
    assert fold_letters("ميكرد") == "میکرد"
    assert fold_letters("مكة المكرمة") == "مکه المکرمه"
    assert fold_letters("ذى الحجه") == "ذی الحجه"
    # Persian letters, hamza carriers, «آ», «ۀ», marks, digits and ZWNJ stay as written
    unchanged = "خانۀ مسئول تأثیر آب مؤسسه می\u200cگوید ۱۲ 12 مُحمّد"
    assert fold_letters(unchanged) == unchanged
    assert all(len(fold_letters(source)) == 1 for source in ARABIC_LETTER_FORMS)


def test_letter_table_folds_letters_then_the_extras_in_one_pass() -> None:
    table = letter_table({"ۀ": "ه", "\u0640": None})
    assert "ۂ ۀ كـه".translate(table) == "ه ه که"
    assert letter_variants()["ی"] == "یيىے"


def test_every_matcher_folds_the_same_letters() -> None:
    text = "پيشنهاد كشورهاى منطقة"
    expected = "پیشنهاد کشورهای منطقه"
    assert ner_features.canonical(text) == expected
    assert fold(text) == expected
    assert dates.fold(text) == expected.replace(" ", "")
