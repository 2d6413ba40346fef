"""What the archive stores for one document, computed in the extraction worker so the single writer only writes.

A :class:`PreparedDocument` holds every column value (index text, compressed record, entity and statement
rows); :class:`IngestItem` is one file's result on its way to the writer; :class:`SearchHit` and
:class:`StoredDocument` are what reads return.
"""

from __future__ import annotations

import datetime
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

import jdatetime

from dabir.archive.normalise import filter_key, index_columns
from dabir.archive.stories import Fingerprint, fingerprint
from dabir.models import DateValue, Document


@dataclass
class EntityRow:
    label: str
    canonical: str
    text: str
    start: int
    end: int
    key: str


@dataclass
class StatementRow:
    position: int
    speaker: str
    speaker_canonical: str
    speaker_key: str
    verb: str
    kind: str
    content: str
    start: int
    end: int


@dataclass
class PreparedDocument:
    sha256: str
    size: int
    format: str
    title: str | None
    date_jalali: str | None
    date_gregorian: str | None
    text: str
    record: bytes
    body: str
    parts: str
    entities: list[EntityRow]
    statements: list[StatementRow]
    #: MinHash signature and LSH bands for same-story detection (None: too short to compare)
    story: Fingerprint | None = None

    def columns(self, stamp: str, new: bool) -> tuple[Any, ...]:
        """The ``documents`` columns both backends store, in schema order: sha256, size, format, dates,
        ``ingested_at`` (only when ``new``), ``updated_at``, title, text, record."""
        stamps = (stamp, stamp) if new else (stamp,)
        head = (self.sha256, self.size, self.format, self.date_jalali, self.date_gregorian)
        return head + stamps + (self.title, self.text, self.record)


@dataclass
class IngestItem:
    """One file for the writer: a prepared document, or only its hash when the content is already archived."""

    path: str | None
    sha256: str
    prepared: PreparedDocument | None = None


@dataclass
class Outcome:
    path: str | None
    status: str  # ingested | updated | unchanged | duplicate | failed
    document_id: int | None = None
    reason: str | None = None


@dataclass
class SearchHit:
    id: int
    title: str | None
    date_jalali: str | None
    date_gregorian: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    path: str | None = None
    statements: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": {"jalali": self.date_jalali, "gregorian": self.date_gregorian},
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "path": self.path,
            "statements": self.statements,
        }


@dataclass
class StoredDocument:
    id: int
    document: Document
    paths: list[str]
    ingested_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        record = self.document.model_dump(mode="json")
        return {
            "id": self.id,
            "paths": self.paths,
            "ingested_at": self.ingested_at,
            "updated_at": self.updated_at,
            "record": record,
        }


def _dates(value: DateValue | None) -> tuple[str | None, str | None]:
    """Both calendars of the document date, converting whichever side the annotator left empty."""
    if value is None or not value.valid:
        return None, None
    jalali, gregorian = value.jalali, value.gregorian
    try:
        if gregorian and not jalali:
            jalali = jdatetime.date.fromgregorian(date=datetime.date.fromisoformat(gregorian)).strftime(
                "%Y-%m-%d"
            )
        elif jalali and not gregorian:
            year, month, day = (int(part) for part in jalali.split("-"))
            gregorian = jdatetime.date(year, month, day).togregorian().isoformat()
    except (ValueError, TypeError):
        return jalali, gregorian
    return jalali, gregorian


def prepare(document: Document) -> PreparedDocument:
    """Every stored value of ``document``: run in the worker so that the writer does no text work."""
    text = document.text
    title = document.title.text if document.title else None
    body, parts = index_columns(text if not title or title in text[:2000] else f"{title}\n{text}")
    date_jalali, date_gregorian = _dates(document.date)
    record = zlib.compress(document.model_dump_json(exclude={"text"}).encode("utf-8"), 6)
    entities = [
        EntityRow(
            entity.label,
            entity.canonical,
            entity.text,
            entity.start,
            entity.end,
            filter_key(f"{entity.canonical} {entity.text}"),
        )
        for entity in document.entities
    ]
    statements = [
        StatementRow(
            position,
            statement.speaker.text,
            statement.speaker.canonical,
            filter_key(f"{statement.speaker.canonical} {statement.speaker.text}"),
            statement.verb,
            statement.kind,
            statement.content.text,
            statement.start,
            statement.end,
        )
        for position, statement in enumerate(document.statements)
    ]
    return PreparedDocument(
        sha256=document.source.sha256,
        size=document.source.size,
        format=document.source.format,
        title=title,
        date_jalali=date_jalali,
        date_gregorian=date_gregorian,
        text=text,
        record=record,
        body=body,
        parts=parts,
        entities=entities,
        statements=statements,
        story=fingerprint(body),
    )


def load_record(text: str, record: bytes) -> Document:
    """Rebuild the Document from its stored, compressed record and its text."""
    data = json.loads(zlib.decompress(record))
    data["text"] = text
    return Document.model_validate(data)
