"""Initialisers: Keras's formulas (statistics on large draws), fans, seeding, names."""

import math

import numpy as np
import pytest

import axone as ax

I = ax.initializers
SHAPE = (400, 300)  # 120,000 values: the sample std is within 1% of the true one


@pytest.mark.parametrize(
    "name, std",
    [
        ("glorot_uniform", math.sqrt(2 / 700)),  # U(-l, l) has std l / sqrt(3), l = sqrt(6 / 700)
        ("glorot_normal", math.sqrt(2 / 700)),
        ("he_uniform", math.sqrt(2 / 400)),
        ("he_normal", math.sqrt(2 / 400)),
        ("lecun_normal", math.sqrt(1 / 400)),
    ],
)
def test_variance_scaling_statistics(name, std):
    w = I.get(name)(SHAPE, dtype="float64", rng=1)
    assert w.shape == SHAPE and w.dtype == np.float64
    assert abs(w.mean()) < 0.02 * std  # the mean of 120,000 draws is within ~0.003 std of 0
    assert w.std() == pytest.approx(std, rel=0.01)
    if name.endswith("uniform"):
        assert np.abs(w).max() <= math.sqrt(3) * std
    else:  # Keras's truncated normal: nothing beyond two of its sigmas
        assert np.abs(w).max() <= 2 * std / 0.87962566103423978 + 1e-12


def test_conv_kernel_fans_use_the_receptive_field():
    assert I.compute_fans((3, 3, 16, 32)) == (144, 288)
    assert I.compute_fans((5, 7)) == (5, 7)
    assert I.compute_fans((6,)) == (6, 6)
    w = I.he_uniform()((3, 3, 64, 64), rng=0)
    assert np.abs(w).max() <= math.sqrt(6 / (9 * 64))


def test_constants_and_random_with_arguments():
    assert I.get("zeros")((2, 3)).sum() == 0 and I.get("ones")((2, 3)).sum() == 6
    np.testing.assert_array_equal(I.constant(0.5)((2,)), [0.5, 0.5])
    w = I.random_normal(mean=1.0, stddev=2.0)((100_000,), dtype="float64", rng=0)
    assert w.mean() == pytest.approx(1.0, abs=0.03) and w.std() == pytest.approx(2.0, rel=0.01)
    u = I.random_uniform(minval=2.0, maxval=3.0)((10_000,), rng=0)
    assert u.min() >= 2.0 and u.max() <= 3.0
    k = I.get("random_normal")((100_000,), dtype="float64", rng=0)  # Keras's default stddev 0.05
    assert k.std() == pytest.approx(0.05, rel=0.02)


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (3, 3, 2, 5)])
def test_orthogonal(shape):
    w = I.orthogonal(gain=2.0)(shape, dtype="float64", rng=0)
    flat = w.reshape(-1, shape[-1])
    small = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(small, 4.0 * np.eye(small.shape[0]), atol=1e-12)


def test_seeding_through_axone_random():
    ax.random.seed(7)
    a = I.get("glorot_uniform")((3, 4))
    ax.random.seed(7)
    b = I.get("glorot_uniform")((3, 4))
    c = I.get("glorot_uniform")((3, 4))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(b, c)
    np.testing.assert_array_equal(I.he_normal()((5,), rng=3), I.he_normal()((5,), rng=np.random.default_rng(3)))
    assert I.get("glorot_uniform")((2, 2)).dtype == np.float32  # the default dtype


def test_dense_default_is_glorot_uniform_and_seeded():
    ax.random.seed(0)
    a = ax.layers.Dense(5)
    a.build_for((None, 3))
    ax.random.seed(0)
    expected = I.glorot_uniform()((3, 5))
    np.testing.assert_array_equal(a.kernel.numpy(), expected)
    np.testing.assert_array_equal(a.bias.numpy(), np.zeros(5))


def test_get_and_serialize():
    assert isinstance(I.get("GlorotNormal"), I.GlorotNormal) and isinstance(I.get("xavier_uniform"), I.GlorotUniform)
    assert isinstance(I.get(I.HeNormal), I.HeNormal)
    init = I.random_uniform(-1.0, 1.0)
    assert I.get(init) is init
    config = I.serialize(init)
    assert config == {"class_name": "RandomUniform", "config": {"minval": -1.0, "maxval": 1.0}}
    assert I.get(config).get_config() == init.get_config()
    assert I.serialize(I.he_uniform()) == "he_uniform"
    with pytest.raises(ValueError, match="unknown initializer 'glorot'; valid names: constant, glorot_normal"):
        I.get("glorot")
    with pytest.raises(ValueError, match="custom callable"):
        I.serialize(lambda shape, dtype=None, rng=None: np.zeros(shape))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        I.orthogonal()((3,))
