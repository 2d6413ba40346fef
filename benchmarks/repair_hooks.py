"""What the repair benchmarks need from the runtime and the runtime does not: the whole repair of a
sentence-per-line text, and a way to forget the per-word decisions (a benchmark's first pass)."""

from __future__ import annotations

from dabir.repair import halfspace, halfspace_morph, halfspace_pairs
from dabir.repair.engine import repair
from dabir.repair.options import RepairOptions

_OPTIONS = RepairOptions(layout=False)


def repair_lines(text: str) -> str:
    """The whole repair of one sentence-per-line text (layout off), for ``zwnj_bench --func``."""
    return repair(text, _OPTIONS).text


def forget_words() -> None:
    """Empty the half-space rules' per-word decision caches, as a new process starts: every word decided again."""
    halfspace._PLAIN.clear()
    halfspace._NO_HEADS.clear()
    halfspace_pairs.inflected_heads.cache_clear()
    halfspace_morph.restore_word.cache_clear()
    halfspace_pairs.join_pair.cache_clear()
