"""The estimators inside scikit-learn's tools: Pipeline (pandas output), cross_val_score,
GridSearchCV over the MLP's and over a model= function's parameters."""

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import axone as ax
from axone.sklearn import AxoneClassifier, AxoneRegressor


def test_pipeline_with_pandas_output_passes_the_column_names(fast) -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"size": rng.uniform(0, 100, 90), "colour": rng.choice(["red", "blue", "green"], 90)})
    y = np.where((frame["size"] > 50) ^ (frame["colour"] == "red"), "big", "small")
    prepare = ColumnTransformer(
        [("num", StandardScaler(), ["size"]), ("cat", OneHotEncoder(sparse_output=False), ["colour"])]
    )
    pipe = Pipeline([("prepare", prepare), ("net", AxoneClassifier(**{**fast, "epochs": 80}, random_state=0))])
    pipe.set_output(transform="pandas")
    pipe.fit(frame, y)
    net = pipe.named_steps["net"]
    assert net.feature_names_in_.tolist() == ["num__size", "cat__colour_blue", "cat__colour_green", "cat__colour_red"]
    assert pipe.score(frame, y) > 0.9
    assert pipe.predict(frame.head(3)).tolist() == y[:3].tolist()


def test_cross_val_score_is_the_same_seed_for_seed(blobs, fast) -> None:
    X, y = blobs
    pipe = make_pipeline(StandardScaler(), AxoneClassifier(**fast, random_state=0))
    cv = KFold(3, shuffle=True, random_state=0)
    first = cross_val_score(pipe, X, y, cv=cv)
    again = cross_val_score(pipe, X, y, cv=cv)
    np.testing.assert_array_equal(first, again)
    assert first.min() > 0.9


def test_grid_search_over_the_mlp_parameters(fast) -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (90, 2))
    y = np.sin(3 * X[:, 0]) + X[:, 1]
    grid = {"hidden_layer_sizes": [(2,), (32,)], "lr": [0.001, 0.03]}
    search = GridSearchCV(AxoneRegressor(**{**fast, "epochs": 40}, random_state=0), grid, cv=3).fit(X, y)
    assert search.best_params_ == {"hidden_layer_sizes": (32,), "lr": 0.03}
    assert search.best_estimator_.model_.layers[0].units == 32
    assert len(search.cv_results_["mean_test_score"]) == 4


def _network(n_features_in_, n_classes_, units=4, activation="relu"):
    return ax.Sequential(
        [
            ax.Input((n_features_in_,)),
            ax.layers.Dense(units, activation=activation),
            ax.layers.Dense(n_classes_, activation="softmax"),
        ]
    )


def test_grid_search_over_routed_model_parameters(blobs) -> None:
    X, y = blobs
    clf = AxoneClassifier(model=_network, lr=0.02, epochs=15, batch_size=16, random_state=0)
    search = GridSearchCV(clf, {"model__units": [1, 12], "model__activation": ["tanh"]}, cv=3).fit(X, y)
    assert search.best_params_["model__units"] == 12
    assert search.best_estimator_.model_.layers[0].units == 12
    scores = search.cv_results_["mean_test_score"]
    assert scores[1] > scores[0]
