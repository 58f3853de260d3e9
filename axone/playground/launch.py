"""Start the server: a fresh token, 127.0.0.1 by default, the address printed, the browser opened.

``serve`` blocks until Ctrl-C. ``url`` is what the learner opens: the token is in the query,
the settings will be in the hash.

Example:
    >>> url("127.0.0.1", 8000, "abc")
    'http://127.0.0.1:8000/?token=abc'
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
import webbrowser


def url(host: str, port: int, token: str) -> str:
    """The page's address for this launch."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now (the operating system's pick)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def serve(host: str = "127.0.0.1", port: int = 0, open_browser: bool = True, token: str | None = None) -> None:
    """Run the playground until interrupted (``port=0``: a free port)."""
    import uvicorn

    from axone.playground.security import allowed_hosts
    from axone.playground.server import create_app

    port = port or free_port(host)
    token = token or secrets.token_urlsafe(16)
    app = create_app(token, allowed_hosts(host, port))
    address = url(host, port, token)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", ws="auto"))

    def announce() -> None:  # once the socket listens: the address works as soon as it is printed
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(f"axone playground: open {address}  (Ctrl-C to stop)", flush=True)
            if open_browser:
                webbrowser.open(address)

    threading.Thread(target=announce, daemon=True).start()
    server.run()
