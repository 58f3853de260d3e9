r"""Lab 10, optimizers: the course's solvers raced on a saddle point, Beale's function and an almost-saddle.

The course shows Sebastian Ruder's animations; this lab runs the same race with axone's solvers:
SGD, Momentum and Nesterov ($v \leftarrow \alpha v + \beta \nabla E$, $w \leftarrow w - v$), the
course's per-weight adaptive rate (``DeltaBarDelta``: $\mu_i + 0.05$ while the sign holds,
$\times 0.95$ otherwise), RMSprop, Adagrad, Adadelta and Adam.

- saddle point: $E = w_0^2 - w_1^2$ from $(1, 10^{-3})$; the race is to escape ($E < -1$);
- Beale's function: $E = (1.5 - w_0 + w_0 w_1)^2 + (2.25 - w_0 + w_0 w_1^2)^2 + (2.625 - w_0 + w_0 w_1^3)^2$
  from $(1, 1.5)$, minimum 0 at $(3, 0.5)$; the race is to $E < 10^{-3}$;
- almost-saddle: $E = w_0^2 - w_1^2 + w_1^4 / 2$ from $(1, 10^{-3})$: a saddle at the origin whose
  downhill direction bends back up into two minima $E = -1/2$ at $(0, \pm 1)$; the race is to
  $E < -1/2 + 10^{-3}$.

Example:
    >>> round(float(beale(np.array(3.0), np.array(0.5))), 12)
    0.0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.labs.descent import descend
from axone.viz import contour_with_paths, pyplot, save_trajectory_gif


def beale(x: Any, y: Any) -> Any:
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2


def saddle(x: Any, y: Any) -> Any:
    return x * x - y * y


def almost_saddle(x: Any, y: Any) -> Any:
    return x * x - y * y + y * y * y * y / 2


# name -> (E, start, threshold, view (xlim, ylim), log contours)
PROBLEMS: dict[str, tuple[Callable, list[float], float, tuple, bool]] = {
    "saddle": (saddle, [1.0, 1e-3], -1.0, ((-1.2, 1.2), (-1.2, 1.2)), False),
    "beale": (beale, [1.0, 1.5], 1e-3, ((-0.5, 4.0), (-1.0, 2.0)), True),
    "almost-saddle": (almost_saddle, [1.0, 1e-3], -0.5 + 1e-3, ((-1.2, 1.2), (-1.4, 1.4)), False),
}

# name -> a fresh solver; momentum and Nesterov take a smaller eta: their inertia multiplies it by ~10
SOLVERS: dict[str, Callable[[], Any]] = {
    "SGD": lambda: ax.optimizers.SGD(lr=0.01),
    "momentum": lambda: ax.optimizers.SGD(lr=0.001, momentum=0.9),
    "Nesterov": lambda: ax.optimizers.SGD(lr=0.001, momentum=0.9, nesterov=True),
    "DeltaBarDelta": lambda: ax.optimizers.DeltaBarDelta(lr=0.01),
    "RMSprop": lambda: ax.optimizers.RMSprop(lr=0.01),
    "Adagrad": lambda: ax.optimizers.Adagrad(lr=0.5),
    "Adadelta": lambda: ax.optimizers.Adadelta(lr=1.0),
    "Adam": lambda: ax.optimizers.Adam(lr=0.05),
}


def race(problem: str, steps: int) -> dict[str, tuple[np.ndarray, np.ndarray, int | None]]:
    """Every solver on ``problem``: its path, its losses, and the step at which it met the threshold."""
    f, start, threshold, _, _ = PROBLEMS[problem]
    runs = {}
    for name, make in SOLVERS.items():
        path, losses = descend(lambda w: f(w[0], w[1]), start, make(), steps, until=lambda e: e < threshold)
        hit = np.flatnonzero(losses < threshold)
        runs[name] = (path, losses, int(hit[0]) if hit.size else None)
    return runs


def course_nesterov(sign: float, steps: int, alpha: float = 0.9, beta: float = 0.001) -> float:
    r"""The course's Nesterov on Beale's function, with its look-ahead at $w + \mathrm{sign} \, \alpha v$.

    $v \leftarrow \alpha v + \beta \nabla E(w + \mathrm{sign}\, \alpha v)$, $w \leftarrow w - v$; returns the final $E$.
    """
    gradient = ax.grad(lambda w: beale(w[0], w[1]))
    w, v = np.array(PROBLEMS["beale"][1]), np.zeros(2)
    for _ in range(steps):
        v = alpha * v + beta * gradient(ax.Tensor(w + sign * alpha * v, dtype="float64")).numpy()
        w = w - v
    return float(beale(w[0], w[1]))


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult(
        "optimizers", "the course's solvers raced on a saddle point, Beale's function and an almost-saddle"
    )
    steps = 300 if quick else 3000
    plt = pyplot()
    fig, grid = plt.subplots(2, len(PROBLEMS), figsize=(16, 9))
    races = {}
    for column, problem in enumerate(PROBLEMS):
        f, start, threshold, (xlim, ylim), log = PROBLEMS[problem]
        runs = races[problem] = race(problem, steps)
        result.numbers[problem] = {
            name: {"final_loss": float(losses[-1]), "steps_to_threshold": hit}
            for name, (_, losses, hit) in runs.items()
        }
        ranked = sorted(runs, key=lambda n: (runs[n][2] is None, runs[n][2] or 0, runs[n][1][-1]))
        text = ", ".join(
            f"{n} {runs[n][2]}" if runs[n][2] is not None else f"{n} not in {steps} (E = {runs[n][1][-1]:.3g})"
            for n in ranked
        )
        result.findings.append(f"{problem} from {tuple(start)}, steps to E < {threshold:g}: {text}.")
        contour_with_paths(
            grid[0, column],
            f,
            xlim,
            ylim,
            {n: p for n, (p, _, _) in runs.items()},
            log=log,
            title=f"{problem}: E < {threshold:g}",
        )
        for name, (_, losses, _) in runs.items():
            grid[1, column].plot(losses, label=name)
        grid[1, column].set_yscale(
            "symlog" if problem != "beale" else "log", **({"linthresh": 1e-3} if problem != "beale" else {})
        )
        grid[1, column].set_xlabel("step")
        grid[1, column].set_ylabel("E")
        grid[1, column].legend(fontsize=7)
    fig.tight_layout()
    save_figure(result, fig, "race", out)

    saddle_runs = races["saddle"]
    escaped = sorted((hit, n) for n, (_, _, hit) in saddle_runs.items() if hit is not None)
    stuck = [n for n, (_, _, hit) in saddle_runs.items() if hit is None]
    result.findings.append(
        f"On the saddle, {len(escaped)} of {len(SOLVERS)} solvers escape within {steps} steps"
        + (f", {escaped[0][1]} first ({escaped[0][0]} steps)" if escaped else "")
        + (f"; still near the saddle: {', '.join(stuck)}" if stuck else "")
        + ". The gradient along w1 starts at 2e-3: a fixed eta multiplies w1 by only (1 + 2 eta) per step, "
        "while the adaptive rates divide the step by the gradient's own size."
    )
    n_steps = 300 if quick else 2000
    minus, plus = course_nesterov(-1.0, n_steps), course_nesterov(+1.0, n_steps)
    result.numbers.update(nesterov_lookahead_minus=minus, nesterov_lookahead_plus=plus)
    result.findings.append(
        "The course writes Nesterov's look-ahead as grad E(w + alpha v) with w <- w - v: since the weights move by "
        "-v, the point the inertia is about to reach is w - alpha v. On Beale's function (alpha = 0.9, beta = 0.001, "
        f"{n_steps} steps) the look-ahead at w - alpha v ends at E = {minus:.3g}, at w + alpha v at E = {plus:.3g}. "
        "axone's SGD(nesterov=True) uses torch's form of the correct rule."
    )

    if not quick and out is not None:
        f, _, _, (xlim, ylim), log = PROBLEMS["beale"]
        paths = {n: p[:400] for n, (p, _, _) in races["beale"].items()}
        gif = save_trajectory_gif(
            Path(out) / "optimizers-beale.gif",
            f,
            xlim,
            ylim,
            paths,
            log=log,
            title="Beale's function: the first 400 steps",
        )
        if gif is None:
            result.findings.append(
                "The animated GIF was skipped: pillow, which matplotlib needs to write it, is missing."
            )
        else:
            result.figures["beale-gif"] = gif
    else:
        result.findings.append("The animated GIF is written by the full run only (with an output folder).")
    return result
