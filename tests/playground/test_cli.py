"""``axone playground`` from the command line: its options, and a real launch on 127.0.0.1."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import axone as ax
from axone.cli.main import main
from axone.playground.launch import free_port


def test_help_and_a_bad_port(capsys):
    assert main(["playground", "--help"]) == 0
    assert "--no-browser" in capsys.readouterr().out
    assert main(["playground", "--port", "70000"]) == 2
    assert "--port must be in [0, 65535]" in capsys.readouterr().err


def test_the_command_serves_the_page_with_its_token_only():
    pytest.importorskip("uvicorn")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(ax.__file__).parents[1])}
    command = [sys.executable, "-m", "axone", "playground", "--no-browser", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stdout.readline()
        assert line.startswith(f"axone playground: open http://127.0.0.1:{port}/?token="), line
        address = line.split()[3]
        with urllib.request.urlopen(address, timeout=10) as reply:
            assert reply.status == 200 and b'data-testid="play"' in reply.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(address.split("?")[0], timeout=10)
        assert refused.value.code == 403
        refused.value.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()
