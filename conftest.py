"""Test configuration: floating-point errors raise (underflow to zero excepted), seeds fixed."""

import os

import numpy as np
import pytest

import axone as ax


@pytest.fixture(autouse=True)
def _strict_numpy():
    # underflow to 0 is benign and happens in every stable sigmoid at |z| ~ 1e4; the rest raises
    old = np.seterr(all="raise", under="ignore")
    ax.random.seed(0)
    ax.layers.base.reset_names()  # layer names (dense, dense_1...) restart in every test
    yield
    np.seterr(**old)
    ax.set_default_dtype("float32")


@pytest.fixture(autouse=True, scope="session")
def _torch_cache_in_pytest_tmp(tmp_path_factory):
    # torch's optimizers import torch._dynamo, which makes $TMPDIR/torchinductor_<user>: keep it in pytest's folder
    os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", str(tmp_path_factory.mktemp("torchinductor")))
