"""Labs 1-10 in quick mode: each runs, writes its figures, and reproduces the course's numbers."""

import numpy as np
import pytest

from axone import labs
from axone.labs import lunch

FIRST_TEN = [
    "neuron",
    "approximation",
    "first-network",
    "lunch",
    "tape",
    "backprop",
    "descent",
    "scaling",
    "local-minima",
    "optimizers",
]
WITH_FIGURES = {"neuron", "approximation", "lunch", "tape", "descent", "scaling", "local-minima", "optimizers"}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("labs")
    return {name: labs.run(name, quick=True, out=out) for name in FIRST_TEN}


@pytest.mark.parametrize("name", FIRST_TEN)
def test_lab_runs_and_reports(results, name):
    result = results[name]
    assert result.findings and all(isinstance(f, str) and f for f in result.findings)
    assert result.report().startswith(name)
    if name in WITH_FIGURES:
        assert result.figures and all(p.suffix == ".png" and p.stat().st_size > 1000 for p in result.figures.values())


def test_neuron_derivatives_match_autodiff(results):
    gaps = results["neuron"].numbers["max_gap"]
    assert set(gaps) == {"step", "relu", "softplus", "leaky_relu", "elu", "softmax", "sigmoid", "tanh"}
    assert max(gaps.values()) < 1e-12
    assert results["neuron"].numbers["z"] == pytest.approx(-0.4)
    assert results["neuron"].numbers["y"] == pytest.approx(1 / (1 + np.exp(0.4)))


def test_approximation_error_falls_with_r_and_training_lags(results):
    n = results["approximation"].numbers
    errors = n["max_error"]
    assert errors[16] < errors[4] / 10 and errors[16] < 0.06
    assert n["trained_error"] > 5 * errors[n["trained_r"]]


def test_first_network_is_xor(results):
    n = results["first-network"].numbers
    assert np.round(n["y"]).tolist() == [0, 1, 1, 0]  # inputs (1,1), (0,1), (1,0), (0,0)
    assert n["model_gap"] < 1e-12
    assert n["z1"][0] == pytest.approx([30.0, -10.0])


def test_lunch_course_numbers(results):
    n = results["lunch"].numbers
    expected = [[10.7, 10.42, 10.28], [10.844, 10.468, 10.328], [11.3679, 11.166533333333333, 11.201166666666667]]
    np.testing.assert_allclose(n["after_bill"], expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(n["estimates"], [100.0, 105.6, 126.044], rtol=0, atol=1e-9)
    # the course's rounded prints, two of which slip (10.46 and 11.16)
    course = [[10.7, 10.42, 10.28], [10.84, 10.46, 10.33], [11.37, 11.16, 11.20]]
    slips = np.argwhere(np.round(np.array(n["after_bill"]), 2) != np.array(course)).tolist()
    assert slips == [[1, 1], [2, 1]]
    np.testing.assert_allclose(n["alpha_times_gradient"], [-7.0, -4.2, -2.8], atol=1e-12)


def test_lunch_converges_to_true_prices_and_diverges_for_large_eta(results):
    n = results["lunch"].numbers
    np.testing.assert_allclose(n["converged"], [9.0, 15.0, 12.0], atol=1e-9)
    assert n["passes_eta_0_4"] < n["passes_eta_0_1"]
    assert n["diverging_error_after_30"] > 1e6
    np.testing.assert_allclose(n["gd_tape"], [9.0, 15.0, 12.0], atol=1e-8)
    assert n["gd_tape"] == n["gd_sgd"]


def test_lunch_rule_by_hand():
    weights, _ = lunch.proportional_rule(lunch.BILLS[:1], lunch.TOTALS[:1], np.full(3, 10.0), 0.1, 1)
    d = (100.0 - 114.0) * np.array([5, 3, 2]) / 10
    np.testing.assert_allclose(weights[0], 10 - 0.1 * d)


def test_tape_108_and_three_styles(results):
    n = results["tape"].numbers
    assert n["dz_dx"] == [108.0, 108.0, 108.0]
    assert n["max_style_gap"] == 0.0
    assert len(n["model_gradients"]) == 4  # kernel and bias of each Dense layer
    assert n["loss_last"] < n["loss_first"]


def test_tape_model_gradient_matches_torch():
    torch = pytest.importorskip("torch")
    from axone.labs.tape import WEIGHTS, model_gradients

    w = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in WEIGHTS]
    x = torch.tensor([[1.0, 0.0]], dtype=torch.float64)
    y = torch.sigmoid(torch.sigmoid(x @ w[0] + w[1]) @ w[2] + w[3])
    ((1 - y) ** 2).mean().backward()
    for mine, theirs in zip(model_gradients(np.array([[1.0, 0.0]]))["tape"], w):
        np.testing.assert_allclose(mine, theirs.grad.numpy(), atol=1e-14)


def test_backprop_by_hand_equals_tape(results):
    n = results["backprop"].numbers
    assert n["by_hand_01"] == pytest.approx(n["by_tape_01"], abs=1e-15)
    assert n["by_hand_01"] != 0.0
    assert n["by_hand_10"] == n["by_tape_10"] == 0.0
    assert len(n["factors_01"]) == 5


