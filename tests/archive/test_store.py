"""Writing: unchanged, updated and duplicate documents, whole-document batches, records and migrations."""

from __future__ import annotations

import dataclasses

import pytest
from archive_helpers import make_document

from dabir.archive import IngestItem, open_archive, prepare
from dabir.archive.migrate import migrations, statements

FIRST = "خبرگزاری ایرنا گزارش داد که نشست شورای امنیت درباره غزه برگزار شد."
SECOND = "وزیر امور خارجه گفت: مذاکرات هسته‌ای هفته آینده در وین ادامه می‌یابد."
THIRD = "رئیس‌جمهور در سفر به استان فارس از طرح‌های عمرانی بازدید کرد."


def item(path: str | None, text: str, **kwargs) -> IngestItem:
    document = make_document(text, **kwargs)
    return IngestItem(path, document.source.sha256, prepare(document))


def test_same_path_same_content_is_unchanged(archive) -> None:
    (first,) = archive.store([item("/a.txt", FIRST)])
    (again,) = archive.store([item("/a.txt", FIRST)])
    assert (first.status, again.status) == ("ingested", "unchanged")
    assert again.document_id == first.document_id
    assert archive.stats()["documents"] == 1


def test_same_content_under_another_name_is_a_duplicate(archive) -> None:
    (first,) = archive.store([item("/a.txt", FIRST)])
    # the ingest sends only the hash when it already knows the content
    (copy,) = archive.store([IngestItem("/copy/a.txt", first_hash(archive, first.document_id))])
    (third,) = archive.store([item("/other/a.txt", FIRST)])
    assert (copy.status, third.status) == ("duplicate", "duplicate")
    assert copy.document_id == third.document_id == first.document_id
    stats = archive.stats()
    assert (stats["documents"], stats["paths"]) == (1, 3)
    assert archive.get(first.document_id).paths == ["/a.txt", "/copy/a.txt", "/other/a.txt"]


def first_hash(archive, document_id: int) -> str:  # noqa: ANN001
    return archive.get(document_id).document.source.sha256


def test_a_changed_file_is_updated_in_place(archive) -> None:
    (first,) = archive.store([item("/a.txt", FIRST, jalali="1402-01-01")])
    (changed,) = archive.store([item("/a.txt", SECOND, jalali="1402-02-02")])
    assert changed.status == "updated" and changed.document_id == first.document_id
    assert archive.stats()["documents"] == 1
    assert [hit.id for hit in archive.search("وین")] == [first.document_id]
    assert archive.search("شورای امنیت") == []
    assert archive.get(first.document_id).document.date.jalali == "1402-02-02"


def test_changing_one_of_two_names_keeps_the_other(archive) -> None:
    (first,) = archive.store([item("/a.txt", FIRST), item("/b.txt", FIRST)])[:1]
    (changed,) = archive.store([item("/b.txt", SECOND)])
    assert changed.status == "updated" and changed.document_id != first.document_id
    assert archive.get(first.document_id).paths == ["/a.txt"]
    assert archive.stats()["documents"] == 2


def test_a_document_left_without_paths_is_removed(archive) -> None:
    (first,) = archive.store([item("/a.txt", FIRST)])
    (second,) = archive.store([item("/b.txt", SECOND)])
    # /a.txt now holds what /b.txt holds: it points to that document and the old one goes
    (moved,) = archive.store([item("/a.txt", SECOND)])
    assert moved.status == "updated" and moved.document_id == second.document_id
    assert archive.get(first.document_id) is None
    assert archive.search("شورای امنیت") == []
    assert archive.stats()["documents"] == 1


def test_one_bad_document_does_not_spoil_its_batch(archive) -> None:
    good = item("/good.txt", FIRST)
    bad = item("/bad.txt", SECOND)
    bad.prepared = dataclasses.replace(bad.prepared, text=None)  # violates NOT NULL in the database
    outcomes = archive.store([good, bad, item("/third.txt", THIRD)])
    assert [o.status for o in outcomes] == ["ingested", "failed", "ingested"]
    assert "could not store" in outcomes[1].reason
    assert archive.stats()["documents"] == 2
    assert archive.search("مذاکرات") == []


