"""MkDocs hooks of the documentation site (``mkdocs.yml`` names this file under ``hooks:``).

Three jobs, each so that the site follows the code and the docs folder without hand upkeep:

- ``on_files``: one API page per area (``api/layers.md``...), generated from the package tree:
  every public module under the area's packages gets a ``::: module`` block for mkdocstrings.
  A new module appears in the reference by itself; a module no area claims goes to ``api/other.md``.
- ``on_nav``: a page of ``docs/`` that the nav does not list is added under "More pages" rather
  than left out, so another engineer's new page is reachable before anyone edits the nav.
- ``on_post_build``: MathJax 3, from the ``django-static-mathjax`` package (a plain copy of
  MathJax's files; it does not need Django), is copied into ``site/assets/mathjax``, so the built
  site renders its formulas without any network, when it is built and when it is read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "axone"

# API page -> (title, introduction, module prefixes it documents); the order is the nav's
AREAS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "tensors": (
        "Tensors and autodiff",
        "The engine: tensors, the backward pass, tapes, the compiled path.",
        ("axone.core",),
    ),
    "ops": (
        "Ops",
        "The differentiable primitives, one family per module; each is also `ax.<name>`.",
        ("axone.core.ops",),
    ),
    "functions": (
        "Activations, losses, metrics",
        "The course's functions by name, the initialisers, `gradcheck`, seeding.",
        ("axone.activations", "axone.losses", "axone.initializers", "axone.metrics", "axone.testing", "axone.random"),
    ),
    "layers": ("Layers", "One file per layer, on one base class.", ("axone.layers",)),
    "optimizers": (
        "Optimizers",
        "The course's solvers, checked step by step against `torch.optim`.",
        ("axone.optimizers",),
    ),
    "training": (
        "Models and training",
        "`Sequential`, `Model`, `fit`, callbacks, ready-made models.",
        ("axone.training", "axone.models"),
    ),
    "data": ("Data", "Datasets, batching, cleaning tables.", ("axone.data",)),
    "files": ("Model files", "The safe `.axone` format.", ("axone.io",)),
    "onnx": ("ONNX export", "`ax.onnx.export` and its converters.", ("axone.onnx",)),
    "faces": (
        "Other faces",
        "The PyTorch face, the scikit-learn estimators and the playground, over the same layers and optimizers.",
        ("axone.nn", "axone.optim", "axone.sklearn", "axone.playground"),
    ),
    "labs": (
        "Labs and plots",
        "The course's labs, their notebooks, and the plotting helpers.",
        ("axone.labs", "axone.viz", "axone.demo"),
    ),
    "cli": ("The command line", "The `axone` command, one module per sub-command.", ("axone.cli",)),
    "other": ("Other modules", "Modules that no area above claims.", ("axone",)),
}


def public_modules() -> list[str]:
    """Every module of the package whose name has no part starting with ``_`` (``__init__`` is its package)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts) or "static" in parts:
            continue
        found.append(".".join(parts))
    return found


def area_of(module: str) -> str:
    """The area whose longest prefix matches ``module``."""
    best, length = "other", 0
    for area, (_, _, prefixes) in AREAS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = area, len(prefix)
    return best


def api_page(area: str, modules: list[str]) -> str:
    title, intro, _ = AREAS[area]
    lines = [f"# {title}", "", intro, ""]
    if not modules:
        lines.append("Every module of the package is in one of the other pages of this reference.")
    for module in modules:
        lines += [f"::: {module}", ""]
    return "\n".join(lines)


def on_files(files, config):
    from mkdocs.structure.files import File

    by_area: dict[str, list[str]] = {area: [] for area in AREAS}
    for module in public_modules():
        if module != "axone":
            by_area[area_of(module)].append(module)
    for area, modules in by_area.items():
        files.append(File.generated(config, f"api/{area}.md", content=api_page(area, modules)))
    return files


def on_nav(nav, config, files):
    from mkdocs.structure.nav import Section

    listed = {id(page) for page in nav.pages}
    extra = [
        file.page
        for file in files.documentation_pages()
        if file.page is not None and id(file.page) not in listed and not file.src_uri.startswith("api/")
    ]
    if extra:
        section = Section("More pages", extra)
        for page in extra:
            page.parent = section
        nav.items.append(section)
        nav.pages.extend(extra)
    return nav


def mathjax_source() -> Path:
    try:
        import mathjax  # the django-static-mathjax package: MathJax's own files, no Django needed
    except ImportError:
        raise SystemExit("the docs need MathJax: pip install -e '.[docs]' (django-static-mathjax)") from None
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def on_post_build(config):
    source, target = mathjax_source(), Path(config["site_dir"]) / "assets" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "tex-chtml.js", target / "tex-chtml.js")
    for folder in ("input", "output", "ui", "a11y", "adaptors"):  # what tex-chtml.js loads on demand
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)
