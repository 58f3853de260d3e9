"""Mutation fuzzer of model files: ``python -m benchmarks.fuzz --minutes N [--seed S]``.

Every input, made from a valid file (an MLP, a CNN and an LSTM, each saved with its optimizer
state) by byte flips, truncations, or structured edits of ``config.json`` and of the
safetensors headers (the JSON edited, the member zipped again with a sound CRC), must either load
with exactly the original arrays (weights and optimizer state, bit for bit) or be refused with
``ModelFileError``, by ``load_model`` and ``inspect_model_file`` alike, within a time cap (a
hang) and a memory cap (growth of the peak resident memory). The command prints the counts of each outcome
and one line per distinct other exception; it exits with status 1 if there is any.
``tests/io/test_fuzz_files.py`` runs the same judge over a few thousand hypothesis cases.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import resource
import signal
import struct
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import numpy as np

import axone as ax
from axone.io import ModelFileError

TIME_CAP_S = 10.0  # one load of these small files takes milliseconds: ten seconds is a hang
MEMORY_CAP_MIB = 256  # growth of the process's peak resident memory; the valid files need under 1 MiB
CONFIG = "config.json"
HEADERS = ("weights.safetensors", "optimizer.safetensors")


class Hang(Exception):
    """Raised by the alarm when one case runs past TIME_CAP_S."""


def _models() -> dict[str, Any]:
    """Three small trained models covering dense, convolutional and recurrent layers."""
    rng = np.random.default_rng(0)
    ax.random.seed(0)
    mlp = ax.Sequential([ax.Input((4,)), ax.layers.Dense(5, activation="relu"), ax.layers.Dense(2)], name="mlp")
    mlp.compile(optimizer=ax.optimizers.SGD(lr=0.1, momentum=0.9), loss="mse")
    cnn = ax.Sequential(
        [
            ax.Input((6, 6, 1)),
            ax.layers.Conv2D(2, 3, activation="relu"),
            ax.layers.MaxPooling2D(2),
            ax.layers.Flatten(),
            ax.layers.Dense(3, activation="softmax"),
        ],
        name="cnn",
    )
    cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    lstm = ax.Sequential([ax.Input((5, 2)), ax.layers.LSTM(3), ax.layers.Dense(1)], name="lstm")
    lstm.compile(optimizer=ax.optimizers.RMSprop(lr=0.01, momentum=0.5), loss="mse")
    mlp.fit(rng.normal(size=(8, 4)), rng.normal(size=(8, 2)), epochs=1, batch_size=4, verbose=0)
    cnn.fit(rng.normal(size=(6, 6, 6, 1)), rng.integers(0, 3, 6), epochs=1, batch_size=3, verbose=0)
    lstm.fit(rng.normal(size=(4, 5, 2)), rng.normal(size=(4, 1)), epochs=1, batch_size=2, verbose=0)
    return {"mlp": mlp, "cnn": cnn, "lstm": lstm}


def arrays_of(model: Any) -> dict[str, np.ndarray]:
    """Every array a loaded model carries: its weights and its optimizer's state."""
    out = {f"w:{i}": np.array(w.data) for i, w in enumerate(model.weights)}
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None:
        out.update({f"o:{k}": v for k, v in optimizer.state_arrays(model.trainable_variables).items()})
    return out


def corpus(folder: Path) -> list[tuple[str, bytes, dict[str, np.ndarray]]]:
    """(name, file bytes, arrays) of each valid file, the arrays read back from the file itself."""
    out = []
    for name, model in _models().items():
        path = folder / f"{name}.axone"
        model.save(path)
        out.append((name, path.read_bytes(), arrays_of(ax.load_model(path))))
    return out


