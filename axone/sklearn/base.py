r"""What the two estimators share: parameters, ``fit``/``partial_fit`` through ``model.fit``,
``random_state``, and pickling through axone's model format.

The estimator's parameters are scikit-learn's rules: ``__init__`` stores them as given and
checks nothing (``fit`` does), ``get_params``/``set_params`` see them, and ``model__<name>``
parameters are passed to the ``model=`` function (scikeras's routing, so that a grid can search
them). A trained estimator holds its network in ``model_``; pickling it stores that network as
the bytes of a ``.axone`` file (``__getstate__``) and reads it back with ``axone.io.load_model``
(``__setstate__``): never a pickle of the network object.

Training is $E$ passes (``epochs``) of mini-batch descent on the loss $L(w)$ with the
``optimizer``: the updates are those of ``model.fit``, the loss after each epoch goes in
``loss_curve_`` and the number of epochs done in ``n_iter_``.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted, validate_data

from axone.sklearn import network, seeding

ROUTED = "model__"


class AxoneEstimator(BaseEstimator):
    """Base of ``AxoneClassifier`` and ``AxoneRegressor`` (not used on its own)."""

    _output_activation = "linear"

    def __init__(
        self,
        model: Any = None,
        *,
        hidden_layer_sizes: Any = (100,),
        activation: str = "relu",
        optimizer: Any = "adam",
        loss: Any = None,
        lr: float | None = None,
        epochs: int = 200,
        batch_size: int | None = None,
        shuffle: bool = True,
        callbacks: list | None = None,
        verbose: int = 0,
        random_state: Any = None,
        **model_params: Any,
    ):
        self.model = model
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.loss = loss
        self.lr = lr
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.callbacks = callbacks
        self.verbose = verbose
        self.random_state = random_state
        # stored as given (scikit-learn's rule: __init__ checks nothing); fit refuses a name that
        # is not model__<name>
        self._extra_names = tuple(model_params)
        for name, value in model_params.items():
            setattr(self, name, value)

    # ---- parameters: the signature's, and the routed model__ ones -------------------------------
    def get_params(self, deep: bool = True) -> dict:
        params = super().get_params(deep=deep)
        params.update({k: getattr(self, k) for k in self._extra_names})
        return params

    def set_params(self, **params: Any) -> "AxoneEstimator":
        for name in [k for k in params if k.startswith(ROUTED) or k in self._extra_names]:
            setattr(self, name, params.pop(name))
            self._extra_names = tuple(dict.fromkeys((*self._extra_names, name)))
        return super().set_params(**params)

    # ---- what the subclasses say about their targets ---------------------------------------------
    def _targets_for_fit(self, y: np.ndarray, first: bool, classes: Any = None) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def _default_loss(self, n_outputs: int) -> str:  # pragma: no cover
        raise NotImplementedError

    def _check_width(self, width: int, meta: dict) -> None:
        if width != meta["n_outputs_"]:
            raise ValueError(
                f"{type(self).__name__}: the network of model= has {width} outputs, but y has "
                f"{meta['n_outputs_']} target columns; end it with Dense({meta['n_outputs_']})"
            )

    # ---- training -------------------------------------------------------------------------------
    def _check_training_params(self) -> None:
        owner = type(self).__name__
        unknown = [name for name in self._extra_names if not name.startswith(ROUTED)]
        if unknown:
            raise TypeError(
                f"{owner} got unknown parameters {unknown}; the arguments of the model= function are "
                f"written {ROUTED}<name> (e.g. {ROUTED}units=32)"
            )
        epochs = self.epochs
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"{owner}: epochs must be an int >= 1 (passes over the data), got {epochs!r}")
        bs = self.batch_size
        if bs is not None and (isinstance(bs, bool) or not isinstance(bs, (int, np.integer)) or bs < 1):
            raise ValueError(
                f"{owner}: batch_size must be None (min(200, n_samples), as MLPClassifier) or an int >= 1, got {bs!r}"
            )

    def _new_network(self, meta: dict) -> None:
        owner = type(self).__name__
        net = network.build(self.model, self.get_params(deep=False), meta, self._output_activation, owner)
        width = network.output_width(net, meta["n_features_in_"])
        self._check_width(width, meta)
        loss = self.loss if self.loss is not None else self._default_loss(width)
        network.compile_network(net, self.optimizer, self.lr, loss, owner)
        self.model_, self._output_width = net, width
        self.loss_curve_: list[float] = []
        self.n_iter_ = 0

    def _weights(self, sample_weight: Any, n: int) -> np.ndarray | None:
        """``sample_weight`` as one finite weight >= 0 per sample (a number is every sample's)."""
        if sample_weight is None:
            return None
        owner = type(self).__name__
        w = np.asarray(sample_weight, dtype=np.float64)
        w = np.full(n, float(w)) if w.ndim == 0 else w
        if w.shape != (n,):
            raise ValueError(
                f"{owner}: sample_weight must have shape ({n},), one weight per sample; got shape {w.shape}"
            )
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError(f"{owner}: sample_weight must be finite and >= 0; got {w[~np.isfinite(w) | (w < 0)][:3]}")
        if not np.any(w):
            raise ValueError(f"{owner}: every sample_weight is zero; at least one sample must weigh more than 0")
        return w

    def _train(self, X: np.ndarray, y: np.ndarray, epochs: int, sample_weight: np.ndarray | None = None) -> None:
        bs = min(200, len(X)) if self.batch_size is None else int(self.batch_size)
        with seeding.Stream(self._rng_state) as stream:
            history = self.model_.fit(
                X,
                y,
                epochs=epochs,
                batch_size=bs,
                shuffle=self.shuffle,
                sample_weight=sample_weight,
                verbose=self.verbose,
                callbacks=copy.deepcopy(self.callbacks),  # a parameter is never changed by fit
            )
        self._rng_state = stream.state
        curve = [float(v) for v in history.history.get("loss", [])]
        self.loss_curve_ = self.loss_curve_ + curve
        self.n_iter_ = self.n_iter_ + len(curve)

    def _fit(
        self, X: Any, y: Any, first: bool, classes: Any = None, epochs: int | None = None, sample_weight: Any = None
    ) -> "AxoneEstimator":
        if first:
            self._check_training_params()
        X, y = validate_data(self, X, y, reset=first, multi_output=self._multi_output, y_numeric=self._y_numeric)
        weights = self._weights(sample_weight, len(X))
        targets = self._targets_for_fit(y, first, classes)
        if first:
            self._rng_state = seeding.initial_state(self.random_state)
            with seeding.Stream(self._rng_state) as stream:  # the initial weights come from the same stream
                self._new_network(self._meta())
            self._rng_state = stream.state
        self._train(X, targets, self.epochs if epochs is None else epochs, weights)
        return self

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "AxoneEstimator":
        r"""A new network trained for ``epochs`` epochs on ``X`` (n_samples, n_features) and ``y``;
        ``sample_weight`` weighs each sample's loss ($L = \frac{1}{N} \sum_i w_i \, l_i$, Keras's rule)."""
        return self._fit(X, y, first=True, sample_weight=sample_weight)

    def _predict_raw(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return np.asarray(self.model_.predict(X, batch_size=1024), dtype=np.float64)

    # ---- pickling: the network as a .axone file ---------------------------------------------------
    def __getstate__(self) -> dict:
        state = super().__getstate__()
        if "model_" in state:
            state = dict(state)
            state["model_"] = network.to_bytes(state["model_"], type(self).__name__)
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        if isinstance(state.get("model_"), bytes):
            state["model_"] = network.from_bytes(state["model_"])
        super().__setstate__(state)
