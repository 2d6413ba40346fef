"""``dabir ingest``, ``search``, ``show``, ``stats`` and ``export``: the archive on the command line."""

from __future__ import annotations

import csv
import json
import os
import sys
from typing import Annotated

import typer

from dabir.errors import UserError

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="archive: a SQLite file path or postgresql://user@host/db (default: $DABIR_DB, else a file in "
        "the user data folder)",
    ),
]


def _open(db: str | None, create: bool = False):  # noqa: ANN202 - an Archive
    from dabir.archive import open_archive

    return open_archive(db, create=create)


def _ingest(
    paths: list[str],
    db: str | None,
    jobs: int,
    batch: int,
    engine: str = "local",
    scheduler: str | None = None,
) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from dabir.archive.ingest import ingest

    console = Console(stderr=True)
    columns = (
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} docs/s"),
        TimeRemainingColumn(),
    )
    with (
        _open(db, create=True) as archive,
        Progress(*columns, console=console, disable=not console.is_terminal) as bar,
    ):
        task = bar.add_task("ingest", total=None, rate="-")

        def progress(done: int, total: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, completed=done, total=total, rate=f"{done / elapsed:.0f}" if elapsed else "-")

        if engine == "dask":
            # Workers of a Dask cluster extract (and, on PostgreSQL, write): see docs/distributed.md.
            from dabir.archive import default_url
            from dabir.engines.dask_ingest import ingest_on_cluster

            url = db or default_url()
            report = ingest_on_cluster(
                archive, paths, url, scheduler, jobs, batch_size=batch, progress=progress
            )
        else:
            report = ingest(archive, paths, jobs=jobs, batch_size=batch, progress=progress)
    if report.total == 0:  # as «dabir extract DIR» says of a folder with nothing to read
        raise UserError("no readable documents (.txt, .html, .pdf, .docx, .json) here", " ".join(paths))
    counts = report.counts
    rate = report.total / report.seconds if report.seconds else 0.0
    typer.echo(
        f"ingested {counts['ingested']}, unchanged {counts['unchanged']}, updated {counts['updated']}, "
        f"duplicates {counts['duplicate']}, failed {counts['failed']} "
        f"({report.total} files in {report.seconds:.1f} s, {rate:.0f}/s)"
    )
    for path, reason in report.failures:
        typer.echo(f"failed: {path}: {reason}", err=True)
    if report.failures:
        raise typer.Exit(2 if len(report.failures) == report.total else 1)


def _print_hits(hits, as_json: bool) -> None:  # noqa: ANN001 - list[SearchHit]
    from dabir.archive.snippet import mark

    if as_json:
        typer.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False))
        return
    if not hits:
        typer.echo("no documents found", err=True)
        return
    tty = sys.stdout.isatty()
    for number, hit in enumerate(hits, 1):
        date = f"{hit.date_jalali} ({hit.date_gregorian})" if hit.date_jalali else "no date"
        typer.echo(f"{number}. #{hit.id} {hit.title or '(untitled)'} · {date}")
        if hit.path:
            typer.echo(f"   {hit.path}")
        snippet = (
            mark(hit.snippet, hit.highlights, "\x1b[1;33m", "\x1b[0m")
            if tty
            else mark(hit.snippet, hit.highlights)
        )
        typer.echo(f"   {snippet}")
        for statement in hit.statements:
            # «•», not «»»: in Persian text a «»» reads as a closing quotation mark.
            typer.echo(f"   • {statement['speaker']} ({statement['verb']}): {statement['content']}")


