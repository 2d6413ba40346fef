"""Whether two words a space separates are one word: ``join_pair("کتاب", "ها")`` -> (ZWNJ, "suffix:ها").

Affixes («ها», «می», «ای» after a silent «ه») always join; compounds join on the lexicon's evidence, graded so
that clean text keeps its spaces: the treebanks' own joined words and productive compounds anywhere, other
listed compounds only in text that types its half-spaces as spaces (``halfspace.spaced_edits`` checks that).
"""

from __future__ import annotations

from functools import lru_cache

from dabir.lang.fa.halfspace_lexicon import HalfspaceLexicon, lexicon
from dabir.lang.fa.script import ZWNJ, joins_forward
from dabir.repair.halfspace_words import (
    AFFIX_WORDS,
    AFTER_HEH,
    AFTER_YEH,
    BOUND_PARTS,
    CLITICS,
    HEH_FUNCTION_WORDS,
    PARTICIPLE,
    PLURAL,
    PLURAL_ENDINGS,
    SURE_SHARE,
    SURE_VOTE,
    VERB_PREFIXES,
    VERB_SHAPE,
    apart_head,
    compound_parts,
    data_lines,
    is_verb,
    listed_names,
    name_pairs,
    resolve,
    silent_heh,
    trusted,
)

#: Prepositions, demonstratives and quantifiers: news writes «به ویژه», «هیچ گاه», «آن که» either way.
LOOSE_LEFT = frozenset(
    [
        "به",
        "در",
        "از",
        "با",
        "بر",
        "تا",
        "که",
        "و",
        "این",
        "آن",
        "هیچ",
        "همه",
        "همان",
        "همین",
        "یک",
        "چنان",
        "چنین",
        "هر",
    ]
)
#: Running-text occurrences that make a head a common word of its own («بازی», «زبان»), no compound head.
FREE_WORD = 100
#: «وقتی که», «زده شده», «منتشر شد»: a conjunction or a light verb on the right is written apart in news.
LOOSE_RIGHT = frozenset(
    ["که", "را", "و", "شده", "شد", "شود", "شوند", "شدن", "کرد", "کرده", "کند", "کنند", "کردن", "است", "بود"]
)


