"""A run of letters longer than any word is no word: the half-space repair leaves it as it is, so one long
"word" (a URL, base64, a key held down) costs linear time, not a lexicon look-up at every cut."""

from __future__ import annotations

from dabir.limits import MAX_WORD_LETTERS
from dabir.repair import halfspace_char, repair
from dabir.repair.halfspace_morph import restore_word


def test_a_run_longer_than_a_word_is_left_alone():
    run = "میکرد" * 9  # 45 letters: «می‌» would be read into it as a verb prefix
    assert len(run) > MAX_WORD_LETTERS
    assert restore_word(run) is None
    assert halfspace_char.tag("دقیقهشماری" * 5) is None


def test_words_up_to_the_ceiling_are_still_repaired():
    assert restore_word("میکرد")[0] == "می\u200cکرد"
    assert repair("او میکرد").text == "او می\u200cکرد"


def test_a_long_run_in_a_sentence_changes_only_the_words_around_it():
    run = "دقیقهشماری" * 20_000  # 200,000 letters
    text = f"مردم میگویند {run} است"
    result = repair(text)
    assert result.text == f"مردم می\u200cگویند {run} است"
