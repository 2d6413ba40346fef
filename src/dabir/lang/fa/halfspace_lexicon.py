"""The shipped half-space lexicon (``halfspace.tsv.gz``), loaded once and queried by the repair rules.

A *key* is a word with its ZWNJs removed; its *forms* are the spellings seen in the sources, each with a vote
(see ``build_halfspace``).  ``choose(key)`` gives the best form and its share of the votes, so a rule can tell a
sure spelling («می‌کرد», share 0.95) from a matter of house style («آنها»/«آن‌ها»).
"""

from __future__ import annotations

import gzip
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
            elif parts[0] == "B":
                left, right = parts[1].split(" ")
                self.spaced[(left, right)] = int(parts[2])
        self.choices: dict[str, Choice] = {}
        for key, forms in votes.items():
            total = sum(forms.values())
            # Ties go to the spelling without ZWNJ, then alphabetically: the build is deterministic.
            best = max(sorted(forms), key=lambda f: (forms[f], -f.count(ZWNJ)))
            self.choices[key] = Choice(best, forms[best] / total, total)
        self.forms = votes

    def choose(self, key: str) -> Choice | None:
        """The best form of a ZWNJ-less key, or None when the key was never seen."""
        return self.choices.get(key)

    def vote(self, form: str) -> float:
        return self.forms.get(form.replace(ZWNJ, ""), {}).get(form, 0.0)

    def is_known(self, word: str, minimum: float = 1.0) -> bool:
        """A word the morphology may build on: voted for enough, or a frequent word of shekar's vocabulary."""
        choice = self.choices.get(word)
        return (choice is not None and choice.total >= minimum) or "S" in self.flags.get(word, "")

    def has_flag(self, form: str, flag: str) -> bool:
        return flag in self.flags.get(form, "")


def read_lines(path: Path = LEXICON_PATH) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


@lru_cache(maxsize=1)
def lexicon() -> HalfspaceLexicon:
    """The shipped lexicon, loaded on first use (about half a second) and cached."""
    return HalfspaceLexicon(read_lines())
