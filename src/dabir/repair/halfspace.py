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
from functools import lru_cache
from itertools import accumulate, compress

from dabir.lang.fa.halfspace_lexicon import LEXICON_PATH, HalfspaceLexicon, lexicon
from dabir.lang.fa.script import ZWNJ, is_persian_letter, joins_forward, non_joining_letters
from dabir.repair.edits import Edit
from dabir.repair.options import RepairOptions

LANG_DIR = LEXICON_PATH.parent
_NON_JOINING = "".join(sorted(non_joining_letters()))
_LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
_BAD_ZWNJ = re.compile(
    f"{ZWNJ}{{2,}}"  # doubled
    f"|(?<=[{_NON_JOINING}]){ZWNJ}+(?=ها|ی(?![{_LETTER}]))"  # after a non-joining letter, before ها or ی
    f"|(?<=[\\s\\d.,،؛:!؟?«»()\\[\\]]){ZWNJ}+|^{ZWNJ}+"  # after a space or punctuation
    f"|{ZWNJ}+(?=[\\s\\d.,،؛:!؟?«»()\\[\\]]|$)",  # before a space or punctuation
    re.M,
)
#: A word: letters, possibly with ZWNJs inside.
_WORD = re.compile(f"[{_LETTER}]+(?:{ZWNJ}[{_LETTER}]+)*")
#: Splits text into words (even items, possibly empty) and what separates them (odd items).
_SPLIT = re.compile(f"([^{_LETTER}{ZWNJ}]+)")

#: A ZWNJ form must win at least this share of the votes to be written into text that uses ZWNJ elsewhere;
#: below it (house style such as «آنها»/«آن‌ها») only text that lost all its ZWNJs is changed.
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
VERB_PREFIXES = ("نمی", "می", "برمی", "درمی", "فرومی", "بازمی", "وامی")
#: Words ending in «ه» that are function words, never a stem for «ای/ام/اند».
HEH_FUNCTION_WORDS = frozenset({"که", "چه", "نه", "به", "همه", "هفته"})
_SUFFIXES = sorted(
    [(s, "plural") for s in PLURAL]
    + [(s, "heh") for s in AFTER_HEH]
    + [(s, "comparative") for s in COMPARATIVE]
    + [(s, "part") for s in sorted(BOUND_PARTS)],
    key=lambda item: (-len(item[0]), item[0]),
)
_PLURAL_ENDINGS = tuple(sorted(PLURAL, key=len, reverse=True))
_SUFFIX_KIND = dict(_SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in _SUFFIX_KIND}, reverse=True)
SURE, STYLE = "sure", "style"
#: Votes a stem needs for the morphology to build on it (hazm's zero-frequency words have 0.375).
STEM_VOTE = 0.3
#: A participle («داده», «دریافته») before «ایم/اند» beats a plural reading («داد»+«هایم»).
PARTICIPLE_BONUS = 100.0
UNCHANGED_BONUS = 50.0
LONG_TEXT_WORDS = 40
#: A head («ریزی», «شناسان») reads an unknown word as a compound when this many known compounds, and this
#: share of the known words ending in it, write it after a ZWNJ.
HEAD_APART = 5
HEAD_SHARE = 0.75
#: A verb after «می»: a stem of two or more letters and a person ending («خیساند», «چکیدند», «نکوهیم»).
_VERB_SHAPE = re.compile("[^\u200c]{2,}(?:ید|اند|ند|یم|ید|د|م|ی)")
#: A past participle: a past stem in «د/ت» and «ه» («بازتابیده», «برتافته», «گنجانده»).
_PARTICIPLE = re.compile("[^\u200c]{2,}(?:ید|اد|اند|ند|رد|ست|شت|فت|خت)ه")
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
#: «وقتی که», «زده شده», «منتشر شد»: a conjunction or a light verb on the right is written apart in news.
LOOSE_RIGHT = frozenset(
    ["که", "را", "و", "شده", "شد", "شود", "شوند", "شدن", "کرد", "کرده", "کند", "کنند", "کردن", "است", "بود"]
)
DEMONSTRATIVES = ("آن", "این")
_DEMONSTRATIVE_ENDINGS = frozenset(["ها", "های", "هایی", "هاست", "که", "چنان", "چنین"])
_AFFIX_WORDS = frozenset(PLURAL + AFTER_HEH + COMPARATIVE + CLITICS) | BOUND_PARTS
_LEFT_WORDS = frozenset((*VERB_PREFIXES, "بی"))


