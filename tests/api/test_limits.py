"""What one request may cost: the body is refused before it is read whole, a job stops at its deadline, a
worker at its memory cap, and each of these is a one-line JSON error while the server carries on."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

from dabir.api import create_app
from dabir.errors import UserError
from dabir.web.workers import JobOutOfMemory, JobTimeout, WorkerLost, Workers

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = "http://127.0.0.1"
REPORT = "سخنگوی دولت گفت: نشست هفتگی هیئت وزیران فردا برگزار می‌شود و گزارش آن منتشر خواهد شد.\n"


def test_workers_time_memory_crash_and_user_errors() -> None:
    workers = Workers(processes=1, seconds=2, memory_mb=1024)
    try:
        assert workers.run(len, "abc") == 3
        with pytest.raises(JobTimeout):
            workers.run(time.sleep, 30)
        with pytest.raises(JobOutOfMemory):
            workers.run(bytearray, 2 * 1024**3)
        with pytest.raises(WorkerLost):
            workers.run(os.abort)
        from dabir.inputs import decode_text

        with pytest.raises(UserError) as refused:
            workers.run(decode_text, b"   ", "empty.txt")
        assert str(refused.value) == "empty.txt: empty file"
        assert workers.run(len, "after all that") == 14  # each failure got a fresh worker
    finally:
        workers.close()


def test_a_slow_document_is_stopped_with_a_one_line_503(tmp_path: Path) -> None:
    app = create_app(db_url=str(tmp_path / "a.sqlite3"), token="", seconds=0.3)
    with TestClient(app, base_url=LOCAL) as client:
        client.post("/api/repair", json={"text": "كتاب"})  # the worker starts and warms up
        slow = client.post("/api/extract", json={"text": REPORT * 400})
        assert slow.status_code == 503, slow.text
        body = slow.json()
        assert body["error"] == "time_limit" and "0.3 s" in body["message"] and "\n" not in body["message"]
        after = client.post("/api/repair", json={"text": "كتاب"})
        assert after.status_code == 200 and after.json()["text"] == "کتاب", after.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    port = _free_port()
    db = tmp_path_factory.mktemp("limits") / "a.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "dabir", "serve", "--port", str(port), "--db", str(db), "--max-mb", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DABIR_TOKEN": ""},
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("dabir serve did not start")
            time.sleep(0.2)
    yield port, process.pid
    process.terminate()
    process.wait(10)


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def _reply(sock: socket.socket) -> bytes:
    """The whole answer (head and JSON body), read until the body is in or the server closes."""
    data = b""
    while b"}" not in data:
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_a_huge_announced_body_is_refused_unread(server) -> None:  # type: ignore[no-untyped-def]
    port, _ = server
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 10737418240\r\n\r\n"
        )
        reply = _reply(sock)
    assert _status(reply) == 413 and b"payload_too_large" in reply


def test_a_huge_chunked_body_is_cut_off_near_the_limit(server) -> None:  # type: ignore[no-untyped-def]
    """A client streams up to 1 GiB without announcing a length; the server answers 413 after about 1 MiB."""
    port, pid = server
    before = _peak_rss_mb(pid)
    chunk = REPORT.encode("utf-8") * 600  # about 100 KB
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < 1024**3 and not select.select([sock], [], [], 0)[0]:
                sock.sendall(frame)
                sent += len(chunk)
        except OSError:  # the server closed the connection after answering
            pass
        reply = _reply(sock)
    assert _status(reply) == 413 and b"payload_too_large" in reply
    assert sent < 64 * 1024**2, f"the client could send {sent:,} bytes"
    assert _peak_rss_mb(pid) - before < 100
