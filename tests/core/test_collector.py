"""Importing axone collects cycles less often, unless the user chose the collector's threshold."""

from __future__ import annotations

import subprocess
import sys


def _threshold_after_import(before: str) -> str:
    code = f"import gc; {before}; import axone; print(gc.get_threshold()[0])"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_the_default_threshold_is_raised_and_a_chosen_one_is_kept() -> None:
    assert _threshold_after_import("pass") == "10000"
    assert _threshold_after_import("gc.set_threshold(1234)") == "1234"
