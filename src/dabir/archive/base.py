"""The archive interface and the write logic both backends share (they differ in SQL dialect and index).

Writes go through :meth:`Archive.store`: one transaction per batch, one savepoint per document, so a batch
either commits whole documents or nothing, and one bad document never takes its batch down with it.
Identity is the SHA-256 of the original bytes: a path seen again with the same hash is unchanged, a known
hash under a new path is a duplicate (the path is recorded, nothing is re-extracted), and a path whose hash
changed is updated in place when no other path shares its old content.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from dabir.archive.query import Query, parse_query
from dabir.archive.records import IngestItem, Outcome, PreparedDocument, SearchHit, StoredDocument
from dabir.archive.snippet import make_snippet
from dabir.errors import UserError

ENTITY_COLUMNS = "document_id, label, canonical, text, start_offset, end_offset, key"
STATEMENT_COLUMNS = "document_id, position, speaker, speaker_canonical, speaker_key, verb, kind, content, start_offset, end_offset"


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Archive(ABC):
    """A document archive.  Subclasses provide the connection, SQL dialect and full-text index."""

    #: placeholder for one parameter in this dialect's SQL
    param = "?"
    url: str

    # --- dialect hooks -------------------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; return its rows (empty for statements without results)."""

    @abstractmethod
    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None: ...

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
    def size_bytes(self) -> int: ...

    # --- writing -------------------------------------------------------------------------------------
    def known(self) -> tuple[dict[str, str], set[str]]:
        """Path -> content hash of every archived path, and every archived hash: lets ingest skip work."""
        paths = dict(self._execute("SELECT path, sha256 FROM paths"))
        hashes = {row[0] for row in self._execute("SELECT sha256 FROM documents")}
        return paths, hashes

    def store(self, items: list[IngestItem]) -> list[Outcome]:
        """Write a batch in one transaction; each item in its own savepoint."""
        outcomes: list[Outcome] = []
        stamp = now()
        self._begin()
        try:
            for item in items:
                self._execute("SAVEPOINT item")
                try:
                    outcome = self._store_one(item, stamp)
                except Exception as error:  # a database error on one document must not lose the batch
                    self._execute("ROLLBACK TO SAVEPOINT item")
                    outcome = Outcome(item.path, "failed", reason=f"could not store: {error}")
                self._execute("RELEASE SAVEPOINT item")
                outcomes.append(outcome)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return outcomes

    def add(self, prepared: PreparedDocument, path: str | None = None) -> Outcome:
        """Store one document (the API's ingest): a batch of one."""
        return self.store([IngestItem(path, prepared.sha256, prepared)])[0]

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        rows = self._execute(sql, params)
        return rows[0] if rows else None

    def _store_one(self, item: IngestItem, stamp: str) -> Outcome:
        p = self.param
        previous = None
        if item.path is not None:
            previous = self._one(f"SELECT document_id, sha256 FROM paths WHERE path = {p}", (item.path,))
            if previous and previous[1] == item.sha256:
                return Outcome(item.path, "unchanged", previous[0])
        # A dabir JSON record names its original's hash, which differs from the hash of the JSON file itself.
        content = item.prepared.sha256 if item.prepared else item.sha256
        existing = self._one(f"SELECT id FROM documents WHERE sha256 = {p}", (content,))
        if existing:
            document_id = existing[0]
            status = "updated" if previous else "duplicate"
        elif item.prepared is None:
            return Outcome(
                item.path, "failed", reason="content vanished from the archive during ingest; rerun"
            )
        elif previous and not self._shared(previous[0], item.path):
            document_id = previous[0]
            self._update_document(document_id, item.prepared, stamp)
            self._write_children(document_id, item.prepared, replace=True)
            status = "updated"
        else:
            document_id = self._insert_document(item.prepared, stamp)
            self._write_children(document_id, item.prepared, replace=False)
            status = "updated" if previous else "ingested"
        if item.path is not None:
            self._execute(
                f"INSERT INTO paths (path, document_id, sha256, seen_at) VALUES ({p}, {p}, {p}, {p}) "
                "ON CONFLICT (path) DO UPDATE SET document_id = excluded.document_id, "
                "sha256 = excluded.sha256, seen_at = excluded.seen_at",
                (item.path, document_id, item.sha256, stamp),
            )
        if previous and previous[0] != document_id:
            self._delete_if_orphan(previous[0])
        return Outcome(item.path, status, document_id)

    def _shared(self, document_id: int, path: str | None) -> bool:
        p = self.param
        return bool(
            self._one(f"SELECT 1 FROM paths WHERE document_id = {p} AND path <> {p}", (document_id, path))
        )

    def _delete_if_orphan(self, document_id: int) -> None:
        p = self.param
        if not self._one(f"SELECT 1 FROM paths WHERE document_id = {p}", (document_id,)):
            self._delete_index(document_id)
            for table in ("entities", "statements"):
                self._execute(f"DELETE FROM {table} WHERE document_id = {p}", (document_id,))
            self._execute(f"DELETE FROM documents WHERE id = {p}", (document_id,))

    def _write_children(self, document_id: int, prepared: PreparedDocument, replace: bool) -> None:
        p = self.param
        if replace:
            for table in ("entities", "statements"):
                self._execute(f"DELETE FROM {table} WHERE document_id = {p}", (document_id,))
        if prepared.entities:
            self._executemany(
                f"INSERT INTO entities ({ENTITY_COLUMNS}) VALUES ({', '.join([p] * 7)})",
                [
                    (document_id, e.label, e.canonical, e.text, e.start, e.end, e.key)
                    for e in prepared.entities
                ],
            )
        if prepared.statements:
            self._executemany(
                f"INSERT INTO statements ({STATEMENT_COLUMNS}) VALUES ({', '.join([p] * 10)})",
                [
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
                    for s in prepared.statements
                ],
            )

    # --- reading -------------------------------------------------------------------------------------
    def _filters(
        self,
        speaker: str | None,
        entity: str | None,
        date_from: datetime.date | None,
        date_to: datetime.date | None,
    ) -> tuple[str, list[Any], list[str]]:
        """SQL conditions on ``d`` (documents) for the filters, their parameters, and the speaker tokens."""
        from dabir.archive.normalise import analyse

        p = self.param
        conditions: list[str] = []
        params: list[Any] = []
        speaker_tokens: list[str] = []
        for value, table, column in ((speaker, "statements", "speaker_key"), (entity, "entities", "key")):
            if value is None:
                continue
            tokens = [group.body for group in analyse(value)]
            if not tokens:
                raise UserError(f"the {table[:-1]} filter {value!r} has no letters to match")
            if table == "statements":
                speaker_tokens = tokens
            matches = " AND ".join(f"{self._contains(column)} > 0" for _ in tokens)
            conditions.append(f"d.id IN (SELECT document_id FROM {table} WHERE {matches})")
            params.extend(f" {token} " for token in tokens)
        if date_from:
            conditions.append(f"d.date_gregorian >= {p}")
            params.append(date_from.isoformat())
        if date_to:
            conditions.append(f"d.date_gregorian <= {p}")
            params.append(date_to.isoformat())
        return " AND ".join(conditions), params, speaker_tokens

    def _contains(self, column: str) -> str:
        return f"instr({column}, {self.param})"

    def search(
        self,
        text: str,
        *,
        speaker: str | None = None,
        entity: str | None = None,
        date_from: datetime.date | None = None,
        date_to: datetime.date | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Ranked documents for ``text`` (see :mod:`dabir.archive.query`) under the filters.

        With no words in ``text`` but a filter, the newest matching documents are listed instead.
        """
        if limit < 1:
            raise UserError("--limit must be at least 1")
        query = parse_query(text)
        filters, params, speaker_tokens = self._filters(speaker, entity, date_from, date_to)
        if query.units:
            ranked = self._ranked_ids(query, filters, params, limit, offset)
        elif filters:
            rows = self._execute(
                f"SELECT d.id FROM documents d WHERE {filters} "
                f"ORDER BY d.date_gregorian DESC, d.id DESC LIMIT {self.param} OFFSET {self.param}",
                (*params, limit, offset),
            )
            ranked = [(row[0], 0.0) for row in rows]
        else:
            raise UserError("nothing to search for: give words, or a --speaker/--entity/--from/--to filter")
        return [self._hit(document_id, score, query, speaker_tokens) for document_id, score in ranked]

    def _hit(self, document_id: int, score: float, query: Query, speaker_tokens: list[str]) -> SearchHit:
        p = self.param
        title, date_jalali, date_gregorian, text = self._execute(
            f"SELECT title, date_jalali, date_gregorian, text FROM documents WHERE id = {p}", (document_id,)
        )[0]
        path = self._one(f"SELECT min(path) FROM paths WHERE document_id = {p}", (document_id,))
        statements: list[dict[str, Any]] = []
        if speaker_tokens:
            matches = " AND ".join(f"{self._contains('speaker_key')} > 0" for _ in speaker_tokens)
            rows = self._execute(
                "SELECT speaker, speaker_canonical, verb, kind, content, start_offset, end_offset "
                f"FROM statements WHERE document_id = {p} AND {matches} ORDER BY position",
                (document_id, *(f" {token} " for token in speaker_tokens)),
            )
            keys = ("speaker", "canonical", "verb", "kind", "content", "start", "end")
            statements = [dict(zip(keys, row, strict=True)) for row in rows]
        snippet, highlights = make_snippet(text, query, around=statements[0]["start"] if statements else None)
        return SearchHit(
            document_id,
            title,
            date_jalali,
            date_gregorian,
            float(score),
            snippet,
            highlights,
            path[0] if path else None,
            statements,
        )

    def get(self, document_id: int) -> StoredDocument | None:
        from dabir.archive.records import load_record

        p = self.param
        row = self._one(
            f"SELECT text, record, ingested_at, updated_at FROM documents WHERE id = {p}", (document_id,)
        )
        if row is None:
            return None
        paths = [
            r[0]
            for r in self._execute(
                f"SELECT path FROM paths WHERE document_id = {p} ORDER BY path", (document_id,)
            )
        ]
        return StoredDocument(document_id, load_record(row[0], bytes(row[1])), paths, row[2], row[3])

    def iter_documents(self, chunk: int = 500) -> Iterator[StoredDocument]:
        """Every document in id order, read in chunks (export)."""
        last = 0
        while True:
            ids = [
                row[0]
                for row in self._execute(
                    f"SELECT id FROM documents WHERE id > {self.param} ORDER BY id LIMIT {chunk}", (last,)
                )
            ]
            if not ids:
                return
            for document_id in ids:
                stored = self.get(document_id)
                if stored is not None:
                    yield stored
            last = ids[-1]

    def stats(self) -> dict[str, Any]:
        def count(table: str) -> int:
            return int(self._execute(f"SELECT count(*) FROM {table}")[0][0])

        first, last = self._execute("SELECT min(date_gregorian), max(date_gregorian) FROM documents")[0]
        speakers = self._execute(
            "SELECT speaker_canonical, count(*) FROM statements GROUP BY speaker_canonical "
            "ORDER BY count(*) DESC, speaker_canonical LIMIT 10"
        )
        entities = self._execute(
            "SELECT canonical, label, count(DISTINCT document_id) FROM entities GROUP BY canonical, label "
            "ORDER BY count(DISTINCT document_id) DESC, canonical LIMIT 10"
        )
        documents = count("documents")
        size = self.size_bytes()
        return {
            "archive": self.url,
            "schema_version": self.schema_version(),
            "documents": documents,
            "paths": count("paths"),
            "entities": count("entities"),
            "statements": count("statements"),
            "dates": {"first": first, "last": last},
            "size_bytes": size,
            "bytes_per_document": round(size / documents) if documents else None,
            "top_speakers": [{"speaker": s, "statements": n} for s, n in speakers],
            "top_entities": [{"entity": e, "label": label, "documents": n} for e, label, n in entities],
        }

    def schema_version(self) -> int:
        return int(self._execute("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0])

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
