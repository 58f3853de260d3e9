"""The fuzzer, as a property: every input made from a valid model file (MLP, CNN, LSTM, each with
its optimizer state) by byte flips, truncations or structured edits of ``config.json`` and of the
safetensors headers either loads with exactly the original arrays or raises ``ModelFileError``,
within the time and memory caps of ``benchmarks/fuzz.py`` (whose judge this is). 2,000
cases, derandomized so that CI runs the same ones; ``python -m benchmarks.fuzz --minutes N`` runs
random ones for as long as asked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import fuzz

SETTINGS = dict(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(valid files, memory limit from before any case, the file each case is written to)."""
    folder = tmp_path_factory.mktemp("fuzz")
    with np.errstate(all="raise", under="ignore"):
        built = fuzz.corpus(folder)
    return built, fuzz.peak_mib() + fuzz.MEMORY_CAP_MIB, folder / "case.axone"


def check(corpus, raw: bytes, original: dict) -> str:
    _files, limit, target = corpus
    outcome, detail = fuzz.judge(raw, original, target, limit)
    assert outcome in ("loaded", "refused"), f"{outcome}: {detail}"
    return outcome


which = st.integers(0, 2)
position = st.integers(0, 2**31)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**64), 2**64) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=900, **SETTINGS)
@given(which, st.lists(st.tuples(position, st.integers(1, 255)), min_size=1, max_size=4))
def test_byte_flips_load_the_original_arrays_or_are_refused(corpus, index, flips):
    _name, raw, original = corpus[0][index]
    data = bytearray(raw)
    for at, mask in flips:
        data[at % len(data)] ^= mask
    check(corpus, bytes(data), original)


@settings(max_examples=300, **SETTINGS)
@given(which, position)
def test_truncations_are_refused(corpus, index, at):
    _name, raw, original = corpus[0][index]
    assert check(corpus, raw[: at % len(raw)], original) == "refused"


@settings(max_examples=800, **SETTINGS)
@given(
    which,
    st.sampled_from([fuzz.CONFIG, *fuzz.HEADERS]),
    position,
    st.sampled_from(["replace", "delete", "add"]),
    json_values,
)
def test_json_edits_of_config_and_headers_load_the_original_arrays_or_are_refused(
    corpus, index, member, node, action, value
):
    _name, raw, original = corpus[0][index]

    def change(doc):
        paths = fuzz.nodes(doc)
        return fuzz.edit_json(doc, paths[node % len(paths)], action, value)

    check(corpus, fuzz.edit_member(raw, member, change), original)


def test_the_judge_sees_a_changed_array(corpus, tmp_path):
    """The judge can fail: a weight changed in a sound file is 'changed', not 'loaded'."""
    _name, raw, original = corpus[0][0]
    edited = {**original, "w:0": original["w:0"] + 1}
    assert fuzz.judge(raw, edited, tmp_path / "x.axone", corpus[1])[0] == "changed"
    assert fuzz.judge(raw, original, tmp_path / "x.axone", corpus[1])[0] == "loaded"
