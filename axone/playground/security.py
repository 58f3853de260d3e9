"""The guard of a local server: its own Host only, its own Origin for what changes or streams, the token.

A page on another site can make the browser send requests to ``127.0.0.1``; three checks stop it:

- **Host**: the request must name this server (``127.0.0.1:PORT``, ``localhost:PORT``); a
  rebinding domain that points at 127.0.0.1 sends its own name, and is refused (DNS rebinding).
- **Origin**: a WebSocket and every request other than GET/HEAD must come from this server's own
  origin (a browser always sends it with those): a foreign or a missing Origin is refused.
- **Token**: every request but the static files carries the per-launch token (``?token=`` or
  the ``X-Axone-Token`` header), which only the person who started the server has seen.

Refusals are plain 403 responses (a WebSocket is closed before it opens) that say which check
failed. ``guard`` wraps any ASGI application.

Example:
    >>> allowed_hosts("127.0.0.1", 8000)
    ['127.0.0.1:8000', 'localhost:8000']
"""

from __future__ import annotations

import hmac
from typing import Any, Callable
from urllib.parse import parse_qs

PUBLIC_PREFIXES = ("/static/", "/favicon.ico")  # the page's own files: no secret in them


def allowed_hosts(host: str, port: int) -> list[str]:
    """The Host values of this server: the address it binds, and ``localhost`` for a loopback one."""
    names = [host]
    if host in ("127.0.0.1", "::1", "localhost"):
        names = ["127.0.0.1", "localhost"] + (["[::1]"] if host == "::1" else [])
    return [f"{name}:{port}" for name in names]


def _headers(scope: dict) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def refusal(scope: dict, hosts: list[str], token: str) -> str | None:
    """Why the request must be refused, or None when it passes the three checks."""
    headers = _headers(scope)
    host = headers.get("host", "")
    if host not in hosts:
        return f"refused: Host {host!r} is not this server ({', '.join(hosts)})"
    if scope["type"] == "websocket" or scope.get("method", "GET") not in ("GET", "HEAD"):
        origin = headers.get("origin")
        if origin not in [f"http://{h}" for h in hosts]:
            return f"refused: Origin {origin!r} is not this server's own"
    if scope["path"].startswith(PUBLIC_PREFIXES):
        return None
    given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
    given = given or headers.get("x-axone-token", "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        return "refused: missing or wrong token; open the address that `axone playground` printed"
    return None


def guard(app: Callable, hosts: list[str], token: str) -> Callable:
    """``app`` behind the three checks (an ASGI application)."""

    async def guarded(scope: dict, receive: Callable, send: Callable) -> Any:
        if scope["type"] not in ("http", "websocket"):
            return await app(scope, receive, send)
        why = refusal(scope, hosts, token)
        if why is None:
            return await app(scope, receive, send)
        if scope["type"] == "websocket":
            await receive()  # the connect event
            return await send({"type": "websocket.close", "code": 1008, "reason": why[:120]})
        body = why.encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return guarded
