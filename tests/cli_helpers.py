"""Running ``dabir`` in-process from a test, as a user's shell would (the exit code and both streams)."""

from __future__ import annotations

import pytest

from dabir.cli import main


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``dabir ARGS``: its exit code, standard output and standard error."""
    code = 0
    try:
        main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
