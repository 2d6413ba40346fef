"""``dabir repair``: repaired text on stdout, or the edits that made it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from dabir.errors import UserError, memory_guard
from dabir.inputs import read_text_arg
from dabir.repair import RepairOptions, repair
from dabir.repair.engine import rule_doc, rule_names

ZWNJ = "\u200c"


def visible(text: str) -> str:
    """Show invisible characters of an edit: ZWNJ as ‹ZWNJ›, newlines as ⏎."""
    return (
        text.replace(ZWNJ, "‹ZWNJ›")
        .replace("\n", "⏎")
        .replace("\t", "⇥")
        .replace("\u200b", "‹ZWSP›")
        .replace("\ufeff", "‹BOM›")
        .replace("\u00a0", "‹NBSP›")
        .replace("\r", "‹CR›")
    )


def _options(
    skip: list[str], digits: str, quotes: bool, strip_diacritics: bool, layout: bool
) -> RepairOptions:
    names = {name.strip() for item in skip for name in item.split(",") if name.strip()}
    unknown = names - set(rule_names())
    if unknown:
        raise UserError(
            f"unknown rule(s) for --skip: {', '.join(sorted(unknown))}; see 'dabir repair --list-rules'"
        )
    if digits not in {"persian", "persian-all", "latin", "keep"}:
        raise UserError(f"--digits must be persian, persian-all, latin or keep, not {digits!r}")
    return RepairOptions(
        skip=frozenset(names),
        digits=digits,
        quotes=quotes,
        strip_diacritics=strip_diacritics,
        layout=layout,  # type: ignore[arg-type]
    )


def rule_listing() -> str:
    """One line per rule, in the order they run: its name and what it does, as plain text (no ``markup``).

    A rule that runs twice («spaces» again as «spaces_final») says so instead of repeating the description.
    """
    from dabir.repair.engine import RULES

    names = rule_names()
    width = max(len(name) for name in names) + 2
    first_name = {}
    lines = []
    for name in names:
        earlier = first_name.setdefault(RULES[name], name)
        if earlier != name:
            doc = f"«{earlier}» once more, after the half-space and punctuation rules changed the text."
        else:
            doc = _RST_LITERAL.sub(lambda m: visible(m.group(1)), rule_doc(name))
        lines.append(f"{name:{width}}{doc}")
    return "\n".join(lines)


#: ``literal`` markup of the docstrings; an escaped newline inside it is shown as ⏎.
_RST_LITERAL = re.compile(r"``(.+?)``")


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` through a temporary file, keeping the file's mode and, where allowed, owner."""
    status = path.stat()
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp_name, stat.S_IMODE(status.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.chown(temp_name, status.st_uid, status.st_gid)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    @app.command("repair")
    def repair_command(
        file: Annotated[str, typer.Argument(help="a UTF-8 text file, or - for standard input")] = "-",
        explain: Annotated[
            bool, typer.Option("--explain", help="print every edit: offset, rule, before, after")
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help='print {"text", "edits"} as JSON')] = False,
        lines: Annotated[
            bool, typer.Option("--lines", help="repair each line on its own; one output line per input line")
        ] = False,
        skip: Annotated[
            list[str],
            typer.Option("--skip", metavar="RULE", help="switch a rule off (repeat, or comma-separated)"),
        ] = [],  # noqa: B006
        digits: Annotated[str, typer.Option(help="persian | persian-all | latin | keep")] = "persian",
        quotes: Annotated[
            bool, typer.Option("--quotes", help='straight "…" around Persian text become «…»')
        ] = False,
        strip_diacritics: Annotated[
            bool, typer.Option("--strip-diacritics", help="remove all harakat")
        ] = False,
        in_place: Annotated[
            bool, typer.Option("--in-place", help="rewrite FILE (atomically) instead of printing")
        ] = False,
        list_rules: Annotated[bool, typer.Option("--list-rules", help="list the rules and exit")] = False,
    ) -> None:
        """Repair damaged Persian text. Letters, digits, punctuation, half-spaces, compounds and layout are
        fixed; --explain prints each edit with the rule that made it."""
        if list_rules:
            typer.echo(rule_listing())
            return
        if in_place and file == "-":
            raise UserError("--in-place needs a file, not standard input")
        text, name = read_text_arg(file)
        options = _options(skip, digits, quotes, strip_diacritics, layout=not lines)
        if lines:
            source_lines = text.split("\n")
            if source_lines and source_lines[-1] == "":
                source_lines.pop()
            with memory_guard(name):
                results = [repair(line, options) for line in source_lines]
            output = "".join(result.text.replace("\n", " ") + "\n" for result in results)
            if as_json:
                typer.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False))
                return
            if explain:
                for number, result in enumerate(results, 1):
                    for edit in result.edits:
                        typer.echo(
                            f"{number}:{edit.start}-{edit.end}\t{edit.rule}\t«{visible(edit.before)}» → «{visible(edit.after)}»"
                        )
                return
        else:
            with memory_guard(name):
                result = repair(text, options)
            output = result.text
            if as_json:
                typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
                return
            if explain:
                for edit in result.edits:
                    line = text.count("\n", 0, edit.start) + 1
                    source = f"\t[{edit.source}]" if edit.source else ""
                    typer.echo(
                        f"{edit.start}-{edit.end}\tline {line}\t{edit.rule}\t«{visible(edit.before)}» → «{visible(edit.after)}»{source}"
                    )
                typer.echo(f"{len(result.edits)} edits", err=True)
                return
        if in_place:
            _write_atomically(Path(file), output)
            typer.echo(f"{name}: repaired in place", err=True)
            return
        sys.stdout.write(output)
        if output and not output.endswith("\n"):
            sys.stdout.write("\n")
