"""Run a lab's notebook and save it with its outputs (``axone lab NAME --notebook --execute``).

The notebook runs with nbclient in a Python kernel of *this* interpreter (the one axone is
installed in): a kernelspec is written in a temporary folder and put first on ``JUPYTER_PATH``
while the notebook runs, so another ``python3`` kernel installed on the machine is never picked.
The notebook is saved back atomically with every output: the printed findings and numbers, and
the figures as images inside the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator

KERNEL = "axone-python"


@contextlib.contextmanager
def interpreter_kernel() -> Iterator[str]:
    """The name of a kernel running ``sys.executable``, findable by Jupyter within the block."""
    saved = {key: os.environ.get(key) for key in ("JUPYTER_PATH", "MPLBACKEND")}
    with tempfile.TemporaryDirectory(prefix="axone-kernel-") as root:
        spec = Path(root, "kernels", KERNEL)
        spec.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        spec.joinpath("kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": f"Python ({sys.executable})", "language": "python"})
        )
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [root, saved["JUPYTER_PATH"]]))
        os.environ["MPLBACKEND"] = "Agg"  # the figures are files shown as images, never windows
        try:
            yield KERNEL
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def execute(path: str | Path, timeout: int = 900) -> Path:
    """Run every cell of the notebook ``path`` (in its folder) and save it with its outputs.

    Raises nbclient's ``CellExecutionError`` (the cell and its traceback) if a cell fails; the file
    is then left as it was.
    """
    import nbformat
    from nbclient import NotebookClient

    from axone.io.archive import atomic_write

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    kernelspec = dict(nb.metadata.get("kernelspec", {}))
    with interpreter_kernel() as kernel:
        NotebookClient(
            nb, kernel_name=kernel, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    if kernelspec:
        nb.metadata["kernelspec"] = kernelspec  # the file opens with the reader's own Python kernel
    data = nbformat.writes(nb).encode("utf-8")
    atomic_write(path, lambda handle: handle.write(data))
    return path
