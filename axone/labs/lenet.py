r"""Lab 15, lenet: LeNet-5 trained on the 8x8 handwritten digits.

The course's "premier CNN qui a bien fonctionné", Yann LeCun's network for postcodes:
conv 6 @ 5x5 -> pool -> conv 16 @ 5x5 -> pool -> dense 120 -> dense 84 -> dense 10 (here with ReLU
and max pooling, as it is trained today; ``ax.models.lenet5``). Its two 5x5 convolutions and two
poolings need at least 12x12 pixels, so the 8x8 digits of scikit-learn are enlarged to 16x16 by
repeating each pixel (nearest neighbour): the network is LeNet-5 unchanged, with 2x2x16 = 64
features before the dense layers.

Each first-layer filter $\omega_k$ (5x5) is slid over the image: feature map $k$ is
$u_k(x, y) = b_k + \sum_{dx, dy} \omega_k(dx, dy) \, f(x + dx, y + dy)$, then ReLU.

Example:
    >>> enlarge(np.arange(4.0).reshape(1, 2, 2, 1))[0, :, :, 0]
    array([[0., 0., 1., 1.],
           [0., 0., 1., 1.],
           [2., 2., 3., 3.],
           [2., 2., 3., 3.]])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure


def enlarge(images: np.ndarray, factor: int = 2) -> np.ndarray:
    """Images (N, H, W, C) made ``factor`` times larger by repeating each pixel."""
    return images.repeat(factor, axis=1).repeat(factor, axis=2)


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, classes: int = 10) -> np.ndarray:
    """Counts (classes, classes): row = true digit, column = predicted digit."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("lenet", "LeNet-5 trained on the 8x8 digits: accuracy, confusion, filters")
    X, y = ax.datasets.digits()
    X = enlarge(X)
    order = np.random.default_rng(0).permutation(len(X))
    n_train, epochs = (1000, 2) if quick else (1300, 15)
    train, test = order[:n_train], order[1300:]
    ax.random.seed(0)
    model = ax.models.lenet5(input_shape=X.shape[1:])
    model.compile(optimizer=ax.optimizers.Adam(lr=0.002), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X[train], y[train], epochs=epochs, batch_size=32, verbose=0)
    probabilities = model.predict(X[test], batch_size=256)
    predicted = probabilities.argmax(axis=1)
    accuracy = float(np.mean(predicted == y[test]))
    matrix = confusion_matrix(y[test], predicted)
    off = matrix - np.diag(np.diag(matrix))
    true_digit, wrong_digit = np.unravel_index(np.argmax(off), off.shape)
    result.numbers.update(
        test_accuracy=accuracy,
        train_accuracy=history.history["accuracy"][-1],
        epochs=epochs,
        train_samples=n_train,
        test_samples=len(test),
        parameters=model.count_params(),
        confusion=matrix.tolist(),
        most_confused=[int(true_digit), int(wrong_digit), int(off.max())],
    )
    result.findings.append(
        f"LeNet-5 ({model.count_params():,} parameters, on the digits enlarged to 16x16) trained {epochs} epochs "
        f"(Adam, lr 0.002) on {n_train} digits reads {accuracy:.1%} of {len(test)} digits it never saw."
    )
    result.findings.append(
        f"Errors: {int(off.sum())} of {len(test)}; the most frequent is a {true_digit} read as a {wrong_digit} "
        f"({int(off.max())} times). Per digit: "
        + ", ".join(f"{d}: {matrix[d, d] / max(matrix[d].sum(), 1):.0%}" for d in range(10))
        + "."
    )

    conv1 = model.layers[0]
    filters = conv1.kernel.numpy()[:, :, 0, :]  # (5, 5, 6)
    sample = X[test[:1]]
    maps = conv1(ax.Tensor(sample)).numpy()[0]  # (16, 16, 6), after ReLU
    active = (maps > 0).mean(axis=(0, 1))
    result.numbers.update(feature_map_active_share=active.tolist())
    result.findings.append(
        f"The first layer's 6 filters are 5x5 kernels learnt from the data, like the course's hand-made ones; on "
        f"a test digit (a {y[test[0]]}) their feature maps are active on "
        + ", ".join(f"{a:.0%}" for a in active)
        + " of the pixels."
    )

    plt = pyplot()
    fig = plt.figure(figsize=(13, 6))
    grid = fig.add_gridspec(3, 9)
    ax_conf = fig.add_subplot(grid[:, :3])
    ax_conf.imshow(matrix, cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax_conf.text(
                j,
                i,
                str(count),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if count > matrix.max() / 2 else "black",
            )
    ax_conf.set_xticks(range(10))
    ax_conf.set_yticks(range(10))
    ax_conf.set_xlabel("predicted")
    ax_conf.set_ylabel("true")
    ax_conf.set_title(f"confusion, accuracy {accuracy:.1%}")
    ax_img = fig.add_subplot(grid[0, 3])
    ax_img.imshow(sample[0, :, :, 0], cmap="gray_r")
    ax_img.set_title(f"input ({y[test[0]]})", fontsize=8)
    ax_img.axis("off")
    bound = float(np.abs(filters).max())
    for k in range(6):
        a = fig.add_subplot(grid[1, 3 + k])
        a.imshow(filters[:, :, k], cmap="RdBu_r", vmin=-bound, vmax=bound)
        a.set_title(f"filter {k + 1}", fontsize=8)
        a.axis("off")
        b = fig.add_subplot(grid[2, 3 + k])
        b.imshow(maps[:, :, k], cmap="viridis")
        b.set_title(f"map {k + 1}", fontsize=8)
        b.axis("off")
    save_figure(result, fig, "digits", out)
    return result
