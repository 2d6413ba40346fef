"""Build ``lang/fa/compounds.tsv``: two-word compounds that edited running text always writes as one word.

Run ``dabir-train compounds [--data DIR] [--out PATH]`` (or ``python -m dabir.lang.fa.build_compounds``). The
repair joins a listed pair wherever it meets it, before the lexicon's graded evidence, so an entry needs three
general sources to agree, never one document:

* the compound is a word of hazm's ``words.dat`` with a real frequency (MIT);
* UD Persian-PerDT and -Seraji *dev* (gold spacing, CC BY-SA 4.0) write it joined at least ``MIN_JOINED`` times
  and never as the two words apart, nor (for a ZWNJ compound) closed up;
* its cut is certain: a ZWNJ marks it. Closed compounds («خاطرنشان», «دانشگاه») are left to the lexicon's
  graded evidence: where a closed word breaks into two words is a guess («آشکار» is no «آش کار», «زنجان» no
  «زن جان»), and a list that joins wherever it meets a pair must not guess.

A first part that is a function word (hazm ``stopwords.dat``: «به‌ویژه», «هم‌اکنون» are house style), a second
part of two letters or fewer (an affix: the affix rules handle those), and a name of the gazetteers (a place
is not a compound) never make an entry. Pairs that running text writes apart though the closed word exists
(«سر کار» "at work", «سرکار» a title) are not listed: the lexicon's spaced-bigram counts from the same UD dev
text («B» lines of ``halfspace.tsv.gz``) keep them apart.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from dabir.lang.fa.build_clusters import UD_FILES
from dabir.lang.fa.build_halfspace import _WORD, count_running_text, normalise, read_sentences_ud
from dabir.lang.fa.script import ZWNJ
from dabir.train.shared_data import SHARED_DATA

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "compounds.tsv"
#: Times UD dev must write the compound joined; hazm frequency that makes its words real words.
MIN_JOINED = 2
HAZM_MIN = 1000
NAME_LISTS = ("places_iran.txt", "countries.txt", "first_names.txt")
HEADER = """# Compounds written as two words that edited running text writes as one: «left right<TAB>form<TAB>evidence».
# Built by `dabir-train compounds` (dabir.lang.fa.build_compounds; do not edit) from hazm words.dat and
# stopwords.dat (MIT), UD Persian-PerDT and -Seraji dev text (CC BY-SA 4.0) and the gazetteers' names; no
# test split, no news text, no list fitted to a document. An entry is a word of hazm with frequency >= {hazm},
# written with its ZWNJ at least {joined} times in UD dev and never apart or closed there; no function word
# first, no affix second, no gazetteer name. Used by the `compounds` rule and by `halfspace_spaced` before
# the lexicon.
"""


def _hazm(data: Path) -> dict[str, int]:
    frequencies: dict[str, int] = {}
    for line in (data / "lexicon/hazm/words.dat").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].isdigit():
            form = normalise(parts[0])
            if form and _WORD.match(form):
                frequencies[form] = frequencies.get(form, 0) + int(parts[1])
    return frequencies


def _lines(path: Path) -> set[str]:
    return {
        normalise(line.strip())
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def _name_key(name: str) -> str:
    return name.replace(" ", "").replace(ZWNJ, "")


def compounds(data: Path) -> list[tuple[str, str, str, str]]:
    """``(left, right, form, evidence)`` for every compound the sources agree on, sorted."""
    hazm = _hazm(data)
    function_words = _lines(data / "lexicon/hazm/stopwords.dat")
    names = {_name_key(name) for listed in NAME_LISTS for name in _lines(HERE / "ner" / listed)}
    words: Counter = Counter()
    apart: Counter = Counter()
    for relative in UD_FILES:
        found, pairs = count_running_text(read_sentences_ud(data / relative))
        words.update(found)
        apart.update(pairs)
    found_entries = []
    for form, joined in words.items():
        if form.count(ZWNJ) != 1 or joined < MIN_JOINED or hazm.get(form, 0) < HAZM_MIN:
            continue
        left, _, right = form.partition(ZWNJ)
        if _name_key(form) in names or left in function_words or len(left) < 2 or len(right) <= 2:
            continue
        if hazm.get(left, 0) < HAZM_MIN or hazm.get(right, 0) < HAZM_MIN:
            continue
        if apart[(left, right)] or words[left + right]:
            continue
        evidence = f"hazm {hazm[form]:,}; UD dev with ZWNJ {joined}, apart 0, closed 0"
        found_entries.append((left, right, form, evidence))
    return sorted(found_entries)


def build(data: Path) -> str:
    """The text of ``compounds.tsv``."""
    lines = [f"{left} {right}\t{form}\t{evidence}" for left, right, form, evidence in compounds(data)]
    return HEADER.format(hazm=f"{HAZM_MIN:,}", joined=MIN_JOINED) + "".join(line + "\n" for line in lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dabir-train compounds", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no data folder at {args.data}")
    text = build(args.data)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({sum(1 for line in text.splitlines() if not line.startswith('#'))} compounds)")


if __name__ == "__main__":
    main()
