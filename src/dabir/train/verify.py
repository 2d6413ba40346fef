"""``dabir-train verify``: rebuild every shipped artifact from ``../shared/data`` and compare it with the shipped one.

Each artifact is rebuilt into a temporary folder by the same code its build command runs, and compared byte for
byte (the network: array by array, since a zip archive records the time it was written). The quick ones
(lexicon, gazetteers, compounds, learned entities, letter model: about a minute in all) always run, and the test
suite runs them too; ``--slow`` adds the entity CRF (about ten minutes on one core), the word classes (needs the
``build`` extra) and the network (about an hour; needs the ``train-nn`` extra). Exit status 1 when any differs.

    dabir-train verify [--data DIR] [--slow] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dabir.train.shared_data import SHARED_DATA

PACKAGE = Path(__file__).resolve().parents[1]
LANG = PACKAGE / "lang" / "fa"
ARTIFACTS = PACKAGE / "artifacts"


def _halfspace(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.lang.fa import build_halfspace

    build_halfspace.write(build_halfspace.build(data), work / "halfspace.tsv.gz")
    return [(LANG / "halfspace.tsv.gz", work / "halfspace.tsv.gz")]


def _gazetteers(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.lang.fa import build_gazetteers

    pairs = []
    for filename, text in build_gazetteers.build(data).items():
        (work / filename).write_text(text, encoding="utf-8")
        pairs.append((build_gazetteers.HERE / filename, work / filename))
    return pairs


def _compounds(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.lang.fa import build_compounds

    (work / "compounds.tsv").write_text(build_compounds.build(data), encoding="utf-8")
    return [(build_compounds.OUTPUT, work / "compounds.tsv")]


def _learned_entities(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.annotate.ner_features import LEXICON_FILE
    from dabir.train import ner

    out = work / LEXICON_FILE
    ner.main(["--data", str(data), "--lexicon-only", "--lexicon-out", str(out)])
    return [(LANG / "ner" / LEXICON_FILE, out)]


def _letter_model(data: Path, work: Path) -> list[tuple[Path, Path]]:
    """Trained on the *shipped* lexicon (the lexicon check above says whether that one is current)."""
    from dabir.lang.fa import build_halfspace_char
    from dabir.repair import halfspace_char

    out = work / "halfspace_char.crfsuite"
    build_halfspace_char.train(out)
    return [(halfspace_char.MODEL_PATH, out)]


def _crf(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.annotate.ner_features import LEXICON_FILE
    from dabir.train import ner

    out = work / "ner_fa.crfsuite"
    ner.main(["--data", str(data), "--out", str(out), "--lexicon-out", str(work / LEXICON_FILE)])
    return [(ner.DEFAULT_OUT, out), (LANG / "ner" / LEXICON_FILE, work / LEXICON_FILE)]


def _clusters(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.lang.fa import build_clusters

    out = work / "word_clusters.txt"
    build_clusters.main(["--data", str(data), "--out", str(out)])
    return [(build_clusters.OUT, out)]


def _network(data: Path, work: Path) -> list[tuple[Path, Path]]:
    from dabir.train import ner_nn

    out = work / "ner_nn.npz"
    ner_nn.main(["--data", str(data), "--out", str(out)])
    return [(ner_nn.DEFAULT_OUT, out)]


#: name -> (rebuild into a folder, giving (shipped, rebuilt) pairs; slow; extra modules it needs).
CHECKS: dict[str, tuple[Callable[[Path, Path], list[tuple[Path, Path]]], bool, tuple[str, ...]]] = {
    "halfspace-lexicon": (_halfspace, False, ()),
    "gazetteers": (_gazetteers, False, ()),
    "compounds": (_compounds, False, ()),
    "learned-entities": (_learned_entities, False, ()),
    "letter-model": (_letter_model, False, ()),
    "ner-crf": (_crf, True, ()),
    "word-clusters": (_clusters, True, ("gensim", "sklearn")),
    "ner-network": (_network, True, ("torch", "gensim")),
}


def same(shipped: Path, rebuilt: Path) -> bool:
    """Byte-equal files; gzip compared on its text too, ``.npz`` array by array."""
    if shipped.suffix == ".npz":
        import numpy as np

        with np.load(shipped) as left, np.load(rebuilt) as right:
            return sorted(left.files) == sorted(right.files) and all(
                np.array_equal(left[name], right[name]) for name in left.files
            )
    if shipped.read_bytes() == rebuilt.read_bytes():
        return True
    if shipped.suffix == ".gz":
        return gzip.decompress(shipped.read_bytes()) == gzip.decompress(rebuilt.read_bytes())
    return False


def verify(data: Path, names: list[str]) -> dict[str, str]:
    """name -> "ok", "DIFFERS: file, ..." or "skipped: reason", for each check in ``names``."""
    results = {}
    for name in names:
        rebuild, _, needs = CHECKS[name]
        missing = [module for module in needs if importlib.util.find_spec(module) is None]
        if missing:
            results[name] = f"skipped: needs {', '.join(missing)}"
            continue
        with tempfile.TemporaryDirectory(prefix=f"dabir-verify-{name}-") as folder:
            pairs = rebuild(data, Path(folder))
            differ = [shipped.name for shipped, rebuilt in pairs if not same(shipped, rebuilt)]
        results[name] = f"DIFFERS: {', '.join(differ)}" if differ else "ok"
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dabir-train verify", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the shared data folder")
    parser.add_argument("--slow", action="store_true", help="also retrain the CRF, word classes and network")
    parser.add_argument("--only", help=f"comma-separated, of: {', '.join(CHECKS)}")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no data folder at {args.data}")
    names = [name for name, (_, slow, _) in CHECKS.items() if args.slow or not slow]
    if args.only:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = sorted(set(names) - set(CHECKS))
        if unknown:
            parser.error(f"unknown checks {unknown}")
    failed = False
    for name in names:
        started = time.process_time()
        result = verify(args.data, [name])[name]
        failed = failed or result.startswith("DIFFERS")
        print(f"{name:18s} {result} ({time.process_time() - started:.0f} s CPU)", flush=True)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
