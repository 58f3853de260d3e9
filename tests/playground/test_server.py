"""The server through Starlette's TestClient: the tab's WebSocket, uploads, exports, and the refusals."""

import io
import zipfile

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")
from starlette.testclient import TestClient  # noqa: E402
from starlette.websockets import WebSocketDisconnect  # noqa: E402

from axone.playground.server import create_app  # noqa: E402
from axone.playground.tables import MAX_UPLOAD_BYTES  # noqa: E402

TOKEN = "secret-token"
OWN = {"origin": "http://testserver"}


@pytest.fixture
def client():
    with TestClient(create_app(TOKEN, ["testserver"])) as c:
        yield c


def open_tab(client, hash_text=""):
    ws = client.websocket_connect(f"/ws?token={TOKEN}", headers=OWN)
    tab = ws.__enter__()
    hello = tab.receive_json()
    assert hello["type"] == "hello" and "adam" in hello["catalog"]["optimizers"]
    tab.send_json({"type": "settings", "hash": hash_text})
    run, first = tab.receive_json(), tab.receive_json()
    assert (run["type"], first["type"]) == ("run", "frame")
    return ws, tab, hello["session"], run, first


def test_the_page_and_its_files(client):
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and 'data-testid="output-map"' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/katex/katex.min.js").status_code == 200
    assert client.get("/static/katex/LICENSE").status_code == 200


def test_a_tab_parses_the_hash_steps_plays_and_edits(client):
    ws, tab, _, run, first = open_tab(client, "dataset=spiral&layers=5&acts=relu&lr=0.1")
    assert run["settings"]["dataset"] == "spiral" and run["settings"]["layers"] == [5]
    assert run["hash"].startswith("dataset=spiral&") and first["epoch"] == 0
    tab.send_json({"type": "step"})
    stepped = tab.receive_json()
    assert stepped["epoch"] == 1 and stepped["weights"] != first["weights"]
    tab.send_json({"type": "play"})
    assert tab.receive_json() == {"type": "state", "playing": True}
    epochs = [tab.receive_json()["epoch"] for _ in range(3)]
    assert epochs == [2, 3, 4]
    tab.send_json({"type": "pause"})
    while (m := tab.receive_json())["type"] != "state":
        pass
    assert m["playing"] is False
    tab.send_json({"type": "weight", "layer": "hidden1", "row": 0, "column": 2, "value": 1.5})
    assert tab.receive_json()["weights"][0]["kernel"][0][2] == 1.5
    tab.send_json({"type": "reset"})
    again = tab.receive_json()
    assert again["type"] == "run" and again["hash"] == run["hash"] and tab.receive_json()["epoch"] == 0
    ws.__exit__(None, None, None)


def test_bad_messages_get_an_error_not_a_crash(client):
    ws, tab, *_ = open_tab(client)
    tab.send_json({"type": "settings", "hash": "noise=7"})
    assert "'noise'" in tab.receive_json()["message"]
    tab.send_json({"type": "settings", "hash": "seed=1&" * 1000})
    assert "at most 4000" in tab.receive_json()["message"]
    tab.send_json({"type": "dance"})
    assert "unknown message type" in tab.receive_json()["message"]
    tab.send_text("not json")
    assert tab.receive_json()["type"] == "error"
    tab.send_json({"type": "step"})  # the last good session is still there
    assert tab.receive_json()["epoch"] == 1
    ws.__exit__(None, None, None)


def test_exports_of_an_open_tab_and_none_after_it_closes(client):
    ws, tab, session, *_ = open_tab(client, "dataset=xor&points=40&layers=3")
    model = client.get(f"/api/export/{session}/model.axone?token={TOKEN}")
    assert model.status_code == 200 and "axone.json" in zipfile.ZipFile(io.BytesIO(model.content)).namelist()
    script = client.get(f"/api/export/{session}/train.py", headers={"x-axone-token": TOKEN})
    assert script.status_code == 200 and "ax.Sequential" in script.text
    assert client.get(f"/api/export/{session}/other?token={TOKEN}").status_code == 404
    ws.__exit__(None, None, None)  # the tab closes: its session and its training go
    assert client.get(f"/api/export/{session}/train.py?token={TOKEN}").status_code == 404


def test_closing_a_playing_tab_ends_its_session(client):
    ws, tab, session, *_ = open_tab(client, "dataset=xor&points=40&layers=3")
    tab.send_json({"type": "play"})
    assert tab.receive_json()["type"] == "state" and tab.receive_json()["epoch"] == 1
    ws.__exit__(None, None, None)  # closed while training: the loop ends with the socket
    assert client.get(f"/api/export/{session}/train.py?token={TOKEN}").status_code == 404


def test_an_uploaded_table_trains(client):
    rows = "a,b,label\n" + "".join(f"{i % 5},{i % 3},{i % 2}\n" for i in range(30))
    reply = client.post(f"/api/upload?name=t.csv&token={TOKEN}", content=rows, headers=OWN)
    assert reply.status_code == 200 and reply.json()["columns"] == ["a", "b", "label"]
    key = reply.json()["table"]
    ws, tab, _, run, _ = open_tab(client, f"dataset=csv&table={key}&x1col=a&x2col=b&target=label")
    assert run["task"] == "classification" and len(run["train"]["x"]) == 15
    ws.__exit__(None, None, None)
    bad = client.post(f"/api/upload?token={TOKEN}", content=b"\xff\xfe\x00", headers=OWN)
    assert bad.status_code == 400


# ---- the refusals --------------------------------------------------------------------------------
def test_a_foreign_host_is_refused(client):
    reply = client.get(f"/?token={TOKEN}", headers={"host": "evil.example:8000"})
    assert reply.status_code == 403 and "Host" in reply.text
    assert client.get("/static/app.js", headers={"host": "evil.example"}).status_code == 403


def test_a_missing_or_wrong_token_is_refused(client):
    assert client.get("/").status_code == 403
    assert "token" in client.get("/?token=guess").text
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws", headers=OWN) as ws:
            ws.receive_json()


def test_a_foreign_or_missing_origin_is_refused_for_sockets_and_posts(client):
    for headers in ({"origin": "http://evil.example"}, {}):
        with pytest.raises(WebSocketDisconnect):
            with client.websocket_connect(f"/ws?token={TOKEN}", headers=headers) as ws:
                ws.receive_json()
        reply = client.post(f"/api/upload?token={TOKEN}", content=b"a,b,c\n1,2,3\n", headers=headers)
        assert reply.status_code == 403 and "Origin" in reply.text


def test_an_oversize_upload_is_refused(client):
    big = b"a,b,c\n" + b"1,2,3\n" * (MAX_UPLOAD_BYTES // 6 + 10)
    reply = client.post(f"/api/upload?token={TOKEN}", content=big, headers=OWN)
    assert reply.status_code == 413 and "too large" in reply.text

    def chunks():  # no Content-Length: the server counts as it reads
        for _ in range(3):
            yield b"x" * (MAX_UPLOAD_BYTES // 2)

    assert client.post(f"/api/upload?token={TOKEN}", content=chunks(), headers=OWN).status_code == 413
