"""Your own tables: the messy CSV, the cleaning report, and the Preprocessor's round trip."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from axone.data import Preprocessor, from_csv, from_dataframe, read_csv

MESSY = """age,income,city,const,score,label
25,3000,Paris,1,0.5,yes
32,4200,Lyon,1,0.7,no
47,,Paris,1,0.2,yes
25,3000,Paris,1,0.5,yes
51,5100,,1,0.9,no
?,3900,Nice,1,0.4,yes
38,1000000,Lyon,1,0.6,no
29,3500,Paris,1,0.3,yes
44,4700,Nice,1,0.8,no
36,4100,Lyon,1,0.1,yes
41,4400,Paris,1,,no
33,3800,Nice,1,0.55,
"""


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_text(MESSY)
    return path


def test_messy_csv_report(messy):
    ds = from_csv(messy, target="label")
    r = ds.report
    assert (r.rows_read, r.rows_kept, r.columns_read) == (12, 10, 6)
    assert r.duplicates_dropped == 1 and r.target_missing_dropped == 1
    assert r.coerced_to_numeric == {"age": 1}  # "?" read as a missing age
    assert r.missing == {"age": 1, "income": 1, "city": 1, "score": 1}
    assert r.imputed == {"age": 38.0, "income": 4200.0, "city": "Paris", "score": 0.5}
    assert r.constant_columns == ["const"]
    assert r.text_columns == {"city": ["Lyon", "Nice", "Paris"]}
    assert r.outliers == {"income": 1}
    assert r.task == "classification" and r.classes == {"no": 5, "yes": 5}
    assert ds.feature_names == ["age", "income", "city=Lyon", "city=Nice", "city=Paris", "score"]
    assert ds.X.shape == (10, 6) and ds.X.dtype == np.float32
    assert ds.y.dtype == np.int64 and ds.classes == ["no", "yes"]
    text = str(r)
    for needle in ["12 read, 10 kept", "duplicate rows dropped: 1", "const", "income 1", "no 5, yes 5"]:
        assert needle in text
    json.dumps(r.to_dict())


def test_outlier_does_not_ruin_the_column(messy):
    ds = from_csv(messy, target="label")
    income = ds.X[:, ds.feature_names.index("income")]
    # standardised on clipped values: mean 0, std 1, and the ordinary incomes spread out
    assert abs(income.mean()) < 1e-5 and abs(income.std() - 1) < 1e-5
    assert np.sort(income)[:-1].std() > 0.5
    assert income.max() < 3
    kept = from_csv(messy, target="label", outliers="keep")
    raw_income = kept.X[:, kept.feature_names.index("income")]
    assert np.sort(raw_income)[:-1].std() < 0.01  # without clipping, one value squashes the rest
    dropped = from_csv(messy, target="label", outliers="drop")
    assert dropped.report.outlier_rows_dropped == 1 and len(dropped) == 9


def test_missing_drop(messy):
    ds = from_csv(messy, target="label", missing="drop")
    assert ds.report.missing_rows_dropped == 4 and ds.report.imputed == {}
    assert len(ds) == 6 and ds.report.rows_kept == 6


def test_preprocessor_json_round_trip(messy):
    ds = from_csv(messy, target="label")
    config = json.loads(json.dumps(ds.preprocessor.get_config()))
    p = Preprocessor.from_config(config)
    raw = read_csv(messy).drop_duplicates().dropna(subset=["label"])
    np.testing.assert_allclose(p.transform(raw), ds.X, atol=1e-6)
    assert p.feature_names == ds.feature_names
    assert p.decode_target(ds.y) == [ds.classes[i] for i in ds.y]
    np.testing.assert_array_equal(p.encode_target(raw["label"]), ds.y)


def test_transform_raw_rows_later(messy):
    p = from_csv(messy, target="label").preprocessor
    new = pd.DataFrame(
        {"age": ["?", 30], "income": [5e9, None], "city": ["Berlin", "Nice"], "const": [1, 1], "score": [0.5, 0.2]}
    )
    X = p.transform(new)
    assert X.shape == (2, 6) and np.isfinite(X).all()
    assert X[0, 2:5].tolist() == [0, 0, 0]  # unseen city: all zeros
    assert X[1, 2:5].tolist() == [0, 1, 0]
    age, income = p.columns[0], p.columns[1]
    assert X[0, 0] == pytest.approx((38.0 - age["mean"]) / age["scale"], rel=1e-5)  # "?" imputed
    assert X[0, 1] == pytest.approx((income["clip"][1] - income["mean"]) / income["scale"], rel=1e-5)


def test_transform_column_errors(messy):
    p = from_csv(messy, target="label").preprocessor
    table = read_csv(messy)
    with pytest.raises(ValueError, match="lacks column\\(s\\) 'city'"):
        p.transform(table.drop(columns=["city"]))
    with pytest.raises(ValueError, match="unexpected column\\(s\\) 'colour'"):
        p.transform(table.assign(colour="red"))
    with pytest.raises(ValueError, match="'score' should hold numbers, found 'high'"):
        p.transform(table.assign(score="high"))
    p.transform(table.drop(columns=["const", "label"]))  # removed and target columns are optional


def test_regression_and_task_choice():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=30), "kind": ["a", "b", "c"] * 10})
    df["y"] = 2.5 * df["x"] + 0.1
    ds = from_dataframe(df, target="y")
    assert ds.task == "regression" and ds.y.shape == (30, 1) and ds.y.dtype == np.float32
    assert ds.classes is None and set(ds.report.target_summary) == {"min", "mean", "max"}
    df["n"] = [0, 1, 2] * 10
    assert from_dataframe(df, target="n").task == "classification"
    assert from_dataframe(df, target="n", task="regression").task == "regression"
    with pytest.raises(ValueError, match="regression target 'kind' must be numeric, found 'a'"):
        from_dataframe(df, target="kind", task="regression")


def test_user_errors():
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": ["a", "a", "a"]})
    with pytest.raises(ValueError, match="single class \\('a'\\)"):
        from_dataframe(df, target="y")
    with pytest.raises(ValueError, match="target column 'z' not found; the table has: 'x', 'y'"):
        from_dataframe(df, target="z")
    with pytest.raises(ValueError, match="empty"):
        from_dataframe(df.iloc[:0], target="y")
    with pytest.raises(ValueError, match="no input column"):
        from_dataframe(df[["y"]], target="y")
    with pytest.raises(ValueError, match="outliers must be"):
        from_dataframe(df, target="y", outliers="zap")


def test_read_csv_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_csv(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="the file is empty"):
        from_csv(tmp_path / "empty.csv", target="y")


def test_identifier_columns_and_numeric_labels():
    df = pd.DataFrame({"name": [f"p{i}" for i in range(60)], "x": np.arange(60.0), "y": [1.0, 0.0] * 30})
    ds = from_dataframe(df, target="y", max_categories=50)
    assert ds.report.identifier_columns == {"name": 60}
    assert ds.classes == [0, 1] and ds.feature_names == ["x"]
    p = Preprocessor.from_config(json.loads(json.dumps(ds.preprocessor.get_config())))
    assert p.encode_target([1, 0, 1.0]).tolist() == [1, 0, 1]
    with pytest.raises(ValueError, match="unseen in training"):
        p.encode_target([2])


def test_from_config_rejects_malformed():
    with pytest.raises(ValueError, match="format"):
        Preprocessor.from_config({"format": "pickle"})
    cfg = {
        "format": "axone.data.Preprocessor",
        "version": 1,
        "target": "y",
        "task": "regression",
        "columns": [{"name": "a", "kind": "numeric", "impute": 0.0}],
    }
    with pytest.raises(ValueError, match="'columns\\[0\\]' \\('a'\\) lacks 'clip'"):
        Preprocessor.from_config(cfg)


def test_import_needs_numpy_only():
    code = "import sys, axone.data; print(any(m in sys.modules for m in ('pandas', 'sklearn', 'torch')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_infinities_blanks_and_input_untouched():
    df = pd.DataFrame(
        {
            "x": [1.0, np.inf, 3.0, 4.0, -np.inf, 6.0],
            "c": ["a", "  ", "b", " a", None, "b"],
            "y": ["p", "q", "p", "q", "p", "q"],
        }
    )
    before = df.copy()
    ds = from_dataframe(df, target="y")
    pd.testing.assert_frame_equal(df, before)
    assert ds.report.missing == {"x": 2, "c": 2}
    assert ds.report.text_columns == {"c": ["a", "b"]}
    assert np.isfinite(ds.X).all()
    p = ds.preprocessor
    assert p.decode_target(np.array([[0.2, 0.8], [0.9, 0.1]])) == ["q", "p"]
    assert p.decode_target(np.array([[0.7], [0.1]])) == ["q", "p"]
    assert p.decode_target(np.array([0.7, 0.1])) == ["q", "p"]
    assert p.decode_target(np.array([1, 0])) == ["q", "p"]


SMALL = {"a": [1.0, 2.0, 3.0, 4.0], "y": [1.5, 2.5, 3.0, 3.3]}


@pytest.mark.parametrize("bad", [np.inf, 1e300])
def test_regression_target_must_be_finite_in_float32(bad):
    df = pd.DataFrame({**SMALL, "y": [1.5, 2.5, bad, 3.3]})
    with pytest.raises(ValueError, match="infinite values or values beyond float32"):
        from_dataframe(df, "y")


def test_from_dataframe_checks_its_arguments_first():
    with pytest.raises(TypeError, match="expects a pandas DataFrame, got ndarray"):
        from_dataframe(np.zeros((3, 2)), "y")
    with pytest.raises(ValueError, match="task must be"):
        from_dataframe(pd.DataFrame(SMALL), "y", task="regresion")


def test_no_input_left_after_cleaning_is_an_error():
    df = pd.DataFrame({"name": ["ann", "bob", "cy", "dee"], "y": [1, 0, 1, 0]})
    with pytest.raises(ValueError, match="no input column is left.*identifier-like \\['name'\\]"):
        from_dataframe(df, "y", max_categories=2)


def test_integer_target_name_matches_its_column():
    ds = from_dataframe(pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], 0: [1, 0, 1, 0]}), 0)
    assert ds.y.tolist() == [1, 0, 1, 0]


def test_decode_target_refuses_indices_it_has_no_class_for():
    p = from_dataframe(pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "y": ["n", "y", "n", "y"]}), "y").preprocessor
    assert p.decode_target(np.array([[0.2, 0.8]])) == ["y"]
    with pytest.raises(ValueError, match=r"in \[0, 2\), found -1"):
        p.decode_target(np.array([-1]))  # before: silently the last class
    with pytest.raises(ValueError, match="3 probabilities per row for 2 classes"):
        p.decode_target(np.array([[0.1, 0.2, 0.7]]))
