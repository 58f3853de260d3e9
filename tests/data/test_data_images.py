"""Images shipped by scikit-learn (no network) and the generated test picture."""

import numpy as np
import pytest

from axone.data import digits, sample_image, synthetic_picture


def test_digits():
    X, y = digits()
    assert X.shape == (1797, 8, 8, 1) and X.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(y.tolist())) == list(range(10))


def test_sample_image_gray_and_rgb():
    pytest.importorskip("PIL")
    img = sample_image()
    assert img.ndim == 2 and img.dtype == np.float32
    assert 0.0 <= img.min() and img.max() <= 1.0
    rgb = sample_image("flower.jpg", gray=False, source="sklearn")
    assert rgb.ndim == 3 and rgb.shape[2] == 3 and rgb.max() <= 1.0


def test_generated_picture():
    img = sample_image(source="generated")
    np.testing.assert_array_equal(img, synthetic_picture(128))
    assert img.shape == (128, 128) and img.min() == 0.0 and img.max() == 1.0
    assert sample_image(source="generated", gray=False).shape == (128, 128, 3)
    with pytest.raises(ValueError, match="source"):
        sample_image(source="web")
    with pytest.raises(ValueError, match="size"):
        synthetic_picture(8)
