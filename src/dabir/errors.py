"""Errors meant for users: one line naming the file and the problem (exit code 2), never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class UserError(Exception):
    """A problem with the user's input, printed as ``dabir: PATH: PROBLEM``."""

    def __init__(self, problem: str, path: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem


class InputTooLarge(UserError):
    """Input beyond one of the ceilings in :mod:`dabir.limits` (the API answers it with HTTP 413)."""

    def __init__(self, what: str, limit: int | None, path: str | None = None) -> None:
        super().__init__(f"too large: {what}" + (f" (the limit is {limit:,})" if limit else ""), path)
        self.limit = limit


@contextmanager
def memory_guard(path: str | None) -> Iterator[None]:
    """Turn running out of memory while working on ``path`` into one :class:`InputTooLarge` line.

    Python frees the work in progress as the error unwinds, so there is memory again to report it."""
    try:
        yield
    except MemoryError:
        raise InputTooLarge("more than the memory at hand holds", None, path) from None
