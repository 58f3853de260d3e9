"""Labs 11-18 (logic, circles, addition, kernels, lenet, residual, label-noise, cleaning).

Every lab runs in quick mode into a temporary folder, writes its PNGs, and its key numbers are
checked; the helpers they rely on are checked on small cases with a known answer.
"""

import numpy as np
import pytest

import axone as ax
from axone.labs import addition, circles, cleaning, kernels, label_noise, lenet, logic, residual

GATE_TARGETS = {"OR": [0, 1, 1, 1], "NOR": [1, 0, 0, 0], "AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def _check_figures(result, tmp_path):
    assert result.figures, f"{result.name} saved no figure"
    for path in result.figures.values():
        assert path.parent == tmp_path and path.suffix == ".png" and path.stat().st_size > 1000
    assert result.findings and all(isinstance(f, str) and f for f in result.findings)


# ---- lab 11: logic --------------------------------------------------------------------------------
def test_logic_lab_truth_tables_and_three_ways(tmp_path):
    r = logic.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    tables = r.numbers["tables"]
    for gate, target in GATE_TARGETS.items():
        assert tables[gate]["target"] == target
        for way in ("numpy", "autodiff", "fit"):
            assert len(tables[gate][way]) == 4
        # from seed 0 every gate is learned in 10,000 epochs: each output on the right side of 0.5
        assert [int(v > 0.5) for v in tables[gate]["numpy"]] == target, gate
        assert tables[gate]["learned"]
    assert r.numbers["max_diff_numpy_autodiff"] < 1e-6
    assert r.numbers["max_diff_numpy_fit"] < 1e-6


def test_logic_fit_mean_loss_needs_four_times_the_rate():
    # "mse" averages over the 4 samples: lr 0.4 on it is the course's lr 0.1 on the sum
    X = logic.GATE_INPUTS
    t = np.array([[0.0, 1.0, 1.0, 0.0]]).T
    w1, w2 = logic.initial_weights(np.random.default_rng(3))
    n1, n2, _ = logic.course_numpy(X, t, w1, w2, epochs=50)
    model = logic.keras_model(w1, w2)
    model.compile(optimizer=ax.optimizers.SGD(lr=0.4), loss="mse")
    model.fit(X, t, epochs=50, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_allclose(model.layers[0].kernel.numpy(), n1, atol=1e-12)
    np.testing.assert_allclose(model.layers[1].kernel.numpy(), n2, atol=1e-12)
    a1, a2, errors = logic.autodiff(X, t, w1, w2, epochs=50)
    np.testing.assert_allclose(a1, n1, atol=1e-12)
    assert errors[-1] < errors[0]


# ---- lab 12: circles ------------------------------------------------------------------------------
def test_circles_lab_accuracy_and_polygon(tmp_path):
    r = circles.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    assert r.numbers["train_accuracy"] >= 0.95
    assert r.numbers["test_accuracy"] >= 0.95
    assert 3 <= r.numbers["polygon_sides"] <= 12
    assert len(r.numbers["output_weights"]) == 6


def test_boundary_sides_of_a_square():
    # four ReLUs active beyond |x| = 0.5 or |y| = 0.5, output 1 - 10 * sum: the boundary is the square
    # |x| = 0.6, |y| = 0.6 with its corners cut where two ReLUs are active, (x - 0.5) + (y - 0.5) = 0.1
    kernel = np.array([[1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]])
    bias = np.full(4, -0.5)
    c = np.full(4, -10.0)
    assert circles.boundary_sides(kernel, bias, c, c0=1.0) == 8
    assert circles.boundary_sides(kernel[:, :3], bias[:3], c[:3], c0=1.0) == 0  # open on one side
    assert circles.active_relus(np.array([[0.0, 0.0], [1.0, 1.0]]), kernel, bias).tolist() == [0, 2]


# ---- lab 13: addition -----------------------------------------------------------------------------
def test_addition_lab_held_out_and_longer(tmp_path):
    r = addition.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    assert r.numbers["held_out_exact"] >= 0.99
    assert r.numbers["example_sum"] == 0b0101011 + 0b1001110 == 121
    assert r.numbers["example_correct"]
    assert r.numbers["longer_exact"]["32"] >= 0.95
    assert len(r.numbers["example_steps"]) == 8


def test_carries_match_the_data_targets():
    X, t = ax.datasets.binary_addition(50, bits=6, rng=4)
    c = addition.carries(X)
    bits = X.astype(np.int64)
    carry_in = np.concatenate([np.zeros((50, 1), dtype=np.int64), c[:, :-1]], axis=1)
    np.testing.assert_array_equal((bits[:, :, 0] + bits[:, :, 1] + carry_in) % 2, t[:, :, 0])


# ---- lab 14: kernels ------------------------------------------------------------------------------
def test_kernels_lab_correlation_stride_pooling(tmp_path):
    r = kernels.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    assert set(r.numbers["max_diff_correlate2d"]) == {"identity", "edge_detection", "sharpen", "gaussian_blur"}
    assert max(r.numbers["max_diff_correlate2d"].values()) < 1e-10
    assert r.numbers["course_kernels_symmetric"]
    assert r.numbers["sobel_vs_correlate2d"] < 1e-10 < 1.0 < r.numbers["sobel_vs_convolve2d"]
    assert r.numbers["stride2_equals_subsampled"] < 1e-12
    h, w = r.numbers["stride1_shape"]
    assert r.numbers["stride2_shape"] == [(h + 1) // 2, (w + 1) // 2]
    assert r.numbers["pooled_peak_ratio"]["max"] == 1.0
    assert r.numbers["pooled_peak_ratio"]["avg"] < 1.0
    assert r.numbers["pooled_mean_ratio"]["avg"] == pytest.approx(1.0, abs=1e-9)
    assert r.numbers["pooled_mean_ratio"]["max"] > 1.0


def test_apply_kernel_is_correlate2d_for_an_asymmetric_kernel():
    from scipy.signal import correlate2d

    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(9, 11)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(
        kernels.apply_kernel(image, kernel), correlate2d(image, kernel, mode="valid"), atol=1e-12
    )


# ---- lab 15: lenet --------------------------------------------------------------------------------
def test_lenet_lab_accuracy_and_confusion(tmp_path):
    r = lenet.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    assert r.numbers["test_accuracy"] > 0.7
    confusion = np.array(r.numbers["confusion"])
    assert confusion.shape == (10, 10) and confusion.sum() == r.numbers["test_samples"]
    assert np.trace(confusion) / confusion.sum() == pytest.approx(r.numbers["test_accuracy"])
    assert len(r.numbers["feature_map_active_share"]) == 6


def test_lenet_helpers():
    assert lenet.enlarge(np.ones((2, 8, 8, 1))).shape == (2, 16, 16, 1)
    m = lenet.confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 1, 2, 2]), classes=3)
    assert m.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]


