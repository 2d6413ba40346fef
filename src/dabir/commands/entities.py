"""``dabir entities FILE``: the people, organisations and places of a text, with titles and canonical names."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dabir.errors import UserError
from dabir.inputs import read_text_arg


def register(app: typer.Typer) -> None:
    @app.command("entities")
    def entities_command(
        file: Annotated[str, typer.Argument(help="a UTF-8 text file, or - for standard input")] = "-",
        as_json: Annotated[
            bool,
            typer.Option("--json", help="print the entities as a JSON list (offsets into the repaired text)"),
        ] = False,
        label: Annotated[
            list[str],
            typer.Option(
                "--label",
                metavar="LABEL",
                help="keep only this label (repeat, or comma-separated): PER, ORG, LOC, FAC, EVENT, PRO",
            ),
        ] = [],  # noqa: B006
    ) -> None:
        """List named entities. Repair the text, then each entity's label, name, canonical name, role and
        title."""
        from dabir.annotate.entities import LABELS, find_entities
        from dabir.repair import repair

        wanted = {item.strip().upper() for value in label for item in value.split(",") if item.strip()}
        unknown = sorted(wanted - set(LABELS))
        if unknown:
            raise UserError(
                f"unknown label(s) for --label: {', '.join(unknown)}; labels: {', '.join(LABELS)}"
            )
        text, _ = read_text_arg(file)
        repaired = repair(text).text
        found = [entity for entity in find_entities(repaired) if not wanted or entity.label in wanted]
        if as_json:
            typer.echo(
                json.dumps([entity.model_dump(exclude_none=True) for entity in found], ensure_ascii=False)
            )
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(found)} entities")
        for column in ("offsets", "label", "text", "canonical", "role", "title"):
            table.add_column(column)
        for entity in found:
            table.add_row(
                f"{entity.start}-{entity.end}",
                entity.label,
                entity.text,
                entity.canonical if entity.canonical != entity.text else "",
                entity.role or "",
                entity.title.text if entity.title else "",
            )
        Console().print(table)
