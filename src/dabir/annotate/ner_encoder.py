"""Entities from a fine-tuned multilingual-e5-small encoder, run in numpy (trained by ``dabir-train ner-encoder``).

The artifact ``dabir/artifacts/ner_encoder.npz`` holds the pruned vocabulary (pieces and unigram scores, XLM-R's
normalisation map), the tag names and the weights in float16; this module cuts each word into pieces
(``dabir.annotate.unigram``), runs the 12 encoder layers on ``<s> pieces </s>`` windows of at most
``MAX_PIECES`` pieces, reads the tag scores at each word's first piece and decodes the best BIO-valid sequence.
torch is never needed here; the file is loaded on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from dabir.annotate.unigram import Unigram

MODEL_NAME = "ner_encoder.npz"
#: Pieces per window, ``<s>`` and ``</s>`` included (the model was fine-tuned on windows this long).
MAX_PIECES = 128
#: Windows per batch of the numpy pass (sorted by length, so a batch pads little).
BATCH = 32
LAYER_PARTS = ("q", "k", "v", "ao", "fi", "fo")

Window = tuple[list[int], list[int]]  # piece ids (no specials), index of each word's first piece


def encode_words(
    tokenizer: Unigram, words: Sequence[str], limit: int = MAX_PIECES - 2
) -> list[tuple[int, int, Window]]:
    """Split a sentence into windows of at most ``limit`` pieces, on word boundaries.

    Returns ``(first_word, end_word, (piece_ids, first_piece_of_each_word))`` per window. A word no piece
    covers is one ``<unk>``; a single word longer than ``limit`` keeps only its first ``limit`` pieces.
    """
    windows: list[tuple[int, int, Window]] = []
    ids: list[int] = []
    starts: list[int] = []
    first = 0
    for index, word in enumerate(words):
        pieces = list(tokenizer.pieces(word)) or [tokenizer.unk]
        pieces = pieces[:limit]
        if ids and len(ids) + len(pieces) > limit:
            windows.append((first, index, (ids, starts)))
            ids, starts, first = [], [], index
        starts.append(len(ids))
        ids.extend(pieces)
    if starts:
        windows.append((first, len(words), (ids, starts)))
    return windows


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form (as the torch side computes it), written as ``x * sigmoid(2z)``: one exp instead of
    a tanh, ten times faster in numpy. Within 5e-4 of BERT's exact erf form (an erf in numpy costs more than the
    matrix products). Writes into a scratch array, not into ``x``."""
    z = x * x
    z *= -2 * 0.7978845608028654 * 0.044715
    z -= 2 * 0.7978845608028654
    z *= x
    with np.errstate(over="ignore"):  # exp(+large) = inf gives x / inf = 0, the right limit
        np.exp(z, out=z)
    z += 1.0
    return np.divide(x, z, out=z)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


