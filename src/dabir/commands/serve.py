"""``dabir serve``: the HTTP API and the web page on one local port."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from dabir.errors import UserError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[
            str, typer.Option(help="address to listen on; keep 127.0.0.1 unless you set a token")
        ] = ("127.0.0.1"),
        port: Annotated[int, typer.Option(help="TCP port", min=0, max=65535)] = 8000,
        db: Annotated[
            str | None,
            typer.Option("--db", help="archive URL or path (default: DABIR_DB or the user data dir)"),
        ] = None,
        max_mb: Annotated[
            float, typer.Option("--max-mb", help="largest request body accepted, in MiB", min=0.001)
        ] = 20.0,
    ) -> None:
        """Serve the API (/api, docs at /docs) and the Persian web page (/) for repair, extraction and search.

        Endpoints that write to the archive need 'Authorization: Bearer <token>' when DABIR_TOKEN is set.
        """
        import uvicorn

        from dabir.api import create_app

        token = os.environ.get("DABIR_TOKEN") or None
        if host not in LOCAL_HOSTS and not token:
            typer.echo(
                f"dabir: warning: serving on {host} without DABIR_TOKEN: anyone who can reach it can write "
                "to the archive",
                err=True,
            )
        application = create_app(db_url=db, token=token, max_bytes=int(max_mb * 1024 * 1024))
        typer.echo(f"dabir: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
        try:
            uvicorn.run(application, host=host, port=port, log_level="warning")
        except OSError as error:  # pragma: no cover - e.g. the port is taken
            raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
