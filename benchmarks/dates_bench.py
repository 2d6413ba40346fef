"""How often a date dabir finds is a date: precision against PEYMA's DAT annotations (news sentences).

PEYMA tags dates (DAT) in a broad sense: «امروز», «سال گذشته», «سه شنبه» as well as «۲۸ اسفند ماه سال ۹۴». dabir
only reports days of a calendar, so recall against all DAT spans means little; the figures are
precision (a found date overlaps a DAT span) and recall over the DAT spans that name a day of a month with a
year (a digit or ordinal day, a month name, a year), the subset dabir is meant to read.  Sentences are PEYMA's
tokens joined by spaces.  No document context, so year-less dates are not counted.

    .venv/bin/python benchmarks/dates_bench.py [--data ../shared/data] [--split dev --split test] [--write]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from results_page import write_section  # noqa: E402

from dabir.annotate.dates import find_dates, fold, load_names  # noqa: E402


def read_peyma(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """(sentence text, DAT spans) from PEYMA's ``token|TAG`` lines."""
    sentences, tokens, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                text, spans, start, open_span = "", [], 0, None
                for token, tag in zip(tokens, tags, strict=True):
                    if text:
                        text += " "
                    start = len(text)
                    text += token
                    if tag == "B_DAT" or (tag == "I_DAT" and open_span is None):
                        if open_span:
                            spans.append(open_span)
                        open_span = (start, len(text))
                    elif tag == "I_DAT":
                        open_span = (open_span[0], len(text))
                    elif open_span:
                        spans.append(open_span)
                        open_span = None
                if open_span:
                    spans.append(open_span)
                sentences.append((text, spans))
            tokens, tags = [], []
            continue
        token, _, tag = line.rpartition("|")
        tokens.append(token)
        tags.append(tag)
    return sentences


def _full_date_pattern() -> re.Pattern[str]:
    months = "|".join(
        sorted({fold(n.name) for n in load_names() if n.kind == "month"}, key=len, reverse=True)
    )
    return re.compile(rf"(?:\d{{1,2}}|[^\d\s]+م)\s*(?:{months})(?:\s*ماه)?\s*(?:سال\s*)?\d{{2,4}}")


def score(sentences: list[tuple[str, list[tuple[int, int]]]]) -> dict[str, float]:
    full = _full_date_pattern()
    found = hits = targets = targets_hit = 0
    for text, spans in sentences:
        dates = find_dates(text)
        found += len(dates)
        hits += sum(any(s < d.end and d.start < e for s, e in spans) for d in dates)
        for s, e in spans:
            if full.search(fold(text[s:e])):
                targets += 1
                targets_hit += any(s < d.end and d.start < e for d in dates)
    return {
        "found": found,
        "precision": hits / found if found else 0.0,
        "targets": targets,
        "recall": targets_hit / targets if targets else 0.0,
        "dat_spans": sum(len(spans) for _, spans in sentences),
    }


def render(results: dict[str, dict[str, float]]) -> str:
    rows = [
        f"| {split} | {r['dat_spans']} | {r['targets']} | {r['found']} | {r['precision']:.3f} | {r['recall']:.3f} |"
        for split, r in results.items()
    ]
    return "\n".join(
        [
            "## Dates",
            "",
            "PEYMA dev and test (news sentences with DAT annotations; no ZWNJ in this corpus). DAT covers relative dates",
            "(«امروز», «سال گذشته») that dabir does not report, so: precision = found dates overlapping a DAT span;",
            "recall = over DAT spans that name a day, a month and a year (the forms dabir reads).",
            "",
            "| split | DAT spans | day-month-year spans | dates found | precision | recall (day-month-year) |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Misses on dev: a two-digit year before a word («۱۹ آذر ۹۵ حاکی از»), left out on purpose so that",
            "«۲۰ آبان ۹۴ نفر» (94 people) is not read as a date. Nothing was tuned on the test split.",
            "",
            "Command: `.venv/bin/python benchmarks/dates_bench.py --write`; machine: "
            f"{os.cpu_count()} cores, Python {platform.python_version()}.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--split", action="append", choices=["train", "dev", "test"], help="default: dev, test"
    )
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    splits = args.split or ["dev", "test"]
    section = render(
        {split: score(read_peyma(args.data / "ner" / "peyma" / f"{split}.txt")) for split in splits}
    )
    print(section)
    if args.write:
        write_section("## Dates", section)


if __name__ == "__main__":
    main()
