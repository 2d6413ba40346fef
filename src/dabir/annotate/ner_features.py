"""Token features for the named-entity CRF, shared by training and tagging so the two never drift apart.

The features are computed on a *canonical* form of each word: Arabic «ي ك ى» become Persian «ی ک», harakat and
kashida are dropped, digits become ``0`` and the ZWNJ is removed. So «خامنه‌ای», «خامنهای» and «خامنه اي»'s
first part all look alike to the model, whatever the repair step managed to restore (training also sees
copies whose half-spaces were turned into spaces; see ``dabir.train.ner``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from dabir.lang.fa import gazetteers

ZWNJ = "\u200c"

_CANON = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ۀ": "ه",
        "ة": "ه",
        "ـ": None,
        ZWNJ: None,
        "\u200d": None,
        **{chr(c): None for c in range(0x064B, 0x0653)},  # harakat
        "\u0670": None,
        **{d: "0" for d in "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"},
    }
)

#: A word (letters and digits, ZWNJ only inside) or one punctuation/symbol character.
TOKEN_RE = re.compile(r"[^\W_](?:[\w\u200c]*[^\W_])?|[^\w\s\u200c]|_")

_LATIN = re.compile(r"[A-Za-z]")
_PERSIAN = re.compile(r"[\u0600-\u06FF]")


def canonical(word: str) -> str:
    """The form features are computed on: «خامنه‌اي» -> «خامنهای», «۱۴۰۲» -> «0000»."""
    return word.translate(_CANON).lower()


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word/punctuation spans of ``text``; a ZWNJ stays inside its word («می‌گوید» is one token)."""
    return [match.span() for match in TOKEN_RE.finditer(text)]


def _shape(word: str) -> str:
    if word.isdigit() or canonical(word).strip("0") == "":
        return "num"
    if _LATIN.search(word):
        return "latin"
    if _PERSIAN.search(word):
        return "fa"
    return "punct" if len(word) == 1 else "other"


def _affix_features(prefix: str, form: str) -> dict[str, str]:
    features: dict[str, str] = {}
    for size in (1, 2, 3, 4):
        if len(form) > size:
            features[f"{prefix}p{size}"] = form[:size]
            features[f"{prefix}s{size}"] = form[-size:]
    return features


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[tuple[str, str], ...]:
    """Features of one word alone (cached: news text repeats its words)."""
    form = canonical(word)
    features: dict[str, str] = {"w": form, "shape": _shape(word), "len": str(min(len(form), 8))}
    features.update(_affix_features("", form))
    if ZWNJ in word:
        parts = [canonical(part) for part in word.split(ZWNJ)]
        features["zw"] = "1"
        features["zw_first"] = parts[0]
        features["zw_last"] = parts[-1]
    for kind in gazetteers.word_kinds(form):
        features[f"g_{kind}"] = "1"
    return tuple(features.items())


def _context_word(word: str) -> dict[str, str]:
    form = canonical(word)
    features = {"w": form, "s3": form[-3:], "shape": _shape(word)}
    for kind in gazetteers.word_kinds(form):
        features[f"g_{kind}"] = "1"
    return features


def sentence_features(words: Sequence[str]) -> list[dict[str, str]]:
    """One feature dict per word: the word itself, two words either side, and gazetteer phrase matches."""
    forms = [canonical(word) for word in words]
    phrases = gazetteers.phrase_tags(forms)
    result: list[dict[str, str]] = []
    count = len(words)
    for index, word in enumerate(words):
        features = {"bias": "1", **dict(_word_features(word))}
        if phrases[index]:
            for tag in phrases[index]:
                features[f"gp_{tag}"] = "1"
        for offset in (-2, -1, 1, 2):
            position = index + offset
            if 0 <= position < count:
                for key, value in _context_word(words[position]).items():
                    features[f"{offset:+d}{key}"] = value
            else:
                features[f"{offset:+d}edge"] = "1"
        if index > 0:
            features["-1w|w"] = f"{forms[index - 1]}|{forms[index]}"
        if index + 1 < count:
            features["w|+1w"] = f"{forms[index]}|{forms[index + 1]}"
        if 0 < index < count - 1:
            features["-1w|+1w"] = f"{forms[index - 1]}|{forms[index + 1]}"
        result.append(features)
    return result


def crf_items(features: list[dict[str, str]]) -> list[list[str]]:
    """crfsuite's item format: one ``"name=value"`` string per binary attribute."""
    return [[f"{key}={value}" for key, value in item.items()] for item in features]
