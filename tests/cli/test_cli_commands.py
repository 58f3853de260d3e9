"""``axone datasets``, ``lab``, ``tour``, ``--help`` and ``python -m axone``."""

from __future__ import annotations

import base64
import html
import importlib.util
import io
import re
import subprocess
import sys

import pytest

from axone import labs
from axone.cli import main
from axone.cli.labs import Progress
from axone.data import list_datasets
from axone.labs.tour import TourEntry


def lab_exists(name: str) -> bool:
    return importlib.util.find_spec(f"axone.labs.{labs.LABS[name][0]}") is not None


def test_python_m_axone_help():
    done = subprocess.run([sys.executable, "-m", "axone", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for command in ("train", "predict", "inspect", "datasets", "lab", "tour"):
        assert command in done.stdout


@pytest.mark.parametrize("command", ["train", "predict", "inspect", "datasets", "lab", "tour"])
def test_every_command_has_help(capsys, command):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: axone {command}")


def test_no_command_prints_the_help(capsys):
    assert main([]) == 0
    assert "usage: axone" in capsys.readouterr().out


def test_datasets_lists_every_dataset(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    entries = list_datasets()
    for name, description in entries:
        assert re.search(rf"^{re.escape(name)} +{re.escape(description)}$", out, re.M), name
    assert f"{len(entries)} datasets" in out


def test_lab_lists_every_lab_in_one_line(capsys):
    assert main(["lab"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for name, (_, description) in labs.LABS.items():
        assert sum(line.split()[:1] == [name] and line.endswith(description) for line in lines) == 1


def first_existing(*names: str) -> str:
    found = [name for name in names if lab_exists(name)]
    if not found:
        pytest.skip(f"none of the labs {names} exists yet")
    return found[0]


def test_lab_runs_and_saves_its_figures(capsys, tmp_path):
    name = first_existing("tape", "first-network", "lunch")
    assert main(["lab", name, "--quick", "--out", str(tmp_path / "figs")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{name}: ")
    if name == "tape":
        assert "108" in out
    for png in (tmp_path / "figs").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert str(png) in out


def test_lab_that_raises_is_reported_with_exit_1(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(labs.LABS, "broken", ("no_such_lab_module", "a lab whose module is missing"))
    assert main(["lab", "broken", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "lab 'broken' failed: ModuleNotFoundError" in err[0]


def sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="lab-([\w-]+)" class="\w+">(.*?)</section>', page, re.S))


def test_tour_on_a_subset_writes_one_self_contained_page(capsys, tmp_path, monkeypatch):
    present = [name for name in ("tape", "first-network", "backprop", "lunch") if lab_exists(name)][:2]
    if not present:
        pytest.skip("no quick lab exists yet")
    subset = {name: labs.LABS[name] for name in present}
    subset["broken"] = ("no_such_lab_module", "a lab whose module is missing")
    monkeypatch.setattr(labs, "LABS", subset)
    out = tmp_path / "tour"
    assert main(["tour", "--quick", "--out", str(out)]) == 1  # a lab failed: never hidden
    captured = capsys.readouterr()
    assert f"[{len(subset)}/{len(subset)}] broken: FAILED (ModuleNotFoundError" in captured.out
    assert captured.err.splitlines() == [
        f"axone: error: 1 of {len(subset)} labs failed: broken (their tracebacks are in {out / 'index.html'})"
    ]
    page = (out / "index.html").read_text(encoding="utf-8")
    found = sections(page)
    assert list(found) == list(subset)
    for name in present:
        result = labs.run(name, quick=True)
        assert '<p class="status">ok' in found[name]
        assert all(html.escape(finding) in found[name] for finding in result.findings)
    assert "failed" in found["broken"] and "ModuleNotFoundError" in found["broken"]
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == len(list((out / "figures").glob("*.png")))
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'src="figures/' not in page and '<img src="/' not in page  # nothing outside the file

    # a second run may replace the page the tour wrote
    monkeypatch.setattr(labs, "LABS", {present[0]: subset[present[0]]})
    assert main(["tour", "--quick", "--out", str(out)]) == 0
    assert list(sections((out / "index.html").read_text(encoding="utf-8"))) == [present[0]]


def test_progress_draws_a_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(2, stream=stream)
    progress(TourEntry("tape", "t", True, 0.5))
    progress(TourEntry("lunch", "l", False, 0.1, error="Traceback...\nValueError: boom\n"))
    progress.close()
    text = stream.getvalue()
    assert "[1/2] tape: ok, 0.50 s" in text and "[2/2] lunch: FAILED (ValueError: boom)" in text
    assert "2/2" in text and "tour" in text  # the bar itself


missing = [name for name in labs.LABS if not lab_exists(name)]


@pytest.mark.skipif(bool(missing), reason=f"lab modules not written yet: {', '.join(missing)}")
def test_the_real_tour_holds_every_lab(capsys, tmp_path):
    out = tmp_path / "tour"
    code = main(["tour", "--quick", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    found = sections((out / "index.html").read_text(encoding="utf-8"))
    assert list(found) == list(labs.LABS)
    assert all('<p class="status">ok' in body for body in found.values())


def test_a_closed_pipe_ends_quietly(capsys, monkeypatch):
    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["datasets"]) == 0  # `axone datasets | head -1`: no error line
    assert capsys.readouterr().err == ""
