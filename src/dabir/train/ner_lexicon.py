"""A lexicon of entity strings learned from the NER training sentences themselves, matched as a CRF feature.

Every gold entity («اسماعیل هنیه» PER, «سازمان ملل متحد» ORG) is kept, in the tagger's canonical form, with its
most frequent label, unless the same words are *not* that entity in most places they occur in the training text
(«ایران» inside «خبرگزاری جمهوری اسلامی ایران» still counts as LOC because it is LOC most of the time).
The features of a *training* sentence come from a lexicon built on the other folds (jackknifing): were the
sentence's own entities in its lexicon, the model would learn to trust the match blindly, while at tagging time
most names it meets are not in the lexicon at all.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from dabir.annotate.ner_features import MAX_ENTITY, canonical, parse_lexicon
from dabir.train.scoring import spans

Sentence = tuple[list[str], list[str]]
MIN_RATIO = 0.5
FOLDS = 5
HEADER = (
    "# Entity strings learned from NER training data: canonical tokens (no ZWNJ, Persian ی/ک, digits as 0)\n"
    "# joined by one space, TAB, label. Built by `dabir-train ner` (dabir.train.ner_lexicon) from the gold\n"
    "# entities of the train splits (never a test split) of:\n"
    "#   {sources}\n"
    "# An entry is kept when those words are that entity in at least {ratio:.0%} of the places they occur in the\n"
    "# training text. Same licences as the corpora (ArmanPersoNER, PEYMA: research use; ParsTwiNER: MIT).\n"
)


def _forms(words: Sequence[str]) -> list[str]:
    return [canonical(word) for word in words]


def build(sentences: Sequence[Sentence], min_ratio: float = MIN_RATIO) -> dict[tuple[str, ...], str]:
    """The lexicon of ``sentences``' gold entities (canonical token tuple -> most frequent label)."""
    labels: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    texts = []
    for words, tags in sentences:
        forms = _forms(words)
        texts.append(forms)
        # ``spans`` is a set: in span order, so that a tie between labels goes the same way in every process
        # (set order follows PYTHONHASHSEED, and the shipped file must rebuild byte for byte).
        for start, end, label in sorted(spans(tags)):
            key = tuple(forms[start:end])
            if end - start <= MAX_ENTITY and any(ch.isalpha() for ch in "".join(key)):
                labels[key][label] += 1
    occurrences: Counter[tuple[str, ...]] = Counter()
    for forms in texts:
        for start in range(len(forms)):
            for size in range(1, min(MAX_ENTITY, len(forms) - start) + 1):
                key = tuple(forms[start : start + size])
                if key in labels:
                    occurrences[key] += 1
    lexicon: dict[tuple[str, ...], str] = {}
    for key, counts in labels.items():
        label, count = min(counts.items(), key=lambda item: (-item[1], item[0]))  # a tie: the first label A-Z
        if count >= min_ratio * occurrences[key]:
            lexicon[key] = label
    return lexicon


def jackknife(
    sentences: Sequence[Sentence], folds: int = FOLDS, seed: int = 20240601, others: Sequence[Sentence] = ()
) -> list[dict]:
    """Per sentence, the lexicon built from the sentences of the other ``folds - 1`` folds (fixed random folds).

    ``others`` (sentences not trained on, e.g. another corpus) join every fold's lexicon.
    """
    rng = random.Random(seed)
    assignment = [rng.randrange(folds) for _ in sentences]
    lexicons = [
        build(
            [
                *others,
                *(sentence for sentence, fold in zip(sentences, assignment, strict=True) if fold != held),
            ]
        )
        for held in range(folds)
    ]
    return [lexicons[fold] for fold in assignment]


def write(lexicon: dict[tuple[str, ...], str], path: Path, sources: str) -> None:
    """Write ``lexicon`` sorted, one ``tokens<TAB>label`` line each, under a provenance header."""
    lines = sorted(f"{' '.join(key)}\t{label}" for key, label in lexicon.items())
    path.write_text(
        HEADER.format(sources=sources, ratio=MIN_RATIO) + "\n".join(lines) + "\n", encoding="utf-8"
    )


def read(path: Path) -> dict[tuple[str, ...], str]:
    """A lexicon written by ``write``."""
    return parse_lexicon(path.read_text(encoding="utf-8"))
