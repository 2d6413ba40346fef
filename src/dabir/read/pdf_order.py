"""One line of a PDF, from positioned glyphs to logical Persian text.

PDF producers write Persian in *visual* order (left to right as drawn), often with presentation-form code
points (U+FB50-FDFF, U+FE70-FEFF) and without space glyphs.  Here a line's glyphs are ordered by position,
spaces are put back where the gap between glyphs is a word gap, presentation forms are expanded (NFKC), and a
line whose Arabic-script runs read backwards is reversed with numbers and Latin kept left to right.  Ligature
glyphs («لا», «الله») carry their text in logical order already, so a line is reversed glyph by glyph, not
character by character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: How much evidence (function words) a line needs to go against the direction of the rest of its document.
DOCUMENT_PRIOR = 2.5
#: A gap wider than this share of the font size between two glyphs is a word space.
WORD_GAP = 0.15

# Closed-class Persian words (prepositions, conjunctions, auxiliaries, pronouns) that fill every line of
# running text; a line whose words match more of them read backwards than forwards was drawn visually.
# Palindromes («و», «هه») are left out: they say nothing about direction; so are «ما» and «یا», whose
# reversals «ام» and «ای» stand alone in text that lost its half-spaces («گفته ام», «مجرمانه ای»).
_FUNCTION_WORDS_TEXT = """
    در به از که این را با است برای آن یک خود تا بر هم نیز شده می شد کرد ها های بود اما هر او وی ایشان
    پس اگر همه باید دیگر بین پیش گفت کرده شود کند کنند دارد شده‌است نمی شما آنها ولی چون چه هیچ بی
    روی زیر خواهد خواهند بودند کردند کردن گفته افزود گفتند افزودند کشور سال روز امروز اسلامی ایران
    تهران رئیس جمهوری مردم دولت مجلس وزیر اینکه آنکه همین چند بسیار بیش کنیم کنید داشت باشد نیست هستند
    """
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff\u200c]+")
_PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
_NUMBER_PUNCT = frozenset(".,/:\u066b\u066c\u060c")
_LEADING_AFFIX = frozenset("$€£#+")
_TRAILING_AFFIX = frozenset("%\u066a")


@dataclass
class Glyph:
    """A glyph's text (one or more characters) and its horizontal extent."""

    text: str
    x0: float
    x1: float
    size: float


def expand_presentation_forms(text: str) -> str:
    """NFKC on presentation forms only: «ﺳﻼﻡ» -> «سلام»; other characters (ZWNJ, digits) stay as they are."""
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" for ch in text)


def visual_clusters(glyphs: list[Glyph]) -> list[str]:
    """Glyph texts in left-to-right drawing order, with word spaces restored and marks kept on their base."""
    bases: list[Glyph] = []
    marks: list[Glyph] = []
    for glyph in glyphs:
        (marks if _is_mark(glyph.text) else bases).append(glyph)
    bases.sort(key=lambda g: (g.x0 + g.x1) / 2)
    attached: dict[int, list[str]] = {}
    for mark in marks:  # a mark belongs to the base glyph it overlaps most
        centre = (mark.x0 + mark.x1) / 2
        if bases:
            index = min(range(len(bases)), key=lambda i: abs((bases[i].x0 + bases[i].x1) / 2 - centre))
            attached.setdefault(index, []).append(mark.text)
    clusters: list[str] = []
    previous: Glyph | None = None
    for index, glyph in enumerate(bases):
        if previous is not None and not glyph.text.isspace() and not previous.text.isspace():
            gap = glyph.x0 - previous.x1
            if gap > WORD_GAP * max(glyph.size, previous.size, 1.0):
                clusters.append(" ")
        clusters.append(expand_presentation_forms(glyph.text + "".join(attached.get(index, []))))
        previous = glyph
    return clusters


def _bidi(cluster: str) -> str:
    """The strongest bidi class of a cluster: R (Arabic/Hebrew), L, N (digit) or O (other)."""
    kinds = {unicodedata.bidirectional(ch) for ch in cluster}
    if kinds & {"R", "AL"}:
        return "R"
    if "L" in kinds:
        return "L"
    if kinds & {"EN", "AN"}:
        return "N"
    return "O"


