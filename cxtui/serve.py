"""`cxtui serve`: the editor in a browser, through textual-serve (docs/serve.md).

Each browser tab that connects gets an editor process of its own on the served map or
folder. textual-serve has no authentication, so this adds one: a random token in the
printed URL, kept afterwards in a cookie (for the page's websocket and assets);
every request without it is refused (403). The editors it starts touch only maps under
the served folder (:mod:`cxtui.tui.served`).
"""

from __future__ import annotations

import os
import secrets
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxtui.tui.served import ROOT_VARIABLE

if TYPE_CHECKING:
    from aiohttp import web

INSTALL_HINT = "cxtui serve needs textual-serve: pip install 'cxtui[web]'"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def served_folder(target: Path) -> Path:
    """The folder a served editor may touch: `target` itself, or a map file's folder."""
    resolved = target.resolve()
    return resolved if resolved.is_dir() else resolved.parent


def editor_command(target: Path, root: Path) -> str:
    """The shell command textual-serve runs for each browser tab: the editor of `target`,
    started in the served folder (so relative names stay under it)."""
    python = shlex.quote(sys.executable)
    return f"cd {shlex.quote(str(root))} && exec {python} -m cxtui edit {shlex.quote(str(target))}"


def host_warning(host: str) -> str | None:
    """The warning for a host other than the loopback one (None for loopback)."""
    if host in LOOPBACK:
        return None
    return (
        f"serving on {host}: anyone who can reach this port and has the link can edit the "
        "served maps (an SSH tunnel to 127.0.0.1 is safer: see docs/serve.md)"
    )


def page_url(host: str, port: int, token: str) -> str:
    """The URL to open, token included (listening on every address: this machine's name)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


Handler = Callable[["web.Request"], Awaitable["web.StreamResponse"]]


def token_middleware(token: str, cookie: str) -> Any:
    """An aiohttp middleware that refuses (403) every request without `token`: in the
    query string (the first page: it then sets the cookie and redirects to a clean URL)
    or in the `cookie`. The websocket must also come from the page's own origin."""
    from aiohttp import web

    def matches(given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), token.encode())

    @web.middleware
    async def check_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        if matches(request.query.get("token")):
            if request.path == "/":
                query = {k: v for k, v in request.query.items() if k != "token"}
                location = str(request.rel_url.with_query(query))
                response = web.Response(status=302, headers={"Location": location})
                response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
                return response
            return await handler(request)
        if not matches(request.cookies.get(cookie)):
            raise web.HTTPForbidden(
                text="cxtui: open the link with its token, as `cxtui serve` printed it\n"
            )
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and origin.split("://")[-1] != request.host:
            raise web.HTTPForbidden(text="cxtui: the editor's page comes from another site\n")
        return await handler(request)

    return check_token


def make_server(target: Path, host: str, port: int, token: str) -> Any:
    """A textual-serve Server of the editor of `target`, guarded by `token`."""
    from textual_serve.server import Server

    root = served_folder(target)
    url = page_url(host, port, token)

    class GuardedServer(Server):
        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(token_middleware(token, f"cxtui-token-{port}"))
            return app

        async def handle_index(self, request: web.Request) -> Any:
            # The page's websocket and asset URLs: where the browser found the page (it
            # may be a tunnel's other end), so the cookie goes with them. No await comes
            # between setting and using it, so no other request sees it half-way.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app: web.Application) -> None:
            print(f"cxtui: serving {target} (maps under {root}) to browsers", flush=True)
            print(f"cxtui: open {url}", flush=True)
            print("cxtui: ctrl+c stops", flush=True)

    return GuardedServer(
        editor_command(target.resolve(), root), host=host, port=port, title=f"cxtui · {target}"
    )


def serve(target: Path, host: str, port: int) -> int:
    """Serve the editor of `target` (a map file, or a folder's library); returns the exit
    code (1 without textual-serve)."""
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        print(f"cxtui: {INSTALL_HINT}", file=sys.stderr)
        return 1
    warning = host_warning(host)
    if warning:
        print(f"cxtui: warning: {warning}", file=sys.stderr)
    os.environ[ROOT_VARIABLE] = str(served_folder(target))
    try:
        # Try the address first: the server prints the URL before it binds.
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        socket.create_server((host, port), family=family).close()
        make_server(target, host, port, secrets.token_urlsafe(24)).serve()
    except OSError as error:
        print(f"cxtui: cannot listen on {host} port {port}: {error.strerror}", file=sys.stderr)
        return 1
    return 0
