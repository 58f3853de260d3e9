r"""Model: a layer that trains (Keras's ``keras.Model``, PyTorch's ``torch.nn.Module``).

Subclass it for any architecture: create the layers in ``__init__``, write the forward pass in
``call(x, training)``; the weights are found through the attributes. Then ``compile`` and
``fit`` as in Keras, or train it by hand with ``backward()``/``step()`` or a ``GradientTape``.

Example:
    >>> import axone as ax
    >>> class TwoLayers(ax.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = ax.layers.Dense(3, activation="tanh")
    ...         self.out = ax.layers.Dense(1)
    ...     def call(self, x, training=False):
    ...         return self.out(self.hidden(x))
    >>> model = TwoLayers()
    >>> model.predict([[1.0, 2.0]]).shape, model.count_params()
    ((1, 1), 13)
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone.layers.base import Layer
from axone.training import compile as compiling
from axone.training import evaluation, loop


class Model(Layer):
    """Base of trainable networks: ``compile``, ``fit``, ``evaluate``, ``predict``, ``summary``."""

    def __init__(self, name: str | None = None, **kwargs: Any):
        super().__init__(name=name, **kwargs)
        self.optimizer: Any = None
        self.loss: Any = None
        self.compiled_metrics: list = []
        self.stop_training = False
        self.history: Any = None

    @property
    def layers(self) -> list[Layer]:
        """The layers held as attributes, in the order they were set (Keras's ``model.layers``)."""
        return self.sublayers()

    def check_input(self, shape: tuple) -> None:
        """The model's own layers check their inputs (their errors name the layer that failed)."""

    # ---- compile ---------------------------------------------------------------------------------
    def compile(self, optimizer: Any = "rmsprop", loss: Any = None, metrics: Any = None) -> None:
        """Choose the optimizer, the loss and the metrics (names or objects), as in Keras.

        Args:
            optimizer: a name (``"sgd"``, ``"adam"``...) or an optimizer object.
            loss: a name (``"mse"``, ``"binary_crossentropy"``...), a Loss, or ``f(y_true, y_pred)``.
            metrics: a list of names (``"accuracy"``, ``"mae"``, ``"mse"``) or functions
                ``f(y_true, y_pred) -> per-sample array`` (NumPy arrays in).
        """
        self.optimizer = compiling.resolve_optimizer(optimizer)
        self.loss = compiling.resolve_loss(loss)
        self._metric_spec = metrics
        self.compiled_metrics = compiling.resolve_metrics(metrics, self.loss, None)
        self.compiled = True

    def _resolve_metrics_for(self, output_shape: tuple) -> None:
        # "accuracy" after a regression loss depends on the number of outputs (Keras's rule)
        self.compiled_metrics = compiling.resolve_metrics(self._metric_spec, self.loss, output_shape)

    def _require_compiled(self, what: str) -> None:
        if getattr(self, "optimizer", None) is None or getattr(self, "loss", None) is None:
            raise RuntimeError(f"{what}() needs a compiled model: call model.compile(optimizer=..., loss=...) first")

    @property
    def metrics_names(self) -> list[str]:
        """``["loss", <metric names>...]``, the order of ``evaluate``'s list."""
        return ["loss"] + [m.name for m in self.compiled_metrics]

    # ---- training and inference (the loops live in loop.py and evaluation.py) --------------------
    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = 32,
        epochs: int = 1,
        verbose: Any = "auto",
        callbacks: list | None = None,
        validation_split: float = 0.0,
        validation_data: tuple | None = None,
        shuffle: bool = True,
        class_weight: dict | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
    ) -> Any:
        """Train for ``epochs`` passes over the data; returns a ``History`` (see ``loop.fit``)."""
        self._require_compiled("fit")
        return loop.fit(
            self,
            x,
            y,
            batch_size=batch_size,
            epochs=epochs,
            verbose=verbose,
            callbacks=callbacks,
            validation_split=validation_split,
            validation_data=validation_data,
            shuffle=shuffle,
            class_weight=class_weight,
            sample_weight=sample_weight,
            initial_epoch=initial_epoch,
        )

    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = 32,
        verbose: Any = 0,
        sample_weight: Any = None,
        return_dict: bool = False,
        callbacks: list | None = None,
    ) -> Any:
        """The loss (and metrics) on ``x, y``: a float, ``[loss, metric...]``, or a dict."""
        self._require_compiled("evaluate")
        logs = evaluation.evaluate(
            self, x, y, batch_size=batch_size, sample_weight=sample_weight, callbacks=callbacks, verbose=verbose
        )
        return logs if return_dict else _as_list(logs, self.metrics_names)

    def predict(
        self, x: Any, batch_size: int | None = 32, verbose: Any = 0, callbacks: list | None = None
    ) -> np.ndarray:
        """The outputs for ``x`` as a NumPy array, computed in batches without recording a graph."""
        return evaluation.predict(self, x, batch_size=batch_size, callbacks=callbacks)

    def train_on_batch(
        self, x: Any, y: Any, sample_weight: Any = None, class_weight: dict | None = None, return_dict: bool = False
    ) -> Any:
        """One step on one batch; returns the loss (and metrics) of that batch, before the step."""
        self._require_compiled("train_on_batch")
        logs = loop.train_on_batch(self, x, y, sample_weight, class_weight)
        return logs if return_dict else _as_list(logs, self.metrics_names)

    def test_on_batch(self, x: Any, y: Any, sample_weight: Any = None, return_dict: bool = False) -> Any:
        """The loss (and metrics) on one batch, without training."""
        self._require_compiled("test_on_batch")
        logs = evaluation.evaluate(self, x, y, batch_size=None, sample_weight=sample_weight)
        return logs if return_dict else _as_list(logs, self.metrics_names)

    def predict_on_batch(self, x: Any) -> np.ndarray:
        return evaluation.predict(self, x, batch_size=None)

    # ---- description and files -------------------------------------------------------------------
    def summary(self, print_fn: Callable[[str], Any] | None = None, line_length: int | None = None) -> str:
        """Print (with ``print_fn``, ``print`` by default) and return the table of layers, shapes,
        parameter counts, formulas and how each count is derived."""
        from axone.training.summary import summary

        return summary(self, print_fn=print_fn, line_length=line_length)

    def save(self, path: Any) -> None:
        """Save architecture, weights and optimizer to a ``.axone`` file (see ``axone.io``)."""
        from axone import io

        io.save_model(self, path)

    def save_weights(self, path: Any) -> None:
        from axone import io

        io.save_weights(self, path)

    def load_weights(self, path: Any) -> None:
        from axone import io

        io.load_weights(self, path)


def _as_list(logs: dict, names: list[str]) -> Any:
    values = [logs[name] for name in names]
    return values[0] if len(values) == 1 else values
