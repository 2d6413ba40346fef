"""Train the letter-level half-space model shipped as ``artifacts/halfspace_char.crfsuite``.

Run ``python -m dabir.lang.fa.build_halfspace_char [--lexicon PATH] [--out PATH]`` after
``build_halfspace``: the training words are the lexicon's own (its sources are dev/train splits and word lists,
never a test split): every key whose best spelling has at least 80% of the votes and either a full vote or a
curated/treebank flag, ZWNJ spellings and plain ones alike.  Fixed order and settings, so a rebuild gives the
same model; about a minute on one core.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from dabir.lang.fa import halfspace_lexicon
from dabir.repair import halfspace_char

SEED = 20240601
PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 60, "feature.possible_transitions": True}


def training_words(lexicon: halfspace_lexicon.HalfspaceLexicon) -> list[str]:
    words = []
    for key, (form, share, total) in sorted(lexicon.choices.items()):
        if share < 0.8 or len(key) < 4:
            continue
        flags = lexicon.flags.get(form, "")
        if total >= 1.0 or "C" in flags or "U" in flags:
            words.append(form)
    random.Random(SEED).shuffle(words)
    return words


def train(out: Path) -> int:
    import pycrfsuite

    words = training_words(halfspace_lexicon.lexicon())
    trainer = pycrfsuite.Trainer(verbose=False)
    for form in words:
        key = form.replace(halfspace_char.ZWNJ, "")
        trainer.append(
            pycrfsuite.ItemSequence(halfspace_char.gap_features(key)), halfspace_char.gap_labels(form)
        )
    trainer.set_params(PARAMS)
    trainer.train(str(out))
    return len(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicon", type=Path, help="a lexicon other than the shipped one (experiments)")
    parser.add_argument("--out", type=Path, default=halfspace_char.MODEL_PATH)
    args = parser.parse_args(argv)
    if args.lexicon:
        halfspace_lexicon.LEXICON_PATH = args.lexicon
    start = time.process_time()
    count = train(args.out)
    seconds = time.process_time() - start
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB) from {count} words in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
