"""The labs as notebooks: all eighteen are written and valid, and a few are executed with nbclient in
a Python kernel of this interpreter; the numbers they print are the lab's own."""

from __future__ import annotations

import inspect
import json

import nbformat
import pytest

from axone import labs
from axone.cli.main import main
from axone.labs import notebook

EXECUTED = ["first-network", "circles", "addition"]  # seconds each in quick mode, with figures


def numbers_of(executed) -> dict:
    cell = next(c for c in executed.cells if notebook.NUMBERS_TAG in c.metadata.get("tags", []))
    text = "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
    return json.loads(text)


@pytest.mark.parametrize("name", EXECUTED)
def test_notebook_runs_and_prints_the_labs_numbers(name, tmp_path, capsys) -> None:
    # nbclient, in a kernel of this interpreter (the test venv's python): axone.labs.notebook_run
    assert main(["lab", name, "--notebook", "--quick", "--execute", "--out", str(tmp_path)]) == 0
    assert "outputs and figures saved" in capsys.readouterr().out
    executed = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
    expected = json.loads(json.dumps(labs.run(name, quick=True).numbers, default=float))
    assert numbers_of(executed) == expected
    images = [o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == len(list((tmp_path / "figures").glob("*.png"))) >= 1  # the lab's figures, inside the file
    assert executed.metadata["kernelspec"]["name"] == "python3"  # opens with the reader's own kernel


def test_every_lab_becomes_a_valid_notebook_from_its_own_code() -> None:
    for name in labs.LABS:
        nb = notebook.notebook(name, quick=False)
        nbformat.validate(nb)
        code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
        compile(code, name, "exec")  # the steps put together are valid Python
        module = notebook.module_of(name)
        assert f"from {module.__name__} import *" in code
        assert "quick = False" in code and "return result" not in code
        # each step is a piece of run()'s own source, not a copy written elsewhere
        source = inspect.getsource(module.run)
        steps = notebook.run_paragraphs(module)
        assert all(line.strip() in source for step in steps for line in step.splitlines())


def test_axone_lab_notebook_and_tour_notebooks(tmp_path, capsys) -> None:
    assert main(["lab", "tape", "--notebook", "--quick", "--out", str(tmp_path)]) == 0
    assert "quick = True" in (tmp_path / "tape.ipynb").read_text()
    assert main(["lab", "tape", "--notebook", "--out", str(tmp_path)]) == 2  # kept: it may hold edits
    assert "--force" in capsys.readouterr().err
    assert main(["tour", "--notebooks", str(tmp_path / "all")]) == 0
    written = sorted(p.name for p in (tmp_path / "all").glob("*.ipynb"))
    assert len(written) == 18 and written[0] == "01-neuron.ipynb" and written[-1] == "18-cleaning.ipynb"
