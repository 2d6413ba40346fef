"""``dabir extract``: the structured record of a news report (or of every document in a folder), and
``dabir schema``: the JSON Schema of that record."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dabir.errors import UserError, memory_guard
from dabir.models import Document

FORMATS = ("json", "jsonl", "text")


def _as_text(document: Document) -> str:
    """A reader's summary: title, date, one sentence a line, then entities and statements."""
    lines = [f"# {document.source.path or ''}"]
    if document.title:
        lines.append(f"title: {document.title.text}")
    if document.date:
        date = document.date
        status = "" if date.valid else f"  (invalid: {date.problem})"
        lines.append(f"date: {date.text} = jalali {date.jalali} / gregorian {date.gregorian}{status}")
    for value in document.dates:
        status = "" if value.valid else f"  (invalid: {value.problem})"
        lines.append(f"date in text: {value.text} = {value.jalali or '?'} / {value.gregorian or '?'}{status}")
    lines.append(
        f"{len(document.paragraphs)} paragraphs, {len(document.sentences)} sentences, "
        f"{len(document.tokens)} tokens, {len(document.edits)} repair edits"
    )
    for number, sentence in enumerate(document.sentences, 1):
        lines.append(f"{number:3}. {document.text[sentence.start : sentence.end]}")
    if document.entities:
        people = sorted({e.canonical for e in document.entities if e.label == "PER"})
        others = sorted({f"{e.canonical} ({e.label})" for e in document.entities if e.label != "PER"})
        lines.append(f"people: {'، '.join(people)}")
        lines.append(f"other entities: {'، '.join(others)}")
    lines.append(f"{len(document.statements)} statements:")
    for number, statement in enumerate(document.statements, 1):
        content = statement.content.text
        if len(content) > 90:
            content = content[:90] + "…"
        lines.append(f"{number:3}. {statement.speaker.canonical} | {statement.verb_text} | {content}")
    return "\n".join(lines)


def _render(document: Document, fmt: str) -> str:
    if fmt == "text":
        return _as_text(document)
    if fmt == "jsonl":
        return document.model_dump_json()
    return json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=2)


def _scan(folder: Path) -> tuple[list[Path], list[Path]]:
    """Files under ``folder`` a reader takes, and those it skips for their format, in a stable order.

    Hidden files and folders («.git», «.DS_Store») are neither read nor reported.
    """
    from dabir.read import SUPPORTED_SUFFIXES as suffixes

    files: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or not path.is_file():
            continue
        (files if path.suffix.lower() in suffixes else skipped).append(path)
    return files, skipped


def _report_skipped(skipped: list[Path]) -> None:
    for path in skipped:
        print(f"  skipped: {path}: not a .txt, .html, .pdf or .docx file", file=sys.stderr)


def _extract_folder(folder: Path, fmt: str) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from dabir.extract import extract_path

    files, skipped = _scan(folder)
    if not files:
        _report_skipped(skipped)
        raise UserError("no readable documents (.txt, .html, .pdf, .docx) in this folder", str(folder))
    if fmt == "json":
        fmt = "jsonl"  # one document a line: a folder's output must stay streamable
    console = Console(stderr=True)
    failures: list[tuple[Path, str]] = []
    with Progress(
        TextColumn("extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("extract", total=len(files), name="")
        for path in files:
            progress.update(task, name=path.name)
            try:
                with memory_guard(str(path)):
                    document = extract_path(path)
            except UserError as error:
                failures.append((path, error.problem))
            except Exception as error:  # one bad file never stops the run; the summary names it
                failures.append((path, f"internal error: {type(error).__name__}: {error}"))
            else:
                sys.stdout.write(_render(document, fmt) + "\n")
                sys.stdout.flush()
            progress.advance(task)
    done = len(files) - len(failures)
    # Plain lines, not rich: a summary must not be wrapped at the terminal's width.
    print(
        f"extract: {done} of {len(files)} documents extracted, {len(failures)} failed, "
        f"{len(skipped)} other files skipped",
        file=sys.stderr,
    )
    for path, problem in failures:
        print(f"  failed: {path}: {problem}", file=sys.stderr)
    _report_skipped(skipped)
    if failures and not done:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        target: Annotated[
            str,
            typer.Argument(
                help="a txt/html/pdf/docx file, a folder (one JSON line per file), or - for stdin"
            ),
        ] = "-",
        fmt: Annotated[str, typer.Option("--format", "-f", help="json | jsonl | text")] = "json",
        input_format: Annotated[
            str | None, typer.Option("--input-format", help="txt | html | pdf | docx (default: detected)")
        ] = None,
        engine: Annotated[
            str, typer.Option("--engine", help="local, or dask for a folder (see docs/distributed.md)")
        ] = "local",
        scheduler: Annotated[
            str | None,
            typer.Option("--scheduler", help="with --engine dask: tcp://host:8786 (default: local)"),
        ] = None,
    ) -> None:
        """Read a news report into its record. The record (JSON; 'dabir schema' prints its JSON Schema) holds
        the source (path, format, encoding, sha256, size), the repaired text with the repair edits, the title,
        the dateline and every date (Jalali, Gregorian, Hijri), paragraphs, sentences, tokens, named entities,
        attributed statements (speaker, verb, content) and diagnostics. A folder gives one JSON line per file
        and names the files it skipped or could not read."""
        if fmt not in FORMATS:
            raise UserError(f"--format must be json, jsonl or text, not {fmt!r}")
        if engine not in ("local", "dask") or (scheduler and engine != "dask"):
            raise UserError(f"--engine must be local or dask (--scheduler needs dask), not {engine!r}")
        from dabir.extract import extract_bytes, extract_path

        if target != "-" and Path(target).is_dir():
            if engine == "dask":
                from dabir.engines.dask_extract import extract_folder

                files, skipped = _scan(Path(target))
                _report_skipped(skipped)
                raise typer.Exit(extract_folder(files, fmt, scheduler))
            _extract_folder(Path(target), fmt)
            return
        with memory_guard("<stdin>" if target == "-" else target):
            if target == "-":
                document = extract_bytes(sys.stdin.buffer.read(), "<stdin>", input_format)
            elif input_format:
                path = Path(target)
                if not path.is_file():
                    raise UserError("no such file", target)
                document = extract_bytes(path.read_bytes(), target, input_format)
            else:
                document = extract_path(target)
            rendered = _render(document, fmt)
        sys.stdout.write(rendered + "\n")

    @app.command("schema")
    def schema_command() -> None:
        """Print the JSON Schema of the record. The record is what 'dabir extract' writes."""
        sys.stdout.write(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
