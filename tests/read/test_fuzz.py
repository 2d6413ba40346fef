"""Whatever the bytes, a reader returns a document or raises ReadError: never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dabir.read import RawDocument, ReadError, read_bytes

PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<html>",
    b"<!DOCTYPE html><p>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"<?xml version='1.0' encoding='utf-8'?><html>",
]
PERSIANISH = st.text(alphabet=st.sampled_from(list("سلام دنیا «»،.\n\u200c۱۲abc<>/&;\"'")), max_size=200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.one_of(st.binary(max_size=300), PERSIANISH.map(lambda t: t.encode("utf-8"))),
    name=st.sampled_from(["a.txt", "a.html", "a.pdf", "a.docx", "a", "<stdin>"]),
    format=st.sampled_from([None, "txt", "html", "pdf", "docx"]),
)
def test_any_bytes_give_a_document_or_a_read_error(
    prefix: bytes, body: bytes, name: str, format: str | None
) -> None:
    try:
        doc = read_bytes(prefix + body, name, format)
    except ReadError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(doc, RawDocument)
    assert doc.text.strip()
