"""The typed record of a document: the contract that extraction, annotation, the archive and the API share.

All ``start``/``end`` offsets point into ``Document.text`` (the repaired text), except ``Document.edits``,
whose offsets point into the original text, as ``dabir repair --json`` prints them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class TextSpan(Span):
    text: str


class EditRecord(Model):
    """One repair edit: ``original[start:end]`` (= ``before``) became ``after``, decided by ``rule``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    before: str
    after: str
    rule: str
    source: str | None = None


class Source(Model):
    path: str | None = None
    format: Literal["txt", "html", "pdf", "docx", "stdin"] = "txt"
    encoding: str | None = None
    sha256: str
    size: int = Field(ge=0)


class DateValue(Span):
    """A date as written, converted: ``jalali``/``gregorian``/``hijri`` are ISO ``YYYY-MM-DD`` strings."""

    text: str
    calendar: Literal["jalali", "gregorian", "hijri"]
    jalali: str | None = None
    gregorian: str | None = None
    hijri: str | None = None
    valid: bool = True
    problem: str | None = None


class Paragraph(Span):
    pass


class Sentence(Span):
    paragraph: int = Field(ge=0, description="index into Document.paragraphs")


class Token(Span):
    text: str
    kind: Literal["word", "number", "punct", "symbol", "latin"] = "word"


class Entity(TextSpan):
    label: str
    canonical: str
    role: str | None = None
    role_span: Span | None = None
    title: TextSpan | None = Field(None, description="honorific or title before a person's name, e.g. «آقای»")


class Speaker(TextSpan):
    canonical: str
    role: str | None = None
    resolved_from: str | None = Field(None, description="the pronoun or title that was resolved, if any")
    link: str | None = Field(
        None,
        description="the identity rule that linked this mention to its person (dabir.annotate.identity): "
        "same_name, surname, pronoun, anaphor, title, lead_office_named, named_then_office, same_clause or new",
    )


class Statement(Span):
    speaker: Speaker
    verb: str = Field(description="lemma of the speech verb, e.g. «گفتن»")
    verb_text: str
    verb_span: Span | None = None
    content: TextSpan
    kind: Literal["direct", "reported", "according_to"]
    confidence: float = 1.0


class Diagnostic(Model):
    level: Literal["info", "warning"] = "warning"
    stage: str
    message: str
    start: int | None = None
    end: int | None = None


class Document(Model):
    """Everything dabir reads out of one document."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    text: str
    edits: list[EditRecord] = []
    title: TextSpan | None = None
    date: DateValue | None = None
    dates: list[DateValue] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    entities: list[Entity] = []
    statements: list[Statement] = []
    diagnostics: list[Diagnostic] = []