# ---- lab 16: residual -----------------------------------------------------------------------------
def test_residual_lab_curves_and_gradients(tmp_path):
    r = residual.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    plain, res = r.numbers["plain"], r.numbers["residual"]
    assert res["final_loss"] < plain["final_loss"]
    assert res["test_accuracy"] > plain["test_accuracy"]
    assert len(plain["grad_norms_init"]) == len(res["grad_norms_init"]) == residual.DEPTH + 2
    # the skip connection brings a larger gradient to the first layer than the plain stack
    assert res["grad_norms_init"][0] > 10 * plain["grad_norms_init"][0]
    sig = r.numbers["sigmoid_grad_norms_init"]
    assert sig["plain"][0] < 1e-6 * sig["plain"][-2]  # vanished through 30 sigmoids
    assert sig["residual"][0] > 1e-2


# ---- lab 17: label-noise --------------------------------------------------------------------------
def test_label_noise_lab_accuracy_falls_and_suspicious_are_flipped(tmp_path):
    r = label_noise.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    acc = r.numbers["accuracy"]
    assert r.numbers["rates"][0] == 0.0 and acc[0] > 0.9
    assert acc[-1] < acc[0] - 0.2
    # flagged samples are flipped far more often than the 20% of a random pick
    assert r.numbers["study_precision"] > 0.6
    assert r.numbers["flipped_count"] == 260


def test_precision():
    assert label_noise.precision(np.array([1, 2, 3, 4]), np.array([2, 4, 9])) == 0.5
    assert np.isnan(label_noise.precision(np.array([], dtype=np.int64), np.array([1])))


# ---- lab 18: cleaning -----------------------------------------------------------------------------
def test_cleaning_lab_report_and_accuracy(tmp_path):
    r = cleaning.run(quick=True, out=tmp_path)
    _check_figures(r, tmp_path)
    report = r.numbers["report"]
    assert report["duplicates_dropped"] == 40
    assert report["constant_columns"] == ["country"]
    assert list(report["identifier_columns"]) == ["customer_id"]
    assert "city" in report["text_columns"] and report["outliers"].get("income", 0) >= 2
    assert r.numbers["naive_columns"] == ["age", "income"]
    assert r.numbers["accuracy_after"] > r.numbers["accuracy_before"] + 0.05
    assert r.numbers["accuracy_after"] <= r.numbers["bayes_accuracy_estimate"] + 0.05


def test_naive_inputs_fill_zero_and_drop_text():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [1.0, None], "s": ["x", "y"], "buys": ["yes", "no"]})
    x, names = cleaning.naive_inputs(df)
    assert names == ["a"] and x.tolist() == [[1.0], [0.0]]
