"""``dabir models``: every shipped data file and artifact is listed with its sources and terms, and
docs/models.md is the command's output."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dabir.cli import app
from dabir.commands.models import ARTIFACTS, SOURCES, markdown, terms
from dabir.lang.fa import build_halfspace

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dabir"
#: What the repair reads: none of it may come from a research-only corpus.
REPAIR = {
    "lang/fa/halfspace.tsv.gz",
    "artifacts/halfspace_char.crfsuite",
    "lang/fa/compounds.tsv",
    "lang/fa/ner/person_words.txt",
    "lang/fa/ner/first_names.txt",
    "lang/fa/ner/places_iran.txt",
    "lang/fa/ner/countries.txt",
}


def test_docs_page_is_the_command_output():
    result = CliRunner().invoke(app, ["models"])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "models.md").read_text(encoding="utf-8") == result.output == markdown()


def test_every_shipped_data_file_is_listed_once():
    shipped = {
        path.relative_to(PACKAGE).as_posix()
        for folder in ("artifacts", "lang/fa", "lang/fa/ner", "lang/fa/statements")
        for path in (PACKAGE / folder).iterdir()
        if path.is_file() and path.suffix not in {".py", ".pyc"} and path.name != "provenance.json"
    }
    listed = [entry["path"] for entry in ARTIFACTS]
    assert sorted(listed) == sorted(set(listed))
    assert set(listed) == shipped
    assert all(set(entry["sources"]) <= set(SOURCES) for entry in ARTIFACTS)


def test_research_only_data_feeds_the_entity_models_only_and_says_so():
    for entry in ARTIFACTS:
        research = any(SOURCES[key]["research_only"] for key in entry["sources"])
        assert research == ("research use only" in terms(entry))
        if entry["path"] in REPAIR:
            assert not research, entry["path"]
    assert terms(next(e for e in ARTIFACTS if e["path"] == "artifacts/ner_fa.crfsuite")).startswith(
        "**research"
    )


def test_the_repair_lexicon_reads_no_research_only_corpus(tmp_path):
    names = {path.as_posix() for path in build_halfspace.input_paths(tmp_path)}
    assert not any("/ner/arman/" in name or "/ner/peyma/" in name for name in names)
