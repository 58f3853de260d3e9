"""The two exports of a run: the network as an ``.axone`` file, and a Python script that rebuilds it.

The script is short and uses axone alone: the same points (``make_points`` with the run's
settings, or the uploaded CSV read and cleaned by ``axone.data``), the same features, the same
layers and solver, and the same training step as the page (the tape, the penalties, one epoch
of shuffled mini-batches), for as many epochs as the page has run.

Example:
    >>> from axone.playground.settings import parse_hash
    >>> from axone.playground.session import Session
    >>> script = python_script(Session(parse_hash("dataset=xor&points=40&layers=3&acts=tanh")))
    >>> "ax.layers.Dense(3, activation='tanh', name='hidden1')" in script
    True
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from axone.playground.network import solver_arguments
from axone.playground.session import Session
from axone.playground.settings import to_hash


def model_file(session: Session) -> bytes:
    """The current network saved by ``Model.save`` (an ``.axone`` file), as bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "playground.axone"
        session.model.save(path)
        return path.read_bytes()


def _data_lines(session: Session) -> list[str]:
    s = session.settings
    if s.dataset != "csv":
        return [
            "from axone.playground.datasets import feature_columns, make_points",
            "",
            f"points = make_points({s.dataset!r}, n={s.points}, noise={s.noise!r}, classes={s.classes}, "
            f"ratio={s.ratio}, seed={s.seed})",
        ]
    return [
        "from axone.playground.datasets import feature_columns, split",
        "",
        f"frame = ax.data.read_csv({session.source!r})  # your uploaded table, cleaned as the playground did",
        f"table = ax.data.from_dataframe(frame[[{s.x1col!r}, {s.x2col!r}, {s.target!r}]], target={s.target!r})",
        f"points = split(table.X, table.y, table.task, len(table.classes or []), {s.ratio}, np.random.default_rng({s.seed}))",
    ]


def _layer_lines(session: Session) -> list[str]:
    s = session.settings
    lines = [f"    ax.Input(({len(s.features)},)),"]
    for i, (units, act) in enumerate(zip(s.layers, s.acts), start=1):
        lines.append(f"    ax.layers.Dense({units}, activation={act!r}, name='hidden{i}'),")
        if s.dropout > 0:
            lines.append(f"    ax.layers.Dropout({s.dropout!r}, seed={s.seed + i}, name='dropout{i}'),")
    units = session.points.classes if session.output == "softmax" else 1
    lines.append(f"    ax.layers.Dense({units}, activation={session.output!r}, name='output'),")
    return lines


def _solver(session: Session) -> str:
    class_name, kwargs = solver_arguments(session.settings)
    return f"ax.optimizers.{class_name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def python_script(session: Session) -> str:
    """A runnable script that rebuilds the run's data and network and trains it with axone."""
    s = session.settings
    targets = {"one_hot": "np.eye(points.classes, dtype=np.float32)[{}]", "column": "{}[:, None].astype(np.float32)"}
    kind = "same"
    if session.points.task == "classification":
        if session.loss_name in ("mse", "log_cosh") and session.output == "softmax":
            kind = "one_hot"
        elif session.output == "sigmoid":
            kind = "column"
    wrap = targets.get(kind, "{}")
    penalty = []
    if s.l1:
        penalty.append(f"{s.l1!r} * sum(ax.abs(k).sum() for k in kernels)")
    if s.l2:
        penalty.append(f"{s.l2!r} * sum((k * k).sum() for k in kernels)")
    lines = [
        f'"""The axone playground run #{to_hash(session.settings)}, rebuilt and trained with axone."""',
        "",
        "import numpy as np",
        "",
        "import axone as ax",
        *_data_lines(session),
        f"features = {s.features!r}",
        "x_train, x_test = feature_columns(points.x_train, features), feature_columns(points.x_test, features)",
        f"t_train, t_test = {wrap.format('points.y_train')}, {wrap.format('points.y_test')}",
        "",
        f"ax.random.seed({s.seed})  # the initial weights",
        "model = ax.Sequential([",
        *_layer_lines(session),
        "])",
        f"optimizer = {_solver(session)}",
        f"loss_fn = ax.losses.get({session.loss_name!r})",
        "kernels = [layer.kernel for layer in model.layers if isinstance(layer, ax.layers.Dense)]",
        f"order = np.random.default_rng({s.seed})",
        "",
        f"for epoch in range({max(session.epoch, 1)}):",
        "    rows = order.permutation(len(x_train))",
        f"    for start in range(0, len(rows), {s.batch}):",
        f"        batch = rows[start : start + {s.batch}]",
        "        with ax.GradientTape() as tape:  # E = L(t, y) + the penalties",
        f"            loss = loss_fn(t_train[batch], model(x_train[batch], training=True)){''.join(' + ' + p for p in penalty)}",
        "        grads = tape.gradient(loss, model.trainable_variables)",
        "        optimizer.apply_gradients(zip(grads, model.trainable_variables))",
        "",
        "with ax.no_grad():",
        "    print('train loss', float(loss_fn(t_train, model(x_train)).numpy()))",
        "    print('test loss', float(loss_fn(t_test, model(x_test)).numpy()))",
        "model.save('playground.axone')",
        "",
    ]
    return "\n".join(lines)
