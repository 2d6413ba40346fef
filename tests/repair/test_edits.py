"""The edit machinery: composition keeps edits replayable against the original, offsets map back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dabir.repair import repair
from dabir.repair.edits import Edit, apply_edits, check_edits, compose

ALPHABET = "میکردگروهایبنالمللیيكة \u200c\n\u0640۱٢3،,.«»_\u200b\u00a0ﻣﯿﮑ"


@st.composite
def edit_lists(draw, text):
    positions = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    edits = []
    last = -1
    for pos in positions:
        if pos <= last:
            continue
        end = min(len(text), pos + draw(st.integers(0, 3)))
        after = draw(st.text(alphabet="xyz\u200c", max_size=3))
        if end == pos and after == "":
            continue
        if edits and edits[-1].end > pos:
            continue
        edits.append(Edit(pos, end, text[pos:end], after, "r"))
        last = end
    return edits


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_compose_replays_to_the_final_text(data):
    original = data.draw(st.text(alphabet="abcdef", min_size=0, max_size=20))
    first = data.draw(edit_lists(original))
    current = apply_edits(original, first)
    second = data.draw(edit_lists(current))
    composed = compose(original, compose(original, [], original, first), current, second)
    check_edits(original, composed)
    assert apply_edits(original, composed) == apply_edits(current, second)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_repair_edits_replay_and_offsets_are_valid(text):
    result = repair(text)
    check_edits(text, result.edits)
    assert apply_edits(text, result.edits) == result.text
    for position in range(len(result.text) + 1):
        original = result.to_original(position)
        assert 0 <= original <= len(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_repair_is_idempotent(text):
    once = repair(text).text
    assert repair(once).text == once


def test_offsets_map_back_to_the_original():
    text = "\n\nاو ميكرد"
    result = repair(text)
    start = result.text.index("او")
    assert text[result.to_original(start) : result.to_original(start + 2)] == "او"


#: Words of the seed report and its affixes, and what may stand between them in extracted text.
WORDS = [
    "گروه\u200cهای",
    "مقاومت",
    "از",
    "یک",
    "وجب",
    "خاک",
    "عقب",
    "نشینی",
    "نمی",
    "کنند",
    "خامنهای",
    "گزینهای",
    "ها",
    "های",
    "می",
    "ای",
    "تر",
    "ترین",
    "_",
    "۰۷",
    "٣",
    "12",
]
SEPARATORS = [" ", " ", "", "\u200c", "\n", "\n\n", "\n\n\n", "\n \n", ".\n", "، "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30))
def test_repair_of_laid_out_words_is_idempotent(pieces):
    # Lines, blank lines, page numbers and wraps of every length: a second repair changes nothing.
    text = "".join(word + separator for word, separator in pieces)
    once = repair(text).text
    assert repair(once).text == once
