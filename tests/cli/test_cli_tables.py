"""``axone train`` / ``predict`` / ``inspect`` on messy tables, called in-process through ``main``."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from axone.cli import main


def train(capsys, table, out, *options):
    code = main(["train", str(table), "--out", str(out), *options])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    return captured.out


def test_train_then_predict_on_a_messy_table(capsys, messy_csv, tmp_path):
    model = tmp_path / "m.axone"
    out = train(capsys, messy_csv, model, "--target", "label", "--epochs", "40", "--hidden", "16", "--lr", "0.02")
    # the cleaning report says what was found in the table
    assert "duplicate rows dropped: 5" in out
    assert "x1 3" in out and "city 2" in out  # missing values imputed
    assert "constant columns removed: source" in out
    assert "text column one-hot encoded: city" in out
    assert "outliers" in out and "x2 1" in out
    # the fit's progress (one line per epoch when not on a terminal) and the final metrics
    assert out.count("Epoch ") == 40 and "Epoch 40/40" in out
    assert "model: 5 inputs -> Dense(16, relu) -> Dense(1, sigmoid)" in out
    line = next(x for x in out.splitlines() if x.startswith("validation accuracy:"))
    accuracy = float(line.split()[2])
    assert accuracy >= 0.75, line  # the label is a simple function of the inputs
    assert model.is_file()

    # predict on the raw table (duplicates, missing cells, the outlier: the file's preprocessing applies)
    assert main(["predict", str(model), str(messy_csv)]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    raw = pd.read_csv(messy_csv)
    assert list(table.columns) == ["prediction", "p(no)", "p(yes)"]
    assert len(table) == len(raw) == 85  # one row per input row, in order
    assert set(table["prediction"]) <= {"yes", "no"}
    np.testing.assert_allclose(table["p(no)"] + table["p(yes)"], 1.0, atol=2e-6)
    assert ((table["p(yes)"] >= 0.5) == (table["prediction"] == "yes")).all()
    assert (table["prediction"] == raw["label"]).mean() >= 0.75

    # --out writes the same CSV and compares with the table's own label column
    predictions = tmp_path / "p.csv"
    assert main(["predict", str(model), str(messy_csv), "--out", str(predictions)]) == 0
    captured = capsys.readouterr()
    assert "wrote 85 predictions" in captured.out and "target column 'label'" in captured.out
    pd.testing.assert_frame_equal(pd.read_csv(predictions), table)


def test_predict_without_the_target_column_and_with_unseen_category(capsys, messy_csv, tmp_path):
    model = tmp_path / "m.axone"
    train(capsys, messy_csv, model, "--target", "label", "--epochs", "2")
    new = tmp_path / "new.csv"
    new.write_text("x1,x2,city,source\n0.5,0.5,Paris,survey\n,-1,Tokyo,survey\n")
    assert main(["predict", str(model), str(new)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(table) == 2 and table["prediction"].isin(["yes", "no"]).all()


def test_three_classes_use_softmax_and_decode_names(capsys, three_class_csv, tmp_path):
    model = tmp_path / "blobs.axone"
    out = train(capsys, three_class_csv, model, "--target", "kind", "--epochs", "30", "--lr", "0.05")
    assert "Dense(3, softmax)" in out and "sparse_categorical_crossentropy" in out
    accuracy = float(next(x for x in out.splitlines() if x.startswith("validation accuracy:")).split()[2])
    assert accuracy >= 0.9
    assert main(["predict", str(model), str(three_class_csv)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table.columns) == ["prediction", "p(blue)", "p(green)", "p(red)"]
    truth = pd.read_csv(three_class_csv)["kind"]
    assert (table["prediction"] == truth).mean() >= 0.9
    np.testing.assert_allclose(table.iloc[:, 1:].sum(axis=1), 1.0, atol=3e-6)


def test_regression_predicts_in_the_tables_units(capsys, regression_csv, tmp_path):
    model = tmp_path / "prices.axone"
    out = train(
        capsys,
        regression_csv,
        model,
        "--target",
        "price",
        "--epochs",
        "60",
        "--hidden",
        "",
        "--lr",
        "0.05",
        "--val",
        "0.25",
    )
    assert "Dense(1, linear)" in out and "loss mse" in out
    line = next(x for x in out.splitlines() if x.startswith("validation MAE:"))
    mae = float(line.split()[2].rstrip(","))
    baseline = float(line.split("MAE ")[-1].split(",")[0])
    assert mae < baseline / 5, line
    assert main(["predict", str(model), str(regression_csv)]) == 0
    predicted = pd.read_csv(io.StringIO(capsys.readouterr().out))["prediction"]
    raw = pd.read_csv(regression_csv)
    # the target's scaling is folded into the last layer: outputs are prices, not standard scores
    assert np.abs(predicted - raw["price"]).mean() < 20
    assert abs(predicted.mean() - 1000) < 30


def test_inspect_reads_the_file_without_building_it(capsys, messy_csv, tmp_path, monkeypatch):
    model = tmp_path / "m.axone"
    train(capsys, messy_csv, model, "--target", "label", "--epochs", "3", "--hidden", "4,3")
    from axone.layers import registry

    def refuse(*args, **kwargs):
        raise AssertionError("inspect must not build layers")

    monkeypatch.setattr(registry, "deserialize", refuse)
    assert main(["inspect", str(model)]) == 0
    out = capsys.readouterr().out
    for text in (
        "Sequential",
        "units=4, activation=relu",
        "units=1, activation=sigmoid",
        "dense/kernel",
        "(5, 4)",
        "total: 43 parameters in 6 tensors",
        "epochs: 3",
        "final val_accuracy",
        "target: 'label' (classification)",
        "classes: no, yes",
        "ignored columns: source",
        "optimizer: Adam(",
        "loss: binary_crossentropy",
    ):
        assert text in out, text
    assert main(["inspect", str(model), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["total_params"] == 5 * 4 + 4 + 4 * 3 + 3 + 3 + 1
    assert [layer["class_name"] for layer in info["layers"]] == ["Input", "Dense", "Dense", "Dense"]
    assert info["preprocessing"]["target"] == "label"


def test_same_seed_same_model(capsys, messy_csv, tmp_path):
    a, b = tmp_path / "a.axone", tmp_path / "b.axone"
    train(capsys, messy_csv, a, "--target", "label", "--epochs", "3", "--seed", "4")
    train(capsys, messy_csv, b, "--target", "label", "--epochs", "3", "--seed", "4")
    import axone as ax

    for wa, wb in zip(ax.load_model(a).get_weights(), ax.load_model(b).get_weights()):
        np.testing.assert_array_equal(wa, wb)


def test_force_overwrites_atomically(capsys, messy_csv, tmp_path):
    model = tmp_path / "m.axone"
    model.write_bytes(b"old")
    train(capsys, messy_csv, model, "--target", "label", "--epochs", "1", "--force")
    assert model.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.axone", "messy.csv"]  # no temporary left


def test_diverging_training_saves_nothing(capsys, regression_csv, tmp_path):
    model = tmp_path / "div.axone"
    code = main(["train", str(regression_csv), "--target", "price", "--optimizer", "sgd", "--lr", "100",
                 "--epochs", "5", "--out", str(model)])  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and len(err) == 1 and "training diverged" in err[0] and "smaller --lr" in err[0]
    assert not model.exists()


def test_no_validation_split_reports_training_metrics(capsys, three_class_csv, tmp_path):
    out = train(capsys, three_class_csv, tmp_path / "m.axone", "--target", "kind", "--epochs", "2", "--val", "0")
    assert "0 validation rows" in out and "training accuracy:" in out and "val_loss" not in out
