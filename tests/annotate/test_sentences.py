"""Sentences: the case files under tests/cases/sentences, the abbreviation list, and UD dev when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dabir.annotate.sentences import abbreviations, find_sentences, split
from dabir.extract import extract_text
from dabir.train.shared_data import SHARED_DATA

CASES = Path(__file__).resolve().parent.parent / "cases" / "sentences"

UD = SHARED_DATA / "ud"


def _load(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _load("synthetic.json"), ids=lambda case: case["text"][:30])
def test_sentences(case: dict) -> None:
    assert split(case["text"]) == case["sentences"]


@pytest.mark.parametrize("case", _load("known-failures.json"), ids=lambda case: case["text"][:30])
def test_known_failures_still_fail(case: dict) -> None:
    """Kept visible: when one starts passing, move it to synthetic.json."""
    assert split(case["text"]) != case["sentences"]


def test_semicolon_can_end_sentences() -> None:
    assert split("قیمت‌ها بالا رفت؛ مردم نگران شدند.", semicolon=True) == [
        "قیمت‌ها بالا رفت؛",
        "مردم نگران شدند.",
    ]


def test_sentences_point_into_the_text_and_name_their_paragraph() -> None:
    text = "  عنوان\n\nاو آمد.  او رفت.\n"
    sentences = find_sentences(text)
    assert [(text[s.start : s.end], s.paragraph) for s in sentences] == [
        ("عنوان", 0),
        ("او آمد.", 1),
        ("او رفت.", 1),
    ]


def test_page_break_sentence_is_joined_by_the_repair() -> None:
    text = (
        "عنوان خبر\n\nآقای اسماعیل هنیه خطاب به رهبر انقلاب اسلامی گفت: ما در حضور جنابعالی تاکید میکنیم که"
        " گروههای مقاومت\n\n\n\nاز یک وجب از خاک فلسطین هم عقب نشینی نخواهند کرد.\n"
    )
    document = extract_text(text)
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    assert len(sentences) == 2 and sentences[1].endswith("نخواهند کرد.")


def test_abbreviation_list_loads_with_its_provenance() -> None:
    assert {"ج.ا.ا", "ق.م", "ه.ش", "م"} <= abbreviations()
    source = (Path(__file__).resolve().parents[2] / "src/dabir/lang/fa/abbreviations.txt").read_text("utf-8")
    assert "roshan-research/hazm" in source.splitlines()[1]


def _ud_f1(path: Path, group: int = 10) -> float:
    sentences = [
        line[9:].strip() for line in path.read_text("utf-8").splitlines() if line.startswith("# text = ")
    ]
    hits = predicted = gold = 0
    for first in range(0, len(sentences), group):
        chunk = sentences[first : first + group]
        text = " ".join(chunk)
        boundaries, position = set(), 0
        for sentence in chunk[:-1]:
            position += len(sentence)
            boundaries.add(position)
            position += 1
        found = {s.end for s in find_sentences(text)[:-1]}
        hits += len(found & boundaries)
        predicted += len(found)
        gold += len(boundaries)
    precision, recall = hits / predicted, hits / gold
    return 2 * precision * recall / (precision + recall)


@pytest.mark.skipif(not UD.is_dir(), reason="needs ../shared/data/ud")
@pytest.mark.parametrize("name", ["fa_perdt-ud-dev.conllu", "fa_seraji-ud-dev.conllu"])
def test_ud_dev_boundary_f1(name: str) -> None:
    """The dev files only (the test files are for benchmarks/sentences_bench.py)."""
    assert _ud_f1(UD / name) >= 0.95


HAZM_ABBREVIATIONS = UD.parent / "lexicon" / "hazm" / "abbreviations.dat"


@pytest.mark.skipif(not HAZM_ABBREVIATIONS.is_file(), reason="needs ../shared/data/lexicon/hazm")
def test_abbreviations_match_their_source() -> None:
    """The shipped copy is hazm's list unchanged (below the provenance header)."""
    shipped = Path(__file__).resolve().parents[2] / "src/dabir/lang/fa/abbreviations.txt"
    body = [line for line in shipped.read_text("utf-8").splitlines() if not line.startswith("#")]
    assert body == HAZM_ABBREVIATIONS.read_text("utf-8").splitlines()
