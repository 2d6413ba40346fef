"""Who may talk to the server: the Host allow-list, same-origin writes, and the token on every API route.

A local server is reachable from every web page the user opens, so the browser's own rules are the threat model:

- *DNS rebinding*: a page on ``evil.example`` re-points its name at 127.0.0.1 and then reads the API as its own
  origin.  The request still says ``Host: evil.example``, so only allowed host names are served.  An IP literal
  is always allowed: a rebinding attack needs a name its author controls.
- *Cross-site requests*: a page may send a "simple" request (``text/plain``, ``multipart/form-data`` or
  ``application/x-www-form-urlencoded``, ``mode: "no-cors"``) to any origin without asking; it cannot read the
  answer, but the request runs.  Every state-changing request whose ``Origin`` is another origin (or whose
  ``Sec-Fetch-Site`` says cross-site) is refused, and without a token the write endpoints take only JSON (which
  a foreign page cannot send without a CORS preflight, and the server answers no preflight) or a multipart
  upload from the page's own origin or from a non-browser client (no ``Origin``).
- With a token (``DABIR_TOKEN``), every ``/api`` route but ``/api/health`` needs ``Authorization: Bearer``.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from dabir.web.payload import error_response

LOCAL_HOST_NAMES = ("localhost",)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_API_PATHS = frozenset({"/api/health"})  # says only whether a token is needed: the page asks it first
WRITE_PATHS = frozenset({"/api/documents"})
# Media types a page on any origin may send without a CORS preflight (the Fetch standard's "simple" requests).
SIMPLE_MEDIA_TYPES = frozenset({"text/plain", "multipart/form-data", "application/x-www-form-urlencoded"})


def host_name(host: str) -> str:
    """The name part of a Host header (or an origin's netloc): port removed, IPv6 brackets removed, lower case.

    >>> host_name("[::1]:8000"), host_name("LocalHost:80")
    ('::1', 'localhost')
    """
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(name: str, allowed: frozenset[str]) -> bool:
    """Localhost names and IP literals always; other names when listed (``*`` allows every name)."""
    if "*" in allowed or is_ip_literal(name) or name in allowed:
        return True
    return name in LOCAL_HOST_NAMES or name.endswith(".localhost")


class RequestGuard:
    """ASGI middleware applying the rules of this module before any route runs."""

    def __init__(self, app: ASGIApp, token: str | None = None, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.token = token or None
        self.allowed = frozenset(host_name(host) if host != "*" else "*" for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is not None:
            status, code, message = refusal
            await error_response(status, code, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", [])}
        host = headers.get("host", "")
        if not host_allowed(host_name(host), self.allowed):
            return (
                421,
                "host_not_allowed",
                f"this server does not answer to the host name {host_name(host)!r} "
                "(its allowed host names are set where it is started)",
            )
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET").upper()
        origin = headers.get("origin")
        if method not in SAFE_METHODS:
            if origin is not None and not same_origin(origin, host):
                return 403, "cross_origin", f"requests from another origin ({origin}) are not accepted"
            if headers.get("sec-fetch-site") == "cross-site":
                return 403, "cross_origin", "cross-site requests are not accepted"
        if not path.startswith("/api/") or path in OPEN_API_PATHS:
            return None
        if self.token:
            if not _bearer_matches(headers.get("authorization", ""), self.token):
                return (
                    401,
                    "unauthorized",
                    "this server needs 'Authorization: Bearer <token>' on every /api route",
                )
            return None
        if path in WRITE_PATHS and method not in SAFE_METHODS:
            # Cross-origin requests were refused above; what is left of the simple types is a multipart upload
            # from this page or a non-browser client.  Raw text/plain or form bodies a page can forge unseen.
            media = headers.get("content-type", "").split(";")[0].strip().lower()
            if media in SIMPLE_MEDIA_TYPES and media != "multipart/form-data":
                return (
                    415,
                    "unsupported_type",
                    f"without a token, {path} takes application/json or a multipart upload, not {media}",
                )
        return None


def same_origin(origin: str, host: str) -> bool:
    """``Origin: http://127.0.0.1:8000`` against the request's Host header (the scheme is left to a TLS proxy)."""
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False  # "null" (sandboxed frames, file: pages) is never this server's page
    return parts.netloc.lower() == host.strip().lower()


def _bearer_matches(given: str, token: str) -> bool:
    scheme, _, value = given.partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(value.strip().encode(), token.encode())
