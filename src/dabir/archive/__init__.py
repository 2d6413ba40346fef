"""The archive: documents stored with their records and searched the way Persian users type.

``open_archive(url)`` gives an :class:`~dabir.archive.base.Archive`: a SQLite file by default (under the
user's data directory), or PostgreSQL for ``postgresql://…`` URLs.
"""

from __future__ import annotations

import os
from pathlib import Path

from dabir.archive.base import Archive
from dabir.archive.records import IngestItem, Outcome, PreparedDocument, SearchHit, StoredDocument, prepare

__all__ = [
    "Archive",
    "IngestItem",
    "Outcome",
    "PreparedDocument",
    "SearchHit",
    "StoredDocument",
    "default_url",
    "open_archive",
    "prepare",
]


def default_url() -> str:
    """``DABIR_DB`` if set, else ``archive.sqlite3`` in the user's data directory (platformdirs)."""
    configured = os.environ.get("DABIR_DB")
    if configured:
        return configured
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("dabir", appauthor=False)) / "archive.sqlite3")


def open_archive(url: str | None = None, create: bool = True) -> Archive:
    """Open (and migrate) the archive at ``url``: a path, ``sqlite:///path`` or ``postgresql://…``.

    ``create=False`` refuses to create a missing SQLite file (for read-only commands).
    """
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from dabir.archive.postgres import PostgresArchive

        return PostgresArchive(url.replace("postgresql+psycopg://", "postgresql://", 1))
    from dabir.archive.sqlite import SQLiteArchive

    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return SQLiteArchive(Path(path).expanduser(), create=create)
