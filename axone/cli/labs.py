"""``axone lab`` and ``axone tour``: the course's examples, run from the command line.

``axone lab`` lists the labs; ``axone lab NAME [--quick] [--out DIR]`` runs one, prints its
findings (``LabResult.report()``) and saves its figures under DIR. ``axone tour`` runs them all
with a progress display (a tqdm bar on a terminal, one plain line per lab otherwise) and writes
``DIR/index.html`` with every lab's findings and figures embedded (``axone.labs.tour``). A lab
that raises is reported, in the page and on stderr, and the command exits with code 1.
``axone lab NAME --notebook`` and ``axone tour --notebooks DIR`` write the labs as Jupyter
notebooks instead (``axone.labs.notebook``), without running them.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from axone.cli.errors import EXIT_FAILED, CliError, one_line


def add_commands(commands: Any) -> None:
    lab = commands.add_parser(
        "lab",
        help="list the course's labs, or run one",
        description="Without NAME, list the labs. With NAME, run that lab: print its findings, save its figures.",
    )
    lab.add_argument("name", nargs="?", help="the lab to run (see 'axone lab')")
    lab.add_argument("--quick", action="store_true", help="a small version that runs in seconds")
    lab.add_argument("--out", default="axone-lab-out", help="folder for the figures (default: %(default)s)")
    lab.add_argument(
        "--notebook",
        action="store_true",
        help="write the lab as a Jupyter notebook OUT/NAME.ipynb instead of running it",
    )
    lab.add_argument("--force", action="store_true", help="with --notebook: overwrite an existing notebook")
    lab.add_argument(
        "--execute", action="store_true", help="with --notebook: run it and save it with its outputs and figures"
    )
    lab.set_defaults(run=run_lab_command)

    tour = commands.add_parser(
        "tour",
        help="run every lab and write one HTML report",
        description="Run every lab of the course and write DIR/index.html, a self-contained report of "
        "their findings and figures. Exits with code 1 if a lab failed.",
    )
    tour.add_argument("--quick", action="store_true", help="the quick version of every lab (seconds each)")
    tour.add_argument("--out", default="axone-tour", help="folder of the report and figures (default: %(default)s)")
    tour.add_argument(
        "--notebooks", metavar="DIR", help="write the eighteen labs as Jupyter notebooks in DIR instead of running them"
    )
    tour.add_argument("--force", action="store_true", help="with --notebooks: overwrite existing notebooks")
    tour.add_argument(
        "--execute", action="store_true", help="with --notebooks: run them and save them with their outputs"
    )
    tour.set_defaults(run=run_tour_command)


def lab_names() -> dict[str, tuple[str, str]]:
    from axone import labs

    return labs.LABS


def list_labs() -> int:
    names = lab_names()
    width = max(len(name) for name in names)
    for name, (_, description) in names.items():
        print(f"{name.ljust(width)}  {description}")
    print(f"\n{len(names)} labs; run one with: axone lab NAME --quick, or all with: axone tour --quick")
    return 0


def check_lab(name: str) -> None:
    names = lab_names()
    if name not in names:
        close = difflib.get_close_matches(name, list(names), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise CliError(f"unknown lab {name!r}; {hint}'axone lab' lists them: {', '.join(names)}")


def output_folder(path: str) -> Path:
    """The folder for figures and reports: created if needed, refused if it is a file."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"--out {path!r} is a file; give a folder")
    if not folder.parent.is_dir():
        raise CliError(f"cannot create {path!r}: folder {str(folder.parent)!r} does not exist")
    return folder


