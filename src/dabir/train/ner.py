"""Train the named-entity CRF that dabir ships: ``dabir-train ner`` or ``python -m dabir.train.ner``.

Reads ArmanPersoNER (train fold 1), and optionally PEYMA and ParsTwiNER train splits, from ``../shared/data``;
maps their tags to PER/ORG/LOC/FAC/EVENT/PRO; brings every corpus to the text conventions dabir's repair step
writes (PEYMA's «روش های» becomes «روش‌های»); adds copies of some sentences with the damage repair may fail to
undo (half-spaces turned into spaces); trains python-crfsuite with a fixed seed and writes
``src/dabir/artifacts/ner_fa.crfsuite``. ``--eval`` scores the result on Arman test fold 1 (measuring only).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pycrfsuite

from dabir.annotate.ner_features import LEXICON_FILE, ZWNJ, Lexicon, crf_items, sentence_features
from dabir.lang.fa.script import fold_letters, joins_forward
from dabir.train import ner_lexicon
from dabir.train.scoring import score
from dabir.train.shared_data import SHARED_DATA

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = SHARED_DATA
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "artifacts" / "ner_fa.crfsuite"
SEED = 20240601
MAIN_LABELS = ("PER", "ORG", "LOC")

Sentence = tuple[list[str], list[str]]

#: Corpus tag (lower-cased, without B-/I-) -> dabir label; anything else becomes O.
TAG_MAP = {
    "pers": "PER",
    "per": "PER",
    "org": "ORG",
    "loc": "LOC",
    "fac": "FAC",
    "event": "EVENT",
    "eve": "EVENT",
    "pro": "PRO",
    # ParsTwiNER's nationalities and political groups: Arman files both under organisations.
    "nat": "ORG",
    "pog": "ORG",
}

#: name -> (relative path of the training file, separator between token and tag).
CORPORA = {
    "arman": ("ner/arman/train_fold1.txt", " "),
    "peyma": ("ner/peyma/train.txt", "|"),
    "parstwiner": ("ner/parstwiner/train.txt", "\t"),
}
ARMAN_TEST = ("ner/arman/test_fold1.txt", " ")


def _map_tag(tag: str) -> str:
    tag = tag.strip()
    if tag == "O" or len(tag) < 3:
        return "O"
    prefix, label = tag[0].upper(), tag[2:].lower()
    mapped = TAG_MAP.get(label)
    return f"{prefix}-{mapped}" if mapped and prefix in "BI" else "O"


def _join_space(token: str) -> str:
    """PEYMA writes «روش های» as one token: the space stands where dabir writes a ZWNJ (or nothing)."""
    parts = token.split()
    if not parts:
        return token
    joined = parts[0]
    for part in parts[1:]:
        joined += (ZWNJ if joins_forward(joined[-1]) else "") + part
    return joined


def read_conll(path: Path, separator: str) -> list[Sentence]:
    """Sentences of a one-token-per-line file (blank line between sentences), tags mapped to dabir's."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        token, _, tag = line.rstrip("\n").rpartition(separator)
        token = _join_space(fold_letters(token.strip()))
        if not token:
            continue
        words.append(token)
        tags.append(_map_tag(tag))
    if words:
        sentences.append((words, tags))
    return _fix_bio(sentences)


def _fix_bio(sentences: list[Sentence]) -> list[Sentence]:
    """An ``I-X`` after something other than X starts the entity (as seqeval reads it): write it as ``B-X``."""
    for _, tags in sentences:
        for index, tag in enumerate(tags):
            if tag.startswith("I-") and (index == 0 or tags[index - 1][2:] != tag[2:]):
                tags[index] = "B-" + tag[2:]
    return sentences


def spaced_copy(sentence: Sentence) -> Sentence | None:
    """The sentence with every half-space turned into a space (a damage repair does not always undo)."""
    words, tags = sentence
    if not any(ZWNJ in word for word in words):
        return None
    new_words: list[str] = []
    new_tags: list[str] = []
    for word, tag in zip(words, tags, strict=True):
        parts = [part for part in word.split(ZWNJ) if part]
        for position, part in enumerate(parts):
            new_words.append(part)
            new_tags.append(tag if position == 0 or tag == "O" else "I-" + tag[2:])
    return new_words, new_tags


def augment(sentences: list[Sentence], share: float, seed: int = SEED) -> list[Sentence]:
    """The sentences plus spaced copies of a fixed random ``share`` of those with a half-space."""
    rng = random.Random(seed)
    extra = [copy for sentence in sentences if rng.random() < share and (copy := spaced_copy(sentence))]
    return sentences + extra


def augment_with_lexicons(
    sentences: list[Sentence], lexicons: list[Lexicon], share: float, seed: int = SEED
) -> list[tuple[Sentence, Lexicon]]:
    """``augment``, each sentence (and its spaced copy) paired with the jackknifed lexicon its features use."""
    rng = random.Random(seed)
    extra = [
        (copy, lexicon)
        for sentence, lexicon in zip(sentences, lexicons, strict=True)
        if rng.random() < share and (copy := spaced_copy(sentence))
    ]
    return list(zip(sentences, lexicons, strict=True)) + extra


def load(data: Path, corpora: list[str]) -> list[Sentence]:
    """Training sentences of the named corpora."""
    sentences: list[Sentence] = []
    for name in corpora:
        relative, separator = CORPORA[name]
        sentences.extend(read_conll(data / relative, separator))
    return sentences


