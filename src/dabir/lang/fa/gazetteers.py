"""Name lists for the entity tagger: first names, places, countries, organisations and person titles.

The name files live in ``lang/fa/ner/`` with their provenance in header comments; the titles are the one title
list, ``lang/fa/titles.txt`` (:func:`dabir.lang.fa.titles.read_titles`). Entries are compared in the
tagger's canonical form (no ZWNJ, Persian «ی ک», digits as ``0``), so every spelling the repair step may leave
behind matches. Loaded once, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from dabir.lang.fa.forms import TOKEN_RE, canonical
from dabir.lang.fa.titles import read_titles

#: Gazetteer kind -> file under lang/fa/ner/ («title»: the title list's rows marked ``tagger``).
FILES = {
    "first": "first_names.txt",
    "iran": "places_iran.txt",
    "country": "countries.txt",
    "org": "organizations.txt",
}
MAX_PHRASE = 5


def read_lines(filename: str) -> list[str]:
    """Non-comment, non-blank lines of a file under lang/fa/ner/ (the first TAB field)."""
    text = resources.files("dabir.lang.fa").joinpath("ner", filename).read_text(encoding="utf-8")
    return [
        line.split("\t")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(canonical(match.group(0)) for match in TOKEN_RE.finditer(phrase))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], dict[tuple[str, ...], frozenset[str]]]:
    words: dict[str, set[str]] = {}
    phrases: dict[tuple[str, ...], set[str]] = {}
    entries = [(kind, entry) for kind, filename in FILES.items() for entry in read_lines(filename)]
    entries += [("title", title.phrase) for title in read_titles() if title.tagger]
    for kind, entry in entries:
        key = _key(entry)
        if not key:
            continue
        if len(key) == 1:
            words.setdefault(key[0], set()).add(kind)
        phrases.setdefault(key, set()).add(kind)
        if kind == "title":  # a title's first word alone is a useful cue too
            words.setdefault(key[0], set()).add("title_start")
    return (
        {word: frozenset(kinds) for word, kinds in words.items()},
        {key: frozenset(kinds) for key, kinds in phrases.items() if len(key) > 1},
    )


def word_kinds(form: str) -> frozenset[str]:
    """Kinds of list a canonical word is in on its own: «تهران» -> {"iran"}."""
    return _tables()[0].get(form, frozenset())


def phrase_tags(forms: Sequence[str]) -> list[list[str]]:
    """Per token, ``KIND_B``/``KIND_I`` for the longest multi-word list entry covering it."""
    phrases = _tables()[1]
    tags: list[list[str]] = [[] for _ in forms]
    index = 0
    while index < len(forms):
        for size in range(min(MAX_PHRASE, len(forms) - index), 1, -1):
            kinds = phrases.get(tuple(forms[index : index + size]))
            if kinds:
                for kind in kinds:
                    tags[index].append(f"{kind}_B")
                    for inner in range(index + 1, index + size):
                        tags[inner].append(f"{kind}_I")
                index += size
                break
        else:
            index += 1
    return tags
