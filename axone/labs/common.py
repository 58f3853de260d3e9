"""What every lab returns and how it saves its figures (level 5).

A lab is a module of ``axone.labs`` with a function ``run(quick=False, out=None) -> LabResult``.
It prints nothing itself: ``LabResult.report()`` gives its findings as plain sentences, and the
``axone lab`` command prints them. Figures are matplotlib figures, saved as PNG under ``out``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class LabResult:
    """The outcome of one lab: its findings in words, its key numbers, and its figures.

    Example:
        >>> r = LabResult("tape", "GradientTape", findings=["dz/dx = 108 at x = 3."], numbers={"dz_dx": 108.0})
        >>> print(r.report())
        tape: GradientTape
          dz/dx = 108 at x = 3.
    """

    name: str
    title: str
    findings: list[str] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Path] = field(default_factory=dict)  # figure name -> saved PNG path

    def report(self) -> str:
        lines = [f"{self.name}: {self.title}"]
        lines += [f"  {finding}" for finding in self.findings]
        lines += [f"  figure: {path}" for path in self.figures.values()]
        return "\n".join(lines)


def pyplot() -> Any:
    """matplotlib's pyplot on the headless Agg backend (imported only when a lab draws)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(result: LabResult, figure: Any, name: str, out: str | Path | None) -> None:
    """Save ``figure`` as ``out/<lab>-<name>.png`` (when ``out`` is given) and close it."""
    plt = pyplot()
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{result.name}-{name}.png"
        figure.savefig(path, dpi=90, bbox_inches="tight")
        result.figures[name] = path
    plt.close(figure)
