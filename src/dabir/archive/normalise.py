"""Search normalisation: one canonical token stream for documents and queries, so Persian typed any way matches.

Users type «گروه های», «گروههای» or «گروه‌های», ي or ی, ك or ک, ۱۲ or 12, with tatweel or harakat.  Both the
indexed text and the query pass through :func:`analyse`, which folds letters and digits and yields *groups*:
one group per written word, where a half-space word («گروه‌های») or a detached affix written with a space
(«گروه های», «می شود») makes one group.  Each group has

* ``body``: the joined form («گروههای»), indexed in the ``body`` column, so all three spellings agree;
* ``parts``: its pieces («گروه», «های»), indexed in the ``parts`` column (for words of two or more pieces
  only), so «گروه» also finds «گروه‌های».

Folding is a ``str.translate`` table built once; tokens are found by one compiled regex.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from dabir.lang.fa.script import letter_table

ZWNJ = "\u200c"

#: Affixes that Persian writes joined by a half-space but damaged text detaches with a space.
#: Only bound morphemes that almost never stand alone in news text are listed: a false join would only
#: make the body form of a rare phrase differ, and queries are joined by the same rule.
DETACHED_SUFFIXES = frozenset(
    {
        "ها",
        "های",
        "هایی",
        "هایم",
        "هایت",
        "هایش",
        "هایمان",
        "هایتان",
        "هایشان",
        "تر",
        "ترین",
    }
)
DETACHED_PREFIXES = frozenset({"می", "نمی"})


def _fold_table() -> dict[int, str | None]:
    # The letters as ``fold_letters`` folds them, and for search also the hamza carriers, «آ», «ۀ» and «ې».
    table = letter_table({"ئ": "ی", "ې": "ی", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و"})
    for zero in (0x06F0, 0x0660, 0xFF10):  # Persian, Arabic-Indic, full-width digits
        for value in range(10):
            table[zero + value] = str(value)
    # Harakat, Quranic marks, superscript alef, hamza and tatweel carry no meaning for search.
    for code in [*range(0x064B, 0x0660), 0x0670, *range(0x0610, 0x061B), *range(0x06D6, 0x06EE)]:
        table[code] = None
    table[0x0621] = None  # ء
    table[0x0640] = None  # tatweel
    # Every zero-width joiner-like character marks a half-space.
    for code in (0x200D, 0x200B, 0x00AD, 0x2060, 0xFEFF):
        table[code] = ZWNJ
    return table


FOLD = _fold_table()
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
#: A word: letters, digits (and ``_``, as for ``\w``), possibly joined by half-spaces.
WORD = re.compile(r"[\w\u200c]+")


def fold(text: str) -> str:
    """Fold a text for matching: «كتابهاي ۱۲» -> «کتابهای 12»; ZWNJ kept, Latin lower-cased.

    Arabic presentation forms (from old PDFs) are first mapped to letters by NFKC.
    """
    if _PRESENTATION_FORMS.search(text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(FOLD).lower()


@dataclass(frozen=True)
class Group:
    """One written word for search: ``body`` is its joined form, ``parts`` its half-space pieces."""

    body: str
    parts: tuple[str, ...]


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# A detached affix is re-attached with a ZWNJ, so that from here on a half-space word and a detached affix
# are the same thing.  Not after digits («۱۲ ها» is rare and ambiguous), and only across plain spaces.
_SUFFIX_GAP = re.compile(rf"(?<=[^\W\d_])[ \t]+(?=(?:{_alternation(DETACHED_SUFFIXES)})(?![^\W_]|\u200c))")
_PREFIX_GAP = re.compile(rf"(?<![^\W_]|\u200c)({_alternation(DETACHED_PREFIXES)})[ \t]+(?=[^\W\d_])")


def _attached(folded: str) -> str:
    return _PREFIX_GAP.sub(lambda m: m.group(1) + ZWNJ, _SUFFIX_GAP.sub(ZWNJ, folded))


def _words(folded: str) -> Iterator[tuple[str, ...]]:
    for match in WORD.finditer(folded):
        word = match.group()
        if ZWNJ in word:
            pieces = tuple(piece for piece in word.split(ZWNJ) if piece)
            if pieces:
                yield pieces
        else:
            yield (word,)


def analyse(text: str) -> list[Group]:
    """Fold ``text`` and split it into groups, re-attaching detached affixes («می شود» -> «میشود»).

    >>> [g.body for g in analyse("گروه های مقاومت")] == [g.body for g in analyse("گروه‌های مقاومت")]
    True
    """
    return [Group("".join(pieces), pieces) for pieces in _words(_attached(fold(text)))]


def index_columns(text: str) -> tuple[str, str]:
    """The two indexed columns of a text: joined forms and half-space pieces, each space-separated.

    Same result as joining :func:`analyse`'s groups, but done with C-speed regexes: the writer's hot path.
    """
    words = WORD.findall(_attached(fold(text)))
    body = " ".join(words).replace(ZWNJ, "")
    # Only half-space words need their pieces indexed: a one-piece word is in ``body`` already.
    parts = " ".join(word for word in words if ZWNJ in word.strip(ZWNJ)).replace(ZWNJ, " ")
    return body, parts


def filter_key(text: str) -> str:
    """A name as a space-padded token string for the word-wise ``--speaker``/``--entity`` filters.

    Every piece of every word is a token, and a half-space word's joined form too, so that a name matches
    however its half-spaces were typed: «خامنه‌ای» -> « خامنه ای خامنهای », «کره شمالی» -> « کره شمالی ».
    """
    tokens: list[str] = []
    for group in analyse(text):
        tokens.extend(group.parts)
        if len(group.parts) > 1:
            tokens.append(group.body)
    return " " + " ".join(tokens) + " " if tokens else ""


def filter_tokens(text: str) -> list[str]:
    """The tokens a filter value must all find in one :func:`filter_key`: its pieces, so that «خامنه ای» and
    «خامنه‌ای» ask for the same thing (a word typed with no separator at all, «خامنهای»,
    still finds the half-space spelling by its joined form)."""
    return [piece for group in analyse(text) for piece in group.parts]


def surface_words(text: str) -> list[tuple[int, int, set[str]]]:
    """Each written word of ``text`` (detached affixes joined as in :func:`analyse`) with its offsets and the
    search forms it answers to: its joined form and its pieces.  Used to mark hits in snippets."""
    words: list[tuple[int, int, tuple[str, ...]]] = []
    # Fold the whole window once, keeping its length (deletions come per word), so offsets stay valid.
    folded = text.translate(_SAME_LENGTH).lower()
    if len(folded) != len(text):
        folded = text
    for match in _SURFACE_WORD.finditer(folded):
        word = match.group()
        if _DELETED.search(word):
            word = fold(word)
        pieces = tuple(piece for piece in word.split(ZWNJ) if piece) if ZWNJ in word else (word,)
        if pieces:
            words.append((match.start(), match.end(), pieces))
    result: list[tuple[int, int, set[str]]] = []
    index = 0
    while index < len(words):
        start, end, pieces = words[index]
        if len(pieces) == 1 and pieces[0] in DETACHED_PREFIXES and index + 1 < len(words):
            index += 1
            end, pieces = words[index][1], pieces + words[index][2]
        if (
            result
            and len(pieces) == 1
            and pieces[0] in DETACHED_SUFFIXES
            and not words[index - 1][2][-1].isdigit()
        ):
            previous_start, _, forms = result[-1]
            joined = {form + pieces[0] for form in forms}
            result[-1] = (previous_start, end, forms | joined | set(pieces))
        else:
            result.append((start, end, {"".join(pieces), *pieces}))
        index += 1
    return result


_SAME_LENGTH = {code: target for code, target in FOLD.items() if target is not None and len(target) == 1}
_DELETED = re.compile("[" + "".join(chr(code) for code, target in FOLD.items() if target is None) + "]")
# Like WORD, but on unfolded text: marks, tatweel and hamza are part of the word they sit in.
_SURFACE_WORD = re.compile(r"(?:\w|[\u200c\u200d\u0640\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed])+")
