"""Half-space morphology for one word that lost its ZWNJs: ``restore_word("گروههای")`` -> «گروه‌های».

The shipped lexicon (``dabir.lang.fa.halfspace_lexicon``) decides the words it knows; a small morphology (verb
prefixes, plural and copula suffixes, compound heads learned from the word lists) reads the rest.  Every
decision carries its source («lexicon:…», «morph:…», «guess:…») and a certainty: ``SURE`` for what Persian
spelling requires («می‌», after a silent «ه»), ``STYLE`` for house style («همزمان»/«هم‌زمان»), which
``halfspace_joined`` writes only in text that lost its ZWNJs.  The affixes, thresholds and one-word tests it
builds on are in ``halfspace_words``.
"""

from __future__ import annotations

from functools import lru_cache

from dabir.lang.fa.halfspace_lexicon import HalfspaceLexicon, lexicon
from dabir.lang.fa.script import ZWNJ, joins_forward
from dabir.limits import MAX_WORD_LETTERS
from dabir.repair import halfspace_char
from dabir.repair.halfspace_words import (
    AFTER_HEH,
    AFTER_YEH,
    BOUND_PARTS,
    CLITICS,
    COMPARATIVE,
    PARTICIPLE,
    PLURAL,
    PLURAL_ENDINGS,
    RUNNING_SURE,
    STYLE,
    STYLE_SHARE,
    SURE,
    SURE_SHARE,
    SURE_VOTE,
    VERB_PREFIXES,
    VERB_SHAPE,
    apart_head,
    attested,
    closed_inflection,
    closed_plural,
    compound_parts,
    curated,
    free_compound,
    glue,
    is_verb,
    listed_names,
    resolve,
    running_text_writes,
    silent_heh,
    takes_alef_suffix,
    trusted,
)

_SUFFIXES = sorted(
    [(s, "plural") for s in PLURAL]
    + [(s, "heh") for s in AFTER_HEH]
    + [(s, "comparative") for s in COMPARATIVE]
    + [(s, "clitic") for s in CLITICS]
    + [(s, "part") for s in sorted(BOUND_PARTS)],
    key=lambda item: (-len(item[0]), item[0]),
)
_SUFFIX_KIND = dict(_SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in _SUFFIX_KIND}, reverse=True)
#: Votes a stem needs for the morphology to build on it (hazm's zero-frequency words have 0.375).
STEM_VOTE = 0.3
#: A participle («داده», «دریافته») before «ایم/اند» beats a plural reading («داد»+«هایم»).
PARTICIPLE_BONUS = 100.0
RESPELL_PENALTY = 50.0
#: A reading with its weight and stem length, as ``_analyse`` ranks them.
_Weighed = tuple[float, int, tuple[str, str, str]]
#: Votes above a word list's zero-frequency entry (0.375): a stem with no more is hardly known.
HARDLY_KNOWN = 0.4
#: Stem weights this close are a tie between a plural and «ه‌ای» reading, settled by running text.
TIE_MARGIN = 0.3
DEMONSTRATIVES = ("آن", "این")
_DEMONSTRATIVE_ENDINGS = frozenset(["ها", "های", "هایی", "هاست", "که", "چنان", "چنین"])


