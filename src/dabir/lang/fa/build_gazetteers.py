"""Build the first-name, Iranian-place and person-word lists under ``lang/fa/ner/`` from ``../shared/data``.

Run ``python -m dabir.lang.fa.build_gazetteers [--data DIR]`` (or ``dabir-train gazetteers``). Output is sorted,
deduplicated and NFC, with a provenance header, so a rebuild is byte-identical and a test can compare it.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

from dabir.lang.fa.build_clusters import UD_FILES
from dabir.lang.fa.build_halfspace import read_sentences_ud
from dabir.lang.fa.script import ZWNJ, fold_letters
from dabir.train.shared_data import SHARED_DATA

HERE = Path(__file__).resolve().parent / "ner"
DEFAULT_DATA = SHARED_DATA

FIRST_NAMES_HEADER = """# Persian first names (male and female), one per line.
# Provenance: armanyazdi/persian-names @ d87db4d1abbd96b3858b69f714841fd93c0bf092 (MIT, Copyright (c) 2022
# Arman Yazdi), files persian_names/data/male_fa.txt and female_fa.txt, via shared/data/lexicon/persian_names.
# Built by `python -m dabir.lang.fa.build_gazetteers`; letters normalised (ي->ی, ك->ک), sorted, deduplicated.
"""

PLACES_HEADER = """# Iranian provinces and cities in Persian, one per line.
# Provenance: amyrmahdy/provinces_cities_iran @ 5c6e9ee4286d4aca0d243455c067a52854087c2e (MIT), file
# province_city.json, via shared/data/lexicon/iran_provinces_cities; plus «استان X» for each province.
# Built by `python -m dabir.lang.fa.build_gazetteers`; letters normalised (ي->ی, ك->ک), sorted, deduplicated.
"""


PERSON_WORDS_HEADER = """# Words of person names as NER training text writes them: one word per line, closed (no ZWNJ).
# Provenance: the gold PER entities of shared/data/ner/parstwiner/train.txt (ParsTwiNER, MIT) and the ZWNJ
# spellings of UD Persian dev (CC BY-SA 4.0); never a test split, never a research-only corpus (the repair reads
# this list). A word is listed when it stands in a PER entity at least twice, has four letters or more, and
# neither that file nor UD dev ever write it with a ZWNJ.
# The repair leaves these words as written («قالیباف» is no «قالی‌باف», «میناوند» no «می‌ناوند»).
# Built by `python -m dabir.lang.fa.build_gazetteers`; letters normalised (ي->ی, ك->ک), sorted, deduplicated.
"""
#: NER train files with ZWNJs, and their separators. The repair reads the list, so only openly licensed data:
#: not ArmanPersoNER (research use only), nor PEYMA (research use, and no ZWNJs: closed words may be lost ZWNJs).
PERSON_SOURCES = (("ner/parstwiner/train.txt", "\t"),)
PERSON_MIN = 2


def _clean(name: str) -> str:
    name = fold_letters(unicodedata.normalize("NFC", name.strip()))
    return " ".join(name.split())


def first_names(data: Path) -> list[str]:
    """Male and female first names from the persian-names lists."""
    folder = data / "lexicon" / "persian_names"
    names = set()
    for filename in ("male_fa.txt", "female_fa.txt"):
        for line in (folder / filename).read_text(encoding="utf-8").splitlines():
            if _clean(line):
                names.add(_clean(line))
    return sorted(names)


def iran_places(data: Path) -> list[str]:
    """Provinces (bare and as «استان X») and cities."""
    provinces = json.loads(
        (data / "lexicon" / "iran_provinces_cities" / "province_city.json").read_text(encoding="utf-8")
    )
    places = set()
    for province in provinces:
        name = _clean(province["province-fa"])
        places.update({name, f"استان {name}"})
        places.update(_clean(city["city-fa"]) for city in province["cities"] if _clean(city["city-fa"]))
    return sorted(places)


def person_words(data: Path) -> list[str]:
    """Closed words of gold PER entities, seen at least ``PERSON_MIN`` times and never with a ZWNJ."""
    counts: dict[str, int] = {}
    with_zwnj: set[str] = set()
    for relative, separator in PERSON_SOURCES:
        for line in (data / relative).read_text(encoding="utf-8").splitlines():
            token, _, tag = line.strip().rpartition(separator)
            token = _clean(token)
            if ZWNJ in token:
                with_zwnj.add(token.replace(ZWNJ, ""))
            elif tag.upper().endswith(("PER", "PERS")) and len(token) >= 4 and token.isalpha():
                counts[token] = counts.get(token, 0) + 1
    for relative in UD_FILES:
        for words in read_sentences_ud(data / relative):
            with_zwnj.update(word.replace(ZWNJ, "") for word in words if ZWNJ in word)
    return sorted(word for word, count in counts.items() if count >= PERSON_MIN and word not in with_zwnj)


def build(data: Path) -> dict[str, str]:
    """File name -> file text, for every built gazetteer."""
    return {
        "first_names.txt": FIRST_NAMES_HEADER + "".join(f"{name}\n" for name in first_names(data)),
        "places_iran.txt": PLACES_HEADER + "".join(f"{name}\n" for name in iran_places(data)),
        "person_words.txt": PERSON_WORDS_HEADER + "".join(f"{word}\n" for word in person_words(data)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    for filename, text in build(args.data).items():
        (HERE / filename).write_text(text, encoding="utf-8")
        print(f"wrote {HERE / filename}")


if __name__ == "__main__":
    main()
