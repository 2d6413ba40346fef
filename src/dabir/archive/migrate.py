"""Versioned schema migrations: numbered SQL files per backend, each applied once in its own transaction.

Why not alembic: the two schemas differ exactly where alembic cannot help (an FTS5 virtual table against a
tsvector column with a GIN index), so every migration would be hand-written SQL per dialect anyway; this
runner is the same model as alembic's linear history or Flyway (ordered versions recorded in a table),
needs no SQLAlchemy at run time, and keeps `dabir search` quick to start.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dabir.archive.base import Archive

BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def migrations(dialect: str) -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` of every migration shipped for ``dialect``, in order."""
    folder = resources.files("dabir.archive") / "migrations" / dialect
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append((int(number), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def statements(sql: str) -> list[str]:
    """Split a migration into statements (a statement ends with ``;`` at the end of a line)."""
    result: list[str] = []
    current: list[str] = []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not current:
            continue
        current.append(line)
        chunk = "\n".join(current)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(chunk):
            result.append(chunk.strip())
            current = []
    if "\n".join(current).strip():
        result.append("\n".join(current).strip())
    return result


def migrate(archive: Archive, dialect: str, lock: str) -> int:
    """Bring the schema up to date; ``lock`` is the dialect's statement that serialises migrators.

    Returns the number of migrations applied.
    """
    from dabir.archive.base import now

    pending = None
    try:
        done = archive.schema_version()
        pending = [m for m in migrations(dialect) if m[0] > done]
    except Exception:  # no bookkeeping table yet
        archive._rollback()
    if pending == []:
        return 0
    applied = 0
    archive._begin()
    try:
        if lock:
            archive._execute(lock)
        archive._execute(BOOKKEEPING)
        done = archive.schema_version()
        for version, name, sql in migrations(dialect):
            if version <= done:
                continue
            for statement in statements(sql):
                archive._execute(statement)
            archive._execute(
                f"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({archive.param}, {archive.param}, {archive.param})",
                (version, name, now()),
            )
            applied += 1
        archive._commit()
    except BaseException:
        archive._rollback()
        raise
    return applied
