"""The affixes, thresholds and word facts the half-space rules share: what the sources say of one word.

Persian affixes (verb prefixes, plural, copula and comparative suffixes, clitics, bound compound parts), the
vote thresholds that grade a spelling as sure or house style, and small tests on one word against the shipped
lexicon (``dabir.lang.fa.halfspace_lexicon``) and the name lists: is it trusted, curated, a listed name, a verb,
a known word with a closed ending, a compound head written apart.  ``halfspace_morph`` decides words with them;
``halfspace_pairs`` decides pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from dabir.lang.fa.halfspace_lexicon import LEXICON_PATH, HalfspaceLexicon
from dabir.lang.fa.script import ZWNJ, joins_forward

LANG_DIR = LEXICON_PATH.parent

#: A ZWNJ form must win at least this share of the votes to be written into text that uses ZWNJ elsewhere;
#: below it (house style such as «همزمان»/«هم‌زمان») only text that lost all its ZWNJs is changed.
SURE_SHARE = 0.8
STYLE_SHARE = 0.5
#: ... and at least this many votes (one curated list, or a few running-text occurrences).
SURE_VOTE = 1.2
#: Occurrences in running text (ZWNJ-correct NER corpora, treebank dev) that make a spelling sure.
RUNNING_SURE = 3

PLURAL = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "هاست", "هایند")
#: Suffixes spelled with alef after a silent «ه» («شده‌اند», «نقطه‌ای», «خانه‌اش»).
AFTER_HEH = ("ای", "ام", "ات", "اش", "اند", "ایم", "اید", "اشان", "ایی")
COMPARATIVE = ("تر", "ترین")
#: Plural possessive clitics, never words of their own («زندگی شان» -> «زندگی‌شان», «کتاب شان» -> «کتابشان»).
CLITICS = ("شان", "تان", "مان")
#: Second parts of compounds that are not words of their own («علاقه مندان», «اصلاح طلبان», «مسخره کننده»).
BOUND_PARTS = frozenset(
    ["مند", "مندان", "مندی", "مندانه", "وار", "طلب", "طلبان", "طلبی", "پرداز", "پردازان", "پردازی", "نگاران"]
    + ["شناسان", "کننده", "کنندگان", "دهنده", "دهندگان", "گرایان", "سازان", "گذاران"]
)
#: Copula endings that keep their alef after «ی» too («انسانی‌اند», «ایمنی‌ام»).
AFTER_YEH = ("ام", "اند", "ایم", "اید")
VERB_PREFIXES = ("نمی", "می", "برمی", "درمی", "فرومی", "بازمی", "وامی", "فرامی")
VERB_PREFIXES += tuple(prefix[:-2] + "نمی" for prefix in VERB_PREFIXES[2:])  # «برنمی‌دارد»
#: Words ending in «ه» that are function words, never a stem for «ای/ام/اند».
HEH_FUNCTION_WORDS = frozenset({"که", "چه", "نه", "به", "همه", "هفته"})
PLURAL_ENDINGS = tuple(sorted(PLURAL, key=len, reverse=True))
SURE, STYLE = "sure", "style"
#: A spelling running text writes at least this often, and this many times as often as the other, is no
#: house style (chosen on UD dev, half held out).
RUNNING_PREFERS = 3
LONG_TEXT_WORDS = 40
#: House-style repairs («همزمان» -> «هم‌زمان») a ZWNJ-less text needs before it counts as one that lost them.
STYLE_EVIDENCE = 2
#: A head («ریزی», «شناسان») reads an unknown word as a compound when this many known compounds, and this
#: share of the known words ending in it, write it after a ZWNJ.
HEAD_APART = 5
HEAD_SHARE = 0.75
#: A verb after «می»: a stem of two or more letters and a person ending («خیساند», «چکیدند», «نکوهیم»).
VERB_SHAPE = re.compile("[^\u200c]{2,}(?:ید|اند|ند|یم|ید|د|م|ی)")
#: A past participle: a past stem in «د/ت» and «ه» («بازتابیده», «برتافته», «گنجانده»).
PARTICIPLE = re.compile("[^\u200c]{2,}(?:ید|اد|اند|ند|رد|ود|ست|شت|فت|خت)ه")
_PREFIXES_WRITTEN = tuple(prefix + ZWNJ for prefix in VERB_PREFIXES)
AFFIX_WORDS = frozenset(PLURAL + AFTER_HEH + COMPARATIVE + CLITICS) | BOUND_PARTS
LEFT_WORDS = frozenset((*VERB_PREFIXES, "بی"))


def glue(left: str, right: str) -> str:
    """Join two parts with a ZWNJ when the left one joins forward, else directly («بندر»+«ها»)."""
    return left + ZWNJ + right if joins_forward(left[-1]) else left + right


@lru_cache(maxsize=1)
def listed_names() -> frozenset[str]:
    """One-word place and first names of the shipped gazetteers (``lang/fa/ner/``: Iranian places, countries,
    first names), and the words of person names NER training text writes closed, as the lists spell them."""
    from dabir.lang.fa.gazetteers import read_lines

    return frozenset(
        name
        for filename in ("places_iran.txt", "countries.txt", "first_names.txt", "person_words.txt")
        for name in read_lines(filename)
        if " " not in name and ZWNJ not in name
    )


@lru_cache(maxsize=1)
def name_pairs() -> frozenset[tuple[str, str]]:
    """Two-word place names of the gazetteers («کره شمالی», «خرم آباد»): a name of a place is no compound, and
    the repair leaves its space as the list writes it."""
    from dabir.lang.fa.gazetteers import read_lines

    pairs = set()
    for filename in ("places_iran.txt", "countries.txt"):
        for name in read_lines(filename):
            words = name.split(" ")
            if len(words) == 2 and ZWNJ not in name:
                pairs.add((words[0], words[1]))
    return frozenset(pairs)


def trusted(lex: HalfspaceLexicon, form: str) -> bool:
    """A spelling from hazm's list with a frequency («C»), UD dev text («U») or the verb conjugations («V»)."""
    flags = lex.flags.get(form, "")
    return "C" in flags or "U" in flags or "V" in flags


