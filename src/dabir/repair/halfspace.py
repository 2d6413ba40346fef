"""Half-space (ZWNJ, U+200C) rules.

``zwnj_cleanup`` removes ZWNJs that can never be right: doubled, or next to a space or punctuation.  A ZWNJ after
a letter that does not join forward is invisible; it is removed before an inflectional suffix («بندر‌ها» ->
«بندرها», the classic normaliser bug) and kept inside a compound, where some corpora (UD Seraji: «ضد‌انقلاب»)
use it to mark the word boundary.

``halfspace_spaced`` joins a word and an affix that a space separates («می کرد», «کتاب ها», «خامنه ای»,
«آیت الله»); ``halfspace_joined`` puts back ZWNJs that were deleted («میکرد», «گروههای», «بینالمللی»).  Both decide
from the shipped lexicon (``dabir.lang.fa.halfspace_lexicon``) and a small morphology; every edit names the
lexicon entry or pattern that decided it in ``Edit.source`` («lexicon:منسوخ‌شده (0.93)», «suffix:ها»,
«morph:stem گروه+های», «list:خاطرنشان»).

Clean text must stay clean, so certainty is graded: spellings the rules of Persian orthography require («می‌»,
«ه‌ای», «ه‌اند») are always written; house style («آنها»/«آن‌ها», «بزرگتر»/«بزرگ‌تر») only in text that lost
its ZWNJs; and in text that already writes ZWNJs only the required ones are added.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, compress

from dabir.lang.fa.script import ZWNJ, is_persian_letter, joins_forward, non_joining_letters
from dabir.repair.edits import Edit, settle
from dabir.repair.halfspace_morph import restore_word
from dabir.repair.halfspace_pairs import (
    INFLECTIONS,
    closed_pair_keys,
    compound_parts,
    hand_compounds,
    inflected_heads,
    join_pair,
    pair_keys,
    zwnj_rights,
)
from dabir.repair.halfspace_words import LEFT_WORDS, LONG_TEXT_WORDS, STYLE_EVIDENCE, SURE, spelling_rule
from dabir.repair.options import RepairOptions

__all__ = [
    "compound_parts",
    "hand_compounds",
    "join_pair",
    "restore_word",
    "spaced_edits",
    "zwnj_cleanup",
]

_NON_JOINING = "".join(sorted(non_joining_letters()))
_LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
_ZWNJ_RUN = re.compile(f"{ZWNJ}+")
#: What a ZWNJ may never stand beside: a space, a digit or punctuation.
_EDGE = re.compile(r"[\s\d.,،؛:!؟?«»()\[\]]")
_LETTER_CHAR = re.compile(f"[{_LETTER}]")
#: Splits text into words (even items, possibly empty) and what separates them (odd items).  Harakat belong
#: to their word («حَقِّی» is one word, found in no list, and left alone; not «ح», «ق», «ی»); the hamza of
#: «خانهٔ» does not, so «واژهنامهٔ» is looked up as «واژهنامه».
_SPLIT = re.compile(f"([^{_LETTER}{ZWNJ}\u064b-\u0653\u0670]+)")


def zwnj_cleanup(text: str, options: RepairOptions) -> list[Edit]:
    """Remove ZWNJs that are doubled, stand beside a space or punctuation, or follow «ا د ذ ر ز ژ و» before «ها»."""
    if ZWNJ not in text:
        return []
    edits = []
    # Only the ZWNJ runs are looked at (a pattern with lookbehinds tried at every position of the text was the
    # slow part of this rule).
    for match in _ZWNJ_RUN.finditer(text):
        if not _bad_zwnj(text, match.start(), match.end()):
            continue
        before = match.group(0)
        after = ZWNJ if len(before) > 1 and match.start() > 0 and _keeps_one(text, match) else ""
        if after != before:
            edits.append(Edit(match.start(), match.end(), before, after, "zwnj_cleanup"))
    return edits


def _bad_zwnj(text: str, start: int, end: int) -> bool:
    """A run of ZWNJs that is doubled, at a line's edge, beside a space or punctuation, or after a letter that
    does not join forward and before «ها» or a final «ی»."""
    if end - start > 1 or start == 0 or end == len(text):
        return True
    before, after = text[start - 1], text[end]
    if _EDGE.match(before) or _EDGE.match(after):
        return True
    if before in _NON_JOINING:
        if text.startswith("ها", end):
            return True
        return after == "ی" and (end + 1 == len(text) or not _LETTER_CHAR.match(text[end + 1]))
    return False


def _keeps_one(text: str, match: re.Match[str]) -> bool:
    prev_char = text[match.start() - 1]
    next_char = text[match.end()] if match.end() < len(text) else " "
    return joins_forward(prev_char) and is_persian_letter(next_char)


#: Words ``halfspace_joined`` found needing nothing; emptied when it grows past the limit.
_PLAIN: set[str] = set()
#: Words ``halfspace_spaced`` found to be no inflected compound head.
_NO_HEADS: set[str] = set()
_PLAIN_LIMIT = 500_000


def halfspace_joined(text: str, options: RepairOptions) -> list[Edit]:
    """Put back deleted ZWNJs: «میکرد» -> «می‌کرد», «گروههای» -> «گروه‌های», «بینالمللی» -> «بین‌المللی».

    Words the sources spell either way («همزمان»/«هم‌زمان») are changed only in text that lost its ZWNJs: one
    with more sure repairs than ZWNJs already written, or one with no ZWNJ at all that is long or has two
    house-style words.
    """
    parts = _split(text)
    # Decide once per distinct word (cached across calls). Most words need nothing: those seen before are
    # dropped by one set difference, not looked up one by one.
    if len(_PLAIN) > _PLAIN_LIMIT:
        _PLAIN.clear()
    decided = {}
    for word in set(parts[::2]) - _PLAIN:
        # No three-letter word takes a ZWNJ.
        decision = restore_word(word) if len(word) > 3 and ZWNJ not in word else None
        if decision is None:
            _PLAIN.add(word)
        else:
            decided[word] = decision
    if not decided:
        return []
    offsets = _offsets(parts)
    hits = list(compress(range(0, len(parts), 2), map(decided.__contains__, parts[::2])))
    sure_count = sum(decided[parts[index]][2] == SURE for index in hits)
    style_count = len(hits) - sure_count
    written = text.count(ZWNJ)
    # House style is restored in a text with more sure repairs than ZWNJs; in a text with no ZWNJ at all that
    # is long (95% of the UD dev sentences of 40 words or more write one) or has two house-style words.
    keep_style = sure_count > written or (
        written == 0 and (len(parts) > 2 * LONG_TEXT_WORDS or style_count >= STYLE_EVIDENCE)
    )
    # A text that writes its ZWNJs gets only the ones spelling requires («می‌», after a silent «ه»): the rest
    # of what the lexicon would add is as likely the writer's style («پیشگیری», «بزرگترین»).
    spelling_only = written > 0 and not keep_style
    edits = []
    for index in hits:
        word = parts[index]
        form, source, certainty = decided[word]
        if spelling_only and not spelling_rule(form):
            continue
        if keep_style or certainty == SURE:
            start = offsets[index]
            edits.append(Edit(start, start + len(word), word, form, "halfspace_joined", source))
    return edits


@lru_cache(maxsize=2)
def _split(text: str) -> tuple[str, ...]:
    """Words (even items) and separators (odd items); cached, since the next rule often gets the same text.
    A tuple: the cached value is shared by every caller and every thread, so it must not be mutable."""
    return tuple(_SPLIT.split(text))


@lru_cache(maxsize=2)
def _pair_keys_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """The words of a text, every two neighbours written together, and the set of the words; cached, since
    ``compounds`` and ``halfspace_spaced`` scan the same text whenever the first changes nothing."""
    words = _split(text)[::2]
    return words, tuple(map(str.__add__, words, words[1:])), frozenset(words)


def _offsets(parts: Sequence[str]) -> list[int]:
    """Start offset of every part of a split text."""
    return [0, *accumulate(map(len, parts))]


def spaced_edits(text: str, rule: str, want_zwnj: bool) -> list[Edit]:
    """Edits that remove the space of joinable pairs: ZWNJ and affix joins when ``want_zwnj``, else closed ones.

    A join can make a word that joins its neighbour in turn («گ ل ی» -> «گل ی» -> «گلی»); the pass is repeated
    on its own output while that can happen, so that repair stays idempotent.
    """
    return settle(text, lambda current: _spaced_pass(current, rule, want_zwnj))


def _spaced_pass(text: str, rule: str, want_zwnj: bool) -> tuple[list[Edit], bool]:
    """One pass of ``spaced_edits``, and whether a word it makes may join a neighbour (another pass needed).

    One C-level split gives words and separators; set operations pick the few pairs worth a look (the right
    word an affix, the left word a verb prefix, or the two words together a lexicon key).
    """
    parts = _split(text)
    words, keys, word_set = _pair_keys_of(text)
    if len(words) < 2:
        return [], False
    if want_zwnj:
        known_keys, lefts_all, rights_all = pair_keys(), LEFT_WORDS, zwnj_rights()
    else:  # closing joins only hand-listed pairs, productive compounds and the treebanks' closed words
        known_keys, lefts_all, rights_all = closed_pair_keys(), frozenset(), compound_parts()
    known = known_keys.intersection(keys)
    lefts, rights = lefts_all.intersection(word_set), rights_all.intersection(word_set)
    # Index sets built by C-level iteration (compress/map), not a Python loop over every pair.
    pairs = range(len(keys))
    chosen = set(compress(pairs, map(known.__contains__, keys)))
    if lefts:
        chosen.update(compress(pairs, map(lefts.__contains__, words)))
    if rights:
        chosen.update(compress(pairs, map(rights.__contains__, words[1:])))
    if want_zwnj:
        chosen.update(_inflected_pairs(words, word_set, known_keys, rights_all))
    candidates = sorted(chosen)
    if not candidates:
        return [], False
    # In a text that writes ZWNJs, two free words written apart are the writer's choice: affixes only.
    affixes_only = want_zwnj and ZWNJ in text
    decisions = []
    for pair in candidates:
        if parts[2 * pair + 1] != " ":
            continue
        left, right = words[pair], words[pair + 1]
        decided = join_pair(left, right) if left and right else None
        if decided is not None:
            decisions.append((pair, *decided))
    # A compound only a word list knows («شبه نظامیان») is joined in text that types its half-spaces as
    # spaces, which shows in affixes standing apart («می کرد», «کتاب ها»).
    spaced_affixes = any(source.startswith(("suffix:", "prefix:")) for _, _, source in decisions)
    if not decisions:
        return [], False
    offsets = _offsets(parts)
    edits = []
    joins: dict[int, str] = {}
    for pair, joiner, source in decisions:
        affix = source.startswith(("suffix:", "prefix:", "part:"))
        if affixes_only and not affix and not source.startswith("list:"):
            continue
        if source.startswith("listed:") and not spaced_affixes:
            continue
        if not affix and _verbal_participle(parts, pair):
            continue
        closing = joiner == "" and not affix
        # Each pair was judged on its own two words: a word closed from two («برا ی» -> «برای») takes no
        # other join in the same pass («برا ی تیم» is not «برایتیم», though «ی تیم» alone would be «یتیم»;
        # every join of the closing pass is such a word); and a word spelled out letter by letter («ع ر ب ی»)
        # is not closed in part.
        if not want_zwnj and pair - 1 in joins:
            continue
        if closing and _spelled_out(words, pair):
            continue
        if (joiner == ZWNJ or affix) if want_zwnj else closing:
            start = offsets[2 * pair + 1]
            edits.append(Edit(start, start + 1, " ", joiner, rule, source))
            joins[pair] = joiner
    return edits, _makes_new_pair(parts, joins, known_keys, lefts_all, rights_all, inflected=want_zwnj)


def _spelled_out(words: Sequence[str], pair: int) -> bool:
    """Whether words ``pair`` and ``pair + 1`` are single letters in a run of three or more («ع ر ب ی»); two
    («معامله ا ی») are more likely a word broken in two."""
    if len(words[pair]) != 1 or len(words[pair + 1]) != 1:
        return False
    return (pair > 0 and len(words[pair - 1]) == 1) or (pair + 2 < len(words) and len(words[pair + 2]) == 1)


def _inflected_pairs(
    words: Sequence[str], word_set: frozenset[str], keys: frozenset[str], apart: frozenset[str]
) -> list[int]:
    """Pairs whose right word is an inflected compound head: of a known pair («نظریه پردازانی») or of a head
    that compounds write apart («مرگ آسای»)."""
    if len(_NO_HEADS) > _PLAIN_LIMIT:
        _NO_HEADS.clear()
    heads = {}
    for word in word_set - _NO_HEADS:  # each word is read once; later texts drop it by one set difference
        found = inflected_heads(word) if word.endswith(INFLECTIONS) else ()
        if found:
            heads[word] = found
        else:
            _NO_HEADS.add(word)
    if not heads:
        return []
    rights = compress(range(len(words) - 1), map(heads.__contains__, words[1:]))
    return [pair for pair in rights if _inflected_join(words[pair], heads[words[pair + 1]], keys, apart)]


def _inflected_join(left: str, heads: tuple[str, ...], keys: frozenset[str], apart: frozenset[str]) -> bool:
    """Whether ``left`` and a word inflected from one of ``heads`` are worth a look: ``left`` + head is a known
    pair, or the head is one compounds write apart."""
    return any(left + head in keys or head in apart for head in heads)


#: After a participle, these make it a verb («انجام گرفته است», «کاهش یافته و …»), not an adjective.
_AFTER_VERBAL = frozenset(("است", "اند", "بود", "بودند", "باشد", "باشند", "شد", "شدند", "شده", "شود", "و"))


def _verbal_participle(parts: Sequence[str], pair: int) -> bool:
    """Whether words ``pair`` and ``pair + 1`` are a noun and a participle used as a verb: «انجام گرفته است»
    stays two words, «راهبرد شکست‌خورده» is one adjective."""
    right = parts[2 * pair + 2]
    if not right.endswith(("ده", "ته")) or 2 * pair + 4 >= len(parts):
        return False
    return parts[2 * pair + 3] == " " and parts[2 * pair + 4] in _AFTER_VERBAL


def _makes_new_pair(
    parts: Sequence[str],
    joins: dict[int, str],
    keys: frozenset[str],
    lefts: frozenset[str],
    rights: frozenset[str],
    inflected: bool,
) -> bool:
    """Whether a word the joins make (a run of joined pairs) and a neighbour it was not joined to are a pair
    worth another look («هسته ای اش»: «هسته‌ای» and «اش»; with ``inflected``, also a word made and an inflected
    compound head after it, as ``_inflected_pairs`` reads them)."""
    words = parts[::2]
    for first in joins:
        if first - 1 in joins:
            continue  # inside a run
        last = first
        while last + 1 in joins:
            last += 1
        made = "".join(words[index] + joins[index] for index in range(first, last + 1)) + words[last + 1]
        after = 2 * last + 3  # the separator after the word made
        if after < len(parts) - 1 and parts[after] == " ":
            right = parts[after + 1]
            if right and (made + right in keys or right in rights or made in lefts):
                return True
            if (
                inflected
                and right.endswith(INFLECTIONS)
                and _inflected_join(made, inflected_heads(right), keys, rights)
            ):
                return True
        before = 2 * first - 1
        if before > 0 and parts[before] == " ":
            left = parts[before - 1]
            if left and (left + made in keys or left in lefts or made in rights):
                return True
    return False


def halfspace_spaced(text: str, options: RepairOptions) -> list[Edit]:
    """Join affixes and half-spaced compounds: «می کرد» -> «می‌کرد», «کتاب ها» -> «کتاب‌ها», «بندر ها» -> «بندرها»."""
    return spaced_edits(text, "halfspace_spaced", want_zwnj=True)


WORD_RULES = {"halfspace_spaced": halfspace_spaced, "halfspace_joined": halfspace_joined}
