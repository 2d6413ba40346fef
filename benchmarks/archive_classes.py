"""Search latency by query class on an existing archive (issue 19): p50/p95/max per class of archive_bench's mix.

    nice .venv/bin/python benchmarks/archive_classes.py URL [--data ../shared/data] [--queries 300]

URL is an archive already loaded by archive_bench.py's ``load`` (SQLite path or PostgreSQL URL); opening it
applies pending migrations (the time is printed: on PostgreSQL, migration 0004 builds the RUM index).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive_bench import queries  # noqa: E402
from archive_corpus import DEFAULT_DATA  # noqa: E402

from dabir.archive import open_archive  # noqa: E402

#: the class of query ``i`` of archive_bench.queries (its ``len(result) % 10`` rule)
CLASSES = ["word"] * 4 + ["two words"] * 2 + ["phrase"] * 2 + ["prefix", "word + date"]


def _summary(walls: list[float]) -> str:
    walls = sorted(walls)
    p95 = walls[max(0, int(len(walls) * 0.95) - 1)]
    return f"p50 {statistics.median(walls):.1f} ms, p95 {p95:.1f} ms, max {walls[-1]:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    open_archive(args.url).close()
    print(f"open + migrate: {time.perf_counter() - started:.1f} s")
    mix = queries(args.data, args.queries)
    archive = open_archive(args.url, create=False)
    print(f"ranked index (RUM): {getattr(archive, 'ranked_index', 'n/a')}")
    for text, filters in mix[:20]:  # warm the caches
        archive.search(text, limit=10, **filters)
    by_class: dict[str, list[float]] = {}
    for number, (text, filters) in enumerate(mix):
        started = time.perf_counter()
        archive.search(text, limit=10, **filters)
        by_class.setdefault(CLASSES[number % 10], []).append((time.perf_counter() - started) * 1000)
    for name, walls in by_class.items():
        print(f"{name:12} {len(walls):4} queries: {_summary(walls)}")
    everything = [wall for walls in by_class.values() for wall in walls]
    documents = archive.stats()["documents"]
    print(
        f"all {len(everything)} queries: {_summary(everything)}; {documents} documents, "
        f"{archive.size_bytes() / documents / 1024:.1f} kB per document"
    )
    archive.close()


if __name__ == "__main__":
    main()
