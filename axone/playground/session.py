r"""One tab's run: its data, its network, its solver, and the training steps, frame by frame.

A step is the course's gradient descent on one mini-batch, written with the tape:

$E = L(t, y) + \lambda_1 \sum |w| + \lambda_2 \sum w^2$ (the penalties on the kernels only), then
$\nabla E$ by ``GradientTape`` and one update of the solver (``apply_gradients``).

``advance()`` runs one epoch (every training point once, in an order drawn from the run's own
generator), so a run depends on its settings alone: the same hash gives the same frames bit for
bit. Before an update is applied the loss and the gradients are checked; when one is not finite
training pauses, nothing is updated, and ``TerminateOnNaN``'s diagnosis names the layer that went
non-finite first. After each epoch a weight beyond $10^6$ (an explosion on its way to inf) pauses
it too, naming its layer.

Example:
    >>> from axone.playground.settings import parse_hash
    >>> run = Session(parse_hash("dataset=xor&points=40&layers=3&acts=tanh"))
    >>> before = run.model.get_weights()[0].copy()
    >>> run.advance()
    True
    >>> run.epoch, bool((run.model.get_weights()[0] != before).any())
    (1, True)
"""

from __future__ import annotations

import numpy as np

import axone as ax
from axone.playground.datasets import Points, feature_columns, make_points
from axone.playground.network import build_model, dense_layers, make_optimizer, output_and_loss
from axone.playground.settings import Settings

EXPLOSION = 1e6  # a weight this large means the descent diverges: pause before it turns to inf
ADVICE = {
    "relu": "relu grows without bound: try tanh or sigmoid",
    "elu": "elu grows without bound: try tanh",
    "softplus": "softplus grows without bound: try tanh",
    "leaky_relu": "leaky_relu grows without bound: try tanh",
    "linear": "a linear layer grows without bound: try tanh",
}


