"""Errors meant for users: one line naming the file and the problem (exit code 2), never a traceback."""

from __future__ import annotations


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
