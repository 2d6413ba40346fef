"""The one title list, read by one reader for the three matchers."""

from __future__ import annotations

from importlib import resources

from dabir.annotate import coref, titles
from dabir.lang.fa import gazetteers
from dabir.lang.fa.forms import canonical
from dabir.lang.fa.titles import read_titles


def test_there_is_one_title_list() -> None:
    folder = resources.files("dabir.lang.fa")
    assert folder.joinpath("titles.txt").is_file()
    assert not folder.joinpath("ner", "titles.txt").is_file()


def test_no_two_entries_give_one_phrase_different_kinds() -> None:
    kinds: dict[str, set[str]] = {}
    for phrase, kind, _ in read_titles():
        kinds.setdefault(canonical(phrase).replace(" ", ""), set()).add(kind)
    assert {form: found for form, found in kinds.items() if len(found) > 1} == {}


def test_every_matcher_knows_every_entry_with_its_kind() -> None:
    table = coref.titles()
    for phrase, kind, _ in read_titles():
        forms = [canonical(word) for word in phrase.split()]
        match = titles.title_at(forms, 0)
        assert match is not None and match.kind == kind and match.end == len(forms), phrase
        tokens = tuple(coref.key(word) for word in phrase.split())
        assert tokens in (table.office if kind == "office" else table.honorific), phrase


def test_the_tagger_gazetteer_holds_the_rows_it_was_trained_with() -> None:
    tagged = [title for title in read_titles() if title.tagger]
    assert len(tagged) == 102
    assert "title" in gazetteers.word_kinds(canonical("آقای"))
    assert "title" not in gazetteers.word_kinds(
        canonical("کارشناسان")
    )  # the speaker finder's, not the model's
