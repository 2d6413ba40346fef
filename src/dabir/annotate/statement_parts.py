"""Pieces of a statement before speakers are resolved: drafts, spans, cues without a speech verb, trimming.

Split from :mod:`dabir.annotate.statements` (which finds speech-verb attributions and resolves speakers):
sentence/paragraph spans, «به گفته X، …» (according_to), «در اطلاعیه X آمده است: …», content trimming and the
unclosed-quote diagnostic.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from dabir.annotate.coref import NOT_SPEAKERS, Mention, key, parse_mention, read_sections
from dabir.annotate.speech_verbs import VerbMatch
from dabir.models import Diagnostic

SENTENCE_END = re.compile(r"[.!?؟]+(?=[\s«»\"]|$)|\n")


PARAGRAPH_END = re.compile(r"\n")


def _cue_phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    """The prepositional cues of ``lang/fa/statements/cue_phrases.tsv`` as one pattern, and noun -> lemma."""
    sections = read_sections("cue_phrases.tsv")
    lemmas: dict[str, str] = {}
    by_prefix: dict[str, list[str]] = {}
    for line in sections["noun"]:
        noun, lemma, *more = line.split("\t")
        lemmas[noun] = lemma
        for prefix in ["به", *(more[0].split(",") if more else [])]:
            by_prefix.setdefault(prefix, []).append(re.escape(noun))
    alternatives = "|".join(
        rf"{re.escape(prefix)} (?P<noun{index}>{'|'.join(sorted(nouns, key=len, reverse=True))})"
        for index, (prefix, nouns) in enumerate(sorted(by_prefix.items(), key=lambda item: -len(item[0])))
    )
    pattern = re.compile(
        rf"(?<![\w\u200c])(?P<cue>{alternatives})\s+(?!می[\s\u200c]?)(?P<who>[^،:.\n«»]{{2,80}}?)\s*،\s*"
    )
    return pattern, lemmas


#: «به گفته X، …», «طبق ادعای X، …»: the speaker between the cue and a comma.
ACCORDING, ACCORDING_LEMMA = _cue_phrases()


#: After «به گفته X،»: «ریه و خون آمریکا،» continues a name with a short list («X، Y و Z،»).
LISTED_NAME = re.compile(
    r"(?P<rest>[^،:.\n«»\s]+(?: [^،:.\n«»\s]+)? و [^،:.\n«»\s]+(?: [^،:.\n«»\s]+){0,2})\s*،\s*"
)
#: Words that may stand before a prepositional cue in its sentence: «همچنین به گفته X،», «اما به گفته X،».
FRAME_BEFORE_CUE = re.compile(r"(?:^|\s)(?:و|اما|ولی|همچنین|هم‌چنین|نیز|اکنون|حال)$")


#: «در اطلاعیه ستاد … آمده است: …», «در ادامه این پیام آمده است: …»: the document's author is the speaker.
WRITTEN = re.compile(
    r"(?:در ادامه )?در (?:ادامه )?(?P<this>این |ادامه این )?(?P<doc>اطلاعیه|بیانیه|پیام|نامه|متن|گزارش)"
    r"(?P<who>(?: [^\s:،.]+){0,10}?) (?P<cue>آمده(?: است)?|آمده‌است)\s*[:：]\s*"
)


TRIM = " \t\n\u200c.،,:؛;\u200e\u200f"


@dataclass
class Draft:
    verb: VerbMatch
    mention: Mention | None
    content_start: int
    content_end: int
    kind: str
    clause_start: int  # where this attribution's own words start (its intro sentence or content)
    open_ended: bool  # content runs on to the paragraph end unless the next attribution starts
    lemma: str = ""
    verb_text: str = ""
    inherit: bool = False  # speaker = the previous statement's speaker («… و افزود: …»)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in pattern.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return SpanList(spans)


class SpanList(list):
    """Sorted, non-overlapping ``(start, end)`` spans with their starts kept for binary search."""

    def __init__(self, items: list[tuple[int, int]]) -> None:
        super().__init__(items)
        self.starts = [start for start, _ in items]


def containing(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span holding ``offset`` (else the last span): a binary search on a :class:`SpanList`."""
    if not spans:
        return (0, 0)
    starts = spans.starts if isinstance(spans, SpanList) else [start for start, _ in spans]
    index = bisect_right(starts, offset) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    for start, end in spans:  # gaps between spans: the old linear answer
        if start <= offset < end:
            return start, end
    return spans[-1]


