"""NER figures on development slices: ``python benchmarks/ner_dev_tune.py [--slices both] C1:C2:ITER ...``.

A development slice is 15% of ArmanPersoNER train fold 1's sentences (``last``: the final 15%, ``first``: the
first 15%). The CRF, with the current features, is trained on the other 85% as ``dabir-train ner`` trains
(jackknifed learned-lexicon features, 30% spaced-ZWNJ copies) and scored on the slice, so choices never see
test fold 1. The slice's lexicon comes from the other 85% (plus ``--lexicon-corpora``' train splits).
``--slices both`` trains twice and pools the two slices (1,538 sentences: less noise than one). Prints
PER+ORG+LOC micro F1 and per-label F1 for each ``c1:c2:max_iterations`` setting given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dabir.annotate import ner_features  # noqa: E402
from dabir.annotate.ner_features import crf_items, sentence_features  # noqa: E402
from dabir.train import ner, ner_lexicon  # noqa: E402
from dabir.train.scoring import score  # noqa: E402

DEV_SHARE = 0.15


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="+", help="c1:c2:max_iterations, e.g. 0.05:0.01:100")
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA)
    parser.add_argument(
        "--lexicon-corpora", default="", help="other train corpora whose entities join the lexicon"
    )
    parser.add_argument(
        "--slices", default="last", help="dev slices of train fold 1: last (15%%), first, or both"
    )
    parser.add_argument("--clusters", type=Path, help="a word-class file to use instead of the shipped one")
    parser.add_argument("--dump", type=Path, help="write word, gold and predicted tag per line here")
    args = parser.parse_args(argv)
    if args.clusters:
        ner_features.word_classes = _classes_from(args.clusters)
    sentences = ner.read_conll(args.data / ner.CORPORA["arman"][0], " ")
    others = ner.load(args.data, [name for name in args.lexicon_corpora.split(",") if name])
    size = int(len(sentences) * DEV_SHARE)
    slices = {"last": (len(sentences) - size, len(sentences)), "first": (0, size)}
    chosen = list(slices) if args.slices == "both" else [args.slices]
    print(f"lexicon from arman + {args.lexicon_corpora or 'nothing else'}", flush=True)
    for setting in args.settings:
        c1, c2, iterations = setting.split(":")
        started = time.process_time()
        gold: list[list[str]] = []
        predicted: list[list[str]] = []
        for name in chosen:
            low, high = slices[name]
            dev, train_part = sentences[low:high], sentences[:low] + sentences[high:]
            slice_gold, slice_predicted = _run(train_part, dev, others, float(c1), float(c2), int(iterations))
            result = score(slice_gold, slice_predicted, ner.MAIN_LABELS)
            print(f"  slice {name} ({len(dev)} sentences): micro F1={result['micro'].f1:.4f}", flush=True)
            gold += slice_gold
            predicted += slice_predicted
        result = score(gold, predicted, ner.MAIN_LABELS)
        if args.dump:
            dev_words = [words for name in chosen for words, _ in sentences[slice(*slices[name])]]
            _dump(args.dump, dev_words, gold, predicted)
        labels = " ".join(f"{label}={result[label].f1:.4f}" for label in ner.MAIN_LABELS)
        print(
            f"c1={c1} c2={c2} iterations={iterations} slices={args.slices} micro F1={result['micro'].f1:.4f} "
            f"{labels} ({time.process_time() - started:.0f} CPU s)",
            flush=True,
        )


def _classes_from(path: Path):
    """A stand-in for ``ner_features.word_classes`` reading ``path`` (same format)."""
    classes: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, *found = line.split("\t")
            classes[word] = tuple(found)
    return lambda: classes


def _dump(path: Path, words: list[list[str]], gold: list[list[str]], predicted: list[list[str]]) -> None:
    lines = []
    for sentence, gold_tags, predicted_tags in zip(words, gold, predicted, strict=True):
        lines += [f"{w} {g} {p}" for w, g, p in zip(sentence, gold_tags, predicted_tags, strict=True)] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _run(
    train_part: list, dev: list, others: list, c1: float, c2: float, iterations: int
) -> tuple[list[list[str]], list[list[str]]]:
    """Train on ``train_part`` (jackknifed lexicon features, spaced copies), tag ``dev``: (gold, predicted)."""
    train = ner.augment_with_lexicons(train_part, ner_lexicon.jackknife(train_part, others=others), 0.3)
    dev_lexicon = ner_lexicon.build(train_part + others)
    trainer = pycrfsuite.Trainer(verbose=False)
    for (words, tags), lexicon in train:
        trainer.append(crf_items(sentence_features(words, lexicon)), tags)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    with tempfile.TemporaryDirectory() as folder:
        model = str(Path(folder) / "dev.crfsuite")
        trainer.train(model)
        tagger = pycrfsuite.Tagger()
        tagger.open(model)
        predicted = [tagger.tag(crf_items(sentence_features(words, dev_lexicon))) for words, _ in dev]
    return [tags for _, tags in dev], predicted


if __name__ == "__main__":
    main()
