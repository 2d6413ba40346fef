"""Entity figures of the fine-tuned encoder: ``python benchmarks/ner_encoder_bench.py MODEL [--write]``.

MODEL is an ``.npz`` written by ``dabir-train ner-encoder`` (for the issue's protocol: ``--corpora arman``, trained
on ArmanPersoNER train fold 1 only). Prints, in one run:

1. its PER/ORG/LOC micro F1 (exact span and label, ``dabir.train.scoring``) on Arman test fold 1 (measured once,
   never tuned on), next to today's ensemble under the same protocol: the fold-1 CRF (``--arman-model``, trained as
   ``dabir-train ner --corpora arman --lexicon-corpora peyma,parstwiner`` does) averaged with the fold-1 network
   (``benchmarks/models/ner_nn_arman_fold1.npz``);
2. its development figures, read from the training log stored in the model (the last share of train fold 1 held
   out by ``--dev-share``);
3. tagging speed on one core (words per CPU second, Arman test fold 1, word lists in, BIO tags out), load time in
   a fresh process (best of 3), model size on disk, and the process's peak memory.
``--write`` puts the section into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ner_bench import FOLD1_NETWORK, RESULTS, _evaluate_ensemble, _lexicon_of  # noqa: E402

from dabir.annotate import ner_encoder  # noqa: E402
from dabir.train import ner  # noqa: E402
from dabir.train.scoring import score  # noqa: E402

SECTION = "## Named entities, pretrained encoder"
#: The ensemble's PER+ORG+LOC micro F1 on the development slices of train fold 1 (``## Named entities``): the
#: figure an encoder must beat on development data before it replaces the ensemble as the default.
ENSEMBLE_DEV = 0.731


def _load_seconds(model: Path) -> float:
    code = (
        "import sys, time; from dabir.annotate import ner_encoder; t = time.process_time(); "
        f"ner_encoder.load(__import__('pathlib').Path({str(model)!r})); print(time.process_time() - t)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return min(
        float(subprocess.check_output([sys.executable, "-c", code], text=True, env=env)) for _ in range(3)
    )


def _row(name: str, result: dict) -> str:
    main = result
    return (
        f"| {name} | {main['micro'].precision:.3f} | {main['micro'].recall:.3f} | **{main['micro'].f1:.3f}** | "
        f"{main['PER'].f1:.3f} | {main['ORG'].f1:.3f} | {main['LOC'].f1:.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="an .npz written by dabir-train ner-encoder")
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA)
    parser.add_argument(
        "--arman-model", type=Path, help="the fold-1 CRF (its lexicon next to it) for the ensemble"
    )
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # one core, as the figure promises
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import numpy as np

    from dabir.annotate import ner_nn

    model = ner_encoder.load(args.model)
    with np.load(args.model) as arrays:
        provenance = json.loads(bytes(arrays["provenance"]).decode())
    test = ner.read_conll(args.data / ner.ARMAN_TEST[0], ner.ARMAN_TEST[1])
    words = [w for w, _ in test]
    gold = [t for _, t in test]
    model.tokenizer.pieces.cache_clear()  # every word cut anew, as in a fresh process
    started = time.process_time()
    predicted = model.tag(words)
    seconds = time.process_time() - started
    n_words = sum(len(w) for w in words)
    encoder = score(gold, predicted, ner.MAIN_LABELS)
    rows = [_row("encoder (this model)", encoder)]
    if args.arman_model:
        fold1 = _evaluate_ensemble(
            args.arman_model, test, _lexicon_of(args.arman_model), ner_nn.load(FOLD1_NETWORK)
        )
        crf = ner.evaluate(args.arman_model, test, _lexicon_of(args.arman_model))
        rows += [_row("CRF + network ensemble, fold 1 (today's default)", fold1["main"])]
        rows += [_row("CRF alone, fold 1", crf["main"])]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = _load_seconds(args.model)
    log = provenance.get("log", [])
    dev = "; ".join(
        f"epoch {e['epoch']}: {e.get('dev_f1', float('nan')):.3f} ({e['seconds']:.0f} s, peak {e['peak_rss_mb']:.0f} MB)"
        for e in log
    )
    lines = [
        SECTION,
        "",
        f"Command: `nice python benchmarks/ner_encoder_bench.py {args.model.name}"
        + (" --arman-model FOLD1.crfsuite" if args.arman_model else "")
        + f"`. Machine: {os.cpu_count()} shared cores (bench pinned to one), Python {platform.python_version()}.",
        "",
        f"Model: {provenance['what']}; {provenance['encoder']}. Trained by `{provenance['command']}` on "
        f"{', '.join(provenance['trained_on'])} (the last {provenance.get('dev_share_held_out', 0):.0%} held out "
        f"as dev), first {provenance.get('frozen_layers', 0)} of 12 layers and the piece embeddings kept as "
        f"pretrained, lr {provenance['lr']}, seed {provenance['seed']}.",
        "",
        f"Development F1 (PER+ORG+LOC micro, held-out share of train fold 1) per epoch: {dev}; "
        f"{sum(e['seconds'] for e in log):,.0f} s of training in all (one torch thread, shared machine).",
        "",
        (
            f"Not the default tagger: its last development figure ({log[-1].get('dev_f1', 0):.3f}) stays below "
            f"the ensemble's on the development slices of train fold 1 ({ENSEMBLE_DEV}, `## Named entities`), so "
            "`dabir.annotate.entities` keeps the CRF + network; the code and the training command ship, the "
            "weights do not."
            if log and log[-1].get("dev_f1", 0) < ENSEMBLE_DEV
            else f"Beats the ensemble's development figure ({ENSEMBLE_DEV}, `## Named entities`)."
        ),
        "",
        "Arman test fold 1, PER+ORG+LOC, exact spans, measured once:",
        "",
        "| tagger | precision | recall | micro F1 | PER | ORG | LOC |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Speed, one core, CPU time: **{n_words / seconds:,.0f} words/s** (word lists in, tags out; the piece "
        f"cache starts empty). Load in a fresh process (best of 3): **{load:.2f} s**. Size on disk: "
        f"**{args.model.stat().st_size / 1e6:.1f} MB** (float16, {len(model.tokenizer.piece_id):,} pieces). "
        f"Peak memory of this benchmark process: {peak:.0f} MB.",
        "",
    ]
    section = "\n".join(lines)
    if args.write:
        _write_section_named(section)
    print(section)


def _write_section_named(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    start = text.find(SECTION + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[following + 1 :] if following != -1 else "")
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
