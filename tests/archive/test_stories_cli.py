"""`dabir stories` and the story mates in `dabir show`, end to end on files, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import cli
from test_stories import OTHER, REPUBLISHED, WIRE


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for name, text in {
        "isna/water.txt": WIRE,
        "tabnak/water.txt": REPUBLISHED,
        "isna/power.txt": OTHER,
    }.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_stories_lists_the_copies_and_show_names_the_mates(capsys, tmp_path: Path, db_url: str) -> None:
    corpus = _corpus(tmp_path)
    code, out, _ = cli(capsys, "ingest", str(corpus), "--db", db_url, "--jobs", "1")
    assert code == 0 and "ingested 3," in out

    code, out, _ = cli(capsys, "stories", "--db", db_url, "--json")
    assert code == 0
    (story,) = json.loads(out)
    paths = sorted(Path(d["path"]).relative_to(corpus).as_posix() for d in story["documents"])
    assert paths == ["isna/water.txt", "tabnak/water.txt"]

    code, out, _ = cli(capsys, "stories", "--db", db_url)
    assert code == 0 and out.startswith(f"story {story['id']} · 2 documents")
    assert "tabnak/water.txt" in out and "isna/power.txt" not in out

    first, second = (d["id"] for d in story["documents"])
    code, out, _ = cli(capsys, "show", str(first), "--db", db_url)
    assert code == 0
    assert f"same story: #{second} " in out and f"same story: #{first} " not in out
    code, out, _ = cli(capsys, "show", str(first), "--db", db_url, "--json")
    assert json.loads(out)["story"]["size"] == 2


def test_stories_with_a_bad_date_is_one_line_and_exit_2(capsys, tmp_path: Path, db_url: str) -> None:
    cli(capsys, "ingest", str(_corpus(tmp_path)), "--db", db_url, "--jobs", "1")
    code, out, err = cli(capsys, "stories", "--db", db_url, "--from", "فردا صبح")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--from" in err
