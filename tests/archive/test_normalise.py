"""Search normalisation and query parsing, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dabir.archive.normalise import analyse, filter_key, filter_tokens, fold, index_columns, surface_words
from dabir.archive.query import parse_query, to_fts5, to_tsquery
from dabir.errors import UserError


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("كتابهاي علمي", "کتابهای علمی"),
        ("۱۴۰۲ و ١٤٠٢ و 1402", "1402 و 1402 و 1402"),
        ("كتـــاب", "کتاب"),
        ("عُلُومِ", "علوم"),
        ("مسأله، مسئله", "مساله، مسیله"),
        ("خانۀ ما", "خانه ما"),
        ("NATO", "nato"),
        ("ﻛﺘﺎﺏ", "کتاب"),  # Arabic presentation forms from an old PDF
    ],
)
def test_fold(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_half_space_joined_and_spaced_words_index_alike() -> None:
    bodies = {index_columns(text)[0] for text in ["گروه های مقاومت", "گروههای مقاومت", "گروه‌های مقاومت"]}
    assert bodies == {"گروههای مقاومت"}
    assert index_columns("گروه‌های مقاومت")[1] == "گروه های"  # pieces of half-space words only
    assert index_columns("مي شود و نمی‌توان")[0] == "میشود و نمیتوان"
    assert index_columns("۱۲ ها")[0] == "12 ها"  # not joined to a number


def test_filter_key_is_word_padded_and_holds_every_half_space_piece() -> None:
    assert filter_key("اسماعيل  هنيه") == " اسماعیل هنیه "
    assert filter_key("؟!") == ""
    assert filter_key("علی خامنه\u200cای") == " علی خامنه ای خامنهای "
    assert filter_tokens("خامنه ای") == filter_tokens("خامنه\u200cاي") == ["خامنه", "ای"]


def test_surface_words_give_offsets_into_the_original_text() -> None:
    text = "گروه های مقاومتِ غزه"
    words = surface_words(text)
    assert [text[start:end] for start, end, _ in words] == ["گروه های", "مقاومتِ", "غزه"]
    assert {"گروههای", "گروه", "های"} <= words[0][2]
    assert "مقاومت" in words[1][2]


def test_query_syntax() -> None:
    query = parse_query('گروه های "آتش بس" مذاکر* -غزه')
    assert [(u.body, u.prefix, u.negated) for u in query.units] == [
        (("گروههای",), False, False),
        (("اتش", "بس"), False, False),
        (("مذاکر",), True, False),
        (("غزه",), False, True),
    ]
    assert "NOT" in to_fts5(query) and "& !" in to_tsquery(query)
    with pytest.raises(UserError):
        to_fts5(parse_query("-غزه"))


PERSIANISH = st.text(
    alphabet=list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإآؤئء۰۱۲۳۴۵٦789ـَُِّ\u200c \n.،؛:«»\"'*-()"),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(PERSIANISH)
def test_index_columns_agree_with_analyse_and_queries_are_always_quoted(text: str) -> None:
    groups = analyse(text)
    body, parts = index_columns(text)
    assert body.split() == [group.body for group in groups if group.body]
    assert parts.split() == [piece for group in groups if len(group.parts) > 1 for piece in group.parts]
    query = parse_query(text)
    if query.positive:
        expression = to_fts5(query)
        # every token reaches FTS5 inside double quotes, and a token never holds a quote
        assert all('"' not in token for unit in query.units for token in unit.body + unit.parts)
        assert expression.count('"') % 2 == 0
        assert "'" not in "".join(token for unit in query.units for token in unit.body)
