"""The HTTP API and the web page: ``create_app()`` builds a FastAPI app serving ``/api/*``, ``/docs`` and ``/``.

Every endpoint answers with the same JSON as the command line (``dabir repair --json``, ``dabir extract``)
because it calls the same functions.  Bad input is answered with a 4xx JSON error
(``{"error", "message", "status"}``), never a 500: 413 for a body over the cap (counted while reading), 415 for a
type dabir does not read, 422 for text that cannot be decoded or options that make no sense.  Who may call it
is :mod:`dabir.web.guard`'s job: allowed host names, same-origin writes, and, when a token is set
(``DABIR_TOKEN``), ``Authorization: Bearer <token>`` on every ``/api`` route.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from dabir.errors import UserError
from dabir.inputs import decode_text
from dabir.models import DateValue, Document
from dabir.repair import RepairOptions, repair
from dabir.repair.engine import rule_names
from dabir.web.guard import RequestGuard
from dabir.web.limits import DEFAULT_MAX_BYTES, DEFAULT_MEMORY_MB, DEFAULT_SECONDS, DEFAULT_WORKERS
from dabir.web.payload import (
    ApiError,
    BodySizeLimit,
    Payload,
    api_wording,
    error_response,
    read_payload,
)
from dabir.web.workers import JobOutOfMemory, JobTimeout, ServerBusy, WorkerLost, Workers

STATIC = Path(__file__).resolve().parent / "web" / "static"
# The page builds its DOM from text nodes; the policy is a second wall should that ever slip.
PAGE_SECURITY = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


class RepairSettings(BaseModel):
    """The repair switches, named as in ``dabir repair`` and :class:`~dabir.repair.RepairOptions`."""

    model_config = ConfigDict(extra="forbid")

    skip: list[str] = Field(default=[], description="rules to switch off (see GET /api/rules)")
    digits: Literal["persian", "persian-all", "latin", "keep"] = "persian"
    quotes: bool = False
    strip_diacritics: bool = False
    expand_ligatures: bool = False
    layout: bool = True

    @field_validator("skip", mode="before")
    @classmethod
    def _split_names(cls, value: Any) -> Any:
        if isinstance(value, str):  # a form field: "kashida,digits"
            value = [value]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            names = [name.strip() for item in value for name in item.split(",") if name.strip()]
            unknown = sorted(set(names) - set(rule_names()))
            if unknown:
                raise ValueError(f"unknown rule(s): {', '.join(unknown)}; see GET /api/rules")
            return names
        return value

    def options(self) -> RepairOptions:
        return RepairOptions(
            skip=frozenset(self.skip),
            digits=self.digits,
            quotes=self.quotes,
            strip_diacritics=self.strip_diacritics,
            expand_ligatures=self.expand_ligatures,
            layout=self.layout,
        )


class RepairRequest(RepairSettings):
    text: str = Field(description="the text to repair")


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the document as text (or html source when format is html)")
    name: str | None = Field(None, description="a name for the document, e.g. its file name")
    format: Literal["txt", "html"] = "txt"


class EditOut(BaseModel):
    start: int
    end: int
    before: str
    after: str
    rule: str
    source: str | None = None


class RepairResponse(BaseModel):
    text: str
    edits: list[EditOut]


def _body_doc(model: type[BaseModel], form_fields: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI for a body that is JSON, a multipart upload or the raw document."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": model.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}, **form_fields},
                        "required": ["file"],
                    }
                },
                "text/plain": {"schema": {"type": "string"}},
            },
        }
    }


ERRORS = {
    status: {"description": text, "content": {"application/json": {}}}
    for status, text in {
        413: "body over the size limit",
        415: "unsupported content or file type",
        422: "undecodable text or invalid options",
    }.items()
}


def _settings(options: dict[str, Any]) -> RepairSettings:
    try:
        return RepairSettings.model_validate(options)
    except ValidationError as error:
        raise _invalid(error) from None


def _invalid(error: ValidationError) -> ApiError:
    details = error.errors(include_url=False, include_input=False, include_context=False)
    first = details[0] if details else {"loc": (), "msg": "invalid"}
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return ApiError(422, "invalid_request", f"{where}: {first['msg']}", details)


def _user_error(error: UserError) -> ApiError:
    """Reader and decoder errors: 415 when the bytes are not a document type dabir reads, else 422."""
    problem = error.problem.lower()
    message = api_wording(str(error))
    if any(word in problem for word in ("unsupported", "binary", "image", "archive", "legacy ms office")):
        return ApiError(415, "unsupported_type", message)
    if "empty" in problem or "no visible text" in problem:
        return ApiError(422, "empty_input", message)
    return ApiError(422, "undecodable_text", message)


def _payload_text(payload: Payload) -> str:
    """Plain text of a payload for repair: decoded as ``dabir repair`` does, or through the readers."""
    if payload.text is not None and payload.format == "txt":
        return payload.text
    data = payload.data if payload.data is not None else (payload.text or "").encode("utf-8")
    if payload.format in (None, "txt"):
        try:
            return decode_text(data, payload.name)
        except UserError as error:
            if "utf-8" not in error.problem.lower():
                raise _user_error(error) from None
    from dabir.read import read_bytes  # the readers decode cp1256, html, pdf and docx

    try:
        return read_bytes(data, payload.name, payload.format).text
    except UserError as error:
        raise _user_error(error) from None


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowed_hosts: Iterable[str] = (),
    workers: int = DEFAULT_WORKERS,
    seconds: float = DEFAULT_SECONDS,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> FastAPI:
    """Build the app.  ``token`` (or ``DABIR_TOKEN``) guards every ``/api`` route but ``/api/health``.

    ``allowed_hosts`` are host names served besides localhost and IP addresses (``"*"``: any name).  Repair
    and extraction run in ``workers`` processes, each job stopped after ``seconds`` (503 ``time_limit``) and
    each worker held to ``memory_mb`` of address space (413 ``too_large_to_process``); ``workers=0`` runs
    them in the server's threads with no limit (for embedding and tests).
    """
    token = os.environ.get("DABIR_TOKEN") if token is None else token
    state: dict[str, Any] = {}
    pool = Workers(workers, seconds, memory_mb) if workers > 0 else None

    def run_job(function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a worker process, within the time limit; in this thread with ``workers=0``."""
        return function(*args) if pool is None else _in_worker(pool, function, *args)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        archive = state.pop("archive", None)
        if archive is not None and hasattr(archive, "close"):
            archive.close()
        if pool is not None:
            pool.close()

    app = FastAPI(
        title="dabir",
        summary="Repair damaged Persian news text and record who said what, when, about whom.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # served below from the package's own copy of Swagger UI: no CDN, works offline
        redoc_url=None,
    )
    app.add_middleware(BodySizeLimit, max_bytes=max_bytes)
    app.add_middleware(RequestGuard, token=token, allowed_hosts=tuple(allowed_hosts))  # outermost: runs first

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return error.response()

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {key: item[key] for key in ("loc", "msg", "type") if key in item} for item in error.errors()
        ]
        first = details[0] if details else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ())) or "request"
        return error_response(422, "invalid_request", f"{where}: {first.get('msg')}", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
            error.status_code, "error"
        )
        return error_response(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:  # logged by the server as well
        return error_response(500, "internal_error", "dabir failed on this input; please report it")

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness, the version, and whether the other ``/api`` routes need a token."""
        return {"status": "ok", "version": _version(), "token_required": bool(token)}

    @app.get("/api/rules", tags=["repair"])
    def rules() -> list[dict[str, str]]:
        """The repair rules in the order they run, with the first line of each one's docstring."""
        from dabir.repair.engine import rule_doc

        return [{"name": name, "doc": rule_doc(name)} for name in rule_names()]

    @app.post(
        "/api/repair",
        tags=["repair"],
        response_model=RepairResponse,
        responses=ERRORS,
        openapi_extra=_body_doc(
            RepairRequest,
            {"skip": {"type": "string"}, "digits": {"type": "string"}, "quotes": {"type": "boolean"}},
        ),
    )
    async def repair_endpoint(request: Request) -> JSONResponse:
        """Repair text: the same ``{"text", "edits"}`` as ``dabir repair --json`` (edit offsets in the input)."""
        payload = await read_payload(request, max_bytes)
        settings = _settings(payload.options)
        return JSONResponse(await run_in_threadpool(run_job, _repair_job, payload, settings.options()))

    @app.get("/api/date", tags=["extract"], response_model=DateValue, responses={422: ERRORS[422]})
    def date(
        text: str = Query(..., min_length=1, max_length=60, description="«۳۱ خرداد ۱۴۰۲», 1402/03/31"),
    ) -> Any:
        """A date as typed, in both calendars: the page shows what a Jalali search bound means."""
        from dabir.annotate.dates import parse_date

        parsed = parse_date(text.strip())
        if parsed is None:
            raise ApiError(422, "invalid_date", f"{text!r} is not a date (try 1402-03-31 or 2023-06-21)")
        if not parsed.valid:
            raise ApiError(422, "invalid_date", parsed.problem or "not a valid date")
        return parsed.model_dump(mode="json")

    @app.post(
        "/api/extract",
        tags=["extract"],
        response_model=Document,
        responses=ERRORS,
        openapi_extra=_body_doc(ExtractRequest, {"format": {"type": "string"}}),
    )
    async def extract_endpoint(request: Request) -> JSONResponse:
        """Read a document into its record, the same JSON as ``dabir extract``."""
        payload = await read_payload(request, max_bytes)
        document = await run_in_threadpool(run_job, _extract, payload)
        return JSONResponse(document.model_dump(mode="json"))

    from dabir.web.archive_routes import add_archive_routes

    add_archive_routes(app, state, db_url, lambda payload: run_job(_extract, payload), max_bytes)

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="dabir API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )
        page.headers.update(docs_security(bytes(page.body).decode("utf-8")))
        return page

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=PAGE_SECURITY)

    app.mount("/static", _PageFiles(directory=STATIC), name="static")
    return app


