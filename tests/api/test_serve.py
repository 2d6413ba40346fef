"""``dabir serve`` refuses to expose an archive without a token, and passes its host names to the guard."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from dabir.cli import app as cli_app
from dabir.cli import main


@pytest.fixture()
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls to uvicorn.run, which is replaced: nothing listens."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    monkeypatch.delenv("DABIR_TOKEN", raising=False)
    return calls


def test_network_address_without_token_is_refused(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    for host in ("0.0.0.0", "::", "192.168.1.20"):
        with pytest.raises(SystemExit) as exited:
            main(["serve", "--host", host])
        assert exited.value.code == 2
        error = capsys.readouterr().err
        assert "DABIR_TOKEN" in error and "--no-token-on-network" in error and len(error.splitlines()) == 1
    assert not started


def test_network_address_with_token_or_explicit_flag(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--no-token-on-network"])
    assert result.exit_code == 0 and "warning" in result.output
    monkeypatch.setenv("DABIR_TOKEN", "s3cret")
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--allowed-host", "dabir.lan"])
    assert result.exit_code == 0, result.output
    assert [call["host"] for call in started] == ["0.0.0.0", "0.0.0.0"]


def test_loopback_needs_no_token(started: list[dict[str, Any]]) -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert CliRunner().invoke(cli_app, ["serve", "--host", host]).exit_code == 0
    assert len(started) == 4
