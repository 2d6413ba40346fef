"""Bad input gives one ReadError naming the file (a UserError: one line, exit 2), never a traceback."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from dabir.errors import UserError
from dabir.read import SUPPORTED_SUFFIXES, ReadError, read_bytes, read_path


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00garbage<w:document><w:body><w:p>")
    return buffer.getvalue()


def _random_bytes() -> bytes:
    return random.Random(4).randbytes(4096)


BAD = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n \r\n", "empty file"),
    "corrupt.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage garbage\n%%EOF", "corrupt pdf"),
    "truncated.pdf": (b"this is not a pdf", "corrupt pdf"),
    "corrupt.docx": (_corrupt_docx(), "corrupt docx"),
    "notzip.docx": (b"PK\x03\x04 this zip is cut short", "corrupt docx"),
    "plainzip.zip": (b"", None),  # filled below: a sound zip that is not a docx
    "random.bin": (_random_bytes(), "unsupported or binary format"),
    "random.txt": (_random_bytes(), "unsupported or binary format"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "legacy MS Office"),
    "image.png": (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
    "bad-utf16.txt": (b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "undecodable bytes"),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "سلام")
    return buffer.getvalue()


BAD["plainzip.zip"] = (_plain_zip(), "without word/document.xml")


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_one_line_with_the_file_name(name: str, tmp_path: Path) -> None:
    data, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read_path(path)
    error = caught.value
    assert isinstance(error, UserError)
    assert error.path == str(path)
    message = str(error)
    assert "\n" not in message and str(path) in message
    assert problem in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="directory"):
        read_path(tmp_path)


def test_unknown_format_name() -> None:
    with pytest.raises(ReadError, match="unsupported format"):
        read_bytes(b"hello", "x", format="odt")


def test_supported_suffixes() -> None:
    expected = frozenset({".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx"})
    assert expected == SUPPORTED_SUFFIXES


def test_text_that_mentions_the_pdf_header_is_text() -> None:
    doc = read_bytes("فایل‌های پی‌دی‌اف با %PDF-1.7 شروع می‌شوند.".encode(), "note.txt")
    assert doc.source.format == "txt"
