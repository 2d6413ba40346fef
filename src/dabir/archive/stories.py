"""Same-story detection: MinHash signatures of word shingles, and LSH bands to find a document's story mates.

A wire report (ISNA, Fars, Mehr …) republished by several outlets differs from site to site by a title, a
lead sentence, a photo caption or a few letters (ي/ی, half-spaces).  Each document's *search body* (the
normalised words of :func:`dabir.archive.normalise.index_columns`, so spelling variants already agree) is cut
into word shingles; a MinHash signature (``datasketch``) estimates the Jaccard similarity of two shingle sets,
and the signature cut into bands gives keys that near-identical documents share (locality-sensitive hashing).

The worker computes the signature and band keys (:func:`fingerprint`); the archive's writer looks up the
documents sharing a band, keeps those whose estimated similarity reaches :data:`THRESHOLD`, and joins the
document to their story (merging stories the document bridges).  The figures behind the settings are printed
by ``benchmarks/stories_bench.py`` from the labelled pairs in ``tests/data/stories/``.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

#: Words per shingle: three keeps a shared name or stock phrase («به گزارش ایسنا») from making two stories alike.
SHINGLE_WORDS = 3
#: Hash permutations per signature, cut into BANDS bands of ROWS rows (BANDS * ROWS == NUM_PERM).  Two-row bands
#: make a pair at the threshold a candidate with probability 1 - (1 - 0.35**2)**48 > 0.99; the signature check
#: then decides, so a candidate that is not a story mate costs one comparison of 96 numbers.
NUM_PERM = 96
BANDS = 48
ROWS = 2
#: Estimated Jaccard similarity of shingle sets from which two documents carry the same story (chosen on the
#: "tune" half of tests/data/stories/irnews_pairs.tsv; benchmarks/stories_bench.py prints both halves).
THRESHOLD = 0.35
#: Documents with fewer words than this get no signature (a headline alone is not a story to match on).
MIN_WORDS = 12
#: Hostile input ceiling: only the first words of a very long document are shingled.
MAX_WORDS = 20_000
SEED = 1


def _crc32(data: bytes) -> int:
    # Deterministic across processes and runs (Python's own hash() is salted), and fast: a C call per shingle.
    return zlib.crc32(data)


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_crc32)


@dataclass(frozen=True)
class Fingerprint:
    """A document's MinHash signature (``NUM_PERM`` unsigned 32-bit values) and its LSH band keys."""

    signature: bytes
    bands: tuple[int, ...]


def shingles(words: list[str]) -> set[bytes]:
    """The word ``SHINGLE_WORDS``-grams of ``words`` as UTF-8 bytes: ``["a","b","c","d"]`` -> {"a b c", "b c d"}."""
    words = words[:MAX_WORDS]
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def band_keys(signature: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit key per band (the band number is hashed in, so bands never collide with each other)."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def fingerprint(body: str) -> Fingerprint | None:
    """The signature and band keys of a normalised search body, or None when it is too short to compare."""
    words = body.split()
    if len(words) < MIN_WORDS:
        return None
    minhash = _TEMPLATE.copy()
    minhash.update_batch(list(shingles(words)))
    signature = minhash.hashvalues.astype(np.uint32)
    return Fingerprint(signature.astype("<u4").tobytes(), band_keys(signature))


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of positions where they agree."""
    a = np.frombuffer(first, dtype="<u4")
    b = np.frombuffer(second, dtype="<u4")
    return float(np.count_nonzero(a == b)) / len(a)


def same_story(first: bytes, second: bytes) -> bool:
    return similarity(first, second) >= THRESHOLD
