"""The web page in a real browser (Debian's chromium through Playwright) against a real ``dabir serve``."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

# One worker runs them all (with --dist loadgroup), so only one server and one chromium start.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
expect = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing").expect

HOSTILE = (
    "خبر آزمایشی <b onmouseover=alert(2)>امنیت</b>\n\n"
    'سخنگوی پلیس فتا گفت: این متن <script>alert(1)</script> و "><img src=x onerror=alert(1)> '
    "را نشان می‌دهد و نباید اجرا شود.\n"
)


def _api(server: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{server}{path}", data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _run(page, text: str) -> str:  # type: ignore[no-untyped-def]
    """Paste ``text``, press the check button, wait for the answer; returns the status line."""
    page.fill("#doc-text", text)
    page.click("#run")
    page.wait_for_selector("#status.ok, #status.error")
    return page.inner_text("#status")


def test_seed_report_repaired_recorded_and_found(page, server: str, seed_text: str, output_dir: Path) -> None:  # type: ignore[no-untyped-def]
    expected = _api(server, "/api/extract", {"text": seed_text})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    _run(page, seed_text)
    view = page.locator("#doc-view")
    shown = view.inner_text()
    assert "دیدار رئیس دفتر سیاسی حماس" in shown
    assert "می\u200cکرد" in expected["text"] and "می\u200cکرد" in shown  # the half-space restored
    assert view.locator("mark.edit").count() >= min(len(expected["edits"]), 1)
    assert view.locator("mark.edit .zwnj").count() == sum(
        edit["after"].count("\u200c") for edit in expected["edits"]
    )

    # Hover shows the rule and before/after of an edit.
    first = view.locator("mark.edit").first
    first.hover()
    tip = page.locator("#edit-tip")
    assert tip.is_visible()
    rule = expected["edits"][int(first.get_attribute("data-edit"))]["rule"]
    assert rule in tip.inner_text()

    # The record: title, both dates, every statement as a row.
    assert page.inner_text("#doc-title") == expected["title"]["text"]
    date = page.inner_text("#doc-date")
    assert "۳۱ خرداد ۱۴۰۲" in date and "۲۱ ژوئن ۲۰۲۳" in date
    rows = page.locator("#statements tbody tr[data-statement]")
    assert rows.count() == len(expected["statements"]) == 12
    speakers = page.locator("#statements td.speaker").all_inner_texts()
    assert any("اسماعیل هنیه" in name for name in speakers)
    assert any("خامنه\u200cای" in name for name in speakers)
    rows.nth(3).click()
    picked = page.locator("#doc-view .sent.picked")
    assert picked.count() >= 1
    content = expected["statements"][3]["content"]["text"]
    assert content[:20] in "".join(picked.all_inner_texts())
    assert page.locator("#legend li").count() >= 1
    if expected["entities"]:  # every entity label in the legend, and marked in the text
        assert view.locator(".ent").count() >= len(expected["entities"])
        assert page.locator("#legend li").count() == len({e["label"] for e in expected["entities"]})
    page.screenshot(path=str(output_dir / "page-desktop.png"), full_page=True)

    # Original/repaired switch and copy.
    page.click("#show-original")
    assert page.get_attribute("#show-original", "aria-pressed") == "true"
    original = view.inner_text()
    assert "دیدار رئیس دفتر سیاسی حماس" in original and original != shown
    page.click("#show-repaired")
    page.click("#copy")
    assert page.evaluate("navigator.clipboard.readText()") == expected["text"]

    # Into the archive, and found again however the words are typed.
    page.click("#ingest")
    expect(page.locator("#status")).to_contain_text("سند")
    page.fill("#q", "گروههای مقاومت")
    page.fill("#f-from", "۱۴۰۲/۰۳/۰۱")
    page.fill("#f-to", "۳۱ خرداد ۱۴۰۲")
    expect(page.locator("#from-as")).to_contain_text(
        "۲۲ مه ۲۰۲۳"
    )  # the Jalali bound, shown in both calendars
    expect(page.locator("#to-as")).to_contain_text("۲۱ ژوئن ۲۰۲۳")
    page.press("#q", "Enter")
    result = page.locator("#results li.result").first
    result.wait_for()
    assert "دیدار رئیس دفتر سیاسی حماس" in result.inner_text()
    assert any("مقاومت" in text for text in result.locator("mark.hit").all_inner_texts())
    page.locator("#archive").screenshot(path=str(output_dir / "page-archive.png"))
    result.locator("h3 button").click()
    expect(page.locator("#search-status")).to_contain_text("باز شد")
    assert page.inner_text("#doc-title") == expected["title"]["text"]
    assert not dialogs


def test_hostile_document_is_shown_as_text(page, server: str, output_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _run(page, HOSTILE)
    text = page.inner_text("#doc-view")
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("#doc-view img, #doc-view script, #results img").count() == 0
    assert "<b onmouseover=alert(2)>" in page.inner_text("#doc-title")
    assert page.locator("#doc-title b").count() == 0

    page.click("#ingest")
    expect(page.locator("#status")).to_contain_text("سند")
    page.fill("#q", "alert")
    page.press("#q", "Enter")
    result = page.locator("#results li.result").first
    result.wait_for()
    assert "alert(1)" in result.inner_text()
    result.locator("h3 button").click()
    expect(page.locator("#search-status")).to_contain_text("باز شد")
    assert "<script>alert(1)</script>" in page.inner_text("#doc-view")
    page.wait_for_timeout(300)  # give an injected handler the chance it must not get
    assert not dialogs
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.screenshot(path=str(output_dir / "page-hostile.png"), full_page=True)


def test_bad_search_dates_are_explained(page) -> None:  # type: ignore[no-untyped-def]
    page.fill("#q", "فلسطین")
    page.fill("#f-from", "۱۴۰۲/۱۳/۴۰")
    expect(page.locator("#from-as.error")).to_contain_text("13")
    page.press("#q", "Enter")
    expect(page.locator("#search-status.error")).to_contain_text("from")
    assert page.locator("#results li").count() == 0


def test_keyboard_only(page, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#doc-text", seed_text)
    page.focus("#doc-file")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "run"
    page.keyboard.press("Enter")
    page.wait_for_selector("#status.ok")
    page.focus("#copy")
    for _ in range(4):  # the text's first edit is a few tab stops after the copy button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.edit')"):
            break
    assert page.evaluate("document.activeElement.matches('mark.edit')")
    assert page.locator("#edit-tip").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Escape")
    assert not page.locator("#edit-tip").is_visible()


def test_api_docs_work_offline(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Swagger UI works under the docs page's Content-Security-Policy, with nothing from a CDN."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security" in message.text else None,
    )
    response = page.goto(f"{server}/docs")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert "/api/repair" in page.inner_text(".swagger-ui")
    page.locator(".swagger-ui .opblock-summary").first.click()
    page.locator(".swagger-ui .opblock-body").first.wait_for()
    assert not refused, refused


def test_narrow_phone_screen(browser, server: str, seed_text: str, output_dir: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fa-IR", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(server)
        page.wait_for_selector("body[data-ready='true']")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "fa"
        _run(page, seed_text)
        assert page.evaluate("document.fonts.check('16px Vazirmatn')")
        # Nothing wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(output_dir / "page-375px.png"))
        page.evaluate("document.getElementById('record').scrollIntoView()")
        page.screenshot(path=str(output_dir / "page-375px-record.png"))
    finally:
        context.close()


def test_file_upload_through_the_page(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "report.html"
    report.write_text(
        "<html><head><title>نشست خبری سخنگوی دولت</title></head><body><article><h1>نشست خبری سخنگوی دولت</h1>"
        "<p>سخنگوی دولت در نشست خبری امروز گفت: لايحه بودجه هفته آينده به مجلس مي رود.</p>"
        "<p>وی افزود که دولت برای مهار تورم برنامه‌ای تازه دارد و آن را به زودی اعلام می‌کند.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    page.set_input_files("#doc-file", str(report))
    assert page.locator("#file-chip").is_visible() and "report.html" in page.inner_text("#file-chip")
    assert page.locator("#doc-text").is_disabled()
    page.click("#run")
    page.wait_for_selector("#status.ok, #status.error")
    assert page.inner_text("#doc-title") == "نشست خبری سخنگوی دولت"
    text = page.inner_text("#doc-view")
    assert "لایحه" in text and "<p>" not in text
    page.click("#file-clear")
    assert not page.locator("#doc-text").is_disabled()


def test_entities_are_marked_by_label_with_a_legend(page, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    """The entity layer, fed through the real extract response with entities added where the text names them."""

    def add_entities(route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        record = response.json()
        text = record["text"]
        record["entities"] = [
            {
                "text": name,
                "label": label,
                "canonical": name,
                "start": text.index(name),
                "end": text.index(name) + len(name),
            }
            for name, label in [("اسماعیل هنیه", "PER"), ("حماس", "ORG"), ("فلسطین", "LOC")]
        ]
        route.fulfill(response=response, json=record)

    page.route("**/api/extract", add_entities)
    _run(page, seed_text)
    marked = {
        label: page.locator(f"#doc-view .ent[data-label='{label}']").all_inner_texts()
        for label in ("PER", "ORG", "LOC")
    }
    assert "".join(marked["PER"]) == "اسماعیل هنیه"
    assert marked["ORG"] == ["حماس"] and marked["LOC"] == ["فلسطین"]
    legend = page.inner_text("#legend")
    assert "شخص" in legend and "سازمان" in legend and "مکان" in legend


def test_token_is_asked_for_and_sent(page) -> None:  # type: ignore[no-untyped-def]
    """With DABIR_TOKEN set on the server, the page shows a token field and sends it as a Bearer token."""
    seen: list[str | None] = []

    def health(route) -> None:  # type: ignore[no-untyped-def]
        route.fulfill(json={"status": "ok", "version": "test", "token_required": True})

    def documents(route) -> None:  # type: ignore[no-untyped-def]
        given = route.request.headers.get("authorization")
        seen.append(given)
        if given == "Bearer s3cret":
            route.fulfill(status=201, json={"id": 7, "status": "ingested"})
        else:
            route.fulfill(
                status=401, json={"error": "unauthorized", "message": "token needed", "status": 401}
            )

    page.route("**/api/health", health)
    page.route("**/api/documents", documents)
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("#token").is_visible()
    page.fill("#doc-text", "سخنگوی دولت گفت: نشست هفتگی برگزار شد.")
    page.click("#ingest")
    expect(page.locator("#status.error")).to_contain_text("token needed")
    page.fill("#token", "s3cret")
    page.click("#ingest")
    expect(page.locator("#status.ok")).to_contain_text("۷")
    assert seen == [None, "Bearer s3cret"]

    searched: list[str | None] = []

    def search(route) -> None:  # type: ignore[no-untyped-def]
        searched.append(route.request.headers.get("authorization"))
        route.fulfill(json={"query": {}, "results": []})

    page.route("**/api/search?*", search)
    page.fill("#q", "نشست")
    page.press("#q", "Enter")
    expect(page.locator("#search-status")).not_to_be_empty()
    assert searched == ["Bearer s3cret"]  # with a token set, every API call carries it
