"""Fixtures for the model-file tests."""

import pytest
from io_helpers import read_members, small_model


@pytest.fixture
def valid(tmp_path):
    """(path, members as a dict) of a small valid model file."""
    path = tmp_path / "xor.axone"
    small_model().save(path)
    return path, dict(read_members(path))
