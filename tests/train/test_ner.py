"""The training script's pieces: corpus reading, convention repair, augmentation, scoring, a tiny training run."""

from __future__ import annotations

from pathlib import Path

import pycrfsuite
import pytest

from dabir.annotate.ner_features import (
    canonical,
    crf_items,
    lexicon_tags,
    sentence_features,
    shipped_lexicon,
    word_classes,
)
from dabir.train import ner, ner_lexicon
from dabir.train.__main__ import main as train_main
from dabir.train.scoring import score, spans
from dabir.train.shared_data import SHARED_DATA as SHARED

ZWNJ = "\u200c"


def test_read_conll_maps_tags_and_repairs_peyma_conventions(tmp_path: Path):
    corpus = tmp_path / "peyma.txt"
    corpus.write_text(
        "روش های|O\nسازمان|B_ORG\nملل|I_ORG\nدر|O\nنيويورك|B_LOC\n۱۴۰۲|B_DAT\n\nآقای|O\nروحانی|I_PER\n",
        encoding="utf-8",
    )
    sentences = ner.read_conll(corpus, "|")
    assert sentences[0] == (
        [f"روش{ZWNJ}های", "سازمان", "ملل", "در", "نیویورک", "۱۴۰۲"],
        ["O", "B-ORG", "I-ORG", "O", "B-LOC", "O"],
    )
    assert sentences[1][1] == ["O", "B-PER"]  # a stray I- starts the entity


def test_arman_and_parstwiner_tags():
    assert ner._map_tag("B-pers") == "B-PER"
    assert ner._map_tag("I-event") == "I-EVENT"
    assert ner._map_tag("B-EVE") == "B-EVENT"
    assert ner._map_tag("B-NAT") == "B-ORG"
    assert ner._map_tag("B_MON") == "O"


def test_join_space_writes_zwnj_only_after_joining_letters():
    assert ner._join_space("می شود") == f"می{ZWNJ}شود"
    assert ner._join_space("بندر ها") == "بندرها"


def test_spaced_copy_splits_half_spaces_and_keeps_labels():
    sentence = ([f"بیت{ZWNJ}المقدس", "در", "گفت‌وگو"], ["B-LOC", "O", "O"])
    words, tags = ner.spaced_copy(sentence)
    assert words == ["بیت", "المقدس", "در", "گفت", "وگو"]
    assert tags == ["B-LOC", "I-LOC", "O", "O", "O"]
    assert ner.spaced_copy((["تهران"], ["B-LOC"])) is None


def test_augment_is_deterministic():
    sentences = [([f"بیت{ZWNJ}المقدس", str(n)], ["B-LOC", "O"]) for n in range(50)]
    assert ner.augment(sentences, 0.3) == ner.augment(sentences, 0.3)
    assert 50 < len(ner.augment(sentences, 0.3)) < 100


def test_scoring_is_exact_span_and_label():
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    predicted = [["B-PER", "O", "O", "B-LOC"]]
    result = score(gold, predicted)
    assert (result["PER"].true_positives, result["LOC"].true_positives) == (0, 1)
    assert result["micro"].precision == 0.5 and result["micro"].recall == 0.5


def test_a_tiny_model_trains_and_tags(tmp_path: Path):
    people = ["علی", "مریم", "حسن", "زهرا"]
    places = ["تهران", "شیراز", "تبریز", "مشهد"]
    sentences = [
        ([person, "به", place, "رفت"], ["B-PER", "O", "B-LOC", "O"]) for person in people for place in places
    ]
    model = tmp_path / "tiny.crfsuite"
    ner.train(sentences, model, iterations=30)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    assert tagger.tag(crf_items(sentence_features(["مریم", "به", "تبریز", "رفت"]))) == [
        "B-PER",
        "O",
        "B-LOC",
        "O",
    ]
    result = ner.evaluate(model, sentences)
    assert result["main"]["micro"].f1 == 1.0


def test_dabir_train_usage():
    with pytest.raises(SystemExit) as exit_info:
        train_main(["nonsense"])
    assert exit_info.value.code == 2


def test_learned_lexicon_keeps_names_and_drops_words_that_are_mostly_not_names():
    sentences = [
        (["اسماعیل", "هنیه", "در", "غزه", "گفت"], ["B-PER", "I-PER", "O", "B-LOC", "O"]),
        (["غزه", "آرام", "است"], ["B-LOC", "O", "O"]),
        (["بهار", "آمد"], ["O", "O"]),
        (["بهار", "رفت"], ["O", "O"]),
        (["بهار", "خواند"], ["B-PER", "O"]),
    ]
    lexicon = ner_lexicon.build(sentences)
    assert lexicon[("اسماعیل", "هنیه")] == "PER"
    assert lexicon[("غزه",)] == "LOC"
    assert ("بهار",) not in lexicon  # a name once, an ordinary word twice


def test_jackknifed_lexicon_never_contains_the_sentences_own_entities():
    sentences = [([f"نام{letter}", "گفت"], ["B-PER", "O"]) for letter in "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"]
    for (words, _), lexicon in zip(sentences, ner_lexicon.jackknife(sentences), strict=True):
        assert (canonical(words[0]),) not in lexicon
        assert len(lexicon) > 15


def test_lexicon_matches_the_longest_entry_and_ignores_half_spaces():
    lexicon = {("سازمان", "ملل"): "ORG", ("سازمان", "ملل", "متحد"): "ORG", ("خامنهای",): "PER"}
    forms = [canonical(word) for word in ["سازمان", "ملل", "متحد", "و", f"خامنه{ZWNJ}ای"]]
    assert lexicon_tags(forms, lexicon) == ["B-ORG", "I-ORG", "I-ORG", "", "B-PER"]


def test_lexicon_round_trips_through_its_file(tmp_path: Path):
    lexicon = {("اسماعیل", "هنیه"): "PER", ("غزه",): "LOC"}
    path = tmp_path / "lexicon.txt"
    ner_lexicon.write(lexicon, path, "a test")
    assert ner_lexicon.read(path) == lexicon
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_shipped_lexicon_knows_the_seed_names():
    lexicon = shipped_lexicon()
    assert lexicon.get(("حماس",)) == "ORG"
    assert lexicon.get(("غزه",)) == "LOC"


def test_word_classes_load_and_group_cities():
    classes = word_classes()
    assert len(classes) > 10_000
    assert classes["تهران"][0] == classes["مشهد"][0]  # two cities, one coarse class
    features = sentence_features(["در", "تهران"])
    assert features[1]["c0"] == classes["تهران"][0] and features[0]["+1c0"] == classes["تهران"][0]


def test_word_classes_are_built_from_allowed_text_only():
    from dabir.lang.fa import build_clusters

    for relative in [*build_clusters.UD_FILES, *(path for path, _ in build_clusters.NER_FILES)]:
        assert "test" not in relative
    if SHARED.is_dir():
        sentences = build_clusters.sentences(SHARED)
        assert len(sentences) > 15_000
        assert all(ZWNJ not in word for sentence in sentences[:500] for word in sentence)
