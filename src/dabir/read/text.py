"""Plain-text files (.txt, .md): decoding only; the layout is left to the repair engine.

Also the checks every reader's text passes before repair (:func:`settle`): NUL characters, which no archive
backend can store (PostgreSQL refuses them in text and jsonb), are removed with a note, and text with no visible
character (only ZWNJs, BOMs, direction marks) is refused by name rather than passed on as an empty record.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import ReadError, decode_bytes

# Format and control characters, unassigned code points, and white space show nothing by themselves.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"})


def read_text(data: bytes, name: str) -> RawDocument:
    """Decode a text file (UTF-8/UTF-16/Windows-1256, mojibake undone); title and date are left to annotation."""
    decoded = decode_bytes(data, name)
    text = decoded.text  # line endings are the repair's job (its edits then point at the original)
    source = Source(path=name, format="txt", encoding=decoded.encoding, sha256="", size=len(data))
    return RawDocument(text=text, source=source, diagnostics=decoded.diagnostics)


def is_visible(ch: str) -> bool:
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES


def invisible_only(text: str) -> str | None:
    """A one-line description when ``text`` holds characters but none visible, else ``None``.

    >>> invisible_only("\\u200c\\u200c\\n")
    'no visible text: only invisible characters (2 × U+200C ZERO WIDTH NON-JOINER, 1 × U+000A)'
    """
    if not text or any(is_visible(ch) for ch in text):
        return None
    counts = Counter(text).most_common(3)
    shown = ", ".join(
        f"{count} × U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")
        for ch, count in counts
    )
    more = ", …" if len(set(text)) > 3 else ""
    return f"no visible text: only invisible characters ({shown}{more})"


def settle(doc: RawDocument, name: str, refuse_invisible: bool = True) -> RawDocument:
    """Remove NUL characters (noted in the diagnostics) and refuse text with nothing visible in it."""
    count = doc.text.count("\x00")
    if count:
        first = doc.text.index("\x00")
        doc.text = doc.text.replace("\x00", "")
        doc.diagnostics.append(f"{count} NUL character(s) removed (the first at character {first})")
    if doc.title:
        doc.title = doc.title.replace("\x00", "")
    doc.headings = [heading.replace("\x00", "") for heading in doc.headings]
    if doc.date_text:
        doc.date_text = doc.date_text.replace("\x00", "")
    problem = invisible_only(doc.text) if refuse_invisible else None
    if problem:
        raise ReadError(problem, name)
    return doc
