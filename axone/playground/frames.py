"""What the server sends the page: a frame after each epoch, and the data once per run.

Maps are float32 arrays sent as base64 (the page reads them into a ``Float32Array``): the output
over a ``OUTPUT_SIZE``² grid of the plane (one column per output unit: a probability, or the
regression value), and each neuron's own output (and each input feature) over a coarser
``NEURON_SIZE``² grid, as the small squares drawn in the network.

Example:
    >>> from axone.playground.settings import parse_hash
    >>> from axone.playground.session import Session
    >>> f = frame(Session(parse_hash("dataset=xor&points=40&layers=3&acts=tanh")))
    >>> f["epoch"], len(f["neurons"]), f["neurons"][1]["units"], f["output_units"]
    (0, 3, 3, 1)
    >>> len(decode(f["output"])) == OUTPUT_SIZE ** 2
    True
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from axone.playground.datasets import FEATURE_FUNCTIONS, grid
from axone.playground.network import dense_layers, solver_formula
from axone.playground.session import Session
from axone.playground.settings import as_dict, to_hash

OUTPUT_SIZE, NEURON_SIZE = 64, 24


def encode(array: np.ndarray) -> str:
    """float32 values, C order, as base64 text."""
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.float32).tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    """The inverse of ``encode`` (flat)."""
    return np.frombuffer(base64.b64decode(text), dtype=np.float32)


def _finite(values: list[float]) -> list[float | None]:
    return [v if np.isfinite(v) else None for v in values]  # JSON has no NaN


def frame(session: Session) -> dict[str, Any]:
    """The state after the last epoch: epoch, losses, maps, weights, and the pause message if any."""
    half = session.points.domain()
    out = session.neuron_outputs(grid(half, OUTPUT_SIZE))[-1]
    coarse = session.neuron_outputs(grid(half, NEURON_SIZE))
    epoch, train, test = session.history[-1]
    return {
        "type": "frame",
        "epoch": epoch,
        "loss_train": _finite([train])[0],
        "loss_test": _finite([test])[0],
        "history": [[e, *_finite([a, b])] for e, a, b in session.history[-1:]],
        "output": encode(np.nan_to_num(out, nan=0.0, posinf=1e30, neginf=-1e30)),
        "output_units": out.shape[1],
        "neurons": [
            {"units": h.shape[1], "maps": encode(np.nan_to_num(h.T, nan=0.0, posinf=1e30, neginf=-1e30))}
            for h in coarse
        ],
        "weights": session.weights(),
        "message": session.message,
    }


def run_info(session: Session) -> dict[str, Any]:
    """Sent once per run: the canonical settings, the points, the layout of the network, the formulas."""
    p, s = session.points, session.settings
    return {
        "type": "run",
        "hash": to_hash(s),
        "settings": as_dict(s),
        "task": p.task,
        "classes": p.classes,
        "output": session.output,
        "loss": session.loss_name,
        "domain": p.domain(),
        "train": {"x": p.x_train.tolist(), "y": p.y_train.reshape(len(p.y_train), -1)[:, 0].tolist()},
        "test": {"x": p.x_test.tolist(), "y": p.y_test.reshape(len(p.y_test), -1)[:, 0].tolist()},
        "features": [{"name": f, "label": FEATURE_FUNCTIONS[f][0]} for f in s.features],
        "layers": [
            {"name": d.name, "units": d.units, "activation": d.get_config().get("activation")}
            for d in dense_layers(session.model)
        ],
        "solver": solver_formula(s.optimizer),
        "sizes": {"output": OUTPUT_SIZE, "neuron": NEURON_SIZE},
        "history": [[e, *_finite([a, b])] for e, a, b in session.history],
    }
