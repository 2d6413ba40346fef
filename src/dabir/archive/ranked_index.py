"""PostgreSQL's ranked full-text index: a RUM index when the server has the extension, else the GIN index.

With RUM, ``ORDER BY search <=> query LIMIT n`` is answered from the index, which keeps every lexeme's
positions: only the best ``n`` matches are read.  With GIN, every matching row's tsvector must be read back
to rank it with ``ts_rank_cd``, which is what made a common word slow at 100,000 documents (issue 19).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dabir.archive.base import Archive

log = logging.getLogger("dabir.archive")

EXTENSION = "rum"
INDEX = "documents_search_rum"
GIN_INDEX = "documents_search"
MISSING_NOTE = (
    "search ranks every match with the GIN index (slower on large archives): %s. To rank from a RUM index, "
    "install postgresql-15-rum on the server (scripts/setup does) and see docs/archive.md"
)
_noted: set[str] = set()


def create(archive: Archive) -> None:
    """Migration 4: replace the GIN index by a RUM index when the extension can be created; else keep GIN.

    Runs inside the migration's transaction; a refused ``CREATE EXTENSION`` (no rights) is undone by its
    savepoint and the archive keeps its GIN index (:func:`note_if_missing` says why when it is opened).
    """
    available = archive._execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", (EXTENSION,))
    if not available:
        return
    archive._execute("SAVEPOINT ranked_index")
    try:
        archive._execute(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
    except archive.database_errors:
        archive._execute("ROLLBACK TO SAVEPOINT ranked_index")
        return
    archive._execute("RELEASE SAVEPOINT ranked_index")
    archive._execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON documents USING rum (search rum_tsvector_ops)")
    archive._execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def present(archive: Archive) -> bool:
    """Whether the archive's documents carry the RUM index (and so can be ranked from it)."""
    return archive._execute("SELECT to_regclass(%s) IS NOT NULL", (INDEX,))[0][0] is True


def why_missing(archive: Archive) -> str:
    """Why an archive has no RUM index, in words."""
    if not archive._execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", (EXTENSION,)):
        return f"the server has no '{EXTENSION}' extension"
    if not archive._execute("SELECT 1 FROM pg_extension WHERE extname = %s", (EXTENSION,)):
        return f"the '{EXTENSION}' extension is not created in this database (CREATE EXTENSION needs a superuser)"
    return f"the archive has no {INDEX} index"


def note_if_missing(archive: Archive, url: str) -> bool:
    """True when the RUM index is there; otherwise log, once per archive and process, why it is not."""
    if present(archive):
        return True
    if url not in _noted:
        _noted.add(url)
        log.warning("%s: " + MISSING_NOTE, url, why_missing(archive))
    return False
