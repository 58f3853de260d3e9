"""Pickling by scikit-learn's rules with the network as a .axone file, and pandas input."""

import io
import pickle
import pickletools

import numpy as np
import pytest

import axone as ax
from axone.sklearn import AxoneClassifier, AxoneRegressor


def _globals_in(payload: bytes) -> set[str]:
    """The classes and functions a pickle would import (its GLOBAL / STACK_GLOBAL opcodes)."""
    found, strings = set(), []
    for op, arg, _ in pickletools.genops(io.BytesIO(payload)):
        if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(arg)
        elif op.name == "STACK_GLOBAL":
            found.add(f"{strings[-2]}.{strings[-1]}")
        elif op.name == "GLOBAL":
            found.add(arg.replace(" ", "."))
    return found


def test_pickle_holds_the_network_as_an_axone_file(blobs, fast) -> None:
    X, y = blobs
    clf = AxoneClassifier(**fast, random_state=0).fit(X, y)
    payload = pickle.dumps(clf)
    imported = _globals_in(payload)
    assert "axone.sklearn.classifier.AxoneClassifier" in imported
    assert not [name for name in imported if name.startswith("axone.") and "sklearn" not in name], imported
    state = clf.__getstate__()
    assert state["model_"][:2] == b"PK"  # the zip of axone's model format
    assert isinstance(clf.model_, ax.Model)  # pickling does not touch the live estimator
    back = pickle.loads(payload)
    np.testing.assert_array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert back.loss_curve_ == clf.loss_curve_ and back.classes_.tolist() == clf.classes_.tolist()


def test_partial_fit_goes_on_after_unpickling(blobs, fast) -> None:
    # the optimizer state and the random stream travel with the estimator
    X, y = blobs
    straight = AxoneClassifier(**fast, random_state=1)
    straight.partial_fit(X, y, classes=np.unique(y)).partial_fit(X, y)
    resumed = pickle.loads(
        pickle.dumps(AxoneClassifier(**fast, random_state=1).partial_fit(X, y, classes=np.unique(y)))
    )
    resumed.partial_fit(X, y)
    np.testing.assert_array_equal(resumed.predict_proba(X), straight.predict_proba(X))


def test_a_network_outside_the_model_format_cannot_be_pickled(blobs) -> None:
    class Custom(ax.Model):
        def __init__(self):
            super().__init__()
            self.out = ax.layers.Dense(3, activation="softmax")

        def call(self, x, training=False):
            return self.out(x)

    X, y = blobs
    clf = AxoneClassifier(model=Custom, epochs=1, random_state=0).fit(X, y)
    with pytest.raises(
        TypeError, match="cannot be written in axone's model format, so the estimator cannot be pickled"
    ):
        pickle.dumps(clf)


def test_dataframe_input_records_the_feature_names(fast) -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"height": rng.normal(size=50), "width": rng.normal(size=50)})
    target = pd.Series(frame["height"] * 2 - frame["width"], name="area")
    reg = AxoneRegressor(**fast, random_state=0).fit(frame, target)
    assert reg.feature_names_in_.tolist() == ["height", "width"] and reg.n_features_in_ == 2
    assert reg.predict(frame).shape == (50,)
    with pytest.raises(ValueError, match="feature names should match"):
        reg.predict(frame.rename(columns={"width": "depth"}))