@lru_cache(maxsize=200_000)
def restore_word(word: str) -> tuple[str, str, str] | None:
    """The spelling of a ZWNJ-less word: ``(form, source, certainty)``, or None when it stays as it is.

    >>> restore_word("گروههای")[0] == "گروه\u200cهای"
    True
    """
    if len(word) > MAX_WORD_LETTERS:
        return None  # no word: a run of letters this long is left as it is (and its cuts are never tried)
    if word in listed_names():
        return None  # «ایرانشهر», «غلامرضا», «قالیباف»: a name is written as the gazetteer lists it
    if (
        word.startswith(DEMONSTRATIVES)
        and word[3 if word.startswith("این") else 2 :] in _DEMONSTRATIVE_ENDINGS
    ):
        return None  # «آنها», «اینکه»: news writes these joined (PerDT, Hamshahri); spaced input keeps a ZWNJ
    lex = lexicon()
    choice = lex.choose(word)
    if choice is None or choice.form == word:
        if trusted(lex, word) and not word.endswith(PLURAL_ENDINGS):
            return None  # a plain word the sources use, and no plural to read into it: most words stop here
        reading = _analyse(lex, word)
        if reading is not None and reading[0] == word:
            return None
        # A plain spelling a curated list or the treebanks use is a word («تنها», «میدان», «بیشتر»); one
        # seen only in the NER corpora, which lost many ZWNJs, does not stop the morphology («سالهای»).
        # Edited news writes the plural «ها» apart after a joining letter (Hamshahri 98%, PerDT 95%): a plain
        # «کتابهای» in running text (Arman, parts of Seraji) is lost ZWNJs, unless a curated list has the word.
        plural = reading is not None and reading[2] == SURE and _is_plural(reading[1])
        if curated(lex, word) if plural else trusted(lex, word):
            return None
        if reading is not None and lex.running.get(word, 0) >= RUNNING_SURE and _weak(lex, word, reading[1]):
            return None
        # «تنهایی» is «تنها»+«یی», not «تن»+«هایی».
        known = curated if plural else trusted
        if word.endswith("یی") and word[:-2].endswith(("ا", "و")) and known(lex, word[:-2]):
            return None
        # «انتهای», «تنهای», «دنیاش»: a listed word in «ا» and a closed «ی» (ezafe, indefinite) or clitic, not
        # «انت»+«های», «تنه»+«ای» or «دنی»+«اش».
        if len(word) > 4 and word.endswith(("ای", "ام", "ات", "اش")) and curated(lex, word[:-1]):
            return None
        if reading is None and choice is None and not lex.flags.get(word):
            return _guess(lex, word)
        return reading
    source = f"lexicon:{choice.form} ({choice.share:.2f})"
    if choice.share <= STYLE_SHARE:
        return None
    if trusted(lex, word):  # both spellings are in use («همزمان»/«هم‌زمان»): house style
        reading = _analyse(lex, word)
        plural = reading is not None and reading[0] == choice.form and _is_plural(reading[1])
        if plural and reading[2] == SURE and not curated(lex, word):  # «کتابهای»: running text lost ZWNJs
            return choice.form, f"{source}; {reading[1]}", SURE
        # ... unless running text settles it, writing the ZWNJ form three times as often («بزرگ‌ترین»).
        if running_text_writes(lex, choice.form, word):
            return choice.form, f"{source}; running text", SURE
        return choice.form, source, STYLE
    if (
        choice.share >= SURE_SHARE
        and choice.share * choice.total >= SURE_VOTE
        and attested(lex, choice.form, word)
    ):
        # Two free words closed up («آتش‌فشان»/«آتشفشان», «کلاه‌برداری»): editors differ, the lists follow one
        # convention; only what spelling requires (an affix, a silent «ه») is sure.
        # Running text that writes it with the ZWNJ, and never without, settles it («ریاست‌جمهوری»).
        free = free_compound(lex, choice.form) and not running_text_writes(lex, choice.form, word)
        return choice.form, source, STYLE if free else SURE
    # Few votes, but the morphology reads the word the same way («هسته‌های», «خانه‌اش»): sure.
    reading = _analyse(lex, word)
    if reading is not None and reading[0] == choice.form and reading[2] == SURE:
        return choice.form, f"{source}; {reading[1]}", SURE
    # A ZWNJ after «ه» is no house style («دروازه‌بانی»): joined, «ه» changes its shape. Unless the word reads
    # as well as a known word and a closed plural («شیرهای» is «شیر»+«های», not «شیره»+«ای»).
    if choice.share >= SURE_SHARE and "ه" + ZWNJ in choice.form and not closed_plural(lex, word):
        return choice.form, f"{source}; after ه", SURE
    # «بی‌» is a prefix the spelling rules write apart («بی‌باکی»), whatever the other sources say of the word.
    if choice.form.startswith("بی" + ZWNJ) and choice.share >= SURE_SHARE and len(word) > 4:
        return choice.form, f"{source}; prefix بی", SURE
    return choice.form, source, STYLE


def _weak(lex: HalfspaceLexicon, word: str, source: str) -> bool:
    """Whether a reading gives way to running text that writes ``word`` closed (often, and no source ever with
    a ZWNJ): «بی» before a word («بیاره», «بیتکوین»), a comparative of a word no commoner than the whole
    («فیلتر» is no «فیل»+«تر»), a plural of a stem the sources hardly know («درنهایت» is no «درن»+«هایت»)."""
    if source.startswith("morph:بی+"):
        return True
    stem, _, suffix = source.partition(" ")[2].rpartition("+")
    if suffix in COMPARATIVE:
        return lex.running.get(stem, 0) <= lex.running.get(word, 0)
    return suffix in PLURAL and not lex.is_known(stem, HARDLY_KNOWN)


def _is_plural(source: str) -> bool:
    return source.startswith("morph:stem") and source.rpartition("+")[2] in PLURAL