@lru_cache(maxsize=100_000)
def join_pair(left: str, right: str) -> tuple[str, str] | None:
    """Whether «left right» is one word: ``(separator, source)`` with separator ZWNJ or "" (closed), or None.

    >>> join_pair("کتاب", "ها")[0] == "\u200c"
    True
    """
    lex = lexicon()
    plain_left, plain_right = left.replace(ZWNJ, ""), right.replace(ZWNJ, "")
    sep = ZWNJ if joins_forward(left[-1]) else ""
    if right in PLURAL or (right in CLITICS and len(plain_left) > 1):
        return sep, f"suffix:{right}"
    heh_suffix = right in AFTER_HEH and left.endswith("ه") and left not in HEH_FUNCTION_WORDS
    if heh_suffix and lex.spaced.get((left, right), 0) == 0:
        return sep, f"suffix:{right}"
    # «ترین» is never a word of its own; «تر» («wet») is, so it needs an adjective before it.
    if right == "ترین" or (right == "تر" and lex.has_flag(resolve(lex, plain_left), "A")):
        return sep, f"suffix:{right}"
    after_yeh = right in AFTER_YEH or right in ("ای", "اش", "ات")  # «سنتی‌ای», «هنری‌اش»
    if after_yeh and len(plain_left) > 2 and plain_left.endswith("ی") and lex.is_known(plain_left, 0.5):
        return sep, f"suffix:{right}"
    # «بی» is a prefix, seldom a word («بی بی سی» aside): «بی اعتنایی» -> «بی‌اعتنایی».
    if left == "بی" and len(plain_right) >= 3 and not lex.has_flag(plain_right, "F"):
        return ZWNJ, f"prefix:بی+{plain_right}"
    bound = plain_right in BOUND_PARTS and len(plain_left) > 2 and not lex.has_flag(plain_left, "F")
    if bound and trusted(lex, plain_left):
        return sep, f"part:{plain_right}"
    if left in VERB_PREFIXES and is_verb(lex, plain_right):
        return ZWNJ, f"prefix:{left}"
    # «می خیساند»: «می» seldom stands alone, so a verb-shaped word the sources never saw follows it as a prefix.
    verb_shape = VERB_SHAPE.fullmatch(plain_right) and plain_right[0] != "ر"  # «می رآبادی»: a name
    if left in VERB_PREFIXES and verb_shape and not lex.has_flag(plain_right, "F"):
        return ZWNJ, f"prefix:{left}+{plain_right}"
    if (plain_left, plain_right) in name_pairs():  # «کره شمالی», «خرم آباد»: a name is written as listed
        return None
    listed = hand_compounds().get((plain_left, plain_right))
    if listed is not None:
        if listed[len(plain_left)] == " ":  # listed as two words («سر کار»: "at work"; «سرکار» is a title)
            return None
        return (ZWNJ if listed[len(plain_left)] == ZWNJ else ""), f"list:{listed}"
    key = plain_left + plain_right
    choice = lex.choose(key)
    if choice is None:
        return _inflected_join(left, plain_right) or _head_join(lex, plain_left, plain_right)
    # The lexicon's word must break where the space is: «ی ککم» is not «یک‌کم» (its ZWNJ stands elsewhere).
    # Spelled closed or with a ZWNJ, it must be most of the key's votes; a typed space most likely stood for
    # a half-space, so the ZWNJ spelling wins unless the closed one is far more common («علی رغم» -> «علی‌رغم»).
    with_zwnj = lex.vote(left + ZWNJ + right) if joins_forward(left[-1]) else 0.0
    closed = lex.vote(left + right)
    if with_zwnj + closed < SURE_SHARE * choice.total:
        return None
    boundary = ZWNJ if with_zwnj and with_zwnj * 2 >= closed else ""
    form = left + boundary + right
    apart = lex.spaced.get((plain_left, plain_right), 0)
    together = lex.running.get(form, 0)
    # Written apart in the treebanks and never joined there: the NER corpora's joined names («خلیج‌فارس»,
    # «روابط‌عمومی») do not outvote that.
    if apart and (together <= 2 * apart or not lex.has_flag(form, "U")):
        return None
    # Two words that stand on their own are joined only on a curated list's or the treebanks' word; NER
    # corpora join names («امام‌خمینی», «جمهوری‌اسلامی») that news writes apart.
    productive = plain_right in compound_parts()
    # A word list's compound is taken with running text's word for it, or when its head is one compounds write
    # apart (``_listed_head``).
    listed_zwnj = (
        boundary == ZWNJ
        and lex.has_flag(form, "L")
        and (together >= 1 or _listed_head(lex, plain_left, plain_right))
    )
    if not (lex.has_flag(form, "C") or lex.has_flag(form, "U") or productive or listed_zwnj):
        # The pair's own word has little evidence, but it may inflect a compound that has plenty
        # («دانش آموزان»: «دانش‌آموز»+«ان»).
        return _inflected_join(left, plain_right)
    if plain_right in LOOSE_RIGHT and not (lex.has_flag(form, "U") and together >= 2):
        return None
    # «به ویژه», «یک بار», «هیچ وقت»: with a function word the pair is fine as two words unless the
    # treebanks show it joined, and never apart.
    function_word = not productive and (lex.has_flag(plain_left, "F") or lex.has_flag(plain_right, "F"))
    seen_joined = lex.has_flag(form, "U") and together >= 2
    common = lex.has_flag(form, "H") and plain_left not in LOOSE_LEFT and plain_right not in LOOSE_RIGHT
    if function_word and (apart or not (seen_joined or common)):
        return None
    if plain_left in LOOSE_LEFT and not seen_joined:  # «این کار», «هر گونه»: even before a compound part
        return None
    # Closing two free words changes the word («سر کار» is not «سرکار», «امام علی» not «امامعلی»): only
    # productive compounds and what the treebanks write closed, with a full vote, never after a function word
    # («هم کار»: "also the work", not «همکار») and never before a verb («روی داد» is not «رویداد»).
    verb = lex.has_flag(plain_right, "V") and not productive
    may_close = (productive or seen_joined) and choice.total >= SURE_VOTE
    if boundary == "" and (not may_close or function_word or verb or lex.has_flag(plain_left, "F")):
        return None
    # Two words common on their own are seldom one word broken in two, and closing them changes what the text
    # says («هزار زن جان خود را» is not «زنجان», «سال روز گذشته» not «سالروز»); two names are a compound name
    # («محمد علی» -> «محمدعلی»).
    if boundary == "" and _free_words(lex, plain_left, plain_right):
        return None
    share = lex.vote(form) / choice.total
    # Only the treebanks' own joined words and productive compounds are joined in any text; other pairs
    # only where the text shows that it types half-spaces as spaces (``spaced_edits``).
    # After a silent «ه» («برنامه ریزی») or before a part that is no word of its own («دانش آموز»), a space
    # is no way to write the pair.
    bound_right = not (lex.has_flag(plain_right, "C") or lex.has_flag(plain_right, "U"))
    if productive or seen_joined or (boundary == ZWNJ and (silent_heh(plain_left) or bound_right)):
        return boundary, f"lexicon:{form} ({share:.2f})"
    return boundary, f"listed:{form} ({share:.2f})"


