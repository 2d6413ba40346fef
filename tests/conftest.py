from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (EXAMPLES / "seed.txt").read_text(encoding="utf-8")
