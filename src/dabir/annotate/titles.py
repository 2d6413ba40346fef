"""Titles and roles around a person's name: «حضرت آیت‌الله» before it, «رئیس دفتر سیاسی حماس» after it.

Persian news writes a person as ``[honorifics] [office phrase] NAME [office phrase]``. The honorifics and titles
(«آقای», «دکتر», «حضرت آیت‌الله») are a closed list (``lang/fa/titles.txt``); an office phrase starts with an
office word from the same list («رئیس», «سخنگوی», «رهبر») and runs on over the following words («دفتر سیاسی
حماس») until a word that cannot be part of it: punctuation, a preposition or conjunction, a time word, a verb.
Matching works on the tagger's canonical forms with spaces removed, so «آیت الله», «آیت‌الله» and «آيت‌الله»
are one title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from dabir.lang.fa.forms import canonical
from dabir.lang.fa.titles import read_titles

MAX_TITLE_TOKENS = 4
MAX_OFFICE_TOKENS = 6

#: Words that end an office phrase: they join clauses, start adjuncts or are verbs' neighbours, never a role.
_STOP_TEXT = """
    و یا با در به از بر برای تا که را این آن او وی ایشان نیز هم اما ولی چون اگر پس سپس ضمن طی درباره
    عصر صبح ظهر شب امروز دیروز فردا امشب روز هفته ماه سال پیش گذشته اخیر قبل بعد همچنین روز
    گفت گفتند افزود افزودند کرد کردند است بود شد هستند اظهار تاکید تأکید خاطرنشان
    """
STOP_WORDS = frozenset(canonical(word) for word in _STOP_TEXT.split())


@dataclass(frozen=True)
class TitleMatch:
    """Tokens ``start..end`` (exclusive) hold a title of ``kind`` (honorific, title or office)."""

    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Space-free canonical form -> kind, from ``lang/fa/titles.txt``."""
    table: dict[str, str] = {}
    for phrase, kind, _ in read_titles():
        table.setdefault(canonical(phrase).replace(" ", ""), kind)
    return table


def title_at(forms: Sequence[str], index: int) -> TitleMatch | None:
    """The longest title starting at token ``index`` (``forms`` are canonical token forms)."""
    table = _titles()
    for size in range(min(MAX_TITLE_TOKENS, len(forms) - index), 0, -1):
        kind = table.get("".join(forms[index : index + size]))
        if kind:
            return TitleMatch(index, index + size, kind)
    return None


def title_ending_at(forms: Sequence[str], end: int) -> TitleMatch | None:
    """The longest title whose last token is ``end - 1``."""
    table = _titles()
    for size in range(min(MAX_TITLE_TOKENS, end), 0, -1):
        kind = table.get("".join(forms[end - size : end]))
        if kind:
            return TitleMatch(end - size, end, kind)
    return None


def honorifics_before(forms: Sequence[str], start: int) -> int:
    """Index where the run of honorifics/titles right before token ``start`` begins (``start`` if none)."""
    position = start
    while position > 0:
        match = title_ending_at(forms, position)
        if match is None or match.kind == "office":
            break
        position = match.start
    return position


def office_after(forms: Sequence[str], index: int, limit: int | None = None) -> int:
    """End of an office phrase starting at ``index`` («رئیس دفتر سیاسی حماس»), or ``index`` if none."""
    match = title_at(forms, index)
    if match is None or match.kind != "office":
        return index
    end = match.end
    stop = min(len(forms), limit if limit is not None else len(forms), match.end + MAX_OFFICE_TOKENS)
    while end < stop and _continues(forms[end]):
        following = title_at(forms, end)
        if following is not None and following.kind != "office":
            break  # «… آقای» starts the next person's titles
        end += 1
    return end


def office_before(forms: Sequence[str], start: int, floor: int = 0) -> int:
    """Start of an office phrase ending right before token ``start`` («وزیر امور خارجه ظریف»), or ``start``."""
    found = start
    for head in range(start - 1, max(floor, start - 1 - MAX_OFFICE_TOKENS) - 1, -1):
        match = title_at(forms, head)
        if match is None and not _continues(forms[head]):
            break
        if match is not None and match.kind == "office" and office_after(forms, head, limit=start) == start:
            found = head  # keep looking: «معاون رئیس جمهور» starts at «معاون», not «رئیس»
    return found


def _continues(form: str) -> bool:
    """True when a word can go on an office phrase: a Persian word that is not a stop word."""
    return bool(form) and form not in STOP_WORDS and form[0].isalpha() and not form.isdigit()
