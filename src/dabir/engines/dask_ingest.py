"""``dabir ingest --engine dask``: the archive's ingest with Dask tasks for extraction and, on PostgreSQL,
for the writes too.

The client does what the local ingest's main process does (walk, hash, skip unchanged files, record known
content under new names) and then hands batches of files to the workers.  A task reads, repairs, annotates
and prepares its files (the same :func:`~dabir.archive.ingest.extract_document` and
:func:`~dabir.archive.records.prepare` as ``--jobs``, so the records are the same) and:

- on PostgreSQL, stores the batch itself through :meth:`Archive.store` on the worker's own connection: one
  transaction per batch, upserts keyed by the content hash (PostgreSQL serialises writers of one hash), so
  a task that runs again, because its worker died or its write failed, finds its documents and adds nothing;
- on SQLite (one file, one writer), returns the prepared documents and the client stores them.

A worker killed in the middle of a batch loses only its uncommitted transaction; the scheduler re-runs the
task elsewhere.  A batch committed just before its worker died is re-run too, and its documents come back
*unchanged*: the client counts them as what the first attempt did.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dabir.archive.ingest import IngestReport, classify, extract_document, survey
from dabir.archive.records import IngestItem, Outcome, prepare
from dabir.engines import dask_engine
from dabir.errors import UserError

if TYPE_CHECKING:
    from distributed import Client

    from dabir.archive.base import Archive

POSTGRES_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")
#: how often Dask re-runs a task that raised (a lost database connection, say): safe, writes are idempotent
TASK_RETRIES = 2


@dataclass
class BatchResult:
    """A task's answer: outcomes of what it wrote or could not extract; prepared items for a client writer."""

    outcomes: list[Outcome] = field(default_factory=list)
    items: list[IngestItem] = field(default_factory=list)


def _extract(name: str, sha256: str) -> IngestItem | Outcome:
    """One file as the local ingest's worker does it: a prepared item, or a failure with its reason."""
    path = Path(name)
    try:
        data = path.read_bytes()
        prepared = prepare(extract_document(path, data))
        return IngestItem(name, hashlib.sha256(data).hexdigest(), prepared)
    except UserError as error:
        return Outcome(name, "failed", reason=error.problem)
    except Exception as error:  # one bad file is reported and skipped
        return Outcome(name, "failed", reason=f"{type(error).__name__}: {error}")


def ingest_batch(tasks: list[tuple[str, str]], url: str | None) -> BatchResult:
    """Runs on a worker: extract ``tasks`` (path, hash); store them when ``url`` (PostgreSQL) is given."""
    cpu = time.thread_time()
    result = BatchResult()
    for name, sha256 in tasks:
        extracted = _extract(name, sha256)
        if isinstance(extracted, Outcome):
            result.outcomes.append(extracted)
        else:
            result.items.append(extracted)
    if url is None or not result.items:
        dask_engine.count_task(len(tasks), time.thread_time() - cpu)
        return result
    # One order of content hashes for every writer: two batches sharing documents never wait on each other
    # in opposite orders (a deadlock PostgreSQL would break by failing one of them).
    items = sorted(result.items, key=lambda item: item.prepared.sha256 if item.prepared else item.sha256)
    try:
        outcomes = dask_engine.worker_archive(url).store(items)
    except Exception:
        dask_engine.drop_archive(url)  # a broken connection: the retry opens a new one
        raise
    dask_engine.count_task(len(tasks), time.thread_time() - cpu)
    return BatchResult(outcomes=result.outcomes + outcomes)


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_PREFIXES)


def _settled(outcome: Outcome, sha256: str | None, known_paths: dict[str, str]) -> Outcome:
    """What an earlier attempt of the same task did, when it committed but its worker died before answering."""
    if outcome.status != "unchanged" or outcome.path is None or known_paths.get(outcome.path) == sha256:
        return outcome
    return replace(outcome, status="updated" if outcome.path in known_paths else "ingested")


def ingest(
    archive: Archive,
    paths: Iterable[str],
    url: str,
    client: Client,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``archive`` (opened on ``url``, which workers open too) with ``client``'s workers."""
    started = time.perf_counter()
    report, files, known_paths, known_hashes = survey(archive, paths)
    known_content, tasks = classify(files, known_paths, known_hashes, report)
    total, done = len(files), len(files) - len(tasks)
    for start in range(0, len(known_content), batch_size):
        for outcome in archive.store(known_content[start : start + batch_size]):
            report.add(outcome)
    if progress:
        progress(done, total)
    writer_url = url if is_postgres(url) else None
    batches = dask_engine.split(tasks, batch_size, dask_engine.total_threads(client))
    for batch, result, error in dask_engine.run_batches(
        client, ingest_batch, batches, writer_url, retries=TASK_RETRIES
    ):
        hashes = dict(batch)
        if result is None:
            reason = f"task failed on the cluster: {type(error).__name__}: {error}"
            for name, _ in batch:
                report.add(Outcome(name, "failed", reason=reason))
        else:
            outcomes = result.outcomes + (archive.store(result.items) if result.items else [])
            for outcome in outcomes:
                report.add(_settled(outcome, hashes.get(outcome.path or ""), known_paths))
        done += len(batch)
        if progress:
            progress(done, total)
    report.seconds = time.perf_counter() - started
    return report


def ingest_on_cluster(
    archive: Archive,
    paths: Iterable[str],
    url: str,
    scheduler: str | None = None,
    workers: int = 2,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """The CLI's ``--engine dask``: connect (``scheduler``, else a LocalCluster of ``workers``) and ingest."""
    with dask_engine.connect(scheduler, workers) as client:
        return ingest(archive, paths, url, client, batch_size=batch_size, progress=progress)