def docs_security(html: str) -> dict[str, str]:
    """The page's headers for Swagger UI: its one inline start-up script is allowed by its hash, nothing else.

    Swagger UI shows data: images, hence that allowance; the browser test opens it under this policy.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    policy = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    return {**PAGE_SECURITY, "Content-Security-Policy": policy}


class _PageFiles(StaticFiles):
    """The page's static files, with the same security headers as the page."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(PAGE_SECURITY)
        return response


def _repair_job(payload: Payload, options: RepairOptions) -> dict[str, Any]:
    """``/api/repair``'s work, run in a worker: decode (or read) the payload, repair it, the JSON answer."""
    return repair(_payload_text(payload), options).as_dict()


def _in_worker(pool: Workers, function: Callable[..., Any], *args: Any) -> Any:
    """Run a job in ``pool``, turning the pool's outcomes into the API's one-line errors."""
    try:
        return pool.run(function, *args)
    except JobTimeout:
        raise ApiError(
            503,
            "time_limit",
            f"processing this document took longer than the limit of {pool.seconds:g} s per request; "
            "send a smaller document",
        ) from None
    except JobOutOfMemory:
        raise ApiError(
            413,
            "too_large_to_process",
            f"processing this document needs more memory than the limit of {pool.memory_mb} MB per request; "
            "send a smaller document",
        ) from None
    except ServerBusy:
        raise ApiError(503, "server_busy", "every worker is busy; try again shortly") from None
    except WorkerLost as error:
        raise ApiError(
            500, "internal_error", f"dabir's worker process stopped on this input ({error}); please report it"
        ) from None


def _extract(payload: Payload) -> Document:
    """The record of a payload, through :mod:`dabir.extract` as ``dabir extract`` does."""
    from dabir.extract import extract_bytes, extract_text

    unknown = set(payload.options)
    if unknown:
        raise ApiError(422, "invalid_request", f"unknown option(s): {', '.join(sorted(unknown))}")
    try:
        if payload.text is not None and payload.format == "txt":
            return extract_text(payload.text, payload.name)
        data = payload.data if payload.data is not None else (payload.text or "").encode("utf-8")
        return extract_bytes(data, payload.name, payload.format)
    except UserError as error:
        raise _user_error(error) from None


def _version() -> str:
    from dabir import __version__

    return __version__
