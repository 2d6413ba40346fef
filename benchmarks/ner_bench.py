"""Named-entity figures for benchmarks/RESULTS.md: ``python benchmarks/ner_bench.py [--data DIR] [--arman-model PATH]``.

1. Trains the CRF on ArmanPersoNER train fold 1 only (exactly as ``dabir-train ner --corpora arman
   --lexicon-corpora peyma,parstwiner`` does, fixed seed) unless ``--arman-model`` names one already trained that
   way (its lexicon next to it), and scores it on test fold 1: entity-level precision/recall/F1 (exact span and
   label, seqeval's default), per label and micro. Then once more with the lexicon from fold 1 alone.
2. Scores the shipped model (``dabir/artifacts/ner_fa.crfsuite``) on Arman test fold 1 and the PEYMA and
   ParsTwiNER test splits (measuring only; no split named test is ever trained on).
3. Measures tagging speed on one core (features + CRF, tokens per CPU second) and the model's load time.
Writes the ``## Named entities`` section of RESULTS.md and prints it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dabir.train import ner, ner_lexicon  # noqa: E402
from dabir.train.scoring import Score  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Named entities"
#: Train corpora whose gold entities join the fold-1 model's learned lexicon (a gazetteer; never trained on).
LEXICON_CORPORA = "peyma,parstwiner"
DEV_NOTES = [
    "### Feature choices on development slices of train fold 1 (not on test)",
    "",
    "Command: `nice python benchmarks/ner_dev_tune.py --slices both [--lexicon-corpora peyma,parstwiner] "
    "0.05:0.01:100` with the feature group in question switched on in `dabir.annotate.ner_features` (the groups "
    "that did not help were removed again; the table is the record). Two development slices, the first and the "
    "last 15% of Arman train fold 1 (769 sentences each), each scored with a CRF trained on the other 85% "
    "(jackknifed lexicon features, 30% spaced copies); the two slices pooled. c1 0.05, c2 0.01, 100 iterations.",
    "",
    "| features | dev PER+ORG+LOC micro F1 | PER | ORG | LOC |",
    "|---|---|---|---|---|",
    "| features before this pass | 0.679 | 0.758 | 0.613 | 0.694 |",
    "| + word2vec classes, k = 64 and 512, words seen 3+ times | 0.696 | 0.802 | 0.621 | 0.693 |",
    "| + word2vec classes, k = 32, 128, 512, 1024 instead | 0.687 | 0.798 | 0.616 | 0.675 |",
    "| + word2vec classes (64, 512), words seen 2+ times | 0.701 | 0.804 | 0.648 | 0.673 |",
    "| + classes + learned lexicon from the Arman part only (B/I span match, word places) | 0.693 | 0.794 | 0.624 | 0.687 |",
    "| + classes + words at ±3, neighbour bigrams | 0.690 | 0.799 | 0.612 | 0.687 |",
    "| + classes + trigger words (hand list: «شهر», «سازمان», «آقای» …) | 0.691 | 0.799 | 0.619 | 0.683 |",
    "| + classes + hazm words.dat frequency bins | 0.696 | 0.811 | 0.618 | 0.687 |",
    "| + classes + class bigrams of neighbours | 0.697 | 0.800 | 0.623 | 0.696 |",
    "| **+ classes + learned lexicon from the Arman part + PEYMA and ParsTwiNER train entities (chosen)** "
    "| **0.709** | 0.824 | 0.630 | 0.703 |",
    "",
    "Earlier single-slice runs (last 15% only): before 0.621, learned lexicon 0.630, lexicon + word places 0.637, "
    "classes 0.647, classes + lexicon + word places 0.643, ±3 words 0.631. Differences under about one point "
    "are noise on 1,538 sentences; only the word classes and the lexicon with the other corpora's entities clear "
    "that. The existing gazetteers already matched multi-word entries as B/I spans (idea 2 of the issue). The "
    "cluster text (UD dev + the three train splits, about 0.7 M tokens) is small; more allowed text would help.",
    "",
    "### Third pass: tried on the same development slices, none kept",
    "",
    "Same protocol and command (`--lexicon-corpora peyma,parstwiner`, both slices pooled), shipped features; "
    "`--clusters FILE` swaps the word-class file, `--dump FILE` writes the dev predictions for error analysis. "
    "The class variants are compared with word2vec classes rebuilt *without* the two dev slices' text, so that, "
    "as on test, some dev words are unseen by the class text. Nothing cleared the noise (about 0.8 points), so "
    "the shipped model, its features and its settings are unchanged.",
    "",
    "| change | dev PER+ORG+LOC micro F1 | PER | ORG | LOC |",
    "|---|---|---|---|---|",
    "| shipped features, c1 0.05, c2 0.01, 100 iterations (rerun, reproduces the chosen row) | **0.709** "
    "| 0.824 | 0.630 | 0.703 |",
    "| 250 L-BFGS iterations | 0.701 | 0.811 | 0.626 | 0.694 |",
    "| c1 0.1, c2 0.01, 100 iterations | 0.705 | 0.820 | 0.631 | 0.693 |",
    "| c1 0.02, c2 0.02, 100 iterations | 0.709 | 0.819 | 0.632 | 0.704 |",
    "| word2vec classes from the class text without the dev slices (reference for the next two rows) | 0.705 "
    "| 0.817 | 0.621 | 0.707 |",
    "| FastText classes instead (gensim, subwords 3-5, one worker, fixed seed; k-means 64/512 fitted on words "
    "seen 3+ times, assigned to every word of the text and of the hazm and shekar word lists: 220 k words, "
    "4.2 MB, 0.7 s to parse) | 0.700 | 0.814 | 0.624 | 0.690 |",
    "| word2vec classes, and a word without one takes the classes of its FastText nearest neighbour among "
    "the words with one | 0.707 | 0.821 | 0.620 | 0.711 |",
    "| two-stage label consistency (Krishnan & Manning 2006): second CRF with, per token, the majority "
    "first-pass label of the same word elsewhere in its window of 20 sentences (and the majority entity "
    "label); first pass jackknifed over two halves of the windows | 0.708 | 0.828 | 0.629 | 0.697 |",
    "| the same, plus the token's own first-pass tag | 0.714 | 0.833 | 0.633 | 0.704 |",
    "",
    "Two-stage with the token's own tag gains 0.5 points, under the noise, for three CRF trainings instead "
    "of one, two models and a second tagging pass; not shipped. Dev ORG errors (shipped features, 699 gold "
    "ORG, 433 found): 91 missed, 84 tagged LOC (mostly country names: Arman train fold 1 tags «ایران» B-org "
    "108 times and B-loc 209 times, the state as an actor), 77 with the wrong span (long names like "
    "«امور اکتشاف شرکت ملی نفت», «تیم X» with or without «تیم»: 163 with, 6 without), 73 spurious (nationality "
    "adjectives: «ایرانی» is B-org 32 times and O 26 times). These are annotation conventions the features "
    "cannot settle; no ORG-specific feature was tried beyond the rows above.",
    "",
    "### CRF hyper-parameters tuned on a development split (earlier pass, features before this pass)",
    "",
    "Command: `nice python benchmarks/ner_dev_tune.py C1:C2:ITER ...` on the last 15% slice only.",
    "",
    "| c1 | c2 | max iterations | dev PER+ORG+LOC micro F1 | PER | ORG | LOC |",
    "|---|---|---|---|---|---|---|",
    "| 0.05 | 0.01 | 100 (shipped defaults) | 0.621 | 0.743 | 0.561 | 0.582 |",
    "| 0.05 | 0.01 | 250 | 0.627 | 0.735 | 0.577 | 0.586 |",
    "| 0.02 | 0.02 | 250 | 0.628 | 0.732 | 0.582 | 0.588 |",
    "| 0.2 | 0.005 | 250 | **0.633** | 0.746 | 0.585 | 0.586 |",
    "",
    "Test fold 1 for those settings, measured once each after the choice: defaults 0.752, (0.02, 0.02, 250) "
    "0.757, (0.2, 0.005, 250; dev best) 0.740. About one point is within the noise, so the defaults stayed.",
]
TESTS = {
    "Arman test fold 1": ("ner/arman/test_fold1.txt", " "),
    "PEYMA test": ("ner/peyma/test.txt", "|"),
    "ParsTwiNER test": ("ner/parstwiner/test.txt", "\t"),
}


def _row(name: str, value: Score) -> str:
    return f"| {name} | {value.precision:.3f} | {value.recall:.3f} | **{value.f1:.3f}** | {value.gold} |"


def _table(result: dict) -> list[str]:
    lines = ["| label | precision | recall | F1 | gold entities |", "|---|---|---|---|---|"]
    for label, value in result["main"].items():
        lines.append(_row("PER+ORG+LOC micro" if label == "micro" else label, value))
    for label, value in result["all"].items():
        if label not in ner.MAIN_LABELS:
            lines.append(_row("all six labels, micro" if label == "micro" else label, value))
    return lines


def _load_seconds() -> tuple[float, float]:
    """CPU seconds (import of dabir.annotate.entities with its dependencies, opening the model), best of 3."""
    code = (
        "import time; t = time.process_time(); from dabir.annotate.entities import tagger; "
        "u = time.process_time(); tagger(); print(u - t, time.process_time() - u)"
    )
    runs = [subprocess.check_output([sys.executable, "-c", code], text=True).split() for _ in range(3)]
    return min(float(run[0]) for run in runs), min(float(run[1]) for run in runs)


def _speed(sentences: list) -> float:
    from dabir.annotate.entities import tag_words

    tag_words(["گرم"])  # load outside the timing
    best = 0.0
    for _ in range(2):
        started = time.process_time()
        tokens = sum(len(tag_words(words)) for words, _ in sentences)
        best = max(best, tokens / (time.process_time() - started))
    return best


def _pipeline_speed(sentences: list) -> float:
    """find_entities on plain text (tokenising, sentence split, titles, canonical names included)."""
    from dabir.annotate.entities import find_entities

    text = "\n".join(" ".join(words) for words, _ in sentences)
    tokens = sum(len(words) for words, _ in sentences)
    started = time.process_time()
    find_entities(text)
    return tokens / (time.process_time() - started)


def _evaluate_fold1(model: Path, test: list) -> dict:
    lexicon = ner.lexicon_path(model)
    return ner.evaluate(model, test, ner_lexicon.read(lexicon) if lexicon.exists() else {})


def _train_fold1(data: Path, test: list, lexicon_corpora: str) -> tuple[dict, float]:
    """Train on Arman train fold 1 only (``lexicon_corpora``' entities join the lexicon), score on test fold 1."""
    model = Path(tempfile.mkdtemp()) / "arman_fold1.crfsuite"
    started = time.perf_counter()
    ner.main(
        ["--data", str(data), "--corpora", "arman", "--lexicon-corpora", lexicon_corpora, "--out", str(model)]
    )
    return _evaluate_fold1(model, test), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA)
    parser.add_argument("--arman-model", type=Path, help="a model trained on Arman train fold 1 only")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # one core, as the figure promises
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    arman_test = ner.read_conll(args.data / TESTS["Arman test fold 1"][0], " ")
    if args.arman_model:
        fold1, train_seconds = _evaluate_fold1(args.arman_model, arman_test), None
        strict = None
    else:
        fold1, train_seconds = _train_fold1(args.data, arman_test, LEXICON_CORPORA)
        strict, _ = _train_fold1(args.data, arman_test, "")
    shipped = ner.DEFAULT_OUT
    shipped_scores = {
        name: ner.evaluate(shipped, ner.read_conll(args.data / path, sep))
        for name, (path, sep) in TESTS.items()
    }
    speed = _speed(arman_test)
    pipeline_speed = _pipeline_speed(arman_test)
    load_import, load_open = _load_seconds()

    lines = [
        SECTION,
        "",
        f"Command: `nice python benchmarks/ner_bench.py` (trains the fold-1 model as `dabir-train ner --corpora arman "
        f"--lexicon-corpora {LEXICON_CORPORA}` does, seed {ner.SEED}). Machine: "
        f"{os.cpu_count()} cores (bench pinned to one), Python {platform.python_version()}, python-crfsuite "
        f"{metadata.version('python-crfsuite')}.",
        "",
        "### ArmanPersoNER, trained on train fold 1 only, scored on test fold 1",
        "",
        "Entity level, exact span and label (seqeval's default scheme, own implementation in "
        "`dabir.train.scoring`)." + (f" Training took {train_seconds:.0f} s." if train_seconds else ""),
        "",
        *_table(fold1),
        "",
        "Features: word, affixes, shape, ZWNJ parts, gazetteers, two words either side, word2vec classes of the word "
        "and its neighbours (`lang/fa/ner/word_clusters.txt`), and matches of the learned entity lexicon "
        "(jackknifed on the training sentences). The fold-1 model's lexicon holds the gold entities of Arman train "
        "fold 1 *and* of the PEYMA and ParsTwiNER train splits, used as a gazetteer only: the CRF is trained on "
        "Arman train fold 1 alone and no test split is read. With the lexicon from Arman train fold 1 alone "
        '(strict reading of "trained on train fold 1 only"): '
        + (
            f"PER+ORG+LOC micro F1 **{strict['main']['micro'].f1:.3f}** (PER {strict['main']['PER'].f1:.3f}, "
            f"ORG {strict['main']['ORG'].f1:.3f}, LOC {strict['main']['LOC'].f1:.3f})."
            if strict
            else "not measured in this run."
        ),
        "",
        "The issue's goal (0.85 micro over PER/ORG/LOC) is not reached (0.752 before the word classes and the learned lexicon, PER 0.832, ORG 0.699, LOC 0.744): a feature CRF without pretrained word representations sits near the published BiLSTM-CRF figure; closing the gap needs a pretrained encoder, which cannot be fetched on this machine.",
        "",
        *DEV_NOTES,
        "",
        "### Shipped model (`dabir/artifacts/ner_fa.crfsuite`) on held-out test splits",
        "",
        "Built by `dabir-train ner`: Arman train fold 1 + PEYMA train + ParsTwiNER train (tags mapped to PER/ORG/LOC/FAC/EVENT/PRO, PEYMA's spaced tokens given dabir's half-spaces, 30% spaced-ZWNJ copies; learned lexicon from the same three, written to `lang/fa/ner/learned_entities.txt`). PEYMA and ParsTwiNER have no FAC/PRO, so the shipped model finds fewer of those than the fold-1 model.",
        "",
        "| test set | PER+ORG+LOC micro F1 | PER | ORG | LOC |",
        "|---|---|---|---|---|",
    ]
    for name, result in shipped_scores.items():
        main_scores = result["main"]
        lines.append(
            f"| {name} | **{main_scores['micro'].f1:.3f}** | {main_scores['PER'].f1:.3f} | "
            f"{main_scores['ORG'].f1:.3f} | {main_scores['LOC'].f1:.3f} |"
        )
    lines += [
        "",
        "Speed and load are CPU time of the one process (the shared machine's wall clock is not a fair "
        "clock while other jobs run). "
        f"Speed on one core, Arman test fold 1: features + CRF **{speed:,.0f} tokens/s**; whole "
        f"`find_entities` on the same text as plain lines (tokens, titles, canonical names) "
        f"**{pipeline_speed:,.0f} tokens/s**. "
        f"Model load in a fresh process (best of 3): opening the model **{load_open:.3f} s**, importing "
        f"`dabir.annotate.entities` with pydantic and the rest of dabir {load_import:.2f} s. "
        f"Model size: {shipped.stat().st_size / 1e6:.1f} MB.",
        "",
        "Published F1 on ArmanPersoNER, as tabulated in the ParsBERT NER model card (hooshvare/parsbert-ner "
        "README): ParsBERT v2 99.84, ParsBERT v1 98.79, mBERT 95.89, MorphoBERT 89.9, Beheshti-NER 84.03, "
        "LSTM-CRF 86.55, BiLSTM-CRF 77.45. Caveat: those runs use other protocols (their own train/test split or "
        "the average of the three overlapping folds, and the BERT figures are widely read as token-level), so "
        "they are not directly comparable with fold 1 scored on exact entity spans. The fair comparison for a "
        "feature CRF is the BiLSTM-CRF and LSTM-CRF rows. No hazm/DadmaTools baseline: their NER models are "
        "downloaded at run time, which this machine cannot do.",
        "",
    ]
    section = "\n".join(lines)
    _write_section(section)
    print(section)


def _write_section(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(SECTION + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[following + 1 :] if following != -1 else "")
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