def zwnj_cleanup(text: str, options: RepairOptions) -> list[Edit]:
    """Remove ZWNJs that are doubled, stand beside a space or punctuation, or follow «ا د ذ ر ز ژ و» before «ها»."""
    if ZWNJ not in text:
        return []
    edits = []
    for match in _BAD_ZWNJ.finditer(text):
        before = match.group(0)
        after = ZWNJ if len(before) > 1 and match.start() > 0 and _keeps_one(text, match) else ""
        if after != before:
            edits.append(Edit(match.start(), match.end(), before, after, "zwnj_cleanup"))
    return edits


def _keeps_one(text: str, match: re.Match[str]) -> bool:
    prev_char = text[match.start() - 1]
    next_char = text[match.end()] if match.end() < len(text) else " "
    return joins_forward(prev_char) and is_persian_letter(next_char)


def _glue(left: str, right: str) -> str:
    """Join two parts with a ZWNJ when the left one joins forward, else directly («بندر»+«ها»)."""
    return left + ZWNJ + right if joins_forward(left[-1]) else left + right


# ---------------------------------------------------------------- joined words


@lru_cache(maxsize=200_000)
def restore_word(word: str) -> tuple[str, str, str] | None:
    """The spelling of a ZWNJ-less word: ``(form, source, certainty)``, or None when it stays as it is.

    >>> restore_word("گروههای")[0] == "گروه\u200cهای"
    True
    """
    if (
        word.startswith(DEMONSTRATIVES)
        and word[3 if word.startswith("این") else 2 :] in _DEMONSTRATIVE_ENDINGS
    ):
        return None  # «آنها», «اینکه»: news writes these joined (PerDT, Hamshahri); spaced input keeps a ZWNJ
    lex = lexicon()
    choice = lex.choose(word)
    if choice is None or choice.form == word:
        if _trusted(lex, word) and not word.endswith(_PLURAL_ENDINGS):
            return None  # a plain word the sources use, and no plural to read into it: most words stop here
        reading = _analyse(lex, word)
        # A plain spelling a curated list or the treebanks use is a word («تنها», «میدان», «بیشتر»); one
        # seen only in the NER corpora, which lost many ZWNJs, does not stop the morphology («سالهای»).
        # Edited news writes the plural «ها» apart after a joining letter (Hamshahri 98%, PerDT 95%): a plain
        # «کتابهای» in running text (Arman, parts of Seraji) is lost ZWNJs, unless a curated list has the word.
        plural = reading is not None and reading[2] == SURE and _is_plural(reading[1])
        if _curated(lex, word) if plural else _trusted(lex, word):
            return None
        # «تنهایی» is «تنها»+«یی», not «تن»+«هایی».
        if word.endswith("یی") and word[:-2].endswith(("ا", "و")) and _trusted(lex, word[:-2]):
            return None
        if reading is None and choice is None and not lex.flags.get(word):
            return _guess(lex, word)
        return reading
    source = f"lexicon:{choice.form} ({choice.share:.2f})"
    if choice.share <= STYLE_SHARE:
        return None
    if _trusted(lex, word):  # both spellings are in use («همزمان»/«هم‌زمان»): house style
        return choice.form, source, STYLE
    if (
        choice.share >= SURE_SHARE
        and choice.share * choice.total >= SURE_VOTE
        and _attested(lex, choice.form, word)
    ):
        return choice.form, source, SURE
    # Few votes, but the morphology reads the word the same way («هسته‌های», «خانه‌اش»): sure.
    reading = _analyse(lex, word)
    if reading is not None and reading[0] == choice.form and reading[2] == SURE:
        return choice.form, f"{source}; {reading[1]}", SURE
    return choice.form, source, STYLE


def _trusted(lex: HalfspaceLexicon, form: str) -> bool:
    """A spelling from hazm's list with a frequency («C»), UD dev text («U») or the verb conjugations («V»)."""
    flags = lex.flags.get(form, "")
    return "C" in flags or "U" in flags or "V" in flags


def _is_plural(source: str) -> bool:
    return source.startswith("morph:stem") and source.rpartition("+")[2] in PLURAL


def _curated(lex: HalfspaceLexicon, form: str) -> bool:
    flags = lex.flags.get(form, "")
    return "C" in flags or "V" in flags