def _analyse(lex: HalfspaceLexicon, word: str, depth: int = 0) -> tuple[str, str, str] | None:
    """Morphology for words the lexicon never saw: a verb prefix, or a suffix on a known stem.

    Of several readings the one whose stem the sources know best wins («گزینهای»: «گزینه»+«ای», not «گزین»+«های»).
    """
    if len(word) < 4:  # a stem and an affix of two letters each, at least
        return None
    readings: list[_Weighed] = []
    for prefix in VERB_PREFIXES if word.startswith(VERB_PREFIXES) else ():
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2:
            if is_verb(lex, rest):
                return prefix + ZWNJ + resolve(lex, rest), f"morph:{prefix}+verb {rest}", SURE
            if depth == 0:
                inner = _analyse(lex, rest, depth + 1)
                if inner and inner[1].startswith("morph:verb"):
                    return prefix + ZWNJ + inner[0], f"morph:{prefix}+{inner[1][6:]}", SURE
    rest = word[2:]
    if (
        depth == 0
        and word.startswith("بی")
        and len(rest) >= 3
        and trusted(lex, rest)
        and not (lex.has_flag(rest, "F") or lex.has_flag(rest, "V"))  # «بیاندازند» is «ب»+«یاندازند»
        and not closed_inflection(lex, word)  # «بیکارش» is «بیکار»+«ش», «بیژنی» «بیژن»+«ی»
    ):
        readings.append((0.2, 0, ("بی" + ZWNJ + rest, f"morph:بی+{rest}", SURE)))
    for length in _SUFFIX_LENGTHS:
        kind = _SUFFIX_KIND.get(word[-length:])
        stem = word[:-length]
        if kind is None or len(stem) < 2:
            continue
        suffix = word[-length:]
        if kind == "clitic" and not silent_heh(stem):  # «بدرقه‌مان»; «کتابشان», «زندگیشان» stay
            continue
        if kind == "heh" and not (len(stem) > 2 and takes_alef_suffix(stem, suffix)):
            continue
        if kind == "comparative" and not lex.has_flag(resolve(lex, stem), "A"):
            continue
        if kind == "part" and (
            len(stem) < 3 or not trusted(lex, stem) or lex.has_flag(stem, "F") or closed_inflection(lex, word)
        ):  # «دانشمندان» is «دانشمند»+«ان», not «دانش»+«مندان»
            continue
        # «وستهام» (West Ham), written so in running text, is no «وسته»+«ام» on a stem only a raw word list has.
        weak_heh = (
            kind == "heh"
            and lex.running.get(word, 0) >= 2
            and not trusted(lex, stem)
            and (lex.choices.get(stem) or (0, 0, 0.0))[2] < 1.0
        )
        if (lex.is_known(stem, STEM_VOTE) or trusted(lex, stem)) and not weak_heh:
            label = "verb" if is_verb(lex, stem) else "stem"
            # Plurals of pronouns («آنها»/«آن‌ها») are house style; a comparative of a word the sources do not
            # list («جذاب‌تر») is not: treebank news writes «تر» apart (a text that writes its own ZWNJs only
            # gets what spelling requires anyway).
            pronoun = kind == "plural" and lex.has_flag(stem, "F")
            certainty = STYLE if pronoun else SURE
            if kind == "comparative" and trusted(lex, stem + "تر"):  # «بیشترین», «کمترین»
                continue
            choice = lex.choose(stem)
            weight = choice.total if choice else 0.5
            if kind == "heh" and suffix in AFTER_YEH and is_verb(lex, stem):  # «داده‌ایم», not «داد»+«هایم»
                weight += PARTICIPLE_BONUS
            spelled = resolve(lex, stem)
            # A reading that re-spells its stem too («رویداده»->«روی‌داده»+«ای») yields to one that leaves the
            # word as it is («رویداد»+«های»): the text may well be right.
            if spelled != stem:
                weight -= RESPELL_PENALTY
            reading = (glue(spelled, suffix), f"morph:{label} {stem}+{suffix}", certainty)
            readings.append((weight, len(stem), reading))
        elif depth == 0:
            inner = _analyse(lex, stem, depth + 1)
            if inner:
                reading = (glue(inner[0], suffix), f"{inner[1]}+{suffix}", inner[2])
                readings.append((0.1, len(stem), reading))
    if not readings:
        return None
    first = max(readings, key=lambda item: (item[0], item[1]))
    best = _plural_or_heh(lex, word, readings, first)
    # At the top, a reading that leaves the word as it is («پیکر»+«های», the stem the sources know best) is the
    # answer, and no letter-model guess comes after it; inside, a reading that changes nothing is none.
    if best[2][0] != word or depth == 0:
        return best[2]
    return None


def _plural_or_heh(lex: HalfspaceLexicon, word: str, readings: list[_Weighed], best: _Weighed) -> _Weighed:
    """«ماسکهای»: «ماسکه»+«ای» or «ماسک»+«های»? When the sources weigh both stems alike, the stem running text
    uses more often wins («ماسک» 27 times, «ماسکه» twice)."""
    if not word.endswith("های") or not best[2][1].endswith("+ای"):
        return best
    stem = word[:-3]
    if is_verb(lex, stem):  # «برگردیدهای» is the participle «برگردیده»+«ای»: a verb takes no plural
        return best
    commoner = lex.running.get(stem, 0) > lex.running.get(stem + "ه", 0)
    for weight, length, reading in readings:
        if commoner and reading[1].endswith(f" {stem}+های") and best[0] - weight < TIE_MARGIN:
            return weight, length, reading
    return best


