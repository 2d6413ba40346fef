"""`dabir repair` from the command line: output, --json, --lines and one-line errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dabir.repair.edits import Edit, apply_edits


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dabir", *args], input=stdin, capture_output=True, timeout=120
    )


def test_json_edits_replay_against_the_original(seed_text, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    done = run("repair", "--json", str(path))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    edits = [Edit(e["start"], e["end"], e["before"], e["after"], e["rule"]) for e in data["edits"]]
    for edit in edits:
        assert seed_text[edit.start : edit.end] == edit.before
    assert apply_edits(seed_text, edits) == data["text"]


def test_lines_keeps_one_line_per_input_line():
    lines = "ميكرد\n\nكتاب ها\nسلام\n"
    done = run("repair", "--lines", "-", stdin=lines.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().count("\n") == 4


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty file"), (b"\x00\x01\x02binary", "binary format"), (b"\xe1\xe4\xff\xfe1", "not UTF-8")],
)
def test_bad_input_is_one_line_with_exit_2(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    done = run("repair", str(path))
    assert done.returncode == 2
    err = done.stderr.decode()
    assert problem in err and str(path) in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_missing_file_and_directory(tmp_path):
    for target, problem in [(tmp_path / "nope.txt", "no such file"), (tmp_path, "is a directory")]:
        done = run("repair", str(target))
        assert done.returncode == 2 and problem in done.stderr.decode()


def test_in_place_writes_atomically(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("ميكرد\n", encoding="utf-8")
    done = run("repair", "--in-place", str(path))
    assert done.returncode == 0, done.stderr
    assert "ي" not in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]
