"""CRF hyper-parameter figures on a development split: ``python benchmarks/ner_dev_tune.py C1:C2:ITER ...``.

The development split is the last 15% of ArmanPersoNER train fold 1's sentences; the CRF is trained on the first
85% (with the same 30% spaced-ZWNJ copies as ``dabir-train ner``) and scored there, so tuning never sees test
fold 1. Prints PER+ORG+LOC micro F1 and per-label F1 for each ``c1:c2:max_iterations`` setting given.
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

from dabir.annotate.ner_features import crf_items, sentence_features  # noqa: E402
from dabir.train import ner  # noqa: E402
from dabir.train.scoring import score  # noqa: E402

DEV_SHARE = 0.15


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="+", help="c1:c2:max_iterations, e.g. 0.05:0.01:100")
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA)
    args = parser.parse_args(argv)
    sentences = ner.read_conll(args.data / ner.CORPORA["arman"][0], " ")
    cut = int(len(sentences) * (1 - DEV_SHARE))
    train, dev = ner.augment(sentences[:cut], 0.3), sentences[cut:]
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        trainer.append(crf_items(sentence_features(words)), tags)
    dev_items = [crf_items(sentence_features(words)) for words, _ in dev]
    gold = [tags for _, tags in dev]
    print(f"train {len(train)} sentences (with copies), dev {len(dev)}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for setting in args.settings:
            c1, c2, iterations = setting.split(":")
            started = time.process_time()
            trainer.set_params(
                {
                    "c1": float(c1),
                    "c2": float(c2),
                    "max_iterations": int(iterations),
                    "feature.possible_transitions": True,
                }
            )
            model = str(Path(folder) / "dev.crfsuite")
            trainer.train(model)
            tagger = pycrfsuite.Tagger()
            tagger.open(model)
            result = score(gold, [tagger.tag(items) for items in dev_items], ner.MAIN_LABELS)
            labels = " ".join(f"{label}={result[label].f1:.4f}" for label in ner.MAIN_LABELS)
            print(
                f"c1={c1} c2={c2} iterations={iterations} micro F1={result['micro'].f1:.4f} {labels} "
                f"({time.process_time() - started:.0f} CPU s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
