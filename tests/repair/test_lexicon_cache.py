"""The parsed half-space lexicon is cached between processes and a bad cache is rebuilt."""

from __future__ import annotations

from dabir.lang.fa import halfspace_lexicon


def test_cache_is_written_read_back_and_rebuilt_when_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_CACHE_DIR", str(tmp_path))
    halfspace_lexicon.lexicon.cache_clear()
    try:
        built = halfspace_lexicon.lexicon()
        [cache] = list(tmp_path.glob("halfspace-*.marshal"))
        halfspace_lexicon.lexicon.cache_clear()
        cached = halfspace_lexicon.lexicon()
        assert cached.choices == built.choices and cached.spaced == built.spaced
        assert cached.choose("میکرد").form == "می\u200cکرد"
        cache.write_bytes(b"not marshal data")
        halfspace_lexicon.lexicon.cache_clear()
        rebuilt = halfspace_lexicon.lexicon()
        assert rebuilt.choices == built.choices
    finally:
        halfspace_lexicon.lexicon.cache_clear()
