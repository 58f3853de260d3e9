"""Small images shipped by a dependency: the 8x8 digits and a sample photograph.

Both come from scikit-learn, imported only when called (``import axone`` needs NumPy alone).
Images follow axone's channels-last convention, N x H x W x C, in float32 in [0, 1].
"""

from __future__ import annotations

import numpy as np

# ITU-R BT.601 luma weights: how bright red, green and blue look to the eye.
_LUMA = np.array([0.299, 0.587, 0.114])


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 handwritten 8x8 digits of scikit-learn (UCI optical digits), scaled to [0, 1].

    The pixels count dark dots in 4x4 blocks, 0 to 16; they are divided by 16.

    Returns:
        ``(X, y)``: images of shape ``(1797, 8, 8, 1)`` float32 in [0, 1], labels 0-9 of shape
        ``(1797,)`` int64.

    Raises:
        ImportError: when scikit-learn is not installed (``pip install scikit-learn``).

    Example:
        >>> from axone.data import digits
        >>> X, y = digits()
        >>> X.shape, X.dtype, float(X.max()), int(y[0])
        ((1797, 8, 8, 1), dtype('float32'), 1.0, 0)
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise ImportError("digits() needs scikit-learn: pip install scikit-learn") from err
    bunch = load_digits()
    X = (bunch.images / 16.0).astype(np.float32)[..., None]
    return X, bunch.target.astype(np.int64)


def synthetic_picture(size: int = 128) -> np.ndarray:
    """A generated grayscale test picture: flat areas, sharp edges, a gradient and fine stripes.

    What the course's kernels act on: edges for edge detection, stripes for blur and stride,
    a gradient for sharpen. Fully deterministic.

    Args:
        size: height and width in pixels (at least 16).

    Returns:
        float32 array of shape ``(size, size)`` in [0, 1].

    Example:
        >>> from axone.data import synthetic_picture
        >>> img = synthetic_picture(32)
        >>> img.shape, img.dtype, float(img.min()), float(img.max())
        ((32, 32), dtype('float32'), 0.0, 1.0)
    """
    if size < 16:
        raise ValueError(f"synthetic_picture needs size >= 16, got {size}")
    rows, cols = np.mgrid[0:size, 0:size] / (size - 1)
    img = 0.6 * cols  # horizontal gradient for the background
    img[(rows > 0.1) & (rows < 0.45) & (cols > 0.1) & (cols < 0.45)] = 1.0  # bright square
    disk = (rows - 0.7) ** 2 + (cols - 0.3) ** 2 < 0.18**2
    img[disk] = 0.0  # dark disk: curved edges
    stripes = (rows > 0.55) & (rows < 0.9) & (cols > 0.55) & (cols < 0.9)
    img[stripes] = (np.floor(cols * size / 2) % 2)[stripes]  # 2-pixel vertical stripes
    return img.astype(np.float32)


def sample_image(name: str = "china.jpg", gray: bool = True, source: str = "auto") -> np.ndarray:
    """A photograph for the convolution demos, or a generated test picture.

    Uses scikit-learn's ``load_sample_image`` (``"china.jpg"`` or ``"flower.jpg"``, shipped
    with scikit-learn, read with Pillow; no download). With ``source="auto"``, falls back to
    :func:`synthetic_picture` when either is missing.

    Math:
        grayscale is the luma $Y = 0.299 R + 0.587 G + 0.114 B$ (ITU-R BT.601), then $Y / 255$.

    Args:
        name: the scikit-learn sample image.
        gray: one channel of shape ``(H, W)`` if True, else ``(H, W, 3)`` RGB.
        source: ``"auto"``, ``"sklearn"`` (fail if unavailable) or ``"generated"``.

    Returns:
        float32 array in [0, 1]. Add batch and channel axes with ``img[None, :, :, None]``.

    Example:
        >>> from axone.data import sample_image
        >>> sample_image(source="generated").shape
        (128, 128)
    """
    if source not in ("auto", "sklearn", "generated"):
        raise ValueError(f"source must be 'auto', 'sklearn' or 'generated', got {source!r}")
    if source != "generated":
        try:
            from sklearn.datasets import load_sample_image

            rgb = load_sample_image(name).astype(np.float64)
        except ImportError:
            if source == "sklearn":
                raise
        else:
            out = rgb @ _LUMA if gray else rgb
            return (out / 255.0).astype(np.float32)
    img = synthetic_picture()
    return img if gray else np.repeat(img[:, :, None], 3, axis=2)
