"""Tables for the command-line tests, written as CSV files in a fresh folder per test."""

from __future__ import annotations

import numpy as np
import pytest


def write_table(path, columns: dict[str, list]) -> None:
    names = list(columns)
    rows = zip(*(columns[name] for name in names))
    text = ",".join(names) + "\n" + "".join(",".join("" if v is None else str(v) for v in row) + "\n" for row in rows)
    path.write_text(text)


def make_messy(path):
    """80 rows + 5 duplicates: missing numbers and text, a text column, one absurd value, a constant
    column; the label depends on two numbers and the city, so a small network can learn it."""
    rng = np.random.default_rng(7)
    n = 80
    x1, x2 = rng.normal(size=n).round(3), rng.normal(size=n).round(3)
    city = rng.choice(["Paris", "Lyon", "Nice"], size=n)
    label = np.where(x1 + x2 + (city == "Paris") > 0.4, "yes", "no")
    columns = {
        "x1": x1.tolist(),
        "x2": x2.tolist(),
        "city": city.tolist(),
        "source": ["survey"] * n,
        "label": label.tolist(),
    }
    columns["x1"][3] = columns["x1"][10] = columns["x1"][20] = None  # missing numbers
    columns["city"][5] = columns["city"][30] = None  # missing text
    columns["x2"][12] = 1e6  # an absurd value: must not ruin the scaling of x2
    for name in columns:  # five exact duplicate rows
        columns[name] = columns[name] + columns[name][40:45]
    write_table(path, columns)
    return path


@pytest.fixture
def messy_csv(tmp_path):
    return make_messy(tmp_path / "messy.csv")


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained for one epoch on the messy table (shared by a module's tests): (model, table)."""
    from axone.cli import main

    folder = tmp_path_factory.mktemp("trained")
    table = make_messy(folder / "messy.csv")
    model = folder / "m.axone"
    assert main(["train", str(table), "--target", "label", "--epochs", "1", "--out", str(model)]) == 0
    return model, table


@pytest.fixture
def regression_csv(tmp_path):
    """t = 300 x + 1000 (+ noise), in units far from 1: the saved model must predict in those units."""
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, size=120).round(4)
    t = (300 * x + 1000 + rng.normal(scale=5, size=120)).round(2)
    path = tmp_path / "prices.csv"
    write_table(path, {"x": x.tolist(), "kind": ["a", "b", "c"] * 40, "price": t.tolist()})
    return path


@pytest.fixture
def three_class_csv(tmp_path):
    """Three well separated blobs labelled by name."""
    rng = np.random.default_rng(5)
    centers = np.array([[0.0, 4.0], [4.0, 0.0], [-4.0, -4.0]])
    y = rng.integers(0, 3, size=90)
    X = (centers[y] + rng.normal(size=(90, 2))).round(3)
    path = tmp_path / "blobs.csv"
    write_table(
        path, {"a": X[:, 0].tolist(), "b": X[:, 1].tolist(), "kind": np.array(["red", "green", "blue"])[y].tolist()}
    )
    return path
