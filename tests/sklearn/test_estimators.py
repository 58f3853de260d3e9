"""AxoneClassifier and AxoneRegressor: the network they build, their attributes, partial_fit,
random_state, the model= function with its routed parameters, and their errors."""

import numpy as np
import pytest
from sklearn.base import clone

import axone as ax
from axone.sklearn import AxoneClassifier, AxoneRegressor


def test_default_network_is_the_mlp_of_hidden_layer_sizes(blobs, fast) -> None:
    X, y = blobs
    clf = AxoneClassifier(**{**fast, "hidden_layer_sizes": (8, 5)}, activation="tanh", random_state=0).fit(X, y)
    dense = clf.model_.layers
    assert [layer.units for layer in dense] == [8, 5, 3]
    assert [layer.get_config()["activation"] for layer in dense] == ["tanh", "tanh", "softmax"]
    assert clf.classes_.tolist() == ["ant", "bee", "cat"] and clf.n_features_in_ == 2
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert clf.score(X, y) > 0.95
    assert len(clf.loss_curve_) == clf.n_iter_ == fast["epochs"]
    assert clf.loss_curve_[-1] < clf.loss_curve_[0] / 2


def test_the_estimator_trains_as_model_fit_by_hand(blobs, fast) -> None:
    # one implementation: the same network, seed and fit arguments by hand give the same bits
    X, y = blobs
    clf = AxoneClassifier(**fast, random_state=3).fit(X, y)
    ax.random.seed(int(np.random.RandomState(3).randint(np.iinfo(np.int32).max)))  # the seed random_state=3 stands for
    net = ax.Sequential(
        [ax.Input((2,)), ax.layers.Dense(16, activation="relu"), ax.layers.Dense(3, activation="softmax")]
    )
    net.compile(optimizer=ax.optimizers.Adam(lr=0.02), loss="sparse_categorical_crossentropy")
    history = net.fit(X, np.searchsorted(clf.classes_, y), epochs=20, batch_size=32, verbose=0)
    np.testing.assert_array_equal(clf.predict_proba(X), net.predict(X).astype(np.float64))
    assert clf.loss_curve_ == [float(v) for v in history.history["loss"]]


def test_seeded_training_is_reproducible_and_leaves_the_package_generator(blobs, fast) -> None:
    X, y = blobs
    ax.random.seed(11)
    before = ax.random.get_state()
    a = AxoneClassifier(**fast, random_state=5).fit(X, y).predict_proba(X)
    assert ax.random.get_state() == before
    b = AxoneClassifier(**fast, random_state=5).fit(X, y).predict_proba(X)
    c = AxoneClassifier(**fast, random_state=6).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_random_state_none_follows_the_package_seed(blobs, fast) -> None:
    X, y = blobs
    ax.random.seed(2)
    a = AxoneClassifier(**fast).fit(X, y).predict_proba(X)
    ax.random.seed(2)
    b = AxoneClassifier(**fast).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)


def test_partial_fit_continues_the_same_training_as_fit(blobs, fast) -> None:
    X, y = blobs
    whole = AxoneClassifier(**{**fast, "epochs": 3}, random_state=4).fit(X, y)
    steps = AxoneClassifier(**fast, random_state=4)
    for _ in range(3):
        steps.partial_fit(X, y, classes=np.unique(y))
    assert steps.n_iter_ == 3 and len(steps.loss_curve_) == 3
    np.testing.assert_array_equal(steps.predict_proba(X), whole.predict_proba(X))
    np.testing.assert_array_equal(steps.loss_curve_, whole.loss_curve_)


def test_partial_fit_needs_classes_first_and_refuses_new_labels(blobs, fast) -> None:
    X, y = blobs
    clf = AxoneClassifier(**fast, random_state=0)
    with pytest.raises(ValueError, match="first call needs classes="):
        clf.partial_fit(X, y)
    clf.partial_fit(X[y != "cat"], y[y != "cat"], classes=["ant", "bee", "cat"])
    assert clf.classes_.tolist() == ["ant", "bee", "cat"]
    with pytest.raises(ValueError, match=r"labels \['dog'\] not in classes_"):
        clf.partial_fit(X[:2], np.array(["ant", "dog"]))


