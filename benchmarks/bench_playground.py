"""Benchmark ``playground``: frames per second of the live page's server for a 2-8-8-1 network.

One frame is what the server does between two pictures while playing: one epoch of the circle
set (400 points, half for training, batches of 10: 20 steps of the tape, the penalties and the
solver), the train and test losses, the output map (64 x 64 points) and every neuron's map
(24 x 24), the weights, encoded as the JSON message sent to the tab. Measured in this process,
without the browser (the drawing is the browser's own time).

Target (issue 12): at least 10 frames a second on the project's 2-core machine. Result: the test
loss after the measured frames (a check that it trained, not a number to compare).

    python -m benchmarks.bench_playground [--quick]
"""

from __future__ import annotations

import json
import sys
from typing import Any

from benchmarks.harness import compare

HASH = "dataset=circle&points=400&ratio=50&batch=10&layers=8,8&acts=tanh,tanh&optimizer=sgd&lr=0.03"
LEAST_FPS = 10.0


def make_frames(frames: int) -> Any:
    from axone.playground.frames import frame
    from axone.playground.session import Session
    from axone.playground.settings import parse_hash

    def run() -> float:
        session = Session(parse_hash(HASH))
        for _ in range(frames):
            session.advance()
            json.dumps(frame(session))
        return session.history[-1][2]

    return run


def run(quick: bool = False) -> list[dict[str, Any]]:
    frames = 20 if quick else 50
    rows = compare(
        "playground",
        {"axone": make_frames(frames)},
        repeats=3 if quick else 5,
        work=frames,
        unit="ms/frame",
        per_unit=1e3,
        reference="axone",
        rtol=0.0,
    )
    for row in rows:
        row["fps"] = 1e3 / row["per_unit"]
        row["targets"] = {f"{LEAST_FPS:g} frames/s": (row["fps"] / LEAST_FPS, 1.0)}
        row["result_ok"] = row["result"] < 0.69  # trained below ln 2, the loss of a coin toss
    return rows


if __name__ == "__main__":
    from benchmarks.run import table, targets

    result = run(quick="--quick" in sys.argv)
    print(table(result))
    print("\n".join(targets(result)[0]))
    print(f"frames per second: {result[0]['fps']:.1f}")