def run_lab_command(args: argparse.Namespace) -> int:
    from axone import labs

    if args.name is None:
        return list_labs()
    check_lab(args.name)
    folder = output_folder(args.out)
    if args.notebook:
        return write_notebooks([args.name], folder, args.quick, args.force, numbered=False, execute=args.execute)
    try:
        result = labs.run(args.name, quick=args.quick, out=folder)
    except Exception as error:
        if args.debug:
            raise
        print(
            f"axone: error: lab {args.name!r} failed: {type(error).__name__}: {one_line(error)} "
            "(run 'axone --debug lab ...' for the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(result.report())
    if result.figures:
        print(f"{len(result.figures)} figure(s) saved under {folder}")
    return 0


class Progress:
    """The tour's display: a tqdm bar on a terminal, one plain line per lab elsewhere."""

    def __init__(self, total: int, stream: Any = None):
        self.stream = stream if stream is not None else sys.stdout
        self.bar: Any = None
        if getattr(self.stream, "isatty", lambda: False)():
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc="tour", unit="lab", file=self.stream, dynamic_ncols=True)
        self.total = total
        self.done = 0

    def __call__(self, entry: Any) -> None:
        self.done += 1
        last = (entry.error.strip().splitlines() or ["?"])[-1]  # the exception line of the traceback
        status = "ok" if entry.ok else f"FAILED ({last.strip()})"
        line = f"[{self.done}/{self.total}] {entry.name}: {status}, {entry.seconds:.2f} s"
        if self.bar is None:
            print(line, file=self.stream, flush=True)
            return
        self.bar.write(line, file=self.stream)
        self.bar.set_postfix_str(entry.name, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def write_notebooks(names: list[str], folder: Path, quick: bool, force: bool, numbered: bool, execute: bool) -> int:
    """Write the notebooks of ``names`` in ``folder`` (``12-circles.ipynb`` when ``numbered``); with ``execute``,
    run each one and save it with its outputs."""
    from axone.labs import notebook

    paths = {name: folder / (notebook.numbered_name(name) if numbered else f"{name}.ipynb") for name in names}
    existing = [str(path) for path in paths.values() if path.exists()]
    if existing and not force:
        raise CliError(f"{existing[0]!r} already exists (it may hold your edits); use --force to overwrite")
    folder.mkdir(exist_ok=True)
    try:
        for name, path in paths.items():
            notebook.write_notebook(name, path, quick=quick)
    except ImportError:
        raise CliError("writing notebooks needs nbformat: pip install 'axone[notebooks]'") from None
    for path in paths.values():
        print(f"wrote {path}")
    if execute:
        run_notebooks(list(paths.values()))
    print(f"open with: jupyter lab {next(iter(paths.values())) if len(paths) == 1 else folder}")
    return 0


def run_notebooks(paths: list[Path]) -> None:
    """Run each notebook in a kernel of this interpreter and save its outputs; a failing cell is a CliError."""
    try:
        from nbclient.exceptions import CellExecutionError

        from axone.labs import notebook_run
    except ImportError:
        raise CliError("running notebooks needs nbclient and ipykernel: pip install 'axone[notebooks]'") from None
    for path in paths:
        try:
            notebook_run.execute(path)
        except CellExecutionError as error:
            raise CliError(f"notebook {str(path)!r} failed: {one_line(error)[:300]}") from None
        print(f"ran {path}: outputs and figures saved in it")


def run_tour_command(args: argparse.Namespace) -> int:
    from axone.labs import tour

    if args.notebooks:
        folder = output_folder(args.notebooks)
        return write_notebooks(list(lab_names()), folder, args.quick, args.force, numbered=True, execute=args.execute)
    folder = output_folder(args.out)
    page = folder / "index.html"
    if page.exists() and not tour.is_tour_page(page):
        raise CliError(f"{str(page)!r} exists and was not written by 'axone tour'; choose another --out")
    names = list(lab_names())
    folder.mkdir(exist_ok=True)
    progress = Progress(len(names))
    try:
        entries = tour.run_tour(quick=args.quick, out=folder / "figures", names=names, on_done=progress)
    finally:
        progress.close()
    tour.write_report(entries, page, quick=args.quick)
    failed = [entry.name for entry in entries if not entry.ok]
    print(f"report: {page} ({len(entries)} labs, {len(entries) - len(failed)} ok)")
    if failed:
        print(
            f"axone: error: {len(failed)} of {len(entries)} labs failed: {', '.join(failed)} "
            f"(their tracebacks are in {page})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return 0
