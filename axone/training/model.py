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
    """Base of trainable networks: ``compile``, ``fit``, ``evaluate``, ``predict``, ``summary``.

    ``Model(inputs=..., outputs=...)`` builds a functional model (``axone.training.functional``),
    as in Keras; ``Model()`` subclassed builds the model its ``call`` describes.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> "Model":
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            from axone.training.functional import Functional  # the functional API, as keras.Model does

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

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

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """The layer called ``name``, or at position ``index`` of ``model.layers`` (Keras's ``get_layer``)."""
        layers = self.layers
        if (name is None) == (index is None):
            raise ValueError(f"model '{self.name}': get_layer() takes name= or index=, exactly one")
        if index is not None:
            if (
                isinstance(index, bool)
                or not isinstance(index, (int, np.integer))
                or not -len(layers) <= index < len(layers)
            ):
                raise ValueError(
                    f"model '{self.name}': index {index!r} is out of range, the model has {len(layers)} layers"
                )
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"model '{self.name}' has no layer named {name!r}; its layers are {[layer.name for layer in layers]}"
        )

    def data_structure(self) -> tuple[list[str] | None, list[str] | None]:
        """The names of the inputs and of the outputs when there are several (None: one array)."""
        return None, None

    def check_input(self, shape: tuple) -> None:
        """The model's own layers check their inputs (their errors name the layer that failed)."""

    # ---- compile ---------------------------------------------------------------------------------
    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        metrics: Any = None,
        *,
        loss_weights: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        jit_compile: Any = "auto",
    ) -> None:
        r"""Choose the optimizer, the loss and the metrics (names or objects), as in Keras.

        Args:
            optimizer: a name (``"sgd"``, ``"adam"``...) or an optimizer object.
            loss: a name (``"mse"``, ``"binary_crossentropy"``...), a Loss, or ``f(y_true, y_pred)``;
                with several outputs, a list (one per output) or a dict by output name.
            metrics: a list of names (``"accuracy"``, ``"mae"``, ``"mse"``) or functions
                ``f(y_true, y_pred) -> per-sample array`` (NumPy arrays in); with several outputs a
                flat list applies to each, a list of lists or a dict gives each its own.
            loss_weights: $\lambda_i$ of $E = \sum_i \lambda_i E_i$ (a number for one output, a list or dict).
            weighted_metrics: metrics averaged with ``sample_weight`` ($\sum w m / \sum w$).
            run_eagerly: kept as ``model.run_eagerly`` (True: never the compiled path).
            jit_compile: True, False or ``"auto"``, kept as ``model.jit_compile`` (the compiled path of ``fit``).
        """
        from axone.training import outputs

        self.run_eagerly, self.jit_compile = compiling.check_execution(run_eagerly, jit_compile)
        self.optimizer = compiling.resolve_optimizer(optimizer)
        names = self.data_structure()[1]
        if names is None and loss_weights is None:
            self.loss = compiling.resolve_loss(loss)
        else:
            names = names or list(getattr(self, "output_names", None) or ["output"])
            if names and loss_weights is not None and not isinstance(loss_weights, (list, tuple, dict)):
                loss_weights = [loss_weights] if len(names) == 1 else loss_weights
            self.loss = outputs.resolve_loss(loss, loss_weights, names)
        self._metric_spec, self._weighted_spec = metrics, weighted_metrics
        self._resolve_metrics_for(None)
        self.compiled = True

    def _resolve_metrics_for(self, output_shape: Any) -> None:
        # "accuracy" after a regression loss depends on the number of outputs (Keras's rule)
        from axone.training import outputs

        specs = ((self._metric_spec, False), (getattr(self, "_weighted_spec", None), True))
        if isinstance(self.loss, outputs.OutputsLoss):
            shapes = output_shape if isinstance(output_shape, list) or output_shape is None else [output_shape]
            found = outputs.output_losses(self.loss)  # <output>_loss first, as Keras logs them
            structured = self.data_structure()[1] is not None
            found += [
                m
                for spec, w in specs
                for m in outputs.resolve_metrics(spec, self.loss, shapes, self.loss.names, w, structured)
            ]
        else:
            found = []
            for spec, weighted in specs:
                for metric in compiling.resolve_metrics(spec, self.loss, output_shape):
                    metric.weighted = weighted
                    found.append(metric)
        self.compiled_metrics = compiling.name_weighted(found)

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
        seed: int | None = None,
    ) -> Any:
        """Train for ``epochs`` passes over the data; returns a ``History`` (see ``loop.fit``).

        ``seed`` (an int, axone's addition): each epoch's order is drawn from a generator of this
        fit's own, and each batch's random numbers (dropout masks) from one of its own, so two models
        trained side by side in threads are each reproducible, and a resumed run draws the same."""
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
            seed=seed,
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
    def summary(self, line_length: int | None = None, print_fn: Callable[[str], Any] | None = None) -> None:
        """Print the table of layers, shapes, parameter counts, formulas and how each count is
        derived, line by line with ``print_fn`` (``print`` by default); returns None, as Keras.
        ``axone.training.summary.summary_text(model)`` gives the same table as a string."""
        from axone.training.summary import summary

        summary(self, print_fn=print_fn, line_length=line_length)

    def to_json(self, **kwargs: Any) -> str:
        """The architecture as a JSON string (no weights), read back by ``ax.models.model_from_json``.

        ``kwargs`` go to ``json.dumps`` (``indent=2``)."""
        import json

        from axone.layers import registry

        return json.dumps(registry.serialize(self), **kwargs)

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