def _ltr_units(clusters: list[str]) -> list[list[str]]:
    """A visual line cut into units: Latin runs and numbers (kept left to right) and single clusters.

    A Latin run takes the numbers and neutrals after it («S&P 500»); a number takes its inner separators
    («۱۴۰۲/۰۳/۳۱», «3.5»), a following «%» and a currency sign before it.
    """
    kinds = [_bidi(c) for c in clusters]
    units: list[list[str]] = []
    i, n = 0, len(clusters)
    while i < n:
        end = i
        if kinds[i] == "L":
            for k in range(i + 1, n):
                if kinds[k] == "R":
                    break
                if kinds[k] in ("L", "N"):
                    end = k
        elif kinds[i] == "N" or (clusters[i] in _LEADING_AFFIX and i + 1 < n and kinds[i + 1] == "N"):
            for k in range(i + 1, n):
                inner = (
                    clusters[k] in _NUMBER_PUNCT and k + 1 < n and kinds[k + 1] == "N" and kinds[k - 1] == "N"
                )
                trailing = clusters[k] in _TRAILING_AFFIX and kinds[k - 1] == "N"
                if not (kinds[k] == "N" or inner or trailing):
                    break
                end = k
        units.append(clusters[i : end + 1])
        i = end + 1
    return units


def reverse_visual(clusters: list[str]) -> str:
    """A visually ordered line in logical order: units reversed, Latin and number runs kept LTR."""
    return "".join("".join(unit) for unit in reversed(_ltr_units(clusters)))


def direction_score(text: str) -> float:
    """How much ``text`` reads like logical Persian: function words and «آ» at word starts count."""
    score = 0.0
    for word in _ARABIC_WORD.findall(text):
        if word == word[::-1]:
            continue
        if word in FUNCTION_WORDS:
            score += 1.0
        if word.startswith("آ"):
            score += 0.5
        elif word.endswith("آ"):
            score -= 0.5
    return score


@dataclass
class LineText:
    """A line's text both ways and the evidence for each; ``decide`` picks one."""

    as_drawn: str
    reversed: str
    evidence: float  # > 0: the reversed reading is the Persian one
    arabic: bool

    def decide(self, document_prefers_reversed: bool | None) -> tuple[str, bool]:
        """(text, was_reversed): the document's direction unless the line's own evidence clearly disagrees.

        One or two function words (a short last line, «ام.») do not outweigh the rest of the document.
        """
        if not self.arabic:
            return self.as_drawn, False
        prior = (
            0.0
            if document_prefers_reversed is None
            else (DOCUMENT_PRIOR if document_prefers_reversed else -DOCUMENT_PRIOR)
        )
        if self.evidence + prior > 0:
            return self.reversed, True
        return self.as_drawn, False


def read_line(glyphs: list[Glyph]) -> LineText:
    """Both readings of a line of glyphs, with the evidence for the reversed one."""
    clusters = visual_clusters(glyphs)
    as_drawn = "".join(clusters)
    arabic = bool(_ARABIC_WORD.search(as_drawn))
    if not arabic:
        return LineText(as_drawn, as_drawn, 0.0, False)
    backwards = reverse_visual(clusters)
    return LineText(as_drawn, backwards, direction_score(backwards) - direction_score(as_drawn), True)


_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»"}
_SWAP = str.maketrans({**_PAIRS, **{v: k for k, v in _PAIRS.items()}})


def bracket_badness(text: str) -> int:
    """Closing marks without an opening one, plus unclosed openings: low for text in logical order."""
    bad = 0
    for opening, closing in _PAIRS.items():
        depth = 0
        for ch in text:
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth < 0:
                    bad += 1
                    depth = 0
        bad += depth
    return bad


def swap_brackets(text: str) -> str:
    """«(» <-> «)», «[» <-> «]», «{» <-> «}», «» <-> «: producers that mirror code points need this."""
    return text.translate(_SWAP)
