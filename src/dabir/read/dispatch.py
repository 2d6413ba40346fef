"""Which reader a file goes to: content sniffing first, the file name second, and one-line errors."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Literal

from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import ReadError

Format = Literal["txt", "html", "pdf", "docx"]
FORMATS: tuple[Format, ...] = ("txt", "html", "pdf", "docx")

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx"})
SUFFIX_FORMAT: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|article|div|p)\b[^>]*>", re.I)
# Magic numbers of formats people may feed by mistake, named so the error says what the file is.
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "legacy MS Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "RTF document; save it as .docx or .txt"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"Rar!", "RAR archive"),
)


def _head_as_ascii(data: bytes) -> bytes:
    """The first KiB with UTF-16 zero bytes dropped, so ``<html`` is found in UTF-16 pages too."""
    head = data[:2048]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:200].count(0) > 40:
        head = head.replace(b"\x00", b"")
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe")


def sniff_format(data: bytes, name: str = "<stdin>") -> Format:
    """The format of ``data``: the content decides, the suffix of ``name`` breaks ties and names errors."""
    suffix = Path(name).suffix.lower()
    by_name = SUFFIX_FORMAT.get(suffix)
    # The PDF header may follow some junk (the spec allows 1 KiB); a text that merely mentions it is text.
    if data.lstrip().startswith(b"%PDF-") or (by_name == "pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ReadError(
                f"corrupt {'docx' if by_name == 'docx' else 'zip'} file (damaged zip archive)", name
            ) from None
        if "word/document.xml" in names:
            return "docx"
        raise ReadError("unsupported format: a zip archive without word/document.xml (not a .docx)", name)
    for magic, what in _KNOWN_BINARY:
        if data.startswith(magic):
            raise ReadError(f"unsupported format: {what}", name)
    if by_name == "pdf":
        raise ReadError("corrupt pdf: no %PDF header", name)
    if by_name == "docx":
        raise ReadError("corrupt docx: not a zip archive", name)
    head = _head_as_ascii(data)
    if _HTML_START.match(head) or (by_name == "html" and _HTML_ANYWHERE.search(head)):
        return "html"
    return "txt"


def _source(data: bytes, name: str, fmt: Format, encoding: str | None) -> Source:
    return Source(
        path=name, format=fmt, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )


def read_bytes(data: bytes, name: str = "<stdin>", format: str | None = None) -> RawDocument:
    """Read a document from its bytes; ``format`` (txt/html/pdf/docx) overrides sniffing.

    Raises :class:`ReadError` for empty input, unsupported or binary formats, corrupt pdf/docx files and
    bytes that decode to no known text encoding.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ReadError("empty file", name)
    if format is not None and format not in SUFFIX_FORMAT.values():
        raise ReadError(f"unsupported format {format!r} (choose txt, html, pdf or docx)", name)
    fmt: Format = format or sniff_format(data, name)  # type: ignore[assignment]
    if fmt == "pdf":
        from dabir.read.pdf import read_pdf

        doc = read_pdf(data, name)
    elif fmt == "docx":
        from dabir.read.word import read_docx

        doc = read_docx(data, name)
    elif fmt == "html":
        from dabir.read.webpage import read_html

        doc = read_html(data, name)
    else:
        from dabir.read.text import read_text

        doc = read_text(data, name)
    doc.source = _source(data, name, fmt, doc.source.encoding)
    if not doc.text.strip():
        raise ReadError(f"no text found in this {fmt} file", name)
    from dabir.read.text import settle

    return settle(doc, name)


def read_path(path: str | Path) -> RawDocument:
    """Read the document at ``path``; one-line :class:`ReadError` for missing files, directories and bad data."""
    name = str(path)
    file = Path(path)
    if not file.exists():
        raise ReadError("no such file", name)
    if file.is_dir():
        raise ReadError("is a directory, not a file", name)
    if not os.access(file, os.R_OK):
        raise ReadError("permission denied", name)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}", name) from None
    return read_bytes(data, name)
