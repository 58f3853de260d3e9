"""Benchmarks that run each implementation in a fresh process (``mlp``, ``lenet``, ``rnn``).

A fresh process per run keeps one library's threads, allocator and caches from slowing the next,
and lets the peak resident memory of each run be read on its own. The benchmark file is run as
``python bench_<name>.py --child IMPL ARG`` and prints one JSON row; :func:`run_children` collects
them, the implementations taking turns so that a noisy machine slows them alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any, Callable


def rss_kib(field: str) -> int:
    """A memory figure of this process from /proc (``VmRSS``, ``VmHWM``), in KiB; 0 where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed_with_peak(work: Callable[[], Any]) -> tuple[float, Any, float]:
    """``(seconds, result, peak MiB)`` of ``work()``: its time, and how far it raised the resident peak."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # reset the peak resident size (VmHWM) to the current one
    except OSError:
        pass
    before = rss_kib("VmRSS")
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    return seconds, result, round(max(rss_kib("VmHWM") - before, 0) / 1024, 2)


def run_children(
    script: str, impls: list[str], arg: int, repeats: int, env_for: Callable[[str], dict] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every row that ``script --child IMPL ARG`` printed, ``repeats`` times per implementation."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    runs: dict[str, list[dict[str, Any]]] = {impl: [] for impl in impls}
    for r in range(repeats):
        for impl in impls[r % len(impls) :] + impls[: r % len(impls)]:  # rotated turns
            extra = env_for(impl) if env_for else {}
            out = subprocess.run(
                [sys.executable, os.path.abspath(script), "--child", impl, str(arg)],
                capture_output=True,
                text=True,
                env={**env, **extra},
            )
            if out.returncode:
                name = os.path.basename(script)
                raise RuntimeError(f"{name}: the {impl} run failed:\n{out.stderr[-3000:]}")
            runs[impl].append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def main(argv: list[str], measure: Callable[[str, int], dict], run: Callable[..., list[dict]]) -> None:
    """A process benchmark's command line: ``--child IMPL ARG`` measures one run and prints its
    JSON row (what :func:`run_children` reads); otherwise the whole benchmark runs and its table
    is printed as ``python -m benchmarks.run`` prints it."""
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(argv[1], int(argv[2]))))
        return
    from benchmarks.run import table

    print(table(run(quick="--quick" in argv)))
