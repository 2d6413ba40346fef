"""The title list, ``lang/fa/titles.txt``: honorifics, titles and offices, read in one place.

Three matchers use it: the honorific and office phrases around a name (``dabir.annotate.titles``), the speaker
finder (``dabir.annotate.coref``) and the entity tagger's title gazetteer (``dabir.lang.fa.gazetteers``, only the
rows marked ``tagger``: those the shipped model was trained with).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

TITLES_FILE = "titles.txt"
KINDS = ("honorific", "title", "office")


class Title(NamedTuple):
    """One row: the phrase as written, its kind, and whether the entity tagger's gazetteer holds it."""

    phrase: str
    kind: str
    tagger: bool


@lru_cache(maxsize=1)
def read_titles() -> tuple[Title, ...]:
    """The rows of the list, in file order.

    >>> Title("آیت‌الله", "honorific", True) in read_titles()
    True
    """
    text = resources.files("dabir.lang.fa").joinpath(TITLES_FILE).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, kind, *flags = [field.strip() for field in line.split("\t")]
        if kind not in KINDS or set(flags) - {"tagger"}:
            raise ValueError(f"{TITLES_FILE}: bad row {line!r} (kind: {', '.join(KINDS)}; flag: tagger)")
        rows.append(Title(phrase, kind, "tagger" in flags))
    return tuple(rows)
