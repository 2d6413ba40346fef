"""The HTTP API: the same JSON as the CLI, clear 4xx errors for bad input, the size cap, the token."""

from __future__ import annotations

import importlib.util
import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dabir.api import create_app
from dabir.cli import app as cli_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note that httpx2 will replace httpx in its test client
    from fastapi.testclient import TestClient

DAMAGED = "آنها مي‌گفتند كه اين كتابها را نمي خوانند"
ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "src" / "dabir" / "web" / "static" / "fonts" / "Vazirmatn-Regular.ttf"
TITLE = "دیدار رئیس دفتر سیاسی حماس و هیأت همراه"
LOCAL = "http://127.0.0.1"  # the server answers to localhost names and IP addresses only


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("archive") / "archive.sqlite3"
    with TestClient(create_app(db_url=str(db), token="", max_bytes=64 * 1024), base_url=LOCAL) as test_client:
        yield test_client


def _cli(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli_app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def _error(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and isinstance(body["message"], str) and body["message"]
    if code:
        assert body["error"] == code, body
    return body


def test_repair_json_matches_the_cli(client: TestClient, seed_text: str) -> None:
    response = client.post("/api/repair", json={"text": seed_text})
    assert response.status_code == 200
    assert response.json() == json.loads(_cli("repair", "--json", "-", stdin=seed_text))


def test_repair_upload_and_raw_body_give_the_same_result(client: TestClient) -> None:
    expected = client.post("/api/repair", json={"text": DAMAGED}).json()
    assert "كتاب" not in expected["text"] and "کتاب" in expected["text"]
    upload = client.post("/api/repair", files={"file": ("note.txt", DAMAGED.encode("utf-8"), "text/plain")})
    raw = client.post("/api/repair", content=DAMAGED.encode("utf-8"), headers={"content-type": "text/plain"})
    assert upload.json() == expected == raw.json()
    edit = expected["edits"][0]
    assert DAMAGED[edit["start"] : edit["end"]] == edit["before"]


def test_repair_options_by_name(client: TestClient) -> None:
    kept = client.post(
        "/api/repair", json={"text": "كتاب ۱۲3", "skip": ["arabic_letters"], "digits": "latin"}
    )
    assert kept.status_code == 200
    assert kept.json()["text"].startswith("كتاب") and "123" in kept.json()["text"]
    form = client.post(
        "/api/repair", files={"file": ("a.txt", "كتاب".encode())}, data={"skip": "arabic_letters,kashida"}
    )
    assert form.json()["text"] == "كتاب"
    _error(client.post("/api/repair", json={"text": "x", "skip": ["no_such_rule"]}), 422, "invalid_request")
    _error(client.post("/api/repair", json={"text": "x", "digits": "roman"}), 422, "invalid_request")
    _error(client.post("/api/repair", json={"text": "x", "colour": "red"}), 422, "invalid_request")


def test_multipart_text_field_and_name(client: TestClient) -> None:
    form = {"text": (None, DAMAGED), "name": (None, "note.txt")}
    response = client.post("/api/extract", files=form)
    assert response.status_code == 200, response.text
    assert response.json()["source"]["path"] == "note.txt" and "کتاب" in response.json()["text"]
    _error(client.post("/api/extract", files={"text": (None, DAMAGED), "format": (None, "pdf")}), 415)
    _error(client.post("/api/extract", files={"text": (None, DAMAGED), "colour": (None, "red")}), 422)


def test_rules_are_listed(client: TestClient) -> None:
    names = [rule["name"] for rule in client.get("/api/rules").json()]
    assert "arabic_letters" in names and "zwnj_cleanup" in names


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_json"),
        ({"json": ["a list"]}, 422, "invalid_json"),
        ({"json": {"txt": "typo"}}, 422, "invalid_request"),
        ({"json": {"text": 42}}, 422, "invalid_request"),
        ({"json": {"text": "   \n"}}, 422, "empty_input"),
        (
            {
                "content": b'{"text": "\\ud800 lone surrogate"}',
                "headers": {"content-type": "application/json"},
            },
            422,
            "undecodable_text",
        ),
        (
            {"content": b"\xff\xfe\x00\xd8", "headers": {"content-type": "text/plain"}},
            422,
            "undecodable_text",
        ),
        (
            {"content": b'{"text": "\xff\xfe"}', "headers": {"content-type": "application/json"}},
            422,
            "undecodable_text",
        ),
        ({"content": b"plain", "headers": {"content-type": "image/png"}}, 415, "unsupported_type"),
        ({"content": b"no type"}, 415, "unsupported_type"),
        ({"files": {"file": ("virus.exe", b"MZ\x90\x00")}}, 415, "unsupported_type"),
        ({"files": {"file": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}}, 415, "unsupported_type"),
        ({"files": {"file": ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")}}, 415, "unsupported_type"),
        ({"data": {"digits": "latin"}, "files": {"other": ("a.txt", b"x")}}, 422, "invalid_request"),
        ({"content": b"--x\r\n", "headers": {"content-type": "multipart/form-data; boundary=x"}}, 422, None),
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/repair", "/api/extract"])
def test_bad_input_is_a_clear_4xx(
    client: TestClient, endpoint: str, kwargs: dict, status: int, code: str
) -> None:
    response = client.post(endpoint, **kwargs)
    if code is None:  # a broken multipart body: 400 or 422, both say what is wrong
        assert response.status_code in (400, 422), response.text
        assert response.json()["message"]
        return
    _error(response, status, code)


def test_size_cap_by_length_and_while_reading(client: TestClient) -> None:
    body = _error(client.post("/api/repair", json={"text": "ب" * 40_000}), 413, "payload_too_large")
    assert "65,536" in body["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold while the body streams in
        for _ in range(100):
            yield "متن ".encode() * 200

    _error(client.post("/api/repair", content=chunks(), headers={"content-type": "text/plain"}), 413)
    big_file = {"file": ("big.txt", "پ".encode() * 40_000, "text/plain")}
    _error(client.post("/api/extract", files=big_file), 413, "payload_too_large")


def test_extract_matches_the_cli(client: TestClient, seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    cli = json.loads(_cli("extract", str(path)))
    response = client.post("/api/extract", files={"file": ("seed.txt", path.read_bytes(), "text/plain")})
    assert response.status_code == 200
    api = response.json()
    cli["source"].pop("path")
    api["source"].pop("path")
    assert api == cli
    assert api["title"]["text"] == "دیدار رئیس دفتر سیاسی حماس و هیأت همراه"
    assert (api["date"]["jalali"], api["date"]["gregorian"]) == ("1402-03-31", "2023-06-21")


def test_extract_html_text_and_upload(client: TestClient) -> None:
    page = (
        "<html><head><title>خبر آزمایشی</title></head><body><nav>منو</nav><article><h1>خبر آزمایشی</h1>"
        "<p>سخنگوی دولت امروز گفت: بودجه سال آینده تصويب شد و نمايندگان آن را بررسی كردند.</p>"
        "<p>وی افزود که این بودجه برای آموزش و بهداشت اهمیت فراوانی دارد و اجرای آن از فروردین آغاز می شود.</p>"
        "</article></body></html>"
    )
    as_text = client.post("/api/extract", json={"text": page, "format": "html", "name": "news.html"})
    upload = client.post("/api/extract", files={"file": ("news.html", page.encode(), "text/html")})
    assert as_text.status_code == upload.status_code == 200, as_text.text
    assert as_text.json()["text"] == upload.json()["text"]
    assert "<p>" not in upload.json()["text"] and "تصویب" in upload.json()["text"]
    _error(client.post("/api/extract", json={"text": "x", "format": "pdf"}), 415, "unsupported_type")


def _make_formats():  # the readers' own generators of html, docx and pdf files
    spec = importlib.util.spec_from_file_location("make_formats", ROOT / "tests" / "read" / "make_formats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_format_uploads_to_the_same_record(client: TestClient, seed_text: str) -> None:
    formats = _make_formats()
    files = {
        "seed.html": formats.make_html(seed_text),
        "seed.docx": formats.make_docx(seed_text),
        # a legacy Windows-1256 file, written with the Arabic ي and ك that code page has
        "seed.txt": seed_text.replace("ی", "ي").replace("ک", "ك").encode("cp1256"),
    }
    if FONT.exists():
        files["seed.pdf"] = formats.make_pdf(seed_text, FONT)
    for name, data in files.items():
        response = client.post("/api/extract", files={"file": (name, data)})
        assert response.status_code == 200, (name, response.text)
        record = response.json()
        assert record["title"]["text"] == TITLE, name
        assert record["date"]["jalali"] == "1402-03-31", name
        repaired = client.post("/api/repair", files={"file": (name, data)})
        assert repaired.status_code == 200 and "فلسطین" in repaired.json()["text"], name


def test_corrupt_documents_are_422_not_500(client: TestClient) -> None:
    for name, data in [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF"),
        ("broken.docx", b"PK\x03\x04this is no zip at all"),
        ("empty.txt", b""),
    ]:
        response = client.post("/api/extract", files={"file": (name, data)})
        assert 400 <= response.status_code < 500, (name, response.text)
        assert response.json()["message"]


def test_ingest_fetch_and_search(client: TestClient, seed_text: str) -> None:
    first = client.post("/api/documents", json={"text": seed_text, "name": "seed.txt"})
    assert first.status_code in (200, 201), first.text
    document_id = first.json()["id"]
    again = client.post("/api/documents", json={"text": seed_text, "name": "seed.txt"})
    assert again.json()["id"] == document_id and again.json()["status"] == "duplicate"

    stored = client.get(f"/api/documents/{document_id}").json()
    assert stored["id"] == document_id
    assert stored["record"]["title"]["text"] == "دیدار رئیس دفتر سیاسی حماس و هیأت همراه"

    for query in ("گروه های مقاومت", "گروههای مقاومت", "گروه‌های مقاومت"):
        hits = client.get("/api/search", params={"q": query}).json()["results"]
        assert [hit["id"] for hit in hits] == [document_id], query
        hit = hits[0]
        marked = [hit["snippet"][start:end] for start, end in hit["highlights"]]
        assert any("مقاومت" in word for word in marked)
        assert hit["date"] == {"jalali": "1402-03-31", "gregorian": "2023-06-21"}

    inside = {"q": "فلسطین", "from": "۱۴۰۲/۰۳/۰۱", "to": "1402-03-31"}
    assert [hit["id"] for hit in client.get("/api/search", params=inside).json()["results"]] == [document_id]
    by_speaker = client.get("/api/search", params={"speaker": "هنیه"}).json()["results"]
    assert [hit["id"] for hit in by_speaker] == [document_id]
    assert by_speaker[0]["statements"] and all("هنیه" in s["canonical"] for s in by_speaker[0]["statements"])
    after = {"q": "فلسطین", "from": "۱ تیر ۱۴۰۲"}
    assert client.get("/api/search", params=after).json()["results"] == []


def test_date_helper(client: TestClient) -> None:
    value = client.get("/api/date", params={"text": "۳۱ خرداد ۱۴۰۲"}).json()
    assert (value["jalali"], value["gregorian"]) == ("1402-03-31", "2023-06-21")
    assert client.get("/api/date", params={"text": "1402/03/01"}).json()["gregorian"] == "2023-05-22"
    _error(client.get("/api/date", params={"text": "1402-13-40"}), 422, "invalid_date")
    _error(client.get("/api/date", params={"text": "فردا"}), 422, "invalid_date")
    _error(client.get("/api/date"), 422, "invalid_request")


def test_search_errors_and_odd_queries(client: TestClient) -> None:
    _error(client.get("/api/search", params={"q": "x", "from": "1402-13-40"}), 422, "invalid_date")
    _error(client.get("/api/search", params={"q": "x", "to": "دیروز"}), 422, "invalid_date")
    _error(client.get("/api/search"), 422, "empty_query")
    _error(client.get("/api/search", params={"q": "x", "limit": 0}), 422, "invalid_request")
    for query in ['" OR 1=1 --', "NEAR(a b", "*", "«", "'); DROP TABLE documents; --", "\x00", "a" * 999]:
        response = client.get("/api/search", params={"q": query})
        assert response.status_code in (200, 422), (query, response.text)
    _error(client.get("/api/documents/999999"), 404, "not_found")
    _error(client.get("/api/documents/abc"), 422, "invalid_request")
    _error(client.get("/api/documents/0"), 422, "invalid_request")


def test_token_guards_every_api_route(tmp_path: Path) -> None:
    app = create_app(db_url=str(tmp_path / "a.sqlite3"), token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    with TestClient(app, base_url=LOCAL) as guarded:
        assert guarded.get("/api/health").json()["token_required"] is True
        body = {"text": "سخنگوی دولت گفت: نشست هفتگی برگزار شد."}
        _error(guarded.post("/api/documents", json=body), 401, "unauthorized")
        _error(guarded.post("/api/documents", json=body, headers={"Authorization": "Bearer wrong"}), 401)
        _error(guarded.post("/api/documents", json=body, headers={"Authorization": "s3cret"}), 401)
        stored = guarded.post("/api/documents", json=body, headers=auth)
        assert stored.status_code == 201, stored.text
        document = f"/api/documents/{stored.json()['id']}"
        for method, path, kwargs in (
            ("get", "/api/search", {"params": {"q": "نشست"}}),
            ("get", document, {}),
            ("post", "/api/repair", {"json": body}),
            ("post", "/api/extract", {"json": body}),
            ("get", "/api/rules", {}),
            ("get", "/api/date", {"params": {"text": "1402-03-31"}}),
        ):
            _error(getattr(guarded, method)(path, **kwargs), 401, "unauthorized")
            assert getattr(guarded, method)(path, headers=auth, **kwargs).status_code == 200, path
        assert guarded.get("/").status_code == 200  # the page itself is open: it asks for the token


def test_writes_without_a_token_refuse_what_a_foreign_page_can_send(client: TestClient) -> None:
    """A page on another origin can POST text/plain or a form unseen (no CORS preflight): such writes fail."""
    text = "سخنگوی وزارت خارجه گفت: سفر لغو شد."
    forged = client.post("/api/documents", content=text.encode(), headers={"content-type": "text/plain"})
    _error(forged, 415, "unsupported_type")
    form = client.post("/api/documents", data={"text": text})  # application/x-www-form-urlencoded
    _error(form, 415, "unsupported_type")
    for origin in ("http://127.0.0.1:9", "http://evil.example", "null"):
        upload = client.post(
            "/api/documents", files={"file": ("a.txt", text.encode())}, headers={"origin": origin}
        )
        _error(upload, 403, "cross_origin")
        _error(
            client.post("/api/repair", json={"text": text}, headers={"origin": origin}), 403, "cross_origin"
        )
    site = {"sec-fetch-site": "cross-site"}
    _error(client.post("/api/documents", json={"text": text}, headers=site), 403, "cross_origin")
    assert not client.get("/api/search", params={"q": "سفر"}).json()["results"]
    same = client.post("/api/documents", files={"file": ("a.txt", text.encode())}, headers={"origin": LOCAL})
    assert same.status_code == 201, same.text
    assert client.post("/api/documents", json={"text": text + " دوباره"}).status_code == 201


def test_unknown_host_names_are_refused(tmp_path: Path) -> None:
    """DNS rebinding: a foreign name pointed at 127.0.0.1 reaches the server with its own Host header."""
    app = create_app(db_url=str(tmp_path / "h.sqlite3"), token="", allowed_hosts=["dabir.lan"])
    for base, status in (
        ("http://rebind.example:8000", 421),
        ("http://localhost.example", 421),
        ("http://localhost:8000", 200),
        ("http://app.localhost", 200),
        ("http://127.0.0.1:8000", 200),
        ("http://[::1]:8000", 200),
        ("http://192.168.1.20", 200),
        ("http://dabir.lan:8000", 200),
    ):
        with TestClient(app, base_url=base) as visitor:
            for path in ("/api/health", "/api/search?q=x", "/"):
                response = visitor.get(path)
                assert (response.status_code == 421) == (status == 421), (base, path, response.text)
            if status == 421:
                _error(visitor.get("/api/health"), 421, "host_not_allowed")


def test_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DABIR_TOKEN", "from-env")
    with TestClient(create_app(db_url=str(tmp_path / "b.sqlite3")), base_url=LOCAL) as guarded:
        _error(guarded.post("/api/documents", json={"text": "متن"}), 401)


def test_openapi_docs_and_page(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/repair",
        "/api/extract",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/search",
    ):
        assert path in schema["paths"], path
    content = schema["paths"]["/api/repair"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(content)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    policy = docs.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "frame-ancestors 'none'" in policy
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and 'lang="fa"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert client.get("/static/../api.py").status_code == 404


def test_unusable_archive_is_503(tmp_path: Path) -> None:
    not_an_archive = tmp_path / "notes.sqlite3"
    not_an_archive.write_text("this is not a database", encoding="utf-8")
    with TestClient(create_app(db_url=str(not_an_archive), token=""), base_url=LOCAL) as broken:
        _error(broken.get("/api/search", params={"q": "x"}), 503, "archive_unavailable")
        assert broken.post("/api/repair", json={"text": "كتاب"}).status_code == 200


def test_serve_command_is_registered() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--max-mb"):
        assert option in result.stdout
    assert "127.0.0.1" in result.stdout


def test_errors_speak_of_the_api_not_the_cli(client: TestClient) -> None:
    """Messages from code shared with the CLI name the API's fields, never a command-line option."""
    for params in ({"q": '""'}, {"q": "*"}, {"q": "x", "from": "abc"}, {"q": "x", "to": "1402-13-40"}):
        message = _error(client.get("/api/search", params=params), 422)["message"]
        assert "--" not in message and "dabir " not in message, message
    for body in ({"text": "\u200c\u200c"}, {"text": "\ufeff\u200f \u200b"}):
        message = _error(client.post("/api/extract", json=body), 422, "empty_input")["message"]
        assert "no visible text" in message and "--" not in message
