r"""Lab 17, label-noise: accuracy against the share of wrong labels, and the samples a model doubts.

The course: the data must be "de bonne qualité (pour ne pas tromper le réseau)", with a figure
from Sheng et al. 2008 (*Get another label?*, KDD): "Est-ce un champignon? Précision suivant la
qualité des étiquettes". Here the 8x8 digits get a known share of wrong labels
(``ax.datasets.flip_labels``: each flipped label moves to another class drawn uniformly); the same
small network is trained on each noisy copy and tested on clean labels.

Then the other way round: after training on noisy labels, the samples whose label the model finds
least believable, ranked by the loss $-\log p_i(t_i)$ (``ax.datasets.suspicious_samples``), are
compared with the ones that were really flipped:
precision $= |\text{suspicious} \cap \text{flipped}| / |\text{suspicious}|$.

Example:
    >>> precision(np.array([1, 2, 3, 4]), np.array([2, 4, 9]))
    0.5
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure


def precision(flagged: np.ndarray, flipped: np.ndarray) -> float:
    """Share of the flagged samples that were really flipped (nan when nothing is flagged)."""
    return float(len(np.intersect1d(flagged, flipped)) / len(flagged)) if len(flagged) else float("nan")


def build() -> ax.Sequential:
    """64 pixels -> Dense(32, relu) -> Dense(10, softmax), Adam on the cross-entropy."""
    model = ax.Sequential(
        [ax.Input((64,)), ax.layers.Dense(32, activation="relu"), ax.layers.Dense(10, activation="softmax")]
    )
    model.compile(optimizer=ax.optimizers.Adam(lr=0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("label-noise", "accuracy against the share of wrong labels, and the suspicious samples")
    X, y = ax.datasets.digits()
    images = X[..., 0]
    X = X.reshape(len(X), -1)
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:1300], order[1300:]
    rates = [0.0, 0.2, 0.4, 0.6, 0.8] if quick else [round(0.1 * k, 1) for k in range(10)]
    epochs, study = (10, 0.2) if quick else (30, 0.2)
    accuracies, precisions, kept = [], {}, {}
    for rate in rates:
        noisy, flipped = ax.datasets.flip_labels(y[train], rate, rng=1, return_flipped=True)
        ax.random.seed(0)
        model = build()
        model.fit(X[train], noisy, epochs=epochs, batch_size=32, verbose=0)
        accuracies.append(float(model.evaluate(X[test], y[test])[1]))
        if 0 < rate <= 0.5:
            probabilities = model.predict(X[train], batch_size=512)
            flagged = ax.datasets.suspicious_samples(probabilities, noisy, k=len(flipped))
            precisions[rate] = precision(flagged, flipped)
            if rate == study:
                kept = {"noisy": noisy, "flipped": flipped, "flagged": flagged, "probabilities": probabilities}
    result.numbers.update(
        rates=rates, accuracy=accuracies, epochs=epochs, precision={str(k): v for k, v in precisions.items()}
    )
    result.findings.append(
        f"A 64-32-10 network trained {epochs} epochs on 1300 digits whose labels are partly wrong, tested on {len(test)} "
        "correctly labelled digits: " + ", ".join(f"{r:.0%} wrong -> {a:.1%}" for r, a in zip(rates, accuracies)) + "."
    )
    result.findings.append(
        "Accuracy falls with the quality of the labels, as in Sheng et al. 2008, slowly while the right label "
        "stays the most frequent one for each kind of digit, then fast: with 10 classes and uniform flips, at 90% "
        "wrong the right label is no more frequent than any other."
    )
    noisy, flipped, flagged = kept["noisy"], kept["flipped"], kept["flagged"]
    top = flagged[:20]
    result.numbers.update(
        study_rate=study,
        flipped_count=len(flipped),
        study_precision=precisions[study],
        top20_precision=precision(top, flipped),
    )
    result.findings.append(
        f"With {study:.0%} wrong labels ({len(flipped)} of 1300), the {len(flipped)} samples the trained model finds "
        f"most suspicious (highest -log p(label)) are really flipped ones for {precisions[study]:.1%} of them "
        f"(the 20 most suspicious: {precision(top, flipped):.0%}); precision at each noise level: "
        + ", ".join(f"{r:.0%}: {p:.1%}" for r, p in precisions.items())
        + ". Checking those first by hand is far "
        f"better than checking at random ({study:.0%})."
    )

    plt = pyplot()
    fig = plt.figure(figsize=(13, 4.5))
    grid = fig.add_gridspec(2, 8)
    ax_curve = fig.add_subplot(grid[:, :3])
    ax_curve.plot(np.array(rates) * 100, np.array(accuracies) * 100, "o-")
    ax_curve.set_xlabel("wrong labels in the training set (%)")
    ax_curve.set_ylabel("accuracy on clean test labels (%)")
    ax_curve.set_title("accuracy against label quality")
    ax_curve.grid(alpha=0.3)
    predicted = kept["probabilities"].argmax(axis=1)
    for i, sample in enumerate(flagged[:10]):
        a = fig.add_subplot(grid[i // 5, 3 + i % 5])
        a.imshow(images[train[sample]], cmap="gray_r")
        really = "flipped" if sample in flipped else "kept"
        a.set_title(
            f"label {noisy[sample]}, model {predicted[sample]}\n({really}, true {y[train[sample]]})", fontsize=7
        )
        a.axis("off")
    save_figure(result, fig, "noise", out)
    return result
