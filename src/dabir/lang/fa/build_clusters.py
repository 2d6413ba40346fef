"""Build ``lang/fa/ner/word_clusters.txt``: word classes for the entity tagger, from text dabir may learn from.

``python -m dabir.lang.fa.build_clusters [--data DIR]``. Word vectors (gensim word2vec, skip-gram, one worker, fixed
seed) are trained on the canonical forms (see ``dabir.annotate.ner_features.canonical``) of the UD Persian dev
treebanks and the *train* splits of ArmanPersoNER fold 1, PEYMA and ParsTwiNER (never a test split, never the
Fars/Hamshahri news), then grouped by k-means at two granularities. A word unseen in a training sentence but in
the same class as names seen there («هنیه» near «مشعل») then looks familiar to the CRF. Needs gensim and
scikit-learn, at build time only: the tagger reads the text file.
"""

from __future__ import annotations

import argparse
import zlib
from pathlib import Path

from dabir.annotate.ner_features import canonical
from dabir.train.shared_data import SHARED_DATA

HERE = Path(__file__).resolve().parent / "ner"
OUT = HERE / "word_clusters.txt"
DEFAULT_DATA = SHARED_DATA
UD_FILES = ("ud/fa_perdt-ud-dev.conllu", "ud/fa_seraji-ud-dev.conllu")
NER_FILES = (
    ("ner/arman/train_fold1.txt", " "),
    ("ner/peyma/train.txt", "|"),
    ("ner/parstwiner/train.txt", "\t"),
)
SIZES = (64, 512)
MIN_COUNT = 3
SEED = 20240601
HEADER = (
    "# Word classes for the NER tagger: canonical word, then per TAB its k-means class for k = {sizes}.\n"
    "# Built by `python -m dabir.lang.fa.build_clusters`: word2vec (gensim, skip-gram, 100 dimensions, window 5,\n"
    "# min count {min_count}, seed {seed}) on UD Persian-PerDT and -Seraji dev (CC BY-SA 4.0) and the train splits of\n"
    "# ArmanPersoNER fold 1, PEYMA and ParsTwiNER (research use / MIT), then k-means (scikit-learn). No test split\n"
    "# and no Fars/Hamshahri news text was used.\n"
)


def ud_text(data: Path) -> list[list[str]]:
    """Canonical word forms of the UD dev sentences (unlabelled text for word2vec)."""
    result: list[list[str]] = []
    for relative in UD_FILES:
        words: list[str] = []
        for line in (data / relative).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if words:
                    result.append(words)
                words = []
            elif not line.startswith("#"):
                fields = line.split("\t")
                if fields[0].isdigit():
                    words.append(canonical(fields[1]))
        if words:
            result.append(words)
    return result


def sentences(data: Path) -> list[list[str]]:
    """Canonical word sequences of the allowed text."""
    from dabir.train.ner import read_conll

    result = ud_text(data)
    for relative, separator in NER_FILES:
        result.extend(
            [canonical(word) for word in words] for words, _ in read_conll(data / relative, separator)
        )
    return result


def _stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def build(data: Path) -> str:
    """The text of ``word_clusters.txt``."""
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    model = Word2Vec(
        sentences(data),
        vector_size=100,
        window=5,
        min_count=MIN_COUNT,
        sg=1,
        negative=5,
        epochs=10,
        workers=1,
        seed=SEED,
        hashfxn=_stable_hash,
    )
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / ((model.wv.vectors**2).sum(axis=1, keepdims=True) ** 0.5 + 1e-9)
    labels = [KMeans(n_clusters=size, n_init=1, random_state=SEED).fit_predict(vectors) for size in SIZES]
    lines = ["\t".join([word, *map(str, found)]) for word, *found in zip(words, *labels, strict=True)]
    header = HEADER.format(sizes=", ".join(map(str, SIZES)), min_count=MIN_COUNT, seed=SEED)
    return header + "\n".join(sorted(lines)) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.write_text(build(args.data), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
