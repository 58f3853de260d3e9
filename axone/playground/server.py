"""The web application: the page, one WebSocket per tab, uploads and exports (Starlette).

Routes (every one behind ``security.guard``):

- ``GET /`` the page; ``GET /static/...`` its scripts, styles and the KaTeX fonts;
- ``WS /ws`` one tab's session: the page sends ``settings`` (the hash), ``play``, ``pause``,
  ``step``, ``reset`` and ``weight`` messages; the server answers with ``hello`` (the catalogue of
  data sets, activations and solvers), ``run`` (the points and the network) and ``frame``
  messages, one per epoch while playing. Training runs in a worker thread; when the tab closes the
  socket closes and the session is dropped, so training stops with it;
- ``POST /api/upload?name=FILE`` a CSV table (at most ``MAX_UPLOAD_BYTES``) -> its id and columns;
- ``GET /api/export/{session}/model.axone`` and ``.../train.py``: the exports of an open tab.

Example:
    >>> from starlette.testclient import TestClient
    >>> client = TestClient(create_app("t0k3n", ["testserver"]))
    >>> client.get("/?token=t0k3n").status_code, client.get("/").status_code
    (200, 403)
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from anyio import to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from axone.playground import catalog, export
from axone.playground.frames import frame, run_info
from axone.playground.security import guard
from axone.playground.session import Session
from axone.playground.settings import SettingsError, parse_hash, to_hash
from axone.playground.tables import MAX_UPLOAD_BYTES, Table, read_table, table_points

STATIC = Path(__file__).parent / "static"
MAX_TABLES = 16  # uploads kept in memory, the oldest dropped first
MAX_HASH = 4000  # characters: every setting takes some 300


class Tab:
    """One open tab: its session, whether it plays, and a lock held by the worker threads that use the session."""

    def __init__(self, tables: OrderedDict):
        self.tables = tables
        self.session: Session | None = None
        self.playing = False
        self.lock = threading.Lock()

    def start(self, text: str) -> Session:
        """A new session from the hash ``text``; ``SettingsError``/``ValueError`` when it cannot be built."""
        settings = parse_hash(text)
        if settings.dataset != "csv":
            return Session(settings)
        table = self.tables.get(settings.table)
        if table is None:
            raise SettingsError(f"setting 'table': no uploaded table {settings.table!r} (upload it again)")
        points = table_points(table, settings.x1col, settings.x2col, settings.target, settings.ratio, settings.seed)
        return Session(settings, points, source=table.name)

    def advance(self) -> dict:
        """One epoch, then its frame (in a worker thread)."""
        with self.lock:
            assert self.session is not None
            if not self.session.advance():
                self.playing = False
            return {**frame(self.session), "playing": self.playing}

    def set_weight(self, layer: str, row: int, column: int, value: float) -> dict:
        """Write one weight, then the frame that shows it (in a worker thread)."""
        with self.lock:
            assert self.session is not None
            self.session.set_weight(layer, row, column, value)
            return frame(self.session)

    def export(self, what: str) -> bytes | str:
        """The ``model.axone`` bytes or the ``train.py`` text of the session (in a worker thread)."""
        with self.lock:
            assert self.session is not None
            return export.model_file(self.session) if what == "model.axone" else export.python_script(self.session)


def create_app(token: str, hosts: list[str]) -> Any:
    """The guarded ASGI application for the launch ``token``, answering only to ``hosts``."""
    tables: OrderedDict[str, Table] = OrderedDict()
    tabs: dict[str, Tab] = {}

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-store"})

    async def upload(request: Request) -> Response:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_UPLOAD_BYTES):
            return PlainTextResponse(f"the table is too large: at most {MAX_UPLOAD_BYTES} bytes", status_code=413)
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_UPLOAD_BYTES:
                return PlainTextResponse(f"the table is too large: at most {MAX_UPLOAD_BYTES} bytes", status_code=413)
        name = request.query_params.get("name", "table.csv")[:100]
        try:
            table = await to_thread.run_sync(read_table, bytes(data), name)
        except ValueError as error:
            return PlainTextResponse(str(error), status_code=400)
        key = secrets.token_hex(4)
        tables[key] = table
        while len(tables) > MAX_TABLES:
            tables.popitem(last=False)
        return JSONResponse({"table": key, "name": name, "columns": table.columns, "rows": len(table.frame)})

    async def exported(request: Request) -> Response:
        tab = tabs.get(request.path_params["session"])
        if tab is None or tab.session is None:
            return PlainTextResponse("no such open session (the tab was closed?)", status_code=404)
        what = request.path_params["file"]
        if what not in ("model.axone", "train.py"):
            return PlainTextResponse(f"unknown export {what!r}: model.axone or train.py", status_code=404)
        body = await to_thread.run_sync(tab.export, what)
        if what == "model.axone":
            return Response(body, media_type="application/zip", headers=_attachment("playground.axone"))
        return Response(body, media_type="text/x-python", headers=_attachment("playground_train.py"))

    async def socket(ws: WebSocket) -> None:
        await ws.accept()
        key, tab = secrets.token_hex(8), Tab(tables)
        tabs[key] = tab
        inbox: asyncio.Queue = asyncio.Queue()
        reader = asyncio.create_task(_read(ws, inbox))
        try:
            await ws.send_json({"type": "hello", "session": key, "catalog": catalog.catalog()})
            while True:
                if tab.playing and tab.session is not None and inbox.empty():
                    await ws.send_json(await to_thread.run_sync(tab.advance))
                    await asyncio.sleep(0)
                    continue
                message = await inbox.get()
                if message is None:
                    break
                await _handle(ws, tab, message)
        except WebSocketDisconnect:
            pass
        finally:
            tab.playing = False
            reader.cancel()
            tabs.pop(key, None)

    routes = [
        Route("/", page),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/upload", upload, methods=["POST"]),
        Route("/api/export/{session}/{file}", exported),
        WebSocketRoute("/ws", socket),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.tabs = tabs
    return guard(app, hosts, token)


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


async def _read(ws: WebSocket, inbox: asyncio.Queue) -> None:
    """Every message of the tab into ``inbox``; None when the tab goes away."""
    try:
        while True:
            text = await ws.receive_text()
            try:
                message = json.loads(text)
            except ValueError:
                message = {"type": "bad", "text": text[:80]}
            await inbox.put(message if isinstance(message, dict) else {"type": "bad"})
    except (WebSocketDisconnect, RuntimeError):
        await inbox.put(None)


async def _handle(ws: WebSocket, tab: Tab, message: dict) -> None:
    """Act on one message of the page."""
    kind = message.get("type")
    try:
        if kind == "settings" or (kind == "reset" and tab.session is not None):
            text = message.get("hash", "") if kind == "settings" else _current_hash(tab)
            if len(str(text)) > MAX_HASH:
                raise SettingsError(f"the hash has {len(str(text))} characters; at most {MAX_HASH}")
            session = await to_thread.run_sync(tab.start, str(text))
            tab.session, tab.playing = session, False  # an export still running keeps the old one
            await ws.send_json(run_info(session))
            await ws.send_json(frame(session))
        elif tab.session is None:
            await ws.send_json({"type": "error", "message": "send the settings first"})
        elif kind in ("play", "pause"):
            tab.playing = kind == "play" and tab.session.message is None
            await ws.send_json({"type": "state", "playing": tab.playing})
        elif kind == "step":
            tab.playing = False
            await ws.send_json(await to_thread.run_sync(tab.advance))
        elif kind == "weight":
            where = str(message["layer"]), int(message["row"]), int(message["column"]), float(message["value"])
            await ws.send_json(await to_thread.run_sync(tab.set_weight, *where))
        else:
            await ws.send_json({"type": "error", "message": f"unknown message type {kind!r}"})
    except (SettingsError, ValueError, KeyError, TypeError) as error:
        await ws.send_json({"type": "error", "message": str(error)})


def _current_hash(tab: Tab) -> str:
    assert tab.session is not None
    return to_hash(tab.session.settings)
