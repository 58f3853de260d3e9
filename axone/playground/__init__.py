"""``axone playground``: the course's small networks trained live in the browser by axone's engine (level 5).

A local server (Starlette + uvicorn) serves a page from ``static/`` and trains one session per
tab with axone's public API: toy data sets or an uploaded CSV table, input features, hidden
layers each with its activation, every solver of the course, L1/L2 and dropout; a frame per
epoch streamed over a WebSocket. Every setting lives in the URL's hash (``settings.py``).

- ``settings.py`` the hash format; ``datasets.py`` and ``tables.py`` the points;
- ``network.py`` the model, loss and solver; ``session.py`` the training steps;
- ``frames.py`` what is sent; ``export.py`` the ``.axone`` file and the Python script;
- ``security.py`` Host, Origin and token checks; ``server.py`` the routes; ``launch.py`` ``serve``.

Starlette and uvicorn are imported only by ``server.py`` and ``launch.py``: ``pip install
"axone[playground]"``. See ``docs/playground.md``.
"""
