"""The shipped half-space lexicon (``halfspace.tsv.gz``), loaded once and queried by the repair rules.

A *key* is a word with its ZWNJs removed; its *forms* are the spellings seen in the sources, each with a vote
(see ``build_halfspace``).  ``choose(key)`` gives the best form and its share of the votes, so a rule can tell a
sure spelling («می‌کرد», share 0.95) from a matter of house style («آنها»/«آن‌ها»).
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dabir.lang.fa.script import ZWNJ

LEXICON_PATH = Path(__file__).resolve().parent / "halfspace.tsv.gz"


@dataclass(frozen=True, slots=True)
class Choice:
    """The best spelling of a key: ``form``, its ``share`` of the votes and the votes' ``total``."""

    form: str
    share: float
    total: float


class HalfspaceLexicon:
    """Word forms with votes, flags (``A`` adjective, ``V`` verb form, ``S`` known stem) and spaced bigrams."""

    def __init__(self, lines: list[str]) -> None:
        self.header: list[str] = []
        votes: dict[str, dict[str, float]] = {}
        self.flags: dict[str, str] = {}
        self.running: dict[str, int] = {}
        self.spaced: dict[tuple[str, str], int] = {}
        self.heads: dict[str, tuple[int, int]] = {}
        for line in lines:
            if line.startswith("#"):
                self.header.append(line)
                continue
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "W":
                form, vote, flags, count = parts[1], float(parts[2]), parts[3], int(parts[4])
                if vote > 0:
                    votes.setdefault(form.replace(ZWNJ, ""), {})[form] = vote
                if flags:
                    self.flags[form] = flags
                if count:
                    self.running[form] = count
            elif parts[0] == "P":
                self.heads[parts[1]] = (int(parts[2]), int(parts[3]))
            elif parts[0] == "B":
                left, right = parts[1].split(" ")
                self.spaced[(left, right)] = int(parts[2])
        # Plain tuples (form, share, total), not objects: they load from the cache in a fraction of a second.
        self.choices: dict[str, tuple[str, float, float]] = {}
        for key, forms in votes.items():
            if len(forms) == 1:
                ((form, vote),) = forms.items()
                self.choices[key] = (form, 1.0, vote)
                continue
            total = sum(forms.values())
            # Ties go to the spelling without ZWNJ, then alphabetically: the build is deterministic.
            best = max(sorted(forms), key=lambda f: (forms[f], -f.count(ZWNJ)))
            self.choices[key] = (best, forms[best] / total, total)
        self.forms = votes

    def to_cache(self) -> tuple:
        return (self.header, self.forms, self.flags, self.running, self.spaced, self.choices, self.heads)

    @classmethod
    def from_cache(cls, data: tuple) -> HalfspaceLexicon:
        lexicon = cls.__new__(cls)
        (
            lexicon.header,
            lexicon.forms,
            lexicon.flags,
            lexicon.running,
            lexicon.spaced,
            lexicon.choices,
            lexicon.heads,
        ) = data
        return lexicon

    def choose(self, key: str) -> Choice | None:
        """The best form of a ZWNJ-less key, or None when the key was never seen."""
        found = self.choices.get(key)
        return Choice(*found) if found is not None else None

    def vote(self, form: str) -> float:
        return self.forms.get(form.replace(ZWNJ, ""), {}).get(form, 0.0)

    def is_known(self, word: str, minimum: float = 1.0) -> bool:
        """A word the morphology may build on: voted for enough, or a frequent word of shekar's vocabulary."""
        choice = self.choices.get(word)
        return (choice is not None and choice[2] >= minimum) or "S" in self.flags.get(word, "")

    def has_flag(self, form: str, flag: str) -> bool:
        return flag in self.flags.get(form, "")


def read_lines(path: Path = LEXICON_PATH) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cache_file(data: bytes) -> Path | None:
    """Where the parsed lexicon is kept between runs: the user's cache dir, keyed by the shipped file's hash."""
    folder = os.environ.get("DABIR_CACHE_DIR")
    if not folder:
        try:
            from platformdirs import user_cache_dir

            folder = user_cache_dir("dabir", appauthor=False)
        except Exception:  # pragma: no cover - platformdirs is a dependency
            return None
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Path(folder) / f"halfspace-{digest}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


@lru_cache(maxsize=1)
def lexicon() -> HalfspaceLexicon:
    """The shipped lexicon, loaded on first use and cached in memory.

    Parsing the TSV takes a few seconds, so the parsed form is also kept in the user's cache directory
    (``DABIR_CACHE_DIR`` to move it) and read back with :mod:`marshal` by later processes; a missing,
    stale or unreadable cache is rebuilt, and an unwritable one is simply not kept.
    """
    data = LEXICON_PATH.read_bytes()
    cache = _cache_file(data)
    if cache is not None and cache.exists():
        try:
            with _no_gc():  # hundreds of thousands of small objects: the collector would only slow this down
                return HalfspaceLexicon.from_cache(marshal.loads(cache.read_bytes()))
        except (OSError, ValueError, EOFError, TypeError):
            pass
    with _no_gc():
        lexicon = HalfspaceLexicon(gzip.decompress(data).decode("utf-8").splitlines())
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(lexicon.to_cache()))
            os.replace(temp, cache)
        except OSError:
            pass
    return lexicon
