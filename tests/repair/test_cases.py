"""Data-driven repair cases (tests/cases/repair/*.json), one parametrized test per file, grouped by origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dabir.repair import repair

CASE_DIR = Path(__file__).resolve().parents[1] / "cases" / "repair"


def _cases(name: str) -> list[dict]:
    return json.loads((CASE_DIR / name).read_text(encoding="utf-8"))["cases"]


def _ids(cases: list[dict]) -> list[str]:
    return [case["input"][:30] for case in cases]


@pytest.mark.parametrize("case", _cases("in-the-wild.json"), ids=_ids(_cases("in-the-wild.json")))
def test_in_the_wild(case):
    assert repair(case["input"]).text == case["expect"]


@pytest.mark.parametrize("case", _cases("synthetic.json"), ids=_ids(_cases("synthetic.json")))
def test_synthetic(case):
    assert repair(case["input"]).text == case["expect"]


@pytest.mark.parametrize("case", _cases("negative.json"), ids=_ids(_cases("negative.json")))
def test_negative_cases_do_not_change(case):
    result = repair(case["input"])
    assert result.text == case["input"], [e.as_dict() for e in result.edits]


@pytest.mark.parametrize("case", _cases("known-failures.json"), ids=_ids(_cases("known-failures.json")))
def test_known_failures_still_fail(case):
    """When one of these starts to pass, move it to the file it belongs in."""
    assert case["expect_result"] == "fail"
    assert repair(case["input"]).text != case["expect"] or case["input"] == case["expect"]


def test_every_case_is_nfc_and_repairs_idempotently():
    import unicodedata

    for name in ("in-the-wild.json", "synthetic.json", "negative.json"):
        for case in _cases(name):
            for text in (case["input"], case.get("expect", case["input"])):
                assert unicodedata.normalize("NFC", text) == text
            once = repair(case["input"]).text
            assert repair(once).text == once


def test_real_news_documents_repair_idempotently():
    """The statement fixtures are 213 real Fars News articles: a second repair changes nothing in any of them."""
    data = Path(__file__).resolve().parents[1] / "data" / "statements"
    texts = [
        json.loads(line)["text"]
        for name in ("dev.jsonl", "heldout.jsonl")
        for line in (data / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(texts) > 200
    unstable = [text[:40] for text in texts if repair(once := repair(text).text).text != once]
    assert unstable == []
