"""Every user error of the ``axone`` command: exit code 2, one line on stderr, and no file written
or changed (the folder is compared byte for byte before and after)."""

from __future__ import annotations

import zipfile

import pytest

import axone as ax
from axone.cli import main
from axone.cli.errors import CliError


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fails(capsys, argv, folder, expected):
    before = snapshot(folder)
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert code == 2, (code, captured.err)
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(("axone: error: ", "axone train: error: ", "axone predict: error: ")), lines[0]
    assert expected in lines[0], lines[0]
    assert captured.out == ""
    assert snapshot(folder) == before  # nothing created, nothing overwritten


@pytest.fixture
def files(tmp_path, messy_csv):
    """A folder of inputs: tables good and bad, and an existing output to protect."""
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "header.csv").write_text("a,b,y\n")
    (tmp_path / "one_class.csv").write_text("a,y\n1,x\n2,x\n3,x\n")
    (tmp_path / "text_target.csv").write_text("a,y\n1,x\n2,z\n3,w\n")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00\x81" * 50)
    (tmp_path / "exists.axone").write_bytes(b"precious")
    (tmp_path / "sub").mkdir()
    return tmp_path


TRAIN_CASES = [
    # (arguments after "train", the words the one line must hold)
    (["missing.csv", "--target", "label", "--out", "m.axone"], "table 'missing.csv' does not exist"),
    (["sub", "--target", "label", "--out", "m.axone"], "is not a file"),
    (["messy.csv", "--target", "nope", "--out", "m.axone"], "target column 'nope' not found"),
    (["empty.csv", "--target", "y", "--out", "m.axone"], "the file is empty"),
    (["header.csv", "--target", "y", "--out", "m.axone"], "the table is empty"),
    (["one_class.csv", "--target", "y", "--out", "m.axone"], "single class"),
    (["text_target.csv", "--target", "y", "--task", "regression", "--out", "m.axone"], "must be numeric"),
    (["binary.csv", "--target", "y", "--out", "m.axone"], "not a readable CSV"),
    (["messy.csv", "--target", "label", "--out", "exists.axone"], "already exists; use --force"),
    (["messy.csv", "--target", "label", "--out", "nowhere/m.axone"], "folder 'nowhere' does not exist"),
    (["messy.csv", "--target", "label", "--out", "sub"], "is a folder"),
    (["messy.csv", "--target", "label", "--out", "messy.csv", "--force"], "also an input"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--hidden", "8,x"], "--hidden"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--activation", "sigmaa"], "unknown --activation"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--optimizer", "adamm"], "unknown optimizer"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--lr", "-1"], "--lr must be a positive"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--lr", "inf"], "--lr must be a positive finite"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--lr", "nan"], "--lr must be a positive finite"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--val", "1"], "--val"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--epochs", "0"], "--epochs"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--batch-size", "0"], "--batch-size"),
    (["messy.csv", "--target", "label"], "required: --out"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--task", "both"], "invalid choice"),
    (["messy.csv", "--target", "label", "--out", "m.axone", "--epochs", "many"], "invalid int value"),
]


@pytest.mark.parametrize("argv, expected", TRAIN_CASES, ids=[c[1][:30] for c in TRAIN_CASES])
def test_train_errors(capsys, files, monkeypatch, argv, expected):
    monkeypatch.chdir(files)
    fails(capsys, ["train", *argv], files, expected)
    assert (files / "exists.axone").read_bytes() == b"precious"


def write_predict_inputs(folder, trained):
    model, table = trained
    (folder / "m.axone").write_bytes(model.read_bytes())
    raw = table.read_text()
    (folder / "t.csv").write_text(raw)
    (folder / "lacks.csv").write_text("x1,city,source\n1,Paris,survey\n")
    (folder / "extra.csv").write_text("x1,x2,city,source,shoe\n1,2,Paris,survey,42\n")
    (folder / "rows.csv").write_text("x1,x2,city,source,label\n")
    (folder / "words.csv").write_text("x1,x2,city,source\nlarge,2,Paris,survey\n")
    (folder / "garbage.axone").write_bytes(b"not a zip at all")
    data = model.read_bytes()
    (folder / "truncated.axone").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(folder / "no_config.axone", "w") as z:  # a zip, but not a model file
        z.writestr("hello.txt", "hi")
    plain = ax.Sequential([ax.Input((5,)), ax.layers.Dense(1, activation="sigmoid")])
    ax.io.save_model(plain, folder / "plain.axone")  # a real model, without table preprocessing
    (folder / "out.csv").write_text("keep me")


PREDICT_CASES = [
    (["missing.axone", "t.csv"], "model file 'missing.axone' does not exist"),
    (["m.axone", "missing.csv"], "table 'missing.csv' does not exist"),
    (["garbage.axone", "t.csv"], "not a readable zip archive"),
    (["truncated.axone", "t.csv"], "model file 'truncated.axone'"),
    (["no_config.axone", "t.csv"], "model file 'no_config.axone'"),
    (["plain.axone", "t.csv"], "carries no table preprocessing"),
    (["m.axone", "lacks.csv"], "lacks column(s) 'x2'"),
    (["m.axone", "extra.csv"], "unexpected column(s) 'shoe'"),
    (["m.axone", "rows.csv"], "has no rows"),
    (["m.axone", "words.csv"], "column 'x1' should hold numbers"),
    (["m.axone", "t.csv", "--out", "out.csv"], "already exists; use --force"),
    (["m.axone", "t.csv", "--out", "t.csv", "--force"], "also an input"),
    (["m.axone", "t.csv", "--out", "nowhere/p.csv"], "does not exist"),
    (["m.axone"], "required: table"),
]


@pytest.mark.parametrize("argv, expected", PREDICT_CASES, ids=[c[1][:30] for c in PREDICT_CASES])
def test_predict_errors(capsys, tmp_path, monkeypatch, trained, argv, expected):
    write_predict_inputs(tmp_path, trained)
    monkeypatch.chdir(tmp_path)
    fails(capsys, ["predict", *argv], tmp_path, expected)


OTHER_CASES = [
    (["inspect", "missing.axone"], "does not exist"),
    (["inspect", "garbage.axone"], "not a readable zip archive"),
    (["inspect", "truncated.axone"], "model file 'truncated.axone'"),
    (["lab", "lunh"], "did you mean 'lunch'?"),
    (["lab", "tape", "--out", "t.csv"], "is a file"),
    (["tour", "--out", "page"], "was not written by 'axone tour'"),
    (["bake"], "invalid choice: 'bake'"),
]


@pytest.mark.parametrize("argv, expected", OTHER_CASES, ids=[" ".join(c[0][:2]) for c in OTHER_CASES])
def test_other_errors(capsys, tmp_path, monkeypatch, trained, argv, expected):
    write_predict_inputs(tmp_path, trained)
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<html>my own page</html>")
    monkeypatch.chdir(tmp_path)
    fails(capsys, argv, tmp_path, expected)


def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CliError, match="does not exist"):
        main(["--debug", "inspect", "missing.axone"])