# ---- mutations ----------------------------------------------------------------------------------
def members(raw: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def rezip(items: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr(name, data)
    return buffer.getvalue()


def nodes(doc: Any, path: tuple = ()) -> list[tuple]:
    """The paths to every value of a JSON document (the root included)."""
    out = [path]
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        out.extend(nodes(value, (*path, key)))
    return out


def edit_json(doc: Any, path: tuple, action: str, value: Any) -> Any:
    """``doc`` with the node at ``path`` replaced by ``value``, deleted, or given a new key."""
    if not path:
        return value if action == "replace" else doc
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if action == "delete":
        del parent[key]
    elif action == "add" and isinstance(parent, dict):
        parent[f"{key}_x"] = value
    elif action == "add" and isinstance(parent, list):
        parent.insert(key, value)
    else:
        parent[key] = value
    return doc


def edit_member(raw: bytes, member: str, change: Callable[[Any], Any]) -> bytes | None:
    """The file with one member's JSON (config, or a safetensors header) changed; None if absent."""
    items = members(raw)
    for i, (name, data) in enumerate(items):
        if name != member:
            continue
        if member == CONFIG:
            items[i] = (name, json.dumps(change(json.loads(data))).encode())
        else:
            (n,) = struct.unpack("<Q", data[:8])
            head = json.dumps(change(json.loads(data[8 : 8 + n]))).encode()
            items[i] = (name, struct.pack("<Q", len(head)) + head + data[8 + n :])
        return rezip(items)
    return None


VALUES = [None, True, 0, -1, 1, 2**31, 2**63, 1.5, 1e308, "", "F64", "U64", "I32", "x", [], [0], [2, 3], {}]


def random_mutation(raw: bytes, rng: random.Random) -> bytes:
    """One random input of any kind, for the long runs."""
    kind = rng.choice(["flip", "truncate", "json", "json"])
    if kind == "flip":
        data = bytearray(raw)
        for _ in range(rng.choice([1, 1, 2, 8])):
            data[rng.randrange(len(data))] ^= rng.randrange(1, 256)
        return bytes(data)
    if kind == "truncate":
        return raw[: rng.randrange(len(raw))]
    member = rng.choice([CONFIG, *HEADERS])
    action = rng.choice(["replace", "replace", "delete", "add"])
    value = rng.choice(VALUES)

    def change(doc: Any) -> Any:
        return edit_json(doc, rng.choice(nodes(doc)), action, value)

    return edit_member(raw, member, change) or raw


# ---- the judge ----------------------------------------------------------------------------------
@contextlib.contextmanager
def time_cap(seconds: float):
    def ring(signum: int, frame: Any) -> None:
        raise Hang(f"no answer after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def peak_mib() -> float:
    """The process's peak resident memory so far (Linux counts ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def judge(raw: bytes, original: dict[str, np.ndarray], path: Path, memory_limit_mib: float) -> tuple[str, str]:
    """(outcome, detail): 'loaded' (exactly the original arrays), 'refused' (ModelFileError by
    both readers), or a failure: 'other' (another exception), 'hang', 'memory' (the process's
    peak passed ``memory_limit_mib``: ``peak_mib() + MEMORY_CAP_MIB`` taken before the run),
    'changed' (loaded, with other arrays)."""
    path.write_bytes(raw)
    try:
        with time_cap(TIME_CAP_S):
            outcome = _read(path, original)
    except Hang as exc:
        outcome = ("hang", str(exc))
    except Exception as exc:  # noqa: BLE001 - the fuzzer's whole point: any other exception is a finding
        where = traceback.extract_tb(exc.__traceback__)[-1]
        outcome = ("other", f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}: {exc!s:.200}")
    if peak_mib() > memory_limit_mib:
        return "memory", f"the process's peak grew to {peak_mib():.0f} MiB"
    return outcome


def _read(path: Path, original: dict[str, np.ndarray]) -> tuple[str, str]:
    try:
        model = ax.load_model(path)
    except ModelFileError:
        with contextlib.suppress(ModelFileError):
            ax.io.inspect_model_file(path)  # inspect may accept what only a build refuses
        return "refused", ""
    ax.io.inspect_model_file(path)  # what loads must inspect
    got = arrays_of(model)
    same = got.keys() == original.keys() and all(
        got[k].dtype == original[k].dtype and got[k].shape == original[k].shape and got[k].tobytes() == v.tobytes()
        for k, v in original.items()
    )
    return ("loaded", "") if same else ("changed", f"arrays differ: {sorted(set(got) ^ set(original))[:5]}")


FAILURES = ("other", "hang", "memory", "changed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to fuzz (default: 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the mutations (default: 0)")
    args = parser.parse_args(argv)
    np.seterr(all="raise", under="ignore")
    rng, counts, findings = random.Random(args.seed), Counter(), Counter()
    with tempfile.TemporaryDirectory() as folder:
        files = corpus(Path(folder))
        target, end = Path(folder) / "case.axone", time.monotonic() + 60 * args.minutes
        limit = peak_mib() + MEMORY_CAP_MIB
        while time.monotonic() < end:
            _name, raw, original = rng.choice(files)
            outcome, detail = judge(random_mutation(raw, rng), original, target, limit)
            counts[outcome] += 1
            if outcome in FAILURES:
                findings[f"{outcome}: {detail}"] += 1
    total = sum(counts.values())
    print(f"inputs fuzzed: {total}")
    for outcome in ("loaded", "refused", *FAILURES):
        print(f"  {outcome:8} {counts[outcome]}")
    for finding, n in findings.most_common():
        print(f"  {n:6} x {finding}")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
