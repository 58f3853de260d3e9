"""``axone export model.axone --to onnx``: the saved model as an ONNX file, checked with --check."""

from __future__ import annotations

import onnx
from onnx_helpers import randomize

import axone as ax
from axone.cli.main import main


def saved_model(tmp_path):
    model = ax.Sequential([ax.Input((None, 3)), ax.layers.GRU(4), ax.layers.Dense(2, activation="softmax")])
    randomize(model)
    model.save(tmp_path / "net.axone")
    return tmp_path / "net.axone"


def test_export_writes_beside_the_model_and_checks(tmp_path, capsys) -> None:
    source = saved_model(tmp_path)
    assert main(["export", str(source), "--to", "onnx", "--check"]) == 0
    out = capsys.readouterr().out
    onnx.checker.check_model(onnx.load(str(tmp_path / "net.onnx")), full_check=True)
    assert "wrote" in out and "net.onnx" in out
    gap = float(out.rsplit("largest gap", 1)[1])
    assert 0 <= gap <= 1e-5


def test_export_refuses_to_overwrite_without_force(tmp_path, capsys) -> None:
    source = saved_model(tmp_path)
    target = tmp_path / "other.onnx"
    target.write_bytes(b"keep me")
    assert main(["export", str(source), "--to", "onnx", "--out", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"
    assert main(["export", str(source), "--to", "onnx", "--out", str(target), "--force"]) == 0
    assert onnx.load(str(target)).graph.output[0].name == "output"


def test_export_needs_a_known_format(tmp_path, capsys) -> None:
    assert main(["export", str(saved_model(tmp_path)), "--to", "tflite"]) == 2
    assert "invalid choice" in capsys.readouterr().err
