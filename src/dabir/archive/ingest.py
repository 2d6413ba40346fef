"""Ingest files into an archive: many extraction processes, one writer committing in batches.

The main process walks the paths and hashes every file; a file whose path and hash are already archived is
*unchanged* and a hash already archived under another path is a *duplicate*: neither is extracted again.
The rest go to a process pool (``jobs``) that extracts and prepares every column value
(:func:`dabir.archive.records.prepare`); the main process only writes, a batch per transaction, so a kill at
any moment leaves whole documents and a rerun picks up the rest.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dabir.archive.base import Archive
from dabir.archive.records import IngestItem, Outcome, PreparedDocument, prepare
from dabir.errors import UserError
from dabir.models import Document, Source

#: After this many new or changed documents, the index is merged / statistics refreshed at the end.
OPTIMIZE_AFTER = 1000
DEFAULT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf", ".docx", ".json"})


def supported_suffixes() -> frozenset[str]:
    """The suffixes a folder walk picks up: what the readers support, plus dabir's own ``.json`` records."""
    try:
        from dabir.read import SUPPORTED_SUFFIXES  # type: ignore[attr-defined]
    except ImportError:
        return DEFAULT_SUFFIXES
    return frozenset(SUPPORTED_SUFFIXES) | {".json"}


def collect(paths: Iterable[str]) -> tuple[list[Path], list[Outcome]]:
    """Files named directly and those under named folders (sorted, hidden ones skipped), plus bad names."""
    files: list[Path] = []
    problems: list[Outcome] = []
    suffixes = supported_suffixes()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(
                    Path(root, n)
                    for n in sorted(names)
                    if not n.startswith(".") and Path(n).suffix.lower() in suffixes
                )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Outcome(name, "failed", reason="no such file or folder"))
    return [file.resolve() for file in files], problems


def _is_record(data: bytes) -> bool:
    head = data[:200].lstrip()
    return head.startswith(b"{") and b'"schema_version"' in data[:4000] and b'"source"' in data


def extract_document(path: Path, data: bytes) -> Document:
    """The record of one file: a dabir JSON record as it is, anything else through ``dabir.extract``."""
    if path.suffix.lower() == ".json" and _is_record(data):
        try:
            document = Document.model_validate_json(data)
        except ValueError as error:
            raise UserError(f"not a valid dabir record: {str(error).splitlines()[0]}", str(path)) from None
        return _keyed_by_own_bytes(document, data)
    try:
        from dabir.extract import extract_path
    except ImportError:  # extraction not installed yet: decode and repair plain text
        return _repair_only(path, data)
    return extract_path(path)


def _keyed_by_own_bytes(document: Document, data: bytes) -> Document:
    """A record's ``source.sha256`` is a claim nobody can check here; the archive keys content by that hash,
    so a forged record copying another file's hash would stand in for that file.  The record is known by the
    hash of its own bytes instead, and the claim is kept as a diagnostic."""
    from dabir.models import Diagnostic

    own = hashlib.sha256(data).hexdigest()
    if document.source.sha256 != own:
        document.diagnostics.append(
            Diagnostic(
                level="info",
                stage="read",
                message=f"record read from JSON; its source sha256 {document.source.sha256 or '(none)'} is "
                "not verified, the record is keyed by the JSON file's own sha256",
            )
        )
        document.source = document.source.model_copy(update={"sha256": own})
    return document


def _repair_only(path: Path, data: bytes) -> Document:
    from dabir.inputs import decode_text
    from dabir.repair import repair

    repaired = repair(decode_text(data, str(path)))
    source = Source(path=str(path), format="txt", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return Document(source=source, text=repaired.text)


@dataclass
class Extracted:
    path: str
    sha256: str
    prepared: PreparedDocument | None = None
    error: str | None = None


def _work(task: tuple[str, str]) -> Extracted:
    """Extract and prepare one file (runs in a worker process); errors become a reason, never a crash."""
    name, sha256 = task
    path = Path(name)
    try:
        data = path.read_bytes()
        document = extract_document(path, data)
        return Extracted(name, hashlib.sha256(data).hexdigest(), prepare(document))
    except UserError as error:
        return Extracted(name, sha256, error=error.problem)
    except Exception as error:  # one bad file is reported and skipped
        return Extracted(name, sha256, error=f"{type(error).__name__}: {error}")


@dataclass
class IngestReport:
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failures.append((outcome.path or "?", outcome.reason or "unknown error"))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _extracted(tasks: list[tuple[str, str]], jobs: int) -> Iterator[Extracted]:
    if jobs <= 1 or len(tasks) < 4:
        yield from map(_work, tasks)
        return
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        # Extracting one file here first loads the lexicons and models, which forked workers then share
        # (copy-on-write) instead of each loading its own.
        yield _work(tasks[0])
        tasks = tasks[1:]
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        yield from pool.imap_unordered(_work, tasks, chunksize=4)


def survey(
    archive: Archive, paths: Iterable[str]
) -> tuple[IngestReport, list[Path], dict[str, str], set[str]]:
    """The start of every ingest: a report holding the paths that cannot be read, the files to look at, and
    what ``archive`` already holds (path -> hash, and every hash)."""
    report = IngestReport()
    files, problems = collect(paths)
    for outcome in problems:
        report.add(outcome)
    known_paths, known_hashes = archive.known()
    return report, files, known_paths, known_hashes


def classify(
    files: list[Path],
    known_paths: dict[str, str],
    known_hashes: set[str],
    report: IngestReport,
    settled: Callable[[], None] = lambda: None,
) -> tuple[list[IngestItem], list[tuple[str, str]]]:
    """Hash ``files`` and sort them: unreadable (failed) and unchanged go into ``report``; content already
    archived under another name becomes an :class:`IngestItem` without a record; the rest are extraction
    tasks ``(path, sha256)``.  ``settled`` is called once for every file that needs no extraction."""
    known_content: list[IngestItem] = []
    tasks: list[tuple[str, str]] = []
    for file in files:
        name = str(file)
        try:
            sha256 = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError as error:
            report.add(Outcome(name, "failed", reason=error.strerror or str(error)))
            settled()
            continue
        if known_paths.get(name) == sha256:
            report.add(Outcome(name, "unchanged"))
            settled()
        elif sha256 in known_hashes:
            known_content.append(IngestItem(name, sha256))
            settled()
        else:
            tasks.append((name, sha256))
    return known_content, tasks


def ingest(
    archive: Archive,
    paths: Iterable[str],
    jobs: int = 1,
    batch_size: int = 200,
    batch_seconds: float = 2.0,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` (files and folders) into ``archive``; see the module docstring."""
    started = time.perf_counter()
    report, files, known_paths, known_hashes = survey(archive, paths)
    total = len(files)
    done = 0
    pending: list[IngestItem] = []
    last_flush = time.perf_counter()

    def flush() -> None:
        nonlocal last_flush
        if pending:
            for outcome in archive.store(pending):
                report.add(outcome)
            pending.clear()
        last_flush = time.perf_counter()

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    known_content, tasks = classify(files, known_paths, known_hashes, report, step)
    pending.extend(known_content)
    flush()
    for result in _extracted(tasks, jobs):
        if result.prepared is None:
            report.add(Outcome(result.path, "failed", reason=result.error))
        else:
            pending.append(IngestItem(result.path, result.sha256, result.prepared))
        step()
        if len(pending) >= batch_size or time.perf_counter() - last_flush >= batch_seconds:
            flush()
    flush()
    if report.counts["ingested"] + report.counts["updated"] >= OPTIMIZE_AFTER:
        archive.optimize()
    report.seconds = time.perf_counter() - started
    return report
