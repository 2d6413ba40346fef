"""Tokens: half-space words whole, numbers whole, punctuation apart, each with its kind."""

from __future__ import annotations

import pytest

from dabir.annotate.tokens import find_tokens


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(token.text, token.kind) for token in find_tokens(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("می‌کرد", [("می‌کرد", "word")]),
        ("گروه‌های مقاومت", [("گروه‌های", "word"), ("مقاومت", "word")]),
        ("رئیس‌جمهور گفت:", [("رئیس‌جمهور", "word"), ("گفت", "word"), (":", "punct")]),
        ("۳.۵ درصد", [("۳.۵", "number"), ("درصد", "word")]),
        ("۲٫۸٪", [("۲٫۸", "number"), ("٪", "symbol")]),
        ("۱۴۰۲/۰۳/۳۱", [("۱۴۰۲/۰۳/۳۱", "number")]),
        ("ساعت ۱۲:۳۰", [("ساعت", "word"), ("۱۲:۳۰", "number")]),
        ("۱,۲۰۰ دلار", [("۱,۲۰۰", "number"), ("دلار", "word")]),
        ("«جنین»،", [("«", "punct"), ("جنین", "word"), ("»", "punct"), ("،", "punct")]),
        (
            "امام خمینی (ره)",
            [("امام", "word"), ("خمینی", "word"), ("(", "punct"), ("ره", "word"), (")", "punct")],
        ),
        ("ج.ا.ا. گفت", [("ج.ا.ا.", "word"), ("گفت", "word")]),
        ("چرا؟!", [("چرا", "word"), ("؟", "punct"), ("!", "punct")]),
        ("و ...", [("و", "word"), ("...", "punct")]),
        ("COVID-19 و U.S.", [("COVID-19", "latin"), ("و", "word"), ("U.S", "latin"), (".", "punct")]),
        ("$ ۵", [("$", "symbol"), ("۵", "number")]),
        ("۲۰ام", [("۲۰", "number"), ("ام", "word")]),
        ("مقاومت‌ ", [("مقاومت", "word")]),
        ("عَلی", [("عَلی", "word")]),
    ],
)
def test_tokens(text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


def test_offsets_quote_the_text_and_skip_only_space() -> None:
    text = "او گفت: «ما ۳.۵ درصد رشد داشتیم.»\nو رفت‌"
    tokens = find_tokens(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    covered = set()
    for token in tokens:
        covered.update(range(token.start, token.end))
    assert all(text[i].isspace() or text[i] == "\u200c" for i in range(len(text)) if i not in covered)
