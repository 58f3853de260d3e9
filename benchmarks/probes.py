"""Reliability probes, the figures of ``docs/reliability.md``: ``python -m benchmarks.probes``.

``--kills N``: N training runs (with Dropout and BackupAndRestore every 3 batches) each killed
with SIGKILL by this process after a random delay, so at any moment (inside a step, inside a
save), then run again to the end: each final set of weights must equal an uninterrupted run's
bit for bit. ``--threads N``: N rounds of two models trained side by side in threads with
``fit(seed=)``, and of a fit beside a thread that predicts, each compared with the run alone.
Always: a list of wrong calls a learner makes; each must raise TypeError, ValueError (or
RuntimeError for an uncompiled model, as Keras) whose message names the argument or layer at fault. Prints the counts; the model-file fuzzer is
``python -m benchmarks.fuzz``.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

import axone as ax

HERE = Path(__file__).resolve().parent


# ---- kills ----------------------------------------------------------------------------------------
def child(out: str, backup: str) -> None:
    """One run: resumes from ``backup`` when there is one; writes the final weights to ``out``."""
    ax.random.seed(7)
    model = ax.Sequential([ax.Input((5,)), ax.layers.Dense(32, activation="relu"), ax.layers.Dropout(0.3)])
    model.add(ax.layers.Dense(3))
    model.compile(optimizer="adam", loss=ax.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(400, 5)).astype(np.float32), rng.integers(0, 3, 400)
    backup_cb = ax.callbacks.BackupAndRestore(backup, save_freq=3)
    model.fit(x, y, epochs=8, batch_size=8, verbose=0, callbacks=[backup_cb])
    np.savez(out, *model.get_weights())


def _run(out: Path, backup: Path, kill_after: float | None) -> bool:
    """Run the child; with ``kill_after``, SIGKILL it then. True when it was killed."""
    command = [sys.executable, "-m", "benchmarks.probes", "--child", str(out), str(backup)]
    process = subprocess.Popen(command, cwd=HERE.parent)
    if kill_after is None:
        process.wait()
        return False
    try:
        process.wait(timeout=kill_after)
        return False
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return True


def kills(n: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"runs": 0, "killed": 0, "identical": 0, "temporaries_left_by_kills": 0}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        start = time.monotonic()
        _run(folder / "reference.npz", folder / "reference-backup", None)
        full = time.monotonic() - start
        reference = np.load(folder / "reference.npz")
        for i in range(n):
            out, backup = folder / f"run{i}.npz", folder / f"backup{i}"
            killed = _run(out, backup, rng.uniform(0.3, 0.95) * full)
            counts["temporaries_left_by_kills"] += len(list(backup.glob(".*.tmp"))) if backup.exists() else 0
            _run(out, backup, None)  # resume (or run again if it finished before the kill)
            result = np.load(out)
            counts["runs"] += 1
            counts["killed"] += killed
            counts["identical"] += all(np.array_equal(reference[k], result[k]) for k in reference.files)
    return counts


# ---- threads --------------------------------------------------------------------------------------
def _model(seed: int) -> ax.Sequential:
    ax.random.seed(seed)
    model = ax.Sequential([ax.Input((4,)), ax.layers.Dense(16, activation="tanh"), ax.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def _fit(model: ax.Sequential, x: np.ndarray, y: np.ndarray, seed: int) -> list[np.ndarray]:
    model.fit(x, y, epochs=5, batch_size=8, verbose=0, seed=seed)
    return model.get_weights()


def threads(n: int) -> dict[str, int]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 4)).astype(np.float32)
    y = np.sin(x.sum(axis=1, keepdims=True)).astype(np.float32)
    alone = [_fit(_model(1), x, y, 5), _fit(_model(2), x, y, 9)]
    counts = {"side_by_side": 0, "side_by_side_identical": 0, "beside_predict": 0, "beside_predict_identical": 0}
    sys.setswitchinterval(1e-5)
    for _ in range(n):
        results: dict[str, list] = {}
        a, b, c = _model(1), _model(2), _model(3)
        jobs = {"a": lambda: _fit(a, x, y, 5), "b": lambda: _fit(b, x, y, 9)}
        workers = [threading.Thread(target=lambda k=k, f=f: results.__setitem__(k, f())) for k, f in jobs.items()]
        [w.start() for w in workers]
        [w.join() for w in workers]
        counts["side_by_side"] += 1
        counts["side_by_side_identical"] += all(
            all(np.array_equal(u, v) for u, v in zip(results[k], alone[i])) for i, k in enumerate("ab")
        )
        done = threading.Event()
        predictor = threading.Thread(target=lambda: [c.predict(x) for _ in iter(done.is_set, True)])
        predictor.start()
        weights = _fit(_model(1), x, y, 5)
        done.set()
        predictor.join()
        counts["beside_predict"] += 1
        counts["beside_predict_identical"] += all(np.array_equal(u, v) for u, v in zip(weights, alone[0]))
    return counts


# ---- bad calls ------------------------------------------------------------------------------------
def _dense_model() -> ax.Sequential:
    model = ax.Sequential([ax.Input((3,)), ax.layers.Dense(2, name="d")])
    model.compile(optimizer="sgd", loss="mse")
    return model


BAD_CALLS = [
    ("complex input to fit", lambda: _dense_model().fit(np.ones((4, 3)) * 1j, np.ones((4, 2)), verbose=0), "complex"),
    ("complex Tensor", lambda: ax.Tensor(np.ones(2) * 1j), "complex"),
    ("string data", lambda: _dense_model().fit(np.array([["a"] * 3] * 4), np.ones((4, 2)), verbose=0), "non-numeric"),
    ("wrong feature count", lambda: _dense_model().predict(np.ones((4, 5))), "layer 'd'"),
    ("x and y lengths", lambda: _dense_model().fit(np.ones((4, 3)), np.ones((5, 2)), verbose=0), "rows"),
    ("empty evaluate", lambda: _dense_model().evaluate(np.ones((0, 3)), np.ones((0, 2))), "evaluate"),
    ("NaN in x", lambda: _dense_model().fit(np.full((4, 3), np.nan), np.ones((4, 2)), verbose=0), "x"),
    ("conv window too big", lambda: ax.layers.Conv2D(2, 5, name="c")(np.ones((1, 3, 3, 1))), "layer 'c'"),
    ("pool window too big", lambda: ax.layers.MaxPooling2D(4, name="p")(np.ones((1, 3, 3, 1))), "layer 'p'"),
    ("negative units", lambda: ax.layers.Dense(-1), "units"),
    ("unknown activation", lambda: ax.layers.Dense(2, activation="relux"), "relux"),
    ("unknown optimizer", lambda: _dense_model().compile(optimizer="adamm", loss="mse"), "adamm"),
    ("unknown loss", lambda: _dense_model().compile(optimizer="sgd", loss="msee"), "msee"),
    ("epochs negative", lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), epochs=-1, verbose=0), "epochs"),
    ("batch size zero", lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), batch_size=0, verbose=0), "batch"),
    ("fit seed float", lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), seed=0.5, verbose=0), "seed"),
    ("random seed negative", lambda: ax.random.seed(-1), "seed"),
    ("lr negative", lambda: ax.optimizers.SGD(lr=-1), "lr"),
    ("LSTM on 2-d input", lambda: ax.layers.LSTM(3, name="r")(np.ones((2, 3))), "layer 'r'"),
    ("validation_split 1", lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), validation_split=1.0), "valid"),
    ("fit without compile", lambda: ax.Sequential([ax.layers.Dense(1)]).fit(np.ones((2, 1)), np.ones(2)), "compile"),
    ("load a missing file", lambda: ax.load_model("/nonexistent/m.axone"), "does not exist"),
    ("requires_grad on ints", lambda: ax.Tensor(np.arange(3), requires_grad=True), "float"),
    ("matmul shapes", lambda: ax.Tensor(np.ones((2, 3))) @ ax.Tensor(np.ones((2, 3))), "matmul"),
    ("dropout rate 1", lambda: ax.layers.Dropout(1.0), "rate"),
    ("conv filters zero", lambda: ax.layers.Conv2D(0, 3), "filters"),
    ("conv kernel negative", lambda: ax.layers.Conv2D(2, -3), "kernel_size"),
    ("conv padding name", lambda: ax.layers.Conv2D(2, 3, padding="full"), "padding"),
    ("conv on 3-d input", lambda: ax.layers.Conv2D(2, 3, name="c")(np.ones((3, 3, 1))), "layer 'c'"),
    ("pool size zero", lambda: ax.layers.MaxPooling2D(0), "pool"),
    ("lstm units zero", lambda: ax.layers.LSTM(0), "units"),
    ("dense units float", lambda: ax.layers.Dense(2.5), "units"),
    ("dense units string", lambda: ax.layers.Dense("3"), "units"),
    (
        "flatten then dense wrong",
        lambda: ax.Sequential([ax.Input((2, 2)), ax.layers.Dense(1, name="d")]).predict(np.ones((1, 3, 2))),
        "layer",
    ),
    ("input shape negative", lambda: ax.Input((-2,)), "shape"),
    ("momentum negative", lambda: ax.optimizers.SGD(lr=0.1, momentum=-0.5), "momentum"),
    ("adam beta 1", lambda: ax.optimizers.Adam(beta_1=1.0), "betas"),
    ("loss y_true shape", lambda: ax.losses.mse(np.ones((4, 2)), ax.Tensor(np.ones((4, 3)))), "shape"),
    ("crossentropy labels out of range", lambda: _sparse_fit(np.array([0, 1, 5, 1])), "5"),
    ("crossentropy float labels", lambda: _sparse_fit(np.array([0.5, 1.0, 0.0, 1.0])), "label"),
    ("metrics name", lambda: _dense_model().compile(optimizer="sgd", loss="mse", metrics=["acc_uracy"]), "acc_uracy"),
    ("tape gradient of non-scalar target twice", lambda: _tape_twice(), "persistent"),
    ("backward on int tensor", lambda: ax.Tensor(np.arange(3)).sum().backward(), "grad"),
    ("set_weights wrong count", lambda: _dense_model().set_weights([np.ones((3, 2))]), "weights"),
    ("set_weights wrong shape", lambda: _dense_model().set_weights([np.ones((2, 2)), np.ones(2)]), "shape"),
    ("save to a folder that is missing", lambda: _dense_model().save("/nonexistent/dir/m.axone"), "does not exist"),
    ("load a text file", lambda: _load_text(), "model file"),
    ("predict on None", lambda: _dense_model().predict(None), "x"),
    ("fit with y None", lambda: _dense_model().fit(np.ones((4, 3)), None, verbose=0), "y"),
    ("class_weight unknown class", lambda: _sparse_fit(np.array([0, 1, 0, 1]), class_weight={7: 2.0}), "class"),
    (
        "sample_weight negative",
        lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), sample_weight=-np.ones(4), verbose=0),
        "sample_weight",
    ),
    (
        "validation_data one array",
        lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), validation_data=np.ones((2, 3)), verbose=0),
        "validation_data",
    ),
    (
        "callbacks not a list",
        lambda: _dense_model().fit(np.ones((4, 3)), np.ones((4, 2)), callbacks=5, verbose=0),
        "callbacks",
    ),
    ("read_csv of a missing file", lambda: ax.data.read_csv("/nonexistent.csv"), "no such file"),
    ("from_csv unknown target", lambda: _csv_target(), "target"),
    ("train_test_split share 2", lambda: ax.data.train_val_test_split(np.ones((4, 2)), np.ones(4), val=2.0), "val"),
    ("to_categorical negative", lambda: ax.utils.to_categorical([-1, 2]), "-1"),
    ("reshape to a wrong size", lambda: ax.Tensor(np.ones(6)).reshape(4, 2), "reshape"),
    ("gradcheck on ints", lambda: ax.testing.gradcheck(lambda v: v * 2, np.arange(3)), "float"),
]


def _sparse_fit(y: np.ndarray, **kwargs: object) -> None:
    model = ax.Sequential([ax.Input((3,)), ax.layers.Dense(3)])
    model.compile(optimizer="sgd", loss=ax.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(np.ones((4, 3)), y, verbose=0, **kwargs)


def _tape_twice() -> None:
    x = ax.Variable(2.0)
    with ax.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    tape.gradient(y, x)


def _load_text() -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".axone", delete=False) as handle:
        handle.write("not a zip")
    try:
        ax.load_model(handle.name)
    finally:
        os.unlink(handle.name)


def _csv_target() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("a,b\n1,2\n3,4\n")
        ax.data.from_csv(path, target="label")


def bad_calls() -> dict[str, int]:
    counts = {"tried": 0, "clear": 0}
    unclear = []
    for name, call, expected in BAD_CALLS:
        counts["tried"] += 1
        try:
            call()
            unclear.append(f"{name}: accepted")
        except (TypeError, ValueError, FileNotFoundError, RuntimeError) as error:
            if expected.lower() in str(error).lower():
                counts["clear"] += 1
            else:
                unclear.append(f"{name}: {type(error).__name__}: {str(error)[:160]}")
        except Exception as error:  # noqa: BLE001 - another exception type is a finding
            unclear.append(f"{name}: {type(error).__name__}: {str(error)[:160]}")
    for line in unclear:
        print("  unclear:", line)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probes", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10, help="SIGKILL and resume runs (default: 10)")
    parser.add_argument("--threads", type=int, default=10, help="rounds of the thread probes (default: 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill delays")
    parser.add_argument("--child", nargs=2, metavar=("OUT", "BACKUP"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    results = {"bad calls": bad_calls(), "threads": threads(args.threads), "kills": kills(args.kills, args.seed)}
    for name, counts in results.items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    ok = (
        results["bad calls"]["clear"] == results["bad calls"]["tried"]
        and results["kills"]["identical"] == results["kills"]["runs"]
        and results["threads"]["side_by_side_identical"] == results["threads"]["side_by_side"]
        and results["threads"]["beside_predict_identical"] == results["threads"]["beside_predict"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
