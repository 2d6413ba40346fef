"""The development split for half-space work: choose rules here, never on the test files.

The shipped lexicon contains UD dev, so dev scores with it are memorised.  This script rebuilds the lexicon
from the *even* sentences of UD PerDT and Seraji dev (plus the word lists and NER train text, as usual) and the
letter model from that lexicon, then scores dabir on the *odd* sentences with ``zwnj_bench`` (joined, spaced,
clean).  About two minutes on one core; writes nothing into the package.

    .venv/bin/python benchmarks/repair_dev.py [--data DIR] [--work DIR] [--write]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

from repair_bench import ROOT, TREEBANKS, load_zwnj_bench, score
from results_page import write_section

SECTION = "## Repair, development split"


def build(data: Path, work: Path) -> tuple[Path, Path]:
    """Lexicon from the even dev sentences, and the letter model trained on it."""
    from dabir.lang.fa import build_halfspace, build_halfspace_char, halfspace_lexicon

    every = build_halfspace.read_sentences_ud

    def even(path: Path):
        for index, sentence in enumerate(every(path)):
            if index % 2 == 0:
                yield sentence

    build_halfspace.read_sentences_ud = even
    lexicon_path = work / "halfspace-even.tsv.gz"
    build_halfspace.write(build_halfspace.build(data), lexicon_path)
    build_halfspace.read_sentences_ud = every
    halfspace_lexicon.LEXICON_PATH = lexicon_path
    halfspace_lexicon.lexicon.cache_clear()
    model_path = work / "halfspace-even.crfsuite"
    build_halfspace_char.train(model_path)
    return lexicon_path, model_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, help="where the rebuilt lexicon and model go (default: a temp dir)")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="dabir-dev-"))
    work.mkdir(parents=True, exist_ok=True)
    zb = load_zwnj_bench(args.data.parent)
    build(args.data, work)
    halfspace_char = importlib.import_module("dabir.repair.halfspace_char")
    halfspace_char.MODEL_PATH = work / "halfspace-even.crfsuite"
    halfspace_char.tagger.cache_clear()
    from dabir.repair.halfspace import bench_entry

    lines = [
        SECTION,
        "",
        "Rules are chosen on this split, not on test: the lexicon and the letter model rebuilt from the even",
        "sentences of UD dev (plus the usual word lists and NER train text), scored on the odd ones.",
        "",
        "| treebank | corruption | P | R | F1 | ZWNJ err/1k words |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for treebank, pattern in TREEBANKS.items():
        gold = zb.load_gold([args.data / "ud" / pattern.format(split="dev")])[1::2]
        for corruption, r in score(zb, bench_entry, gold).items():
            lines.append(
                f"| {treebank} | {corruption} | {r['precision']:.3f} | {r['recall']:.3f} | **{r['f1']:.3f}** "
                f"| {r['zwnj_errors_per_1k_words']:.2f} |"
            )
    lines += ["", "Command: `.venv/bin/python benchmarks/repair_dev.py --write`.", ""]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
