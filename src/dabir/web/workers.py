"""Worker processes for the API's pipeline calls: a deadline per job, and a memory ceiling per worker.

A thread cannot be stopped, so a document that makes a stage run for minutes would hold its thread (and the CPU)
long after the client gave up.  Each job runs instead in one of a few worker processes
(``python -m dabir.web.worker``, talking pickled frames over its stdin and stdout); when the deadline passes,
that process is killed and a fresh one started, and the caller gets :class:`JobTimeout`.  A worker may cap its
address space (``memory_mb``), so a runaway job ends in a ``MemoryError`` in that worker, answered as such,
rather than in the host's out-of-memory killer.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

_HEADER = struct.Struct(">Q")
STARTUP_SECONDS = 120.0  # a worker's interpreter start and model loading, on a busy machine


class JobTimeout(Exception):
    """The job ran past its deadline; its worker was killed."""


class WorkerLost(Exception):
    """The worker ended while running the job (a crash in native code, the OOM killer)."""


class ServerBusy(Exception):
    """Every worker stayed busy for as long as a job may wait."""


class JobOutOfMemory(Exception):
    """The job needed more memory than a worker may take."""


def write_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: IO[bytes]) -> Any:
    (size,) = _HEADER.unpack(read_exactly(stream, _HEADER.size))
    return pickle.loads(read_exactly(stream, size))  # noqa: S301 - frames from our own worker process


class _Worker:
    def __init__(self, memory_mb: int | None) -> None:
        command = [sys.executable, "-m", "dabir.web.worker"]
        if memory_mb:
            command.append(str(memory_mb))
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=os.environ.copy()
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_worker = self.process.stdin
        self.from_worker = self.process.stdout
        self.warm = False

    def ready(self, seconds: float) -> bool:
        return bool(select.select([self.from_worker], [], [], max(0.0, seconds))[0])

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        for stream in (self.to_worker, self.from_worker):
            with contextlib.suppress(OSError):
                stream.close()


class Workers:
    """``processes`` workers; :meth:`run` gives a job to an idle one and waits at most ``seconds`` for it."""

    def __init__(
        self,
        processes: int = 1,
        seconds: float = 60.0,
        memory_mb: int | None = None,
        wait_seconds: float | None = None,
    ) -> None:
        self.processes = max(1, processes)
        self.seconds = seconds
        self.memory_mb = memory_mb
        self.wait_seconds = seconds if wait_seconds is None else wait_seconds
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._started = False

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
            for _ in range(self.processes):
                self._add()

    def _add(self) -> None:
        worker = _Worker(self.memory_mb)
        self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            if self._started:
                self._add()

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a worker; its exceptions are raised here, plus the four of this module."""
        self._start()
        try:
            worker = self._idle.get(timeout=self.wait_seconds)
        except queue.Empty:
            raise ServerBusy from None
        try:
            if not worker.warm:  # models load once per worker, outside any job's deadline
                if not worker.ready(STARTUP_SECONDS):
                    raise EOFError
                if read_frame(worker.from_worker) != ("warm",):
                    raise EOFError
                worker.warm = True
            write_frame(worker.to_worker, (function, args))
            if not worker.ready(self.seconds):
                self._replace(worker)
                raise JobTimeout
            kind, *value = read_frame(worker.from_worker)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            code = worker.process.poll()
            self._replace(worker)
            raise WorkerLost(f"exit code {code}") from None
        if kind == "memory":
            self._replace(worker)
            raise JobOutOfMemory
        self._idle.put(worker)
        if kind == "ok":
            return value[0]
        if kind == "user_error":
            cls, problem, path = value
            raise cls(problem, path)
        raise value[0]

    def close(self) -> None:
        with self._lock:
            self._started = False
            for worker in self._all:
                worker.kill()
            self._all.clear()
            while not self._idle.empty():  # a later run() starts fresh workers
                self._idle.get_nowait()
