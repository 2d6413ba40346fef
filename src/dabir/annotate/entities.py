"""Named entities (PER, ORG, LOC, FAC, EVENT, PRO) with persons' titles, roles and one canonical name each.

The tagger is a CRF trained by ``dabir-train ner`` (see ``dabir.train.ner``) and shipped as
``dabir/artifacts/ner_fa.crfsuite``, averaged with a BiLSTM-CRF network run in numpy (``dabir.annotate.ner_nn``;
without its artifact the CRF tags alone); both are opened once, on first use. Around each person the titles
(«حضرت آیت‌الله», «آقای») and the office phrase («رئیس دفتر سیاسی حماس») are found with ``dabir.annotate.titles``
and kept *out* of the name: the honorific goes to ``title``, the office (or, without one, the honorific) to
``role``. Later mentions of the same person by surname alone, or by the office alone («رهبر انقلاب اسلامی»),
get the same ``canonical``: the fullest name written in the document.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import resources

import pycrfsuite

from dabir.annotate import ner_nn
from dabir.annotate.ner_features import canonical, crf_items, sentence_features, tokenize
from dabir.annotate.titles import honorifics_before, office_after, office_before, title_at
from dabir.lang.fa import gazetteers
from dabir.limits import MAX_SENTENCE_TOKENS
from dabir.models import Document, Entity, Span, TextSpan

#: The labels the tagger gives (the NER corpora's tags mapped by ``dabir.train.ner``).
LABELS = ("PER", "ORG", "LOC", "FAC", "EVENT", "PRO")
MODEL_NAME = "ner_fa.crfsuite"
_SENTENCE_END = frozenset(".!?؟")
_OPEN_QUOTES = frozenset("«“\"'(")
_CLOSE_QUOTES = frozenset("»”\"')")

#: Tokens tagged together: the network batches sentences of similar length within a chunk. A news report
#: fits in one chunk (its tags are those of the whole document at once); a book is tagged chunk by chunk.
CHUNK_TOKENS = 8_192

_load_lock = threading.Lock()
_tag_lock = threading.Lock()
_tagger: pycrfsuite.Tagger | None = None


def tagger() -> pycrfsuite.Tagger:
    """The shipped CRF, opened on first use and kept (crfsuite maps the file; tagging is thread-safe per call)."""
    global _tagger
    if _tagger is None:
        with _load_lock:
            if _tagger is None:
                model = resources.files("dabir").joinpath("artifacts", MODEL_NAME)
                with resources.as_file(model) as path:
                    loaded = pycrfsuite.Tagger()
                    loaded.open(str(path))
                _tagger = loaded
    return _tagger


def tag_words(words: Sequence[str]) -> list[str]:
    """BIO tags for one sentence of words."""
    return tag_sentences([words])[0]


def tag_sentences(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """BIO tags for the sentences of one document.

    A sentence longer than ``MAX_SENTENCE_TOKENS`` (a table, a line of colons) is tagged in windows of that
    many tokens, and the windows in chunks of about ``CHUNK_TOKENS``: what the taggers hold at once (feature
    dicts, the network's arrays) grows with the chunk, not with the document.
    """
    windows = [
        (index, words[start : start + MAX_SENTENCE_TOKENS])
        for index, words in enumerate(sentences)
        for start in range(0, len(words), MAX_SENTENCE_TOKENS)
    ]
    tags: list[list[str]] = [[] for _ in sentences]
    chunk: list[tuple[int, Sequence[str]]] = []
    size = 0
    for number, (index, words) in enumerate(windows, 1):
        chunk.append((index, words))
        size += len(words)
        if size >= CHUNK_TOKENS or number == len(windows):
            for (owner, _), found in zip(chunk, _tag_together([w for _, w in chunk]), strict=True):
                tags[owner].extend(found)
            chunk, size = [], 0
    return tags


def _tag_together(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """BIO tags for sentences tagged together (the network batches them)."""
    model = tagger()
    network = ner_nn.network()
    features = [sentence_features(words) for words in sentences]
    with _tag_lock:  # one Tagger object: crfsuite keeps per-call state in it
        if network is None:
            return [model.tag(crf_items(f)) for f in features]
        return ner_nn.ensemble_tags(model, network, sentences, features)


def split_sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group token spans into sentences: after «. ! ? ؟» and at line breaks."""
    sentences: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in spans:
        if current and "\n" in text[current[-1][1] : start]:
            sentences.append(current)
            current = []
        current.append((start, end))
        if text[start:end] in _SENTENCE_END:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        if label and (prefix != "I" or name != label):
            found.append((start, index, label))
            label = ""
        if prefix == "B" or (prefix == "I" and not label):
            start, label = index, name
    return found


def _sentence_entities(text: str, spans: list[tuple[int, int]], tags: list[str]) -> list[Entity]:
    forms = [canonical(text[start:end]) for start, end in spans]
    found = _bio_spans(tags)
    entities: list[Entity] = []
    person_starts = sorted(start for start, _, label in found if label == "PER")
    for first, last, label in found:
        if label == "PER":
            # The model sometimes takes «آقای» or «آیت‌الله» into the name: give them back to the title.
            while first < last - 1:
                match = title_at(forms, first)
                if match is None or match.kind == "office" or match.end >= last:
                    break
                first = match.end
            # ... or took only the last word of an office («رهبر انقلاب [اسلامی]»): the whole office is the mention.
            office_start = office_before(forms, first)
            if office_start < first and office_after(forms, office_start) >= last:
                first = office_start
        start, end = spans[first][0], spans[last - 1][1]
        entity = Entity(
            text=text[start:end],
            label=label,
            start=start,
            end=end,
            canonical=" ".join(text[start:end].split()),
        )
        if label == "PER" and office_after(forms, first) >= last:
            # The model took an office alone («رهبر انقلاب اسلامی») for a person: it is a role-only mention.
            entity.role, entity.role_span = entity.text, Span(start=start, end=end)
        elif label == "PER":
            following = [position for position in person_starts if position > first]
            _attach_titles(entity, text, spans, forms, first, last, following[0] if following else len(forms))
        entities.append(entity)
    return entities


def _attach_titles(
    entity: Entity,
    text: str,
    spans: list[tuple[int, int]],
    forms: list[str],
    first: int,
    last: int,
    next_person: int,
) -> None:
    def span_of(a: int, b: int) -> TextSpan:
        return TextSpan(text=text[spans[a][0] : spans[b - 1][1]], start=spans[a][0], end=spans[b - 1][1])

    before = first - 1 if first > 0 and forms[first - 1] in _OPEN_QUOTES else first
    honorific_start = honorifics_before(forms, before)
    office_start = office_before(forms, honorific_start)
    after = last + 1 if last < len(forms) and forms[last] in _CLOSE_QUOTES else last
    office_end = office_after(forms, after, limit=next_person)
    title = span_of(honorific_start, before) if honorific_start < before else None
    if office_end > after:
        office = span_of(after, office_end)
    elif office_start < honorific_start:
        office = span_of(office_start, honorific_start)
    else:
        office = None
    entity.title = title
    role = office or title
    if role is not None:
        entity.role = role.text
        entity.role_span = Span(start=role.start, end=role.end)


def _name_key(text: str) -> list[str]:
    return [canonical(word) for word in text.split()]


def _resolve_people(entities: list[Entity]) -> None:
    """Give every mention of one person the fullest name written for them as ``canonical``."""
    people = [entity for entity in entities if entity.label == "PER" and entity.text != entity.role]
    full_names: list[tuple[list[str], str]] = []
    for entity in sorted(people, key=lambda item: (-len(item.text.split()), item.start)):
        key = _name_key(entity.text)
        for full_key, full_text in full_names:
            if set(key) <= set(full_key):
                entity.canonical = full_text
                break
        else:
            full_names.append((key, entity.canonical))


def _role_key(text: str) -> list[str]:
    return [form for form in (canonical(word) for word in text.split()) if form]


def _owner(key: list[str], roles: list[tuple[Entity, list[str]]]) -> Entity | None:
    """The named person whose role has the same head word and contains every word of ``key``."""
    return next((entity for entity, role in roles if key[0] == role[0] and set(key) <= set(role)), None)


def _named_roles(entities: list[Entity]) -> list[tuple[Entity, list[str]]]:
    roles = [
        (entity, _role_key(entity.role))
        for entity in entities
        if entity.label == "PER" and entity.role and entity.text != entity.role
    ]
    return [(entity, key) for entity, key in roles if len(key) > 1]


def _resolve_roles(entities: list[Entity]) -> None:
    """Role-only mentions the model tagged itself take the canonical name of the person who holds the role."""
    roles = _named_roles(entities)
    for entity in entities:
        if entity.label == "PER" and entity.text == entity.role:
            owner = _owner(_role_key(entity.text), roles)
            if owner is not None:
                entity.canonical = owner.canonical


def _role_mentions(text: str, sentences: list[list[tuple[int, int]]], entities: list[Entity]) -> list[Entity]:
    """Mentions of a person by office alone («رهبر انقلاب اسلامی گفتند»), once that office was given a name."""
    roles = _named_roles(entities)
    if not roles:
        return []
    # An organisation inside the phrase («… دفتر سیاسی حماس») does not stop it; a person or their titles do.
    taken = [(entity.start, entity.end) for entity in entities if entity.label == "PER"]
    taken += [(e.role_span.start, e.role_span.end) for e in entities if e.role_span is not None]
    taken += [(e.title.start, e.title.end) for e in entities if e.title is not None]
    mentions: list[Entity] = []
    for spans in sentences:
        forms = [canonical(text[start:end]) for start, end in spans]
        index = 0
        while index < len(forms):
            end = office_after(forms, index)
            if end - index > 1:
                start, stop = spans[index][0], spans[end - 1][1]
                overlaps = any(a < stop and start < b for a, b in taken)
                key = forms[index:end]
                owner = _owner(key, roles)
                if owner is not None and not overlaps:
                    mentions.append(
                        Entity(
                            text=text[start:stop],
                            label="PER",
                            start=start,
                            end=stop,
                            canonical=owner.canonical,
                            role=text[start:stop],
                            role_span=Span(start=start, end=stop),
                        )
                    )
                index = end
            else:
                index += 1
    return mentions


def _surname_mentions(
    text: str, sentences: list[list[tuple[int, int]]], entities: list[Entity]
) -> list[Entity]:
    """A named person's surname written alone later («ظریف گفت») is that person too, where the model missed it."""
    surnames = {
        canonical(entity.text.split()[-1]): entity.canonical
        for entity in entities
        if entity.label == "PER"
        and entity.text != entity.role  # an office alone has no surname («رهبر انقلاب اسلامی» -> «اسلامی»)
        and len(entity.text.split()) > 1
        and len(entity.text.split()[-1]) > 2
        # only names we trust: a known first name, or a title/role next to it («مومن فلسطینی» is no name)
        and ("first" in gazetteers.word_kinds(canonical(entity.text.split()[0])) or entity.role)
    }
    if not surnames:
        return []
    taken = [(entity.start, entity.end) for entity in entities]
    mentions: list[Entity] = []
    for spans in sentences:
        forms = [canonical(text[start:end]) for start, end in spans]
        for index, (start, end) in enumerate(spans):
            full = surnames.get(forms[index])
            if full is None or any(a < end and start < b for a, b in taken):
                continue
            entity = Entity(text=text[start:end], label="PER", start=start, end=end, canonical=full)
            _attach_titles(entity, text, spans, forms, index, index + 1, len(forms))
            mentions.append(entity)
    return mentions


def _find(text: str, sentences: list[list[tuple[int, int]]]) -> list[Entity]:
    entities: list[Entity] = []
    tagged = tag_sentences([[text[start:end] for start, end in spans] for spans in sentences])
    for spans, tags in zip(sentences, tagged, strict=True):
        entities.extend(_sentence_entities(text, spans, tags))
    _resolve_people(entities)
    entities.extend(_surname_mentions(text, sentences, entities))
    _resolve_roles(entities)
    entities.extend(_role_mentions(text, sentences, entities))
    return sorted(entities, key=lambda entity: (entity.start, entity.end))


def find_entities(text: str) -> list[Entity]:
    """Entities of repaired ``text``, with offsets into it.

    >>> [(e.text, e.label) for e in find_entities("اسماعیل هنیه به تهران رفت.")]
    [('اسماعیل هنیه', 'PER'), ('تهران', 'LOC')]
    """
    return _find(text, split_sentences(text, tokenize(text)))


def annotate_entities(document: Document) -> None:
    """Fill ``document.entities``, using the document's tokens and sentences when an earlier stage made them."""
    if document.tokens:
        spans = [(token.start, token.end) for token in document.tokens]
        if document.sentences:
            sentences: list[list[tuple[int, int]]] = []
            position = 0
            for sentence in document.sentences:
                group = []
                while position < len(spans) and spans[position][0] < sentence.end:
                    if spans[position][0] >= sentence.start:
                        group.append(spans[position])
                    position += 1
                if group:
                    sentences.append(group)
        else:
            sentences = split_sentences(document.text, spans)
    else:
        sentences = split_sentences(document.text, tokenize(document.text))
    document.entities = _find(document.text, sentences)


annotate = annotate_entities