def test_the_stored_record_comes_back_whole(archive) -> None:
    document = make_document(
        FIRST,
        jalali="1402-03-31",
        statements=[("خبرگزاری ایرنا", "ایرنا", "نشست شورای امنیت درباره غزه برگزار شد")],
        entities=[("غزه", "غزه", "LOC")],
    )
    (outcome,) = archive.store([IngestItem("/a.txt", document.source.sha256, prepare(document))])
    stored = archive.get(outcome.document_id)
    assert stored.document == document
    assert [s.id for s in archive.iter_documents()] == [outcome.document_id]
    assert archive.get(outcome.document_id + 1000) is None
    stats = archive.stats()
    assert stats["top_speakers"] == [{"speaker": "ایرنا", "statements": 1}]
    assert stats["dates"] == {"first": "2023-06-21", "last": "2023-06-21"}


def test_reopening_applies_no_migration_twice(db_url: str) -> None:
    with open_archive(db_url) as archive:
        archive.store([item("/a.txt", FIRST)])
        version = archive.schema_version()
    with open_archive(db_url) as archive:
        assert archive.schema_version() == version
        assert archive.stats()["documents"] == 1


def test_migration_2_recomputes_the_filter_keys_of_an_older_archive(db_url: str) -> None:
    statement = [("وزیر امور خارجه", "عباس عراقچی", "مذاکرات هسته‌ای هفته آینده در وین ادامه می‌یابد")]
    entity = [("مذاکرات هسته‌ای", "مذاکرات هسته‌ای", "MISC")]
    with open_archive(db_url) as archive:
        archive.store([item("/a.txt", SECOND, statements=statement, entities=entity)])
        # the keys as version 1 wrote them: joined forms only, so «هسته ای» did not find «هسته‌ای»
        archive._execute("UPDATE entities SET key = ' مذاکرات هستهای '")
        archive._execute("UPDATE statements SET speaker_key = ' عباس عراقچی وزیر امور خارجه '")
        archive._execute("DELETE FROM schema_migrations WHERE version >= 2")
        for table in ("story_bands", "story_members", "stories"):  # migration 3 and later, replayed too
            archive._execute(f"DROP TABLE {table}")
        assert archive.search("", entity="هسته ای") == []
    with open_archive(db_url) as archive:
        assert archive.schema_version() == migrations("sqlite")[-1][0]
        assert len(archive.search("", entity="هسته ای")) == 1
        assert len(archive.search("", speaker="عراقچی")) == 1
        ((key,),) = archive._execute("SELECT key FROM entities")
        assert " هسته ای هستهای " in key


def test_both_backends_have_the_same_migration_history() -> None:
    sqlite = [(number, name) for number, name, _ in migrations("sqlite")]
    postgres = [(number, name) for number, name, _ in migrations("postgres")]
    assert sqlite == postgres and sqlite[0][0] == 1
    for _, _, sql in migrations("sqlite") + migrations("postgres"):
        assert all(statement.rstrip().endswith(";") for statement in statements(sql))


def test_a_bug_while_storing_propagates_instead_of_being_reported_as_a_failed_document(
    archive, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise KeyError("a bug, not bad data")

    monkeypatch.setattr(archive, "_store_new", broken)
    try:
        outcomes = archive.store([item("/a.txt", FIRST)])
    except KeyError:
        outcomes = None
    assert outcomes is None
    assert archive.stats()["documents"] == 0


@pytest.mark.postgres
def test_without_the_rum_extension_postgres_keeps_gin_logs_a_note_and_finds_the_same(
    postgres_server: str, monkeypatch, caplog
) -> None:
    import importlib.util
    from pathlib import Path

    from dabir.archive import ranked_index

    spec = importlib.util.spec_from_file_location(
        "dabir_archive_conftest", Path(__file__).with_name("conftest.py")
    )
    conftest = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(conftest)  # type: ignore[union-attr]

    found = {}
    for extension in ("rum", "no_such_extension"):
        monkeypatch.setattr(ranked_index, "EXTENSION", extension)
        with conftest.fresh_database(postgres_server) as url, open_archive(url) as archive:
            assert archive.ranked_index is (extension == "rum")
            archive.store([item("/a.txt", FIRST), item("/b.txt", SECOND)])
            found[extension] = {hit.id for hit in archive.search("مذاکرات")}
    assert found["rum"] == found["no_such_extension"] and found["rum"]
    assert "no 'no_such_extension' extension" in caplog.text
