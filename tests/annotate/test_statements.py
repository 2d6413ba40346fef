"""Attributed statements: the seed report's twelve, each pattern of the issue, and the dev-set floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from dabir.annotate.speech_verbs import find_speech_verbs, read_lexicon
from dabir.annotate.statements import extract, find_statements
from dabir.repair import repair

HOST = "حضرت آیت‌الله خامنه‌ای"
GUEST = "آقای اسماعیل هنیه"


def canon(text: str) -> str:
    return text.replace("\u200c", "").replace(" ", "")


@pytest.fixture(scope="module")
def seed_statements(seed_text: str):
    return find_statements(repair(seed_text).text)


def test_seed_has_twelve_statements_with_the_right_speakers(seed_statements) -> None:
    speakers = [canon(s.speaker.canonical) for s in seed_statements]
    assert speakers == [canon(HOST)] * 9 + [canon(GUEST)] * 3
    verbs = [s.verb for s in seed_statements]
    assert verbs.count("گفتن") == 5 and verbs.count("افزودن") == 4 and verbs.count("خاطرنشان کردن") == 2
    assert seed_statements[3].speaker.resolved_from == "ایشان"
    assert seed_statements[10].speaker.resolved_from == "وی"
    assert seed_statements[1].speaker.text == "رهبر انقلاب اسلامی"
    assert seed_statements[0].speaker.role == "رهبر معظم انقلاب اسلامی"


def test_seed_content_is_after_the_colon_and_not_the_intro(seed_statements, seed_text: str) -> None:
    text = repair(seed_text).text
    for statement in seed_statements:
        assert text[statement.content.start : statement.content.end] == statement.content.text
        assert statement.content.start > statement.verb_span.end
        assert "گفت" not in statement.content.text[:3]
    assert seed_statements[0].content.text.startswith("قضایای روزهای اخیر")
    assert seed_statements[-1].content.text.endswith("نماز به پا خواهیم کرد")


@pytest.mark.parametrize(
    "form",
    [
        "گفت",
        "گفتند",
        "نگفت",
        "می‌گوید",
        "میگوید",
        "می گوید",
        "گفته است",
        "گفته‌اند",
        "خواهد گفت",
        "افزودند",
        "اظهار داشت",
        "اظهارداشت",
        "خاطر نشان کرد",
        "خاطرنشان کردند",
        "تأکید نمود",
        "تاکید ویژه‌ای کرد",
        "یادآور شد",
        "ابراز امیدواری کرد",
        "هشدار داد",
    ],
)
def test_speech_verb_forms(form: str) -> None:
    found = find_speech_verbs(f"وزیر {form}: ")
    assert len(found) == 1 and found[0].person == 3


def test_not_speech_verbs() -> None:
    assert find_speech_verbs("در این گفت‌وگو و گفت و گو گفتنی است") == []


def test_lexicon_rows_are_complete() -> None:
    rows = read_lexicon()
    assert len({r.lemma for r in rows}) == len(rows)
    for row in rows:
        assert row.kind in {"speech", "evaluative"} and row.past and row.present
        assert row.lemma.endswith("ن")


def test_said_that_and_according_to_and_speaker_after() -> None:
    text = (
        "سخنگوی وزارت امور خارجه در نشست خبری امروز گفت که ایران به مذاکرات ادامه می‌دهد.\n"
        "به گفته وی، دور بعدی گفت‌وگوها در وین برگزار می‌شود.\n"
        "«ما آماده‌ایم»، وزیر نفت گفت."
    )
    statements = find_statements(text)
    assert [s.kind for s in statements] == ["reported", "according_to", "direct"]
    assert statements[0].speaker.canonical == "سخنگوی وزارت امور خارجه"
    assert statements[0].content.text == "ایران به مذاکرات ادامه می‌دهد"
    assert statements[1].speaker.canonical == "سخنگوی وزارت امور خارجه"
    assert statements[1].content.text == "دور بعدی گفت‌وگوها در وین برگزار می‌شود"
    assert statements[2].speaker.canonical == "وزیر نفت"
    assert statements[2].content.text == "ما آماده‌ایم"


def test_content_runs_across_sentences_until_the_next_attribution() -> None:
    text = (
        "رئیس سازمان هواشناسی گفت: بارش‌ها کم شده است. این وضع تا پایان ماه ادامه دارد. "
        "وی افزود: مردم آب را صرفه‌جویی کنند."
    )
    first, second = find_statements(text)
    assert first.content.text == "بارش‌ها کم شده است. این وضع تا پایان ماه ادامه دارد"
    assert second.content.text == "مردم آب را صرفه‌جویی کنند"
    assert second.speaker.canonical == "رئیس سازمان هواشناسی"


def test_honorific_plural_chooses_between_two_people() -> None:
    text = (
        "حضرت آیت‌الله خامنه‌ای در دیدار آقای محمد رضایی گفتند: کار باید ادامه یابد.\n"
        "آقای محمد رضایی گفت: ما آماده‌ایم.\n"
        "ایشان افزودند: جوانان امید کشورند.\n"
        "وی افزود: از حمایت‌ها سپاسگزاریم."
    )
    speakers = [s.speaker.canonical for s in find_statements(text)]
    assert speakers == ["حضرت آیت‌الله خامنه‌ای", "آقای محمد رضایی", "حضرت آیت‌الله خامنه‌ای", "آقای محمد رضایی"]


def test_evaluative_verb_alone_is_a_statement_and_folded_when_coordinated() -> None:
    alone = find_statements("وزیر اقتصاد روز شنبه تورم را مهم‌ترین مشکل کشور دانست.")
    assert len(alone) == 1 and alone[0].content.text == "تورم را مهم‌ترین مشکل کشور"
    folded = find_statements("وزیر اقتصاد تورم را مهم‌ترین مشکل دانست و افزود: باید کاری کرد.")
    assert len(folded) == 1 and folded[0].verb == "افزودن"


def test_unclosed_quote_gives_a_diagnostic_not_a_crash() -> None:
    statements, diagnostics = extract("وزیر گفت: «این کار را ادامه می‌دهیم\nخبر دیگر.")
    assert len(statements) == 1
    assert diagnostics and diagnostics[0].stage == "statements"


def test_no_statement_in_plain_narration() -> None:
    assert find_statements("قیمت نفت امروز افزایش یافت و بازار آرام بود.") == []


def test_dev_set_scores_stay_above_the_floor() -> None:
    from pathlib import Path

    from dabir.annotate.statement_eval import dabir_extractor, evaluate, load

    docs = load(Path(__file__).resolve().parent.parent / "data" / "statements" / "dev.jsonl")
    assert len(docs) >= 40
    ours, _ = evaluate(docs, dabir_extractor)
    assert ours.precision >= 0.92 and ours.recall >= 0.90, (ours.precision, ours.recall)


def test_every_gold_file_is_well_formed() -> None:
    from pathlib import Path

    from dabir.annotate.statement_eval import load

    folder = Path(__file__).resolve().parent.parent / "data" / "statements"
    ids: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for doc in load(path):
            assert doc["id"] not in ids, doc["id"]
            ids.add(doc["id"])
            if path.stem not in {"dev", "heldout"}:
                assert doc["split"] in {"dev", "heldout"} and doc["round"] in {0, 1, 2}, doc["id"]
                assert (doc["split"] == "heldout") == (doc["round"] == 0), doc["id"]
            for item in doc["statements"]:
                assert doc["text"][item["content_start"] : item["content_end"]] == item["content_text"], doc[
                    "id"
                ]
                assert item["speaker_canonical"].strip(), doc["id"]
    assert len(ids) >= 169 + 44 + 150


def test_heldout_split_is_well_formed() -> None:
    from pathlib import Path

    from dabir.annotate.statement_eval import load

    docs = load(Path(__file__).resolve().parent.parent / "data" / "statements" / "heldout.jsonl")
    assert len(docs) >= 20
    for doc in docs:
        for item in doc["statements"]:
            assert doc["text"][item["content_start"] : item["content_end"]] == item["content_text"]


def test_extract_pipeline_yields_the_seed_twelve(seed_text: str) -> None:
    from dabir.extract import extract_text

    document = extract_text(seed_text)
    speakers = [canon(s.speaker.canonical) for s in document.statements]
    assert speakers == [canon(HOST)] * 9 + [canon(GUEST)] * 3
    for statement in document.statements:
        assert document.text[statement.content.start : statement.content.end] == statement.content.text


def test_written_statement_and_run_on_content_and_lead_subject() -> None:
    written = find_statements(
        "در اطلاعیه ستاد بحران استان قم آمده است: مدارس فردا تعطیل است.\n"
        "در ادامه این اطلاعیه آمده است: ادارات با تأخیر باز می‌شوند."
    )
    assert [s.verb for s in written] == ["آمدن", "آمدن"]
    assert [s.speaker.canonical for s in written] == ["ستاد بحران استان قم"] * 2
    run_on = find_statements("سرمربی سابق تیم ملی می‌گوید اگر بازیکنان آماده باشند، نتیجه می‌گیریم.")
    assert run_on[0].kind == "reported" and run_on[0].content.text.startswith("اگر بازیکنان")
    lead = find_statements(
        "اولف کارلسون، پزشک ورزشی سوئد، این بازیکن را به دوپینگ متهم کرد.\nاو گفت: وزن او ناگهان زیاد شد."
    )
    assert lead[0].speaker.canonical == "اولف کارلسون" and lead[0].speaker.resolved_from == "او"


def test_damaged_text_glued_verb_and_agency_dateline() -> None:
    statements = find_statements("خبرگزاري فارس:وزير كشورگفت: دولت به دنبال مردمی کردن اقتصاد است.")
    assert len(statements) == 1
    assert statements[0].speaker.canonical == "وزير كشور"
    assert statements[0].content.text == "دولت به دنبال مردمی کردن اقتصاد است"


def test_relative_that_is_not_content() -> None:
    assert find_statements("وی در این مصاحبه به نکاتی اشاره کرد که در زیر می‌خوانیم.") == []


def test_entities_split_a_role_first_phrase() -> None:
    from dabir.models import Entity

    text = "سخنگوی وزارت امور خارجه ناصر کنعانی گفت: مذاکرات ادامه دارد."
    start = text.index("ناصر")
    person = Entity(text="ناصر کنعانی", label="PER", start=start, end=start + 11, canonical="ناصر کنعانی")
    statement = find_statements(text, [person])[0]
    assert statement.speaker.canonical == "ناصر کنعانی"
    assert statement.speaker.role == "سخنگوی وزارت امور خارجه"


def test_cli_statements_json_table_and_errors(tmp_path) -> None:
    import json

    examples = Path(__file__).resolve().parents[2] / "examples"
    from typer.testing import CliRunner

    from dabir.cli import app
    from dabir.errors import UserError

    runner = CliRunner()
    done = runner.invoke(app, ["statements", "--json", str(examples / "seed.txt")])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert len(data) == 12 and {"speaker", "verb", "verb_text", "content", "kind"} <= set(data[0])
    table = runner.invoke(app, ["statements", str(examples / "seed.txt")])
    assert table.exit_code == 0 and "12 statements" in table.stdout
    missing = runner.invoke(app, ["statements", str(tmp_path / "nope.txt")])
    assert isinstance(missing.exception, UserError)  # dabir.cli.main prints it as one line, exit 2


DATA = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "statements"


def _cases(name: str) -> list[dict]:
    import json

    return json.loads((DATA / name).read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _cases("negative.json"), ids=lambda c: c["why"])
def test_must_not_match(case: dict) -> None:
    assert find_statements(case["text"]) == [], case["why"]


@pytest.mark.parametrize("case", _cases("known-failures.json"), ids=lambda c: c["id"])
def test_known_failures_still_fail(case: dict) -> None:
    found = find_statements(case["text"])
    if "speaker" in case:
        ok = any(canon(s.speaker.canonical) == canon(case["speaker"]) for s in found)
    else:
        ok = any(s.content.text == case["content"] for s in found)
    assert not ok, f"fixed? move {case['id']} out of known-failures.json"


def test_lexicon_files_are_nfc_with_no_duplicates_and_every_verb_conjugates() -> None:
    import unicodedata
    from importlib import resources

    for name in ("speech_verbs.tsv", "titles.txt"):
        text = resources.files("dabir.lang.fa").joinpath(name).read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, name
        rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        assert len(rows) == len(set(rows)), name
        assert "ي" not in text and "ك" not in text, name
    for row in read_lexicon():
        head = f"{row.nonverbal} " if row.nonverbal else ""
        for form in (
            row.past,
            f"{row.past}ند",
            f"می‌{row.present}د" if row.present[-1] not in "اوآ" else None,
        ):
            if form is None:
                continue
            found = find_speech_verbs(f"وزیر {head}{form}: ")
            assert [m.lemma for m in found] == [row.lemma], (row.lemma, form)


@pytest.mark.parametrize("variant", ["raw", "zwnj_as_space", "zwnj_dropped"])
def test_seed_twelve_with_or_without_half_spaces(seed_text: str, variant: str) -> None:
    text = seed_text if variant == "raw" else repair(seed_text).text
    if variant == "zwnj_as_space":
        text = text.replace("\u200c", " ")
    elif variant == "zwnj_dropped":
        text = text.replace("\u200c", "")
    speakers = [canon(s.speaker.canonical) for s in find_statements(text)]
    assert speakers == [canon(HOST)] * 9 + [canon(GUEST)] * 3
