"""A dabir JSON record claims the sha256 of the file it came from; a forged claim must not stand for that file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dabir.archive import open_archive
from dabir.archive.ingest import ingest
from dabir.extract import extract_text

REAL = "تهران - سخنگوی وزارت نیرو گفت: خاموشی‌های برنامه‌ریزی‌شده از فردا در پایتخت لغو می‌شود.\n"
FORGED = "سخنگوی وزارت نیرو گفت: خاموشی‌ها تا پایان تابستان ادامه می‌یابد.\n"


def test_forged_record_does_not_shadow_the_real_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    real = folder / "z-real.txt"  # walked after the record: the record is stored first
    real.write_text(REAL, encoding="utf-8")
    forged = extract_text(FORGED, "real.txt")
    forged.source = forged.source.model_copy(update={"sha256": hashlib.sha256(real.read_bytes()).hexdigest()})
    (folder / "a-record.json").write_text(forged.model_dump_json(), encoding="utf-8")

    archive = open_archive(str(tmp_path / "archive.sqlite3"))
    try:
        report = ingest(archive, [str(folder)])
        assert report.counts["ingested"] == 2, report.counts
        hits = archive.search("لغو")
        assert len(hits) == 1
        stored = archive.get(hits[0].id)
        assert stored is not None and "لغو می‌شود" in stored.document.text
        assert str(real.resolve()) in stored.paths
        again = ingest(archive, [str(folder)])  # the record is keyed by its own bytes: unchanged next time
        assert again.counts["unchanged"] == 2, again.counts
    finally:
        archive.close()
