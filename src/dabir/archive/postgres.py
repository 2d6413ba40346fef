"""The shared archive on PostgreSQL (psycopg 3): the same tables, a tsvector index built by dabir itself.

dabir writes the tsvector literal (joined forms with weight A, half-space pieces with weight B, positions
kept for phrases) instead of calling ``to_tsvector``: PostgreSQL's parser depends on the server's locale
and text-search configuration, and the normalisation must be exactly the one the queries use.
"""

from __future__ import annotations

from typing import Any

import psycopg

from dabir.archive import ranked_index
from dabir.archive.base import Archive
from dabir.archive.migrate import migrate
from dabir.archive.query import Query, to_tsquery
from dabir.archive.records import PreparedDocument
from dabir.errors import UserError

MAX_POSITION = 16383  # PostgreSQL's limit for a lexeme position
MAX_POSITIONS = 255  # and for the number of positions kept per lexeme
MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(7300701)"


def tsvector_literal(body: str, parts: str) -> str:
    """``'lexeme':1A,5A 'piece':9B …`` for the two index columns (tokens are letters and digits only)."""
    positions: dict[str, list[str]] = {}
    body_tokens = body.split()
    for index, token in enumerate(body_tokens):
        found = positions.setdefault(token, [])
        if len(found) < MAX_POSITIONS:
            found.append(f"{min(index + 1, MAX_POSITION)}A")
    offset = len(body_tokens) + 2  # a gap, so that no phrase runs from the body into the pieces
    for index, token in enumerate(parts.split()):
        found = positions.setdefault(token, [])
        if len(found) < MAX_POSITIONS:
            found.append(f"{min(offset + index, MAX_POSITION)}B")
    return " ".join(f"'{token}':{','.join(found)}" for token, found in positions.items())


def redact(url: str) -> str:
    """The URL without its password, for messages and ``stats``."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://…"
    host = info.get("host", "")
    port = f":{info['port']}" if info.get("port") else ""
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname', '')}"


class PostgresArchive(Archive):
    param = "%s"
    database_errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        try:
            self.connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise UserError(f"cannot connect to the archive: {message}", self.url) from None
        migrate(self, "postgres", lock=MIGRATION_LOCK)
        # The planner prices ``search @@ q`` on a sequential scan as cheap, but every row's tsvector must be
        # read back (de-TOASTed) to test it: on a few thousand documents that is 10x slower than the GIN
        # index.  Sequential scans stay possible where nothing else is (they are only priced higher).
        self._execute("SET enable_seqscan = off")
        #: whether search ranks from the RUM index (only the best matches are read) or with ts_rank_cd
        self.ranked_index = ranked_index.note_if_missing(self, self.url)

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.execute(sql, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)  # type: ignore[arg-type]

    def _has_table(self, name: str) -> bool:
        return self._execute("SELECT to_regclass(%s) IS NOT NULL", (name,))[0][0] is True

    def _begin(self) -> None:
        self.connection.execute("BEGIN")

    def _commit(self) -> None:
        self.connection.execute("COMMIT")

    def _rollback(self) -> None:
        if self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            self.connection.execute("ROLLBACK")

    def _contains(self, column: str) -> str:
        return f"strpos({column}, %s)"

    def _lock_contents(self, contents: list[str]) -> None:
        """Serialise concurrent writers (Dask workers, the API) of the same content hashes until they commit,
        so that the look-up-then-insert in :meth:`Archive.store` stays an idempotent upsert by hash.
        Locks are taken in sorted order, so two writers never deadlock."""
        if contents:
            self._execute(
                "SELECT count(pg_advisory_xact_lock(hashtextextended(c, 0))) "
                "FROM (SELECT c FROM unnest(%s::text[]) AS c ORDER BY c) AS ordered",
                (sorted(contents),),
            )

    INSERT = (
        "INSERT INTO documents (sha256, size, format, date_jalali, date_gregorian, ingested_at, updated_at, "
        "title, text, record, search) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector) RETURNING id"
    )

    @staticmethod
    def _row(prepared: PreparedDocument, stamp: str) -> tuple[Any, ...]:
        return (*prepared.columns(stamp, new=True), tsvector_literal(prepared.body, prepared.parts))

    def _insert_document(self, prepared: PreparedDocument, stamp: str) -> int:
        return int(self._execute(self.INSERT, self._row(prepared, stamp))[0][0])

    def _insert_documents(self, prepared: list[PreparedDocument], stamp: str) -> list[int]:
        """One pipelined ``executemany`` (a single round trip) instead of a round trip per document."""
        ids: list[int] = []
        with self.connection.cursor() as cursor:
            cursor.executemany(self.INSERT, [self._row(one, stamp) for one in prepared], returning=True)
            while True:
                ids.append(int(cursor.fetchone()[0]))  # type: ignore[index]
                if not cursor.nextset():
                    break
        return ids

    def _update_document(self, document_id: int, prepared: PreparedDocument, stamp: str) -> None:
        self._execute(
            "UPDATE documents SET sha256 = %s, size = %s, format = %s, date_jalali = %s, date_gregorian = %s, "
            "updated_at = %s, title = %s, text = %s, record = %s, search = %s::tsvector WHERE id = %s",
            (
                *prepared.columns(stamp, new=False),
                tsvector_literal(prepared.body, prepared.parts),
                document_id,
            ),
        )

    def _delete_index(self, document_id: int) -> None:
        """The index lives in the document row and goes with it."""

    def _ranked_ids(
        self, query: Query, filters: str, params: list[Any], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        where = f"AND {filters}" if filters else ""
        literal = to_tsquery(query)
        if self.ranked_index:
            # The RUM index returns matches in order of distance (1 / its rank), so the scan stops after
            # offset + limit rows instead of ranking every match.  The order must be the distance alone for the
            # index to give it (a second key makes the planner sort every match): ties are broken by id outside.
            sql = (
                "SELECT id, 1 / distance FROM (SELECT d.id, d.search <=> %s::tsquery AS distance FROM documents d "
                f"WHERE d.search @@ %s::tsquery {where} ORDER BY d.search <=> %s::tsquery LIMIT %s) AS best "
                "ORDER BY distance, id OFFSET %s"
            )
            values: tuple[Any, ...] = (literal, literal, *params, literal, limit + offset, offset)
        else:
            sql = (
                "SELECT d.id, ts_rank_cd(d.search, q) AS score FROM documents d, CAST(%s AS tsquery) AS q "
                f"WHERE d.search @@ q {where} ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
            )
            values = (literal, *params, limit, offset)
        try:
            rows = self._execute(sql, values)
        except psycopg.Error as error:
            self._rollback()
            raise UserError(f"the search failed: {str(error).strip().splitlines()[0]}") from None
        return [(int(i), float(s)) for i, s in rows]

    def size_bytes(self) -> int:
        row = self._execute(
            "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['documents', 'paths', 'entities', "
            "'statements', 'stories', 'story_members', 'story_bands', 'schema_migrations']::regclass[]) AS c"
        )
        return int(row[0][0] or 0)

    def optimize(self) -> None:
        self._execute("ANALYZE documents, paths, entities, statements, stories, story_members, story_bands")

    def close(self) -> None:
        self.connection.close()
