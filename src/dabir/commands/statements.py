"""``dabir statements FILE``: who said what in a news report, as a table or JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dabir.inputs import read_text_arg
from dabir.repair import repair


def register(app: typer.Typer) -> None:
    @app.command("statements")
    def statements_command(
        file: Annotated[str, typer.Argument(help="a UTF-8 text file, or - for standard input")] = "-",
        as_json: Annotated[bool, typer.Option("--json", help="print the statements as a JSON list")] = False,
    ) -> None:
        """List who said what. Repair the text, then each statement's speaker (resolved across the report),
        speech verb and content."""
        from dabir.annotate.statements import extract

        text, _name = read_text_arg(file)
        repaired = repair(text).text
        statements, diagnostics = extract(repaired)
        if as_json:
            typer.echo(json.dumps([s.model_dump() for s in statements], ensure_ascii=False, indent=1))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(statements)} statements", show_lines=True)
        for column in ("#", "speaker", "as written", "verb", "kind", "content"):
            table.add_column(column, overflow="fold")
        for number, statement in enumerate(statements, 1):
            written = statement.speaker.text
            if statement.speaker.resolved_from:
                written += f" → {statement.speaker.canonical}"
            table.add_row(
                str(number),
                statement.speaker.canonical
                + (f"\n({statement.speaker.role})" if statement.speaker.role else ""),
                written,
                f"{statement.verb}\n«{statement.verb_text}»",
                statement.kind,
                statement.content.text,
            )
        console = Console()
        console.print(table)
        for diagnostic in diagnostics:
            console.print(f"[yellow]{diagnostic.level}[/]: {diagnostic.message} (offset {diagnostic.start})")
