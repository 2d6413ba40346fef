"""The embedded archive: one SQLite file in WAL mode, with an FTS5 index of the normalised text.

WAL lets searches run while an ingest writes; ``synchronous=NORMAL`` in WAL mode never corrupts the file and
loses no committed batch when the process is killed (only a power cut can cost the last commits).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from dabir.archive.base import Archive
from dabir.archive.migrate import migrate
from dabir.archive.query import Query, to_fts5
from dabir.archive.records import PreparedDocument
from dabir.errors import UserError

#: bm25 weights of the columns: a match of the joined form counts more than a match of a piece.
RANK = "bm25(search_index, 1.0, 0.5)"


class SQLiteArchive(Archive):
    param = "?"
    database_errors = (sqlite3.DatabaseError,)

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        if not path.exists():
            if not create:
                raise UserError("no archive here yet; 'dabir ingest' creates it", str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)
            self.connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as error:
            raise UserError(f"cannot open the archive: {error}", str(path)) from None
        self.connection.execute("PRAGMA synchronous = NORMAL")
        self.connection.execute("PRAGMA busy_timeout = 60000")
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA cache_size = -65536")
        try:
            migrate(self, "sqlite", lock="")
        except sqlite3.DatabaseError as error:
            self.connection.close()
            raise UserError(f"not a dabir archive or damaged: {error}", str(path)) from None

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.connection.executemany(sql, rows)

    def _has_table(self, name: str) -> bool:
        return bool(self._execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock at once: two writers wait (busy_timeout) instead of deadlocking.
        self.connection.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self.connection.execute("COMMIT")

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def _insert_document(self, prepared: PreparedDocument, stamp: str) -> int:
        document_id = self.connection.execute(
            "INSERT INTO documents (sha256, size, format, date_jalali, date_gregorian, ingested_at, updated_at, "
            "title, text, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            prepared.columns(stamp, new=True),
        ).fetchone()[0]
        self._write_index(document_id, prepared)
        return int(document_id)

    def _update_document(self, document_id: int, prepared: PreparedDocument, stamp: str) -> None:
        self.connection.execute(
            "UPDATE documents SET sha256 = ?, size = ?, format = ?, date_jalali = ?, date_gregorian = ?, "
            "updated_at = ?, title = ?, text = ?, record = ? WHERE id = ?",
            (*prepared.columns(stamp, new=False), document_id),
        )
        self._delete_index(document_id)
        self._write_index(document_id, prepared)

    def _write_index(self, document_id: int, prepared: PreparedDocument) -> None:
        self.connection.execute(
            "INSERT INTO search_index (rowid, body, parts) VALUES (?, ?, ?)",
            (document_id, prepared.body, prepared.parts),
        )

    def _delete_index(self, document_id: int) -> None:
        self.connection.execute("DELETE FROM search_index WHERE rowid = ?", (document_id,))

    def _ranked_ids(
        self, query: Query, filters: str, params: list[Any], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        expression = to_fts5(query)
        if filters:
            sql = (
                f"SELECT d.id, -{RANK} FROM search_index JOIN documents d ON d.id = search_index.rowid "
                f"WHERE search_index MATCH ? AND {filters} ORDER BY {RANK} LIMIT ? OFFSET ?"
            )
        else:
            sql = f"SELECT rowid, -{RANK} FROM search_index WHERE search_index MATCH ? ORDER BY {RANK} LIMIT ? OFFSET ?"
        try:
            return [(int(i), float(s)) for i, s in self._execute(sql, (expression, *params, limit, offset))]
        except sqlite3.OperationalError as error:
            raise UserError(f"the search failed: {error}") from None

    def size_bytes(self) -> int:
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` and the FTS5 integrity check report (empty when all is well)."""
        problems = [row[0] for row in self._execute("PRAGMA integrity_check") if row[0] != "ok"]
        try:
            self._execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as error:
            problems.append(f"search index: {error}")
        return problems

    def optimize(self) -> None:
        self._execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        self._execute("PRAGMA optimize")

    def close(self) -> None:
        self.connection.close()
