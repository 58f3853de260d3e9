r"""Lab 14, kernels: the course's four kernels on a picture, stride, max against average pooling.

The course's discrete 2-D "convolution" of an image $f$ by a kernel $\omega$ of support
$[-a, a] \times [-b, b]$:

$(f * \omega)(x, y) = \sum_{dx=-a}^{a} \sum_{dy=-b}^{b} \omega(a + dx, b + dy) \, f(x + dx, y + dy)$

does not flip the kernel: it is a cross-correlation (``scipy.signal.correlate2d``), what every
deep-learning library calls a convolution. The true convolution of the continuous formula above
it, $f(x - t) g(t)$, flips the kernel. The course's four kernels (identity, edge detection,
sharpen, Gaussian blur $\frac{1}{16}$) are symmetric under a half-turn, so for them both agree; an
asymmetric kernel (Sobel) shows the difference.

Example:
    >>> image = np.arange(25.0).reshape(5, 5)
    >>> float(apply_kernel(image, KERNELS["gaussian_blur"])[0, 0])
    6.0
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.core.ops.conv import COURSE_KERNELS
from axone.labs.common import LabResult, pyplot, save_figure

KERNELS = COURSE_KERNELS  # identity [1], edge detection, sharpen, Gaussian blur 1/16
SOBEL = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # not symmetric: flipping changes it


def apply_kernel(image: np.ndarray, kernel: np.ndarray, stride: int = 1) -> np.ndarray:
    """``ax.conv2d`` of a one-channel image (H, W) with a kernel (kh, kw), "valid", as (H', W')."""
    x = ax.Tensor(image[None, :, :, None], dtype="float64")
    w = ax.Tensor(kernel[:, :, None, None], dtype="float64")
    return ax.conv2d(x, w, stride=stride).numpy()[0, :, :, 0]


def _pool(image: np.ndarray, kind: str) -> np.ndarray:
    x = ax.Tensor(image[None, :, :, None], dtype="float64")
    pool = ax.max_pool2d if kind == "max" else ax.avg_pool2d
    return pool(x, 2).numpy()[0, :, :, 0]


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    from scipy.signal import convolve2d, correlate2d

    result = LabResult("kernels", "the course's four convolution kernels, stride, max against average pooling")
    picture = ax.datasets.sample_image().astype(np.float64)
    if quick:
        picture = picture[::3, ::3]  # a smaller copy: the same lesson in a fraction of the time
    filtered = {name: apply_kernel(picture, k) for name, k in KERNELS.items()}
    differences = {
        name: float(np.max(np.abs(filtered[name] - correlate2d(picture, k, mode="valid"))))
        for name, k in KERNELS.items()
    }
    sobel = apply_kernel(picture, SOBEL)
    sobel_corr = float(np.max(np.abs(sobel - correlate2d(picture, SOBEL, mode="valid"))))
    sobel_conv = float(np.max(np.abs(sobel - convolve2d(picture, SOBEL, mode="valid"))))
    symmetric = all(np.array_equal(k, k[::-1, ::-1]) for k in KERNELS.values())
    result.numbers.update(
        image_shape=list(picture.shape),
        max_diff_correlate2d=differences,
        sobel_vs_correlate2d=sobel_corr,
        sobel_vs_convolve2d=sobel_conv,
        course_kernels_symmetric=symmetric,
    )
    result.findings.append(
        f"On a {picture.shape[0]}x{picture.shape[1]} grayscale picture, ax.conv2d with each of the course's kernels "
        "equals scipy.signal.correlate2d to " + ", ".join(f"{d:.1e} ({n})" for n, d in differences.items()) + "."
    )
    result.findings.append(
        "The course's formula sums omega(a + dx, b + dy) f(x + dx, y + dy): the kernel is not flipped, so it is a "
        "correlation, as in every deep-learning library. Its four kernels are symmetric under a half-turn, so "
        f"there correlation and convolution agree; with the asymmetric Sobel kernel ax.conv2d matches correlate2d "
        f"to {sobel_corr:.1e} but differs from convolve2d by up to {sobel_conv:.2f}."
    )

    stride2 = apply_kernel(picture, KERNELS["edge_detection"], stride=2)
    subsampled = filtered["edge_detection"][::2, ::2]
    edges = np.abs(filtered["edge_detection"])
    pooled = {kind: _pool(edges, kind) for kind in ("max", "avg")}
    kept = {kind: float(p.mean() / edges[: 2 * p.shape[0], : 2 * p.shape[1]].mean()) for kind, p in pooled.items()}
    peak = {kind: float(p.max() / edges.max()) for kind, p in pooled.items()}
    result.numbers.update(
        stride2_shape=list(stride2.shape),
        stride1_shape=list(filtered["edge_detection"].shape),
        stride2_equals_subsampled=float(np.max(np.abs(stride2 - subsampled))),
        pooled_shape=list(pooled["max"].shape),
        pooled_mean_ratio=kept,
        pooled_peak_ratio=peak,
    )
    result.findings.append(
        f"Stride 2 skips every other position: the edge map shrinks from {filtered['edge_detection'].shape} to "
        f"{stride2.shape}, a quarter of the values, and equals the stride-1 map taken one pixel in two (to "
        f"{np.max(np.abs(stride2 - subsampled)):.1e})."
    )
    result.findings.append(
        f"2x2 pooling of the edge strength |edges| halves each side to {pooled['max'].shape}. Max pooling keeps "
        f"the strongest edge ({peak['max']:.0%} of the peak) and raises the mean to {kept['max']:.2f}x; average "
        f"pooling keeps {peak['avg']:.0%} of the peak and the mean ({kept['avg']:.2f}x): thin edges fade, the "
        "course's reason to prefer the maximum."
    )

    plt = pyplot()
    fig, axes = plt.subplots(2, 4, figsize=(14, 7))
    panels = [
        ("identity [1]", filtered["identity"]),
        *((name.replace("_", " "), filtered[name]) for name in KERNELS if name != "identity"),
        ("edges, stride 2", stride2),
        ("|edges|, max pool 2x2", pooled["max"]),
        ("|edges|, average pool 2x2", pooled["avg"]),
        ("Sobel (correlation)", sobel),
    ]
    top = float(np.quantile(pooled["max"], 0.99))  # one scale for both poolings, so the fading shows
    for a, (title, img) in zip(axes.ravel(), panels):
        clip = (0.0, top) if "pool" in title else np.quantile(img, [0.01, 0.99])
        a.imshow(img, cmap="gray", vmin=clip[0], vmax=clip[1])
        a.set_title(f"{title} {img.shape[0]}x{img.shape[1]}", fontsize=9)
        a.axis("off")
    save_figure(result, fig, "filters", out)
    return result