def _attested(lex: HalfspaceLexicon, form: str, word: str) -> bool:
    """A trusted spelling, or one running text writes often with its ZWNJ and never without («سرمایه‌گذاری»)."""
    return _trusted(lex, form) or (lex.running.get(form, 0) >= RUNNING_SURE and not lex.running.get(word, 0))


def _spelling_rule(form: str) -> bool:
    """A ZWNJ the spelling rules require, not house style: after a silent «ه» or after «می»/«نمی»."""
    return "ه" + ZWNJ in form or form.startswith(tuple(prefix + ZWNJ for prefix in VERB_PREFIXES))


def _resolve(lex: HalfspaceLexicon, part: str) -> str:
    choice = lex.choose(part)
    return choice.form if choice is not None and choice.share > STYLE_SHARE else part


def _is_verb(lex: HalfspaceLexicon, part: str) -> bool:
    if lex.has_flag(part, "V"):
        return True
    choice = lex.choose(part)
    return choice is not None and lex.has_flag(choice.form.split(ZWNJ)[0], "V")


def _takes_alef_suffix(stem: str, suffix: str) -> bool:
    """«ای/ام/اند…» keep their alef after a silent «ه» («شده‌اند») and, for the copula, after «ی» («انسانی‌اند»)."""
    if stem.endswith("ه"):
        return stem not in HEH_FUNCTION_WORDS
    return stem.endswith("ی") and (suffix in AFTER_YEH or suffix == "اش")  # «هنری‌اش»; not «یات»: «ادبیات»


def _analyse(lex: HalfspaceLexicon, word: str, depth: int = 0) -> tuple[str, str, str] | None:
    """Morphology for words the lexicon never saw: a verb prefix, or a suffix on a known stem.

    Of several readings the one whose stem the sources know best wins («گزینهای»: «گزینه»+«ای», not «گزین»+«های»).
    """
    if len(word) < 4:  # a stem and an affix of two letters each, at least
        return None
    readings: list[tuple[float, int, tuple[str, str, str]]] = []
    for prefix in VERB_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2:
            if _is_verb(lex, rest):
                return prefix + ZWNJ + _resolve(lex, rest), f"morph:{prefix}+verb {rest}", SURE
            if depth == 0:
                inner = _analyse(lex, rest, depth + 1)
                if inner and inner[1].startswith("morph:verb"):
                    return prefix + ZWNJ + inner[0], f"morph:{prefix}+{inner[1][6:]}", SURE
    rest = word[2:]
    if (
        depth == 0
        and word.startswith("بی")
        and len(rest) >= 3
        and _trusted(lex, rest)
        and not (lex.has_flag(rest, "F") or lex.has_flag(rest, "V"))  # «بیاندازند» is «ب»+«یاندازند»
    ):
        readings.append((0.2, 0, ("بی" + ZWNJ + rest, f"morph:بی+{rest}", SURE)))
    for length in _SUFFIX_LENGTHS:
        kind = _SUFFIX_KIND.get(word[-length:])
        stem = word[:-length]
        if kind is None or len(stem) < 2:
            continue
        suffix = word[-length:]
        if kind == "heh" and not (len(stem) > 2 and _takes_alef_suffix(stem, suffix)):
            continue
        if kind == "comparative" and not lex.has_flag(_resolve(lex, stem), "A"):
            continue
        if kind == "part" and (len(stem) < 3 or not _trusted(lex, stem) or lex.has_flag(stem, "F")):
            continue
        if lex.is_known(stem, STEM_VOTE) or _trusted(lex, stem):
            label = "verb" if _is_verb(lex, stem) else "stem"
            # Comparatives and plurals of pronouns («آنها»/«آن‌ها») are house style.
            pronoun = kind == "plural" and lex.has_flag(stem, "F")
            certainty = STYLE if pronoun or kind == "comparative" else SURE
            if kind == "comparative" and _trusted(lex, stem + "تر"):  # «بیشترین», «کمترین»
                continue
            choice = lex.choose(stem)
            weight = choice.total if choice else 0.5
            if (
                kind == "heh" and suffix in AFTER_YEH and _is_verb(lex, stem)
            ):  # «داده‌ایم», «دریافته‌ایم», not «داد»+«هایم»
                weight += PARTICIPLE_BONUS
            reading = (_glue(_resolve(lex, stem), suffix), f"morph:{label} {stem}+{suffix}", certainty)
            readings.append((weight, len(stem), reading))
        elif depth == 0:
            inner = _analyse(lex, stem, depth + 1)
            if inner:
                reading = (_glue(inner[0], suffix), f"{inner[1]}+{suffix}", inner[2])
                readings.append((0.1, len(stem), reading))
    if not readings:
        return None
    # A reading that leaves the word as it is («رویداد»+«های» after a non-joining letter) beats any other but
    # a participle's: the text may well be right.
    best = max(
        readings, key=lambda item: (item[0] + (UNCHANGED_BONUS if item[2][0] == word else 0), item[1])
    )[2]
    return best if best[0] != word else None


