"""Tokens: written words as a Persian reader sees them, numbers whole, punctuation apart.

A half-space (ZWNJ) joins the parts of one word, so «می‌کرد» and «گروه‌های» are single tokens; a plain space
separates words.  Pronoun clitics written attached («کتابش») stay in their word, as the orthography has it.
Numbers keep their decimal and date separators (۳.۵، ۱۴۰۲/۰۳/۳۱، ۱۲:۳۰، ۱,۲۰۰), dotted abbreviations stay whole
(ج.ا.ا.), and each punctuation mark is its own token except a run of dots («...»).
"""

from __future__ import annotations

import re

from dabir.models import Document, Token

_DIGIT = "0-9۰-۹٠-٩"
_PERSIAN_LETTER = (
    "\u0610-\u061a\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc"
)
_MARKS = "\u064b-\u065f\u0670\u06d6-\u06ed"
_PUNCT = ".!?؟،,؛;:«»()\\[\\]{}\"'“”‘’\\-–—…/\\\\|٫٬"
_TOKEN = re.compile(
    rf"(?P<abbreviation>(?:[{_PERSIAN_LETTER}]\.){{2,}}|(?:[{_PERSIAN_LETTER}]\.)+[{_PERSIAN_LETTER}](?![{_PERSIAN_LETTER}]))"
    rf"|(?P<number>[{_DIGIT}]+(?:[.٫/:,٬][{_DIGIT}]+)*)"
    rf"|(?P<word>[{_PERSIAN_LETTER}](?:[{_PERSIAN_LETTER}{_MARKS}]|\u200c(?=[{_PERSIAN_LETTER}]))*)"
    rf"|(?P<latin>[A-Za-z\u00c0-\u024f](?:[A-Za-z\u00c0-\u024f0-9]|[\-'’.](?=[A-Za-z0-9]))*)"
    rf"|(?P<punct>\.{{2,}}|[{_PUNCT}])"
    r"|(?P<symbol>[^\s\u200c\u200d\ufeff])"
)
_KIND = {"abbreviation": "word"}


def find_tokens(text: str) -> list[Token]:
    """The tokens of ``text`` with their offsets and kind (word, number, punct, symbol, latin).

    >>> [t.text for t in find_tokens("می‌کرد، ۳.۵ درصد!")]
    ['می\u200cکرد', '،', '۳.۵', 'درصد', '!']
    """
    # model_construct: the values come from the regex and are valid by construction; a long document has
    # hundreds of thousands of tokens and validation would triple the time.
    build = Token.model_construct
    return [
        build(start=m.start(), end=m.end(), text=m.group(0), kind=_KIND.get(m.lastgroup, m.lastgroup))  # type: ignore[arg-type]
        for m in _TOKEN.finditer(text)
    ]


def annotate(document: Document) -> None:
    """Fill ``document.tokens``."""
    document.tokens = find_tokens(document.text)
