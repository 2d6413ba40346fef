"""Named-entity figures for benchmarks/RESULTS.md: ``python benchmarks/ner_bench.py [--data DIR] [--write]``.

1. Trains the CRF on ArmanPersoNER train fold 1 only (exactly as ``dabir-train ner --corpora arman
   --lexicon-corpora peyma,parstwiner`` does, fixed seed) unless ``--arman-model`` names one already trained that
   way (its lexicon next to it), and scores it on test fold 1: entity-level precision/recall/F1 (exact span and
   label, seqeval's default), per label and micro. Then once more with the lexicon from fold 1 alone.
2. Scores the shipped model (``dabir/artifacts/ner_fa.crfsuite``) on Arman test fold 1 and the PEYMA and
   ParsTwiNER test splits (measuring only; no split named test is ever trained on).
3. Scores the ensemble (``dabir.annotate.ner_nn``: the CRF's and the BiLSTM-CRF network's per-token marginals
   averaged) the same ways: fold-1 CRF + the shipped network (trained on Arman train fold 1 only by
   ``dabir-train ner-nn``) on test fold 1, and the shipped CRF + network on the three test splits.
4. Measures tagging speed on one core (features + CRF, tokens per CPU second; whole ``find_entities`` with the
   ensemble and with the CRF alone) and the models' load time.
Prints the ``## Named entities`` section; ``--write`` puts it into RESULTS.md. ``--arman-model`` and
``--strict-model`` take fold-1 CRFs already trained as step 1 would (their lexicons next to them).
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


def _comparison(crf: dict, ensemble: dict) -> list[str]:
    rows = []
    for group, micro_name in (("main", "PER+ORG+LOC micro"), ("all", "all six labels, micro")):
        for label, value in ensemble[group].items():
            if group == "all" and label in ner.MAIN_LABELS:
                continue
            name = micro_name if label == "micro" else label
            rows.append(
                f"| {name} | {crf[group][label].f1:.3f} | {value.precision:.3f} | {value.recall:.3f} "
                f"| **{value.f1:.3f}** | {value.gold} |"
            )
    return rows


def _load_seconds() -> tuple[float, float, float]:
    """CPU seconds (import of dabir.annotate.entities with its dependencies, opening the CRF, loading the
    network), best of 3."""
    code = (
        "import time; t = time.process_time(); from dabir.annotate.entities import tagger; "
        "from dabir.annotate import ner_nn; "
        "u = time.process_time(); tagger(); v = time.process_time(); ner_nn.network(); "
        "print(u - t, v - u, time.process_time() - v)"
    )
    runs = [subprocess.check_output([sys.executable, "-c", code], text=True).split() for _ in range(3)]
    return tuple(min(float(run[i]) for run in runs) for i in range(3))  # type: ignore[return-value]


@contextlib.contextmanager
def _network(used: bool):
    """The shipped network in use, or set aside as when its artifact is missing (the CRF then tags alone)."""
    from dabir.annotate import ner_nn

    shipped = ner_nn.network()
    ner_nn._cache[ner_nn.MODEL_NAME] = shipped if used else None
    try:
        yield
    finally:
        ner_nn._cache[ner_nn.MODEL_NAME] = shipped


def _speed(sentences: list) -> float:
    """Features + CRF alone, one sentence at a time (the network's artifact set aside), best of 2."""
    from dabir.annotate.entities import tag_words

    tag_words(["گرم"])  # load outside the timing
    best = 0.0
    with _network(used=False):
        for _ in range(2):
            started = time.process_time()
            tokens = sum(len(tag_words(words)) for words, _ in sentences)
            best = max(best, tokens / (time.process_time() - started))
    return best


def _pipeline_speed(sentences: list, ensemble: bool = True) -> float:
    """find_entities on plain text (tokenising, sentence split, titles, canonical names included), best of 2;
    with the ensemble, or with the CRF alone (as when the network's artifact is missing)."""
    from dabir.annotate.entities import find_entities

    text = "\n".join(" ".join(words) for words, _ in sentences)
    tokens = sum(len(words) for words, _ in sentences)
    best = 0.0
    with _network(used=ensemble):
        for _ in range(2):
            started = time.process_time()
            find_entities(text)
            best = max(best, tokens / (time.process_time() - started))
    return best


def _evaluate_ensemble(model: Path, sentences: list, lexicon: dict | None = None) -> dict:
    """Entity scores of CRF ``model`` averaged with the shipped network, as ``ner.evaluate`` gives the CRF's.

    ``lexicon`` is the learned lexicon of the CRF (default: the shipped one); sentences are tagged 100 at a
    time, like the sentences of a long article."""
    import pycrfsuite

    from dabir.annotate import ner_nn
    from dabir.annotate.ner_features import sentence_features
    from dabir.train.scoring import score

    network = ner_nn.network()
    if network is None:
        raise SystemExit("no dabir/artifacts/ner_nn.npz: run dabir-train ner-nn first")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    gold, predicted = [], []
    for k in range(0, len(sentences), 100):
        chunk = [words for words, _ in sentences[k : k + 100]]
        features = [sentence_features(words, lexicon) for words in chunk]
        predicted += ner_nn.ensemble_tags(tagger, network, chunk, features)
        gold += [tags for _, tags in sentences[k : k + 100]]
    labels = sorted({tag[2:] for tags in gold for tag in tags if tag != "O"})
    return {"main": score(gold, predicted, ner.MAIN_LABELS), "all": score(gold, predicted, labels)}


def _lexicon_of(model: Path) -> dict:
    lexicon = ner.lexicon_path(model)
    return ner_lexicon.read(lexicon) if lexicon.exists() else {}


def _evaluate_fold1(model: Path, test: list) -> dict:
    return ner.evaluate(model, test, _lexicon_of(model))


def _train_fold1(data: Path, lexicon_corpora: str) -> tuple[Path, float]:
    """Train on Arman train fold 1 only (``lexicon_corpora``' entities join the lexicon)."""
    model = Path(tempfile.mkdtemp()) / "arman_fold1.crfsuite"
    started = time.perf_counter()
    ner.main(
        ["--data", str(data), "--corpora", "arman", "--lexicon-corpora", lexicon_corpora, "--out", str(model)]
    )
    return model, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA)
    parser.add_argument("--arman-model", type=Path, help="a model trained on Arman train fold 1 only")
    parser.add_argument(
        "--strict-model", type=Path, help="the same, its lexicon from Arman train fold 1 alone"
    )
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # one core, as the figure promises
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    arman_test = ner.read_conll(args.data / TESTS["Arman test fold 1"][0], " ")
    train_seconds = None
    if args.arman_model:
        fold1_model = args.arman_model
    else:
        fold1_model, train_seconds = _train_fold1(args.data, LEXICON_CORPORA)
    fold1 = _evaluate_fold1(fold1_model, arman_test)
    fold1_ensemble = _evaluate_ensemble(fold1_model, arman_test, _lexicon_of(fold1_model))
    strict_model = args.strict_model or (None if args.arman_model else _train_fold1(args.data, "")[0])
    strict = _evaluate_fold1(strict_model, arman_test) if strict_model else None
    shipped = ner.DEFAULT_OUT
    shipped_scores, ensemble_scores = {}, {}
    for name, (path, sep) in TESTS.items():
        sentences = ner.read_conll(args.data / path, sep)
        shipped_scores[name] = ner.evaluate(shipped, sentences)
        ensemble_scores[name] = _evaluate_ensemble(shipped, sentences)
    speed = _speed(arman_test)
    pipeline_speed = _pipeline_speed(arman_test)
    crf_pipeline_speed = _pipeline_speed(arman_test, ensemble=False)
    load_import, load_open, load_network = _load_seconds()
    network_file = shipped.parent / "ner_nn.npz"

    lines = [
        SECTION,
        "",
        f"Command: `nice python benchmarks/ner_bench.py --write` (trains the fold-1 model as `dabir-train ner --corpora arman "
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
        "### Ensemble: the CRF averaged with a BiLSTM-CRF network (what dabir ships)",
        "",
        "`dabir.annotate.ner_nn`: per token, the mean of the CRF's tag marginals (crfsuite) and those of a "
        "char-CNN + word-BiLSTM + CRF-layer network (`dabir-train ner-nn`: trained on Arman train fold 1 only, "
        "the CRF's lexicon and gazetteer features as inputs, word2vec initialised on allowed text, early stopping "
        "on a fixed 7% of train fold 1; run in numpy, torch is needed only to train), decoded with BIO-constrained "
        "Viterbi on the log of the mean. Chosen on the development slices (below): CRF 0.709, network 0.721, "
        "average 0.731. Here the fold-1 CRF above with the shipped network, on Arman test fold 1, measured once:",
        "",
        "| label | CRF alone F1 | ensemble precision | ensemble recall | ensemble F1 | gold entities |",
        "|---|---|---|---|---|---|",
        *_comparison(fold1, fold1_ensemble),
        "",
        "The issue's goal (0.85 micro over PER/ORG/LOC) is not reached: the shipped ensemble scores 0.799, the CRF alone 0.773 (0.752 before the word classes and the learned lexicon). A BiLSTM-CRF trained from scratch scores like the published BiLSTM-CRF (0.721 on the development slices, CRF 0.709), and averaging the two gains 2.6 points; the figures near or above 0.85 in the literature come from pretrained encoders (mBERT, ParsBERT), which cannot be fetched here, and the allowed unlabelled Persian text (about 0.7 M tokens) is far too small to pretrain one.",
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
        for suffix, scores in (("CRF alone", result), ("ensemble (shipped)", ensemble_scores[name])):
            main_scores = scores["main"]
            lines.append(
                f"| {name}, {suffix} | **{main_scores['micro'].f1:.3f}** | {main_scores['PER'].f1:.3f} | "
                f"{main_scores['ORG'].f1:.3f} | {main_scores['LOC'].f1:.3f} |"
            )
    arman, peyma, twitter = (
        ensemble_scores[name]["main"]["micro"].f1 - shipped_scores[name]["main"]["micro"].f1 for name in TESTS
    )
    lines += [
        "",
        f"The ensemble gains {arman * 100:+.1f} points on Arman test fold 1 but changes PEYMA test by "
        f"{peyma * 100:+.1f} and ParsTwiNER test by {twitter * 100:+.1f}: the network learnt Arman train fold 1 "
        "alone (the issue's protocol), while the shipped CRF also learnt the PEYMA and ParsTwiNER train splits, "
        "whose conventions (tweets above all) the network has never seen. The network took 839 s to train "
        "(`dabir-train ner-nn`, one torch thread, stopped after 15 epochs; a second run wrote a byte-identical file).",
        "",
        "Speed and load are CPU time of the one process (the shared machine's wall clock is not a fair "
        "clock while other jobs run). "
        f"Speed on one core, Arman test fold 1: features + CRF **{speed:,.0f} tokens/s**; whole "
        f"`find_entities` on the same text as plain lines (tokens, titles, canonical names) with the ensemble "
        f"**{pipeline_speed:,.0f} tokens/s** (CRF alone: {crf_pipeline_speed:,.0f} tokens/s). "
        f"Model load in a fresh process (best of 3): opening the CRF **{load_open:.3f} s**, loading the network "
        f"**{load_network:.3f} s**, importing `dabir.annotate.entities` with pydantic and the rest of dabir "
        f"{load_import:.2f} s. Model size: CRF {shipped.stat().st_size / 1e6:.1f} MB, network "
        f"{network_file.stat().st_size / 1e6:.1f} MB.",
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
    if args.write:
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
