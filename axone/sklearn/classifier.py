r"""``AxoneClassifier``: an axone network as a scikit-learn classifier (as ``MLPClassifier``).

The classes found in ``y`` (any labels: ints, strings) are numbered $0 \dots K-1$ in
``classes_`` order; the default network ends in a softmax over the $K$ classes and is trained
on the sparse categorical cross-entropy

$$L = -\frac{1}{N} \sum_{i} \log y_{i, t_i}$$

``predict_proba`` gives $y_{i,k}$, ``predict`` the class of the largest one. A ``model=``
network may also end in one sigmoid unit for two classes (``binary_crossentropy``), or be
compiled on ``categorical_crossentropy`` (the targets are then one-hot).

Example:
    >>> import numpy as np
    >>> from axone.sklearn import AxoneClassifier
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] * 8)
    >>> y = np.array(["no", "yes", "yes", "yes"] * 8)
    >>> clf = AxoneClassifier(hidden_layer_sizes=(8,), lr=0.05, epochs=60, random_state=0).fit(X, y)
    >>> clf.classes_.tolist(), clf.predict([[0.0, 0.0], [1.0, 1.0]]).tolist(), clf.n_iter_
    (['no', 'yes'], ['no', 'yes'], 60)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import column_or_1d

from axone import losses
from axone.core.ops import sigmoid, softmax
from axone.sklearn.base import AxoneEstimator


class AxoneClassifier(ClassifierMixin, AxoneEstimator):
    """A classifier trained by ``model.fit`` (see ``axone.sklearn`` for every parameter).

    Args:
        model: None (the MLP of ``hidden_layer_sizes``) or a function returning an axone model.
        hidden_layer_sizes: units of each hidden ``Dense`` layer, as ``MLPClassifier``.
        activation: the hidden layers' activation (any axone name: ``"relu"``, ``"tanh"``...).
        optimizer: a name (``"adam"``, ``"sgd"``...) or an optimizer object (copied at each fit).
        loss: None (``sparse_categorical_crossentropy``) or any axone loss.
        lr: the learning rate; None keeps the optimizer's own (Adam's 0.001, MLPClassifier's).
        epochs: passes over the data in ``fit`` (``partial_fit`` makes one).
        batch_size: None for ``min(200, n_samples)`` (MLPClassifier's ``"auto"``).
        shuffle: shuffle the samples at each epoch (``model.fit``'s).
        callbacks: axone callbacks for ``model.fit`` (copied at each fit), e.g. ``EarlyStopping``.
        verbose: ``model.fit``'s progress display (0: none).
        random_state: None (the package generator, ``ax.random.seed``), an int or a RandomState.
        **model_params: ``model__<name>=value``, passed to the ``model=`` function as ``<name>=value``.

    Attributes:
        classes_: the labels, sorted; class $k$ of the network is ``classes_[k]``.
        n_features_in_: the number of columns of ``X``.
        feature_names_in_: the column names, when ``X`` was a DataFrame with string names.
        model_: the trained axone network.
        loss_curve_: the training loss of each epoch (``History``'s ``"loss"``).
        n_iter_: the epochs done, ``fit`` and ``partial_fit`` together.
    """

    _output_activation = "softmax"
    _multi_output = False
    _y_numeric = False

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = False
        return tags

    def _meta(self) -> dict:
        k = len(self.classes_)
        return {"n_features_in_": self.n_features_in_, "n_outputs_": k, "n_classes_": k}

    def _default_loss(self, n_outputs: int) -> str:
        return "binary_crossentropy" if n_outputs == 1 else "sparse_categorical_crossentropy"

    def _check_width(self, width: int, meta: dict) -> None:
        k = meta["n_classes_"]
        if width != k and not (width == 1 and k == 2):
            one = " (or Dense(1, activation='sigmoid') for two classes)" if k == 2 else ""
            raise ValueError(
                f"{type(self).__name__}: the network of model= has {width} outputs, but y has {k} classes "
                f"{self.classes_.tolist()}; end it with Dense({k}, activation='softmax'){one}"
            )

    def _targets_for_fit(self, y: np.ndarray, first: bool, classes: Any = None) -> np.ndarray:
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if first:
            self.classes_ = np.unique(y if classes is None else column_or_1d(np.asarray(classes)))
            if len(self.classes_) < 2:
                raise ValueError(
                    f"{type(self).__name__} needs at least 2 classes in y to train, got 1 class "
                    f"({self.classes_[0]!r}); check the target column"
                )
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(
                f"{type(self).__name__}: y has labels {unknown.tolist()} not in classes_ "
                f"{self.classes_.tolist()}; give every class to the first partial_fit(classes=...)"
            )
        return np.searchsorted(self.classes_, y)

    def _train(self, X: np.ndarray, y: np.ndarray, epochs: int, sample_weight: np.ndarray | None = None) -> None:
        # the class numbers, shaped for the network's output and loss
        if self._output_width == 1:
            y = y.astype(np.float32).reshape(-1, 1)
        elif losses.canonical_name(self.model_.loss) == "categorical_crossentropy":
            y = np.eye(len(self.classes_), dtype=np.float32)[y]
        super()._train(X, y, epochs, sample_weight)

    def partial_fit(self, X: Any, y: Any, classes: Any = None, sample_weight: Any = None) -> "AxoneClassifier":
        """One epoch on ``(X, y)``; the first call builds the network and needs ``classes``
        (every label the later calls may bring), as ``MLPClassifier.partial_fit``."""
        first = not hasattr(self, "model_")
        if first and classes is None:
            raise ValueError(
                f"{type(self).__name__}.partial_fit: the first call needs classes= (every label y can take), "
                f"e.g. partial_fit(X, y, classes=np.unique(y_all))"
            )
        return self._fit(X, y, first=first, classes=classes, epochs=1, sample_weight=sample_weight)

    def predict_proba(self, X: Any) -> np.ndarray:
        """The probability of each class in ``classes_`` order, shape (n_samples, n_classes)."""
        out = self._predict_raw(X)
        from_logits = getattr(self.model_.loss, "from_logits", False)
        if out.shape[1] == 1:
            p = sigmoid(out).numpy() if from_logits else out
            return np.hstack([1.0 - p, p])
        return softmax(out, axis=-1).numpy() if from_logits else out

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each sample (labels of ``classes_``)."""
        proba = self.predict_proba(X)  # first: it checks that the estimator is fitted
        return self.classes_[np.argmax(proba, axis=1)]
