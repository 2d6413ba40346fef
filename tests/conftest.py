from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a red CI must be reproducible); locally each run draws anew.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (EXAMPLES / "seed.txt").read_text(encoding="utf-8")


def pytest_sessionstart(session: pytest.Session) -> None:
    """CI sets ``DABIR_REQUIRE_SHARED``: the tests that read ``../shared/data`` must run there, not skip."""
    from dabir.train.shared_data import SHARED_DATA

    if os.environ.get("DABIR_REQUIRE_SHARED") and not SHARED_DATA.is_dir():
        raise pytest.UsageError(
            f"DABIR_REQUIRE_SHARED is set but {SHARED_DATA} is missing: check out ../shared beside the repository "
            "or set DABIR_SHARED_DATA"
        )
