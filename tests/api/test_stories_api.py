"""``GET /api/stories`` and ``/api/stories/{id}``: two outlets' copies of a report make one story."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from dabir.api import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))
from test_stories import OTHER, REPUBLISHED, WIRE  # noqa: E402 - hand-written reports shared with the archive tests

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = "http://127.0.0.1"


def test_stories_endpoints(tmp_path: Path) -> None:
    app = create_app(db_url=str(tmp_path / "archive.sqlite3"), token="", max_bytes=64 * 1024)
    with TestClient(app, base_url=LOCAL) as client:
        ids = [
            client.post("/api/documents", json={"text": text}).json()["id"]
            for text in (WIRE, REPUBLISHED, OTHER)
        ]
        listed = client.get("/api/stories").json()["results"]
        assert len(listed) == 1
        story = listed[0]
        assert story["size"] == 2 and sorted(d["id"] for d in story["documents"]) == sorted(ids[:2])
        assert client.get(f"/api/stories/{story['id']}").json() == story
        missing = client.get("/api/stories/999")
        assert missing.status_code == 404 and "no story 999" in missing.text
        bad = client.get("/api/stories", params={"from": "فردا صبح"})
        assert bad.status_code == 422
        assert client.get("/api/stories", params={"limit": 0}).status_code == 422
        assert client.get("/api/stories", params={"from": "2999-01-01"}).json()["results"] == []


def test_stories_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    app = create_app(db_url=str(tmp_path / "a.sqlite3"), token="s3cret")
    with TestClient(app, base_url=LOCAL) as guarded:
        for path in ("/api/stories", "/api/stories/1"):
            assert guarded.get(path).status_code == 401
        assert guarded.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