def _guess(lex: HalfspaceLexicon, word: str) -> tuple[str, str, str] | None:
    """Readings for a word no source knows: a rare verb after «می» («میخیساند»), a participle before the copula
    («بازتابیدهاند»), a known word and a compound part after a silent «ه» («دروازهبانی»), a known compound
    with a closed ending («نظریهپردازانی»), and last the letter-level model (``halfspace_char``: «مرمتگران»)."""
    if closed_inflection(lex, word):  # «میهمانانی» is «میهمانان»+«ی», no «می»+verb
        return None
    # Only the plain prefixes: «وامیدواریم» is «و»+«امیدواریم», not «وامی»+«دواریم»; a plural is no verb
    # («مینیاتورهای»), nor are the «میر» names («میرزا», «میرمحمدی») or the «میل» words and names («میلگردبافی»,
    # «میلیبند», the typo «میلاردی») and «میان» words («میانم»): the verbs in «ل» and «ا» are in the verb lists.
    for prefix in ("نمی", "می") if not word.endswith(PLURAL_ENDINGS) else ():
        rest = word[len(prefix) :]
        # ... nor a token that a known word of five letters or more starts («میهمان»+«نوازند»).
        if (
            word.startswith(prefix)
            and VERB_SHAPE.fullmatch(rest)
            and rest[0] not in "رلا"
            and not any(trusted(lex, word[:end]) for end in range(5, len(word) - 1))
        ):
            return prefix + ZWNJ + rest, f"guess:{prefix}+verb {rest}", SURE
    for suffix in AFTER_YEH:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and PARTICIPLE.fullmatch(stem):
            return stem + ZWNJ + suffix, f"guess:participle {stem}+{suffix}", SURE
    for cut in range(2, len(word) - 1):  # the longest head that compounds write apart («دقیقه»+«شماری»)
        stem, head = word[:cut], word[cut:]
        if not joins_forward(stem[-1]):
            continue
        if apart_head(lex, head):
            apart, closed = lex.heads[head]
            # ... unless a known closed word spans the cut («حسابدار»+«ان» is not «حساب»+«داران»).
            spanned = any(trusted(lex, word[:end]) for end in range(cut + 2, len(word)))
            if trusted(lex, stem) and not lex.has_flag(stem, "F") and not spanned:
                return stem + ZWNJ + head, f"guess:{stem}+head {head} ({apart}/{apart + closed})", SURE
    for cut in range(len(word) - 3, 2, -1):
        stem, rest = word[:cut], word[cut:]
        if not silent_heh(stem) or lex.has_flag(stem, "F") or not trusted(lex, stem):
            continue
        if rest in compound_parts() or (trusted(lex, rest) and not lex.has_flag(rest, "F")):
            return stem + ZWNJ + rest, f"guess:{stem}+{rest}", SURE
    inflected = _inflected_compound(word)
    if inflected is not None:
        return inflected
    modelled = halfspace_char.predict(word)
    if modelled is not None and not _misspelt(lex, word):
        return modelled[0], f"model:{modelled[0]} ({modelled[1]:.2f})", STYLE
    return None


#: Letters a typo may have dropped or added (Persian letters that words are written with).
_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def _misspelt(lex: HalfspaceLexicon, word: str) -> bool:
    """A word one letter away from a common word the sources know is a typo of it, not a compound for the letter
    model to cut («اریبهشت» is «اردیبهشت» with a letter dropped, no «اریب»+«هشت»)."""

    def common(candidate: str) -> bool:
        return lex.has_flag(candidate, "H") and trusted(lex, candidate)

    dropped = (word[:i] + letter + word[i:] for i in range(1, len(word)) for letter in _LETTERS)
    added = (word[:i] + word[i + 1 :] for i in range(1, len(word) - 1))
    return any(common(candidate) for candidate in (*dropped, *added))


#: Endings a compound takes closed («نظریه‌پرداز»+«انی»).
COMPOUND_ENDINGS = ("انی", "ان", "ی")


def _inflected_compound(word: str) -> tuple[str, str, str] | None:
    """A compound the lexicon or the morphology knows, with a closed ending: «نظریهپردازانی» ->
    «نظریه‌پردازانی», as sure as the compound itself (the letter model and guesses are not built on)."""
    if word.endswith(PLURAL_ENDINGS):  # «سهمیهبندیهای» is a plural, not «سهمیهبندیها»+«ی»
        return None
    for ending in COMPOUND_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 4:
            found = restore_word(stem)
            if found is not None and not found[1].startswith(("model:", "guess:")):
                return found[0] + ending, f"{found[1]}+{ending}", found[2]
    return None
