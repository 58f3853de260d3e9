"""The level rule (docs/design.md): a module imports, at its top, only from its own level or lower.

Every module under axone/ is parsed with ``ast``; the imports that run when the module is
imported (module body and class bodies, not function bodies nor ``if TYPE_CHECKING:``) are
resolved to axone modules and compared by level. Heavy optional libraries must be imported
lazily, inside the functions that need them. Finally ``import axone`` must load NumPy and the
standard library only.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "axone"

# module (or package prefix) -> level; the longest matching prefix wins
LEVELS = {
    "axone._types": 0,
    "axone.random": 0,
    "axone.core.backend": 0,
    "axone.core": 1,
    "axone.data": 1,
    "axone.activations": 2,
    "axone.losses": 2,
    "axone.initializers": 2,
    "axone.metrics": 2,
    "axone.testing": 2,
    "axone.layers": 3,
    "axone.optimizers": 3,
    "axone.training": 4,
    "axone.io": 4,
    "axone.models": 4,
    "axone.nn": 4,
    "axone.optim": 4,
    "axone.utils": 4,
    "axone.onnx": 4,
    "axone.viz": 5,
    "axone.labs": 5,
    "axone.cli": 5,
    "axone.sklearn": 5,
    "axone.playground": 5,
    "axone.demo": 5,
    "axone": 5,  # the package itself gathers every level: only the top level may `import axone`
}
LAZY_ONLY = {"matplotlib", "pandas", "sklearn", "scipy", "tqdm", "safetensors", "torch", "onnx", "onnxruntime"}
LAZY_ONLY |= {"nbformat", "nbclient", "jupyter_client"}  # the notebooks of the labs
# a face over a library subclasses its classes, so imports it at its top (`import axone` never loads the face)
FACE_OF = {"axone.sklearn": {"sklearn"}}


def level_of(module: str) -> int | None:
    for prefix in sorted(LEVELS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LEVELS[prefix]
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def exists(module: str) -> bool:
    base = ROOT.parent.joinpath(*module.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def top_level_imports(tree: ast.Module, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module) for the imports run at import time."""
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    # `from axone import layers` imports the module axone.layers
                    found.append((node.lineno, sub if exists(sub) else base))
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "TYPE_CHECKING" not in test:
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.Try, ast.With)):
                visit(node.body)
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
                visit(getattr(node, "orelse", []))
                visit(getattr(node, "finalbody", []))
            elif isinstance(node, ast.ClassDef):
                visit(node.body)

    visit(tree.body)
    return found


MODULES = sorted(ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_imports_follow_the_levels(path: Path) -> None:
    module = module_name(path)
    own = level_of(module)
    assert own is not None, f"{module} has no level: add it to LEVELS in tests/test_levels.py (and docs/design.md)"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    faced = {
        lib for prefix, libs in FACE_OF.items() if module == prefix or module.startswith(prefix + ".") for lib in libs
    }
    for line, imported in top_level_imports(tree, module, path.name == "__init__.py"):
        top = imported.split(".")[0]
        if top in LAZY_ONLY - faced:
            problems.append(f"line {line}: `{imported}` at module top (import it inside the function that needs it)")
        elif top == "axone" and module != "axone":
            other = level_of(imported)
            if other is None or other > own:
                problems.append(f"line {line}: {module} (level {own}) imports {imported} (level {other})")
    assert not problems, f"{path.relative_to(ROOT.parent)}:\n" + "\n".join(problems)


def test_import_axone_needs_numpy_alone() -> None:
    code = (
        "import sys, json; before = set(sys.modules); import axone; "
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    numpy_internals = {"cython_runtime"}  # loaded by NumPy's compiled modules (numpy.random)
    foreign = [
        m
        for m in loaded
        if m not in sys.stdlib_module_names
        and m not in {"numpy", "axone", *numpy_internals}
        and not m.startswith("_cython_")
    ]
    assert not foreign, f"`import axone` loads modules outside NumPy and the standard library: {foreign}"
