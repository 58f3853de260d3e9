"""The training session without a browser: steps, NaN pauses, reproducibility, exports."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import axone as ax
from axone.playground.export import model_file, python_script
from axone.playground.frames import decode, frame, run_info
from axone.playground.network import make_optimizer
from axone.playground.session import Session
from axone.playground.settings import SettingsError, parse_hash
from axone.playground.tables import read_table, table_points


def test_a_step_changes_every_weight_and_lowers_the_loss():
    run = Session(parse_hash("dataset=circle&points=200&layers=6&acts=tanh&optimizer=adam&lr=0.05"))
    before = [w.copy() for w in run.model.get_weights()]
    for _ in range(15):
        assert run.advance()
    after = run.model.get_weights()
    assert all((a != b).any() for a, b in zip(after, before))
    assert run.epoch == 15 and len(run.history) == 16
    assert run.history[-1][1] < 0.7 * run.history[0][1]


def test_the_same_hash_gives_the_same_run_bit_for_bit():
    text = "dataset=spiral&points=120&layers=4,3&acts=relu,tanh&dropout=0.1&optimizer=nesterov&batch=7"
    a, b = Session(parse_hash(text)), Session(parse_hash(text))
    for _ in range(3):
        a.advance(), b.advance()
    assert a.history == b.history
    assert all(np.array_equal(x, y) for x, y in zip(a.model.get_weights(), b.model.get_weights()))
    other = Session(parse_hash(text + "&seed=2"))
    other.advance()
    assert other.history[1] != a.history[1]


def test_a_non_finite_value_pauses_and_names_the_layer():
    run = Session(parse_hash("dataset=xor&points=40&layers=3,3&acts=relu,relu&lr=0.1"))
    for column in range(3):
        run.set_weight("hidden1", 0, column, 3e38)
        run.set_weight("hidden1", 1, column, 3e38)
        run.set_weight("hidden1", -1, column, 3e38)  # z = b + w x overflows float32
    before = [w.copy() for w in run.model.get_weights()]
    assert run.advance() is False
    assert "the output of layer 'hidden1' (Dense)" in run.message and "(Dense)" in run.message
    assert "smaller learning rate" in run.message and "relu grows without bound" in run.message
    assert all(np.array_equal(x, y) for x, y in zip(before, run.model.get_weights()))  # nothing updated
    assert run.advance() is False and run.epoch == 0  # stays paused
    f = frame(run)
    assert f["message"] == run.message and np.isfinite(decode(f["output"])).all()


def test_an_explosion_pauses_before_it_is_infinite():
    run = Session(parse_hash("dataset=xor&points=40&layers=3,3&acts=tanh,relu&lr=0.1"))
    assert run.advance()
    run.set_weight("hidden2", 0, 1, 5e7)
    assert run.advance() is False and run.epoch == 2
    assert "the weights exploded: layer 'hidden2' has a weight of 5e+07" in run.message
    assert "relu grows without bound" in run.message


def test_set_weight_checks_its_arguments():
    run = Session(parse_hash("points=40&layers=2"))
    run.set_weight("hidden1", -1, 1, 0.5)  # a bias
    assert run.model.layers[0].bias.numpy()[1] == 0.5
    with pytest.raises(ValueError, match="no layer 'hidden9'"):
        run.set_weight("hidden9", 0, 0, 1.0)
    with pytest.raises(ValueError, match="outside"):
        run.set_weight("hidden1", 5, 0, 1.0)
    with pytest.raises(ValueError, match="finite"):
        run.set_weight("hidden1", 0, 0, float("inf"))


@pytest.mark.parametrize(
    "text, output, loss, units",
    [
        ("dataset=circle", "sigmoid", "binary_crossentropy", 1),
        ("dataset=spiral&classes=3", "softmax", "sparse_categorical_crossentropy", 3),
        ("dataset=gauss&classes=3&loss=mse", "softmax", "mse", 3),
        ("dataset=plane", "linear", "mse", 1),
        ("dataset=multigauss&loss=log_cosh", "linear", "log_cosh", 1),
        ("dataset=twocircles&output=softmax", "softmax", "sparse_categorical_crossentropy", 2),
    ],
)
def test_the_output_and_the_loss_follow_the_problem(text, output, loss, units):
    run = Session(parse_hash(text + "&points=60"))
    assert (run.output, run.loss_name, run.model.layers[-1].units) == (output, loss, units)
    assert run.advance()
    f = frame(run)
    assert len(decode(f["output"])) == f["output_units"] * 64 * 64
    assert run_info(run)["layers"][-1]["activation"] == output


def test_settings_that_do_not_fit_the_problem_are_refused():
    with pytest.raises(SettingsError, match="regression needs a linear output"):
        Session(parse_hash("dataset=plane&output=sigmoid"))
    with pytest.raises(SettingsError, match="cross_entropy needs a sigmoid or softmax"):
        Session(parse_hash("dataset=plane&loss=cross_entropy"))
    with pytest.raises(SettingsError, match="3 classes need softmax"):
        Session(parse_hash("dataset=spiral&classes=3&output=sigmoid"))
    with pytest.raises(SettingsError, match="adam has no hyperparameter"):
        make_optimizer(parse_hash("optimizer=adam&hp=momentum:0.9"))


@pytest.mark.parametrize(
    "solver", ["sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta", "adam", "deltabardelta"]
)
def test_every_solver_of_the_course_trains(solver):
    run = Session(parse_hash(f"dataset=xor&points=40&layers=3&optimizer={solver}&lr=0.05"))
    assert run.advance() and run.message is None


def test_penalties_and_dropout_train():
    run = Session(parse_hash("points=60&layers=4&l1=0.01&l2=0.01&dropout=0.3"))
    assert run.penalty().numpy() > 0
    assert run.advance()


def test_the_model_file_loads_and_predicts_the_same(tmp_path):
    run = Session(parse_hash("dataset=spiral&points=80&layers=5,4&acts=relu,sigmoid&features=x1,x2,x1x2"))
    run.advance()
    path = tmp_path / "run.axone"
    path.write_bytes(model_file(run))
    loaded = ax.load_model(path)
    np.testing.assert_array_equal(loaded.predict(run.x_test), run.model.predict(run.x_test))


def test_the_exported_script_runs_and_trains_to_the_same_losses(tmp_path):
    text = "dataset=spiral&points=100&layers=5,4&acts=tanh,relu&optimizer=adam&l2=0.001&features=x1,x2,sinx1"
    run = Session(parse_hash(text))
    for _ in range(3):
        run.advance()
    script = tmp_path / "train.py"
    script.write_text(python_script(run))
    env = {**os.environ, "PYTHONPATH": str(Path(ax.__file__).parents[1])}  # the axone under test
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    printed = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines())
    train, test = run.history[-1][1:]
    assert float(printed["train loss"]) == pytest.approx(train, rel=1e-6)
    assert float(printed["test loss"]) == pytest.approx(test, rel=1e-6)
    assert (tmp_path / "playground.axone").exists()


def test_the_script_of_an_uploaded_table_reads_it_and_trains_the_same(tmp_path):
    rows = ["a,b,label"] + [f"{i % 7},{(i * 3) % 11},{'yes' if i % 7 > 3 else 'no'}" for i in range(40)]
    (tmp_path / "mine.csv").write_text("\n".join(rows))
    table = read_table((tmp_path / "mine.csv").read_bytes(), "mine.csv")
    settings = parse_hash("dataset=csv&table=t&x1col=a&x2col=b&target=label&layers=3&ratio=60&seed=4")
    run = Session(settings, table_points(table, "a", "b", "label", ratio=60, seed=4), source="mine.csv")
    run.advance(), run.advance()
    (tmp_path / "train.py").write_text(python_script(run))
    env = {**os.environ, "PYTHONPATH": str(Path(ax.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "train.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    printed = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines())
    assert float(printed["test loss"]) == pytest.approx(run.history[-1][2], rel=1e-6)


def test_an_uploaded_table_is_cleaned_and_split():
    rows = ["size,weight,colour,label"] + [
        f"{i % 7},{(i * 3) % 11},red,{'yes' if i % 7 > 3 else 'no'}" for i in range(40)
    ]
    table = read_table("\n".join(rows).encode(), "animals.csv")
    points = table_points(table, "size", "weight", "label", ratio=50, seed=0)
    assert (points.task, points.classes, points.names) == ("classification", 2, ("size", "weight"))
    run = Session(parse_hash("dataset=csv&table=t&x1col=size&x2col=weight&target=label"), points, "animals.csv")
    assert run.advance()
    with pytest.raises(ValueError, match="must both be numbers"):
        table_points(table, "size", "colour", "label", 50, 0)
    with pytest.raises(ValueError, match="no column 'height'"):
        table_points(table, "size", "height", "label", 50, 0)
    with pytest.raises(ValueError, match="at most"):
        read_table(b"a" * (2 << 20), "big.csv")
    with pytest.raises(ValueError, match="at most 5000"):
        read_table(b"a,b,c\n" + b"1,2,3\n" * 5001, "long.csv")
    with pytest.raises(ValueError, match="two features and a target"):
        read_table(b"a,b\n1,2\n", "narrow.csv")
