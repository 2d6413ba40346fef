"""Score statement extraction against hand-annotated gold (``tests/data/statements/``, see ANNOTATION_GUIDE.md).

Two measures, as in issue 16:

- **lenient** (the original one): a predicted statement counts when its speaker is right — its canonical name is
  the gold canonical or one of the gold aliases, honorifics and spelling ignored, or covers ≥ 60% of one — and its
  content overlaps the gold content by ≥ 80% of the longer of the two spans;
- **strict**: the content must *start* where the gold content starts (up to quote marks, spaces and punctuation)
  and the predicted *identity* (canonical, else the mention) must be the gold speaker's canonical itself, not an
  alias: a statement credited to the lead's office instead of the person it names is wrong.

``wrong_person`` counts the predictions whose content matches a gold statement (lenient overlap) while the speaker
fails even the lenient test: statements credited to the wrong person.

Gold offsets point into the stored raw text; dabir repairs that text, extracts with the full pipeline (entities and
sentences included, as a user gets it), and maps its spans back through the repair's offset map, so the gold
survives any change to the repair rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dabir.annotate.coref import key
from dabir.train.scoring import Score


@dataclass(frozen=True)
class Prediction:
    """A predicted statement: identity (canonical), the mention as written, content offsets into the raw text."""

    canonical: str
    mention: str
    start: int
    end: int


Extractor = Callable[[str], list[Prediction]]
HONORIFIC_TOKENS = frozenset(
    key(w)
    for w in [
        "آقای",
        "خانم",
        "حضرت",
        "آیت",
        "الله",
        "آیت\u200cالله",
        "العظمی",
        "حجت\u200cالاسلام",
        "والمسلمین",
        "دکتر",
        "مهندس",
        "سردار",
        "سرهنگ",
    ]
)
OVERLAP = 0.8
#: Characters a strict content start may skip: the gold leaves out quote marks, spaces and a colon.
SKIPPABLE = " \t\n\u200c«»\"'“”:،,.-–"


@dataclass
class Tally:
    """Counts for one group of documents, lenient and strict."""

    lenient: Score = field(default_factory=Score)
    strict: Score = field(default_factory=Score)
    found: int = 0  # predictions whose content matches a gold statement
    wrong_person: int = 0  # …of which the speaker is not the gold speaker
    docs: int = 0
    docs_without: int = 0  # documents with no gold statement
    false_in_empty: int = 0  # predictions in those documents

    def add(self, other: Tally) -> None:
        for name in ("lenient", "strict"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.true_positives += theirs.true_positives
            mine.predicted += theirs.predicted
            mine.gold += theirs.gold
        self.found += other.found
        self.wrong_person += other.wrong_person
        self.docs += other.docs
        self.docs_without += other.docs_without
        self.false_in_empty += other.false_in_empty

    @property
    def wrong_person_rate(self) -> float:
        return self.wrong_person / self.found if self.found else 0.0


def load(path: Path) -> list[dict]:
    """The documents of one gold file (JSON Lines: id, text, statements[], and for the new sets split/round)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def family(doc: dict) -> str:
    """The outlet family a gold document comes from: fars, varzesh3, hamshahri, iranintl, irnews-<outlet>, ntrex."""
    doc_id = doc["id"]
    if doc.get("synthetic"):
        return "synthetic"
    for prefix, name in (("fars-news", "fars"), ("varzesh3", "varzesh3"), ("hamshahri", "hamshahri")):
        if doc_id.startswith(prefix):
            return name
    if doc_id.startswith("irnews-"):
        return "irnews-" + doc_id.removeprefix("irnews-").split("_")[0]
    return doc_id.split("-")[0]


def _tokens(name: str) -> list[str]:
    return [t for t in (key(w) for w in re.split(r"[\s\u200c،,]+", name)) if t and t not in HONORIFIC_TOKENS]


