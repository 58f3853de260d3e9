"""scikit-learn estimators over axone networks (level 5): ``AxoneClassifier``, ``AxoneRegressor``.

A face, not a fork: the estimators build the network from axone's layers (or call the user's
``model=`` function), compile it, and train it with ``model.fit``. They follow scikit-learn's
rules (``get_params``/``set_params``/``clone``, ``classes_``, ``n_features_in_``,
``feature_names_in_``, pickling) so that they work in ``Pipeline``, ``cross_val_score`` and
``GridSearchCV``, in parallel through joblib and on a Dask cluster. The guide is
``docs/sklearn.md``; sweeps on many machines are in ``docs/scaling.md``.

Needs scikit-learn (``pip install "axone[sklearn]"``); ``import axone`` alone does not load it.

Example:
    >>> import numpy as np
    >>> from sklearn.model_selection import cross_val_score
    >>> from axone.sklearn import AxoneClassifier
    >>> X = np.random.default_rng(0).normal(size=(60, 2)); y = (X[:, 0] > 0).astype(int)
    >>> scores = cross_val_score(AxoneClassifier(hidden_layer_sizes=(8,), lr=0.05, epochs=30, random_state=0), X, y, cv=3)
    >>> bool(scores.mean() > 0.8)
    True
"""

from axone.sklearn.classifier import AxoneClassifier
from axone.sklearn.regressor import AxoneRegressor

__all__ = ["AxoneClassifier", "AxoneRegressor"]
