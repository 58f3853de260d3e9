"""``python -m axone.demo`` shows what it claims: every gate it prints is learned, by its own numbers."""

import re

import numpy as np

from axone import demo

TRUTH = {"OR": [0, 1, 1, 1], "NOR": [1, 0, 0, 0], "AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def test_the_demo_learns_every_gate(capsys):
    demo.main()
    out = capsys.readouterr().out
    assert "dz/dx = 108" in out
    rows = dict(re.findall(r"^\s+([A-Z]+)\s+\[([^\]]*)\]", out, flags=re.M))
    assert sorted(rows) == sorted(TRUTH)
    for gate, truth in TRUTH.items():
        printed = np.array(rows[gate].split(), dtype=float)
        assert np.array_equal(printed > 0.5, np.array(truth) > 0.5), (gate, printed)
    assert "NOT learned" not in out and "not learned" not in out
