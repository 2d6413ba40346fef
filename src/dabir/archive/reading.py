"""Reading the archive: search with filters, snippets, documents, export and statistics.

Shared by both backends through :class:`Reading`, a mixin of :class:`dabir.archive.base.Archive`; a backend
supplies ``param``, ``_execute``, ``_contains`` and ``_ranked_ids``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from dabir.archive.query import Query, parse_query
from dabir.archive.records import SearchHit, StoredDocument
from dabir.archive.snippet import make_snippet
from dabir.errors import UserError


class Reading:
    """Search, fetch, export and count, in SQL both backends understand."""

    param: str
    url: str

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _ranked_ids(
        self, query: Query, filters: str, params: list[Any], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        raise NotImplementedError

    def size_bytes(self) -> int:
        raise NotImplementedError

    def _in(self, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
        if not values:
            return []
        return self._execute(sql.format(", ".join([self.param] * len(values))), tuple(values))

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        rows = self._execute(sql, params)
        return rows[0] if rows else None

    def _filters(
        self,
        speaker: str | None,
        entity: str | None,
        date_from: datetime.date | None,
        date_to: datetime.date | None,
    ) -> tuple[str, list[Any], list[str]]:
        """SQL conditions on ``d`` (documents) for the filters, their parameters, and the speaker tokens."""
        from dabir.archive.normalise import filter_tokens

        p = self.param
        conditions: list[str] = []
        params: list[Any] = []
        speaker_tokens: list[str] = []
        for value, table, column in ((speaker, "statements", "speaker_key"), (entity, "entities", "key")):
            if value is None:
                continue
            tokens = filter_tokens(value)
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
        return self._hits(ranked, query, speaker_tokens)

    def _hits(
        self, ranked: list[tuple[int, float]], query: Query, speaker_tokens: list[str]
    ) -> list[SearchHit]:
        """Titles, dates, snippets (and matching statements) of the ranked ids, in two queries."""
        ids = [document_id for document_id, _ in ranked]
        rows = {
            row[0]: row
            for row in self._in(
                "SELECT d.id, d.title, d.date_jalali, d.date_gregorian, d.text, "
                "(SELECT min(path) FROM paths WHERE document_id = d.id) FROM documents d WHERE d.id IN ({})",
                ids,
            )
        }
        statements: dict[int, list[dict[str, Any]]] = {}
        if speaker_tokens and ids:
            matches = " AND ".join(f"{self._contains('speaker_key')} > 0" for _ in speaker_tokens)
            found = self._execute(
                "SELECT document_id, speaker, speaker_canonical, verb, kind, content, start_offset, end_offset "
                f"FROM statements WHERE document_id IN ({', '.join([self.param] * len(ids))}) AND {matches} "
                "ORDER BY document_id, position",
                (*ids, *(f" {token} " for token in speaker_tokens)),
            )
            keys = ("speaker", "canonical", "verb", "kind", "content", "start", "end")
            for document_id, *values in found:
                statements.setdefault(document_id, []).append(dict(zip(keys, values, strict=True)))
        hits: list[SearchHit] = []
        for document_id, score in ranked:
            _, title, date_jalali, date_gregorian, text, path = rows[document_id]
            said = statements.get(document_id, [])
            snippet, highlights = make_snippet(text, query, around=said[0]["start"] if said else None)
            hits.append(
                SearchHit(
                    document_id,
                    title,
                    date_jalali,
                    date_gregorian,
                    float(score),
                    snippet,
                    highlights,
                    path,
                    said,
                )
            )
        return hits

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
