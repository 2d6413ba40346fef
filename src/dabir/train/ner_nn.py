"""Train the network half of dabir's entity tagger: ``dabir-train ner-nn`` (needs the ``train-nn`` extra: torch).

A char-CNN + word-BiLSTM + CRF-layer network (Lample et al. 2016) trained on the same corpora as the shipped CRF
(``--corpora``, default ArmanPersoNER train fold 1 + PEYMA train + ParsTwiNER train, tags mapped by
``dabir.train.ner``), with the CRF's inputs: the same 30% spaced-ZWNJ copies and the same learned-lexicon features,
jackknifed over all training sentences (the gold entities of the corpora left out of ``--corpora`` join the lexicon
only, as ``dabir-train ner --lexicon-corpora`` does), and the gazetteer features. Word vectors are initialised from
word2vec trained on allowed text only (Arman train fold 1, PEYMA and ParsTwiNER train splits, UD dev; no test file,
no news crawl), whatever ``--corpora`` says. Early stopping looks at a fixed 7% of the training sentences, never at
a dev or test file. Seeds are fixed and torch runs on one thread, so one command gives the same weights.
``--corpora arman`` gives the network of the issue's fold-1 protocol (kept as
``benchmarks/models/ner_nn_arman_fold1.npz``): averaging its per-token marginals with the CRF's beat either alone
on development slices of train fold 1 (benchmarks/RESULTS.md), hence the ensemble in ``dabir.annotate.entities``;
trained on Arman alone, it made the ensemble worse than the CRF on PEYMA and ParsTwiNER, hence the default.

The weights and vocabularies go to ``dabir/artifacts/ner_nn.npz``; dabir runs them with numpy alone
(``dabir.annotate.ner_nn``), never torch. A few reference sentences with torch's emissions and marginals are
stored with them so a test checks the numpy port.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from dabir.annotate.ner_features import Lexicon, canonical, sentence_features
from dabir.annotate.ner_nn import CHAR_WIDTH, MODEL_NAME, lexicon_inputs, lexicon_names
from dabir.lang.fa.build_clusters import ud_text
from dabir.train import ner, ner_lexicon
from dabir.train.scoring import score

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "artifacts" / MODEL_NAME
SEED = 1
VAL_SEED = 7
VAL_SHARE = 0.07
REFERENCES = 6

Encoded = tuple[list[int], list[list[int]], np.ndarray, list[int]]


class Vocab:
    """Word, character, lexicon-feature and tag indices (0 is padding, 1 unknown for words and chars)."""

    def __init__(self, words: list[str], chars: list[str], lex: list[str], tags: list[str]) -> None:
        self.words, self.chars, self.lex, self.tags = words, chars, lex, tags
        self.word_id = {w: i + 2 for i, w in enumerate(words)}
        self.char_id = {c: i + 2 for i, c in enumerate(chars)}
        self.lex_id = {n: i for i, n in enumerate(lex)}
        self.tag_id = {t: i for i, t in enumerate(tags)}

    def encode(self, words: list[str], tags: list[str], lexicon: Lexicon) -> Encoded:
        wid = [self.word_id.get(canonical(w), 1) for w in words]
        cid = [[self.char_id.get(c, 1) for c in w[:CHAR_WIDTH]] for w in words]
        lx = lexicon_inputs(sentence_features(words, lexicon), self.lex_id)
        return wid, cid, lx, [self.tag_id.get(t, self.tag_id["O"]) for t in tags]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dabir-train ner-nn", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the weights (.npz)")
    parser.add_argument(
        "--corpora",
        default=",".join(ner.CORPORA),
        help="comma-separated train corpora: arman (train fold 1), peyma, parstwiner; the others' entities "
        "join the learned lexicon only",
    )
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--patience", type=int, default=5)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    corpora = [name.strip() for name in args.corpora.split(",") if name.strip()]
    unknown = set(corpora) - set(ner.CORPORA)
    if unknown or not corpora:
        parser.error(f"unknown corpora {sorted(unknown)}" if unknown else "no corpora")
    if not args.data.is_dir():
        parser.error(f"no data folder at {args.data}")
    try:
        import torch
    except ImportError:
        parser.error("needs torch: pip install -e '.[train-nn]'")
    from dabir.train.ner_nn_torch import Net, batchify, export, marginals

    torch.set_num_threads(1)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    started = time.perf_counter()

    sentences = ner.load(args.data, corpora)
    others = ner.load(args.data, [name for name in ner.CORPORA if name not in corpora])
    lexicons = ner_lexicon.jackknife(sentences, others=others)
    rng = random.Random(VAL_SEED)
    val_idx = set(rng.sample(range(len(sentences)), int(VAL_SHARE * len(sentences))))
    pairs = list(zip(sentences, lexicons, strict=True))
    train_pairs = [pair for i, pair in enumerate(pairs) if i not in val_idx]
    val_pairs = [pair for i, pair in enumerate(pairs) if i in val_idx]
    train = ner.augment_with_lexicons([s for s, _ in train_pairs], [lx for _, lx in train_pairs], 0.3)
    print(
        f"{', '.join(corpora)}: train {len(train)} val {len(val_pairs)} ({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )

    from gensim.models import Word2Vec

    allowed = ner.load(args.data, list(ner.CORPORA))  # the same text whatever --corpora says
    text = [[canonical(w) for w in ws] for ws, _ in allowed] + ud_text(args.data)
    w2v = Word2Vec(
        text, vector_size=100, window=5, min_count=2, sg=1, negative=5, epochs=8, workers=1, seed=args.seed
    )
    word_counts = Counter(canonical(w) for (ws, _), _ in train for w in ws)
    char_counts = Counter(c for (ws, _), _ in train for w in ws for c in w)
    vocab = Vocab(
        words=sorted({w for w, n in word_counts.items() if n >= 2} | set(w2v.wv.index_to_key)),
        chars=sorted(c for c, n in char_counts.items() if n >= 2),
        lex=sorted(
            {n for (ws, _), lx in train for tok in lexicon_names(sentence_features(ws, lx)) for n in tok}
        ),
        tags=sorted({t for (_, ts), _ in train for t in ts} | {"O"}),
    )
    print(
        f"w2v {len(w2v.wv)} words; vocab {len(vocab.words)} words, {len(vocab.chars)} chars, "
        f"{len(vocab.lex)} lexicon features, {len(vocab.tags)} tags",
        file=sys.stderr,
    )
    tr = [vocab.encode(ws, ts, lx) for (ws, ts), lx in train]
    va = [vocab.encode(ws, ts, lx) for (ws, ts), lx in val_pairs]
    print(f"encoded ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    model = Net(vocab, args.hidden)
    with torch.no_grad():
        for w, i in vocab.word_id.items():
            if w in w2v.wv:
                model.wemb.weight[i] = torch.from_numpy(w2v.wv[w].copy())

    def val_f1() -> float:
        predicted = []
        for k in range(0, len(va), 64):
            chunk = va[k : k + 64]
            emissions, _ = marginals(model, chunk)
            predicted += [
                [vocab.tags[i] for i in model.viterbi(emissions[b, : len(it[0])])]
                for b, it in enumerate(chunk)
            ]
        gold = [[vocab.tags[i] for i in it[3]] for it in va]
        return score(gold, predicted, ner.MAIN_LABELS)["micro"].f1

    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    best, best_state, bad = -1.0, None, 0
    order = list(range(len(tr)))
    for epoch in range(args.epochs):
        epoch_start = time.perf_counter()
        model.train()
        rng.shuffle(order)
        # length buckets for speed: sort chunks of 50 batches, then shuffle the batches
        batches = []
        for k in range(0, len(order), 32 * 50):
            chunk = sorted(order[k : k + 32 * 50], key=lambda i: len(tr[i][0]))
            batches += [chunk[i : i + 32] for i in range(0, len(chunk), 32)]
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            loss = model.loss(*batchify([tr[i] for i in batch]))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach())
        model.eval()
        f1 = val_f1()
        print(
            f"epoch {epoch} loss {total / len(batches):.3f} val F1 {f1:.4f} "
            f"({time.perf_counter() - epoch_start:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
        if f1 > best:
            best, bad = f1, 0
            best_state = {k: t.clone() for k, t in model.state_dict().items()}
        else:
            bad += 1
            if bad >= args.patience:
                break
    assert best_state is not None
    model.load_state_dict(best_state)
    model.eval()
    references = va[:REFERENCES]
    export(model, vocab, references, args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB), best val F1 {best:.4f}, "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
