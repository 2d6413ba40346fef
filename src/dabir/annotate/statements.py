"""Who said what: attributed statements (speaker, speech verb, content) in a Persian news report.

Rule shape after textacy's ``direct_quotations`` (a reporting-verb lexicon, the subject before the verb) and
BBC citron's spans (cue, source, content), fitted to Persian news prose:

- «X … گفت: …»  content after the colon, across sentences to the end of the paragraph or the next attribution;
- «X … افزود که …»  content is the «که» clause;
- «X … Y را Z خواند/دانست.»  an evaluative verb: content is the «… را …» clause (folded into the next verb
  when coordinated: «… را مهم خواندند و تأکید کردند: …» is one statement);
- «…، X گفت.» and ««…» X گفت.»  speaker after the content;
- «به گفته X، …»  kind ``according_to``.

The speaker is the phrase that opens the clause (after framing such as «به گزارش فارس،» or «در این دیدار»); it is
resolved across the document by :mod:`dabir.annotate.coref` (pronouns, bare titles, honorific plural agreement).
Works on repaired text with or without half-spaces; offsets point into the text given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import takewhile

from dabir.annotate.coref import ANAPHOR_NOUNS, PRONOUNS, Mention, key, parse_mention, titles
from dabir.annotate.identity import People
from dabir.annotate.speaker_phrases import (
    FullerNames,
    is_speakerish,
    lead_subject,
    mention_after_content,
    mention_before,
    object_start,
    previous_subject,
    skip_frame,
)
from dabir.annotate.speech_verbs import VerbMatch, find_speech_verbs
from dabir.annotate.statement_parts import (
    PARAGRAPH_END,
    SENTENCE_END,
    Draft,
    SpanList,
    according_drafts,
    containing,
    quote_end,
    spans,
    trim,
    unclosed_quotes,
    written_drafts,
)
from dabir.models import Diagnostic, Document, Entity, Sentence, Span, Speaker, Statement, TextSpan

#: «می‌توان گفت», «باید گفت»: a speech verb after a modal is not an attribution.
MODAL_BEFORE = re.compile(r"(?:توان|باید|نباید|بتوان|خواهم|خواهیم)\s*$")
PRONOUN_KEYS = frozenset(key(p) for p in PRONOUNS)
ANAPHOR_KEYS = frozenset(key(n) for n in ANAPHOR_NOUNS)
#: Characters of a sentence read before and after each cue: a statement's clause is far shorter, and the bound
#: keeps one huge sentence («او گفت: » a thousand times) linear.
MAX_CLAUSE_CHARS = 1500
#: «X نیز گفت»: «also» marks another speaker than the one before.
ALSO = re.compile(r"(?:^|\s)(?:نیز|هم|همچنین|هم‌چنین)(?:\s|$)")
CUE_SAME_AS_LEAD = re.compile(
    r"با (?:بیان|اعلام) (?:این|این\s?مطلب|این خبر)|در (?:این باره|این‌باره|این خصوص)"
)


def _drafts(text: str, sentences: list[tuple[int, int]], paragraphs: list[tuple[int, int]]) -> list[Draft]:
    verbs = [
        v
        for v in find_speech_verbs(text)
        if v.person == 3 and not v.negated and not MODAL_BEFORE.search(text, max(0, v.start - 20), v.start)
    ]
    drafts: list[Draft] = []
    region_end = -1  # end of the open colon content we are inside, if any
    seen_names: list[str] = []
    for position, verb in enumerate(verbs):
        s_start, s_end = containing(sentences, verb.start)
        p_start, p_end = containing(paragraphs, verb.start)
        # the clause read before and after a cue is bounded (one huge sentence must stay linear)
        s_start = max(s_start, verb.start - MAX_CLAUSE_CHARS)
        s_end = min(s_end, verb.end + MAX_CLAUSE_CHARS) if s_end > verb.end else s_end
        after = text[verb.end : s_end if s_end > verb.end else min(p_end, verb.end + MAX_CLAUSE_CHARS)]
        following = verbs[position + 1] if position + 1 < len(verbs) else None
        earlier = _drafts_since(drafts, s_start)
        turned = False  # a new clause after «اما/ولی» is not inside the content before it
        if earlier and not earlier[-1].open_ended:
            # «پلیس … اعلام کرد که A اما بانیان … را … اعلام کرد»: a new clause after «اما/ولی»
            between = text[earlier[-1].verb.end : verb.start]
            turns = list(re.finditer(r"\s(?:اما|،\s*ولی)\s", between))
            if turns:
                s_start = earlier[-1].verb.end + turns[-1].start() + 1
                turned = True
        if " را " in text[s_start : verb.start]:
            turns = list(re.finditer(r"\s(?:اما|،\s*ولی)\s", text[s_start : verb.start]))
            if turns and " را " in text[s_start + turns[-1].end() - 1 : verb.start]:
                s_start += turns[-1].end()  # «میکل … به ثمر رساند اما بسیاری عملکرد او را … می‌دانند»
        clause = text[s_start : verb.start]
        inside = verb.start < region_end and not (turned and region_end <= s_end and earlier)
        # «… خواندند و تأکید کردند: …»: this verb only opens the next one
        if following and following.start < s_end and re.match(r"\s*و\s*$", text[verb.end : following.start]):
            continue
        if (
            following
            and following.start < s_end
            and re.match(r"\s*و\s", text[verb.end :])
            and (verb.kind == "evaluative" or " را " in text[s_start : verb.start])
            and re.match(r"\s*[:：]", text[following.end :])
        ):
            continue  # «… را سرمایه اصلی خواند و با اشاره به …، تصریح کرد: …»
        colon = re.match(r"\s*[:：]\s*", after)
        comma = re.match(r"\s*[،,]\s*(?!و\s)", after) if verb.kind == "speech" else None
        that = re.match(r"\s*،?\s*که\s+", after)
        quote = re.match(r"\s*«", after)
        at_end = re.match(r"\s*[.!؟]?\s*$", after)
        if inside and not colon:
            mention = mention_before(text, s_start, verb.start)
            runs_on = _runs_on(text, verb, after)
            # «… اما تأکید کردند که …»: a coordinated predicate, the same subject
            coordinated = mention is None and re.fullmatch(r"[\s،]*(?:و|اما|ولی)?\s*", clause) is not None
            speakerish = is_speakerish(mention, seen_names) or coordinated
            if not (":" not in clause and speakerish and (that or quote or runs_on)):
                continue
        # «X گفت: … و افزود: …»: the same speaker goes on
        coordination = re.search(r"(?:^|\s)و\s*$", clause) if earlier else None
        inherit = coordination is not None
        mention = None if inherit else mention_before(text, s_start, verb.start)
        if mention is None and not inherit:
            # «اظهارات … در پی این مطرح می‌شود که رئیس جمهور آمریکا … نوشت:»: the subject of the «که» clause
            that_clause = list(re.finditer(r"\sکه\s", text[s_start : verb.start]))
            if that_clause:
                mention = mention_before(text, s_start + that_clause[-1].end(), verb.start)
        quoted_source = re.search(r"به نقل از\s+", text[mention.end : verb.start]) if mention else None
        if mention is not None and quoted_source:
            # «روزنامه القبس به نقل از «خالد المظف» مسئول … اعلام کرد:»: the quoted person speaks
            source = mention_before(text, mention.end + quoted_source.end(), verb.start)
            mention = source or mention
        if colon:
            content_start = verb.end + colon.end()
            closing = (
                quote_end(text, content_start, p_end)
                if text[content_start : content_start + 1] == "«"
                else None
            )
            ends_sentence = closing is not None and (
                re.match(r"»\s*[.!؟]", text[closing : closing + 3]) or text[closing - 1] in ".!؟"
            )
            if ends_sentence:
                # «… گفتند: «…». این نوع مواجهه …»: the quotation is the content, what follows is narration
                drafts.append(
                    Draft(
                        verb, mention, content_start, closing + 1, "direct", s_start, False, inherit=inherit
                    )
                )
                continue
            drafts.append(
                Draft(verb, mention, content_start, p_end, "direct", s_start, True, inherit=inherit)
            )
            region_end = p_end
        elif quote:
            open_at = verb.end + quote.end() - 1
            close = quote_end(text, open_at, p_end)
            end = close if close is not None else p_end
            drafts.append(Draft(verb, mention, open_at + 1, end, "direct", s_start, close is None))
        elif (
            that
            and verb.kind == "speech"
            and mention is not None
            and " را " in text[mention.end : verb.start]
            and " که " not in text[mention.end : verb.start]
        ):
            # «… را سایر گرایش‌هایی عنوان کرد که پذیرش … انجام می‌گیرد»: «که» is relative here
            start = object_start(text, mention.end, verb.start)
            drafts.append(Draft(verb, mention, start, s_end, "reported", s_start, False))
        elif that and verb.kind == "speech" and "that" in verb.frames:
            content_start = verb.end + that.end()
            drafts.append(
                Draft(verb, mention, content_start, s_end, "reported", s_start, False, inherit=inherit)
            )
        elif verb.kind == "evaluative":
            if mention is None or " را " not in f" {clause} ":
                continue
            start = object_start(text, mention.end, verb.start)
            drafts.append(Draft(verb, mention, start, verb.start, "reported", s_start, False))
        elif at_end and verb.kind == "speech":
            separator = max(clause.rfind("،"), clause.rfind("»"), clause.rfind(","))
            object_clause = " را " in f" {clause} " and is_speakerish(mention, seen_names)
            if separator <= 0 or (mention is not None and separator < mention.end - s_start) or object_clause:
                if mention is None or " را " not in f" {clause} " or "object" not in verb.frames:
                    continue
                # «وی دلایل موفقیت را … بیان کرد.»: a speech verb used like «دانست»
                start = object_start(text, mention.end, verb.start)
                drafts.append(Draft(verb, mention, start, verb.start, "reported", s_start, False))
                continue
            who = mention_after_content(text, s_start + separator, verb.start)
            if who is None:
                continue
            content_start = skip_frame(text, s_start, s_start + separator)
            quoted = clause[: separator + 1].rstrip(" ،,").endswith("»")
            kind = "direct" if quoted else "reported"
            drafts.append(Draft(verb, who, content_start, s_start + separator, kind, s_start, False))
        elif comma and mention is not None and not at_end and "comma" in verb.frames:
            # «یزدانجو … به فارس گفته بود، از ترجمه کردن خسته شده‌ام.»
            drafts.append(Draft(verb, mention, verb.end + comma.end(), s_end, "reported", s_start, False))
        elif _runs_on(text, verb, after) and mention is not None:
            # «سرمربی سابق قشقایی می‌گوید اگر …», «… اعلام کردند از مبارزه دست نخواهند کشید»
            content_start = verb.end + len(after) - len(after.lstrip())
            drafts.append(Draft(verb, mention, content_start, s_end, "reported", s_start, False))
        else:
            continue
        if coordination is not None and drafts[-1].verb is verb:
            drafts[-1].clause_start = s_start + coordination.start()  # «او گفت … و افزود: …» ends the first
        if drafts[-1].verb is verb and drafts[-1].content_start > verb.start:
            # a reported content runs to its sentence end: a cue inside it is part of what was said
            region_end = max(region_end, drafts[-1].content_end)
        if mention is not None and mention.name:
            seen_names.append(mention.name)
    return drafts


#: «X خواستار کاهش نرخ سود بانکی شد»: the demand sits between «خواستار» and «شد».
DEMAND = re.compile(
    r"(?<![\w\u200c])خواستار\s+(?P<what>[^.!؟:،\n]{3,200}?)\s+(?P<cue>شد(?:ند)?)(?![\w\u200c])"
)


def _demands(text: str, sentences: list[tuple[int, int]]) -> list[Draft]:
    drafts = []
    for match in DEMAND.finditer(text):
        s_start, _ = containing(sentences, match.start())
        mention = mention_before(text, s_start, match.start())
        if mention is None:
            continue
        plural = match.group("cue").endswith("ند")
        verb = VerbMatch(match.start(), match.end(), "خواستار شدن", "evaluative", 3, plural, False)
        drafts.append(
            Draft(verb, mention, match.start("what"), match.end("what"), "reported", s_start, False)
        )
    return drafts


def _drafts_since(drafts: list[Draft], start: int) -> list[Draft]:
    """The drafts whose verb is at or after ``start``, in order (read from the end: linear over a document)."""
    found = list(takewhile(lambda draft: draft.verb.start >= start, reversed(drafts)))
    return found[::-1]


def _runs_on(text: str, verb: VerbMatch, after: str) -> bool:
    """Is the clause right after ``verb`` its content («سخنگوی وزارت بهداشت گفت تعداد …»)? Only for verbs whose
    lexicon row allows ``run_on``, and only when a clause starts there (not «و», «تا», «را», «که» or punctuation)."""
    if "run_on" not in verb.frames or verb.kind != "speech":
        return False
    following = after.split()
    return (
        bool(following)
        and following[0] not in {"و", "تا", "را", "که"}
        and after[:1].isspace()
        and (following[0][0] not in '.!؟:،,«»"(')
    )


def _confidence(draft: Draft, resolved: str | None) -> float:
    """A rough ranking for users who filter: a colon or a quotation after a written name is the surest;
    a resolved pronoun or title, a clause without «که»/«:» (evaluative, run-on) or an open quote less so."""
    score = 1.0 if draft.kind == "direct" or draft.kind == "according_to" else 0.9
    if draft.verb.kind == "evaluative" or draft.content_start < draft.verb.start:
        score -= 0.1
    if resolved:
        score -= 0.1
    if draft.mention is None or draft.inherit:
        score -= 0.05
    return round(score, 2)


def extract(
    text: str, entities: list[Entity] | None = None, sentences: list[Sentence] | None = None
) -> tuple[list[Statement], list[Diagnostic]]:
    """Statements and diagnostics (unclosed quotes) for ``text``; see :func:`find_statements`."""
    paragraphs = spans(PARAGRAPH_END, text)
    if sentences:
        bounds = sorted({0, len(text)} | {s.end for s in sentences} | {e for _, e in paragraphs})
        sentence_spans = SpanList([(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a])
    else:
        sentence_spans = spans(SENTENCE_END, text)
    drafts = _drafts(text, sentence_spans, paragraphs) + according_drafts(text, sentence_spans)
    drafts += [
        d
        for d in _demands(text, sentence_spans)
        if not any(d.verb.start <= o.verb.start < d.verb.end for o in drafts)
    ]
    taken = [(d.verb.start, d.content_end) for d in drafts]
    drafts += [
        w for w in written_drafts(text, paragraphs) if not any(a <= w.verb.start < b for a, b in taken)
    ]
    drafts.sort(key=lambda d: d.verb.start)
    _apply_entities(drafts, entities or [])
    people = People(lead=lead_subject(text, paragraphs), named=_named_people(text, entities or []), text=text)
    statements: list[Statement] = []
    owners: list[int] = []
    fuller_names = FullerNames(text)
    for index, draft in enumerate(drafts):
        end = draft.content_end
        for position in range(index + 1, len(drafts)):
            later = drafts[position]
            if later.clause_start >= draft.content_start:
                end = min(end, later.clause_start)
                break
        if draft.open_ended:
            end = _narration_start(text, sentence_spans, draft, end)
        start, end = trim(text, draft.content_start, end)
        if end <= start:
            continue
        mention = draft.mention
        if mention is None or draft.inherit:
            if not owners:
                continue
            owner, resolved, written = owners[-1], None, statements[-1].speaker
            link = "same_clause"
            people.touch(owner, draft.verb.plural)
            m_text, m_start, m_end = written.text, written.start, written.end
        else:
            same_as_lead = bool(CUE_SAME_AS_LEAD.search(text[mention.end : draft.verb.start]))
            if (
                mention.name
                and not mention.pronoun
                and not mention.honorific
                and len(mention.name.split()) == 1
                and not mention.role
            ):
                fuller = fuller_names(mention)
                if fuller and not people.knows(mention.name):
                    mention.honorific, mention.name = fuller
            if mention.pronoun and not people.recent:
                people.lead = previous_subject(text, sentence_spans, draft.clause_start) or people.lead
            also = bool(ALSO.search(text[mention.end : draft.verb.start]))
            antecedent = _antecedent(text, mention, entities or []) if mention.anaphor else None
            owner, resolved, link = people.resolve(mention, draft.verb.plural, same_as_lead, also, antecedent)
            m_text, m_start, m_end = mention.text, mention.start, mention.end
        owners.append(owner)
        statements.append(
            Statement(
                start=min(m_start, draft.verb.start, start),
                end=max(end, draft.verb.end),
                speaker=Speaker(
                    text=m_text, start=m_start, end=m_end, canonical="", resolved_from=resolved, link=link
                ),
                verb=draft.verb.lemma,
                verb_text=text[draft.verb.start : draft.verb.end],
                verb_span=Span(start=draft.verb.start, end=draft.verb.end),
                content=TextSpan(text=text[start:end], start=start, end=end),
                kind=draft.kind,  # type: ignore[arg-type]
                confidence=_confidence(draft, resolved),
            )
        )
    for statement, owner in zip(statements, owners, strict=True):
        person = people.persons[owner]
        statement.speaker.canonical = person.canonical or statement.speaker.text
        statement.speaker.role = person.role or None
    return statements, unclosed_quotes(text)


#: A sentence the reporter writes about a speaker ends in a simple past light verb («… قدردانی کرد.», «… خودداری
#: کرد.»); the speaker's own words about someone («او پیشرفت کرده و … بدل کند») do not.
NARRATIVE_END = re.compile(r"(?<![\w\u200c])(?:کرد|نمود|داد|شد|داشت)(?:ند)?\s*[.!؟]?\s*$")


def _narration_start(text: str, sentences: list[tuple[int, int]], draft: Draft, end: int) -> int:
    """Where an open content («X گفت: A. B. C») gives way to the reporter's voice: the first later sentence
    outside any quotation that opens with a third-person reference to a speaker («او از همکاری … قدردانی کرد»,
    «وی اما از ارائه جزئیات خودداری کرد», «کریمی …») and ends as narration does (:data:`NARRATIVE_END`), or
    ``end``."""
    name = draft.mention.name.split() if draft.mention is not None else []
    surname = name[-1] if 0 < len(name) <= 3 else ""  # a longer «name» ran on into the clause
    starts = sentences.starts if isinstance(sentences, SpanList) else [b for b, _ in sentences]
    for index in range(bisect_right(starts, draft.content_start), len(sentences)):
        s_start, sentence_end = sentences[index]
        if s_start >= end:
            break
        if text.count("«", draft.content_start, s_start) > text.count("»", draft.content_start, s_start):
            continue  # inside a quotation that is still open
        if text.count('"', draft.content_start, s_start) % 2:
            continue
        words = text[skip_frame(text, s_start, end) : end].split()[:2]
        if not words:
            continue
        first = key(words[0].strip("«»\"'"))
        about_speaker = (
            first in PRONOUN_KEYS
            or (surname and first == key(surname))
            or (first in {"این", "آن"} and len(words) > 1 and key(words[1]) in ANAPHOR_KEYS)
        )
        if about_speaker and NARRATIVE_END.search(text, s_start, min(sentence_end, end)):
            return s_start
    return end


#: An antecedent phrase found without the entity tagger is a name or a short description («نشریه انگلیسی دیلی میل»).
MAX_ANTECEDENT_WORDS = 5


def _antecedent(text: str, mention: Mention, entities: list[Entity]) -> str | None:
    """What «این نشریه» points back to: the nearest earlier phrase headed by «نشریه» that is not itself an
    anaphor («نشریه انگلیسی دیلی میل»), as the entity tagger found it, else up to the first stop word."""
    noun = key(mention.text.split()[1])
    for match in reversed(list(re.finditer(r"\S+", text[: mention.start]))):
        if key(match.group(0)) != noun:
            continue
        before = text[max(0, match.start() - 6) : match.start()].split()
        if before and key(before[-1]) in {"این", "آن"}:
            continue
        for entity in entities:
            if entity.label in {"ORG", "PER"} and entity.start <= match.start() < entity.end:
                return entity.text.strip('«»"')
        following = mention_before(text, match.start(), min(len(text), match.start() + 120))
        if following is not None and 2 <= len(following.text.split()) <= MAX_ANTECEDENT_WORDS:
            return following.text
        return None
    return None


def _named_people(text: str, entities: list[Entity]) -> list[tuple[str, str]]:
    """(name, role) of every person entity with a name of two words or more: the names the document gives."""
    named = []
    for entity in entities:
        if entity.label != "PER":
            continue
        mention = parse_mention(text, entity.start, entity.end)
        role = mention.role or (entity.role or "")
        if entity.role_span is not None and not mention.role:
            role = text[entity.role_span.start : entity.role_span.end]
        if len(mention.name.split()) >= 2:
            named.append((mention.name, role))
    return named


def _apply_entities(drafts: list[Draft], entities: list[Entity]) -> None:
    """Where our own parse found only a role («سخنگوی وزارت امور خارجه ناصر کنعانی»), a person the entity tagger
    found at the end of the phrase is the name. A name we parsed ourselves is kept: the tagger's spans are
    sometimes partial («جمالی‌پور» of «هدایت‌اله جمالی‌پور»)."""
    people = [e for e in entities if e.label == "PER" and len(e.text.split()) >= 2]
    for draft in drafts:
        mention = draft.mention
        if mention is None or mention.pronoun or mention.name or not mention.role:
            continue
        for entity in people:
            if mention.start < entity.start and entity.end == mention.end:
                mention.name = entity.text.strip("«»")
                mention.role = mention.text[: entity.start - mention.start].strip(" ،,")
                break


def find_statements(
    text: str, entities: list[Entity] | None = None, sentences: list[Sentence] | None = None
) -> list[Statement]:
    """Every attributed statement in ``text`` (repaired Persian news), in reading order.

    ``entities`` (from the entity tagger) and ``sentences`` are used when given; without them the extractor
    relies on its own title list and sentence splitter.
    """
    titles()  # load once, outside the loop
    return extract(text, entities, sentences)[0]


def annotate_statements(doc: Document) -> None:
    """Fill ``doc.statements`` from ``doc.text`` (and its entities and sentences), adding quote diagnostics."""
    statements, diagnostics = extract(doc.text, doc.entities or None, doc.sentences or None)
    doc.statements = statements
    doc.diagnostics.extend(diagnostics)


#: The pipeline's annotator signature (``dabir.extract.ANNOTATORS``).
annotate = annotate_statements
