"""Issue 11, section 4: the command line on real-world tables (a metadata line above the header,
French CSV files), a training that learns nothing, and the small things a new user meets first."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest

from axone.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def blobs(n=60, seed=0):
    """Two features, a label that follows their sum: any working training beats the baseline."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)).round(3)
    return X, (X.sum(axis=1) > 0).astype(int)


def test_a_metadata_line_above_the_header_is_an_error_naming_the_lines(capsys, tmp_path):
    """sklearn's breast_cancer.csv starts '569,30,malignant,benign': pandas made 27 of its 30
    features an index and trained on 3, exit 0."""
    X, y = blobs()
    feature = [f"f{i}" for i in range(5)]
    rows = [",".join(f"{v:.3f}" for v in [*x, *x, x[0]]) + f",{t}" for x, t in zip(X, y)]
    path = tmp_path / "cancer.csv"
    path.write_text(f"{len(X)},5,no,yes\n" + ",".join([*feature, "target"]) + "\n" + "\n".join(rows) + "\n")
    code, out, err = run(capsys, "train", path, "--target", "target", "--out", tmp_path / "m.axone")
    assert code == 2 and out == ""
    assert "the header (line 1) has 4 fields" in err and f"lines 2-{len(X) + 2}" in err and "--skip-rows 1" in err
    code, out, err = run(capsys, "train", path, "--target", "target", "--skip-rows", "1", "--out", tmp_path / "m.axone")
    assert code == 0, err
    assert "model: 5 inputs" in out  # every feature, none turned into an index
    assert "1 first line(s) skipped" in out


def test_a_short_or_long_row_in_the_middle_is_named(capsys, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,label\n1,2,0\n3,4,5,1\n5,6,0\n7,1\n")
    code, _, err = run(capsys, "train", path, "--target", "label", "--out", tmp_path / "m.axone")
    assert code == 2 and "lines 3, 5" in err


def french_table(path, encoding="cp1252"):
    X, y = blobs()
    lines = ["taille;ville;étiquette"] + [
        f"{x[0]:.3f};{'Besançon' if x[1] > 0 else 'Nîmes'};{'oui' if t else 'non'}".replace(".", ",")
        for x, t in zip(X, y)
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_a_french_table_is_read_with_its_separator_decimal_and_encoding(capsys, tmp_path):
    path = french_table(tmp_path / "fr.csv")
    code, out, err = run(capsys, "train", path, "--target", "étiquette", "--epochs", "2", "--out", tmp_path / "m.axone")
    assert code == 0, err
    assert "read as: separator ';', decimal mark ',', encoding cp1252" in out
    assert "model: 3 inputs" in out  # taille and the two cities: not one column 'taille;ville;étiquette'
    code, out, err = run(capsys, "predict", tmp_path / "m.axone", path)
    assert code == 0, err
    assert set(pd.read_csv(io.StringIO(out))["prediction"]) <= {"oui", "non"}


def test_separator_decimal_and_encoding_can_be_named(capsys, tmp_path):
    path = french_table(tmp_path / "fr.csv", encoding="latin-1")
    code, out, err = run(
        capsys,
        "train",
        path,
        "--target",
        "étiquette",
        "--sep",
        ";",
        "--decimal",
        ",",
        "--encoding",
        "latin-1",
        "--epochs",
        "1",
        "--out",
        tmp_path / "m.axone",
    )
    assert code == 0, err
    code, _, err = run(capsys, "train", path, "--target", "étiquette", "--encoding", "utf-8", "--out", tmp_path / "n")
    assert code == 2 and "is not utf-8" in err and "cp1252" in err


@pytest.mark.parametrize(
    "sep, bom", [("\t", False), ("   ", False), (",", True)], ids=["tab", "whitespace", "utf-8 bom"]
)
def test_tab_whitespace_and_bom(capsys, tmp_path, sep, bom):
    X, y = blobs()
    text = sep.join(["a", "b", "label"]) + "\n" + "".join(f"{a}{sep}{b}{sep}{t}\n" for (a, b), t in zip(X, y))
    path = tmp_path / "t.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    code, out, err = run(capsys, "train", path, "--target", "label", "--epochs", "1", "--out", tmp_path / "m.axone")
    assert code == 0, err
    assert "model: 2 inputs" in out


def test_a_training_that_learns_nothing_says_so(capsys, tmp_path):
    X, y = blobs(200)
    path = tmp_path / "t.csv"
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "label": y}).to_csv(path, index=False)
    code, out, err = run(capsys, "train", path, "--target", "label", "--lr", "1e6", "--out", tmp_path / "m.axone")
    assert code == 0
    assert re.search(r"warning: .*no better than .*--lr", out + err), out + err
    code, out, err = run(capsys, "train", path, "--target", "label", "--epochs", "40", "--out", tmp_path / "ok.axone")
    assert code == 0 and "warning" not in out + err, out + err


def test_train_help_shows_no_default_for_required_options(capsys):
    code, out, _ = run(capsys, "train", "--help")
    assert code == 0
    assert "(default: None)" not in out
    assert "(default: 50)" in out  # the real defaults are still shown


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(capsys, flag):
    code, out, _ = run(capsys, flag)
    assert code == 0 and out.startswith("axone ")


def test_regression_predictions_are_printed_as_float32_and_scored_with_out(capsys, regression_csv, tmp_path):
    model = tmp_path / "prices.axone"
    code, _, err = run(capsys, "train", regression_csv, "--target", "price", "--epochs", "5", "--out", model)
    assert code == 0, err
    code, out, err = run(capsys, "predict", model, regression_csv)
    assert code == 0, err
    values = out.splitlines()[1:]
    # the shortest text that reads back as the same float32 (205.14963, not 205.14962768554688)
    assert all(len(re.sub(r"[^0-9]", "", v).lstrip("0")) <= 9 for v in values), values[:5]
    assert all(np.float32(v) == np.float32(float(v)) for v in values)
    code, out, err = run(capsys, "predict", model, regression_csv, "--out", tmp_path / "p.csv")
    assert code == 0, err
    assert re.search(r"the table has the target column 'price': MAE [0-9.e+-]+, RMSE [0-9.e+-]+", out), out
