"""`dabir extract` and `dabir schema` from the command line: JSON, text, folders, and one-line errors."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dabir.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass
class Done:
    returncode: int
    stdout: bytes
    stderr: bytes


@pytest.fixture
def run(capsys, monkeypatch):
    """Run ``dabir ARGS`` in this process (the lexicons load once), as the console script would."""

    def invoke(*args: str, stdin: bytes | None = None) -> Done:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = 0
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        out, err = capsys.readouterr()
        return Done(code, out.encode(), err.encode())

    return invoke


def test_extract_seed_as_json(run) -> None:
    done = run("extract", str(EXAMPLES / "seed.txt"))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["title"]["text"] == "دیدار رئیس دفتر سیاسی حماس و هیأت همراه"
    assert data["date"]["jalali"] == "1402-03-31" and data["date"]["gregorian"] == "2023-06-21"
    assert {"source", "text", "edits", "paragraphs", "sentences", "tokens", "entities", "statements"} <= set(
        data
    )
    for key in ("path", "encoding", "format", "sha256"):
        assert data["source"][key]
    text = data["text"]
    for token in data["tokens"]:
        assert text[token["start"] : token["end"]] == token["text"]


def test_extract_stdin_as_text(run) -> None:
    report = "خبر کوتاه\n\nتهران - ۱۵ مهر ۱۴۰۲ - وزیر گفت: «کار تمام است. ما آماده‌ایم.» او رفت.\n"
    done = run("extract", "--format", "text", "-", stdin=report.encode())
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "title: خبر کوتاه" in out and "1402-07-15" in out
    assert "«کار تمام است. ما آماده‌ایم.»\n" in out


def test_extract_folder_writes_one_line_per_document_and_survives_a_bad_file(run, tmp_path: Path) -> None:
    for name in ("seed.txt", "hajj-report.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes").mkdir()
    shutil.copy(EXAMPLES / "economy-report.txt", tmp_path / "notes" / "economy.txt")
    done = run("extract", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 3
    titles = [json.loads(line)["title"]["text"] for line in lines]
    assert "دیدار رئیس دفتر سیاسی حماس و هیأت همراه" in titles
    err = done.stderr.decode()
    assert "3 of 4 documents extracted, 1 failed" in err and "empty.txt" in err and "Traceback" not in err


def test_bad_single_input_is_one_line_exit_2(run, tmp_path: Path) -> None:
    missing = run("extract", str(tmp_path / "nope.txt"))
    empty_file = tmp_path / "empty.txt"
    empty_file.write_bytes(b"  \n")
    empty = run("extract", str(empty_file))
    bad_format = run("extract", "--format", "xml", str(EXAMPLES / "seed.txt"))
    for done in (missing, empty, bad_format):
        assert done.returncode == 2
        assert done.stderr.decode().count("\n") == 1 and "Traceback" not in done.stderr.decode()
    assert "nope.txt" in missing.stderr.decode() and "empty.txt" in empty.stderr.decode()


def test_schema_is_the_document_json_schema() -> None:
    """Through the real entry point once, in a child process."""
    done = subprocess.run([sys.executable, "-m", "dabir", "schema"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert schema["title"] == "Document"
    assert {"title", "date", "dates", "sentences", "tokens"} <= set(schema["properties"])
