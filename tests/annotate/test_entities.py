"""Named entities: the shipped model loads and tags, titles stay out of names, mentions share a canonical name."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from dabir.annotate import entities as entities_module
from dabir.annotate.entities import annotate_entities, find_entities
from dabir.annotate.ner_features import canonical, tokenize
from dabir.annotate.titles import honorifics_before, office_after, office_before
from dabir.lang.fa import gazetteers
from dabir.models import Document, Entity, Source
from dabir.repair import repair
from dabir.train.shared_data import SHARED_DATA as SHARED

ZWNJ = "\u200c"

CASES = Path(__file__).resolve().parents[1] / "cases"


def plain(text: str) -> str:
    """Compare names without caring whether the half-space was restored."""
    return text.replace(ZWNJ, "").replace(" ", "")


@pytest.fixture(scope="module")
def seed_entities(seed_text: str) -> tuple[str, list[Entity]]:
    text = repair(seed_text).text
    return text, find_entities(text)


def test_offsets_point_into_the_text(seed_entities):
    text, found = seed_entities
    assert found
    for entity in found:
        assert text[entity.start : entity.end] == entity.text
        if entity.role_span is not None:
            assert text[entity.role_span.start : entity.role_span.end] == entity.role
        if entity.title is not None:
            assert text[entity.title.start : entity.title.end] == entity.title.text


def test_seed_people_places_and_organisations(seed_entities):
    _, found = seed_entities
    people = [entity for entity in found if entity.label == "PER"]
    haniyeh = [entity for entity in people if plain(entity.text) == plain("اسماعیل هنیه")]
    assert haniyeh, [entity.text for entity in people]
    assert any(plain(entity.role or "") == plain("رئیس دفتر سیاسی حماس") for entity in haniyeh)
    assert any(entity.title is not None and entity.title.text == "آقای" for entity in haniyeh)
    assert any(entity.label == "ORG" and plain(entity.text).endswith("حماس") for entity in found)
    locations = {plain(entity.text) for entity in found if entity.label == "LOC"}
    assert {"فلسطین", "غزه"} <= locations


def test_seed_khamenei_with_title_not_in_name(seed_entities):
    _, found = seed_entities
    khamenei = [entity for entity in found if entity.label == "PER" and plain(entity.text) == "خامنهای"]
    assert khamenei
    assert all(entity.title is not None and "آیت" in entity.title.text for entity in khamenei)
    assert any(plain(entity.role or "") == plain("رهبر معظم انقلاب اسلامی") for entity in khamenei)


def test_title_alone_shares_the_canonical_name(seed_entities):
    _, found = seed_entities
    leader = [entity for entity in found if plain(entity.text) == plain("رهبر انقلاب اسلامی")]
    assert leader
    assert all(entity.label == "PER" and plain(entity.canonical) == "خامنهای" for entity in leader)


def test_an_office_alone_lends_no_surname(seed_entities):
    # «رهبر انقلاب اسلامی» is an office: its last word must not make every «اسلامی» («جمهوری اسلامی») a person.
    _, found = seed_entities
    assert not [entity for entity in found if entity.label == "PER" and plain(entity.text) == "اسلامی"]


def test_no_person_name_starts_with_a_title(seed_entities):
    _, found = seed_entities
    for entity in found:
        if entity.label == "PER" and entity.text != entity.role:
            first = canonical(entity.text.split()[0])
            assert first not in {"آقای", "حضرت", "آیتالله", "دکتر", "خانم"}, entity.text


def test_surname_alone_gets_the_full_name():
    text = "دکتر محمد جواد ظریف به تهران رفت. ظریف گفت که دیدار مفید بود."
    people = [entity for entity in find_entities(text) if entity.label == "PER"]
    full = [entity for entity in people if entity.text == "محمد جواد ظریف"]
    assert full and full[0].title is not None and full[0].title.text == "دکتر"
    surname = [entity for entity in people if entity.text == "ظریف"]
    assert surname and surname[0].canonical == "محمد جواد ظریف"


def test_resolve_people_prefers_the_fullest_name():
    def person(text: str, start: int) -> Entity:
        return Entity(text=text, label="PER", start=start, end=start + len(text), canonical=text)

    mentions = [person("هنیه", 0), person("اسماعیل هنیه", 10), person("حسن روحانی", 30), person("روحانی", 50)]
    entities_module._resolve_people(mentions)
    assert [entity.canonical for entity in mentions] == [
        "اسماعیل هنیه",
        "اسماعیل هنیه",
        "حسن روحانی",
        "حسن روحانی",
    ]


TITLE_CASES = json.loads((CASES / "entities" / "titles.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", TITLE_CASES, ids=[case["sentence"][:30] for case in TITLE_CASES])
def test_titles_and_office_phrases(case):
    sentence = case["sentence"]
    words = [sentence[a:b] for a, b in tokenize(sentence)]
    forms = [canonical(word) for word in words]
    first, last = words.index(case["name"]), words.index(case["last"]) + 1
    before = first - 1 if words[first - 1] == "«" else first
    after = last + 1 if last < len(words) and words[last] == "»" else last
    start = honorifics_before(forms, before)
    assert " ".join(words[start:before]) == case["title"]
    end = office_after(forms, after)
    role = " ".join(words[after:end]) if end > after else " ".join(words[office_before(forms, start) : start])
    assert role == case["role"]


def test_annotate_entities_fills_the_document():
    text = "اسماعیل هنیه در غزه با خبرنگاران گفت‌وگو کرد."
    document = Document(source=Source(sha256="0" * 64, size=len(text.encode())), text=text)
    annotate_entities(document)
    assert any(entity.label == "PER" and entity.text == "اسماعیل هنیه" for entity in document.entities)
    assert any(entity.label == "LOC" and entity.text == "غزه" for entity in document.entities)


def test_empty_and_non_persian_text():
    assert find_entities("") == []
    assert find_entities("...  ؟") == []
    for entity in find_entities("Reuters said 42."):
        assert entity.start < entity.end


def test_gazetteer_files_are_clean():
    for filename in gazetteers.FILES.values():
        lines = gazetteers.read_lines(filename)
        assert lines, filename
        assert len(lines) == len(set(lines)), f"duplicates in {filename}"
        for line in lines:
            assert unicodedata.normalize("NFC", line) == line
            assert "ي" not in line and "ك" not in line, line
            assert not line.endswith(ZWNJ) and f"{ZWNJ} " not in line and f" {ZWNJ}" not in line


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data")
def test_built_gazetteers_match_a_rebuild():
    from dabir.lang.fa import build_gazetteers

    for filename, text in build_gazetteers.build(SHARED).items():
        shipped = (build_gazetteers.HERE / filename).read_text(encoding="utf-8")
        assert shipped == text, f"{filename} differs from a rebuild: run dabir-train gazetteers"


@pytest.mark.skipif(not (SHARED / "ner" / "peyma").is_dir(), reason="needs ../shared/data/ner")
def test_shipped_model_still_scores_on_a_dev_split():
    from dabir.train.ner import read_conll
    from dabir.train.scoring import score

    sentences = read_conll(SHARED / "ner" / "peyma" / "dev.txt", "|")[:300]
    gold = [tags for _, tags in sentences]
    predicted = [entities_module.tag_words(words) for words, _ in sentences]
    assert score(gold, predicted, ("PER", "ORG", "LOC"))["micro"].f1 > 0.6


def test_extract_fills_entities(seed_text: str):
    from dabir.extract import extract_text

    document = extract_text(seed_text, "seed.txt")
    assert any(
        entity.label == "PER" and plain(entity.text) == plain("اسماعیل هنیه") for entity in document.entities
    )
    assert any(entity.label == "LOC" and entity.text == "غزه" for entity in document.entities)
    for entity in document.entities:
        assert document.text[entity.start : entity.end] == entity.text
