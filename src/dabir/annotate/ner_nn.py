"""The network half of the entity tagger, run with numpy alone (trained by ``dabir-train ner-nn``, with torch).

A char-CNN + word-BiLSTM + CRF-layer network; averaging its per-token tag marginals with the feature CRF's and
decoding the average beat either model alone on development slices of the training data (benchmarks/RESULTS.md,
``## Named entities``). dabir does not depend on torch: the weights ship as plain arrays in
``dabir/artifacts/ner_nn.npz`` and this module redoes the forward pass (PyTorch's LSTM gate order i, f, g, o, both
biases summed at export) and the CRF layer's forward-backward in numpy. All sentences of a document go through
the network together, so each step of the recurrence is one matrix product for the whole document.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pycrfsuite

from dabir.annotate.ner_features import canonical, crf_items

MODEL_NAME = "ner_nn.npz"
WORD_DIM = 100
CHAR_DIM = 30
CHAR_FILTERS = 50
#: Characters of a word the char-CNN reads; every word gets this many slots, so its features never depend on
#: the other words batched with it.
CHAR_WIDTH = 20
#: Sentences per network batch (sorted by length, so a batch pads little).
BATCH = 64
_LEX_PREFIXES = ("lw_", "gp_", "g_")
_NOT_ALLOWED = -1e9
#: Weight of the CRF in the average (0.5: the best of 0.3/0.5/0.7 on development slices of train fold 1).
CRF_WEIGHT = 0.5


def lexicon_names(features: Sequence[Mapping[str, str]]) -> list[list[str]]:
    """Per token, the names of its gazetteer and learned-lexicon features (the network's multi-hot inputs)."""
    out = []
    for f in features:
        names = [k for k in f if k.startswith(_LEX_PREFIXES)]
        if "lx" in f:
            names.append("lx=" + f["lx"])
        out.append(names)
    return out


def lexicon_inputs(features: Sequence[Mapping[str, str]], columns: Mapping[str, int]) -> np.ndarray:
    """Multi-hot (words x ``len(columns)``) of the features ``lexicon_names`` reads that have a column; the
    network's trainer and its numpy port both encode with this."""
    lx = np.zeros((len(features), len(columns)), dtype=np.float32)
    names = columns.keys()
    for i, f in enumerate(features):
        for name in names & f.keys():  # the lexicon features' names (columns hold no other feature names)
            lx[i, columns[name]] = 1.0
        column = columns.get("lx=" + f["lx"]) if "lx" in f else None
        if column is not None:
            lx[i, column] = 1.0
    return lx


def allowed_transitions(tags: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """BIO constraints: which tag may follow which (``I-X`` only after ``B-X``/``I-X``), which may start."""
    allowed = np.array([[not (t.startswith("I-") and f[2:] != t[2:]) for t in tags] for f in tags])
    start = np.array([not t.startswith("I-") for t in tags])
    return allowed, start


def _text_list(array: np.ndarray) -> list[str]:
    return bytes(array).decode("utf-8").split("\n")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * np.tanh(0.5 * x) + 0.5


class Network:
    """The exported network: ``marginals(sentences)`` gives each sentence's (words x tags) tag probabilities."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.tags = _text_list(arrays["tags"])
        self.lex = _text_list(arrays["lex"])
        self.word_id = {w: i + 2 for i, w in enumerate(_text_list(arrays["words"]))}
        self.char_id = {c: i + 2 for i, c in enumerate(_text_list(arrays["chars"]))}
        self.lex_id = {n: i for i, n in enumerate(self.lex)}
        self.wemb = arrays["wemb"].astype(np.float32)
        self.cemb = arrays["cemb"].astype(np.float32)
        # conv as one product: the three shifted windows side by side (N, width, 3 * CHAR_DIM) @ (3 * CHAR_DIM, F)
        self.cnn_w = np.concatenate([arrays["cnn_w"][:, :, k].T for k in range(3)]).astype(np.float32)
        self.cnn_b = arrays["cnn_b"].astype(np.float32)
        self.hidden = arrays["w_hh_f"].shape[1]
        h = self.hidden
        # gates reordered i, f, g, o -> i, f, o, g: one sigmoid over the first three blocks
        order = np.r_[0 : 2 * h, 3 * h : 4 * h, 2 * h : 3 * h]
        self.lstm = {
            d: (
                np.ascontiguousarray(arrays[f"w_ih_{d}"][order].T, dtype=np.float32),
                np.ascontiguousarray(arrays[f"w_hh_{d}"][order].T, dtype=np.float32),
                arrays[f"b_{d}"][order].astype(np.float32),
            )
            for d in ("f", "r")
        }
        self.out_w = np.ascontiguousarray(arrays["out_w"].T, dtype=np.float32)
        self.out_b = arrays["out_b"].astype(np.float32)
        self.exp_trans = np.exp(arrays["trans"].astype(np.float64))
        self.exp_start = np.exp(arrays["start"].astype(np.float64))
        self.exp_end = np.exp(arrays["end"].astype(np.float64))
        allowed, start = allowed_transitions(self.tags)
        self.bio_trans = np.where(allowed, 0.0, _NOT_ALLOWED)
        self.bio_start = np.where(start, 0.0, _NOT_ALLOWED)

    def char_features(self, words: Sequence[str]) -> np.ndarray:
        """The char-CNN's (words x CHAR_FILTERS) max-pooled features."""
        cid = np.zeros((len(words), CHAR_WIDTH), dtype=np.int64)
        for i, word in enumerate(words):
            cid[i, : min(len(word), CHAR_WIDTH)] = [self.char_id.get(c, 1) for c in word[:CHAR_WIDTH]]
        return self.char_cnn(cid)

    def char_cnn(self, cid: np.ndarray) -> np.ndarray:
        """Char-CNN features of char ids (words x CHAR_WIDTH, 0 = padding)."""
        padded = np.zeros((len(cid), CHAR_WIDTH + 2), dtype=np.int64)
        padded[:, 1:-1] = cid
        ce = self.cemb[padded]  # words, width + 2, CHAR_DIM
        windows = np.concatenate([ce[:, k : k + CHAR_WIDTH] for k in range(3)], axis=2)
        return np.maximum(windows @ self.cnn_w + self.cnn_b, 0).max(axis=1)

    def _direction(self, gates_in: np.ndarray, active: np.ndarray, name: str) -> np.ndarray:
        """One LSTM direction over (sentences x steps x 4H) inputs, sentences sorted longest first."""
        _, w_hh, _ = self.lstm[name]
        h = self.hidden
        size, length, _ = gates_in.shape
        state = np.zeros((size, h), dtype=np.float32)
        cell = np.zeros((size, h), dtype=np.float32)
        out = np.zeros((size, length, h), dtype=np.float32)
        for t in range(length):
            k = active[t]
            g = gates_in[:k, t] + state[:k] @ w_hh
            s = _sigmoid(g[:, : 3 * h])
            cell[:k] = s[:, h : 2 * h] * cell[:k] + s[:, :h] * np.tanh(g[:, 3 * h :])
            state[:k] = s[:, 2 * h :] * np.tanh(cell[:k])
            out[:k, t] = state[:k]
        return out

    def emissions(self, encoded: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """Per sentence, (words x tags) emission scores from (word ids, char features, lexicon multi-hot), as a
        batch: one matrix product per step of the recurrence for all of them."""
        if not encoded:
            return []
        lengths = np.array([len(item[0]) for item in encoded])
        wid, chars, lex = (np.concatenate(parts) for parts in zip(*encoded, strict=True))
        x = np.concatenate([self.wemb[wid], chars, lex], axis=1)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        order = np.argsort(-lengths, kind="stable")
        sorted_lengths = lengths[order]
        length = int(sorted_lengths[0])
        steps = np.arange(length)
        valid = steps[None, :] < sorted_lengths[:, None]
        active = valid.sum(axis=0)
        pad = len(x)  # index of an all-zero row
        forward = np.where(valid, offsets[order][:, None] + steps[None, :], pad)
        backward = np.where(
            valid, offsets[order][:, None] + sorted_lengths[:, None] - 1 - steps[None, :], pad
        )
        hidden = []
        for name, index in (("f", forward), ("r", backward)):
            w_ih, _, bias = self.lstm[name]
            gates = np.concatenate([x @ w_ih + bias, np.zeros((1, w_ih.shape[1]), np.float32)])
            out = self._direction(gates[index], active, name)
            tokens = np.zeros((len(x), self.hidden), dtype=np.float32)
            tokens[index[valid]] = out[valid]
            hidden.append(tokens)
        scores = np.concatenate(hidden, axis=1) @ self.out_w + self.out_b
        return [scores[o : o + n] for o, n in zip(offsets, lengths, strict=True)]

    def crf_marginals(self, emissions: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Per-token tag marginals of the CRF layer (scaled forward-backward, all sentences together)."""
        if not emissions:
            return []
        lengths = np.array([len(e) for e in emissions])
        order = np.argsort(-lengths, kind="stable")
        size, length, tags = len(order), int(lengths[order[0]]), len(self.tags)
        p = np.ones((size, length, tags))
        for row, index in enumerate(order):
            e = emissions[index].astype(np.float64)
            p[row, : len(e)] = np.exp(e - e.max(axis=1, keepdims=True))
        sorted_lengths = lengths[order]
        active = (np.arange(length)[None, :] < sorted_lengths[:, None]).sum(axis=0)
        alpha = np.zeros((size, length, tags))
        a = self.exp_start * p[:, 0]
        a /= a.sum(axis=1, keepdims=True)
        alpha[:, 0] = a
        for t in range(1, length):
            k = active[t]
            a = (alpha[:k, t - 1] @ self.exp_trans) * p[:k, t]
            alpha[:k, t] = a / a.sum(axis=1, keepdims=True)
        beta = np.zeros((size, length, tags))
        b = np.tile(self.exp_end, (size, 1))
        for t in range(length - 1, -1, -1):
            k = active[t]
            ending = sorted_lengths[:k] == t + 1
            if t + 1 < length:
                nxt = (p[:k, t + 1] * b[:k]) @ self.exp_trans.T
                b[:k] = np.where(ending[:, None], self.exp_end, nxt)
            b[:k] /= b[:k].sum(axis=1, keepdims=True)
            beta[:k, t] = b[:k]
        m = alpha * beta
        m /= np.maximum(m.sum(axis=2, keepdims=True), 1e-300)
        result: list[np.ndarray] = [np.empty(0)] * size
        for row, index in enumerate(order):
            result[index] = m[row, : lengths[index]]
        return result

    def marginals(
        self, sentences: Sequence[Sequence[str]], features: Sequence[Sequence[Mapping[str, str]]]
    ) -> list[np.ndarray]:
        """Tag marginals (words x ``self.tags``) of each sentence, given the CRF's feature dicts of its words.

        Sentences go through the network in batches of similar length (little padding); each distinct word's
        char features are computed once.
        """
        unique: dict[str, int] = {}
        for words in sentences:
            for word in words:
                unique.setdefault(word, len(unique))
        chars = self.char_features(list(unique))
        encoded = []
        for words, f in zip(sentences, features, strict=True):
            wid = np.array([self.word_id.get(canonical(w), 1) for w in words], dtype=np.int64)
            encoded.append((wid, chars[[unique[w] for w in words]], lexicon_inputs(f, self.lex_id)))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        result: list[np.ndarray] = [np.empty((0, len(self.tags)))] * len(encoded)
        for k in range(0, len(order), BATCH):
            chunk = order[k : k + BATCH]
            for index, m in zip(
                chunk, self.crf_marginals(self.emissions([encoded[i] for i in chunk])), strict=True
            ):
                result[index] = m
        return result

    def decode(self, probabilities: np.ndarray) -> list[str]:
        """The best BIO-valid tag sequence under per-token probabilities (Viterbi on their logarithm)."""
        scores = np.log(probabilities + 1e-9)
        a = self.bio_start + scores[0]
        back = []
        for t in range(1, len(scores)):
            candidates = a[:, None] + self.bio_trans
            back.append(candidates.argmax(axis=0))
            a = candidates.max(axis=0) + scores[t]
        path = [int(a.argmax())]
        for pointers in reversed(back):
            path.append(int(pointers[path[-1]]))
        return [self.tags[i] for i in reversed(path)]


_lock = threading.Lock()
_cache: dict[str, Network | None] = {}


def network() -> Network | None:
    """The shipped network, loaded on first use and kept; ``None`` when the artifact is not there."""
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


def load(path: Path) -> Network:
    """A network from its ``.npz`` file (the shipped one, or another ``dabir-train ner-nn`` wrote)."""
    with np.load(path) as arrays:
        return Network(arrays)


def crf_marginals(
    crf: pycrfsuite.Tagger, items: Sequence[list[list[str]]], tags: Sequence[str]
) -> list[np.ndarray]:
    """Per sentence, crfsuite's (words x ``tags``) tag marginals; a tag the CRF does not know gets 0.

    Not thread-safe: a crfsuite Tagger keeps the current sentence in itself (callers hold their lock).
    """
    known = set(crf.labels())
    result = []
    for sentence in items:
        crf.set(sentence)  # computes the marginals; no Viterbi needed
        m = np.zeros((len(sentence), len(tags)))
        for column, tag in enumerate(tags):
            if tag in known:
                m[:, column] = [crf.marginal(tag, i) for i in range(len(sentence))]
        result.append(m)
    return result


def ensemble_tags(
    crf: pycrfsuite.Tagger,
    net: Network,
    sentences: Sequence[Sequence[str]],
    features: Sequence[Sequence[Mapping[str, str]]],
    crf_weight: float = CRF_WEIGHT,
) -> list[list[str]]:
    """BIO tags of ``sentences``: CRF and network marginals averaged, then the best BIO-valid sequence.

    ``features`` are the CRF's feature dicts of each sentence (``ner_features.sentence_features``); the
    network reads its lexicon inputs from them too.
    """
    crf_side = crf_marginals(crf, [crf_items(f) for f in features], net.tags)
    net_side = net.marginals(sentences, features)
    return [
        net.decode(crf_weight * c + (1 - crf_weight) * n) if len(c) else []
        for c, n in zip(crf_side, net_side, strict=True)
    ]
