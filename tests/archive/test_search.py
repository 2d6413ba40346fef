"""Search that forgives how Persian is typed, filters, and hostile queries: on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path

import pytest
from archive_helpers import make_document

from dabir.archive import IngestItem, open_archive, prepare
from dabir.errors import UserError

# This folder's conftest, loaded by path: the bare name ``conftest`` may be another folder's in the same run.
_spec = importlib.util.spec_from_file_location(
    "dabir_archive_conftest", Path(__file__).with_name("conftest.py")
)
_archive_conftest = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_archive_conftest)  # type: ignore[union-attr]
BACKENDS = _archive_conftest.BACKENDS
backend_url = _archive_conftest.backend_url

HANIYEH = (
    "دیدار رئیس دفتر سیاسی حماس\n\n"
    "اسماعیل هنیه در این دیدار گفت: گروه‌های مقاومت در نبرد اخیر متحدتر از همیشه بودند. "
    "وی افزود که ۱۲ هزار نفر در این مراسم حضور داشتند."
)
SPACED = "به گزارش خبرگزاری فارس، گروه های مقاومت فلسطین در غزه بیانیه‌ای صادر کردند و خواستار آتش‌بس شدند."
JOINED = "سخنگوی وزارت خارجه گفت گروههای مقاومت در منطقه نقش مهمی دارند و ايران از آنها حمايت مي كند."
ECONOMY = "بانک مرکزی اعلام کرد نرخ تورم در اردیبهشت ماه به ۴۵ درصد رسید و قیمت‌ها همچنان بالا است."
LEADER = "آیت‌الله خامنه‌ای امروز با مسئولان دیدار کرد. وی گفت: آزمایش‌های کره‌شمالی تهدیدی برای منطقه نیست."
SPORT = "تیم ملی فوتبال ایران در دیداری دوستانه با نتیجه 2 بر یک پیروز شد؛ سرمربی گفت بازیکنان عالی بودند."


@pytest.fixture(scope="module", params=BACKENDS)
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """One archive per backend for this whole module: the tests here only read."""
    with backend_url(request, request.param, tmp_path_factory.mktemp("search")) as url:
        archive = open_archive(url)
        try:
            yield archive, _fill(archive)
        finally:
            archive.close()


def _fill(archive) -> dict[str, int]:  # noqa: ANN001
    documents = {
        "haniyeh": make_document(
            HANIYEH,
            title="دیدار رئیس دفتر سیاسی حماس",
            jalali="1402-03-31",
            statements=[
                ("اسماعیل هنیه", "اسماعیل هنیه", "گروه‌های مقاومت در نبرد اخیر متحدتر از همیشه بودند")
            ],
            entities=[("حماس", "حماس", "ORG"), ("اسماعیل هنیه", "اسماعیل هنیه", "PER")],
        ),
        "spaced": make_document(SPACED, jalali="1402-08-20", entities=[("غزه", "غزه", "LOC")]),
        "joined": make_document(
            JOINED,
            jalali="1401-01-15",
            statements=[("سخنگوی وزارت خارجه", "ناصر کنعانی", "گروههای مقاومت در منطقه نقش مهمی دارند")],
        ),
        "economy": make_document(ECONOMY, jalali="1402-03-01"),
        "sport": make_document(SPORT),
        "leader": make_document(
            LEADER,
            # the mention is «وی»: only the canonical identity names the speaker
            statements=[("وی", "آیت‌الله خامنه‌ای", "آزمایش‌های کره‌شمالی تهدیدی برای منطقه نیست")],
            entities=[("کره‌شمالی", "کره‌شمالی", "LOC"), ("آیت‌الله خامنه‌ای", "آیت‌الله خامنه‌ای", "PER")],
        ),
    }
    ids = {}
    for name, document in documents.items():
        (outcome,) = archive.store(
            [IngestItem(f"/corpus/{name}.txt", document.source.sha256, prepare(document))]
        )
        ids[name] = outcome.document_id
    return ids


def found(archive, query: str, **filters) -> set[int]:  # noqa: ANN001
    return {hit.id for hit in archive.search(query, limit=50, **filters)}


@pytest.mark.parametrize(
    "query", ["گروه های مقاومت", "گروههای مقاومت", "گروه\u200cهای مقاومت", "گروهـهای مقاومت"]
)
def test_every_way_of_typing_the_plural_finds_the_same_documents(filled, query: str) -> None:
    archive, ids = filled
    assert found(archive, query) == {ids["haniyeh"], ids["spaced"], ids["joined"]}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("ایران حمایت", "joined"),  # the text has Arabic ي in «ايران», «حمايت»
        ("كند", "joined"),  # Arabic kaf in the query, and the text has «مي كند»
        ("می‌کند", "joined"),  # «مي كند» with a space in the text
        ("12 هزار", "haniyeh"),  # Latin digits, the text has Persian ۱۲
        ("۴۵ درصد", "economy"),
        ("٤٥ درصد", "economy"),  # Arabic-Indic digits
        ("نتیجه ۲", "sport"),  # the text has a Latin 2
        ("مُقاوِمَت غزه", "spaced"),  # harakat in the query
        ("اردیــبهشت", "economy"),  # tatweel in the query
    ],
)
def test_letters_digits_tatweel_and_diacritics_are_folded(filled, query: str, name: str) -> None:
    archive, ids = filled
    assert ids[name] in found(archive, query)


def test_a_part_of_a_half_space_word_finds_it(filled) -> None:
    archive, ids = filled
    assert ids["economy"] in found(archive, "قیمت")  # «قیمت‌ها»
    assert ids["spaced"] in found(archive, "آتش")  # «آتش‌بس»


def test_prefix_phrase_and_exclusion(filled) -> None:
    archive, ids = filled
    assert found(archive, "مقاوم*") == {ids["haniyeh"], ids["spaced"], ids["joined"]}
    assert found(archive, '"گروه های مقاومت فلسطین"') == {ids["spaced"]}
    assert found(archive, "«مقاومت گروه‌های»") == set()  # word order matters in a phrase
    assert found(archive, "مقاومت -غزه") == {ids["haniyeh"], ids["joined"]}
    assert found(archive, '"متحدتر از هم"*') == {ids["haniyeh"]}


def test_ranking_and_snippet_marks_the_hits(filled) -> None:
    archive, ids = filled
    hits = archive.search("مقاومت فلسطین")
    assert [hit.id for hit in hits] == [ids["spaced"]]
    hit = hits[0]
    marked = [hit.snippet[start:end] for start, end in hit.highlights]
    assert marked == ["مقاومت", "فلسطین"]
    assert hit.date_jalali == "1402-08-20" and hit.date_gregorian == "2023-11-11"
    scores = [h.score for h in archive.search("مقاومت", limit=10)]
    assert scores == sorted(scores, reverse=True)


def test_speaker_filter_matches_part_of_the_canonical_name_and_returns_the_statement(filled) -> None:
    archive, ids = filled
    hits = archive.search("مقاومت", speaker="هنیه")
    assert [hit.id for hit in hits] == [ids["haniyeh"]]
    (statement,) = hits[0].statements
    assert statement["canonical"] == "اسماعیل هنیه"
    assert statement["content"].startswith("گروه‌های مقاومت")
    assert found(archive, "", speaker="کنعانی") == {ids["joined"]}
    assert found(archive, "", speaker="سخنگوی وزارت") == {ids["joined"]}  # the words as written
    assert found(archive, "مقاومت", speaker="هنيه كنعاني") == set()  # every word must match one speaker


@pytest.mark.parametrize(
    "speaker", ["خامنه ای", "خامنه\u200cای", "خامنه‌اي", "خامنهای", "آیت الله خامنه ای", "وی"]
)
def test_speaker_filter_forgives_half_spaces_and_letters_and_matches_the_canonical_identity(
    filled, speaker: str
) -> None:
    archive, ids = filled
    hits = archive.search("", speaker=speaker)
    assert [hit.id for hit in hits] == [ids["leader"]]
    (statement,) = hits[0].statements
    assert statement["speaker"] == "وی" and statement["canonical"] == "آیت‌الله خامنه‌ای"


@pytest.mark.parametrize("entity", ["کره شمالی", "کره\u200cشمالی", "کرة شمالي", "کرهشمالی"])
def test_entity_filter_forgives_half_spaces_and_letters(filled, entity: str) -> None:
    archive, ids = filled
    assert found(archive, "", entity=entity) == {ids["leader"]}
    assert found(archive, "آزمایش", entity=entity) == {ids["leader"]}


def test_a_spaced_entity_is_found_by_its_half_space_spelling(filled) -> None:
    archive, ids = filled
    assert found(archive, "", entity="اسماعیل\u200cهنیه") == {ids["haniyeh"]}  # stored «اسماعیل هنیه»
    assert found(archive, "", speaker="خامنه هنیه") == set()  # still every word in one speaker


def test_entity_and_date_filters(filled) -> None:
    archive, ids = filled
    assert found(archive, "", entity="غزه") == {ids["spaced"]}
    assert found(archive, "مقاومت", entity="حماس") == {ids["haniyeh"]}
    since = datetime.date(2023, 5, 22)  # 1402-03-01
    assert found(archive, "", date_from=since) == {ids["haniyeh"], ids["spaced"], ids["economy"]}
    assert found(archive, "مقاومت", date_from=since, date_to=datetime.date(2023, 6, 30)) == {ids["haniyeh"]}


def test_nothing_to_search_for_is_a_clear_error(filled) -> None:
    archive, _ = filled
    for query in ["", "   ", "***", "-مقاومت", '""']:
        with pytest.raises(UserError):
            archive.search(query)


HOSTILE = [
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    'مقاومت" AND "',
    "NEAR(گروه مقاومت, 2)",
    "body : مقاومت",
    "{body parts} : x",
    "^مقاومت",
    "(((",
    "مقاومت OR NOT AND",
    "a\x00b",
    "%_\\",
    "'':*A & !",
    "«گروه",
    "*",
    "-",
    "🙂 مقاومت",
    "x" * 3000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_string_is_safe(filled, query: str) -> None:
    archive, _ = filled
    try:
        hits = archive.search(query, speaker=query[:50] if query.strip() else None)
    except UserError as error:
        assert str(error)
        return
    assert isinstance(hits, list)
    assert archive.stats()["documents"] == 6  # nothing was dropped
