"""Threads give what one thread gives: N-thread output of the API's extract endpoint against serial output.

    .venv/bin/python benchmarks/concurrency_check.py [--data ../shared/data] [--docs 1000] [--threads 8] [--write]

Documents: Fars News articles (title and paragraphs) from ``DATA/news/farsnews_language-ml`` (dev/eval use only,
never shipped); without that folder, the bundled examples and the repair cases' inputs, repeated.
Each is POSTed to ``/api/extract`` through FastAPI's TestClient, which hands the work to the server's thread pool
as ``dabir serve`` does: once one at a time, then from ``--threads`` client threads at once. Before each pass the
per-word caches are emptied, so both passes go through the shared models (the letter CRF, the NER CRF and
network), not through answers cached by the other pass. The check passes when no response differs and no request
fails. ``--write`` puts the figures into the ``## Concurrency`` section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT.parent / "shared" / "data"
NEWS = Path("news") / "farsnews_language-ml"


def documents(count: int, data: Path) -> tuple[list[str], str]:
    """``count`` real Persian documents and where they came from."""
    texts: list[str] = []
    for path in sorted((data / NEWS).glob("fars-news-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            texts.append("\n\n".join([article["title"], *article["paragraphs"]]))
    if texts:
        return texts[:count], f"Fars News articles, shared/data/{NEWS.as_posix()}"
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt"))]
    for name in ("in-the-wild.json", "synthetic.json", "negative.json"):
        cases = json.loads((ROOT / "tests" / "cases" / "repair" / name).read_text(encoding="utf-8"))["cases"]
        texts.extend(case["input"] for case in cases)
    return [texts[i % len(texts)] for i in range(count)], "bundled examples and repair cases, repeated"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="write the figures into benchmarks/RESULTS.md")
    args = parser.parse_args()

    from fastapi.testclient import TestClient
    from repair_hooks import forget_words
    from results_page import publish

    from dabir.api import create_app

    texts, origin = documents(args.docs, args.data)
    with TestClient(create_app(max_bytes=16 * 1024 * 1024)) as client:

        def post(item: tuple[int, str]) -> str:
            index, text = item
            response = client.post("/api/extract", json={"text": text, "name": f"doc-{index}.txt"})
            return f"{response.status_code} {response.text}"

        post((0, "گرم کردن مدل‌ها"))  # load the models outside the timed passes
        forget_words()
        started = time.perf_counter()
        serial = [post(item) for item in enumerate(texts)]
        serial_seconds = time.perf_counter() - started
        forget_words()
        started = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            threaded = list(pool.map(post, enumerate(texts)))
        threaded_seconds = time.perf_counter() - started
    differences = sum(a != b for a, b in zip(serial, threaded, strict=True))
    failed = sum(not answer.startswith("200 ") for answer in serial + threaded)
    lines = [
        "## Concurrency",
        "",
        f"The API's `/api/extract` (FastAPI TestClient, the server's thread pool) on {len(texts):,} documents "
        f"({origin}): once one request at a time, then from {args.threads} client threads at once; per-word caches "
        "emptied before each pass, so both go through the shared models.",
        "",
        "| documents | threads | responses that differ from serial | failed requests | serial s | threaded s |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {len(texts):,} | {args.threads} | **{differences}** | {failed} | {serial_seconds:.1f} | "
        f"{threaded_seconds:.1f} |",
        "",
        f"Machine: {os.cpu_count()} cores. A difference or a failure is a bug (shared state between requests).",
    ]
    publish(
        "## Concurrency",
        lines,
        f".venv/bin/python benchmarks/concurrency_check.py --docs {args.docs} --threads {args.threads} --write",
        args.write,
    )
    if differences or failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
