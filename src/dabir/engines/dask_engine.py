"""Dask plumbing shared by ``dabir ingest --engine dask`` and ``dabir extract DIR --engine dask``.

- :func:`connect`: a client on an existing scheduler (``tcp://host:8786``) or on a :class:`LocalCluster` of
  single-threaded worker processes (the pipeline is pure Python: threads would only fight over the GIL).
- :class:`WarmPipeline`: a worker plugin that loads every lexicon and model once per worker process, when
  the worker starts (also a worker the nanny restarts after a crash), not once per document or task.
- :func:`worker_archive`: one archive connection per worker process, reused by every task on it.
- :func:`run_batches`: submits batches with a bounded window of tasks in flight, so ten million files never
  become ten million futures or a worker's memory full of finished results.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from dabir.errors import UserError

if TYPE_CHECKING:
    from distributed import Client

    from dabir.archive.base import Archive

T = TypeVar("T")

#: a short report that passes through every stage (repair, title, dateline, sentences, statements, entities)
WARM_TEXT = (
    "تهران - خبرگزاری ایرنا، ۱ خرداد ۱۴۰۲\n\n"
    "وزیر امور خارجه گفت: «مذاکرات هسته ای هفته آینده در وین ادامه می یابد.» "
    "سخنگوی دولت نیز روز دوشنبه در نشست خبری گفت که گروه های مقاومت در غزه آماده گفتگو هستند."
)

#: what this worker process has loaded and done: tests and benchmarks read it with ``client.run``
_STATE: dict[str, Any] = {"warmups": 0, "warm_seconds": None, "tasks": 0, "documents": 0, "task_cpu": 0.0}
_ARCHIVES: dict[str, Archive] = {}


def warm() -> dict[str, Any]:
    """Load the pipeline's lexicons and models in this process by extracting one short report."""
    if not _STATE["warmups"]:
        from dabir.extract import extract_text

        started = time.perf_counter()
        extract_text(WARM_TEXT, "<warm-up>")
        _STATE["warm_seconds"] = round(time.perf_counter() - started, 3)
        _STATE["warmups"] += 1
    return worker_state()


def worker_state() -> dict[str, Any]:
    """This process's id, warm-ups (1 once warm), tasks and documents handled."""
    return {**_STATE, "pid": os.getpid()}


def count_task(documents: int, cpu_seconds: float) -> None:
    """Account a finished task: its documents and the CPU time of the thread that ran it."""
    _STATE["tasks"] += 1
    _STATE["documents"] += documents
    _STATE["task_cpu"] += cpu_seconds


def worker_archive(url: str) -> Archive:
    """This worker's connection to the archive at ``url`` (opened, and migrated, once per process)."""
    archive = _ARCHIVES.get(url)
    if archive is None:
        from dabir.archive import open_archive

        archive = _ARCHIVES[url] = open_archive(url)
    return archive


def drop_archive(url: str) -> None:
    """Forget (and close) a connection that failed, so the next task opens a fresh one."""
    archive = _ARCHIVES.pop(url, None)
    if archive is not None:
        with contextlib.suppress(Exception):
            archive.close()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UserError(
            "--engine dask needs dask.distributed: pip install 'dabir[dask]' (or 'dask[distributed]')"
        ) from None
    return distributed


def _plugin_class() -> type:
    """:class:`WarmPipeline`, defined lazily so that importing this module does not need dask."""
    distributed = _import_distributed()

    class WarmPipeline(distributed.WorkerPlugin):
        """Warm the pipeline when a worker starts; close its archive connections when it stops."""

        name = "dabir-warm-pipeline"

        async def setup(self, worker: Any) -> None:
            # In a thread: the event loop must keep answering the scheduler's heartbeats meanwhile.
            await asyncio.get_running_loop().run_in_executor(None, warm)

        def teardown(self, worker: Any) -> None:
            for url in list(_ARCHIVES):
                drop_archive(url)

    return WarmPipeline


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int = 2, threads: int = 1) -> Iterator[Client]:
    """A warmed-up client: on ``scheduler`` if given, else on a LocalCluster of ``workers`` processes."""
    distributed = _import_distributed()
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(distributed.Client(scheduler, timeout="20s"))
            except (OSError, TimeoutError) as error:
                raise UserError(f"cannot reach the Dask scheduler: {error}", scheduler) from None
        else:
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=max(1, threads),
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        prepare_client(client)
        yield client


def prepare_client(client: Client) -> None:
    """Register the warm-up plugin (runs on every worker now and on every worker that joins later)."""
    client.register_plugin(_plugin_class()())


def total_threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def split(items: Sequence[T], size: int, slots: int) -> list[list[T]]:
    """``items`` in batches of at most ``size``, smaller when needed to give every slot four batches."""
    if not items:
        return []
    size = max(1, min(size, -(-len(items) // (4 * max(1, slots)))))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def run_batches(
    client: Client,
    function: Callable[..., T],
    batches: Sequence[list[Any]],
    *args: Any,
    window: int | None = None,
    ordered: bool = False,
    retries: int = 0,
) -> Iterator[tuple[list[Any], T | None, BaseException | None]]:
    """Run ``function(batch, *args)`` for every batch as Dask tasks; yield ``(batch, result, error)``.

    At most ``window`` tasks are in flight (default: four per worker thread).  A task whose worker dies is
    re-run by the scheduler on another worker, and one that raises is re-run ``retries`` times (only for
    idempotent work); an error is yielded (not raised) after Dask gives up on it.
    ``ordered`` yields in batch order (streams written in input order), else as tasks finish.
    """
    distributed = _import_distributed()
    window = window or 4 * total_threads(client)
    pending = deque(enumerate(batches))
    futures: dict[Any, list[Any]] = {}

    def submit() -> Any:
        index, batch = pending.popleft()
        key = f"dabir-{function.__name__}-{index}-{os.urandom(4).hex()}"
        future = client.submit(function, batch, *args, key=key, retries=retries)
        futures[future] = batch
        return future

    def outcome(future: Any) -> tuple[list[Any], T | None, BaseException | None]:
        batch = futures.pop(future)
        try:
            return batch, future.result(), None
        except Exception as error:  # KilledWorker after too many deaths, or a bug in the task
            return batch, None, error
        finally:
            future.release()

    if ordered:
        in_flight = deque(submit() for _ in range(min(window, len(pending))))
        while in_flight:
            future = in_flight.popleft()
            if pending:
                in_flight.append(submit())
            yield outcome(future)
        return
    finished = distributed.as_completed([submit() for _ in range(min(window, len(pending)))])
    for future in finished:
        if pending:
            finished.add(submit())
        yield outcome(future)
