"""The archive endpoints of the API: ingest a document, fetch one, search.  They call :mod:`dabir.archive`.

One archive connection serves the process, opened on first use; a lock serialises calls on it, because a
SQLite or psycopg connection must not run two statements at once, and the endpoints run in a thread pool.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from dabir.errors import UserError
from dabir.web.payload import ApiError, Payload, api_wording, read_payload


class IngestResponse(BaseModel):
    id: int | None
    status: str
    reason: str | None = None


class SearchResponse(BaseModel):
    query: dict[str, Any]
    results: list[dict[str, Any]]


def parse_day(value: str | None, name: str) -> datetime.date | None:
    """A search bound as ``dabir search --from/--to`` reads it (Jalali or Gregorian); 422 when it is no date."""
    if value is None or not value.strip():
        return None
    from dabir.archive.dates import parse_bound

    try:
        return parse_bound(value.strip(), name)
    except UserError as error:
        raise ApiError(422, "invalid_date", api_wording(str(error))) from None


def add_archive_routes(
    app: FastAPI,
    state: dict[str, Any],
    db_url: str | None,
    extract: Callable[[Payload], Any],
    max_bytes: int,
) -> None:
    """Register ``POST /api/documents``, ``GET /api/documents/{id}``, ``GET /api/search`` and ``GET /api/stories``
    (and ``/api/stories/{id}``) on ``app``."""
    lock = threading.Lock()

    def with_archive(work: Callable[[Any], Any]) -> Any:
        from dabir.archive import open_archive

        with lock:
            if "archive" not in state:
                try:
                    state["archive"] = open_archive(db_url)
                except UserError as error:  # the server's archive setting, not the request, is wrong
                    message = api_wording(f"cannot open the archive: {error}")
                    raise ApiError(503, "archive_unavailable", message) from None
            try:
                return work(state["archive"])
            except ApiError:
                raise
            except UserError as error:
                raise ApiError(422, "invalid_request", api_wording(str(error))) from None

    @app.post(
        "/api/documents",
        tags=["archive"],
        response_model=IngestResponse,
        responses={
            401: {"description": "a token is set and the request lacks it"},
            415: {"description": "without a token: a body other than JSON or a multipart upload"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"text": {"type": "string"}, "name": {"type": "string"}},
                            "required": ["text"],
                        }
                    },
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                            "required": ["file"],
                        }
                    },
                },
            }
        },
    )
    async def ingest(request: Request) -> JSONResponse:
        """Extract a document and store it; re-sending the same content changes nothing (``duplicate``)."""
        payload = await read_payload(request, max_bytes)
        document = await run_in_threadpool(extract, payload)

        def store(archive: Any) -> Any:
            from dabir.archive import prepare

            # No path: a name sent over HTTP identifies nothing, and must not let one upload replace another.
            # Documents from the API are known by their content hash; the same bytes again are a duplicate.
            return archive.add(prepare(document), None)

        outcome = await run_in_threadpool(with_archive, store)
        if outcome.status == "failed":
            raise ApiError(422, "ingest_failed", outcome.reason or "the archive refused the document")
        return JSONResponse(
            {
                "id": outcome.document_id,
                "status": outcome.status,
                "record": document.model_dump(mode="json"),
            },
            status_code=201 if outcome.status == "ingested" else 200,
        )

    @app.get(
        "/api/documents/{document_id}", tags=["archive"], responses={404: {"description": "no such document"}}
    )
    async def get_document(document_id: int = Path(ge=1, le=2**62)) -> JSONResponse:
        """A stored document: its id, paths, times and full record (as ``dabir show --json``)."""
        stored = await run_in_threadpool(with_archive, lambda archive: archive.get(document_id))
        if stored is None:
            raise ApiError(404, "not_found", f"no document {document_id} in the archive")
        return JSONResponse(stored.as_dict())

    @app.get("/api/search", tags=["archive"], response_model=SearchResponse)
    async def search(
        q: str = Query("", max_length=1000, description='words; «…» or "…" for a phrase, word* for a prefix'),
        speaker: str | None = Query(None, max_length=200, description="a speaker's name or part of it"),
        entity: str | None = Query(None, max_length=200, description="an entity's name or part of it"),
        date_from: str | None = Query(None, alias="from", max_length=40, description="Jalali or Gregorian"),
        date_to: str | None = Query(None, alias="to", max_length=40, description="Jalali or Gregorian"),
        limit: int = Query(10, ge=1, le=100),
        offset: int = Query(0, ge=0, le=10_000),
    ) -> JSONResponse:
        """Ranked documents with a snippet whose hits are given as offsets (``highlights``), never as markup."""
        start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
        speaker = speaker.strip() if speaker and speaker.strip() else None
        entity = entity.strip() if entity and entity.strip() else None
        if not q.strip() and not (speaker or entity or start or end):
            raise ApiError(
                422, "empty_query", "nothing to search for: give q, or a speaker/entity/from/to filter"
            )

        def run(archive: Any) -> list[Any]:
            return archive.search(
                q, speaker=speaker, entity=entity, date_from=start, date_to=end, limit=limit, offset=offset
            )

        hits = await run_in_threadpool(with_archive, run)
        query = {
            "q": q,
            "speaker": speaker,
            "entity": entity,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "limit": limit,
            "offset": offset,
        }
        return JSONResponse({"query": query, "results": [hit.as_dict() for hit in hits]})

    @app.get("/api/stories", tags=["archive"])
    async def list_stories(
        date_from: str | None = Query(
            None, alias="from", max_length=40, description="first seen on or after"
        ),
        date_to: str | None = Query(None, alias="to", max_length=40, description="first seen on or before"),
        limit: int = Query(50, ge=1, le=200),
        offset: int = Query(0, ge=0, le=10_000),
    ) -> JSONResponse:
        """Stories carried by two or more documents (newest first), each with its members' titles, dates, paths."""
        start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
        found = await run_in_threadpool(
            with_archive,
            lambda archive: archive.stories(date_from=start, date_to=end, limit=limit, offset=offset),
        )
        return JSONResponse({"results": found})

    @app.get("/api/stories/{story_id}", tags=["archive"], responses={404: {"description": "no such story"}})
    async def get_story(story_id: int = Path(ge=1, le=2**62)) -> JSONResponse:
        """One story: its first-seen date and every member document."""
        story = await run_in_threadpool(with_archive, lambda archive: archive.story(story_id))
        if story is None:
            raise ApiError(404, "not_found", f"no story {story_id} in the archive")
        return JSONResponse(story)
