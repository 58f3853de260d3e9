"""A tiny config asking for huge weights is refused at its layer, before any memory is taken.

Before the fix, a 1 KB file declaring Dense(40000) after Input((40000,)) made ``load_model``
allocate and fill 1.6e9 random weights (18 GB, 47 s) before noticing that the file's tensors
did not match; the file's tensors now bound what the layers may create.
"""

from __future__ import annotations

import json
import resource

import pytest
from io_helpers import write_zip

import axone as ax
from axone.io import ModelFileError


def _huge(members, units):
    config = json.loads(members["config.json"])
    layers = config["model"]["config"]["layers"]
    layers[0]["config"]["shape"] = [units]
    layers[1]["config"]["units"] = units
    config["build"] = {"input_shape": [None, units]}
    return [(n, json.dumps(config).encode() if n == "config.json" else d) for n, d in members.items()]


@pytest.mark.parametrize("units", [40_000, 10**6])
def test_a_config_asking_for_huge_weights_is_refused_before_allocating(valid, tmp_path, units):
    _, members = valid
    path = tmp_path / "huge.axone"
    write_zip(path, _huge(members, units))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ModelFileError, match="the file.s weights have left") as info:
        ax.load_model(path)
    assert info.value.member == "config.json" and "model.config" in info.value.field
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200_000, f"load_model took {grown_kib} KiB more before refusing"


def test_the_budget_does_not_outlive_the_load(valid):
    path, _ = valid
    ax.load_model(path)
    assert ax.layers.Dense(4000, input_shape=(4000,)).count_params() == 4000 * 4000 + 4000
