"""Pages of an attacker, in a real chromium, against a real ``dabir serve`` without a token.

A page on another origin may send "simple" requests (``no-cors`` fetches, auto-submitted forms) to the local
server; after a DNS rebinding it may even read answers under its own name.  None of it may reach the archive.
"""

from __future__ import annotations

import json
import socket
import urllib.parse
import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")

# Chromium's own "local network access" check would stop these pages before the server sees them; Firefox,
# Safari and older Chromium have no such check, so the server must hold without it.
ATTACKER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests",
    # An attacker's name that now resolves to this machine, as after a DNS rebinding.
    "--host-resolver-rules=MAP rebind.test 127.0.0.1",
]
SECRET = "سخنگوی وزارت کشور گفت: جلسهٔ محرمانهٔ زمردنگار فردا برگزار می‌شود."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _search(server: str, word: str) -> list[dict]:
    url = f"{server}/api/search?{urllib.parse.urlencode({'q': word})}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())["results"]


@pytest.fixture(scope="module")
def attacker_browser(browser):  # type: ignore[no-untyped-def]
    launched = browser.browser_type.launch(executable_path="/usr/bin/chromium", args=ATTACKER_ARGS)
    yield launched
    launched.close()


def _attacker_page(browser, url: str, html: str):  # type: ignore[no-untyped-def]
    """A tab showing ``html`` as if served from ``url`` (the attacker's server); other requests go out."""
    context = browser.new_context()
    context.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(url)
    return context, tab


def test_page_on_another_origin_cannot_write(attacker_browser, server: str) -> None:  # type: ignore[no-untyped-def]
    word = "کهربانشان"
    text = f"سخنگوی دولت گفت: {word} تصویب شد."
    target = f"{server}/api/documents"
    html = f"""<!doctype html><meta charset="utf-8"><body>
    <iframe name="sink"></iframe>
    <form id="plain" method="POST" action="{target}" enctype="text/plain" target="sink">
      <input name="{text}" value=""></form>
    <form id="multi" method="POST" action="{target}" enctype="multipart/form-data" target="sink">
      <input name="text" value="{text}"></form>
    <form id="urlenc" method="POST" action="{target}" target="sink">
      <input name="text" value="{text}"></form>
    </body>"""
    attacker = f"http://127.0.0.1:{_free_port()}/attack.html"  # another loopback origin
    context, tab = _attacker_page(attacker_browser, attacker, html)
    try:
        sent = tab.evaluate(
            """async ([target, text]) => {
              const out = [];
              for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
                try {
                  await fetch(target, {method: "POST", mode: "no-cors", headers: {"Content-Type": type}, body: text});
                  out.push("sent");
                } catch (error) { out.push("blocked"); }
              }
              const form = new FormData();
              form.append("file", new Blob([text], {type: "text/plain"}), "a.txt");
              try {
                await fetch(target, {method: "POST", mode: "no-cors", body: form});
                out.push("upload sent");
              } catch (error) { out.push("upload blocked"); }
              try {  // JSON needs a CORS preflight, which the server does not grant
                await fetch(target, {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: JSON.stringify({text})});
                out.push("json sent");
              } catch (error) { out.push("json blocked"); }
              return out;
            }""",
            [target, text],
        )
        assert sent[:3] == ["sent", "sent", "sent"]  # the browser lets them go: the server must refuse them
        for form in ("plain", "multi", "urlenc"):
            with tab.expect_response(target):
                tab.evaluate(f"document.getElementById('{form}').submit()")
    finally:
        context.close()
    assert _search(server, word) == [], "a page on another origin wrote to the archive"


def test_dns_rebinding_cannot_read_the_archive(attacker_browser, server: str) -> None:  # type: ignore[no-untyped-def]
    request = urllib.request.Request(
        f"{server}/api/documents",
        data=json.dumps({"text": SECRET}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status in (200, 201)
    assert _search(server, "زمردنگار")
    port = urllib.parse.urlsplit(server).port
    # The attacker's page is served from rebind.test, whose name now resolves to 127.0.0.1 (see conftest).
    rebound = f"http://rebind.test:{port}"
    context, tab = _attacker_page(
        attacker_browser, f"{rebound}/attack.html", "<!doctype html><body>hi</body>"
    )
    try:
        answers = tab.evaluate(
            """async () => {
              const out = [];
              for (const path of ["/api/search?q=" + encodeURIComponent("زمردنگار"), "/api/documents/1", "/"]) {
                const response = await fetch(path);
                out.push([response.status, await response.text()]);
              }
              return out;
            }"""
        )
        written = tab.evaluate(
            """async () => (await fetch("/api/documents", {method: "POST",
                 headers: {"Content-Type": "application/json"}, body: JSON.stringify({text: "نوشته"})})).status"""
        )
    finally:
        context.close()
    for status, body in answers:
        assert status == 421 and "زمردنگار" not in body and "host_not_allowed" in body, (status, body[:200])
    assert written == 421
