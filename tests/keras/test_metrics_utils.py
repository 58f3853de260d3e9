"""Keras's metrics precision, recall, auc, top_k_categorical_accuracy, f1_score against scikit-learn;
ax.utils.to_categorical and set_random_seed."""

import random

import numpy as np
import pytest

import axone as ax

sklearn_metrics = pytest.importorskip("sklearn.metrics")


@pytest.fixture
def binary():
    rng = np.random.default_rng(0)
    t = (rng.random(200) < 0.4).astype("float32")
    y = np.clip(0.35 * t + rng.random(200) * 0.7, 0, 1).astype("float32")
    y[:20] = np.round(y[:20], 1)  # ties between scores
    w = rng.uniform(0.1, 2.0, 200)
    return t, y, w


def test_precision_and_recall_match_sklearn(binary):
    t, y, w = binary
    for threshold in (0.3, 0.5, 0.8):
        hard = (y > threshold).astype(int)
        assert ax.metrics.precision(t, y, threshold=threshold) == pytest.approx(
            sklearn_metrics.precision_score(t, hard, zero_division=0)
        )
        assert ax.metrics.recall(t[:, None], y[:, None], threshold=threshold, sample_weight=w) == pytest.approx(
            sklearn_metrics.recall_score(t, hard, sample_weight=w, zero_division=0)
        )
    assert ax.metrics.precision(t, np.zeros_like(y)) == 0.0  # nothing predicted positive


def test_precision_of_several_columns_is_micro_averaged():
    rng = np.random.default_rng(1)
    t, y = (rng.random((50, 3)) < 0.5).astype(int), rng.random((50, 3))
    assert ax.metrics.precision(t, y) == pytest.approx(
        sklearn_metrics.precision_score(t, (y > 0.5).astype(int), average="micro")
    )


def test_auc_matches_sklearn_with_ties_weights_and_columns(binary):
    t, y, w = binary
    assert ax.metrics.auc(t, y) == pytest.approx(sklearn_metrics.roc_auc_score(t, y), rel=1e-12)
    assert ax.metrics.auc(t, y, sample_weight=w) == pytest.approx(
        sklearn_metrics.roc_auc_score(t, y, sample_weight=w), rel=1e-12
    )
    two = np.stack([t, 1 - t], 1), np.stack([y, 1 - y + 0.01 * np.sin(np.arange(200))], 1)
    assert ax.metrics.auc(*two) == pytest.approx(sklearn_metrics.roc_auc_score(*two, average="micro"), rel=1e-12)
    assert ax.metrics.get("AUC")(t, y) == pytest.approx(ax.metrics.auc(t, y))
    with pytest.raises(ValueError, match="at least one positive and one negative"):
        ax.metrics.auc(np.ones(4), np.arange(4.0))


def test_top_k_categorical_accuracy_matches_sklearn():
    rng = np.random.default_rng(2)
    labels, scores = rng.integers(0, 7, 100), rng.random((100, 7))
    onehot = ax.utils.to_categorical(labels, 7)
    for k in (1, 2, 5):
        expected = sklearn_metrics.top_k_accuracy_score(labels, scores, k=k, labels=range(7))
        assert ax.metrics.top_k_categorical_accuracy(onehot, scores, k=k) == pytest.approx(expected)
    model = ax.Sequential([ax.Input((4,)), ax.layers.Dense(7, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["top_k_categorical_accuracy"])
    x = rng.normal(size=(100, 4)).astype("float32")
    logs = model.evaluate(x, onehot, return_dict=True)
    expected = sklearn_metrics.top_k_accuracy_score(labels, model.predict(x), k=5, labels=range(7))
    assert logs["top_k_categorical_accuracy"] == pytest.approx(expected)


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_f1_score_matches_sklearn(average):
    rng = np.random.default_rng(3)
    labels, scores = rng.integers(0, 4, 80), rng.random((80, 4))
    w = rng.uniform(0.5, 1.5, 80)
    ours = ax.metrics.f1_score(ax.utils.to_categorical(labels, 4), scores, average=average, sample_weight=w)
    theirs = sklearn_metrics.f1_score(labels, scores.argmax(1), average=average, labels=range(4), sample_weight=w)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    binary_t, binary_y = (labels == 0).astype(int), scores[:, 0]
    assert np.ravel(ax.metrics.f1_score(binary_t, binary_y, average=average))[0] == pytest.approx(
        sklearn_metrics.f1_score(binary_t, binary_y > 0.5)
    )


def test_dataset_metrics_in_compile_are_refused_with_the_way_to_get_them():
    model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1, activation="sigmoid")])
    with pytest.raises(ValueError, match=r"ratio over the whole data set.*ax\.metrics\.auc\(y, model\.predict\(x\)\)"):
        model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["AUC"])
    with pytest.raises(ValueError, match="average must be None, 'micro', 'macro' or 'weighted'"):
        ax.metrics.f1_score([1, 0], [0.9, 0.1], average="samples")


def test_to_categorical_and_set_random_seed():
    np.testing.assert_array_equal(ax.utils.to_categorical([2, 0, 1]), np.eye(3, dtype="float32")[[2, 0, 1]])
    with pytest.raises(ValueError, match=r"labels must be in \[0, 2\), found 2"):
        ax.utils.to_categorical([0, 2], num_classes=2)
    draws = []
    for _ in range(2):
        ax.utils.set_random_seed(11)
        model = ax.Sequential([ax.Input((3,)), ax.layers.Dense(2)])
        draws.append((model.get_weights()[0], random.random(), np.random.rand()))
    np.testing.assert_array_equal(draws[0][0], draws[1][0])
    assert draws[0][1:] == draws[1][1:]
    with pytest.raises(TypeError, match="seed"):
        ax.utils.set_random_seed(True)