def _write_export(archive, fmt: str, out) -> int:  # noqa: ANN001 - Archive, text file
    count = 0
    if fmt == "jsonl":
        for stored in archive.iter_documents():
            out.write(json.dumps(stored.as_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.writer(out)
    writer.writerow(
        ["id", "sha256", "title", "date_jalali", "date_gregorian", "paths", "entities", "statements", "text"]
    )
    for stored in archive.iter_documents():
        document = stored.document
        date = document.date
        writer.writerow(
            [
                stored.id,
                document.source.sha256,
                document.title.text if document.title else "",
                date.jalali if date else "",
                date.gregorian if date else "",
                ";".join(stored.paths),
                len(document.entities),
                len(document.statements),
                document.text,
            ]
        )
        count += 1
    return count


def _member_line(member: dict) -> str:
    date = member["date"]["jalali"] or member["date"]["gregorian"] or "no date"
    path = f" · {member['path']}" if member["path"] else ""
    return f"#{member['id']} {member['title'] or '(untitled)'} · {date}{path}"


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_command(
        paths: Annotated[list[str], typer.Argument(help="files and folders to ingest")],
        db: DbOption = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", help="extraction processes")] = os.cpu_count() or 1,
        batch: Annotated[int, typer.Option("--batch", help="documents per committed transaction")] = 200,
        engine: Annotated[
            str,
            typer.Option("--engine", help="local (process pool) or dask (LocalCluster of --jobs workers)"),
        ] = "local",
        scheduler: Annotated[
            str | None,
            typer.Option("--scheduler", help="with --engine dask: tcp://host:8786 of a running cluster"),
        ] = None,
    ) -> None:
        """Add files and folders to the archive. Each is extracted; unchanged files are skipped, changed ones
        updated. Exit 1 when some files failed, 2 when none could be read."""
        if jobs < 1 or batch < 1:
            raise UserError("--jobs and --batch must be at least 1")
        for path in paths:
            if not os.path.exists(path):
                raise UserError("no such file", path)
        if engine not in ("local", "dask") or (scheduler and engine != "dask"):
            raise UserError(f"--engine must be local or dask (--scheduler needs dask), not {engine!r}")
        _ingest(paths, db, jobs, batch, engine, scheduler)

    @app.command("search")
    def search_command(
        query: Annotated[str, typer.Argument(help='words (AND), "a phrase", prefix*, -excluded')] = "",
        speaker: Annotated[str | None, typer.Option(help="only statements by this speaker")] = None,
        entity: Annotated[str | None, typer.Option(help="only documents naming this entity")] = None,
        date_from: Annotated[
            str | None, typer.Option("--from", help="1402-03-01, «۱ خرداد ۱۴۰۲», 2023-05-22")
        ] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="last date, same forms as --from")] = None,
        limit: Annotated[int, typer.Option(help="number of results")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="results as a JSON array")] = False,
        db: DbOption = None,
    ) -> None:
        """Search the archive. Ranked results with title, date and a snippet with the hits marked."""
        from dabir.archive.dates import parse_bound

        start = parse_bound(date_from, "--from") if date_from else None
        end = parse_bound(date_to, "--to") if date_to else None
        with _open(db) as archive:
            hits = archive.search(
                query, speaker=speaker, entity=entity, date_from=start, date_to=end, limit=limit
            )
        _print_hits(hits, as_json)

    @app.command("show")
    def show_command(
        document_id: Annotated[int, typer.Argument(help="document id, as search prints it")],
        as_json: Annotated[bool, typer.Option("--json", help="the stored record as JSON")] = False,
        db: DbOption = None,
    ) -> None:
        """Print one archived document: its record, paths and text."""
        with _open(db) as archive:
            stored = archive.get(document_id)
            story = archive.story_of(document_id) if stored is not None else None
        if stored is None:
            raise UserError(f"no document with id {document_id} in the archive")
        if as_json:
            typer.echo(json.dumps({**stored.as_dict(), "story": story}, ensure_ascii=False))
            return
        document = stored.document
        date = document.date
        typer.echo(f"#{stored.id} {document.title.text if document.title else '(untitled)'}")
        if date:
            typer.echo(f"date: {date.jalali or '-'} / {date.gregorian or '-'} («{date.text}»)")
        for path in stored.paths:
            typer.echo(f"path: {path}")
        typer.echo(f"sha256: {document.source.sha256} · ingested {stored.ingested_at}")
        for statement in document.statements:
            typer.echo(
                f"statement: {statement.speaker.canonical} ({statement.verb}): {statement.content.text}"
            )
        entities = sorted({f"{e.canonical} [{e.label}]" for e in document.entities})
        if entities:
            typer.echo("entities: " + "، ".join(entities))
        for mate in story["documents"] if story else []:
            if mate["id"] != stored.id:
                typer.echo(f"same story: {_member_line(mate)}")
        typer.echo("")
        typer.echo(document.text)

    @app.command("stories")
    def stories_command(
        date_from: Annotated[
            str | None, typer.Option("--from", help="first seen on or after: 1402-03-01, 2023-05-22")
        ] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="first seen on or before")] = None,
        limit: Annotated[int, typer.Option(help="number of stories")] = 50,
        as_json: Annotated[bool, typer.Option("--json", help="the stories as a JSON array")] = False,
        db: DbOption = None,
    ) -> None:
        """List stories carried by two or more documents: each member's title, date and path."""
        from dabir.archive.dates import parse_bound

        if limit < 1:
            raise UserError("--limit must be at least 1")
        start = parse_bound(date_from, "--from") if date_from else None
        end = parse_bound(date_to, "--to") if date_to else None
        with _open(db) as archive:
            found = archive.stories(date_from=start, date_to=end, limit=limit)
        if as_json:
            typer.echo(json.dumps(found, ensure_ascii=False))
            return
        if not found:
            typer.echo("no story carried by two or more documents", err=True)
            return
        for story in found:
            typer.echo(
                f"story {story['id']} · {story['size']} documents · first seen {story['first_seen'] or '-'}"
            )
            for member in story["documents"]:
                typer.echo(f"   {_member_line(member)}")

    @app.command("stats")
    def stats_command(
        as_json: Annotated[bool, typer.Option("--json", help="the figures as one JSON object")] = False,
        db: DbOption = None,
    ) -> None:
        """Summarise the archive. Counts, dates, size on disk, top speakers and entities."""
        with _open(db) as archive:
            stats = archive.stats()
        if as_json:
            typer.echo(json.dumps(stats, ensure_ascii=False))
            return
        for name in ("archive", "schema_version", "documents", "paths", "entities", "statements"):
            typer.echo(f"{name}: {stats[name]}")
        typer.echo(f"dates: {stats['dates']['first'] or '-'} .. {stats['dates']['last'] or '-'}")
        typer.echo(
            f"size: {stats['size_bytes'] / 1e6:.1f} MB ({stats['bytes_per_document'] or 0} bytes/document)"
        )
        for row in stats["top_speakers"]:
            typer.echo(f"speaker: {row['speaker']} ({row['statements']})")
        for row in stats["top_entities"]:
            typer.echo(f"entity: {row['entity']} [{row['label']}] ({row['documents']} documents)")

    @app.command("export")
    def export_command(
        fmt: Annotated[str, typer.Option("--format", help="jsonl (full records) or csv")] = "jsonl",
        output: Annotated[str | None, typer.Option("--output", "-o", help="file (default stdout)")] = None,
        db: DbOption = None,
    ) -> None:
        """Write every archived document as JSON Lines or CSV."""
        if fmt not in {"jsonl", "csv"}:
            raise UserError(f"--format must be jsonl or csv, not {fmt!r}")
        with _open(db) as archive:
            if output is None:
                count = _write_export(archive, fmt, sys.stdout)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = _write_export(archive, fmt, out)
        typer.echo(f"exported {count} documents", err=True)
