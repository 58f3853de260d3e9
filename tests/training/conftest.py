"""Shared builders for the training tests."""

import numpy as np
import pytest

import axone as ax

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
XOR_T = np.array([[0], [1], [1], [0]], dtype=np.float32)


def course_network(name=None):
    """The course's 2-3-1 logistic network."""
    return ax.Sequential(
        [ax.Input((2,)), ax.layers.Dense(3, activation="sigmoid"), ax.layers.Dense(1, activation="sigmoid")], name=name
    )


def linear_model(kernel, bias):
    kernel = np.asarray(kernel, dtype=np.float32)
    return ax.Sequential([ax.Input((kernel.shape[0],)), ax.layers.Dense(kernel.shape[1], kernel=kernel, bias=bias)])


@pytest.fixture
def regression_data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
    return x, y