def _guess(lex: HalfspaceLexicon, word: str) -> tuple[str, str, str] | None:
    """Readings for a word no source knows: a rare verb after «می» («میخیساند»), a participle before the copula
    («بازتابیدهاند»), or a known word and a compound part after a silent «ه» («دروازهبانی»)."""
    for prefix in VERB_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and _VERB_SHAPE.fullmatch(rest) and rest[0] != "ر":  # «میرزا», «میرمحمدی»
            return prefix + ZWNJ + rest, f"guess:{prefix}+verb {rest}", SURE
    for suffix in AFTER_YEH:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and _PARTICIPLE.fullmatch(stem):
            return stem + ZWNJ + suffix, f"guess:participle {stem}+{suffix}", SURE
    for cut in range(2, len(word) - 1):  # the longest head that compounds write apart («دقیقه»+«شماری»)
        stem, head = word[:cut], word[cut:]
        apart, closed = lex.heads.get(head, (0, 0))
        if len(head) < 3 or head in _AFFIX_WORDS or not joins_forward(stem[-1]):
            continue
        if apart >= HEAD_APART and apart >= HEAD_SHARE * (apart + closed):
            # ... unless a known closed word spans the cut («حسابدار»+«ان» is not «حساب»+«داران»).
            spanned = any(_trusted(lex, word[:end]) for end in range(cut + 2, len(word)))
            if _trusted(lex, stem) and not lex.has_flag(stem, "F") and not spanned:
                return stem + ZWNJ + head, f"guess:{stem}+head {head} ({apart}/{apart + closed})", SURE
    for cut in range(len(word) - 3, 2, -1):
        stem, rest = word[:cut], word[cut:]
        if not _silent_heh(stem) or lex.has_flag(stem, "F") or not _trusted(lex, stem):
            continue
        if rest in compound_parts() or (_trusted(lex, rest) and not lex.has_flag(rest, "F")):
            return stem + ZWNJ + rest, f"guess:{stem}+{rest}", SURE
    return None


def _silent_heh(stem: str) -> bool:
    """A word ending in an unpronounced «ه» («دروازه», «مستعمره»), not «اله», «گروه», «راه»."""
    return len(stem) > 3 and stem.endswith("ه") and stem[-2] not in "او"


def halfspace_joined(text: str, options: RepairOptions) -> list[Edit]:
    """Put back deleted ZWNJs: «میکرد» -> «می‌کرد», «گروههای» -> «گروه‌های», «بینالمللی» -> «بین‌المللی».

    Words the sources spell either way («همزمان»/«هم‌زمان») are changed only in text that lost its ZWNJs: one
    with more sure repairs than ZWNJs already written, or a long one with no ZWNJ at all.
    """
    parts = _split(text)
    # Decide once per distinct word (cached across calls); most words need nothing.
    decided = {}
    for word in set(parts[::2]):
        if word and ZWNJ not in word:
            decision = restore_word(word)
            if decision is not None:
                decided[word] = decision
    if not decided:
        return []
    offsets = _offsets(parts)
    hits = [index for index in range(0, len(parts), 2) if parts[index] in decided]
    sure_count = sum(decided[parts[index]][2] == SURE for index in hits)
    written = text.count(ZWNJ)
    # 95% of the UD dev sentences of 40 words or more write a ZWNJ: a longer text without one lost them.
    keep_style = sure_count > written or (written == 0 and len(parts) > 2 * LONG_TEXT_WORDS)
    # A text that writes its ZWNJs gets only the ones spelling requires («می‌», after a silent «ه»): the rest
    # of what the lexicon would add is as likely the writer's style («پیشگیری», «بزرگترین»).
    spelling_only = written > 0 and not keep_style
    edits = []
    for index in hits:
        word = parts[index]
        form, source, certainty = decided[word]
        if spelling_only and not _spelling_rule(form):
            continue
        if keep_style or certainty == SURE:
            start = offsets[index]
            edits.append(Edit(start, start + len(word), word, form, "halfspace_joined", source))
    return edits


