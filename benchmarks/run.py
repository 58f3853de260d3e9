"""Run the benchmarks and print one table: ``python -m benchmarks.run [names...] [--quick] [--strict]``.

Every ``benchmarks/bench_<name>.py`` is a benchmark; its ``run(quick)`` returns one row per
implementation (keys in ``README.md``). The ratios in a row come from the same run. The command
fails (exit status 1) when an implementation's result disagrees with the reference, and with
``--strict`` also when one of axone's speed targets is missed.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem[len("bench_") :] for p in HERE.glob("bench_*.py"))


def _fmt(value: Any, spec: str = ".3g") -> str:
    return "-" if value is None else format(value, spec)


def table(rows: list[dict[str, Any]]) -> str:
    head = ("benchmark", "impl", "time", "unit", "x torch", "x numpy", "peak MiB", "result", "check")
    lines = [head]
    for r in rows:
        per_unit, unit = r.get("per_unit"), r.get("unit")
        if per_unit is None:  # rows that give only the seconds of the whole run
            per_unit, unit = r.get("seconds"), "s/run"
        ok = r.get("result_ok", r.get("loss_ok"))
        lines.append(
            (
                r["benchmark"],
                r["impl"],
                _fmt(per_unit, ".4g"),
                unit or "-",
                _fmt(r.get("speed_vs_torch"), ".2f"),
                _fmt(r.get("speed_vs_numpy"), ".2f"),
                _fmt(r.get("peak_mem_mib"), ".2f"),
                _fmt(r.get("result", r.get("final_loss")), ".6g"),
                "ok" if ok else ("WRONG" if ok is not None else "-"),
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    out = [" | ".join(str(c).ljust(w) for c, w in zip(line, widths)) for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(out)


def targets(rows: list[dict[str, Any]]) -> tuple[list[str], bool]:
    lines, met_all = [], True
    for r in rows:
        for other, (ratio, least, *what) in r.get("targets", {}).items():
            met = ratio >= least
            met_all &= met
            lines.append(
                f"{r['benchmark']}: {r['impl']} {ratio:.2f}x {what[0] if what else 'the speed of'} {other} "
                f"(target >= {least:g}x): {'met' if met else 'MISSED'}"
            )
    return lines, met_all


def main(argv: list[str]) -> int:
    quick, strict = "--quick" in argv, "--strict" in argv
    names = [a for a in argv if not a.startswith("--")] or available()
    unknown = set(names) - set(available())
    if unknown:
        print(f"unknown benchmark(s) {sorted(unknown)}; available: {available()}", file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    for name in names:
        start = time.perf_counter()
        module = importlib.import_module(f"benchmarks.bench_{name}")
        rows.extend(module.run(quick=quick))
        print(f"[{name}: {time.perf_counter() - start:.1f} s]", file=sys.stderr)
    import numpy

    print(
        f"python {platform.python_version()}, numpy {numpy.__version__}, {platform.machine()}, "
        f"{'quick' if quick else 'full'} run; times are medians; 'x torch' = torch's time / this row's"
    )
    print(table(rows))
    lines, met_all = targets(rows)
    print("\n".join(lines))
    wrong = [f"{r['benchmark']}/{r['impl']}" for r in rows if r.get("result_ok", r.get("loss_ok")) is False]
    if wrong:
        print(f"WRONG results (disagree with the reference): {wrong}")
    if "--json" in argv:
        print(json.dumps(rows, default=str))
    return 1 if wrong or (strict and not met_all) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
