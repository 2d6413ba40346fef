"""Fixtures for the reader tests: the seed report written in every format the readers accept."""

from __future__ import annotations

from pathlib import Path

import pytest

FONTS = Path(__file__).resolve().parents[2] / "src" / "dabir" / "web" / "static" / "fonts"


@pytest.fixture(scope="session")
def seed_paragraphs(seed_text: str) -> list[str]:
    """The seed's paragraphs (the page-break gap inside the last one counts as a paragraph break here)."""
    return [block.strip() for block in seed_text.strip().split("\n\n") if block.strip()]


@pytest.fixture(scope="session")
def font_path() -> Path:
    return FONTS / "Vazirmatn-Regular.ttf"


@pytest.fixture(scope="session")
def seed_pdf(seed_text: str, font_path: Path) -> bytes:
    """The seed as a two-page shaped PDF (drawing it takes seconds, so it is drawn once)."""
    from make_formats import make_pdf

    return make_pdf(seed_text, font_path)
