"""Input past a ceiling, or more than memory holds, is one line naming the file and exit 2, never a traceback."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from dabir import extract
from dabir.cli import main
from dabir.errors import InputTooLarge
from dabir.extract import extract_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = str(EXAMPLES / "seed.txt")


@pytest.fixture
def run(capsys):
    def invoke(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 0
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _out_of_memory(*args, **kwargs):
    raise MemoryError


def test_out_of_memory_in_extract_is_one_line_naming_the_file(run, monkeypatch):
    monkeypatch.setattr(extract, "repair", _out_of_memory)
    code, out, err = run("extract", SEED)
    assert (code, out) == (2, "")
    assert err == f"dabir: error: {SEED}: too large: more than the memory at hand holds\n"


def test_out_of_memory_in_repair_is_one_line_naming_stdin(run, monkeypatch):
    import dabir.commands.repair as command

    monkeypatch.setattr(command, "repair", _out_of_memory)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("او میکرد".encode()), encoding="utf-8"))
    code, _, err = run("repair", "-")
    assert code == 2
    assert err == "dabir: error: <stdin>: too large: more than the memory at hand holds\n"


def test_out_of_memory_in_a_folder_names_the_file_and_goes_on(run, monkeypatch, tmp_path):
    shutil.copy(EXAMPLES / "hajj-report.txt", tmp_path / "a.txt")
    shutil.copy(EXAMPLES / "economy-report.txt", tmp_path / "b.txt")
    economy = (EXAMPLES / "economy-report.txt").read_text(encoding="utf-8")
    real = extract.repair

    def repair(text, options=None):
        return _out_of_memory() if text.strip()[:40] == economy.strip()[:40] else real(text, options)

    monkeypatch.setattr(extract, "repair", repair)
    code, out, err = run("extract", str(tmp_path))
    assert code == 0 and out.count("\n") == 1
    assert f"failed: {tmp_path / 'b.txt'}: too large: more than the memory at hand holds" in err


def test_a_text_past_the_character_ceiling_is_refused_before_any_work(run, monkeypatch):
    monkeypatch.setattr(extract, "MAX_DOCUMENT_CHARS", 1000)
    monkeypatch.setattr(extract, "repair", _out_of_memory)  # never reached
    code, out, err = run("extract", SEED)
    assert (code, out) == (2, "")
    assert err.startswith(f"dabir: error: {SEED}: too large: ") and err.endswith("(the limit is 1,000)\n")
    assert err.count("\n") == 1


def test_too_many_paragraphs_are_refused():
    text = "\n".join(["رئیس‌جمهور امروز به تهران بازگشت."] * 30)
    extract_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "MAX_PARAGRAPHS", 29)
        with pytest.raises(InputTooLarge, match="too many paragraphs"):
            extract_text(text)
