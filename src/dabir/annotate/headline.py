"""The headline and the dateline: what a news report says about itself in its first lines.

The headline is the title the format declares (html ``<title>``/``<h1>``, docx title) when the text contains
it, otherwise the first line when it reads as a heading (short, no sentence-final mark).  A date at the end of
that line («… - 31 / خرداد / 1402») is the dateline, not part of the headline.  The dateline is the document's
own date: the first date in the headline line, or at the head of one of the first lines («تهران - ۱۵ مهر ۱۴۰۲ -»,
a line holding only the date), or else the date the format declares (html ``<meta>``); a declared date that
the text does not contain gets an empty span (``start == end == 0``, ``text == ""``) and an info diagnostic
quoting it.
"""

from __future__ import annotations

import re

from dabir.annotate.dates import find_dates, parse_date
from dabir.annotate.paragraphs import find_paragraphs
from dabir.lang.fa.script import letter_variants
from dabir.models import DateValue, Diagnostic, Document, Paragraph, TextSpan

#: A heading is at most this many characters long.
HEADING_MAX = 200
#: The dateline must start within this many characters of its line's start (after «تهران - »).
DATELINE_PREFIX_MAX = 40
#: Lines (paragraphs) at the head of the document searched for the dateline.
DATELINE_LINES = 3
_SENTENCE_END = tuple(".!؟?؛:")
_SEPARATORS = " \t-–—|،,:؛"
_DASHES = tuple("-–—|:،,")
_PREFIX = re.compile(r"^[^.!؟:«»\d۰-۹]{0,40}$")
#: Each letter and its Arabic forms («ی», «ي», «ى», «ے») -> a class of all of them.
_LETTER_CLASS = {form: f"[{forms}]" for forms in letter_variants().values() for form in forms}


def _find_declared(text: str, title: str) -> tuple[int, int] | None:
    """Where a declared title stands in the text, ignoring spacing, half-spaces and Arabic letter forms.

    The declared title comes from markup and was not repaired, the text was: «ديدار» must find «دیدار».
    """
    words = title.split()
    if not words:
        return None
    pattern = r"[\s\u200c]*".join(
        "\u200c?".join(_LETTER_CLASS.get(char, re.escape(char)) for char in word.replace("\u200c", ""))
        for word in words
    )
    match = re.search(pattern, text[:5000])
    return (match.start(), match.end()) if match else None


def _without_dateline(text: str, start: int, end: int) -> tuple[int, int]:
    """A headline line's bounds once a dateline at its end («… - 31 / خرداد / 1402») or start is cut off."""
    dates = find_dates(text[start:end])
    if dates and dates[-1].end == end - start and dates[-1].start > 0:
        end = start + len(text[start : start + dates[-1].start].rstrip(_SEPARATORS))
    elif dates and dates[0].start == 0 and dates[0].end < end - start:
        rest = text[start + dates[0].end : end]
        start = start + dates[0].end + (len(rest) - len(rest.lstrip(_SEPARATORS)))
    return start, end


def _looks_like_heading(text: str, paragraph: Paragraph, paragraphs: list[Paragraph]) -> bool:
    line = text[paragraph.start : paragraph.end]
    return len(paragraphs) > 1 and len(line) <= HEADING_MAX and not line.endswith(_SENTENCE_END)


def _dateline(text: str, paragraphs: list[Paragraph], title_line: Paragraph | None) -> DateValue | None:
    for index, paragraph in enumerate(paragraphs[:DATELINE_LINES]):
        line = text[paragraph.start : paragraph.end]
        dates = [d for d in find_dates(line) if not d.text.strip().isdigit()]
        if not dates:
            continue
        first = dates[0]
        shifted = first.model_copy(
            update={"start": first.start + paragraph.start, "end": first.end + paragraph.start}
        )
        if paragraph is title_line:
            # «headline - 31 / خرداد / 1402» or «1402/03/31 - headline»; a date inside the headline
            # («انتخابات ۲۸ خرداد ۱۴۰۰ برگزار شد») is news, not the dateline.
            before, after = line[: first.start].strip(_SEPARATORS), line[dates[-1].end :].strip(_SEPARATORS)
            if not after:
                return dates[-1].model_copy(
                    update={
                        "start": dates[-1].start + paragraph.start,
                        "end": dates[-1].end + paragraph.start,
                    }
                )
            if not before:
                return shifted
            continue
        # «تهران - ۱۵ مهر ۱۴۰۲ - …», «۱۵ مهر ۱۴۰۲ - …»: set off by separators, not part of a sentence.
        before, after = line[: first.start].rstrip(), line[first.end :].lstrip()
        set_off_before = not before or before.endswith(_DASHES)
        set_off_after = not after or after.startswith(_DASHES)
        prefix = before.strip(_SEPARATORS)
        if first.start <= DATELINE_PREFIX_MAX and _PREFIX.match(prefix) and set_off_before and set_off_after:
            return shifted
        if index == 0 and title_line is None and len(line) <= HEADING_MAX:
            return shifted
    return None


def headline_and_dateline(
    document: Document, declared_title: str | None = None, declared_date: str | None = None
) -> tuple[TextSpan | None, DateValue | None]:
    """The headline span and the dateline (with offsets into ``document.text``), either may be ``None``."""
    text = document.text
    paragraphs = document.paragraphs or find_paragraphs(text)
    title: TextSpan | None = None
    title_line: Paragraph | None = None
    if declared_title and declared_title.strip():
        found = _find_declared(text, declared_title.strip())
        start, end = _without_dateline(text, *found) if found else (0, 0)
        if found and end > start:
            title = TextSpan(start=start, end=end, text=text[start:end])
            title_line = next((p for p in paragraphs if p.start <= found[0] < p.end), None)
        else:
            document.diagnostics.append(
                Diagnostic(
                    level="info",
                    stage="title",
                    message=f"declared title not found in the text: {declared_title.strip()[:80]}",
                )
            )
    if title is None and paragraphs and _looks_like_heading(text, paragraphs[0], paragraphs):
        title_line = paragraphs[0]
        start, end = _without_dateline(text, title_line.start, title_line.end)
        if end > start:
            title = TextSpan(start=start, end=end, text=text[start:end])
    date = _dateline(text, paragraphs, title_line)
    if date is None and declared_date:
        parsed = parse_date(declared_date)
        if parsed is not None:
            found = text.find(parsed.text) if parsed.text else -1
            if found >= 0:
                date = parsed.model_copy(update={"start": found, "end": found + len(parsed.text)})
            else:
                document.diagnostics.append(
                    Diagnostic(
                        level="info",
                        stage="date",
                        message=f"date taken from the document's metadata: {declared_date}",
                    )
                )
                # Not in the text, so an empty span: ``text[start:end] == date.text`` holds for every span.
                date = parsed.model_copy(update={"start": 0, "end": 0, "text": ""})
    return title, date


def annotate(document: Document, declared_title: str | None = None, declared_date: str | None = None) -> None:
    """Fill ``document.title``, ``document.date`` and ``document.dates`` (dates other than the dateline)."""
    title, date = headline_and_dateline(document, declared_title, declared_date)
    document.title = title
    document.date = date
    context = date if date is not None and date.valid else None
    document.dates = [
        d
        for d in find_dates(document.text, context)
        if date is None or (d.start, d.end) != (date.start, date.end)
    ]
