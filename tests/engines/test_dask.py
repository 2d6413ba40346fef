"""``dabir ingest --engine dask`` on a real LocalCluster and a real PostgreSQL server: a worker is killed in
the middle of the run and the archive still ends with every document once, the same as a local ingest."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="dask[distributed] is in the test extra: pip install -e .[test]")

import dask_corpus  # noqa: E402
from dask_corpus import fresh_database, make_corpus  # noqa: E402

from dabir.archive import open_archive  # noqa: E402
from dabir.archive.ingest import ingest as local_ingest  # noqa: E402
from dabir.engines import dask_ingest  # noqa: E402
from dabir.engines.dask_engine import worker_state  # noqa: E402

dask_client = dask_corpus.dask_client
postgres_server = dask_corpus.postgres_server


def archived(url: str) -> dict[str, Any]:
    """Every document by content hash: its record (less the path that happened to come first), its paths,
    entity and statement rows; plus the raw row counts."""
    with open_archive(url) as archive:
        documents = {}
        for stored in archive.iter_documents():
            record = stored.document.model_dump(mode="json")
            record["source"].pop("path")
            documents[stored.document.source.sha256] = {
                "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
                "paths": sorted(stored.paths),
            }
        counts = {
            table: archive._execute(f"SELECT count(*) FROM {table}")[0][0]
            for table in ("documents", "paths", "entities", "statements")
        }
        rows = archive._execute(
            "SELECT d.sha256, e.label, e.canonical, e.start_offset, e.key FROM entities e "
            "JOIN documents d ON d.id = e.document_id ORDER BY 1, 4, 2"
        )
    return {"documents": documents, "counts": counts, "entities": rows}


def differences(first: dict[str, Any], second: dict[str, Any]) -> dict[str, list[str]]:
    """Document hash -> the record fields (or paths) that differ: a readable assertion message."""
    found = {}
    for sha256, left in first.items():
        right = second[sha256]
        if left != right:
            a, b = json.loads(left["record"]), json.loads(right["record"])
            fields = [key for key in a.keys() | b.keys() if a.get(key) != b.get(key)]
            found[sha256[:12]] = sorted(fields) + (["paths"] if left["paths"] != right["paths"] else [])
    return found


@pytest.mark.slow
@pytest.mark.postgres
def test_killed_worker_loses_and_duplicates_nothing(
    dask_client: Any, postgres_server: str, tmp_path: Path
) -> None:
    expected = make_corpus(tmp_path / "corpus", count=200, duplicates=10)
    killed: list[int] = []

    def kill_one_worker(done: int, total: int) -> None:
        """Once a third is done, SIGKILL a worker process that is busy with a batch (mid-transaction)."""
        if killed or done < total // 3:
            return
        busy = [address for address, keys in dask_client.processing().items() if keys]
        pids = dask_client.run(os.getpid, workers=busy[:1])
        for pid in pids.values():
            os.kill(pid, signal.SIGKILL)
            killed.append(done)

    with fresh_database(postgres_server) as dask_url, fresh_database(postgres_server) as local_url:
        with open_archive(dask_url) as archive:
            report = dask_ingest.ingest(
                archive,
                [str(tmp_path / "corpus")],
                dask_url,
                dask_client,
                batch_size=10,
                progress=kill_one_worker,
            )
        assert killed and killed[0] < expected["files"], "the worker was killed in the middle of the run"
        assert report.counts["failed"] == expected["failed"], report.failures
        assert report.counts["ingested"] == expected["distinct"]
        assert report.counts["duplicate"] == expected["files"] - expected["distinct"] - expected["failed"]
        assert "broken.pdf" in report.failures[0][0]

        with open_archive(local_url) as archive:
            local = local_ingest(archive, [str(tmp_path / "corpus")], jobs=1)
        assert local.counts == report.counts

        on_dask, on_local = archived(dask_url), archived(local_url)
        assert on_dask["counts"]["documents"] == expected["distinct"]
        assert on_dask["counts"]["paths"] == expected["files"] - expected["failed"]
        assert on_dask["counts"] == on_local["counts"]
        assert on_dask["documents"].keys() == on_local["documents"].keys()
        assert differences(on_dask["documents"], on_local["documents"]) == {}
        assert on_dask["entities"] == on_local["entities"]

        with open_archive(dask_url) as archive:
            again = dask_ingest.ingest(archive, [str(tmp_path / "corpus")], dask_url, dask_client)
        assert again.counts["unchanged"] == expected["files"] - expected["failed"]
        assert archived(dask_url)["counts"] == on_dask["counts"]

    states = dask_client.run(worker_state)
    assert all(state["warmups"] == 1 for state in states.values()), states


def test_sqlite_archive_is_written_by_the_client(dask_client: Any, tmp_path: Path) -> None:
    """One SQLite file has one writer: the workers extract, the client stores; a rerun changes nothing."""
    expected = make_corpus(tmp_path / "corpus", count=16, duplicates=2)
    url = str(tmp_path / "archive.sqlite3")
    with open_archive(url) as archive:
        report = dask_ingest.ingest(archive, [str(tmp_path / "corpus")], url, dask_client, batch_size=4)
        again = dask_ingest.ingest(archive, [str(tmp_path / "corpus")], url, dask_client)
        stats = archive.stats()
    assert report.counts["ingested"] == expected["distinct"]
    assert report.counts["duplicate"] == 2 and report.counts["failed"] == 1
    assert again.counts["unchanged"] == expected["files"] - 1
    assert stats["documents"] == expected["distinct"]
    hits_before = stats["paths"]
    assert hits_before == expected["files"] - 1


def test_extract_on_the_cluster_writes_what_the_local_command_writes(
    dask_client: Any, tmp_path: Path
) -> None:
    from dabir.engines.dask_extract import extract_files
    from dabir.extract import extract_path

    make_corpus(tmp_path, count=6, duplicates=0)
    files = sorted(tmp_path.rglob("*.*"))
    out = io.StringIO()
    written, failures = extract_files(files, dask_client, out, batch_size=2)
    good = [file for file in files if file.suffix == ".txt"]
    assert written == len(good) == 6
    assert [name for name, _ in failures] == [str(tmp_path / "broken.pdf")]
    assert out.getvalue().splitlines() == [extract_path(file).model_dump_json() for file in good]


def test_cli_runs_on_a_given_scheduler(dask_client: Any, tmp_path: Path) -> None:
    """``--engine dask --scheduler ADDRESS`` for both commands; bad options are one-line errors."""
    from typer.testing import CliRunner

    from dabir.cli import app
    from dabir.errors import UserError

    make_corpus(tmp_path / "corpus", count=5, duplicates=1)
    address = dask_client.scheduler.address
    runner = CliRunner()
    corpus = str(tmp_path / "corpus")
    result = runner.invoke(
        app, ["extract", corpus, "--engine", "dask", "--scheduler", address, "-f", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 6 and json.loads(lines[0])["source"]["path"].endswith("batch0/report-0000.txt")
    db = str(tmp_path / "archive.sqlite3")
    result = runner.invoke(app, ["ingest", corpus, "--db", db, "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 1  # the broken PDF
    assert "ingested 5, unchanged 0, updated 0, duplicates 1, failed 1" in result.stdout
    result = runner.invoke(app, ["ingest", corpus, "--db", db, "--engine", "spark"])
    assert isinstance(result.exception, UserError)  # dabir.cli.main prints it as one line, exit 2
    assert "--engine must be local or dask" in result.exception.problem
    result = runner.invoke(app, ["extract", corpus, "--engine", "dask", "--format", "text"])
    assert isinstance(result.exception, UserError) and "use --format jsonl" in result.exception.problem