def _items(
    sentences: Sequence[Sentence], lexicons: Sequence[Lexicon] | None
) -> Iterator[tuple[list[list[str]], list[str]]]:
    for index, (words, tags) in enumerate(sentences):
        yield crf_items(sentence_features(words, lexicons[index] if lexicons else {})), tags


def train(
    sentences: Sequence[Sentence],
    out: Path,
    c1: float = 0.05,
    c2: float = 0.01,
    iterations: int = 100,
    min_freq: int = 1,
    verbose: bool = False,
    lexicons: Sequence[Lexicon] | None = None,
) -> None:
    """Fit the CRF (L-BFGS, elastic net: L1 keeps the model small) and write it to ``out``.

    ``lexicons[i]`` is the learned-entity lexicon sentence ``i``'s features see (jackknifed: built without it);
    without ``lexicons`` no sentence sees one.
    """
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for items, tags in _items(sentences, lexicons):
        trainer.append(items, tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".tmp")
    trainer.train(str(temporary))
    temporary.replace(out)


def evaluate(model: Path, sentences: list[Sentence], lexicon: Lexicon | None = None) -> dict[str, object]:
    """Entity-level scores of ``model`` on gold ``sentences`` (plus tagging speed, tokens per second).

    ``lexicon`` is the learned lexicon written with the model (default: the shipped one).
    """
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    gold, predicted = [], []
    started = time.perf_counter()
    tokens = 0
    for words, tags in sentences:
        predicted.append(tagger.tag(crf_items(sentence_features(words, lexicon))))
        gold.append(tags)
        tokens += len(words)
    elapsed = time.perf_counter() - started
    labels = sorted({tag[2:] for tags in gold for tag in tags if tag != "O"})
    return {
        "main": score(gold, predicted, MAIN_LABELS),
        "all": score(gold, predicted, labels),
        "tokens": tokens,
        "tokens_per_second": tokens / elapsed if elapsed else 0.0,
    }


def format_scores(result: dict[str, object]) -> str:
    lines = []
    for group in ("main", "all"):
        for label, value in result[group].items():  # type: ignore[attr-defined]
            lines.append(
                f"{group:5} {label:6} P={value.precision:.4f} R={value.recall:.4f} F1={value.f1:.4f} (gold {value.gold})"
            )
    lines.append(f"{result['tokens']} tokens, {result['tokens_per_second']:.0f} tokens/s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dabir-train ner", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the model")
    parser.add_argument(
        "--lexicon-out",
        type=Path,
        help="where to write the learned entity lexicon (default: lang/fa/ner/ for the shipped model, "
        "else next to --out)",
    )
    parser.add_argument(
        "--corpora", default="arman,peyma,parstwiner", help="comma-separated: arman, peyma, parstwiner"
    )
    parser.add_argument(
        "--lexicon-corpora",
        default="",
        help="more train corpora whose gold entities join the learned lexicon only (not trained on)",
    )
    parser.add_argument("--augment", type=float, default=0.3, help="share of sentences given a spaced copy")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--min-freq", type=int, default=1)
    parser.add_argument("--eval", action="store_true", help="score the model on Arman test fold 1")
    parser.add_argument(
        "--lexicon-only", action="store_true", help="write the learned entity lexicon only (no training)"
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    corpora = [name.strip() for name in args.corpora.split(",") if name.strip()]
    lexicon_only = [name.strip() for name in args.lexicon_corpora.split(",") if name.strip()]
    unknown = set(corpora + lexicon_only) - set(CORPORA)
    if unknown or not args.data.is_dir():
        parser.error(f"unknown corpora {sorted(unknown)}" if unknown else f"no data folder at {args.data}")
    lexicon_out = args.lexicon_out or lexicon_path(args.out)
    started = time.perf_counter()
    original = load(args.data, corpora)
    others = load(args.data, lexicon_only)
    if args.lexicon_only:
        write_lexicon(original + others, lexicon_out, corpora + lexicon_only)
        print(f"wrote {lexicon_out}", file=sys.stderr)
        return
    pairs = augment_with_lexicons(original, ner_lexicon.jackknife(original, others=others), args.augment)
    print(f"training on {len(pairs)} sentences from {', '.join(corpora)}", file=sys.stderr)
    train(
        [sentence for sentence, _ in pairs],
        args.out,
        args.c1,
        args.c2,
        args.iterations,
        args.min_freq,
        args.verbose,
        lexicons=[lexicon for _, lexicon in pairs],
    )
    lexicon = write_lexicon(original + others, lexicon_out, corpora + lexicon_only)
    size = args.out.stat().st_size / 1e6
    print(
        f"wrote {args.out} ({size:.1f} MB) and {lexicon_out} ({len(lexicon)} entries) "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    if args.eval:
        relative, separator = ARMAN_TEST
        print(format_scores(evaluate(args.out, read_conll(args.data / relative, separator), lexicon)))


def write_lexicon(sentences: list[Sentence], out: Path, corpora: list[str]) -> Lexicon:
    """Build the learned entity lexicon of ``sentences`` (from ``corpora``) and write it to ``out``."""
    lexicon = ner_lexicon.build(sentences)
    ner_lexicon.write(lexicon, out, " + ".join(CORPORA[name][0] for name in corpora))
    return lexicon


def lexicon_path(model: Path) -> Path:
    """Where the learned lexicon of ``model`` goes: the package's data folder for the shipped model."""
    if model.resolve() == DEFAULT_OUT.resolve():
        return Path(__file__).resolve().parents[1] / "lang" / "fa" / "ner" / LEXICON_FILE
    return model.with_suffix(".lexicon.txt")


if __name__ == "__main__":
    main()
