"""`dabir ingest/search/show/stats/export` end to end, on real files, on both backends."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import cli

from dabir.archive import open_archive

REPORTS = {
    "politics/haniyeh.txt": (
        "دیدار رئیس دفتر سیاسی حماس با رهبر انقلاب\n\n"
        "تهران - ۳۱ خرداد ۱۴۰۲ - اسماعیل هنیه رئیس دفتر سیاسی جنبش حماس با رهبر انقلاب دیدار کرد.\n\n"
        "هنیه در این دیدار گفت: گروه های مقاومت در نبرد اخیر غزه متحدتر از همیشه بودند.\n"
    ),
    "economy/inflation.txt": (
        "تورم اردیبهشت اعلام شد\n\n"
        "بانک مرکزي اعلام كرد نرخ تورم نقطه به نقطه در ارديبهشت ماه به ۴۵ درصد رسيد.\n"
    ),
    "sport/football.txt": (
        "پیروزی تیم ملی در دیدار دوستانه\n\n"
        "تهران - ۱۵ فروردین ۱۴۰۱ - تیم ملی فوتبال ایران در دیداری دوستانه با نتیجه دو بر یک پیروز شد.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for name, text in REPORTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_search_show_stats_export(capsys, corpus: Path, db_url: str, tmp_path: Path) -> None:
    shutil.copy(corpus / "economy/inflation.txt", corpus / "copy-of-inflation.txt")
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    code, out, err = cli(capsys, "ingest", str(corpus), "--db", db_url, "--jobs", "2")
    assert code == 1  # a file failed: reported, the rest ingested
    assert "ingested 3," in out and "duplicates 1," in out and "failed 1" in out
    assert "broken.txt" in err and "binary" in err

    code, out, _ = cli(capsys, "search", "گروه‌های مقاومت", "--db", db_url, "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert hit["title"] == "دیدار رئیس دفتر سیاسی حماس با رهبر انقلاب"
    assert hit["date"] == {"jalali": "1402-03-31", "gregorian": "2023-06-21"}
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == [
        "گروه\u200cهای",
        "مقاومت",
    ]  # repaired: ZWNJ restored

    # statements and entities from the real extraction are stored and filtered on
    code, out, _ = cli(capsys, "search", "مقاومت", "--speaker", "هنيه", "--db", db_url, "--json")
    (said,) = json.loads(out)
    assert said["id"] == hit["id"] and "مقاومت" in said["statements"][0]["content"]
    code, out, _ = cli(capsys, "search", "", "--entity", "حماس", "--db", db_url, "--json")
    assert [h["id"] for h in json.loads(out)] == [hit["id"]]

    code, out, _ = cli(capsys, "search", "اردیبهشت", "--db", db_url)
    assert code == 0 and "تورم اردیبهشت اعلام شد" in out and "[اردیبهشت]" in out

    for bound in ("1402-03-01", "۱ خرداد ۱۴۰۲", "2023-05-22"):
        code, out, err = cli(capsys, "search", "دیدار", "--from", bound, "--db", db_url, "--json")
        assert code == 0, err
        assert [h["path"].rsplit("/", 1)[-1] for h in json.loads(out)] == ["haniyeh.txt"]

    code, out, _ = cli(capsys, "show", str(hit["id"]), "--db", db_url)
    assert code == 0 and "1402-03-31" in out and "haniyeh.txt" in out and "هنیه در این دیدار گفت" in out
    code, out, _ = cli(capsys, "show", str(hit["id"]), "--db", db_url, "--json")
    assert json.loads(out)["record"]["source"]["path"].endswith("haniyeh.txt")

    code, out, _ = cli(capsys, "stats", "--db", db_url, "--json")
    stats = json.loads(out)
    assert (stats["documents"], stats["paths"]) == (3, 4)

    code, out, _ = cli(capsys, "export", "--format", "jsonl", "--db", db_url)
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3 and all(r["record"]["text"] for r in records)
    target = tmp_path / "export.csv"
    code, _, err = cli(capsys, "export", "--format", "csv", "--output", str(target), "--db", db_url)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert code == 0 and "exported 3" in err and len(rows) == 3
    assert {row["date_jalali"] for row in rows} == {"1402-03-31", "1401-01-15", ""}


def test_reingest_changes_nothing_and_an_edit_is_an_update(capsys, corpus: Path, db_url: str) -> None:
    assert cli(capsys, "ingest", str(corpus), "--db", db_url, "--jobs", "1")[0] == 0
    code, out, _ = cli(capsys, "ingest", str(corpus), "--db", db_url)
    assert code == 0 and "ingested 0, unchanged 3, updated 0" in out
    edited = corpus / "sport/football.txt"
    edited.write_text(REPORTS["sport/football.txt"].replace("دو بر یک", "سه بر صفر"), encoding="utf-8")
    code, out, _ = cli(capsys, "ingest", str(corpus), "--db", db_url)
    assert "unchanged 2, updated 1" in out
    code, out, _ = cli(capsys, "search", "سه بر صفر", "--db", db_url, "--json")
    assert len(json.loads(out)) == 1
    code, out, _ = cli(capsys, "search", '"دو بر یک"', "--db", db_url, "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "تهران", "--from", "دیروز"], "cannot read"),
        (["search", "تهران", "--from", "1402-13-40"], "not a valid date"),
        (["search", "--", "-تهران"], "at least one word"),
        (["search", ""], "nothing to search for"),
        (["show", "999"], "no document with id 999"),
        (["export", "--format", "xml"], "jsonl or csv"),
        (["ingest", "/no/such/folder", "--jobs", "1"], "/no/such/folder: no such file"),
    ],
)
def test_user_errors_are_one_line(capsys, corpus: Path, db_url: str, args: list[str], message: str) -> None:
    open_archive(db_url).close()  # an empty archive
    code, _, err = cli(capsys, args[0], "--db", db_url, *args[1:])
    assert code in (1, 2) and message in err and "Traceback" not in err


def test_missing_archive_is_a_clear_error_and_db_env_is_used(capsys, tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "nothing-here.sqlite3"
    code, _, err = cli(capsys, "search", "تهران", "--db", str(missing))
    assert code == 2 and "no archive here yet" in err and not missing.exists()
    monkeypatch.setenv("DABIR_DB", str(tmp_path / "env.sqlite3"))
    (tmp_path / "one.txt").write_text(REPORTS["sport/football.txt"], encoding="utf-8")
    assert cli(capsys, "ingest", str(tmp_path / "one.txt"), "--jobs", "1")[0] == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_search_lists_statements_with_a_bullet_that_is_no_quote_mark(
    capsys, corpus: Path, db_url: str
) -> None:
    assert cli(capsys, "ingest", str(corpus), "--db", db_url, "--jobs", "1")[0] == 0
    code, out, _ = cli(capsys, "search", "مقاومت", "--speaker", "هنیه", "--db", db_url)
    statement_lines = [line for line in out.splitlines() if "هنیه (" in line]
    assert code == 0 and statement_lines
    assert all(line.startswith("   • ") for line in statement_lines), statement_lines


def test_ingest_of_a_missing_file_is_exit_2_before_anything_is_read(
    capsys, corpus: Path, db_url: str
) -> None:
    code, _, err = cli(capsys, "ingest", str(corpus), str(corpus / "missing.txt"), "--db", db_url)
    assert code == 2 and f"{corpus / 'missing.txt'}: no such file" in err
    with open_archive(db_url) as archive:
        assert archive.stats()["documents"] == 0


def test_ingest_of_a_folder_with_nothing_to_read_is_exit_2(capsys, tmp_path: Path, db_url: str) -> None:
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    code, _, err = cli(capsys, "ingest", str(tmp_path), "--db", db_url, "--jobs", "1")
    assert code == 2 and f"{tmp_path}: no readable documents" in err
