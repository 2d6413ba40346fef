"""Find Persian speech verbs («گفت», «افزودند», «خاطر نشان کردند», «تأکید ویژه‌ای کرد») in text.

The lexicon lives in ``lang/fa/speech_verbs.tsv`` (lemma, nonverbal part, past stem, present stem, class). From
each row we build every finite form a news report uses: past, past continuous, present perfect, past perfect,
present, future, with negation and all persons, so honorific plurals («گفتند» for one respected speaker) are
found too. Spelling is matched loosely because repair may or may not have restored half-spaces yet: «می‌گوید»,
«میگوید», «می گوید»; «خاطرنشان», «خاطر نشان»; «تأکید», «تاکید»; Arabic «ي ك» as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ZWNJ = "\u200c"
#: A gap that may be a space, a half-space or nothing (damaged or repaired text).
GAP = "[ \u200c]?"
LETTER = r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]"
NOT_LETTER_BEFORE = rf"(?<!{LETTER})(?<!\u200c)"
NOT_LETTER_AFTER = rf"(?!{LETTER})(?!\u200c{LETTER})"
#: Light verbs that alternate in formal news prose: «تأکید کرد» = «تأکید نمود»; «خاطرنشان ساخت».
LIGHT_ALTERNATES = {"کرد": [("کرد", "کن"), ("نمود", "نما"), ("ساخت", "ساز")]}
PAST_ENDINGS = {"م": 1, "ی": 2, "": 3, "یم": 1, "ید": 2, "ند": 3}
PRESENT_ENDINGS = {"م": 1, "ی": 2, "د": 3, "یم": 1, "ید": 2, "ند": 3}
PERFECT_AUX = {"ام": 1, "ای": 2, "است": 3, "ایم": 1, "اید": 2, "اند": 3}


@dataclass(frozen=True)
class SpeechVerb:
    """One row of the lexicon."""

    lemma: str
    nonverbal: str
    past: str
    present: str
    kind: str  # "speech" | "evaluative"
    frames: frozenset[str] = frozenset()  # content frames beyond colon/quote/after: that, run_on, comma


@dataclass(frozen=True)
class VerbMatch:
    """A speech verb found in text: ``text[start:end]`` is ``verb_text``."""

    start: int
    end: int
    lemma: str
    kind: str
    person: int  # 1, 2 or 3
    plural: bool
    negated: bool
    frames: frozenset[str] = frozenset()


def loose(word: str) -> str:
    """A regex for ``word`` tolerant of letter variants and of a lost or extra half-space."""
    out = []
    for char in word:
        if char in " \u200c":
            out.append(GAP)
        elif char in "یي":
            out.append("[یيى]")
        elif char in "کك":
            out.append("[کك]")
        elif char in "أا":
            out.append("[أا]")
        elif char == "ه":
            out.append("[هة]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def read_lexicon() -> list[SpeechVerb]:
    """The rows of ``speech_verbs.tsv`` (header and ``#`` comment lines skipped)."""
    text = resources.files("dabir.lang.fa").joinpath("speech_verbs.tsv").read_text(encoding="utf-8")
    verbs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
            continue
        lemma, nonverbal, past, present, kind, frames = line.split("\t")
        verbs.append(
            SpeechVerb(lemma, nonverbal, past, present, kind, frozenset(filter(None, frames.split(","))))
        )
    return verbs


def _present_stem(stem: str) -> str:
    # «گو» -> «گوی», «افزا» -> «افزای»: a vowel-final stem takes a glide before the person ending.
    return stem + "ی" if stem[-1] in "اوآ" else stem


#: Words allowed between a compound's nonverbal part and its light verb: «تأکید ویژه‌ای کرد».
MODIFIER = rf"(?:{LETTER}+(?:\u200c{LETTER}+)*)"
NOT_MODIFIERS = frozenset(
    ["را", "به", "از", "که", "و", "با", "در", "بر", "تا", "این", "آن", "هم", "نیز", "خود", "برای"]
)
GLUED_BEFORE_COLON = re.compile(rf"(?<={LETTER})(?:گفت|افزود)(?:ند)?(?=\s*[:：])")
PLURAL_ENDINGS = {"یم", "ید", "ند", "ایم", "اید", "اند"}
FIRST_ENDINGS = {"م", "یم", "ام", "ایم"}
SECOND_ENDINGS = {"ی", "ید", "ای", "اید"}


@dataclass(frozen=True)
class _Lexicon:
    regex: re.Pattern[str]
    joined: re.Pattern[str]
    forms: re.Pattern[str]
    past: dict[str, str]  # loose key of a past stem -> its canonical past stem
    present: dict[str, str]  # loose key of a present stem -> its canonical past stem
    simple: dict[str, SpeechVerb]  # past stem -> simple verb
    compounds: dict[
        str, list[tuple[re.Pattern[str], SpeechVerb]]
    ]  # light past stem -> (nonverbal before, verb)


def _key(word: str) -> str:
    return word.replace(ZWNJ, "").replace(" ", "").replace("ي", "ی").replace("ك", "ک").replace("أ", "ا")


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    verbs = read_lexicon()
    stems: set[tuple[str, str]] = set()
    simple: dict[str, SpeechVerb] = {}
    compounds: dict[str, list[tuple[re.Pattern[str], SpeechVerb]]] = {}
    for verb in verbs:
        if not verb.nonverbal:
            stems.add((verb.past, verb.present))
            simple[verb.past] = verb
            continue
        for past, present in LIGHT_ALTERNATES.get(verb.past, [(verb.past, verb.present)]):
            stems.add((past, present))
            before = re.compile(
                rf"{NOT_LETTER_BEFORE}{loose(verb.nonverbal)}(?P<mods>(?: {MODIFIER}){{0,2}}) $"
            )
            compounds.setdefault(past, []).append((before, verb))
    for items in compounds.values():  # longest nonverbal first: «ابراز امیدواری» before «ابراز»
        items.sort(key=lambda item: -len(item[1].nonverbal))
    past_alt = "|".join(loose(p) for p, _ in sorted(stems, key=lambda s: -len(s[0])))
    pres_alt = "|".join(loose(_present_stem(r)) for _, r in sorted(stems, key=lambda s: -len(s[1])))
    mi = "می" + GAP
    forms = (
        "(?:"
        rf"(?P<n1>ن)?(?P<s1>{past_alt})[هة]{GAP}(?P<e1>ام|ای|است|ایم|اید|اند)"  # perfect: گفته است
        rf"|(?P<n2>ن)?(?P<s2>{past_alt})[هة] بود(?P<e2>یم|ید|ند|م|ی)?"  # pluperfect: گفته بود
        rf"|(?P<n6>ن)?(?P<s6>{past_alt})[هة](?P<e6>)(?=\s*(?:که\s|[:：]))"  # «اعلام کرده که …» (aux dropped)
        rf"|(?P<n3>ن)?(?:{mi})?(?P<s3>{past_alt})(?P<e3>یم|ید|ند|م|ی)?"  # past: گفت، می‌گفتند
        rf"|(?P<n4>ن)?{mi}(?P<s4>{pres_alt})(?P<e4>یم|ید|ند|م|ی|د)"  # present: می‌گوید
        rf"|(?P<n5>ن)?خواه(?P<e5>یم|ید|ند|م|ی|د) (?P<s5>{past_alt})"  # future: خواهد گفت
        rf"|(?P<n7>ن)?(?P<s7>دار)(?P<e7>یم|ید|ند|م|ی|د)"  # «تأکید دارد»: داشتن's present has no «می»
        rf"){NOT_LETTER_AFTER}(?! ?و ?گو)"
    )
    # compounds written as one word in older news: «اظهارداشت», «خاطرنشان‌کرد»
    joined_alt = "|".join(
        loose(verb.nonverbal) for verb in sorted(verbs, key=lambda v: -len(v.nonverbal)) if verb.nonverbal
    )
    return _Lexicon(
        re.compile(f"{NOT_LETTER_BEFORE}{forms}"),
        re.compile(f"{NOT_LETTER_BEFORE}(?:{joined_alt})\u200c?(?={forms})"),
        re.compile(forms),
        {_key(p): p for p, _ in stems},
        {_key(_present_stem(r)): p for p, r in stems},
        simple,
        compounds,
    )


def find_speech_verbs(text: str) -> list[VerbMatch]:
    """Every speech-verb form in ``text``, left to right.

    >>> [m.lemma for m in find_speech_verbs("وی تاکید ویژه‌ای کرد و افزود")]
    ['تأکید کردن', 'افزودن']
    """
    lexicon = _lexicon()
    found: list[VerbMatch] = []
    matches = list(lexicon.regex.finditer(text))
    for joined in lexicon.joined.finditer(text):
        inner = lexicon.forms.match(text, joined.end())
        if inner:
            matches.append(inner)
    for glued in GLUED_BEFORE_COLON.finditer(text):
        inner = lexicon.forms.match(text, glued.start())
        if inner:
            matches.append(inner)  # «وزیر کشورگفت:» in damaged text: a colon makes it safe
    matches.sort(key=lambda m: m.start())
    for match in matches:
        for n in "1234567":
            if match.group(f"s{n}") is not None:
                break
        stem_text, ending = match.group(f"s{n}"), match.group(f"e{n}") or ""
        past = lexicon.present[_key(stem_text)] if n in "47" else lexicon.past[_key(stem_text)]
        negated = match.group(f"n{n}") is not None
        ending = ending if n != "3" or ending else ""
        person = 1 if ending in FIRST_ENDINGS else 2 if ending in SECOND_ENDINGS else 3
        plural = ending in PLURAL_ENDINGS
        start = match.start()
        verb = lexicon.simple.get(past)
        if past in lexicon.compounds:
            head = text[max(0, start - 80) : start]
            if head and head[-1] != " ":
                head = head[:-1] + " " if head[-1] == ZWNJ else head + " "  # joined: «اظهارداشت»
            for before, candidate in lexicon.compounds[past]:
                nonverbal = before.search(head)
                if nonverbal and not (set(nonverbal.group("mods").split()) & NOT_MODIFIERS):
                    verb = candidate
                    start = max(0, match.start() - 80) + nonverbal.start()
                    break
            else:
                if verb is None:
                    continue
        if verb is None:
            continue
        if found and start < found[-1].end:
            continue
        found.append(
            VerbMatch(start, match.end(), verb.lemma, verb.kind, person, plural, negated, verb.frames)
        )
    return found
