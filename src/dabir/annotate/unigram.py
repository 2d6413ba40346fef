"""SentencePiece-unigram tokenisation of words, as XLM-R (and so multilingual-e5) cuts them.

A word becomes the pieces of the highest total log-probability (Viterbi over the vocabulary's unigram scores),
after XLM-R's own normalisation map (one code point -> zero or more; ZWNJ, ZWJ and no-break space map to a space,
which is how the encoder saw Persian during pretraining: «می‌گوید» is read as «▁می ▁گوید»). Every space becomes
the metaspace «▁» and each word starts with one. A character no piece covers becomes ``<unk>``. Words are cut one
at a time and cached, so the cost is paid once per distinct word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

METASPACE = "\u2581"
#: Longest word (in characters) cut piece by piece; longer "words" (hostile input) are cut in slices of this size.
MAX_WORD = 100


class Unigram:
    """Viterbi segmentation over ``pieces`` with log-probability ``scores`` (ids are list positions)."""

    def __init__(
        self, pieces: Sequence[str], scores: np.ndarray, normalisation: Mapping[int, str], unk: int
    ) -> None:
        self.piece_id = {piece: index for index, piece in enumerate(pieces) if piece}
        self.scores = [float(s) for s in scores]
        self.unk = unk
        self.unk_score = min(self.scores) - 10.0
        self.max_len = max(len(piece) for piece in pieces)
        self._table = {code: value for code, value in normalisation.items()}
        self.pieces = cached = lru_cache(maxsize=200_000)(self._pieces)
        del cached

    def normalise(self, word: str) -> str:
        """The word as the encoder reads it: normalised, spaces as «▁», one «▁» in front, runs collapsed."""
        text = " ".join(word.translate(self._table).split())
        return METASPACE + text.replace(" ", METASPACE) if text else ""

    def _pieces(self, word: str) -> tuple[int, ...]:
        text = self.normalise(word)
        ids: list[int] = []
        for start in range(0, len(text), MAX_WORD):
            ids.extend(self._viterbi(text[start : start + MAX_WORD]))
        return tuple(ids)

    def _viterbi(self, text: str) -> list[int]:
        n = len(text)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        piece_id, scores = self.piece_id, self.scores
        for i in range(n):
            base = best[i]
            if base <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.max_len) + 1):
                index = piece_id.get(text[i:end])
                if index is not None and index != self.unk:
                    score = base + scores[index]
                    if score > best[end]:
                        best[end], back[end] = score, (i, index)
            if base + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = base + self.unk_score, (i, self.unk)
        ids: list[int] = []
        position = n
        while position > 0:
            start, index = back[position]
            ids.append(index)
            position = start
        ids.reverse()
        return ids