def _network(n_features_in_, n_classes_, units=4):
    return ax.Sequential(
        [
            ax.Input((n_features_in_,)),
            ax.layers.Dense(units, activation="relu"),
            ax.layers.Dense(n_classes_, activation="softmax"),
        ]
    )


def test_model_function_gets_the_data_sizes_and_the_routed_parameters(blobs, fast) -> None:
    X, y = blobs
    clf = AxoneClassifier(model=_network, model__units=7, lr=0.02, epochs=5, random_state=0)
    assert clf.get_params()["model__units"] == 7
    clf.set_params(model__units=6)
    twin = clone(clf)
    assert twin.get_params()["model__units"] == 6 and "model__units=6" in repr(twin)
    twin.fit(X, y)
    assert [layer.units for layer in twin.model_.layers] == [6, 3]
    assert twin.model_.optimizer.lr == pytest.approx(0.02)


def test_a_compiled_model_keeps_its_own_compilation(blobs) -> None:
    X, y = blobs

    def compiled():
        net = _network(2, 3)
        net.compile(optimizer=ax.optimizers.SGD(lr=0.3), loss="sparse_categorical_crossentropy")
        return net

    clf = AxoneClassifier(model=compiled, epochs=2, random_state=0).fit(X, y)
    assert type(clf.model_.optimizer).__name__ == "SGD" and clf.model_.optimizer.lr == pytest.approx(0.3)


def test_one_sigmoid_output_for_two_classes_and_logits(fast) -> None:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((80, 3))
    y = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no")

    def logit_unit():
        return ax.Sequential([ax.Input((3,)), ax.layers.Dense(1)])

    clf = AxoneClassifier(
        model=logit_unit, loss=ax.losses.BinaryCrossentropy(from_logits=True), lr=0.1, epochs=30, random_state=0
    )
    clf.fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (80, 2) and np.all((proba > 0) & (proba < 1))
    z = clf.model_.predict(X)[:, 0]
    np.testing.assert_allclose(proba[:, 1], 1 / (1 + np.exp(-z)), rtol=1e-5)
    assert clf.score(X, y) > 0.9


def test_categorical_crossentropy_gets_one_hot_targets(blobs, fast) -> None:
    X, y = blobs
    clf = AxoneClassifier(**fast, loss="categorical_crossentropy", random_state=0).fit(X, y)
    assert clf.score(X, y) > 0.95


def test_regressor_one_and_several_targets(fast) -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (100, 2))
    t = np.stack([X[:, 0] - 2 * X[:, 1], X[:, 0] * X[:, 1]], axis=1)
    one = AxoneRegressor(**fast, random_state=0).fit(X, t[:, 0])
    assert one.predict(X).shape == (100,) and one.n_outputs_ == 1 and one.score(X, t[:, 0]) > 0.95
    two = AxoneRegressor(**{**fast, "epochs": 60}, random_state=0).fit(X, t)
    assert two.predict(X).shape == (100, 2) and two.model_.layers[-1].units == 2
    assert two.score(X, t) > 0.8
    assert two.model_.loss is not None and ax.losses.canonical_name(two.model_.loss) == "mse"


def test_fit_does_not_change_an_optimizer_parameter(blobs, fast) -> None:
    X, y = blobs
    opt = ax.optimizers.Adam(lr=0.02)
    clf = AxoneClassifier(**{**fast, "lr": None}, optimizer=opt, random_state=0).fit(X, y)
    assert clf.optimizer is opt and opt.iterations == 0 and clf.model_.optimizer is not opt


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"hidden_layer_sizes": (4, 0)}, ValueError, r"hidden_layer_sizes must be a tuple of ints >= 1.*\(4, 0\)"),
        ({"epochs": 0}, ValueError, r"epochs must be an int >= 1 \(passes over the data\), got 0"),
        ({"batch_size": 2.5}, ValueError, "batch_size must be None"),
        ({"optimizer": ax.optimizers.SGD(lr=0.1), "lr": 0.5}, ValueError, "lr=0.5 was given with an optimizer object"),
        ({"units": 3}, TypeError, r"unknown parameters \['units'\].*model__<name>"),
        ({"model": lambda: "not a model"}, TypeError, "returned a str; it must return an axone model"),
        ({"model": 42}, TypeError, "model= must be None or a function"),
    ],
)
def test_errors_name_the_parameter(blobs, params, error, match) -> None:
    X, y = blobs
    with pytest.raises(error, match=match):
        AxoneClassifier(**{"epochs": 1, **params}).fit(X, y)