@lru_cache(maxsize=2)
def _split(text: str) -> list[str]:
    """Words (even items) and separators (odd items); cached, since the next rule often gets the same text."""
    return _SPLIT.split(text)


def _offsets(parts: list[str]) -> list[int]:
    """Start offset of every part of a split text."""
    return [0, *accumulate(map(len, parts))]


# ---------------------------------------------------------------- spaced words


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
    if right == "ترین" or (right == "تر" and lex.has_flag(_resolve(lex, plain_left), "A")):
        return sep, f"suffix:{right}"
    after_yeh = right in AFTER_YEH or right in ("ای", "اش", "ات")  # «سنتی‌ای», «هنری‌اش»
    if after_yeh and len(plain_left) > 2 and plain_left.endswith("ی") and lex.is_known(plain_left, 0.5):
        return sep, f"suffix:{right}"
    # «بی» is a prefix, seldom a word («بی بی سی» aside): «بی اعتنایی» -> «بی‌اعتنایی».
    if left == "بی" and len(plain_right) >= 3 and not lex.has_flag(plain_right, "F"):
        return ZWNJ, f"prefix:بی+{plain_right}"
    bound = plain_right in BOUND_PARTS and len(plain_left) > 2 and not lex.has_flag(plain_left, "F")
    if bound and _trusted(lex, plain_left):
        return sep, f"part:{plain_right}"
    if left in VERB_PREFIXES and _is_verb(lex, plain_right):
        return ZWNJ, f"prefix:{left}"
    # «می خیساند»: «می» seldom stands alone, so a verb-shaped word the sources never saw follows it as a prefix.
    verb_shape = _VERB_SHAPE.fullmatch(plain_right) and plain_right[0] != "ر"  # «می رآبادی»: a name
    if left in VERB_PREFIXES and lex.choose(plain_right) is None and verb_shape:
        return ZWNJ, f"prefix:{left}+{plain_right}"
    listed = hand_compounds().get((plain_left, plain_right))
    if listed is not None:
        return (ZWNJ if listed[len(plain_left)] == ZWNJ else ""), f"list:{listed}"
    key = plain_left + plain_right
    choice = lex.choose(key)
    if choice is None:
        return None
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
    if apart and together <= 2 * apart:
        return None
    # Two words that stand on their own are joined only on a curated list's or the treebanks' word; NER
    # corpora join names («امام‌خمینی», «جمهوری‌اسلامی») that news writes apart.
    productive = plain_right in compound_parts()
    listed_zwnj = boundary == ZWNJ and lex.has_flag(form, "L") and together >= 1
    if not (lex.has_flag(form, "C") or lex.has_flag(form, "U") or productive or listed_zwnj):
        return None
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
    # A closed compound needs a curated entry and no verb on the right («روی داد» is not «رویداد»).
    verb = lex.has_flag(plain_right, "V") and not productive
    if boundary == "" and (function_word or verb or choice.total < SURE_VOTE):
        return None
    # Closing two free words changes the word («سر کار» is not «سرکار», «امام علی» not «امامعلی»): only
    # productive compounds and what the treebanks write closed.
    if boundary == "" and not (productive or seen_joined):
        return None
    share = lex.vote(form) / choice.total
    # Only the treebanks' own joined words and productive compounds are joined in any text; other pairs
    # only where the text shows that it types half-spaces as spaces (``spaced_edits``).
    # After a silent «ه» («برنامه ریزی») or before a part that is no word of its own («دانش آموز»), a space
    # is no way to write the pair.
    bound_right = not (lex.has_flag(plain_right, "C") or lex.has_flag(plain_right, "U"))
    if productive or seen_joined or (boundary == ZWNJ and (_silent_heh(plain_left) or bound_right)):
        return boundary, f"lexicon:{form} ({share:.2f})"
    return boundary, f"listed:{form} ({share:.2f})"


