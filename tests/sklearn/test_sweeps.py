"""Sweeps in parallel on the engines that exist: joblib's processes (``n_jobs=-1``) and a Dask
cluster (``joblib.parallel_backend("dask")``), the same scores as the sequential search, seed
for seed. The cluster is a ``distributed.LocalCluster`` of two worker processes on 127.0.0.1,
started and closed by the test (docs/scaling.md shows the same code on a real cluster)."""

import os

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV

from axone.sklearn import AxoneClassifier

GRID = {"hidden_layer_sizes": [(4,), (16,)], "lr": [0.005, 0.03]}


def _data() -> tuple:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 4))
    y = (X[:, 0] * X[:, 1] + 0.3 * X[:, 2] > 0).astype(int)
    return X, y


def _search(fast: dict, n_jobs: int | None) -> GridSearchCV:
    return GridSearchCV(AxoneClassifier(**fast, random_state=0), GRID, cv=3, n_jobs=n_jobs)


def test_joblib_processes_give_the_sequential_scores(fast) -> None:
    X, y = _data()
    sequential = _search(fast, None).fit(X, y)
    parallel = _search(fast, -1).fit(X, y)
    np.testing.assert_array_equal(parallel.cv_results_["mean_test_score"], sequential.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(
        parallel.best_estimator_.predict_proba(X), sequential.best_estimator_.predict_proba(X)
    )


def test_threads_take_turns_on_the_package_generator(fast) -> None:
    # one generator per process: seeded fits in threads must not draw from each other's streams
    import joblib

    X, y = _data()
    sequential = _search(fast, None).fit(X, y)
    with joblib.parallel_backend("threading", n_jobs=4):
        threaded = _search(fast, 4).fit(X, y)
    np.testing.assert_array_equal(threaded.cv_results_["mean_test_score"], sequential.cv_results_["mean_test_score"])


def test_random_search_on_a_dask_cluster_gives_the_sequential_scores(fast) -> None:
    distributed = pytest.importorskip("distributed")
    import joblib

    X, y = _data()
    space = {"hidden_layer_sizes": [(4,), (8,), (16,)], "lr": [0.003, 0.01, 0.03], "batch_size": [16, 32]}

    def search(n_jobs: int | None) -> RandomizedSearchCV:
        clf = AxoneClassifier(**fast, random_state=0)
        return RandomizedSearchCV(clf, space, n_iter=4, cv=3, random_state=0, n_jobs=n_jobs)

    sequential = search(None).fit(X, y)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            with joblib.parallel_backend("dask"):
                on_dask = search(-1).fit(X, y)
            workers = client.scheduler_info()["workers"]
            assert len(workers) == 2 and all(w["host"] == "127.0.0.1" for w in workers.values())
            pids = set(client.run(os.getpid).values())
            assert len(pids) == 2 and os.getpid() not in pids  # two processes, not this one
    finally:
        cluster.close()
    assert cluster.status.name == "closed"
    assert on_dask.cv_results_["params"] == sequential.cv_results_["params"]
    np.testing.assert_array_equal(on_dask.cv_results_["mean_test_score"], sequential.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(on_dask.best_estimator_.predict_proba(X), sequential.best_estimator_.predict_proba(X))
