"""Archive fixtures: every archive test runs on SQLite and on a real PostgreSQL server started here.

The server is a throw-away cluster (initdb + pg_ctl) in a temp folder on a free local port, run as the
``postgres`` user when the tests run as root (PostgreSQL refuses to run as root), stopped at the end.
Each test gets its own database.  PostgreSQL tests are skipped, with the reason, only when no PostgreSQL
binaries are installed (scripts/setup installs them).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A URL of a running PostgreSQL server (superuser ``postgres``, trust auth on 127.0.0.1)."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) on this machine; scripts/setup installs them")
    base = Path(tempfile.mkdtemp(prefix="dabir-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    run = {"check": True, "capture_output": True, "cwd": base}
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        **run,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-o",
            options,
            "-w",
            "start",
        ],
        **run,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new, empty database on ``server``, dropped afterwards."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_database(postgres_server: str) -> Iterator[str]:
    """One database for the session's tests; :func:`emptied` clears it between tests (faster than creating)."""
    with fresh_database(postgres_server) as url:
        yield url


def emptied(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "DO $$ BEGIN IF to_regclass('documents') IS NOT NULL THEN "
            "TRUNCATE documents, paths, entities, statements RESTART IDENTITY CASCADE; END IF; "
            "IF to_regclass('stories') IS NOT NULL THEN TRUNCATE stories RESTART IDENTITY CASCADE; END IF; END $$"
        )
    return url


@contextlib.contextmanager
def backend_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> Iterator[str]:
    """A fresh archive URL: a new SQLite file, or PostgreSQL (a new database, or the session's emptied)."""
    if backend == "sqlite":
        yield str(folder / "archive.sqlite3")
    elif request.scope == "function":
        yield emptied(request.getfixturevalue("postgres_database"))
    else:
        with fresh_database(request.getfixturevalue("postgres_server")) as url:
            yield url


#: Both backends; ``-m "not postgres"`` leaves PostgreSQL out.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The archive URL of each backend in turn: the whole archive suite runs on both."""
    with backend_url(request, request.param, tmp_path) as url:
        yield url


@pytest.fixture
def archive(db_url: str):  # noqa: ANN201 - an Archive
    from dabir.archive import open_archive

    opened = open_archive(db_url)
    yield opened
    opened.close()
