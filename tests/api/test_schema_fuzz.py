"""Schemathesis drives every operation of the OpenAPI schema with generated input: never a 500."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (pip install -e .[test])"
)
from hypothesis import HealthCheck, settings  # noqa: E402

from dabir.api import create_app  # noqa: E402

# The schema is loaded at collection time, so the app (and its archive path) exist before any fixture runs.
ARCHIVE_DIR = Path(tempfile.mkdtemp(prefix="dabir-fuzz-"))
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(
        db_url=str(ARCHIVE_DIR / "archive.sqlite3"),
        token="",
        max_bytes=256 * 1024,
        allowed_hosts=["testserver"],  # the host name schemathesis's ASGI client sends
    ),
)


@pytest.fixture(scope="module", autouse=True)
def _remove_archive() -> Iterator[None]:
    yield
    shutil.rmtree(ARCHIVE_DIR, ignore_errors=True)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_never_get_a_server_error(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
    content_type = response.headers.get("content-type") or [""]
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/json"), content_type
