r"""``AxoneRegressor``: an axone network as a scikit-learn regressor (as ``MLPRegressor``).

The default network ends in a linear ``Dense`` with one unit per target column, trained on the
mean squared error

$$L = \frac{1}{N} \sum_i \lVert y_i - t_i \rVert^2 / m$$

(``m`` targets per sample); ``predict`` returns one value per sample for a 1-d ``y``, one row
per sample for a 2-d ``y``.

Example:
    >>> import numpy as np
    >>> from axone.sklearn import AxoneRegressor
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> reg = AxoneRegressor(hidden_layer_sizes=(16,), lr=0.02, epochs=150, batch_size=8, random_state=0)
    >>> reg.fit(X, 2 * X[:, 0] + 1).score(X, 2 * X[:, 0] + 1) > 0.99  # R^2
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import RegressorMixin

from axone.sklearn.base import AxoneEstimator


class AxoneRegressor(RegressorMixin, AxoneEstimator):
    """A regressor trained by ``model.fit``; the parameters are ``AxoneClassifier``'s, with
    ``loss=None`` meaning ``"mse"`` and a linear output layer.

    Attributes:
        n_outputs_: the number of target columns (1 for a 1-d ``y``).
        n_features_in_: the number of columns of ``X``.
        feature_names_in_: the column names, when ``X`` was a DataFrame with string names.
        model_: the trained axone network.
        loss_curve_: the training loss of each epoch (``History``'s ``"loss"``).
        n_iter_: the epochs done, ``fit`` and ``partial_fit`` together.
    """

    _output_activation = "linear"
    _multi_output = True
    _y_numeric = True

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _meta(self) -> dict:
        return {"n_features_in_": self.n_features_in_, "n_outputs_": self.n_outputs_}

    def _default_loss(self, n_outputs: int) -> str:
        return "mse"

    def _targets_for_fit(self, y: np.ndarray, first: bool, classes: Any = None) -> np.ndarray:
        y = np.asarray(y, dtype=np.float64)
        if first:
            self._y_ndim = y.ndim
            self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        elif (1 if y.ndim == 1 else y.shape[1]) != self.n_outputs_:
            raise ValueError(
                f"{type(self).__name__}.partial_fit: y has {1 if y.ndim == 1 else y.shape[1]} target columns, "
                f"but the network was built for {self.n_outputs_}"
            )
        return y.reshape(len(y), self.n_outputs_)

    def partial_fit(self, X: Any, y: Any, sample_weight: Any = None) -> "AxoneRegressor":
        """One epoch on ``(X, y)``; the first call builds the network."""
        return self._fit(X, y, first=not hasattr(self, "model_"), epochs=1, sample_weight=sample_weight)

    def predict(self, X: Any) -> np.ndarray:
        """The predicted targets: shape (n_samples,) for a 1-d training ``y``, else (n_samples, n_outputs_)."""
        out = self._predict_raw(X)
        return out[:, 0] if self._y_ndim == 1 else out