def test_descent_zigzags_one_sample_at_a_time(results):
    n = results["descent"].numbers
    assert n["batch_turns"] == 0 and n["sample_turns"] > 5
    np.testing.assert_allclose(n["final_batch"], [1.0, 2.0], atol=1e-2)
    steps = list(n["ellipse_steps"].values())
    assert steps[0] == 1 and steps == sorted(steps) and steps[-1] > 100


def test_scaling_raw_needs_more_iterations(results):
    n = results["scaling"].numbers
    assert n["scale, raw"]["condition"] == pytest.approx(1e4)
    assert n["scale, normalised"]["condition"] == pytest.approx(1.0)
    assert n["translation, raw"]["condition"] > 4e4
    assert n["scale, normalised"]["steps"] == n["translation, centred"]["steps"] == 1
    assert n["scale, raw"]["steps"] is None and n["scale, raw"]["predicted_steps"] > 10000
    assert n["translation, raw"]["predicted_steps"] > n["scale, raw"]["predicted_steps"]
    np.testing.assert_allclose(n["scale, raw"]["solution"], [10.0, 0.1])
    np.testing.assert_allclose(n["translation, raw"]["solution"], [1.0, -1.0], atol=1e-9)


def test_local_minima_depend_on_the_start(results):
    n = results["local-minima"].numbers
    assert len(n["minima"]) == 4
    assert n["values"][0] == pytest.approx(-0.508, abs=1e-3)
    assert sum(n["shares"]) == pytest.approx(1.0)
    assert 0 < n["global_share_gd"] < 1


def test_optimizers_race(results):
    n = results["optimizers"].numbers
    for problem in ("saddle", "beale", "almost-saddle"):
        assert set(n[problem]) == {
            "SGD",
            "momentum",
            "Nesterov",
            "DeltaBarDelta",
            "RMSprop",
            "Adagrad",
            "Adadelta",
            "Adam",
        }
    assert n["saddle"]["Adagrad"]["steps_to_threshold"] < 10  # adaptive rates leave the saddle at once
    assert n["saddle"]["SGD"]["steps_to_threshold"] is None  # a fixed eta does not, in 300 steps
    assert n["beale"]["DeltaBarDelta"]["final_loss"] < 1e-3
    assert np.isfinite(n["nesterov_lookahead_minus"]) and np.isfinite(n["nesterov_lookahead_plus"])


def test_registry_names_the_first_ten():
    assert all(name in labs.LABS for name in FIRST_TEN)
    with pytest.raises(ValueError, match="unknown lab"):
        labs.run("no-such-lab")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("name", "figure"), [("first-network", "network"), ("backprop", "chain-rule")])
def test_network_labs_write_a_png(tmp_path, name, figure):
    result = labs.run(name, quick=True, out=tmp_path)
    path = result.figures[figure]
    assert path == tmp_path / f"{name}-{figure}.png"
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 500 and height > 300


def _texts(figure):
    return [text.get_text() for axes in figure.axes for text in axes.texts] + [a.get_title() for a in figure.axes]


def test_draw_network_labels_every_weight_and_highlights_the_path():
    from axone.viz import pyplot
    from axone.viz.network import HIGHLIGHT, draw_network

    plt = pyplot()
    fig, axes = plt.subplots()
    kernels = [np.array([[1.5, -2.0, 0.25], [3.0, 4.0, -5.0]]), np.array([[6.0], [7.0], [8.0]])]
    positions = draw_network(axes, kernels, [np.zeros(3), np.array([9.5])], highlight=[(0, 1), (1, 2), (2, 0)])
    texts = _texts(fig)
    assert set(positions) == {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 0)}
    assert all(f"{w:g}" in texts for kernel in kernels for w in kernel.ravel())
    assert "b = 9.5" in texts
    red = [line for line in axes.lines if line.get_color() == HIGHLIGHT]
    assert len(axes.lines) == 9 and len(red) == 2  # edges (0,1)->(1,2) and (1,2)->(2,0)
    plt.close(fig)


def test_first_network_figure_shows_every_z_and_y():
    from axone.labs import first_network

    values = first_network.evaluate(first_network.INPUTS)
    fig = first_network.draw(values)
    joined = "\n".join(_texts(fig))
    assert len(fig.axes) == 4
    for row in range(4):
        for k in range(2):
            assert f"z = {values['z1'][row, k]:g}\ny = {values['y1'][row, k]:.5f}" in joined
        assert f"z = {values['z2'][row, 0]:.4f}\ny = {values['y'][row, 0]:.5f}" in joined
    first_network.pyplot().close(fig)


def test_backprop_figure_writes_every_factor_on_the_path():
    from axone.labs import backprop

    x = np.array([0.0, 1.0])
    factors, by_hand, by_tape = backprop.chain_rule(x, 1.0)
    fig = backprop.draw(x, 1.0, factors, by_hand, by_tape)
    joined = "\n".join(_texts(fig))
    f = list(factors.values())
    for shown in (f"{f[0]:.6f}", f"{f[1]:.6f}", f"w^3_2$ = {f[2]:g}", f"{f[3]:.6f}", f"y^1_2$ = {f[4]:g}"):
        assert shown in joined
    assert f"{by_hand:.10f}" in joined
    backprop.pyplot().close(fig)