def quote_end(text: str, start: int, limit: int) -> int | None:
    depth = 0
    for index in range(start, limit):
        if text[index] == "«":
            depth += 1
        elif text[index] == "»":
            depth -= 1
            if depth == 0:
                return index
    return None


def according_drafts(text: str, sentences: list[tuple[int, int]]) -> list[Draft]:
    drafts = []
    for match in ACCORDING.finditer(text):
        s_start, s_end = containing(sentences, match.start())
        opening = text[s_start : match.start()].strip()
        if opening and not opening.endswith(("،", ",", ":", "»")) and not FRAME_BEFORE_CUE.search(opening):
            continue  # «در واکنش به ادعای اخیر X، …»: the cue is inside a phrase, not an attribution
        who_end = match.end("who")
        listed = LISTED_NAME.match(text, match.end())
        if listed:  # «به گفته موسسه ملی قلب، ریه و خون آمریکا، …»: a short list inside the name
            who_end = match.end() + listed.end("rest") - listed.start()
        who = parse_mention(text, match.start("who"), who_end)
        if key(match.group("who").split()[0]) in {key(w) for w in NOT_SPEAKERS} and not who.anaphor:
            continue
        verb = VerbMatch(
            match.start("cue"),
            match.end("cue"),
            ACCORDING_LEMMA[next(v for k, v in match.groupdict().items() if k.startswith("noun") and v)],
            "speech",
            3,
            False,
            False,
        )
        content = match.end() if not listed else match.end() + listed.end() - listed.start()
        drafts.append(Draft(verb, who, content, s_end, "according_to", match.start(), False))
    return drafts


def written_drafts(text: str, paragraphs: list[tuple[int, int]]) -> list[Draft]:
    drafts = []
    for match in WRITTEN.finditer(text):
        p_start, p_end = containing(paragraphs, match.start())
        who = None
        if not match.group("this") and match.group("who").strip():
            who = parse_mention(text, match.start("who") + 1, match.end("who"))
        verb = VerbMatch(match.start("cue"), match.end("cue"), "آمدن", "speech", 3, False, False)
        drafts.append(Draft(verb, who, match.end(), p_end, "direct", match.start(), True))
    return drafts


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    if start < end and text[start] == "«" and text[end - 1] == "»" and quote_end(text, start, end) == end - 1:
        start, end = start + 1, end - 1
    inner = text[start:end]
    if inner.count('"') % 2 == 1 and (inner.startswith('"') or inner.endswith('"')):
        start, end = (start + 1, end) if inner.startswith('"') else (start, end - 1)
        inner = text[start:end]
    elif len(inner) > 1 and inner.startswith('"') and inner.endswith('"') and inner.count('"') == 2:
        start, end = start + 1, end - 1
        inner = text[start:end]
    while start < end and text[start] in TRIM:
        start += 1
    if inner.endswith("»") and inner.count("»") > inner.count("«"):
        end -= 1
    if inner.startswith("«") and inner.count("«") > inner.count("»"):
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1  # «… نشده است.»: the full stop inside the quotation marks
    return start, end


def unclosed_quotes(text: str) -> list[Diagnostic]:
    """A diagnostic for each paragraph whose «…» do not balance: content there may run long or stop short."""
    found = []
    for start, end in spans(PARAGRAPH_END, text):
        depth, opened = 0, None
        for index in range(start, end):
            if text[index] == "«":
                depth, opened = depth + 1, index if depth == 0 else opened
            elif text[index] == "»":
                depth = max(0, depth - 1)
        if depth > 0 and opened is not None:
            found.append(
                Diagnostic(
                    stage="statements",
                    message="unclosed «: the quotation's end is unknown; its statement ends at the paragraph end",
                    start=opened,
                    end=opened + 1,
                )
            )
    return found
