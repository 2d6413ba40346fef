"""SIGKILL an ingest mid-run: the archive opens, holds only whole documents, and a rerun completes it.

The ingest runs as a real ``dabir ingest --jobs 2`` subprocess (in its own process group, so the kill takes
its workers too); the test reads the archive while it is being written (WAL readers) and kills the group
once a few batches are committed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dabir.archive import open_archive

FILES = 150
PARAGRAPHS = [
    "به گزارش خبرگزاری فارس، وزیر امور خارجه در دیدار با همتای خود گفت: مذاکرات ادامه دارد.",
    "رئیس سازمان برنامه و بودجه اعلام کرد که بودجه سال آینده با کسری کمتری بسته می‌شود.",
    "گروه‌های مقاومت در بیانیه‌ای از مردم غزه حمایت کردند و خواستار آتش‌بس فوری شدند.",
    "سخنگوی دولت در نشست خبری هفتگی افزود: قیمت کالاهای اساسی تا پایان سال ثابت می‌ماند.",
    "تیم ملی فوتبال ایران برای دیدار با ژاپن راهی دوحه شد و سرمربی از آمادگی بازیکنان خبر داد.",
]


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for number in range(FILES):
        paragraphs = [PARAGRAPHS[(number + k) % len(PARAGRAPHS)] for k in range(3)]
        text = f"گزارش شماره {number}\n\n" + "\n\n".join(paragraphs) + f"\n\nکد خبر {number}\n"
        (folder / f"report-{number:04}.txt").write_text(text, encoding="utf-8")


def _count(url: str) -> int:
    """Documents committed so far, read by a separate connection while the ingest writes."""
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url) as connection:
            if connection.execute("SELECT to_regclass('documents')").fetchone()[0] is None:
                return 0
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    if not Path(url).exists():
        return 0
    try:
        with sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _ingest(folder: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dabir", "ingest", str(folder), "--db", url, "--jobs", "2", "--batch", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "corpus"
    _corpus(folder)
    process = _ingest(folder, db_url)
    deadline = time.monotonic() + 100
    while _count(db_url) < 10:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the ingest committed nothing in time"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    with open_archive(db_url, create=False) as archive:
        if hasattr(archive, "integrity_problems"):
            assert archive.integrity_problems() == []
        kept = archive.stats()["documents"]
        assert 10 <= kept < FILES, "the kill must land mid-run"
        for stored in archive.iter_documents():
            (path,) = stored.paths
            number = int(Path(path).stem.split("-")[1])
            # whole: text from its first line to its last, record and index row all present
            assert stored.document.text.startswith(f"گزارش شماره {number}")
            assert stored.document.text.rstrip().endswith(f"کد خبر {number}")
            assert [hit.id for hit in archive.search(f'"کد خبر {number}"')] == [stored.id]
        if db_url.endswith(".sqlite3"):
            rows = archive._execute("SELECT count(*) FROM search_index")[0][0]
            assert rows == kept

    rerun = _ingest(folder, db_url)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert f"ingested {FILES - kept}, unchanged {kept}," in out.decode()
    with open_archive(db_url, create=False) as archive:
        assert archive.stats()["documents"] == FILES
