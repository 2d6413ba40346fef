"""The archive interface and the write logic both backends share (they differ in SQL dialect and index).

Writes go through :meth:`Archive.store`: one transaction per batch (a savepoint per document when one fails), so a batch
either commits whole documents or nothing, and one bad document never takes its batch down with it.
Identity is the SHA-256 of the original bytes: a path seen again with the same hash is unchanged, a known
hash under a new path is a duplicate (the path is recorded, nothing is re-extracted), and a path whose hash
changed is updated in place when no other path shares its old content.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from typing import Any

from dabir.archive.query import Query
from dabir.archive.reading import Reading
from dabir.archive.records import IngestItem, Outcome, PreparedDocument
from dabir.archive.story_store import StoryStore

ENTITY_COLUMNS = "document_id, label, canonical, text, start_offset, end_offset, key"
STATEMENT_COLUMNS = "document_id, position, speaker, speaker_canonical, speaker_key, verb, kind, content, start_offset, end_offset"


def _content(item: IngestItem) -> str:
    """The content identity: a dabir JSON record names its original's hash, not the JSON file's."""
    return item.prepared.sha256 if item.prepared else item.sha256


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Archive(Reading, StoryStore, ABC):
    """A document archive.  Subclasses provide the connection, SQL dialect and full-text index."""

    #: placeholder for one parameter in this dialect's SQL
    param = "?"
    url: str
    #: what the driver raises when the database refuses a statement (anything else is a bug and propagates)
    database_errors: tuple[type[Exception], ...] = ()

    # --- dialect hooks -------------------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; return its rows (empty for statements without results)."""

    @abstractmethod
    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None: ...

    @abstractmethod
    def _has_table(self, name: str) -> bool: ...

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _insert_document(self, prepared: PreparedDocument, stamp: str) -> int: ...

    @abstractmethod
    def _update_document(self, document_id: int, prepared: PreparedDocument, stamp: str) -> None: ...

    @abstractmethod
    def _delete_index(self, document_id: int) -> None: ...

    @abstractmethod
    def _ranked_ids(
        self, query: Query, filters: str, params: list[Any], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        """Ids and scores (higher is better) of documents matching ``query`` and the filter SQL."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def optimize(self) -> None:
        """Merge index segments / refresh planner statistics after a large ingest."""

    @abstractmethod
    def size_bytes(self) -> int: ...

    # --- writing -------------------------------------------------------------------------------------
    def known(self) -> tuple[dict[str, str], set[str]]:
        """Path -> content hash of every archived path, and every archived hash: lets ingest skip work."""
        paths = dict(self._execute("SELECT path, sha256 FROM paths"))
        hashes = {row[0] for row in self._execute("SELECT sha256 FROM documents")}
        return paths, hashes

    def store(self, items: list[IngestItem]) -> list[Outcome]:
        """Write a batch in one transaction.

        The batch is first written straight through; if the database refuses one document, the transaction
        is rolled back and the batch written again with a savepoint per document, so that only that
        document fails.
        """
        stamp = now()
        try:
            return self._store_batch(items, stamp, isolate=False)
        except self.database_errors:
            return self._store_batch(items, stamp, isolate=True)

    def _store_batch(self, items: list[IngestItem], stamp: str, isolate: bool) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}
        self._begin()
        try:
            lookup = self._lookup(items)
            if not isolate:
                outcomes.update(self._store_new(items, stamp, lookup))
            for index, item in enumerate(items):
                if index in outcomes:
                    continue
                if not isolate:
                    outcomes[index] = self._store_one(item, stamp, lookup)
                    continue
                self._execute("SAVEPOINT item")
                try:
                    outcome = self._store_one(item, stamp, lookup)
                # A database error on one document must not lose the batch; anything else is a bug.
                except self.database_errors as error:
                    self._execute("ROLLBACK TO SAVEPOINT item")
                    outcome = Outcome(item.path, "failed", reason=f"could not store: {error}")
                    lookup = self._lookup(items)
                self._execute("RELEASE SAVEPOINT item")
                outcomes[index] = outcome
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return [outcomes[index] for index in range(len(items))]

    def _store_new(
        self, items: list[IngestItem], stamp: str, lookup: tuple[dict[str, tuple[int, str]], dict[str, int]]
    ) -> dict[int, Outcome]:
        """The common case in bulk: new paths with new contents, written with a few multi-row statements."""
        known_paths, known_contents = lookup
        chosen: dict[str, int] = {}
        for index, item in enumerate(items):
            content = _content(item)
            if item.prepared is None or content in known_contents or content in chosen:
                continue
            if item.path is not None and item.path in known_paths:
                continue
            chosen[content] = index
        if not chosen:
            return {}
        indexes = list(chosen.values())
        ids = self._insert_documents([items[i].prepared for i in indexes], stamp)  # type: ignore[misc]
        self._write_children(
            [(d, items[i].prepared) for d, i in zip(ids, indexes, strict=True)], replace=False
        )  # type: ignore[misc]
        p = self.param
        rows = []
        for document_id, index in zip(ids, indexes, strict=True):
            item = items[index]
            known_contents[_content(item)] = document_id
            if item.path is not None:
                known_paths[item.path] = (document_id, item.sha256)
                rows.append((item.path, document_id, item.sha256, stamp))
        if rows:
            self._executemany(
                f"INSERT INTO paths (path, document_id, sha256, seen_at) VALUES ({p}, {p}, {p}, {p})", rows
            )
        return {
            index: Outcome(items[index].path, "ingested", document_id)
            for document_id, index in zip(ids, indexes, strict=True)
        }

    def _insert_documents(self, prepared: list[PreparedDocument], stamp: str) -> list[int]:
        """Insert documents and their index entries; their ids in order.  Backends may do it in bulk."""
        return [self._insert_document(one, stamp) for one in prepared]

    def _lookup(self, items: list[IngestItem]) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
        """What the archive already holds for the batch's paths and contents, in two queries."""
        paths = sorted({item.path for item in items if item.path is not None})
        contents = sorted({_content(item) for item in items})
        self._lock_contents(contents)
        known_paths = {
            row[0]: (row[1], row[2])
            for row in self._in("SELECT path, document_id, sha256 FROM paths WHERE path IN ({})", paths)
        }
        known_contents = dict(self._in("SELECT sha256, id FROM documents WHERE sha256 IN ({})", contents))
        return known_paths, known_contents

    def _lock_contents(self, contents: list[str]) -> None:
        """Hold off other writers of these contents until commit (SQLite has one writer at a time anyway)."""
        return None

    def add(self, prepared: PreparedDocument, path: str | None = None) -> Outcome:
        """Store one document (the API's ingest): a batch of one."""
        return self.store([IngestItem(path, prepared.sha256, prepared)])[0]

    def _store_one(
        self, item: IngestItem, stamp: str, lookup: tuple[dict[str, tuple[int, str]], dict[str, int]]
    ) -> Outcome:
        known_paths, known_contents = lookup
        previous = known_paths.get(item.path) if item.path is not None else None
        if previous and previous[1] == item.sha256:
            return Outcome(item.path, "unchanged", previous[0])
        content = _content(item)
        existing = known_contents.get(content)
        if existing:
            document_id = existing
            status = "updated" if previous else "duplicate"
        elif item.prepared is None:
            return Outcome(
                item.path, "failed", reason="content vanished from the archive during ingest; rerun"
            )
        elif previous and not self._shared(previous[0], item.path):
            document_id = previous[0]
            self._update_document(document_id, item.prepared, stamp)
            self._write_children([(document_id, item.prepared)], replace=True)
            for sha in [sha for sha, known in known_contents.items() if known == document_id]:
                del known_contents[sha]
            status = "updated"
        else:
            document_id = self._insert_document(item.prepared, stamp)
            self._write_children([(document_id, item.prepared)], replace=False)
            status = "updated" if previous else "ingested"
        known_contents[content] = document_id
        if item.path is not None:
            p = self.param
            self._execute(
                f"INSERT INTO paths (path, document_id, sha256, seen_at) VALUES ({p}, {p}, {p}, {p}) "
                "ON CONFLICT (path) DO UPDATE SET document_id = excluded.document_id, "
                "sha256 = excluded.sha256, seen_at = excluded.seen_at",
                (item.path, document_id, item.sha256, stamp),
            )
            known_paths[item.path] = (document_id, item.sha256)
        if previous and previous[0] != document_id and self._delete_if_orphan(previous[0]):
            for sha in [sha for sha, known in known_contents.items() if known == previous[0]]:
                del known_contents[sha]
        return Outcome(item.path, status, document_id)

    def _shared(self, document_id: int, path: str | None) -> bool:
        p = self.param
        return bool(
            self._one(f"SELECT 1 FROM paths WHERE document_id = {p} AND path <> {p}", (document_id, path))
        )

    def _delete_if_orphan(self, document_id: int) -> bool:
        p = self.param
        if self._one(f"SELECT 1 FROM paths WHERE document_id = {p}", (document_id,)):
            return False
        self._unlink_stories([document_id])
        self._delete_index(document_id)
        for table in ("entities", "statements"):
            self._execute(f"DELETE FROM {table} WHERE document_id = {p}", (document_id,))
        self._execute(f"DELETE FROM documents WHERE id = {p}", (document_id,))
        return True

    def _write_children(self, documents: list[tuple[int, PreparedDocument]], replace: bool) -> None:
        """Entity and statement rows of ``(document id, prepared)`` pairs, in one statement per table."""
        p = self.param
        if replace:
            self._unlink_stories([d for d, _ in documents])
            for table in ("entities", "statements"):
                self._in(f"DELETE FROM {table} WHERE document_id IN ({{}})", [d for d, _ in documents])
        entities = [
            (document_id, e.label, e.canonical, e.text, e.start, e.end, e.key)
            for document_id, prepared in documents
            for e in prepared.entities
        ]
        if entities:
            self._executemany(
                f"INSERT INTO entities ({ENTITY_COLUMNS}) VALUES ({', '.join([p] * 7)})", entities
            )
        statements = [
            (
                document_id,
                s.position,
                s.speaker,
                s.speaker_canonical,
                s.speaker_key,
                s.verb,
                s.kind,
                s.content,
                s.start,
                s.end,
            )
            for document_id, prepared in documents
            for s in prepared.statements
        ]
        if statements:
            self._executemany(
                f"INSERT INTO statements ({STATEMENT_COLUMNS}) VALUES ({', '.join([p] * 10)})", statements
            )
        self._link_stories(documents)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
