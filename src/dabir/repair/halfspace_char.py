"""A letter-level model for words no source knows: where inside «دقیقهشماری» does a ZWNJ go?

The lexicon decides the words it has seen and the morphology reads affixes on known stems; what is left are
compounds and inflections of unseen words («مرمتگران», «التیامنایافتنی»).  For those a linear-chain CRF
(python-crfsuite) labels every gap between two letters ZWNJ or not, from the letters on both sides and whether
the parts on either side are words the lexicon knows.  It is trained by
``python -m dabir.lang.fa.build_halfspace_char`` on the shipped lexicon's own words (dev/train sources only),
ships as ``artifacts/halfspace_char.crfsuite`` and is loaded on first use.

Its answers are house-style certainty (see ``halfspace_morph``): written only into text that lost its ZWNJs.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from dabir.lang.fa.halfspace_lexicon import lexicon
from dabir.lang.fa.script import ZWNJ, joins_forward
from dabir.limits import MAX_WORD_LETTERS

MODEL_PATH = Path(__file__).resolve().parents[1] / "artifacts" / "halfspace_char.crfsuite"
#: A gap gets a ZWNJ when the model gives it at least this probability (chosen on UD dev, half held out).
THRESHOLD = 0.8
#: Shorter unknown words are seldom compounds, and the model is the slowest step a word can reach.
MIN_LENGTH = 5
#: A crfsuite Tagger keeps the sequence it last tagged inside itself, and ``marginal`` reads that state: ``tag``
#: then ``marginal`` must run with no other thread's ``tag`` between them (the API repairs on a thread pool).
_TAG_LOCK = threading.Lock()


def gap_features(word: str) -> list[list[str]]:
    """Features of each gap between two letters of a ZWNJ-less word (``len(word) - 1`` items)."""
    choices = lexicon().choices
    items = []
    for cut in range(1, len(word)):
        left, right = word[:cut], word[cut:]
        known_left = choices.get(left)
        known_right = choices.get(right)
        items.append(
            [
                "l1=" + left[-1:],
                "l2=" + left[-2:],
                "l3=" + left[-3:],
                "l4=" + left[-4:],
                "r1=" + right[:1],
                "r2=" + right[:2],
                "r3=" + right[:3],
                "r4=" + right[:4],
                "l1r1=" + left[-1:] + "|" + right[:1],
                "l2r2=" + left[-2:] + "|" + right[:2],
                "l3r3=" + left[-3:] + "|" + right[:3],
                "right=" + (right if len(right) <= 6 else "~"),
                "left=" + (left if len(left) <= 5 else "~"),
                f"lknown={int(known_left is not None and known_left[2] >= 1)}",
                f"rknown={int(known_right is not None and known_right[2] >= 1)}",
                f"lpos={min(cut, 6)}",
                f"rpos={min(len(word) - cut, 6)}",
                f"join={int(joins_forward(left[-1]))}",
            ]
        )
    return items


def gap_labels(form: str) -> list[str]:
    """Training labels of a spelling: for each gap between two letters, "Z" when a ZWNJ stands there."""
    labels = []
    for index, char in enumerate(form):
        if char != ZWNJ and index > 0:
            labels.append("Z" if form[index - 1] == ZWNJ else "O")
    return labels


@lru_cache(maxsize=1)
def tagger():  # -> pycrfsuite.Tagger | None
    """The shipped model, opened once; None when it is missing (the rule then simply abstains)."""
    import pycrfsuite

    if not MODEL_PATH.exists():
        return None
    model = pycrfsuite.Tagger()
    model.open(str(MODEL_PATH))
    return model


def predict(word: str, threshold: float = THRESHOLD) -> tuple[str, float] | None:
    """The word with ZWNJs where the model is sure enough, and the lowest probability it wrote; None for none.

    Never after a letter that does not join forward; each part after a ZWNJ must be something the lexicon has
    seen, as a word or a compound head: a foreign name («برونوفورتادو») is not cut on letter statistics alone.
    """
    if word.startswith("ال") or len(word) > MAX_WORD_LETTERS:
        return None  # Arabic names and phrases («السیسی», «الآخر»): the article is no compound part
    lex = lexicon()
    # The last part must be known, so a word no known ending follows a joining letter in is not worth the
    # model's time (most unknown words: names, foreign words).
    # Parts are two letters at least (checked below), so only such cuts are looked at.
    if not any(
        joins_forward(word[cut - 1]) and (word[cut:] in lex.choices or word[cut:] in lex.heads)
        for cut in range(2, len(word) - 1)
    ):
        return None
    tagged = tag(word, threshold)
    if tagged is None:
        return None
    parts = tagged[0].split(ZWNJ)
    if not all(part in lex.choices or part in lex.heads for part in parts[1:]):
        return None
    if any(len(part) < 2 for part in parts):  # «جبه‌ه‌ها», «یک‌صد‌و‌سی»: a lone letter is no part
        return None
    return tagged


def tag(word: str, threshold: float = THRESHOLD) -> tuple[str, float] | None:
    """The model's own answer for ``word`` (see ``predict``), without the check on the parts."""
    model = tagger()
    if model is None or not MIN_LENGTH <= len(word) <= MAX_WORD_LETTERS:
        return None
    import pycrfsuite

    # The best labelling first (one call); only its ZWNJ gaps are then checked for their probability: a gap the
    # best path leaves alone is below one half, so below any threshold worth using.
    items = pycrfsuite.ItemSequence(gap_features(word))
    with _TAG_LOCK:
        labels = model.tag(items)
        if "Z" not in labels and threshold >= 0.5:
            return None
        gaps = [
            index
            for index in range(len(word) - 1)
            if joins_forward(word[index]) and (labels[index] == "Z" or threshold < 0.5)
        ]
        probabilities = {index: model.marginal("Z", index) for index in gaps}
    out = []
    lowest = 1.0
    for index, char in enumerate(word):
        out.append(char)
        if index in probabilities and probabilities[index] >= threshold:
            out.append(ZWNJ)
            lowest = min(lowest, probabilities[index])
    form = "".join(out)
    return (form, lowest) if form != word else None
