"""What every benchmark shares: fair timings, result checks, peak memory, and the rows' format.

A benchmark module ``benchmarks/bench_<name>.py`` defines ``run(quick: bool) -> list[dict]``:
one row per implementation (see ``README.md`` for the keys). In-process benchmarks build their
rows with :func:`compare`, which interleaves the implementations, takes medians, checks that
every implementation reached the reference's result and computes the speed ratios.
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from typing import Any, Callable

# An implementation: a function doing the whole measured work once and returning its result
# (a final loss, a checksum) so that a fast wrong answer is caught.
Impl = Callable[[], float]


def setup_torch(threads: int = 2) -> Any:
    """Import torch (lazily: the benchmarks run without it) with the thread count of the comparison."""
    import torch

    torch.set_num_threads(threads)
    return torch


def time_interleaved(impls: dict[str, Impl], repeats: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Seconds of every run of every implementation, and the result of each.

    The implementations take turns (a, b, c, then b, c, a, ...) so that a slow phase of a noisy
    machine hits them all alike; one untimed warm-up run each comes first.
    """
    names = list(impls)
    results = {name: float(impls[name]()) for name in names}  # warm-up: imports, caches, allocators
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            results[name] = float(impls[name]())
            times[name].append(time.perf_counter() - start)
    return times, results


def peak_tracemalloc_mib(fn: Impl) -> float:
    """Peak of Python and NumPy allocations during ``fn`` (NumPy reports its buffers to tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def peak_rss_rise_mib(fn: Impl) -> float:
    """Rise of the process's peak resident size during ``fn`` (``ru_maxrss``).

    For libraries whose allocations tracemalloc does not see (PyTorch's C++ allocator). It is a
    lower bound: it shows only what goes beyond the process's earlier peak, often 0 for small work.
    """
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fn()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def compare(
    benchmark: str,
    impls: dict[str, Impl],
    *,
    repeats: int,
    work: int,
    unit: str,
    per_unit: float,
    reference: str,
    rtol: float,
    atol: float = 0.0,
    memory: dict[str, Callable[[Impl], float]] | None = None,
    targets: dict[str, float] | None = None,
    subject: str = "axone",
) -> list[dict[str, Any]]:
    """Time the implementations, check their results against ``reference``'s, return the rows.

    Args:
        work: how many units one run does (ops, epochs); ``per_unit`` scales seconds per unit
            into ``unit`` (1e6 for microseconds).
        rtol, atol: a result passes when $|r - r_{ref}| \\le atol + rtol |r_{ref}|$.
        memory: for each implementation, how to measure its peak memory (one extra run).
        targets: for ``subject`` (axone), the least speed ratio against each other implementation.
    """
    times, results = time_interleaved(impls, repeats)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    ref = results[reference]
    rows = []
    for name in impls:
        row: dict[str, Any] = {
            "benchmark": benchmark,
            "impl": name,
            "seconds": medians[name],
            "per_unit": medians[name] / work * per_unit,
            "unit": unit,
            "repeats": repeats,
            "result": results[name],
            "result_ok": abs(results[name] - ref) <= atol + rtol * abs(ref),
        }
        for other in ("torch", "numpy"):
            if other in medians:
                row[f"speed_vs_{other}"] = medians[other] / medians[name]
        if memory and name in memory:
            row["peak_mem_mib"] = memory[name](impls[name])
        rows.append(row)
    if targets and subject in medians:
        for row in rows:
            if row["impl"] == subject:
                row["targets"] = {
                    other: (medians[other] / medians[subject], least)
                    for other, least in targets.items()
                    if other in medians
                }
    return rows
