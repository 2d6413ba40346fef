"""The ``dabir`` command line.  Each sub-command lives in its own module under ``dabir.commands``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from dabir import commands
from dabir.errors import UserError

app = typer.Typer(
    name="dabir",
    help="dabir (دبیر): repair damaged Persian text and record who said what, when, about whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich's tables print every flag as «--json <bool>», which invites «--json true» (an error).
    rich_markup_mode=None,
)


#: Commands in the order a user meets them: repair and read one report, then build and query an archive.
WORKFLOW = (
    "repair",
    "extract",
    "statements",
    "entities",
    "ingest",
    "search",
    "show",
    "stories",
    "stats",
    "export",
    "serve",
    "schema",
    "models",
)


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(app)
    # A command missing from WORKFLOW is listed last rather than lost.
    app.registered_commands.sort(
        key=lambda info: WORKFLOW.index(info.name) if info.name in WORKFLOW else len(WORKFLOW)
    )


_register_commands()


@app.callback()
def _root() -> None:
    """dabir (دبیر): repair damaged Persian text and record who said what, when, about whom."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and turns user errors into one line on stderr with exit code 2."""
    try:
        app(args=argv, prog_name="dabir")
    except UserError as error:
        print(f"dabir: error: {error}", file=sys.stderr)
        sys.exit(2)
    except MemoryError:  # the commands name the file (errors.memory_guard); this is the last resort
        print("dabir: error: too large: more than the memory at hand holds", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("dabir: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
