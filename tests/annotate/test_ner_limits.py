"""The entity taggers hold one chunk of a document at a time, and a run with no sentence end (a table, a line of
colons) is tagged in windows of ``MAX_SENTENCE_TOKENS``: memory grows with the chunk, not the document."""

from __future__ import annotations

from dabir.annotate import entities
from dabir.annotate.entities import split_sentences, tag_sentences
from dabir.annotate.ner_features import tokenize
from dabir.limits import MAX_SENTENCE_TOKENS


def _sentences(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in spans] for spans in split_sentences(text, tokenize(text))]


def test_a_run_without_sentence_end_is_tagged_in_windows(monkeypatch):
    seen: list[int] = []
    real = entities._tag_together

    def recording(sentences):
        seen.extend(map(len, sentences))
        return real(sentences)

    monkeypatch.setattr(entities, "_tag_together", recording)
    words = ("رئیس‌جمهور و وزیر امور خارجه " * 200).split()  # 1,000 tokens, no full stop
    tags = tag_sentences([words])
    assert len(tags) == 1 and len(tags[0]) == 1000
    assert max(seen) == MAX_SENTENCE_TOKENS and sum(seen) == 1000


def test_a_news_report_is_tagged_as_one_chunk(seed_text: str):
    sentences = _sentences(seed_text)
    assert tag_sentences(sentences) == entities._tag_together(sentences)


def test_chunks_give_the_tags_the_whole_document_gets(seed_text: str, monkeypatch):
    text = "\n".join([seed_text] * 3)
    sentences = _sentences(text)
    whole = tag_sentences(sentences)
    monkeypatch.setattr(entities, "CHUNK_TOKENS", 100)
    assert tag_sentences(sentences) == whole
