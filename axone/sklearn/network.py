r"""The network inside an estimator: built from ``hidden_layer_sizes`` or by the user's ``model=``.

With ``model=None`` the network is MLPClassifier's, made of axone's own layers:

$$x \to \text{Dense}(h_1, f) \to \dots \to \text{Dense}(h_L, f) \to \text{Dense}(K, g)$$

with $f$ the ``activation`` of the hidden layers and $g$ the output's (softmax over the $K$
classes for a classifier, linear for a regressor). With ``model=`` a function, the function
builds it (scikeras's ``KerasClassifier(model=...)``); it receives the ``model__`` parameters and,
when its signature names them, ``n_features_in_``, ``n_outputs_``, ``n_classes_``. Either way the
network is then compiled with ``optimizer``, ``lr`` and ``loss`` (unless the function compiled
it itself) and trained by ``model.fit``: no training loop here.

Example:
    >>> import axone as ax
    >>> net = build(None, {"hidden_layer_sizes": (4, 3), "activation": "tanh"}, {"n_features_in_": 2, "n_outputs_": 1}, "linear")
    >>> [layer.units for layer in net.layers]
    [4, 3, 1]
"""

from __future__ import annotations

import copy
import inspect
import os
import tempfile
from typing import Any, Callable

import numpy as np

from axone import optimizers
from axone.io import load_model
from axone.layers import Dense, Input
from axone.training import Model, Sequential


def _hidden_sizes(owner: str, given: Any) -> list[int]:
    try:
        sizes = [given] if isinstance(given, (int, np.integer)) else list(given)
    except TypeError:
        sizes = None
    if sizes is None or any(isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1 for h in sizes):
        raise ValueError(
            f"{owner}: hidden_layer_sizes must be a tuple of ints >= 1 (one per hidden layer, "
            f"e.g. (100,) or (64, 32)), got {given!r}"
        )
    return [int(h) for h in sizes]


def build(
    model_fn: Callable | None, params: dict, meta: dict, output_activation: str, owner: str = "estimator"
) -> Model:
    """A fresh network: the MLP of ``params`` when ``model_fn`` is None, else ``model_fn(...)``.

    Args:
        model_fn: None, or a function returning an axone ``Model`` (compiled or not).
        params: the estimator's parameters (``hidden_layer_sizes``, ``activation``, ``model__*``).
        meta: what the data fixed: ``n_features_in_``, ``n_outputs_`` (and ``n_classes_``).
        output_activation: the last layer's activation of the default network.
    """
    if model_fn is None:
        layers: list = [Input((meta["n_features_in_"],))]
        for units in _hidden_sizes(owner, params["hidden_layer_sizes"]):
            layers.append(Dense(units, activation=params["activation"]))
        layers.append(Dense(meta["n_outputs_"], activation=output_activation))
        return Sequential(layers)
    if not callable(model_fn):
        raise TypeError(
            f"{owner}: model= must be None or a function returning an axone model "
            f"(e.g. def make(): return ax.Sequential([...])), got {type(model_fn).__name__}"
        )
    kwargs = {name[len("model__") :]: value for name, value in params.items() if name.startswith("model__")}
    signature = inspect.signature(model_fn)
    takes_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    kwargs.update({k: v for k, v in meta.items() if takes_any or k in signature.parameters})
    network = model_fn(**kwargs)
    if not isinstance(network, Model):
        raise TypeError(
            f"{owner}: model={getattr(model_fn, '__name__', model_fn)!r} returned a "
            f"{type(network).__name__}; it must return an axone model (ax.Sequential, a subclass of ax.Model)"
        )
    return network


def output_width(network: Model, n_features: int) -> int:
    """The number of outputs of ``network`` for inputs of ``n_features`` columns; a network that
    builds lazily is built here, by one prediction (its weights are drawn as its first fit would)."""
    shape = getattr(network, "output_shape", None)
    if not shape:
        shape = network.predict(np.zeros((1, n_features))).shape
    return int(shape[-1])


def compile_network(network: Model, optimizer: Any, lr: float | None, loss: Any, owner: str = "estimator") -> None:
    """Compile ``network`` with a fresh optimizer (the estimator's ``optimizer`` is never trained
    itself, so that ``clone`` and a second ``fit`` start from the same one), unless the user's
    function compiled it already."""
    if getattr(network, "optimizer", None) is not None:
        return
    if isinstance(optimizer, optimizers.Optimizer):
        if lr is not None:
            raise ValueError(
                f"{owner}: lr={lr!r} was given with an optimizer object ({type(optimizer).__name__}, "
                f"lr={optimizer.lr}); set the rate on the object, or pass the optimizer by name"
            )
        opt = copy.deepcopy(optimizer)
    else:
        opt = optimizers.get(optimizer)
        if lr is not None:
            opt.lr = lr
    network.compile(optimizer=opt, loss=loss)


def to_bytes(network: Model, owner: str = "estimator") -> bytes:
    """The ``.axone`` file of ``network`` (architecture, weights, optimizer state) as bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.axone")
        try:
            network.save(path)
        except (TypeError, ValueError, KeyError) as error:
            raise TypeError(
                f"{owner}: its trained network ({type(network).__name__}) cannot be written in axone's "
                f"model format, so the estimator cannot be pickled: {error}. Build the network from "
                f"axone's layers (ax.Sequential, registered layers) to pickle or send it to workers."
            ) from error
        with open(path, "rb") as handle:
            return handle.read()


def from_bytes(data: bytes) -> Model:
    """The network of :func:`to_bytes`, read back by ``axone.io.load_model`` (no pickle)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.axone")
        with open(path, "wb") as handle:
            handle.write(data)
        return load_model(path)
