"""Versioned schema migrations: numbered SQL files per backend, each applied once in its own transaction.

Why not alembic: the two schemas differ exactly where alembic cannot help (an FTS5 virtual table against a
tsvector column with a GIN index), so every migration would be hand-written SQL per dialect anyway; this
runner is the same model as alembic's linear history or Flyway (ordered versions recorded in a table),
needs no SQLAlchemy at run time, and keeps `dabir search` quick to start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING

from dabir.archive import ranked_index
from dabir.archive.normalise import filter_key

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


def rekey_filters(archive: Archive) -> None:
    """Recompute the filter keys of every entity and statement from their (canonical, text) pairs (migration 2)."""
    p = archive.param
    for table, canonical, text, column in (
        ("entities", "canonical", "text", "key"),
        ("statements", "speaker_canonical", "speaker", "speaker_key"),
    ):
        pairs = archive._execute(f"SELECT DISTINCT {canonical}, {text} FROM {table}")
        if not pairs:
            continue
        archive._executemany(
            f"INSERT INTO filter_keys (canonical, text, key) VALUES ({p}, {p}, {p})",
            [(name, written, filter_key(f"{name} {written}")) for name, written in pairs],
        )
        archive._execute(
            f"UPDATE {table} SET {column} = filter_keys.key FROM filter_keys "
            f"WHERE {table}.{canonical} = filter_keys.canonical AND {table}.{text} = filter_keys.text"
        )
        archive._execute("DELETE FROM filter_keys")
    archive._execute("DROP TABLE filter_keys")


def backfill_stories(archive: Archive) -> None:
    """Sign and group the documents archived before stories existed (migration 3), 500 at a time."""
    from types import SimpleNamespace

    from dabir.archive.normalise import index_columns
    from dabir.archive.stories import fingerprint

    last = 0
    while rows := archive._execute(
        f"SELECT id, title, text FROM documents WHERE id > {archive.param} ORDER BY id LIMIT 500", (last,)
    ):
        batch = []
        for document_id, title, text in rows:
            body, _ = index_columns(text if not title or title in text[:2000] else f"{title}\n{text}")
            batch.append((int(document_id), SimpleNamespace(story=fingerprint(body))))
        archive._link_stories(batch)  # type: ignore[arg-type]
        last = rows[-1][0]


#: Steps a migration's SQL cannot do, run right after it in the same transaction.
STEPS: dict[int, Callable[[Archive], None]] = {2: rekey_filters, 3: backfill_stories}
#: The same, for one dialect only.
DIALECT_STEPS: dict[tuple[str, int], Callable[[Archive], None]] = {("postgres", 4): ranked_index.create}


def migrate(archive: Archive, dialect: str, lock: str) -> int:
    """Bring the schema up to date; ``lock`` is the dialect's statement that serialises migrators.

    Returns the number of migrations applied.
    """
    from dabir.archive.base import now

    if archive._has_table("schema_migrations"):
        done = archive.schema_version()
        if not [m for m in migrations(dialect) if m[0] > done]:
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
            if version in STEPS:
                STEPS[version](archive)
            if (dialect, version) in DIALECT_STEPS:
                DIALECT_STEPS[dialect, version](archive)
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
