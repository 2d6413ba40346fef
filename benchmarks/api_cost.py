"""What one API request costs per size of document: the figures behind ``dabir serve``'s body and time limits.

Each measurement runs in a fresh process (``extract_text`` or ``repair`` on real Fars News articles cut to the
size, models loaded first and counted apart), giving wall time and the peak resident memory it added.  Also
the round trip of a small request through the server's worker pool against a direct call.

    nice .venv/bin/python benchmarks/api_cost.py [--sizes 64,256,1024] [--write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from results_page import publish  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"

CHILD = r"""
import json, resource, sys, time
from dabir.extract import extract_text
from dabir.repair import repair
stage, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
warm = "سخنگوی دولت گفت: نشست هفتگی برگزار شد.\n"
extract_text(warm) if stage == "extract" else repair(warm)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
extract_text(text) if stage == "extract" else repair(text)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "base_mb": base / 1024, "peak_mb": peak / 1024}))
"""


def news_text(size_bytes: int, data: Path) -> str:
    """Whole Fars articles (title + paragraphs) up to ``size_bytes`` of UTF-8, a blank line between them."""
    parts: list[str] = []
    total = 0
    for file in sorted((data / "news" / "farsnews_language-ml").glob("fars-news-*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            text = "\n".join([article.get("title", ""), *article.get("paragraphs", [])]) + "\n\n"
            parts.append(text)
            total += len(text.encode("utf-8"))
            if total >= size_bytes:
                return "".join(parts)[: size_bytes // 2]  # Persian letters are two bytes in UTF-8
    return "".join(parts)


def measure(stage: str, size_kb: int, tmp: Path, timeout: float, data: Path) -> dict[str, float] | None:
    path = tmp / f"news-{size_kb}.txt"
    text = news_text(size_kb * 1024, data)
    path.write_text(text, encoding="utf-8")
    try:
        run = subprocess.run(
            [sys.executable, "-c", CHILD, stage, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    result = json.loads(run.stdout.strip().splitlines()[-1])
    result["mb"] = len(text.encode("utf-8")) / 1024 / 1024
    return result


def pool_overhead(rounds: int = 20) -> tuple[float, float]:
    """Median seconds of a small extract: called directly, and through the server's worker pool."""
    from dabir.extract import extract_text
    from dabir.web.workers import Workers

    text = "سخنگوی دولت گفت: نشست هفتگی هیئت وزیران فردا برگزار می‌شود.\n"
    extract_text(text)
    direct = []
    for _ in range(rounds):
        start = time.perf_counter()
        extract_text(text)
        direct.append(time.perf_counter() - start)
    workers = Workers(processes=1, seconds=60)
    try:
        workers.run(extract_text, text)  # the worker loads its models once
        pooled = []
        for _ in range(rounds):
            start = time.perf_counter()
            workers.run(extract_text, text)
            pooled.append(time.perf_counter() - start)
    finally:
        workers.close()
    return sorted(direct)[rounds // 2], sorted(pooled)[rounds // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="64,256,1024", help="document sizes in KB")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed for one measurement")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args()
    import tempfile

    lines = [
        "## API cost per document size",
        "",
        "Real Fars News articles (`../shared/data/news/farsnews_language-ml`) cut to each size; one fresh process",
        "per row, models loaded before timing; memory is the peak resident size added by the call. One core.",
        "",
        "| stage | size (MB) | seconds | s/MB | peak added (MB) | MB per MB |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for stage in ("repair", "extract"):
            for size in (int(part) for part in args.sizes.split(",")):
                result = measure(stage, size, Path(folder), args.timeout, args.data)
                if result is None:
                    lines.append(f"| {stage} | {size / 1024:.2f} | > {args.timeout:.0f} | | | |")
                    continue
                added = max(0.0, result["peak_mb"] - result["base_mb"])
                lines.append(
                    f"| {stage} | {result['mb']:.2f} | {result['seconds']:.2f} | "
                    f"{result['seconds'] / result['mb']:.1f} | {added:.0f} | {added / result['mb']:.0f} |"
                )
                print(lines[-1], file=sys.stderr)
    direct, pooled = pool_overhead()
    lines += [
        "",
        f"A small extract (one sentence), median of 20: {direct * 1000:.1f} ms called directly, "
        f"{pooled * 1000:.1f} ms through the server's worker process ({(pooled - direct) * 1000:.1f} ms overhead).",
    ]
    publish(
        "## API cost per document size",
        lines,
        "nice .venv/bin/python benchmarks/api_cost.py --write",
        args.write,
    )


if __name__ == "__main__":
    main()