class EncoderTagger:
    """The exported model: ``tag(sentences)`` gives BIO tags per word; ``scores`` the tag scores."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.tags = bytes(arrays["tags"]).decode().split("\n")
        pieces = bytes(arrays["pieces"]).decode().split("\n")
        codes = arrays["norm_codes"]
        outputs = bytes(arrays["norm_out"]).decode().split("\n")
        self.tokenizer = Unigram(
            pieces, arrays["scores"], dict(zip(codes.tolist(), outputs, strict=True)), int(arrays["unk"])
        )
        self.bos, self.eos = int(arrays["bos"]), int(arrays["eos"])
        self.eps = float(arrays["eps"])
        self.heads = int(arrays["heads"])
        self.layers = int(arrays["layers"])
        self.w = {name: arrays[name].astype(np.float32) for name in arrays if "." in name}
        for index in range(self.layers):
            # Q, K, V in one product; weights transposed once so every product is x @ W.
            self.w[f"l{index}.qkv.w"] = np.concatenate(
                [self.w.pop(f"l{index}.{p}.w") for p in ("q", "k", "v")]
            ).T.copy()
            self.w[f"l{index}.qkv.b"] = np.concatenate(
                [self.w.pop(f"l{index}.{p}.b") for p in ("q", "k", "v")]
            )
            for part in ("ao", "fi", "fo"):
                self.w[f"l{index}.{part}.w"] = self.w[f"l{index}.{part}.w"].T.copy()
        self.w["head.w"] = self.w["head.w"].T.copy()
        allowed = np.array(
            [[not (t.startswith("I-") and f[2:] != t[2:]) for t in self.tags] for f in self.tags]
        )
        self.bio_trans = np.where(allowed, 0.0, -1e9)
        self.bio_start = np.array([0.0 if not t.startswith("I-") else -1e9 for t in self.tags])

    def forward(self, batch: Sequence[list[int]]) -> np.ndarray:
        """Tag scores (windows x longest+2 x tags) of piece-id windows, each wrapped in ``<s> … </s>``."""
        w = self.w
        length = max(len(ids) for ids in batch) + 2
        ids = np.full((len(batch), length), self.eos, dtype=np.int64)
        lengths = np.array([len(window) + 2 for window in batch])
        for row, window in enumerate(batch):
            ids[row, 0] = self.bos
            ids[row, 1 : len(window) + 1] = window
        x = w["emb.word"][ids] + w["emb.pos"][:length][None] + w["emb.type"][: w["emb.ln.w"].shape[0]]
        x = _layer_norm(x, w["emb.ln.w"], w["emb.ln.b"], self.eps)
        size, hidden = len(batch), x.shape[-1]
        head = hidden // self.heads
        mask = np.where(np.arange(length)[None, :] < lengths[:, None], 0.0, -1e9).astype(np.float32)
        mask = mask[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        for index in range(self.layers):
            p = f"l{index}."
            qkv = x @ w[p + "qkv.w"]
            qkv += w[p + "qkv.b"]
            qkv = qkv.reshape(size, length, 3, self.heads, head)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3) * scale
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            attention = q @ k
            attention += mask
            attention -= attention.max(axis=-1, keepdims=True)
            np.exp(attention, out=attention)
            attention /= attention.sum(axis=-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(size, length, hidden)
            x = _layer_norm(
                x + context @ w[p + "ao.w"] + w[p + "ao.b"], w[p + "aln.w"], w[p + "aln.b"], self.eps
            )
            middle = _gelu(x @ w[p + "fi.w"] + w[p + "fi.b"])
            x = _layer_norm(
                x + middle @ w[p + "fo.w"] + w[p + "fo.b"], w[p + "oln.w"], w[p + "oln.b"], self.eps
            )
        return x @ w["head.w"] + w["head.b"]

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence, (words x tags) scores read at each word's first piece."""
        jobs: list[tuple[int, int, Window]] = []
        owners: list[int] = []
        for number, words in enumerate(sentences):
            for window in encode_words(self.tokenizer, words):
                jobs.append(window)
                owners.append(number)
        result = [np.zeros((len(words), len(self.tags)), dtype=np.float32) for words in sentences]
        order = sorted(range(len(jobs)), key=lambda i: len(jobs[i][2][0]))
        for k in range(0, len(order), BATCH):
            chunk = order[k : k + BATCH]
            out = self.forward([jobs[i][2][0] for i in chunk])
            for row, i in enumerate(chunk):
                first, end, (_, starts) = jobs[i]
                result[owners[i]][first:end] = out[row, np.array(starts) + 1]
        return result

    def decode(self, scores: np.ndarray) -> list[str]:
        """The best BIO-valid tag sequence under per-word log-probabilities (Viterbi)."""
        if not len(scores):
            return []
        logp = scores - scores.max(axis=1, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
        a = self.bio_start + logp[0]
        back = []
        for t in range(1, len(logp)):
            candidates = a[:, None] + self.bio_trans
            back.append(candidates.argmax(axis=0))
            a = candidates.max(axis=0) + logp[t]
        path = [int(a.argmax())]
        for pointers in reversed(back):
            path.append(int(pointers[path[-1]]))
        return [self.tags[i] for i in reversed(path)]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of each sentence's words."""
        return [self.decode(s) for s in self.scores(sentences)]


_lock = threading.Lock()
_cache: dict[str, EncoderTagger | None] = {}


def model() -> EncoderTagger | None:
    """The shipped encoder tagger, loaded on first use and kept; ``None`` when the artifact is not there."""
    if MODEL_NAME not in _cache:
        with _lock:
            if MODEL_NAME not in _cache:
                source = resources.files("dabir").joinpath("artifacts", MODEL_NAME)
                loaded = None
                if source.is_file():
                    with resources.as_file(source) as path:
                        loaded = load(path)
                _cache[MODEL_NAME] = loaded
    return _cache[MODEL_NAME]


def load(path: Path) -> EncoderTagger:
    """An encoder tagger from its ``.npz`` file (the shipped one, or another ``dabir-train ner-encoder`` wrote)."""
    with np.load(path) as arrays:
        return EncoderTagger(dict(arrays))
