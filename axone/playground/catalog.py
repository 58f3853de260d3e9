"""What the page offers, sent once when a tab opens: data sets, features, activations, solvers.

Each solver comes with its tunable hyperparameters (read from its constructor) and its update
rule (the "Math" section of its docstring, LaTeX between ``$``), shown when the solver is hovered.

Example:
    >>> c = catalog()
    >>> c["optimizers"]["momentum"]["hyperparameters"], c["activations"][:3]
    ({'momentum': 0.9}, ['step', 'relu', 'softplus'])
"""

from __future__ import annotations

from typing import Any

from axone.playground.datasets import FEATURE_FUNCTIONS
from axone.playground.network import SOLVERS, hyperparameters, solver_formula
from axone.playground.settings import ACTIVATIONS, CLASSIFICATION, DATASETS, LOSSES, MAX_LAYERS, MAX_NEURONS, OUTPUTS
from axone.playground.tables import MAX_UPLOAD_BYTES


def catalog() -> dict[str, Any]:
    """The choices of every control of the page."""
    return {
        "datasets": list(DATASETS),
        "classification": list(CLASSIFICATION),
        "features": {name: label for name, (label, _) in FEATURE_FUNCTIONS.items()},
        "activations": list(ACTIVATIONS),
        "outputs": list(OUTPUTS),
        "losses": list(LOSSES),
        "optimizers": {
            name: {"class": SOLVERS[name][0], "hyperparameters": hyperparameters(name), "formula": solver_formula(name)}
            for name in SOLVERS
        },
        "max_layers": MAX_LAYERS,
        "max_neurons": MAX_NEURONS,
        "max_upload_bytes": MAX_UPLOAD_BYTES,
    }