@lru_cache(maxsize=1)
def hand_compounds() -> dict[tuple[str, str], str]:
    """``lang/fa/compounds.tsv``: pairs written apart that are one word («خاطر نشان» -> «خاطرنشان»)."""
    table = {}
    for line in _data_lines("compounds.tsv"):
        pair, form = line.split("\t")[:2]
        left, right = pair.split(" ")
        table[(left, right)] = form
    return table


@lru_cache(maxsize=1)
def compound_parts() -> frozenset[str]:
    """``lang/fa/compound_parts.txt``: second parts of productive compounds («سازی», «گیری», «دهنده»)."""
    return frozenset(_data_lines("compound_parts.txt"))


def _data_lines(name: str) -> list[str]:
    text = (LANG_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _cut(form: str, position: int) -> int:
    """Index in ``form`` just after its ``position``-th non-ZWNJ character."""
    seen = 0
    for index, char in enumerate(form):
        if seen == position:
            return index
        if char != ZWNJ:
            seen += 1
    return len(form)


def spaced_edits(text: str, rule: str, want_zwnj: bool) -> list[Edit]:
    """Edits that remove the space of joinable pairs: ZWNJ and affix joins when ``want_zwnj``, else closed ones.

    One C-level split gives words and separators; set operations pick the few pairs worth a look (the right
    word an affix, the left word a verb prefix, or the two words together a lexicon key).
    """
    parts = _split(text)
    words = parts[::2]
    if len(words) < 2:
        return []
    keys = list(map(str.__add__, words, words[1:]))
    present = set(words)
    if want_zwnj:
        known = _pair_keys() & set(keys)
        lefts, rights = present & _LEFT_WORDS, present & _AFFIX_WORDS
    else:  # closing joins only hand-listed pairs, productive compounds and the treebanks' closed words
        known = _closed_pair_keys() & set(keys)
        lefts, rights = set(), present & compound_parts()
    # Index sets built by C-level iteration (compress/map), not a Python loop over every pair.
    pairs = range(len(keys))
    chosen = set(compress(pairs, map(known.__contains__, keys)))
    if lefts:
        chosen.update(compress(pairs, map(lefts.__contains__, words)))
    if rights:
        chosen.update(compress(pairs, map(rights.__contains__, words[1:])))
    candidates = sorted(chosen)
    if not candidates:
        return []
    offsets = _offsets(parts)
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
    spaced_affixes = sum(source.startswith(("suffix:", "prefix:")) for _, _, source in decisions)
    edits = []
    for pair, joiner, source in decisions:
        affix = source.startswith(("suffix:", "prefix:", "part:"))
        if affixes_only and not affix and not source.startswith("list:"):
            continue
        if source.startswith("listed:") and not spaced_affixes:
            continue
        if (joiner == ZWNJ or affix) if want_zwnj else (joiner == "" and not affix):
            start = offsets[2 * pair + 1]
            edits.append(Edit(start, start + 1, " ", joiner, rule, source))
    return edits


@lru_cache(maxsize=1)
def _closed_pair_keys() -> frozenset[str]:
    """Words two words may make together without a ZWNJ, as ``join_pair`` closes them."""
    lex = lexicon()
    listed = {left + right for (left, right), form in hand_compounds().items() if ZWNJ not in form}
    seen = {form for form, flags in lex.flags.items() if "U" in flags and lex.running.get(form, 0) >= 2}
    return frozenset(listed | {form for form in seen if ZWNJ not in form})


@lru_cache(maxsize=1)
def _pair_keys() -> frozenset[str]:
    """Every word two words may make together: lexicon keys and hand-listed compounds."""
    return frozenset(lexicon().choices) | {left + right for left, right in hand_compounds()}


def halfspace_spaced(text: str, options: RepairOptions) -> list[Edit]:
    """Join affixes and half-spaced compounds: «می کرد» -> «می‌کرد», «کتاب ها» -> «کتاب‌ها», «بندر ها» -> «بندرها»."""
    return spaced_edits(text, "halfspace_spaced", want_zwnj=True)


WORD_RULES = {"halfspace_spaced": halfspace_spaced, "halfspace_joined": halfspace_joined}


def bench_entry(text: str) -> str:
    """The whole repair of one sentence-per-line text (layout off), for ``zwnj_bench --func``."""
    from dabir.repair.engine import repair

    return repair(text, _BENCH_OPTIONS).text


_BENCH_OPTIONS = RepairOptions(layout=False)
