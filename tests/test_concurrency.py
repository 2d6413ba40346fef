"""Many threads give what one thread gives: the API repairs and extracts on a thread pool, and every model or
cache shared between threads (the letter CRF, the NER CRF and network, the per-word caches) must not mix one
request's state into another's.

A small switch interval makes Python hand the GIL over between almost every bytecode, so an unguarded
``tag()`` .. ``marginal()`` sequence on a shared crfsuite Tagger is interleaved within a few hundred words."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from dabir.extract import extract_text
from dabir.lang.fa.script import ZWNJ
from dabir.repair import halfspace, halfspace_char, halfspace_morph, halfspace_pairs, repair


def forget_words() -> None:
    """Empty the per-word decision caches (as benchmarks/repair_hooks.forget_words does)."""
    halfspace._PLAIN.clear()
    halfspace._NO_HEADS.clear()
    halfspace_pairs.inflected_heads.cache_clear()
    halfspace_morph.restore_word.cache_clear()
    halfspace_pairs.join_pair.cache_clear()

ROOT = Path(__file__).resolve().parents[1]
UD_DEV = ROOT.parent / "shared" / "data" / "ud" / "fa_perdt-ud-dev.conllu"
THREADS = 4


def documents() -> list[str]:
    """Real Persian documents: the bundled examples, the repair cases' inputs and, where ``../shared`` is
    present, UD PerDT dev sentences in groups of five with every ZWNJ stripped (text that lost its ZWNJs)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt"))]
    for name in ("in-the-wild.json", "synthetic.json", "negative.json"):
        cases = json.loads((ROOT / "tests" / "cases" / "repair" / name).read_text(encoding="utf-8"))["cases"]
        texts.extend(case["input"] for case in cases)
    if UD_DEV.is_file():
        sentences = [
            line[len("# text = ") :].strip().replace(ZWNJ, "")
            for line in UD_DEV.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")
        ]
        texts.extend(" ".join(sentences[i : i + 5]) for i in range(0, min(len(sentences), 750), 5))
    return texts


@contextmanager
def eager_switching() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def threaded(function: Callable[[str], object], inputs: list[str]) -> list[object]:
    with eager_switching(), ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(function, inputs))


def test_letter_model_gives_each_thread_its_own_answer():
    words = sorted({word.replace(ZWNJ, "") for text in documents() for word in text.split()})
    words = [word for word in words if len(word) >= halfspace_char.MIN_LENGTH] * 3
    serial = [halfspace_char.tag(word) for word in words]
    assert any(serial), "the letter model should put a ZWNJ in some of these words"
    assert threaded(halfspace_char.tag, words) == serial


def test_repair_on_threads_equals_serial():
    texts = documents()
    forget_words()
    serial = [repair(text).as_dict() for text in texts]
    forget_words()  # the threads decide every word again, through the shared models
    assert threaded(lambda text: repair(text).as_dict(), texts) == serial


@pytest.mark.slow
def test_extract_on_threads_equals_serial():
    texts = documents()[:60]
    serial = [extract_text(text).model_dump_json() for text in texts]
    forget_words()
    assert threaded(lambda text: extract_text(text).model_dump_json(), texts) == serial
