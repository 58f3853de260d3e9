"""Threads: ``fit(seed=)`` draws each epoch's order from its own generator, so two models trained
side by side in threads are each reproducible, and a thread that predicts (under ``no_grad()``)
beside a training thread changes nothing in it (grad mode and tapes are per thread)."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

import axone as ax

RNG = np.random.default_rng(0)
X = RNG.normal(size=(96, 4)).astype(np.float32)
Y = (X[:, :1] * X[:, 1:2] > 0).astype(np.float32)


@pytest.fixture(autouse=True)
def _switch_often():
    """Threads switch every 10 us instead of every 5 ms: many interleavings in a short fit."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(old)


def make(seed):
    ax.random.seed(seed)
    model = ax.Sequential([ax.Input((4,)), ax.layers.Dense(8, activation="tanh"), ax.layers.Dense(1)])
    model.compile(optimizer=ax.optimizers.Adam(lr=0.01), loss="mse")
    return model


def train(model, seed, callbacks=()):
    model.fit(X, Y, epochs=6, batch_size=8, verbose=0, seed=seed, callbacks=list(callbacks))
    return model.get_weights()


def same(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a, b))


def test_fit_seed_fixes_the_order_whatever_else_draws_from_axone_random():
    alone = train(make(1), seed=5)
    noisy = ax.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: ax.random.get_rng().random(7))
    assert same(train(make(1), seed=5, callbacks=[noisy]), alone)
    assert not same(train(make(1), seed=6), alone)  # the seed is what fixes it


def test_fit_seed_is_checked():
    with pytest.raises(TypeError, match="fit: seed must be"):
        make(0).fit(X, Y, verbose=0, seed=1.5)


def _side_by_side(jobs):
    """Run each job in its own thread, all started together; returns their results in order."""
    results, errors = [None] * len(jobs), []
    barrier = threading.Barrier(len(jobs))

    def work(i, job):
        barrier.wait()
        try:
            results[i] = job()
        except BaseException as error:  # noqa: BLE001 - surfaced below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def test_two_models_trained_side_by_side_in_threads_are_each_reproducible():
    alone = [train(make(1), seed=5), train(make(2), seed=9)]
    for _ in range(3):
        a, b = make(1), make(2)
        side = _side_by_side([lambda: train(a, seed=5), lambda: train(b, seed=9)])
        assert same(side[0], alone[0]) and same(side[1], alone[1])


def test_fit_beside_a_predicting_thread_gives_the_same_weights_as_alone():
    alone = train(make(1), seed=5)
    for _ in range(3):
        model, other = make(1), make(3)
        done = threading.Event()

        def predict_until_done():
            n = 0
            while not done.is_set() or n == 0:
                other.predict(X, verbose=0)  # inside no_grad(): in this thread only
                n += 1
            return n

        def fit_then_stop():
            try:
                return train(model, seed=5)
            finally:
                done.set()

        weights, predictions = _side_by_side([fit_then_stop, predict_until_done])
        assert predictions > 0
        assert same(weights, alone)


def make_dropout(seed):
    ax.random.seed(seed)
    model = ax.Sequential(
        [ax.Input((4,)), ax.layers.Dense(8, activation="tanh"), ax.layers.Dropout(0.3), ax.layers.Dense(1)]
    )
    model.compile(optimizer=ax.optimizers.Adam(lr=0.01), loss="mse")
    return model


def test_dropout_models_trained_side_by_side_with_a_seed_are_each_reproducible():
    """fit(seed=) also gives each batch its own generator for the dropout masks (axone.random.using)."""
    alone = [train(make_dropout(1), seed=5), train(make_dropout(2), seed=9)]
    noisy = ax.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: ax.random.get_rng().random(3))
    assert same(train(make_dropout(1), seed=5, callbacks=[noisy]), alone[0])
    for _ in range(2):
        a, b = make_dropout(1), make_dropout(2)
        side = _side_by_side([lambda: train(a, seed=5), lambda: train(b, seed=9)])
        assert same(side[0], alone[0]) and same(side[1], alone[1])
