"""The extraction pipeline: bytes -> read -> repair -> annotate -> :class:`~dabir.models.Document`.

Everything after the repair only adds spans that point into the repaired text (``Document.text``); the repair
edits themselves (``Document.edits``) keep offsets into the original text, so every span can be traced back.

To add an annotator (entities, statements, ...), write ``annotate(document: Document) -> None`` in its module
and append ONE line to :data:`ANNOTATORS` below; it runs after the ones before it, so it may use their spans.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dabir.annotate import entities, headline, paragraphs, sentences, statements, tokens
from dabir.errors import InputTooLarge
from dabir.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPHS
from dabir.models import Diagnostic, Document, EditRecord
from dabir.read import RawDocument, read_bytes, read_path
from dabir.repair import RepairOptions, repair

Annotator = Callable[[Document], None]

#: The annotators that run, in order, after the title and dateline are found.  Add one line per annotator.
ANNOTATORS: list[Annotator] = [
    sentences.annotate,
    tokens.annotate,
    entities.annotate_entities,
    statements.annotate,
]


def extract_raw(raw: RawDocument, options: RepairOptions | None = None) -> Document:
    """Repair and annotate a document that a reader has already decoded.

    Raises :class:`~dabir.errors.InputTooLarge` for a text past ``MAX_DOCUMENT_CHARS`` or ``MAX_PARAGRAPHS``.
    """
    check_size(raw.text, raw.source.path)
    repaired = repair(raw.text, options)
    document = Document(
        source=raw.source,
        text=repaired.text,
        edits=[EditRecord(**edit.as_dict()) for edit in repaired.edits],
        diagnostics=[Diagnostic(level="info", stage="read", message=note) for note in raw.diagnostics],
    )
    paragraphs.annotate(document)
    if len(document.paragraphs) > MAX_PARAGRAPHS:
        raise InputTooLarge("too many paragraphs", MAX_PARAGRAPHS, raw.source.path)
    headline.annotate(document, raw.title or (raw.headings[0] if raw.headings else None), raw.date_text)
    for annotator in ANNOTATORS:
        annotator(document)
    return document


def check_size(text: str, name: str | None) -> None:
    """Refuse, before any work, a text longer than one document may be (``dabir.limits``)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputTooLarge(f"{len(text):,} characters of text", MAX_DOCUMENT_CHARS, name)


def extract_path(path: str | Path, options: RepairOptions | None = None) -> Document:
    """Read the file at ``path`` (txt, html, pdf or docx) and extract its record.

    Raises :class:`~dabir.errors.UserError` (one line, naming the file) for input that cannot be read.
    """
    return extract_raw(read_path(path), options)


def extract_bytes(
    data: bytes, name: str, format: str | None = None, options: RepairOptions | None = None
) -> Document:
    """Extract the record of a document given as bytes; ``format`` (txt/html/pdf/docx) overrides sniffing."""
    return extract_raw(read_bytes(data, name, format), options)


def extract_text(text: str, name: str = "<text>", options: RepairOptions | None = None) -> Document:
    """Extract the record of text that is already decoded (the source records its UTF-8 bytes)."""
    import hashlib

    from dabir.models import Source

    data = text.encode("utf-8")
    source = Source(
        path=name, format="txt", encoding="utf-8", sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )
    from dabir.read.text import settle

    # Text handed over by a program may be blank (its record is then empty); NULs are removed all the same.
    return extract_raw(settle(RawDocument(text=text, source=source), name, refuse_invisible=False), options)