def curated(lex: HalfspaceLexicon, form: str) -> bool:
    flags = lex.flags.get(form, "")
    return "C" in flags or "V" in flags


def attested(lex: HalfspaceLexicon, form: str, word: str) -> bool:
    """A trusted spelling, or one running text writes with its ZWNJ (``running_text_writes``)."""
    return trusted(lex, form) or running_text_writes(lex, form, word)


def running_text_writes(lex: HalfspaceLexicon, form: str, word: str) -> bool:
    """Running text writes ``form`` often, and three times as often as its ZWNJ-less ``word`` («سرمایه‌گذاری»)."""
    written = lex.running.get(form, 0)
    return written >= RUNNING_SURE and written >= RUNNING_PREFERS * lex.running.get(word, 0)


def free_compound(lex: HalfspaceLexicon, form: str) -> bool:
    """Every ZWNJ of ``form`` stands between two words of their own, after a letter that is not a silent «ه»."""
    parts = form.split(ZWNJ)
    if len(parts) < 2:
        return False
    for left, right in pairwise(parts):
        if silent_heh(left) or right in AFFIX_WORDS or left in VERB_PREFIXES or left == "بی":
            return False
        if not (trusted(lex, left) and trusted(lex, right)):
            return False
    return True


def spelling_rule(form: str) -> bool:
    """A ZWNJ the spelling rules require, not house style: after a silent «ه» or after «می»/«نمی»."""
    return "ه" + ZWNJ in form or form.startswith(_PREFIXES_WRITTEN)


def resolve(lex: HalfspaceLexicon, part: str) -> str:
    choice = lex.choose(part)
    return choice.form if choice is not None and choice.share > STYLE_SHARE else part


def is_verb(lex: HalfspaceLexicon, part: str) -> bool:
    if lex.has_flag(part, "V"):
        return True
    choice = lex.choose(part)
    return choice is not None and lex.has_flag(choice.form.split(ZWNJ)[0], "V")


def takes_alef_suffix(stem: str, suffix: str) -> bool:
    """«ای/ام/اند…» keep their alef after a silent «ه» («شده‌اند») and, for the copula, after «ی» («انسانی‌اند»)."""
    if stem.endswith("ه"):
        return stem not in HEH_FUNCTION_WORDS
    return stem.endswith("ی") and (suffix in AFTER_YEH or suffix == "اش")  # «هنری‌اش»; not «یات»: «ادبیات»


#: Endings written closed onto any stem (plural «ان», «ات», the «ی» of adjectives and nouns, closed clitics).
CLOSED_ENDINGS = (
    "ان",
    "یان",
    "گان",
    "ات",
    "ی",
    "یی",
    "ین",
    "ش",
    "م",
    "ت",
    "یش",
    "یم",
    "یت",
    "شان",
    "مان",
    "تان",
)


def closed_inflection(lex: HalfspaceLexicon, word: str) -> bool:
    """A known word with an ending written closed («پیامبر»+«ان», «غارتگر»+«ان»): no place for a ZWNJ, whatever
    the letter model would read into it («پیام‌بران»)."""
    return any(
        trusted(lex, stem) and not lex.has_flag(stem, "F")
        for stem in _stems(word, CLOSED_ENDINGS, shortest=3)
    )


def closed_plural(lex: HalfspaceLexicon, word: str) -> bool:
    """A known word ending in a letter that does not join, and a plural written closed onto it («شیر»+«های»)."""
    return any(
        not joins_forward(stem[-1]) and trusted(lex, stem)
        for stem in _stems(word, PLURAL_ENDINGS, shortest=2)
    )


def _stems(word: str, endings: tuple[str, ...], shortest: int) -> list[str]:
    """What is left of ``word`` before each of ``endings`` it ends in, when that is ``shortest`` letters or more."""
    return [word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= shortest]


def apart_head(lex: HalfspaceLexicon, head: str) -> bool:
    """A compound head (no affix) the word lists write apart from its first part at least ``HEAD_APART`` times
    and in ``HEAD_SHARE`` of its compounds («شماری» of «دقیقه‌شماری»)."""
    apart, closed = lex.heads.get(head, (0, 0))
    return (
        len(head) >= 3
        and head not in AFFIX_WORDS
        and apart >= HEAD_APART
        and apart >= HEAD_SHARE * (apart + closed)
    )


def silent_heh(stem: str) -> bool:
    """A word ending in an unpronounced «ه» («دروازه», «مستعمره»), not «اله», «گروه», «راه»."""
    return len(stem) > 3 and stem.endswith("ه") and stem[-2] not in "او"


@lru_cache(maxsize=1)
def compound_parts() -> frozenset[str]:
    """``lang/fa/compound_parts.txt``: second parts of productive compounds («سازی», «گیری», «دهنده»)."""
    return frozenset(data_lines("compound_parts.txt"))


def data_lines(name: str) -> list[str]:
    text = (LANG_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
