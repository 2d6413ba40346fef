"""A run with no sentence end (a table, a line of colons) is tagged in windows of ``MAX_SENTENCE_TOKENS``:
the network's arrays grow with the longest sentence of a batch."""

from __future__ import annotations

from dabir.annotate.entities import split_sentences
from dabir.annotate.ner_features import tokenize
from dabir.limits import MAX_SENTENCE_TOKENS


def test_a_run_without_sentence_end_is_cut_into_windows():
    text = "رئیس‌جمهور و وزیر امور خارجه " * 200  # 1,000 tokens, no full stop
    sentences = split_sentences(text, tokenize(text))
    assert sum(map(len, sentences)) == 1000
    assert max(map(len, sentences)) == MAX_SENTENCE_TOKENS


def test_sentences_of_news_stay_whole(seed_text: str):
    sentences = split_sentences(seed_text, tokenize(seed_text))
    assert max(map(len, sentences)) < MAX_SENTENCE_TOKENS
    assert "".join(seed_text[s:e] for sentence in sentences for s, e in sentence) == "".join(
        seed_text[s:e] for s, e in tokenize(seed_text)
    )
