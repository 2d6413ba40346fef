"""Engine test fixtures: a Dask LocalCluster of two worker processes, a corpus made from examples/, and the
archive suite's real PostgreSQL server (its fixtures, loaded from tests/archive/conftest.py, not copied).

Not a conftest.py: the archive tests import their conftest by the bare name ``conftest``, which another
conftest module in the same run could shadow.  The test modules import these fixtures instead."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_spec = importlib.util.spec_from_file_location(
    "dabir_archive_fixtures", Path(__file__).resolve().parents[1] / "archive" / "conftest.py"
)
archive_fixtures = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(archive_fixtures)  # type: ignore[union-attr]
postgres_server = archive_fixtures.postgres_server
fresh_database = archive_fixtures.fresh_database

PLACES = ("تهران", "تبریز", "مشهد", "شیراز", "اصفهان", "اهواز")
DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def variant(text: str, number: int) -> str:
    """A different but realistic report: a numbered dateline place, paragraphs in another order, a note."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    head, body = paragraphs[:2], paragraphs[2:]
    shift = number % len(body) if body else 0
    body = body[shift:] + body[:shift]
    note = f"این گزارش شماره {str(number).translate(DIGITS)} از دفتر {PLACES[number % len(PLACES)]} است."
    return "\n\n".join([*head, *body, note]) + "\n"


def make_corpus(folder: Path, count: int, duplicates: int) -> dict[str, int]:
    """``count`` distinct reports in sub-folders, ``duplicates`` copies of some under other names, one bad
    PDF; returns the numbers the tests expect."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    for number in range(count):
        target = folder / f"batch{number % 7}" / f"report-{number:04}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(variant(texts[number % len(texts)], number), encoding="utf-8")
    copies = folder / "copies"
    copies.mkdir()
    for number in range(duplicates):
        source = folder / f"batch{number % 7}" / f"report-{number:04}.txt"
        shutil.copy(source, copies / f"copy-{number:04}.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not a PDF at all")
    return {"distinct": count, "files": count + duplicates + 1, "failed": 1}


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    """A warmed-up client on a LocalCluster of 2 single-threaded worker processes."""
    from dabir.engines.dask_engine import connect

    with connect(None, workers=2, threads=1) as client:
        yield client