def _listed_head(lex: HalfspaceLexicon, left: str, right: str) -> bool:
    """A head compounds write apart («دقیقه شماری», «برده فروشی»), unless it is a participle («صف کشیده») or a
    common word of its own, or follows a name («نایب قهرمان بازی‌ها», «تقی خانی»)."""
    return (
        apart_head(lex, right)
        and not PARTICIPLE.fullmatch(right)
        and lex.running.get(right, 0) < FREE_WORD
        and left not in listed_names()
    )


#: Endings an inflected compound head carries («نظریه پردازانی», «اندوه بارترین», «کاسب کارها»).
INFLECTIONS = tuple(sorted({*PLURAL, "تر", "ترین", "ان", "انی", "ی"}, key=len, reverse=True))


@lru_cache(maxsize=100_000)
def inflected_heads(word: str) -> tuple[str, ...]:
    """The compound heads ``word`` may be an inflection of: «پردازانی» -> («پرداز»,), «کارها» -> («کار»,). A plural
    is read as a plural only; a word the sources know as it stands is no inflection («نگران» is no «نگر»+«ان»)."""
    plural = word.endswith(PLURAL)
    if not plural and trusted(lexicon(), word):
        return ()
    heads = compound_heads()
    return tuple(
        head
        for ending in (PLURAL_ENDINGS if plural else INFLECTIONS)
        if word.endswith(ending) and (head := word[: -len(ending)]) in heads
    )


@lru_cache(maxsize=1)
def compound_heads() -> frozenset[str]:
    """Every word that may end a compound ``join_pair`` writes with a ZWNJ: what follows a ZWNJ in a lexicon or
    hand-listed form, the bound parts, and the heads compounds write apart."""
    forms = [form for form in lexicon().flags if ZWNJ in form] + list(hand_compounds().values())
    tails = {"".join(form.split(ZWNJ)[cut:]) for form in forms for cut in range(1, form.count(ZWNJ) + 1)}
    return frozenset(tails | BOUND_PARTS | spaced_heads())


