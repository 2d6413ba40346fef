"""Build the archive benchmark corpus: news-sized documents recombined from ../shared/data news paragraphs.

Each document is a headline (a real Fars/Varzesh3/Hamshahri title), a dateline with a Jalali date, and 3-7
paragraphs drawn from the Fars/Varzesh3 bodies and Hamshahri summaries, seeded by the document number so the
corpus is the same on every run.  Written under benchmarks/out/ (never committed: publisher text, see
../shared/data/README.md) either as ``.txt`` files (for full extraction) or as dabir ``.json`` records whose
text is taken as already repaired (for the archive path alone).

    .venv/bin/python benchmarks/archive_corpus.py --docs 10000 [--data ../shared/data] [--records]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from functools import lru_cache
from pathlib import Path

import jdatetime

from dabir.models import DateValue, Document, Source, TextSpan

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "benchmarks" / "out"
MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@lru_cache(maxsize=2)
def pool(data: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Titles and paragraphs of the news folders."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for path in sorted((data / "news" / "farsnews_language-ml").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            titles.append(item["title"].strip())
            paragraphs.extend(p.strip() for p in item.get("paragraphs", []) if len(p.strip()) > 80)
    for item in json.loads((data / "news" / "farsi_news_rss_sci2lab" / "hamshahri.json").read_text("utf-8")):
        titles.append(item["title"].strip())
        if len(item.get("summary", "").strip()) > 80:
            paragraphs.append(item["summary"].strip())
    if not titles or not paragraphs:
        raise SystemExit(f"no news text under {data}")
    return tuple(titles), tuple(paragraphs)


def compose(data: Path, number: int) -> tuple[str, str, str, str]:
    """``(title, jalali ISO, dateline, text)`` of document ``number``."""
    titles, paragraphs = pool(data)
    rng = random.Random(number)
    year, month, day = rng.randint(1395, 1403), rng.randint(1, 12), rng.randint(1, 29)
    jalali = f"{year:04}-{month:02}-{day:02}"
    dateline = f"تهران - {day} {MONTHS[month - 1]} {year} -".translate(PERSIAN_DIGITS)
    title = rng.choice(titles)
    body = [rng.choice(paragraphs) for _ in range(rng.randint(3, 7))]
    text = f"{title}\n\n{dateline} {body[0]}\n\n" + "\n\n".join(body[1:]) + "\n"
    return title, jalali, dateline, text


def record(data: Path, number: int, path: str | None = None) -> Document:
    """Document ``number`` as a dabir record whose text is taken as already repaired."""
    title, jalali, dateline, text = compose(data, number)
    raw = text.encode("utf-8")
    year, month, day = (int(part) for part in jalali.split("-"))
    start = text.index(dateline) + len("تهران - ")
    end = start + len(dateline) - len("تهران - ") - 2
    return Document(
        source=Source(path=path, format="txt", sha256=hashlib.sha256(raw).hexdigest(), size=len(raw)),
        text=text,
        title=TextSpan(start=0, end=len(title), text=title),
        date=DateValue(
            start=start,
            end=end,
            text=text[start:end],
            calendar="jalali",
            jalali=jalali,
            gregorian=jdatetime.date(year, month, day).togregorian().isoformat(),
        ),
    )


def build(data: Path, docs: int, records: bool = False) -> Path:
    """Write the corpus (once; an existing complete folder is reused) and return its folder."""
    folder = OUT / f"archive-{'records' if records else 'corpus'}-{docs}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    for number in range(docs):
        sub = folder / f"{number // 1000:03}"
        sub.mkdir(parents=True, exist_ok=True)
        if records:
            path = sub / f"doc-{number:06}.json"
            path.write_text(record(data, number, str(path)).model_dump_json(), encoding="utf-8")
        else:
            (sub / f"doc-{number:06}.txt").write_text(compose(data, number)[3], encoding="utf-8")
    marker.write_text(str(docs))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--records", action="store_true", help="write dabir .json records instead of .txt")
    args = parser.parse_args()
    print(build(args.data, args.docs, args.records))


if __name__ == "__main__":
    main()
