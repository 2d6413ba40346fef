"""Sentence-boundary F1 of dabir's splitter against UD Persian PerDT and Seraji, next to hazm's sent_tokenize.

UD gives one sentence per ``# text`` line and no document breaks, so consecutive sentences are re-joined into
documents of ``--group`` sentences with one space between them; a gold boundary is each joining space inside a
document.  A splitter's boundary is the end of each sentence it returns (except the document's last); both are
character offsets, compared exactly.  Tune on the dev files only; the test files are for the reported figures.

    .venv/bin/python benchmarks/sentences_bench.py [--data ../shared/data] [--group 10] [--write]

``--write`` replaces the ``## Sentences`` section of benchmarks/RESULTS.md.  hazm is needed for the comparison
column only (``.venv/bin/pip install hazm``); it is never a runtime dependency of dabir.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from results_page import write_section  # noqa: E402

from dabir.annotate.sentences import find_sentences  # noqa: E402

FILES = {
    "PerDT": "fa_perdt-ud-{split}.conllu",
    "Seraji": "fa_seraji-ud-{split}.conllu",
}
Splitter = Callable[[str], list[tuple[int, int]]]


def read_sentences(path: Path) -> list[str]:
    """The ``# text`` lines of a CoNLL-U file."""
    prefix = "# text = "
    return [
        line[len(prefix) :].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


def documents(sentences: list[str], group: int) -> list[tuple[str, set[int]]]:
    """Groups of ``group`` consecutive sentences joined by a space, with the gold boundary offsets."""
    docs = []
    for first in range(0, len(sentences), group):
        chunk = [s for s in sentences[first : first + group] if s]
        text, boundaries = "", set()
        for sentence in chunk:
            if text:
                boundaries.add(len(text))
                text += " "
            text += sentence
        docs.append((text, boundaries))
    return docs


def dabir_splitter(semicolon: bool) -> Splitter:
    def split(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in find_sentences(text, semicolon=semicolon)]

    return split


def hazm_splitter() -> Splitter | None:
    try:
        from hazm import SentenceTokenizer
    except ImportError:
        return None
    tokenizer = SentenceTokenizer()

    def split(text: str) -> list[tuple[int, int]]:
        spans, position = [], 0
        for sentence in tokenizer.tokenize(text):
            sentence = sentence.strip()
            found = text.find(sentence, position)
            if found < 0:  # hazm changed the text; fall back to a whitespace-insensitive search
                pattern = r"\s*".join(re.escape(part) for part in sentence.split())
                match = re.compile(pattern).search(text, position)
                if not match:
                    continue
                found, end = match.start(), match.end()
            else:
                end = found + len(sentence)
            spans.append((found, end))
            position = end
        return spans

    return split


def score(split: Splitter, docs: list[tuple[str, set[int]]]) -> dict[str, float]:
    true_positive = predicted = gold = 0
    started = time.perf_counter()
    for text, boundaries in docs:
        spans = split(text)
        found = {end for _, end in spans[:-1]}
        true_positive += len(found & boundaries)
        predicted += len(found)
        gold += len(boundaries)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1, "gold": gold, "seconds": time.perf_counter() - started}


def run(data: Path, group: int, splits: list[str]) -> list[tuple[str, str, str, dict[str, float]]]:
    splitters: dict[str, Splitter | None] = {
        "dabir": dabir_splitter(semicolon=False),
        "dabir, «؛» ends a sentence": dabir_splitter(semicolon=True),
        "hazm sent_tokenize": hazm_splitter(),
    }
    rows = []
    for split_name in splits:
        for treebank, pattern in FILES.items():
            path = data / "ud" / pattern.format(split=split_name)
            docs = documents(read_sentences(path), group)
            for name, splitter in splitters.items():
                if splitter is not None:
                    rows.append((treebank, split_name, name, score(splitter, docs)))
    return rows


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def render(rows: list[tuple[str, str, str, dict[str, float]]], group: int) -> str:
    lines = [
        "## Sentences",
        "",
        "Sentence-boundary precision / recall / F1 on the UD Persian treebanks: the `# text` lines re-joined into",
        f"documents of {group} consecutive sentences (one space between), a boundary = each joining space. The",
        "splitter was tuned on the dev files only; the test rows are the figures that count (target F1 >= 0.95).",
        "",
        "| treebank | split | splitter | boundaries | P | R | F1 | seconds |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for treebank, split_name, name, s in rows:
        lines.append(
            f"| {treebank} | {split_name} | {name} | {s['gold']} | {s['p']:.3f} | {s['r']:.3f} | "
            f"**{s['f1']:.3f}** | {s['seconds']:.2f} |"
            if name == "dabir"
            else f"| {treebank} | {split_name} | {name} | {s['gold']} | {s['p']:.3f} | {s['r']:.3f} | "
            f"{s['f1']:.3f} | {s['seconds']:.2f} |"
        )
    lines += [
        "",
        "«؛» is not a sentence end by default: no UD Persian sentence ends with it, and the row where it does",
        "shows the cost. What is left: sentences ending in «…» or in no mark at all, and agency datelines without a",
        "city («واحد مرکزی خبر:»).",
        "",
        f"Command: `.venv/bin/python benchmarks/sentences_bench.py --group {group} --write`; machine: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; hazm {_version('hazm')}, "
        f"dabir {_version('dabir')}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--group", type=int, default=10, help="sentences per re-joined document")
    parser.add_argument("--dev-only", action="store_true", help="score the dev files only (for tuning)")
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    splits = ["dev"] if args.dev_only else ["dev", "test"]
    rows = run(args.data, args.group, splits)
    section = render(rows, args.group)
    print(section)
    if args.write:
        write_section("## Sentences", section)


if __name__ == "__main__":
    main()
