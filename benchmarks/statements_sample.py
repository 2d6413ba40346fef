"""Draw the documents of the cross-outlet statement gold set (issue 16) from ``../shared/data/news``.

Three source families, each a seeded shuffle of its documents (no filter on speech verbs, so documents with no
reported speech are drawn as often as they occur), cut into a held-out split (drawn first, annotated before any
run of dabir, never inspected for misses) and two development rounds (each scored before tuning on it):

- ``iranintl``: Iran International Telegram posts (diaspora house style, mostly «X گفت …» without a colon);
- ``irnews``: IR-News articles, the same number from each of Asr-e Iran, Tabnak and Roozno (wire copy of ISNA, Fars,
  Mehr, IRNA, Tasnim republished by them);
- ``ntrex``: NTREX-128, Western news (BBC, Reuters, NYT …) professionally translated into Persian.

A document is the source text as it stands (raw: no repair), cut at a paragraph or sentence boundary to at most
``MAX_CHARS`` characters. The script writes JSON Lines with empty ``statements`` for the annotators; the annotated
files live in ``tests/data/statements/<family>.jsonl`` (dev fixtures, never shipped).

    .venv/bin/python benchmarks/statements_sample.py --family iranintl --out /tmp/iranintl.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

NEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news"
MAX_CHARS = 1500
MIN_CHARS = 200
SEED = 16
#: (held-out, round 1, round 2) documents per family, or per outlet for irnews.
SIZES = {"iranintl": (18, 18, 18), "irnews": (8, 6, 6), "ntrex": (15, 15, 15)}
IRNEWS_OUTLETS = {"asriran": "Asr-e Iran", "tabnak": "Tabnak", "roozno": "Roozno"}
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


def _cut(text: str) -> str:
    """At most MAX_CHARS characters, cut after the last paragraph (else sentence) that fits."""
    text = text.strip()
    if len(text) <= MAX_CHARS:
        return text
    head = text[:MAX_CHARS]
    for boundary in ("\n\n", "\n"):
        at = head.rfind(boundary)
        if at >= MIN_CHARS:
            return head[:at].rstrip()
    ends = [m.start() for m in _SENTENCE_END.finditer(head)]
    ends = [e for e in ends if e >= MIN_CHARS]
    return head[: ends[-1]].rstrip() if ends else head.rstrip()


def _iranintl() -> Iterator[dict]:
    seen: set[str] = set()
    for line in (NEWS / "iranintl_telegram" / "iranintl_telegram_posts.jsonl").open(encoding="utf-8"):
        post = json.loads(line)
        text = post["text"].strip()
        if len(text) < MIN_CHARS or text in seen:
            continue
        seen.add(text)
        yield {
            "id": f"iranintl-{post['id']}",
            "source": "iranintl_telegram",
            "outlet": "Iran International",
            "text": _cut(text),
        }


def _irnews(outlet: str) -> Iterator[dict]:
    with gzip.open(NEWS / "irnews_dataset" / "ir_news_dataset.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not record["outlet"].startswith(IRNEWS_OUTLETS[outlet]) or record.get(
                "duplicate_of_earlier_url"
            ):
                continue
            text = record["text"].strip()
            if len(text) < MIN_CHARS:
                continue
            name = Path(record["file"]).stem
            yield {
                "id": f"irnews-{name}",
                "source": "irnews_dataset",
                "outlet": record["outlet"],
                "text": _cut(text),
            }


def _ntrex() -> Iterator[dict]:
    for line in (NEWS / "ntrex128_fas" / "ntrex_fas_docs.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        headline, *body = record["fa"]
        text = headline.strip() + "\n\n" + " ".join(s.strip() for s in body)
        yield {
            "id": f"ntrex-{record['doc_id']}",
            "source": "ntrex128_fas",
            "outlet": record.get("source", "NTREX"),
            "text": _cut(text),
        }


def draw(family: str) -> list[dict]:
    """The family's documents in annotation order, each with its ``split`` and ``round``."""
    groups = (
        [_irnews(o) for o in IRNEWS_OUTLETS]
        if family == "irnews"
        else [_iranintl() if family == "iranintl" else _ntrex()]
    )
    chosen: list[dict] = []
    for group in groups:
        docs = list(group)
        random.Random(SEED).shuffle(docs)
        for (split, round_), size in zip(
            [("heldout", 0), ("dev", 1), ("dev", 2)], SIZES[family], strict=True
        ):
            for doc in docs[:size]:
                chosen.append({**doc, "split": split, "round": round_, "synthetic": False, "statements": []})
            docs = docs[size:]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(SIZES), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--news", type=Path, default=NEWS, help="the shared news folder (default: ../shared/data/news)"
    )
    args = parser.parse_args()
    global NEWS
    NEWS = args.news
    docs = draw(args.family)
    args.out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    print(f"{len(docs)} documents -> {args.out}")


if __name__ == "__main__":
    main()
