"""Plain-text files (.txt, .md): decoding only; the layout is left to the repair engine."""

from __future__ import annotations

from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import decode_bytes


def read_text(data: bytes, name: str) -> RawDocument:
    """Decode a text file (UTF-8/UTF-16/Windows-1256, mojibake undone); title and date are left to annotation."""
    decoded = decode_bytes(data, name)
    text = decoded.text  # line endings are the repair's job (its edits then point at the original)
    source = Source(path=name, format="txt", encoding=decoded.encoding, sha256="", size=len(data))
    return RawDocument(text=text, source=source, diagnostics=decoded.diagnostics)