class Session:
    """The state of one run (see the module docstring).

    Args:
        settings: the parsed hash.
        points: the data set when it is not built from the settings (an uploaded table).
        source: the uploaded table's file name, for the exported script.
    """

    def __init__(self, settings: Settings, points: Points | None = None, source: str = ""):
        self.settings, self.source = settings, source
        s = settings
        self.points = points or make_points(s.dataset, s.points, s.noise, s.classes, s.ratio, s.seed)
        p = self.points
        self.output, self.loss_name = output_and_loss(s, p.task, p.classes)
        self.x_train, self.x_test = feature_columns(p.x_train, s.features), feature_columns(p.x_test, s.features)
        self.y_train, self.y_test = self._targets(p.y_train), self._targets(p.y_test)
        self.model = build_model(s, len(s.features), p.task, p.classes)
        # read once: walking the layers for them at every step took half of the step's time
        self.variables = self.model.trainable_variables
        self.kernels = [layer.kernel for layer in dense_layers(self.model)]
        self.optimizer = make_optimizer(s)
        self.loss_fn = ax.losses.get(self.loss_name)
        self.rng = np.random.default_rng(s.seed)  # the order of the points, epoch after epoch
        self.epoch = 0
        self.message: str | None = None  # why training paused, when it did
        self.history: list[tuple[int, float, float]] = []
        self.history.append((0, *self.losses()))

    def _targets(self, y: np.ndarray) -> np.ndarray:
        if self.points.task == "regression":
            return y.astype(np.float32)
        if self.loss_name in ("mse", "log_cosh"):  # a squared error on the class: one-hot for softmax
            if self.output == "softmax":
                return np.eye(self.points.classes, dtype=np.float32)[y]
            return y[:, None].astype(np.float32)
        return y[:, None].astype(np.float32) if self.output == "sigmoid" else y

    # ---- training -----------------------------------------------------------------------------------
    def penalty(self) -> ax.Tensor | float:
        """$\\lambda_1 \\sum |w| + \\lambda_2 \\sum w^2$ over the kernels (0 when both are 0)."""
        total: ax.Tensor | float = 0.0
        if self.settings.l1:
            total = total + self.settings.l1 * sum(ax.abs(k).sum() for k in self.kernels)
        if self.settings.l2:
            total = total + self.settings.l2 * sum((k * k).sum() for k in self.kernels)
        return total

    def train_step(self, x: np.ndarray, t: np.ndarray) -> bool:
        """One update on the batch ``(x, t)``; False (and nothing updated) when a value is not finite."""
        weights = self.variables
        with np.errstate(all="ignore"):  # an overflow is caught below, by value, and explained
            with ax.GradientTape() as tape:
                loss = self.loss_fn(t, self.model(x, training=True))
                if self.settings.l1 or self.settings.l2:
                    loss = loss + self.penalty()
            grads = tape.gradient(loss, weights)
        value = float(loss.numpy())
        arrays = [None if g is None else np.asarray(g.numpy() if hasattr(g, "numpy") else g) for g in grads]
        if not np.isfinite(value) or not all(a is None or np.isfinite(a).all() for a in arrays):
            self.message = self.explain(x, t, value, arrays)
            return False
        self.optimizer.apply_gradients(zip(grads, weights))
        return True

    def advance(self) -> bool:
        """One epoch of mini-batches; False when training paused (a non-finite value, or an explosion)."""
        if self.message is not None:
            return False
        order = self.rng.permutation(len(self.x_train))
        size = self.settings.batch
        for start in range(0, len(order), size):
            rows = order[start : start + size]
            if not self.train_step(self.x_train[rows], self.y_train[rows]):
                return False
        self.epoch += 1
        self.history.append((self.epoch, *self.losses()))
        self.message = self.explosion()
        return self.message is None

    def _tips(self) -> str:
        tips = [f"a smaller learning rate (now {self.settings.lr:g})"]
        tips += sorted({ADVICE[a] for a in self.settings.acts if a in ADVICE})
        return "; ".join(tips + ["or fewer, smaller layers"])

    def explain(self, x: np.ndarray, t: np.ndarray, loss: float, grads: list) -> str:
        """Where it broke (``TerminateOnNaN``'s diagnosis) and what to try."""
        doctor = ax.callbacks.TerminateOnNaN(verbose=0)
        doctor.set_model(self.model)
        where = doctor.diagnose((x, t), loss, grads)
        what = f"the loss is {loss}" if not np.isfinite(loss) else "a gradient is not finite"
        return f"Paused at epoch {self.epoch + 1}: {what}; first non-finite value: {where}. Try {self._tips()}."

    def explosion(self) -> str | None:
        """A message when a weight grew beyond ``EXPLOSION`` (still finite, but on its way), else None."""
        for layer in dense_layers(self.model):
            largest = max(float(np.abs(w.numpy()).max()) for w in (layer.kernel, layer.bias))
            if largest > EXPLOSION:
                return (
                    f"Paused at epoch {self.epoch}: the weights exploded: layer '{layer.name}' has a weight of "
                    f"{largest:.3g} (beyond {EXPLOSION:g}). Try {self._tips()}."
                )
        return None

    # ---- what the page shows --------------------------------------------------------------------------
    def losses(self) -> tuple[float, float]:
        """The loss on the training and the test points (without the penalties)."""
        with ax.no_grad(), np.errstate(all="ignore"):
            train = float(self.loss_fn(self.y_train, self.model(self.x_train)).numpy())
            test = float(self.loss_fn(self.y_test, self.model(self.x_test)).numpy()) if len(self.x_test) else train
        return train, test

    def neuron_outputs(self, points: np.ndarray) -> list[np.ndarray]:
        """The inputs (N, F), then every Dense layer's outputs (N, units), for the plane's points (N, 2)."""
        h = ax.Tensor(feature_columns(points, self.settings.features))
        outputs = [h.numpy()]
        with ax.no_grad(), np.errstate(all="ignore"):
            for layer in self.model.layers:
                h = layer(h)
                if isinstance(layer, ax.layers.Dense):
                    outputs.append(h.numpy())
        return outputs

    def weights(self) -> list[dict]:
        """Each Dense layer's name, kernel (n_in, n_out) and bias, as lists."""
        return [
            {"name": layer.name, "kernel": layer.kernel.numpy().tolist(), "bias": layer.bias.numpy().tolist()}
            for layer in dense_layers(self.model)
        ]

    def set_weight(self, layer: str, row: int, column: int, value: float) -> None:
        """Write one kernel entry (``row < 0``: the bias of neuron ``column``), as the page's edit does."""
        found = {d.name: d for d in dense_layers(self.model)}
        if layer not in found:
            raise ValueError(f"set_weight: no layer {layer!r}; layers: {sorted(found)}")
        if not np.isfinite(value):
            raise ValueError(f"set_weight: the value must be a finite number, got {value}")
        target = found[layer].bias if row < 0 else found[layer].kernel
        array = target.numpy().copy()
        index = (column,) if row < 0 else (row, column)
        if not all(0 <= i < n for i, n in zip(index, array.shape)):
            raise ValueError(f"set_weight: index {index} is outside {layer!r}'s shape {array.shape}")
        array[index] = value
        target.assign(array)
        self.message = None
