"""The command line as a new user meets it: help, the order of commands, one wording for bad input, and files
left as they were found."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import typer
from cli_helpers import cli

from dabir.cli import WORKFLOW, app

SAMPLE = "به گزارش خبرگزاری فارس، اسماعیل هنیه در این دیدار گفت: گروه هاي مقاومت متحدتر از همیشه هستند.\n"


def _commands() -> dict:
    """The click commands typer builds (typer carries its own click, so no click types here)."""
    return dict(typer.main.get_command(app).commands)


def test_commands_are_listed_in_workflow_order(capsys) -> None:
    code, out, _ = cli(capsys, "--help")
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert code == 0 and listed == list(WORKFLOW)


@pytest.mark.parametrize("name", WORKFLOW)
def test_help_shows_flags_as_plain_flags_and_every_option_has_a_text(capsys, name: str) -> None:
    code, out, _ = cli(capsys, name, "--help")
    assert code == 0 and "<bool>" not in out
    for param in _commands()[name].params:
        if param.param_type_name == "option":
            assert param.help, f"{name} {param.opts[0]} has no help text"


def test_a_flag_given_a_value_is_an_error_naming_it(capsys) -> None:
    code, _, err = cli(capsys, "entities", "--json", "true")
    assert code == 2 and "true" in err


def test_extract_help_names_what_the_record_holds(capsys) -> None:
    _, out, _ = cli(capsys, "extract", "--help")
    text = " ".join(out.split())
    for part in ("sha256", "repair edits", "title", "dateline", "tokens", "named entities", "statements"):
        assert part in text, part


def test_list_rules_is_plain_text_and_no_two_rules_share_a_description(capsys) -> None:
    code, out, _ = cli(capsys, "repair", "--list-rules")
    lines = out.splitlines()
    descriptions = [line.split(None, 1)[1] for line in lines]
    assert code == 0 and "``" not in out
    assert len(set(descriptions)) == len(descriptions)
    assert any(line.startswith("spaces_final ") and "«spaces» once more" in line for line in lines)


def test_repair_in_place_keeps_the_mode_and_owner_of_the_file(capsys, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    os.chmod(path, 0o664)
    before = path.stat()
    code, _, err = cli(capsys, "repair", "--in-place", str(path))
    after = path.stat()
    assert code == 0, err
    assert "گروه‌های" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(after.st_mode) == 0o664
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


@pytest.mark.parametrize("command", ["repair", "extract", "statements", "entities", "ingest"])
@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b" \n", "empty file"),
        ("nul.txt", b"\x00\x01binary\x00", "unsupported or binary format"),
    ],
)
def test_bad_input_has_one_wording_and_exit_2_in_every_command(
    capsys, tmp_path: Path, command: str, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    extra = ["--db", str(tmp_path / "archive.sqlite3"), "--jobs", "1"] if command == "ingest" else []
    code, _, err = cli(capsys, command, str(path), *extra)
    assert code == 2, err
    assert f"{path}: {problem}" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2, err  # ingest adds its counts line


def test_an_unknown_entity_label_is_an_error(capsys, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    code, _, err = cli(capsys, "entities", "--label", "XYZ", str(path))
    assert code == 2 and "XYZ" in err and "PER" in err
    code, out, _ = cli(capsys, "entities", "--label", "per", "--json", str(path))
    assert code == 0 and '"label": "PER"' in out


def test_extract_of_a_folder_names_the_files_it_skipped(capsys, tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text(SAMPLE, encoding="utf-8")
    code, out, err = cli(capsys, "extract", str(tmp_path))
    assert code == 0 and len(out.splitlines()) == 1
    assert "1 of 1 documents extracted, 0 failed, 1 other files skipped" in err
    assert f"skipped: {tmp_path / 'table.xlsx'}" in err and ".hidden" not in err
