"""The torch side of ``dabir-train ner-nn``: the network, its CRF loss, marginals, and the export to numpy.

Training only (imports torch). The numpy port that dabir runs is ``dabir.annotate.ner_nn``; ``export`` writes
every array it reads, under the names it reads them by.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from dabir.annotate.ner_nn import CHAR_DIM, CHAR_FILTERS, CHAR_WIDTH, WORD_DIM, allowed_transitions


def batchify(items: list[Any]) -> tuple[torch.Tensor, ...]:
    """Padded tensors of encoded sentences. Every word gets ``CHAR_WIDTH`` char slots whatever the batch, so a
    word's char features never depend on the other words batched with it (the numpy port does the same)."""
    size, length = len(items), max(len(it[0]) for it in items)
    words = torch.zeros(size, length, dtype=torch.long)
    chars = torch.zeros(size, length, CHAR_WIDTH, dtype=torch.long)
    lex = torch.zeros(size, length, items[0][2].shape[1])
    tags = torch.zeros(size, length, dtype=torch.long)
    mask = torch.zeros(size, length, dtype=torch.bool)
    for b, (wid, cid, lx, y) in enumerate(items):
        n = len(wid)
        words[b, :n] = torch.tensor(wid)
        tags[b, :n] = torch.tensor(y)
        mask[b, :n] = True
        lex[b, :n] = torch.from_numpy(lx)
        for i, cc in enumerate(cid):
            chars[b, i, : len(cc)] = torch.tensor(cc)
    return words, chars, lex, tags, mask


