"""Score statement extraction against the hand-annotated set in ``tests/data/statements/``.

A predicted statement counts when its speaker is right and its content overlaps the gold content by >= 80%
(overlap = shared characters / the longer of the two spans, so a span that runs on or stops short both fail).
Gold offsets point into the stored raw text; dabir repairs that text first and its spans are mapped back through
the repair's offset map, so the gold survives changes to the repair rules. See ANNOTATION_GUIDE.md there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from dabir.annotate.coref import key
from dabir.train.scoring import Score

#: (speaker canonical, content start, content end) with offsets into the raw text.
Prediction = tuple[str, int, int]
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


def load(path: Path) -> list[dict]:
    """The documents of one split (JSON Lines: id, text, statements[])."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


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


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    longest = max(a[1] - a[0], b[1] - b[0])
    return shared / longest if longest else 0.0


def score_document(doc: dict, predictions: list[Prediction], score: Score) -> list[str]:
    """Add one document's counts to ``score``; return readable notes on the misses."""
    gold = doc["statements"]
    score.gold += len(gold)
    score.predicted += len(predictions)
    used: set[int] = set()
    notes = []
    for item in gold:
        names = [item["speaker_canonical"], *item.get("speaker_aliases", [])]
        span = (item["content_start"], item["content_end"])
        for index, (speaker, start, end) in enumerate(predictions):
            if index not in used and overlap(span, (start, end)) >= OVERLAP and same_speaker(speaker, names):
                used.add(index)
                score.true_positives += 1
                break
        else:
            notes.append(f"{doc['id']}: missed {item['speaker_canonical']} / {item['content_text'][:50]}")
    for index, (speaker, start, end) in enumerate(predictions):
        if index not in used:
            notes.append(f"{doc['id']}: spurious {speaker} / {doc['text'][start:end][:50]}")
    return notes


def evaluate(docs: list[dict], extractor: Extractor) -> tuple[Score, list[str]]:
    score, notes = Score(), []
    for doc in docs:
        notes += score_document(doc, extractor(doc["text"]), score)
    return score, notes


def dabir_extractor(text: str) -> list[Prediction]:
    """dabir: repair, extract, map the content spans back to the raw text."""
    from dabir.annotate.statements import find_statements
    from dabir.repair import repair

    repaired = repair(text)
    found = []
    for statement in find_statements(repaired.text):
        start, end = repaired.span_to_original(statement.content.start, statement.content.end)
        found.append((statement.speaker.canonical, start, end))
    return found


BASELINE_VERB = re.compile(
    r"(?:گفت|افزود|اظهار ?داشت|اظهار کرد|تاکید کرد|تأکید کرد|تصریح کرد|خاطرنشان کرد|یادآور شد|عنوان کرد|بیان کرد|"
    r"ادامه داد|اعلام کرد)(?:ند)?\s*:"
)


def baseline_extractor(text: str) -> list[Prediction]:
    """The simplest rule a user might try: speech verb + colon; speaker = the sentence up to the verb,
    content = after the colon to the end of the line."""
    normal = text.replace("ي", "ی").replace("ك", "ک")
    found = []
    for match in BASELINE_VERB.finditer(normal):
        sentence_start = max(normal.rfind(c, 0, match.start()) for c in ".\n!؟") + 1
        line_end = normal.find("\n", match.end())
        line_end = len(normal) if line_end < 0 else line_end
        start, end = match.end(), line_end
        while start < end and normal[start] in " «":
            start += 1
        while end > start and normal[end - 1] in " .»":
            end -= 1
        found.append((normal[sentence_start : match.start()].strip(), start, end))
    return found