def same_speaker(predicted: str, gold: Iterable[str]) -> bool:
    """Is ``predicted`` one of the gold names/roles, ignoring honorifics, spelling and a short omission?"""
    mine = _tokens(predicted)
    if not mine:
        return False
    for name in gold:
        theirs = _tokens(name)
        if not theirs:
            continue
        if "".join(mine) == "".join(theirs):
            return True
        short, long = sorted((mine, theirs), key=len)
        if len(short) / len(long) >= 0.6 and "".join(short) in "".join(long):
            return True
    return False


def same_identity(predicted: str, gold_canonical: str) -> bool:
    """Strict: the predicted identity is the gold canonical, honorifics and spelling aside."""
    mine = "".join(_tokens(predicted))
    return bool(mine) and mine == "".join(_tokens(gold_canonical))


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    longest = max(a[1] - a[0], b[1] - b[0])
    return shared / longest if longest else 0.0


def same_start(text: str, gold: int, predicted: int) -> bool:
    """Do the two contents start at the same word (only quote marks, spaces, punctuation between them)?"""
    low, high = sorted((gold, predicted))
    return all(char in SKIPPABLE for char in text[low:high])


def score_document(doc: dict, predictions: list[Prediction], notes: list[str] | None = None) -> Tally:
    """One document's counts; readable notes on the lenient misses are appended to ``notes``."""
    gold = doc["statements"]
    tally = Tally(docs=1, docs_without=int(not gold), false_in_empty=len(predictions) if not gold else 0)
    for score in (tally.lenient, tally.strict):
        score.gold += len(gold)
        score.predicted += len(predictions)
    used: set[int] = set()
    used_strict: set[int] = set()
    for item in gold:
        names = [item["speaker_canonical"], *item.get("speaker_aliases", [])]
        span = (item["content_start"], item["content_end"])
        for index, p in enumerate(predictions):
            if (
                index not in used
                and overlap(span, (p.start, p.end)) >= OVERLAP
                and same_speaker(p.canonical, names)
            ):
                used.add(index)
                tally.lenient.true_positives += 1
                break
        else:
            if notes is not None:
                notes.append(f"{doc['id']}: missed {item['speaker_canonical']} / {item['content_text'][:50]}")
        for index, p in enumerate(predictions):
            identity = p.canonical or p.mention
            if (
                index not in used_strict
                and same_start(doc["text"], item["content_start"], p.start)
                and same_identity(identity, item["speaker_canonical"])
            ):
                used_strict.add(index)
                tally.strict.true_positives += 1
                break
    for p in predictions:
        matching = [
            g for g in gold if overlap((g["content_start"], g["content_end"]), (p.start, p.end)) >= OVERLAP
        ]
        if matching:
            tally.found += 1
            names = [n for g in matching for n in (g["speaker_canonical"], *g.get("speaker_aliases", []))]
            if not same_speaker(p.canonical, names):
                tally.wrong_person += 1
    if notes is not None:
        for index, p in enumerate(predictions):
            if index not in used:
                notes.append(f"{doc['id']}: spurious {p.canonical} / {doc['text'][p.start : p.end][:50]}")
    return tally


def evaluate(docs: list[dict], extractor: Extractor) -> tuple[Score, list[str]]:
    """Lenient score over ``docs`` and notes on the misses (kept for the dev-set floor test)."""
    tally, notes = evaluate_all(docs, extractor)
    return tally.lenient, notes


def evaluate_all(docs: list[dict], extractor: Extractor) -> tuple[Tally, list[str]]:
    """Lenient and strict counts over ``docs``, and notes on the lenient misses."""
    total, notes = Tally(), []
    for doc in docs:
        total.add(score_document(doc, extractor(doc["text"]), notes))
    return total, notes


def dabir_extractor(text: str) -> list[Prediction]:
    """dabir as a user runs it: the full extraction pipeline, content spans mapped back to the raw text."""
    from dabir.extract import extract_text
    from dabir.repair import repair

    mapping = repair(text)
    found = []
    for statement in extract_text(text).statements:
        start, end = mapping.span_to_original(statement.content.start, statement.content.end)
        found.append(Prediction(statement.speaker.canonical, statement.speaker.text, start, end))
    return found
