"""Token features for the named-entity CRF, shared by training and tagging so the two never drift apart.

The features are computed on a *canonical* form of each word: Arabic «ي ك ى» become Persian «ی ک», harakat and
kashida are dropped, digits become ``0`` and the ZWNJ is removed. So «خامنه‌ای», «خامنهای» and «خامنه اي»'s
first part all look alike to the model, whatever the repair step managed to restore (training also sees
copies whose half-spaces were turned into spaces; see ``dabir.train.ner``).

Two feature groups beyond the word and its neighbours raised F1 on development slices of the training data
(benchmarks/RESULTS.md, ``## Named entities``): word2vec classes of each word and its neighbours
(``lang/fa/ner/word_clusters.txt``, from allowed unlabelled text, ``dabir.lang.fa.build_clusters``), so a name
the model never saw is still near the names it did see; and matches of a lexicon of entity strings learned from
the NER training corpora (``lang/fa/ner/learned_entities.txt``, ``dabir.train.ner_lexicon``), as B/I spans and
as the places each word holds in lexicon entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

from dabir.lang.fa import gazetteers
from dabir.lang.fa.forms import TOKEN_RE, canonical
from dabir.lang.fa.script import ZWNJ

_LATIN = re.compile(r"[A-Za-z]")
_PERSIAN = re.compile(r"[\u0600-\u06FF]")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word/punctuation spans of ``text``; a ZWNJ stays inside its word («می‌گوید» is one token)."""
    return [match.span() for match in TOKEN_RE.finditer(text)]


#: A learned entity lexicon: canonical token tuple -> label («اسماعیل هنیه» -> PER); see ``dabir.train.ner_lexicon``.
Lexicon = Mapping[tuple[str, ...], str]
LEXICON_FILE = "learned_entities.txt"
CLUSTER_FILE = "word_clusters.txt"
MAX_ENTITY = 6


@lru_cache(maxsize=1)
def shipped_lexicon() -> dict[tuple[str, ...], str]:
    """The lexicon written with the shipped model (``lang/fa/ner/learned_entities.txt``; empty if missing)."""
    source = resources.files("dabir.lang.fa").joinpath("ner", LEXICON_FILE)
    return parse_lexicon(source.read_text(encoding="utf-8")) if source.is_file() else {}


def parse_lexicon(text: str) -> dict[tuple[str, ...], str]:
    """Lines ``phrase<TAB>LABEL`` (``#`` lines are provenance) -> {phrase words: label}."""
    lexicon: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, _, label = line.partition("\t")
            lexicon[tuple(phrase.split(" "))] = label.strip()
    return lexicon


@lru_cache(maxsize=1)
def word_classes() -> dict[str, tuple[str, ...]]:
    """Canonical word -> its word2vec classes, coarse to fine, from ``lang/fa/ner/word_clusters.txt``."""
    source = resources.files("dabir.lang.fa").joinpath("ner", CLUSTER_FILE)
    classes: dict[str, tuple[str, ...]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, *found = line.split("\t")
            classes[word] = tuple(found)
    return classes


#: Word indexes of the lexicons last used, by ``id``; each entry keeps its lexicon alive, so an id is never
#: reused while its entry stands. Threads may fill it at once (each builds the same index; the last one stays).
_WORD_INDEX: dict[int, tuple[Lexicon, dict[str, tuple[str, ...]]]] = {}
#: Lexicons indexed at once: the shipped one, and the few a training run or a test passes in.
_WORD_INDEX_LIMIT = 4


def lexicon_words(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Word -> the ``B-LABEL``/``I-LABEL`` places it holds in lexicon entries (indexed once per lexicon)."""
    cached = _WORD_INDEX.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        index: dict[str, set[str]] = {}
        for key, label in lexicon.items():
            for position, word in enumerate(key):
                index.setdefault(word, set()).add(("B-" if position == 0 else "I-") + label)
        cached = (lexicon, {word: tuple(sorted(places)) for word, places in index.items()})
        if len(_WORD_INDEX) >= _WORD_INDEX_LIMIT:
            _WORD_INDEX.clear()  # a training run makes a lexicon per fold: do not keep them all alive
        _WORD_INDEX[id(lexicon)] = cached
    return cached[1]


def lexicon_tags(forms: Sequence[str], lexicon: Lexicon) -> list[str]:
    """Per token, ``B-LABEL``/``I-LABEL`` of the longest lexicon entry covering it (leftmost first), else ``""``."""
    tags = [""] * len(forms)
    index = 0
    count = len(forms)
    while index < count:
        for size in range(min(MAX_ENTITY, count - index), 0, -1):
            label = lexicon.get(tuple(forms[index : index + size]))
            if label:
                tags[index] = "B-" + label
                for inner in range(index + 1, index + size):
                    tags[inner] = "I-" + label
                index += size
                break
        else:
            index += 1
    return tags


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
    features.update({f"c{n}": value for n, value in enumerate(word_classes().get(form, ()))})
    return tuple(features.items())


def _context_word(word: str) -> dict[str, str]:
    form = canonical(word)
    features = {"w": form, "s3": form[-3:], "shape": _shape(word)}
    for kind in gazetteers.word_kinds(form):
        features[f"g_{kind}"] = "1"
    features.update({f"c{n}": value for n, value in enumerate(word_classes().get(form, ()))})
    return features


def sentence_features(words: Sequence[str], lexicon: Lexicon | None = None) -> list[dict[str, str]]:
    """One feature dict per word: the word itself, two words either side, gazetteer and learned-lexicon matches.

    ``lexicon`` defaults to the shipped one; training passes the lexicon of the *other* training sentences.
    """
    forms = [canonical(word) for word in words]
    phrases = gazetteers.phrase_tags(forms)
    if lexicon is None:
        lexicon = shipped_lexicon()
    learned = lexicon_tags(forms, lexicon)
    places = lexicon_words(lexicon)
    result: list[dict[str, str]] = []
    count = len(words)
    for index, word in enumerate(words):
        features = {"bias": "1", **dict(_word_features(word))}
        if learned[index]:
            features["lx"] = learned[index]
            if index > 0 and learned[index - 1]:
                features["lx-1|lx"] = f"{learned[index - 1]}|{learned[index]}"
        for place in places.get(forms[index], ()):
            features[f"lw_{place}"] = "1"
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
