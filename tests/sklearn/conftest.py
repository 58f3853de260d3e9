"""Shared settings of the estimator tests: small networks and few epochs, so that the whole
folder runs in seconds (the estimators' own defaults are MLPClassifier's: (100,), 200 epochs)."""

import numpy as np
import pytest

# small enough for speed, large enough for the accuracy the scikit-learn checks ask (0.83 on blobs)
FAST = {"hidden_layer_sizes": (16,), "lr": 0.02, "epochs": 20, "batch_size": 32}


@pytest.fixture
def fast() -> dict:
    """The small-network parameters, to be given to AxoneClassifier/AxoneRegressor."""
    return dict(FAST)


@pytest.fixture
def blobs() -> tuple:
    """Three well separated classes in 2-d, labelled with strings (60 samples)."""
    rng = np.random.default_rng(0)
    centers = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])
    X = np.concatenate([c + 0.5 * rng.standard_normal((20, 2)) for c in centers])
    y = np.repeat(np.array(["ant", "bee", "cat"]), 20)
    return X, y
