r"""The labs as Jupyter notebooks, made from the labs' own code (``axone lab NAME --notebook``).

A lab is a module whose ``run(quick, out)`` does the whole experiment. Its notebook is written
from that module, so nothing is written twice:

1. a text cell: the lab's title and its module docstring (the course's words and formulas);
2. a settings cell: ``quick`` and ``out``, the two arguments of ``run``;
3. an import cell: ``from axone.labs.NAME import *`` (and its private helpers by name), so the
   cells below find the lab's functions and constants;
4. the body of ``run``, read from its source with ``ast`` and cut into one cell per paragraph (the
   blank lines of the source), the final ``return result`` left out: the experiment step by step;
5. the findings (``result.report()``), the key numbers as JSON (tagged ``numbers``; the tests
   compare them with ``run``'s), and the figures, shown inline from the PNG files the lab saved.

Example:
    >>> nb = notebook("tape", quick=True)
    >>> nb.cells[0].cell_type, nb.cells[1].source.splitlines()[0]
    ('markdown', 'quick = True  # True: the quick version (seconds); False: the full run')
    >>> [cell.metadata.get("tags") for cell in nb.cells if "numbers" in cell.metadata.get("tags", [])]
    [['numbers']]
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from pathlib import Path
from typing import Any

from axone import labs

NUMBERS_TAG = "numbers"
_NUMBERS = """import json

print(json.dumps(result.numbers, default=float))"""
_FIGURES = """from IPython.display import Image, display

for path in result.figures.values():
    display(Image(filename=str(path)))"""


def module_of(name: str) -> Any:
    """The module of lab ``name`` (a name of ``axone.labs.LABS``)."""
    if name not in labs.LABS:
        raise ValueError(f"unknown lab {name!r}; the labs are: {', '.join(labs.LABS)}")
    return importlib.import_module(f"axone.labs.{labs.LABS[name][0]}")


def run_paragraphs(module: Any) -> list[str]:
    """The body of ``module.run`` as the source of successive steps, without its final ``return``.

    A new step starts at a blank line or a comment between two statements of the body, and where
    the code passes from computing to reporting (``result.numbers.update``, ``result.findings...``).
    """
    source = inspect.getsource(module)
    run = next(node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef) and node.name == "run")
    body = run.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # run's docstring, if any, is not code
    if not (isinstance(body[-1], ast.Return) and isinstance(body[-1].value, ast.Name)):
        raise ValueError(f"{module.__name__}.run must end with `return result` to become a notebook")
    lines = source.splitlines()
    steps: list[list[str]] = []
    previous_end, previous_kind = run.body[0].lineno - 1, None
    for statement in body[:-1]:
        gap = lines[previous_end : statement.lineno - 1]  # blank lines and comments before the statement
        text = lines[statement.lineno - 1 : statement.end_lineno]
        kind = _is_report(statement)
        if not steps or any(not line.strip() or line.strip().startswith("#") for line in gap) or kind != previous_kind:
            steps.append([])
        steps[-1] += [line for line in gap if line.strip()] + text
        previous_end, previous_kind = statement.end_lineno, kind
    return [textwrap.dedent("\n".join(step)) for step in steps]


def _is_report(statement: ast.stmt) -> bool:
    """``result.numbers.update(...)`` or ``result.findings.append(...)``: the lab writing down what it found."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    target = getattr(getattr(call, "func", None), "value", None)
    return isinstance(target, ast.Attribute) and target.attr in ("numbers", "findings")


def _private_helpers(module: Any, paragraphs: list[str]) -> list[str]:
    """The module's own names starting with ``_`` that the code uses (``import *`` leaves them out)."""
    used = {node.id for text in paragraphs for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Name)}
    return sorted(name for name in used if name.startswith("_") and not name.startswith("__") and hasattr(module, name))


def notebook(name: str, quick: bool = False) -> Any:
    """The notebook (an ``nbformat`` v4 ``NotebookNode``) of lab ``name``, not executed."""
    import nbformat

    cells = nbformat.v4
    module = module_of(name)
    title = f"Lab {list(labs.LABS).index(name) + 1}, {name}: {labs.LABS[name][1]}"
    heading, _, text = (inspect.getdoc(module) or title).partition("\n")
    text = text.split("\nExample:")[0].split("\nExamples:")[0].strip()  # the doctests stay in the module
    intro = (
        f"# {heading}\n\n{text}\n\n"
        f"The cells below are the body of `axone.labs.{module.__name__.rsplit('.', 1)[1]}.run`, step by step; "
        f"`axone lab {name}` runs the same code from the command line."
    )
    paragraphs = run_paragraphs(module)
    imports = f"from {module.__name__} import *  # the lab's functions, constants and imports"
    helpers = _private_helpers(module, paragraphs)
    if helpers:
        imports += f"\nfrom {module.__name__} import {', '.join(helpers)}"
    settings = (
        f"quick = {quick}  # True: the quick version (seconds); False: the full run\n"
        'out = "figures"  # the folder where the lab saves its figures'
    )
    nb = cells.new_notebook()
    nb.cells = [cells.new_markdown_cell(intro), cells.new_code_cell(settings), cells.new_code_cell(imports)]
    nb.cells += [cells.new_code_cell(paragraph) for paragraph in paragraphs]
    nb.cells.append(cells.new_markdown_cell("## What the lab found"))
    nb.cells.append(cells.new_code_cell("print(result.report())"))
    nb.cells.append(cells.new_code_cell(_NUMBERS, metadata={"tags": [NUMBERS_TAG]}))
    nb.cells.append(cells.new_code_cell(_FIGURES))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_notebook(name: str, path: str | Path, quick: bool = False) -> Path:
    """Write lab ``name``'s notebook to ``path`` (atomically) and return the path."""
    import nbformat

    from axone.io.archive import atomic_write

    nb = notebook(name, quick=quick)
    nbformat.validate(nb)
    data = nbformat.writes(nb).encode("utf-8")
    atomic_write(path, lambda handle: handle.write(data))
    return Path(path)


def numbered_name(name: str) -> str:
    """``12-circles.ipynb``: the file of lab ``name`` among all, numbered in the course's order."""
    return f"{list(labs.LABS).index(name) + 1:02d}-{name}.ipynb"


def write_all(folder: str | Path, quick: bool = False) -> list[Path]:
    """One notebook per lab in ``folder`` (created if needed): ``01-neuron.ipynb`` ... ``18-cleaning.ipynb``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_notebook(name, folder / numbered_name(name), quick=quick) for name in labs.LABS]
