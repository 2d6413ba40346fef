"""The development split for half-space work: choose rules here, never on the test files.

The shipped lexicon contains UD dev, so dev scores with it are memorised.  This script rebuilds the lexicon
from one part of UD PerDT and Seraji dev (plus the word lists and NER train text, as usual) and the letter
model from that lexicon, then scores dabir on the other part with ``zwnj_bench`` (joined, spaced, clean).
Two splits: *halves*, the even sentences against the odd ones; *block*, the first half of each file against
the second, so that the scored sentences come from other documents than the lexicon's (closer to test).
About two minutes a split on one core; writes nothing into the package.

    .venv/bin/python benchmarks/repair_dev.py [--data DIR] [--work DIR] [--split halves|block|both] [--write]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

from repair_bench import ROOT, TREEBANKS, load_zwnj_bench, score
from repair_hooks import forget_words, repair_lines
from results_page import publish

SECTION = "## Repair, development split"


#: Which dev sentences build the lexicon (the rest are scored), by split: (index, count) -> bool.
SPLITS = {
    "halves": lambda index, count: index % 2 == 0,
    "block": lambda index, count: index < count // 2,
}


def build(data: Path, work: Path, split: str) -> tuple[Path, Path]:
    """Lexicon from the split's building part of UD dev, and the letter model trained on it."""
    from dabir.lang.fa import build_halfspace, build_halfspace_char, halfspace_lexicon

    every = build_halfspace.read_sentences_ud
    keep = SPLITS[split]

    def part(path: Path):
        sentences = list(every(path))
        for index, sentence in enumerate(sentences):
            if keep(index, len(sentences)):
                yield sentence

    build_halfspace.read_sentences_ud = part
    lexicon_path = work / f"halfspace-{split}.tsv.gz"
    build_halfspace.write(build_halfspace.build(data), lexicon_path)
    build_halfspace.read_sentences_ud = every
    halfspace_lexicon.LEXICON_PATH = lexicon_path
    halfspace_lexicon.lexicon.cache_clear()
    model_path = work / f"halfspace-{split}.crfsuite"
    build_halfspace_char.train(model_path)
    return lexicon_path, model_path


def scored(gold: list[str], split: str) -> list[str]:
    """The dev sentences of one file that the split scores (those it did not build from)."""
    keep = SPLITS[split]
    return [sentence for index, sentence in enumerate(gold) if not keep(index, len(gold))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--work", type=Path, help="where the rebuilt lexicon and model go (default: a temp dir)"
    )
    parser.add_argument("--split", default="both", choices=[*SPLITS, "both"])
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="dabir-dev-"))
    work.mkdir(parents=True, exist_ok=True)
    zb = load_zwnj_bench(args.data.parent)
    lines = [
        SECTION,
        "",
        "Rules are chosen on these splits, not on test: the lexicon and the letter model rebuilt from part of UD",
        "dev (plus the usual word lists and NER train text), scored on the rest. *halves*: built from the even",
        "sentences, scored on the odd ones; *block*: built from the first half of each file, scored on the second",
        "(other documents than the lexicon saw).",
        "",
        "| split | treebank | corruption | P | R | F1 | ZWNJ err/1k words |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for split in SPLITS if args.split == "both" else [args.split]:
        lines += _score_split(zb, args.data, work, split)
    publish(SECTION, lines, ".venv/bin/python benchmarks/repair_dev.py --write", args.write)
    return 0


def _score_split(zb, data: Path, work: Path, split: str) -> list[str]:
    """Rebuild for one split, repair its scored sentences, one table row per treebank and corruption."""
    build(data, work, split)
    halfspace_char = importlib.import_module("dabir.repair.halfspace_char")
    halfspace_char.MODEL_PATH = work / f"halfspace-{split}.crfsuite"
    halfspace_char.tagger.cache_clear()
    forget_words()
    _clear_lexicon_caches()
    rows = []
    for treebank, pattern in TREEBANKS.items():
        gold = scored(zb.load_gold([data / "ud" / pattern.format(split="dev")]), split)
        for corruption, r in score(zb, repair_lines, gold).items():
            rows.append(
                f"| {split} | {treebank} | {corruption} | {r['precision']:.3f} | {r['recall']:.3f} "
                f"| **{r['f1']:.3f}** | {r['zwnj_errors_per_1k_words']:.2f} |"
            )
    return rows


def _clear_lexicon_caches() -> None:
    """Every cache built from the lexicon, so that a second split reads its own."""
    for name in ("halfspace_words", "halfspace_morph", "halfspace_pairs"):
        module = importlib.import_module(f"dabir.repair.{name}")
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


if __name__ == "__main__":
    sys.exit(main())