def _inflected_join(left: str, right: str) -> tuple[str, str] | None:
    """A compound the lexicon knows, its head inflected: «نظریه پردازانی» is joined as «نظریه پرداز» would be,
    with the same caution (``join_pair`` on the uninflected pair)."""
    for head in inflected_heads(right):
        joined = join_pair(left, head)
        if joined is None or joined[0] != ZWNJ or joined[1].startswith(("suffix:", "prefix:")):
            continue
        if joined[1].startswith("part:") and len(head) < 4:  # «رافائل واران» (Varane) is no «وار»+«ان»
            continue
        return ZWNJ, f"{joined[1]}+{right[len(head) :]}"
    return None


def _head_join(lex: HalfspaceLexicon, left: str, right: str) -> tuple[str, str] | None:
    """A known word and a compound head that is no word of its own («التیام ناپذیر», «تحسین برانگیز»): the
    pair no list has is joined like a listed one, in text that types its half-spaces as spaces."""
    if right not in spaced_heads() or not joins_forward(left[-1]) or len(left) < 2:
        return None
    if not trusted(lex, left) or lex.has_flag(left, "F"):
        return None
    return ZWNJ, f"listed:{left}{ZWNJ}{right} (head)"


@lru_cache(maxsize=1)
def spaced_heads() -> frozenset[str]:
    """Compound heads the word lists write apart from their first part (as ``_guess`` reads them), that are
    neither a verb form nor a word of their own («آمیز», «ناپذیر», «نشین»)."""
    lex = lexicon()
    return frozenset(
        head
        for head in lex.heads
        if apart_head(lex, head)
        and not is_verb(lex, head)
        and not (lex.has_flag(head, "C") or lex.has_flag(head, "U"))
        # plural and informal clitics («هام», «شون»), number words («ودو», «هزارساله»)
        and not head.startswith(("ها", "شون", "و", "هزار", "میلیون", "میلیارد"))
        and not _adjective_of_word(lex, head)
    )


@lru_cache(maxsize=1)
def zwnj_rights() -> frozenset[str]:
    """Right-hand words that make a pair worth a look for ``halfspace_spaced``: affixes and the heads above."""
    return AFFIX_WORDS | spaced_heads()


def _adjective_of_word(lex: HalfspaceLexicon, head: str) -> bool:
    """«یورویی», «میلیاردی», «ساعتی»: a word with the adjective «ی», which stands on its own in «۸ میلیون
    یورویی»."""
    return any(
        head.endswith(ending) and trusted(lex, head[: -len(ending)]) for ending in ("ی", "یی", "ه", "گی")
    )


@lru_cache(maxsize=1)
def hand_compounds() -> dict[tuple[str, str], str]:
    """``lang/fa/compounds.tsv``: pairs written apart that are one word («خاطر نشان» -> «خاطرنشان»)."""
    table = {}
    for line in data_lines("compounds.tsv"):
        pair, form = line.split("\t")[:2]
        left, right = pair.split(" ")
        table[(left, right)] = form
    return table


def _free_words(lex: HalfspaceLexicon, left: str, right: str) -> bool:
    """Both words common in running text (``FREE_WORD`` times or more) and not both names of the lists."""
    names = listed_names()
    common = lex.running.get(left, 0) >= FREE_WORD and lex.running.get(right, 0) >= FREE_WORD
    return common and not (left in names and right in names)


@lru_cache(maxsize=1)
def closed_pair_keys() -> frozenset[str]:
    """Words two words may make together without a ZWNJ, as ``join_pair`` closes them."""
    lex = lexicon()
    listed = {
        left + right
        for (left, right), form in hand_compounds().items()
        if ZWNJ not in form and " " not in form
    }
    seen = {form for form, flags in lex.flags.items() if "U" in flags and lex.running.get(form, 0) >= 2}
    return frozenset(listed | {form for form in seen if ZWNJ not in form})


@lru_cache(maxsize=1)
def pair_keys() -> frozenset[str]:
    """Every word two words may make together: lexicon keys and hand-listed compounds."""
    return frozenset(lexicon().choices) | {left + right for left, right in hand_compounds()}
