"""Entity-level scoring, as seqeval does it by default: an entity counts only with its exact span and label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def spans(labels: Sequence[str]) -> set[tuple[int, int, str]]:
    """``(start, end, label)`` spans of a BIO sequence; a stray ``I-X`` starts an entity (seqeval's rule)."""
    found: set[tuple[int, int, str]] = set()
    start, current = None, None
    for index, tag in enumerate([*labels, "O"]):
        prefix, _, label = tag.partition("-")
        if current is not None and (prefix != "I" or label != current):
            found.add((start, index, current))
            start, current = None, None
        if prefix == "B" or (prefix == "I" and current is None):
            start, current = index, label
    return found


@dataclass
class Score:
    """Hits against predictions and gold items; also used as a running tally (``statement_eval``)."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(
    gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]], labels: Iterable[str] | None = None
) -> dict[str, Score]:
    """Per-label scores and ``"micro"`` over ``labels`` (all labels seen when None)."""
    hits: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for gold_seq, pred_seq in zip(gold, predicted, strict=True):
        gold_spans, pred_spans = spans(gold_seq), spans(pred_seq)
        for _, _, label in gold_spans:
            n_gold[label] += 1
        for _, _, label in pred_spans:
            n_pred[label] += 1
        for _, _, label in gold_spans & pred_spans:
            hits[label] += 1
    wanted = sorted(set(labels) if labels is not None else set(n_gold) | set(n_pred))
    result = {label: Score(hits[label], n_pred[label], n_gold[label]) for label in wanted}
    result["micro"] = Score(
        sum(hits[label] for label in wanted),
        sum(n_pred[label] for label in wanted),
        sum(n_gold[label] for label in wanted),
    )
    return result
