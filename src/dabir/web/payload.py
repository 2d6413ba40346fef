"""The body of a request: a size cap enforced while reading, and text or a file from JSON, multipart or raw bytes.

The API takes a document three ways (a JSON object with ``text``, a multipart upload with ``file``, or the raw
bytes with a ``Content-Type`` such as ``text/plain`` or ``application/pdf``), and every way must fail with a
clear 4xx JSON error, never a 500: the helpers here turn each problem into an :class:`ApiError`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dabir.read.dispatch import FORMATS, SUFFIX_FORMAT
from dabir.read.text import invisible_only
from dabir.web.limits import DEFAULT_MAX_BYTES

# Content types of raw bodies and uploads -> reader format names (as dabir.read names them).
CONTENT_TYPE_FORMAT = {
    "text/plain": "txt",
    "text/markdown": "txt",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


class ApiError(Exception):
    """A problem with the request, answered as ``{"error": code, "message": ..., "status": N}``."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message, self.details)

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a worker process, re-raised in the server
        return (ApiError, (self.status, self.code, self.message, self.details))


_CLI_OPTION = re.compile(r"--(speaker|entity|from|to|limit|offset|format)\b")
_CLI_COMMAND = re.compile(r"'dabir (\w+)'")


def api_wording(message: str) -> str:
    """A message from code shared with the CLI, with its option names as the API's field names.

    >>> api_wording("give words, or a --speaker/--from filter")
    'give words, or a speaker/from filter'
    """
    message = _CLI_OPTION.sub(r"\1", message)
    return _CLI_COMMAND.sub(
        lambda match: {"extract": "POST /api/extract"}.get(match[1], "the server"), message
    )


def error_response(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"error": code, "message": message, "status": status}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status)


class BodyTooLarge(ApiError):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            413, "payload_too_large", f"request body is larger than the limit of {max_bytes:,} bytes"
        )


class BodySizeLimit:
    """ASGI middleware: refuse bodies over ``max_bytes`` by their Content-Length, and count while reading.

    Counting while reading matters for chunked uploads, which announce no length: the read stops at the cap
    instead of buffering a client's gigabytes.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    announced = -1
                if announced < 0:
                    await error_response(400, "bad_request", "invalid Content-Length header")(
                        scope, receive, send
                    )
                    return
                if announced > self.max_bytes:
                    await BodyTooLarge(self.max_bytes).response()(scope, receive, send)
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as error:
            if started:  # pragma: no cover - a handler answered before reading its whole body
                raise
            await error.response()(scope, receive, send)


@dataclass
class Payload:
    """What a request carried: ``text`` (already a string) or ``data`` (bytes of a file), and the options."""

    name: str
    format: str | None
    text: str | None = None
    data: bytes | None = None
    options: dict[str, Any] = field(default_factory=dict)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def check_text(text: str, name: str) -> str:
    """Refuse text that no stage can handle: empty, with NUL bytes, or with unpaired surrogates (from JSON)."""
    if not text.strip():
        raise ApiError(422, "empty_input", f"{name}: empty input")
    invisible = invisible_only(text)
    if invisible:
        raise ApiError(422, "empty_input", f"{name}: {invisible}")
    if "\x00" in text:
        raise ApiError(415, "binary_data", f"{name}: binary data (NUL characters), not text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ApiError(
            422, "undecodable_text", f"{name}: unpaired surrogate at character {error.start}, not valid text"
        ) from None
    return text


def format_of(name: str, content_type: str | None, requested: str | None) -> str | None:
    """The format of an upload: asked for, else by suffix, else by content type; ``None`` lets the reader sniff.

    Raises 415 for a suffix or format dabir does not read (e.g. ``.exe``, ``.doc``).
    """
    if requested:
        if requested not in FORMATS:
            raise ApiError(
                415, "unsupported_type", f"unsupported format {requested!r} (choose txt, html, pdf or docx)"
            )
        return requested
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in SUFFIX_FORMAT:
        return SUFFIX_FORMAT[suffix]
    media = (content_type or "").split(";")[0].strip().lower()
    if media in CONTENT_TYPE_FORMAT:
        return CONTENT_TYPE_FORMAT[media]
    if suffix:
        raise ApiError(
            415,
            "unsupported_type",
            f"{name}: unsupported file type {suffix!r} (dabir reads .txt, .html, .pdf and .docx)",
        )
    return None


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except UnicodeDecodeError:
        raise ApiError(422, "undecodable_text", "the JSON body is not UTF-8") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise ApiError(422, "invalid_json", f"the body is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise ApiError(422, "invalid_json", 'the JSON body must be an object such as {"text": "…"}')
    return value


async def read_payload(request: Request, max_bytes: int) -> Payload:
    """Text or file from a JSON, multipart or raw body; options come from the JSON object or the form fields."""
    media = _media_type(request)
    if media == "application/json":
        options = _json_object(await request.body())
        text = options.pop("text", None)
        if not isinstance(text, str):
            raise ApiError(422, "invalid_request", 'the JSON body needs a "text" string')
        name = options.pop("name", None)
        name = name if isinstance(name, str) and name else "<text>"
        requested = options.pop("format", None)
        if requested is not None and requested not in ("txt", "html"):
            raise ApiError(
                415, "unsupported_type", 'JSON text can be "txt" or "html"; upload pdf and docx as files'
            )
        return Payload(name=name, format=requested or "txt", text=check_text(text, name), options=options)
    if media == "multipart/form-data":
        return await _multipart(request, max_bytes)
    if media in CONTENT_TYPE_FORMAT:
        data = await request.body()
        name = request.query_params.get("name") or "<body>"
        return Payload(name=name, format=CONTENT_TYPE_FORMAT[media], data=data, options={})
    shown = media or "none"
    raise ApiError(
        415,
        "unsupported_type",
        f"unsupported Content-Type {shown!r}: send application/json, multipart/form-data with a file, "
        "or the document as text/plain, text/html, application/pdf or a .docx media type",
    )


async def _multipart(request: Request, max_bytes: int) -> Payload:
    try:
        form = await request.form(max_files=2, max_fields=50, max_part_size=max_bytes)
    except MultiPartException as error:
        raise ApiError(400, "bad_multipart", f"cannot read the multipart body: {error.message}") from None
    upload = form.get("file")
    options = {key: value for key, value in form.multi_items() if key not in ("file", "text")}
    if any(not isinstance(value, str) for value in options.values()):
        raise ApiError(422, "invalid_request", 'only the field "file" may hold a file')
    requested = options.pop("format", None) or None
    name = options.pop("name", None) or None
    if isinstance(upload, UploadFile):
        data = await upload.read()
        name = name or upload.filename or "<upload>"
        return Payload(
            name=name, format=format_of(name, upload.content_type, requested), data=data, options=options
        )
    text = form.get("text")
    if isinstance(text, str):
        name = name or "<text>"
        if requested not in (None, "txt", "html"):
            raise ApiError(
                415, "unsupported_type", 'a "text" field can be "txt" or "html"; upload pdf and docx'
            )
        return Payload(name=name, format=requested or "txt", text=check_text(text, name), options=options)
    raise ApiError(422, "invalid_request", 'the form needs a "file" upload (or a "text" field)')
