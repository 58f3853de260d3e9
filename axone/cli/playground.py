"""``axone playground``: start the live page on 127.0.0.1 and open the browser.

::

    axone playground                 # a free port, the browser opened
    axone playground --port 8000 --no-browser
"""

from __future__ import annotations

import argparse
from typing import Any

from axone.cli.errors import CliError


def add_commands(commands: Any) -> None:
    play = commands.add_parser(
        "playground",
        help="train small networks live in the browser",
        description="Start a local server with the playground page: pick data, shape a network, watch it train.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    play.add_argument("--port", type=int, default=0, help="the port to listen on (0: a free one)")
    play.add_argument("--host", default="127.0.0.1", help="the address to bind (keep the loopback address)")
    play.add_argument("--no-browser", action="store_true", help="print the address without opening a browser")
    play.set_defaults(run=run_playground)


def run_playground(args: argparse.Namespace) -> int:
    if not 0 <= args.port < 65536:
        raise CliError(f"--port must be in [0, 65535], got {args.port}")
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        from axone.playground.launch import serve
    except ImportError as error:
        raise CliError(f'the playground needs {error.name}: pip install "axone[playground]"') from None
    serve(host=args.host, port=args.port, open_browser=not args.no_browser)
    return 0
