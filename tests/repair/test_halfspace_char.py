"""The letter-level half-space model for words no source knows (``dabir.repair.halfspace_char``)."""

from __future__ import annotations

import importlib

from dabir.lang.fa.halfspace_lexicon import lexicon
from dabir.lang.fa.script import ZWNJ, joins_forward
from dabir.repair.halfspace import restore_word

halfspace_char = importlib.import_module("dabir.repair.halfspace_char")


def test_shipped_model_loads():
    assert halfspace_char.MODEL_PATH.exists()
    assert halfspace_char.tagger() is not None


def test_unknown_compound_gets_its_zwnj_as_house_style():
    # «ماکرون» (a surname) is on no word list; «شناسی» is a head the model has seen in many compounds.
    word = "ماکرونشناسی"
    assert lexicon().choose(word) is None
    form, source, certainty = restore_word(word)
    assert form == "ماکرون" + ZWNJ + "شناسی"
    assert source.startswith("model:")
    assert certainty == "style"  # written only into text that lost its ZWNJs


def test_foreign_names_stay_as_written():
    assert halfspace_char.predict("اینستاگرامی") is None
    assert restore_word("اینستاگرامی") is None
    # The letters alone would cut this name; no part of it is a word the lexicon knows.
    assert halfspace_char.predict("برونوفورتادو") is None


def test_never_a_zwnj_after_a_non_joining_letter():
    words = ["داروسازان", "دوردستهای", "زرادخانهها", "ورزشکارانی", "آزادیخواهان", "اردوگاههای"]
    for word in words:
        predicted = halfspace_char.predict(word, threshold=0.01)
        if predicted is None:
            continue
        form = predicted[0]
        for index, char in enumerate(form):
            if char == ZWNJ:
                assert joins_forward(form[index - 1]), form


def test_model_still_scores_on_the_lexicon_words_it_learned_from():
    from dabir.lang.fa.build_halfspace_char import training_words

    sample = training_words(lexicon())[:2000]
    right = 0
    for form in sample:
        key = form.replace(ZWNJ, "")
        predicted = halfspace_char.tag(key, threshold=0.5)
        right += (predicted[0] if predicted else key) == form or len(key) < halfspace_char.MIN_LENGTH
    assert right / len(sample) >= 0.9


def test_gap_labels_mark_the_gap_after_each_zwnj():
    assert halfspace_char.gap_labels("دقیقه" + ZWNJ + "شماری") == ["O"] * 4 + ["Z"] + ["O"] * 4


def test_no_letter_model_cut_in_known_words_with_closed_endings_or_arabic_names():
    # «پیامبران» is «پیامبر»+«ان», not «پیام»+«بران»; «السیسی» is a name, not «السی»+«سی».
    for word in ("پیامبران", "السیسی"):
        decision = restore_word(word)
        assert decision is None or ZWNJ not in decision[0], decision
