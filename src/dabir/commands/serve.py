"""``dabir serve``: the HTTP API and the web page on one local port."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from dabir.errors import UserError
from dabir.web.limits import DEFAULT_MAX_BYTES, DEFAULT_MEMORY_MB, DEFAULT_SECONDS, DEFAULT_WORKERS

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost``: an address only this machine can reach."""
    if host.strip("[]").lower() in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[
            str, typer.Option(help="address to listen on; another than 127.0.0.1 needs DABIR_TOKEN")
        ] = ("127.0.0.1"),
        port: Annotated[int, typer.Option(help="TCP port", min=0, max=65535)] = 8000,
        db: Annotated[
            str | None,
            typer.Option("--db", help="archive URL or path (default: DABIR_DB or the user data dir)"),
        ] = None,
        max_mb: Annotated[
            float, typer.Option("--max-mb", help="largest request body accepted, in MiB", min=0.001)
        ] = DEFAULT_MAX_BYTES / 1024 / 1024,
        workers: Annotated[
            int,
            typer.Option(
                help="worker processes for repair and extraction (0: in the server, no limits)", min=0
            ),
        ] = DEFAULT_WORKERS,
        time_limit: Annotated[
            float,
            typer.Option("--time-limit", help="seconds one document may take before it is stopped", min=0.1),
        ] = DEFAULT_SECONDS,
        worker_memory_mb: Annotated[
            int,
            typer.Option("--worker-memory-mb", help="address space of one worker, in MiB (0: no cap)", min=0),
        ] = DEFAULT_MEMORY_MB,
        allowed_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allowed-host",
                help="a host name the server answers to besides localhost and IP addresses (repeatable)",
            ),
        ] = None,
        no_token_on_network: Annotated[
            bool,
            typer.Option(
                "--no-token-on-network",
                help="serve on a non-loopback address without DABIR_TOKEN: anyone who can reach it can "
                "read and write the archive",
            ),
        ] = False,
    ) -> None:
        """Serve the API (/api, docs at /docs) and the Persian web page (/) for repair, extraction and search.

        With DABIR_TOKEN set, every /api route but /api/health needs 'Authorization: Bearer <token>' (the page
        asks for it).
        """
        import uvicorn

        from dabir.api import create_app

        token = os.environ.get("DABIR_TOKEN") or None
        if not is_loopback(host) and not token:
            if not no_token_on_network:
                raise UserError(
                    f"refusing to serve on {host} without DABIR_TOKEN: set a token, or pass "
                    "--no-token-on-network to let anyone who can reach it read and write the archive"
                )
            typer.echo(f"dabir: warning: serving on {host} without DABIR_TOKEN", err=True)
        names = list(allowed_host or [])
        if not is_loopback(host) and host not in ("0.0.0.0", "::"):
            names.append(host)  # the name the server was told to listen on
        application = create_app(
            db_url=db,
            token=token,
            max_bytes=int(max_mb * 1024 * 1024),
            allowed_hosts=names,
            workers=workers,
            seconds=time_limit,
            memory_mb=worker_memory_mb or None,
        )
        typer.echo(f"dabir: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
        try:
            uvicorn.run(application, host=host, port=port, log_level="warning")
        except OSError as error:  # pragma: no cover - e.g. the port is taken
            raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
