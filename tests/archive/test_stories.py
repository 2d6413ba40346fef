"""Same-story groups kept at ingest, on re-ingest and on removal (both backends), on hand-written reports."""

from __future__ import annotations

import datetime

from archive_helpers import make_document

from dabir.archive import IngestItem, prepare
from dabir.archive.stories import fingerprint, similarity

# One wire report as two outlets carry it: the second adds the outlet's credit line, writes «ي/ك» and detached
# «می» and drops the last sentence.  Written for these tests, not copied from any corpus.
WIRE = (
    "به گزارش ایسنا، وزیر نیرو امروز در نشست خبری گفت: ذخیره آب سدهای تهران به کمترین میزان ده سال اخیر رسیده "
    "است و اگر مصرف کاهش نیابد، از هفته آینده فشار آب در ساعات شب کم می‌شود. او افزود: شهروندان می‌توانند با "
    "نصب کاهنده‌های مصرف تا یک سوم آب خانه را صرفه‌جویی کنند و وزارت نیرو این کاهنده‌ها را رایگان توزیع می‌کند. "
    "وزیر نیرو همچنین از آغاز ساخت دو تصفیه‌خانه تازه در جنوب تهران تا پایان سال خبر داد."
)
REPUBLISHED = (
    "به گزارش تابناک به نقل از ایسنا، وزير نيرو امروز در نشست خبري گفت: ذخيره آب سدهاي تهران به کمترين ميزان "
    "ده سال اخير رسيده است و اگر مصرف کاهش نيابد، از هفته آينده فشار آب در ساعات شب کم مي شود. او افزود: "
    "شهروندان مي توانند با نصب کاهنده‌هاي مصرف تا يک سوم آب خانه را صرفه‌جويي کنند و وزارت نيرو اين "
    "کاهنده‌ها را رايگان توزيع مي کند."
)
# The same agency and minister, another story.
OTHER = (
    "به گزارش ایسنا، وزیر نیرو امروز در سفر به خوزستان گفت: ساخت نیروگاه خورشیدی اهواز تا پایان تابستان به "
    "پایان می‌رسد و برق بیست هزار خانه را تامین می‌کند. او درباره قطعی‌های برق در روزهای گرم گفت که شبکه "
    "برق جنوب کشور با دو خط انتقال تازه تقویت شده و خاموشی برنامه‌ریزی شده در استان نخواهیم داشت."
)


def item(path: str, text: str, jalali: str | None = None) -> IngestItem:
    document = make_document(text, jalali=jalali)
    return IngestItem(path, document.source.sha256, prepare(document))


def test_signatures_see_the_republished_copy_and_not_the_other_story() -> None:
    wire, copy, other = (fingerprint(prepare(make_document(t)).body) for t in (WIRE, REPUBLISHED, OTHER))
    assert similarity(wire.signature, copy.signature) >= 0.5
    assert similarity(wire.signature, other.signature) < 0.2
    assert set(wire.bands) & set(copy.bands)
    assert fingerprint("کوتاه است") is None  # a headline alone is not compared


def test_copies_from_two_outlets_make_one_story(archive) -> None:
    first, second, third = archive.store(
        [
            item("/isna/1.txt", WIRE, "1403-02-10"),
            item("/tabnak/7.txt", REPUBLISHED, "1403-02-11"),
            item("/isna/2.txt", OTHER, "1403-02-10"),
        ]
    )
    listed = archive.stories()
    assert len(listed) == 1
    story = listed[0]
    assert story["size"] == 2
    assert [d["id"] for d in story["documents"]] == [first.document_id, second.document_id]
    assert [d["path"] for d in story["documents"]] == ["/isna/1.txt", "/tabnak/7.txt"]
    assert story["first_seen"] == "2024-04-29"  # 10 Ordibehesht 1403, the earlier copy
    assert archive.story_of(third.document_id)["size"] == 1
    assert archive.story_of(second.document_id)["id"] == story["id"]
    assert archive.stories(date_from=datetime.date(2024, 5, 1)) == []


def test_a_copy_arriving_in_a_later_batch_joins_the_story(archive) -> None:
    (first,) = archive.store([item("/isna/1.txt", WIRE)])
    assert archive.stories() == []
    (second,) = archive.store([item("/tabnak/7.txt", REPUBLISHED)])
    (story,) = archive.stories()
    assert {d["id"] for d in story["documents"]} == {first.document_id, second.document_id}


def test_reingest_with_other_content_leaves_the_story(archive) -> None:
    archive.store([item("/isna/1.txt", WIRE), item("/tabnak/7.txt", REPUBLISHED)])
    assert len(archive.stories()) == 1
    (changed,) = archive.store([item("/tabnak/7.txt", OTHER)])
    assert changed.status == "updated"
    assert archive.stories() == []
    assert archive.story_of(changed.document_id)["size"] == 1


def test_a_removed_document_leaves_its_story(archive) -> None:
    first, second, third = archive.store(
        [item("/isna/1.txt", WIRE), item("/tabnak/7.txt", REPUBLISHED), item("/isna/2.txt", OTHER)]
    )
    # the copy's only path now holds content archived elsewhere: the copy itself is removed
    (moved,) = archive.store([item("/tabnak/7.txt", OTHER)])
    assert moved.document_id == third.document_id
    assert archive.get(second.document_id) is None
    assert archive.stories() == []
    assert archive.story_of(first.document_id)["size"] == 1


def test_a_bridge_removed_splits_its_story(archive) -> None:
    """A and C are alike only through B; without B they are two stories again."""
    words = WIRE.split()
    half = len(words) // 2
    a = " ".join(words[: half + 10])
    c = " ".join(words[half - 10 :])
    first, bridge, last = archive.store([item("/a.txt", a), item("/b.txt", WIRE), item("/c.txt", c)])
    ids = {first.document_id, bridge.document_id, last.document_id}
    (story,) = archive.stories()
    assert {d["id"] for d in story["documents"]} == ids
    archive.store([item("/b.txt", OTHER)])  # B's content changes: it leaves, A and C part
    assert archive.story_of(first.document_id)["id"] != archive.story_of(last.document_id)["id"]


def test_migration_3_groups_the_documents_of_an_older_archive(db_url: str) -> None:
    from dabir.archive import open_archive

    with open_archive(db_url) as archive:
        archive.store(
            [item("/isna/1.txt", WIRE), item("/tabnak/7.txt", REPUBLISHED), item("/isna/2.txt", OTHER)]
        )
        archive._execute("DELETE FROM schema_migrations WHERE version >= 3")
        for table in ("story_bands", "story_members", "stories"):
            archive._execute(f"DROP TABLE {table}")
    with open_archive(db_url) as archive:
        (story,) = archive.stories()
        assert [d["path"] for d in story["documents"]] == ["/isna/1.txt", "/tabnak/7.txt"]
