"""Documents built by hand for the archive tests (no extraction needed)."""

from __future__ import annotations

import hashlib

from dabir.models import DateValue, Document, Entity, Source, Speaker, Statement, TextSpan


def make_document(
    text: str,
    title: str | None = None,
    jalali: str | None = None,
    statements: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    entities: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> Document:
    """A Document built by hand: ``statements`` as (speaker text, canonical, content found in text),
    ``entities`` as (text found in text, canonical, label)."""
    data = text.encode("utf-8")
    built_statements = []
    for speaker_text, canonical, content in statements:
        s_start = text.index(speaker_text)
        c_start = text.index(content)
        built_statements.append(
            Statement(
                start=s_start,
                end=c_start + len(content),
                speaker=Speaker(
                    start=s_start, end=s_start + len(speaker_text), text=speaker_text, canonical=canonical
                ),
                verb="گفتن",
                verb_text="گفت",
                content=TextSpan(start=c_start, end=c_start + len(content), text=content),
                kind="direct",
            )
        )
    built_entities = []
    for entity_text, canonical, label in entities:
        start = text.index(entity_text)
        built_entities.append(
            Entity(
                start=start, end=start + len(entity_text), text=entity_text, canonical=canonical, label=label
            )
        )
    return Document(
        source=Source(path=None, sha256=hashlib.sha256(data).hexdigest(), size=len(data)),
        text=text,
        title=TextSpan(start=0, end=len(title), text=title) if title and text.startswith(title) else None,
        date=DateValue(start=0, end=0, text=jalali, calendar="jalali", jalali=jalali) if jalali else None,
        statements=built_statements,
        entities=built_entities,
    )