class Net(nn.Module):
    """Char-CNN + word embeddings + lexicon features -> BiLSTM -> linear emissions -> linear-chain CRF."""

    def __init__(self, vocab: Any, hidden: int) -> None:
        super().__init__()
        tags = vocab.tags
        self.wemb = nn.Embedding(len(vocab.words) + 2, WORD_DIM, padding_idx=0)
        self.cemb = nn.Embedding(len(vocab.chars) + 2, CHAR_DIM, padding_idx=0)
        self.cnn = nn.Conv1d(CHAR_DIM, CHAR_FILTERS, 3, padding=1)
        self.drop = nn.Dropout(0.5)
        self.lstm = nn.LSTM(
            WORD_DIM + CHAR_FILTERS + len(vocab.lex), hidden, batch_first=True, bidirectional=True
        )
        self.out = nn.Linear(2 * hidden, len(tags))
        self.trans = nn.Parameter(torch.zeros(len(tags), len(tags)))  # from -> to
        self.start = nn.Parameter(torch.zeros(len(tags)))
        self.end = nn.Parameter(torch.zeros(len(tags)))
        allowed, start_allowed = allowed_transitions(tags)
        self.register_buffer("tmask", torch.from_numpy(np.where(allowed, 0.0, -1e4).astype(np.float32)))
        self.register_buffer("smask", torch.from_numpy(np.where(start_allowed, 0.0, -1e4).astype(np.float32)))

    def emissions(self, words: torch.Tensor, chars: torch.Tensor, lex: torch.Tensor, mask: torch.Tensor):
        size, length, width = chars.shape
        c = self.cemb(chars.view(size * length, width)).transpose(1, 2)
        c = torch.relu(self.cnn(c)).max(dim=2).values.view(size, length, CHAR_FILTERS)
        h = self.drop(torch.cat([self.wemb(words), c, lex], dim=-1))
        # packed: the backward direction starts at each sentence's own last word, not at the padding
        lengths = mask.sum(1).cpu()
        packed = pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=length)
        return self.out(self.drop(h))

    def transitions(self) -> torch.Tensor:
        return self.trans + self.tmask

    def starts(self) -> torch.Tensor:
        return self.start + self.smask

    def log_partition(self, e: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        a = self.starts() + e[:, 0]
        t = self.transitions()
        for i in range(1, e.shape[1]):
            n = torch.logsumexp(a.unsqueeze(2) + t.unsqueeze(0), dim=1) + e[:, i]
            a = torch.where(mask[:, i].unsqueeze(1), n, a)
        return torch.logsumexp(a + self.end, dim=1)

    def gold_score(self, e: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        t = self.transitions()
        s = self.starts()[tags[:, 0]] + e[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for i in range(1, e.shape[1]):
            step = t[tags[:, i - 1], tags[:, i]] + e[:, i].gather(1, tags[:, i : i + 1]).squeeze(1)
            s = s + step * mask[:, i]
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        return s + self.end[last]

    def loss(self, words, chars, lex, tags, mask) -> torch.Tensor:
        e = self.emissions(words, chars, lex, mask)
        return (self.log_partition(e, mask) - self.gold_score(e, tags, mask)).mean()

    def viterbi(self, e: torch.Tensor) -> list[int]:
        t = self.transitions().detach()
        e = e.detach()
        a = self.starts().detach() + e[0]
        back = []
        for i in range(1, e.shape[0]):
            best, arg = (a.unsqueeze(1) + t).max(0)
            back.append(arg)
            a = best + e[i]
        path = [int((a + self.end.detach()).argmax())]
        for arg in reversed(back):
            path.append(int(arg[path[-1]]))
        return path[::-1]


def marginals(model: Net, items: list[Any]) -> tuple[torch.Tensor, torch.Tensor]:
    """Emissions and per-token tag marginals (the gradient of log Z with respect to the emissions)."""
    words, chars, lex, _, mask = batchify(items)
    with torch.no_grad():
        e = model.emissions(words, chars, lex, mask)
    e = e.detach().requires_grad_(True)
    with torch.enable_grad():
        model.log_partition(e, mask).sum().backward()
    return e.detach(), e.grad


def _text_array(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def export(model: Net, vocab: Any, references: list[Any], out: Path) -> None:
    """Write the weights (float32), vocabularies and torch's outputs on ``references`` to ``out`` (.npz)."""
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    arrays: dict[str, np.ndarray] = {
        "words": _text_array(vocab.words),
        "chars": _text_array(vocab.chars),
        "lex": _text_array(vocab.lex),
        "tags": _text_array(vocab.tags),
        "wemb": sd["wemb.weight"],
        "cemb": sd["cemb.weight"],
        "cnn_w": sd["cnn.weight"],
        "cnn_b": sd["cnn.bias"],
        "out_w": sd["out.weight"],
        "out_b": sd["out.bias"],
        "trans": sd["trans"] + sd["tmask"],
        "start": sd["start"] + sd["smask"],
        "end": sd["end"],
    }
    for suffix, name in (("", "f"), ("_reverse", "r")):
        arrays[f"w_ih_{name}"] = sd[f"lstm.weight_ih_l0{suffix}"]
        arrays[f"w_hh_{name}"] = sd[f"lstm.weight_hh_l0{suffix}"]
        arrays[f"b_{name}"] = sd[f"lstm.bias_ih_l0{suffix}"] + sd[f"lstm.bias_hh_l0{suffix}"]
    e, m = marginals(model, references)
    lengths = [len(it[0]) for it in references]
    arrays["ref_lengths"] = np.array(lengths, dtype=np.int32)
    arrays["ref_words"] = np.concatenate([np.array(it[0], dtype=np.int32) for it in references])
    chars = np.zeros((sum(lengths), CHAR_WIDTH), dtype=np.int32)
    row = 0
    for it in references:
        for cc in it[1]:
            chars[row, : len(cc)] = cc
            row += 1
    arrays["ref_chars"] = chars
    arrays["ref_lex"] = np.concatenate([it[2] for it in references]).astype(np.float32)
    arrays["ref_emissions"] = np.concatenate([e[b, :n].numpy() for b, n in enumerate(lengths)])
    arrays["ref_marginals"] = np.concatenate([m[b, :n].numpy() for b, n in enumerate(lengths)])
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.stem + ".tmp.npz")
    np.savez(temporary, **arrays)
    temporary.replace(out)