def test_one_class_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="needs at least 2 classes in y to train, got 1 class"):
        AxoneClassifier(epochs=1).fit(np.zeros((4, 2)), ["a"] * 4)


def test_a_lazily_built_network_is_built_before_training() -> None:
    # no Input: the output width is known only once built, and decides the targets' shape
    rng = np.random.default_rng(2)
    X = rng.standard_normal((60, 3))
    y = X[:, 0] > 0

    def lazy():
        return ax.Sequential([ax.layers.Dense(4, activation="tanh"), ax.layers.Dense(1, activation="sigmoid")])

    clf = AxoneClassifier(model=lazy, lr=0.05, epochs=20, batch_size=16, random_state=0).fit(X, y)
    assert ax.losses.canonical_name(clf.model_.loss) == "binary_crossentropy"
    assert clf.predict_proba(X).shape == (60, 2) and clf.score(X, y) > 0.9


@pytest.mark.parametrize(
    ("estimator", "units", "match"),
    [
        (AxoneClassifier, 2, r"has 2 outputs, but y has 3 classes \['ant', 'bee', 'cat'\]; end it with Dense\(3"),
        (AxoneRegressor, 3, "has 3 outputs, but y has 1 target columns; end it with Dense"),
    ],
)
def test_a_network_of_the_wrong_width_is_refused(blobs, estimator, units, match) -> None:
    X, y = blobs
    y = y if estimator is AxoneClassifier else X[:, 0]
    net = lambda: ax.Sequential([ax.Input((2,)), ax.layers.Dense(units)])  # noqa: E731
    with pytest.raises(ValueError, match=match):
        estimator(model=net, epochs=1).fit(X, y)


def test_callbacks_reach_model_fit_and_n_iter_counts_the_epochs_done(blobs, fast) -> None:
    X, y = blobs
    stop = ax.callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=1)  # no epoch gains 10
    clf = AxoneClassifier(**fast, callbacks=[stop], random_state=0).fit(X, y)
    assert clf.n_iter_ == len(clf.loss_curve_) == 2
    assert clf.callbacks[0] is stop  # fit trained a copy: the parameter is unchanged


def test_sample_weight_reaches_model_fit(blobs, fast) -> None:
    X, y = blobs
    w = np.linspace(0.0, 2.0, len(X))
    clf = AxoneClassifier(**fast, random_state=3).fit(X, y, sample_weight=w)
    ax.random.seed(int(np.random.RandomState(3).randint(np.iinfo(np.int32).max)))
    net = ax.Sequential(
        [ax.Input((2,)), ax.layers.Dense(16, activation="relu"), ax.layers.Dense(3, activation="softmax")]
    )
    net.compile(optimizer=ax.optimizers.Adam(lr=0.02), loss="sparse_categorical_crossentropy")
    net.fit(X, np.searchsorted(clf.classes_, y), epochs=20, batch_size=32, sample_weight=w, verbose=0)
    np.testing.assert_array_equal(clf.predict_proba(X), net.predict(X).astype(np.float64))


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        (np.ones(3), r"sample_weight must have shape \(60,\), one weight per sample; got shape \(3,\)"),
        (np.full(60, -1.0), "sample_weight must be finite and >= 0"),
        (np.zeros(60), "every sample_weight is zero"),
    ],
)
def test_bad_sample_weights_are_refused(blobs, weights, match) -> None:
    X, y = blobs
    with pytest.raises(ValueError, match=match):
        AxoneRegressor(epochs=1).fit(X, X[:, 0], sample_weight=weights)


@pytest.mark.parametrize(("sizes", "units"), [(np.array([4, 3]), [4, 3, 3]), (5, [5, 3]), ((), [3])])
def test_hidden_layer_sizes_as_numpy_ints_one_int_or_none(blobs, sizes, units) -> None:
    X, y = blobs
    clf = AxoneClassifier(hidden_layer_sizes=sizes, epochs=1, random_state=0).fit(X, y)
    assert [layer.units for layer in clf.model_.layers] == units
