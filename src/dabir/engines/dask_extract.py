"""``dabir extract DIR --engine dask``: corpus-scale extraction without an archive, e.g. to feed a data lake.

Workers read, repair and annotate batches of files and answer with one JSON line per document (the same line
``dabir extract DIR --format jsonl`` prints); the client writes the lines in file order as batches finish, so
the output is the same as the local command's whichever worker did what.  Failures are summarised on stderr
exactly like the local command does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dabir.engines import dask_engine
from dabir.errors import UserError

if TYPE_CHECKING:
    from distributed import Client

FORMATS = ("json", "jsonl")


def extract_batch(paths: list[str]) -> list[tuple[str, str | None, str | None]]:
    """Runs on a worker: ``(path, JSON line, None)`` per document, or ``(path, None, problem)``."""
    from dabir.extract import extract_path

    cpu = time.thread_time()
    lines: list[tuple[str, str | None, str | None]] = []
    for name in paths:
        try:
            lines.append((name, extract_path(name).model_dump_json(), None))
        except UserError as error:
            lines.append((name, None, error.problem))
        except Exception as error:  # one bad file never stops the run; the summary names it
            lines.append((name, None, f"internal error: {type(error).__name__}: {error}"))
    dask_engine.count_task(len(paths), time.thread_time() - cpu)
    return lines


def extract_files(
    files: Sequence[Path],
    client: Client,
    out: TextIO,
    batch_size: int = 50,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, list[tuple[str, str]]]:
    """Write the JSON line of every file to ``out`` in file order; return (documents written, failures)."""
    written = 0
    failures: list[tuple[str, str]] = []
    batches = dask_engine.split([str(file) for file in files], batch_size, dask_engine.total_threads(client))
    for batch, lines, error in dask_engine.run_batches(client, extract_batch, batches, ordered=True):
        if lines is None:
            failures.extend(
                (name, f"task failed on the cluster: {type(error).__name__}: {error}") for name in batch
            )
            continue
        for name, line, problem in lines:
            if line is None:
                failures.append((name, problem or "unknown error"))
            else:
                out.write(line + "\n")
                written += 1
        out.flush()
        if progress:
            progress(len(batch))
    return written, failures


def extract_folder(files: Sequence[Path], fmt: str, scheduler: str | None, workers: int | None = None) -> int:
    """The CLI's ``--engine dask`` path: JSON lines on stdout, a summary on stderr; returns the exit code."""
    import os

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if fmt not in FORMATS:
        raise UserError(f"--engine dask writes JSON lines: use --format jsonl, not {fmt!r}")
    if not files:
        raise UserError("no readable documents (.txt, .html, .pdf, .docx) in this folder")
    console = Console(stderr=True)
    columns = (TextColumn("extract (dask)"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        dask_engine.connect(scheduler, workers or os.cpu_count() or 1) as client,
        Progress(*columns, console=console, transient=True) as bar,
    ):
        task = bar.add_task("extract", total=len(files))
        written, failures = extract_files(
            files, client, sys.stdout, progress=lambda done: bar.advance(task, done)
        )
    console.print(
        f"extract: {written} of {len(files)} documents extracted, {len(failures)} failed", highlight=False
    )
    for name, problem in failures:
        console.print(f"  failed: {name}: {problem}", highlight=False, markup=False)
    return 2 if failures and not written else 0
