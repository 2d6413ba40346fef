"""Every shipped artifact rebuilds byte for byte from ``../shared/data`` (``dabir-train verify`` does the same).

The lexicon and the gazetteers have their own tests (tests/repair/test_halfspace.py, tests/annotate/
test_entities.py); the entity CRF, the word classes and the network take ten minutes to an hour each, so only
``dabir-train verify --slow`` retrains them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from dabir.train import verify
from dabir.train.shared_data import SHARED_DATA

needs_shared = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")


@needs_shared
@pytest.mark.parametrize("name", ["compounds", "learned-entities"])
def test_quick_artifacts_rebuild_byte_for_byte(name):
    assert verify.verify(SHARED_DATA, [name]) == {name: "ok"}


@needs_shared
def test_learned_entities_do_not_depend_on_the_hash_seed(tmp_path):
    """Set order follows PYTHONHASHSEED; the learned lexicon must not."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"lexicon-{seed}.txt"
        subprocess.run(
            [sys.executable, "-m", "dabir.train", "ner", "--data", str(SHARED_DATA), "--lexicon-only"]
            + ["--lexicon-out", str(out)],
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@needs_shared
@pytest.mark.slow
def test_letter_model_rebuilds_byte_for_byte():
    assert verify.verify(SHARED_DATA, ["letter-model"]) == {"letter-model": "ok"}


def test_verify_lists_every_shipped_artifact():
    from dabir.commands.models import ARTIFACTS

    rebuilt = {entry["verify"] for entry in ARTIFACTS if entry.get("verify")}
    assert rebuilt <= set(verify.CHECKS)
    assert set(verify.CHECKS) <= rebuilt
