"""The tour: every lab run in turn, and one self-contained HTML page of their findings and figures.

``run_tour`` runs the labs of ``LABS`` (in the course's order), catching what a lab raises so
that one failure does not hide the others: a failed lab is kept with its traceback, shown in red
in the page, and counted by ``axone tour``, which then exits non-zero. ``write_report`` writes
``index.html``: a contents table (status and time of each lab), then one section per lab with
its findings, its key numbers and its figures embedded as base64 images, so the file can be
mailed or opened anywhere without the PNGs beside it.

Example:
    >>> entry = TourEntry("tape", "GradientTape", ok=False, seconds=0.1, error="ValueError: boom")
    >>> "ValueError: boom" in render_html([entry], quick=True)
    True
"""

from __future__ import annotations

import base64
import html
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from axone import labs
from axone.labs.common import LabResult

GENERATOR = "axone tour"  # marks a page this module wrote, so a re-run may replace it
MIME = {".png": "image/png", ".gif": "image/gif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


@dataclass
class TourEntry:
    """One lab of the tour: its outcome, time and result (or the traceback of its failure)."""

    name: str
    description: str
    ok: bool
    seconds: float
    result: LabResult | None = None
    error: str = ""


def run_lab(name: str, quick: bool, out: str | Path | None) -> TourEntry:
    """Run one lab, never raising: an exception becomes a failed entry with its traceback."""
    description = labs.LABS[name][1]
    start = time.perf_counter()
    try:
        result = labs.run(name, quick=quick, out=out)
    except Exception:  # any failure of a lab is reported, not hidden, and the tour goes on
        return TourEntry(name, description, False, time.perf_counter() - start, error=traceback.format_exc())
    return TourEntry(name, description, True, time.perf_counter() - start, result=result)


def run_tour(
    quick: bool = False,
    out: str | Path | None = None,
    names: list[str] | None = None,
    on_done: Callable[[TourEntry], Any] | None = None,
) -> list[TourEntry]:
    """Run ``names`` (every lab of ``LABS`` by default), saving figures under ``out``; ``on_done``
    is called after each lab (the command line uses it for its progress display)."""
    entries = []
    for name in names if names is not None else list(labs.LABS):
        entry = run_lab(name, quick, out)
        entries.append(entry)
        if on_done is not None:
            on_done(entry)
    return entries


def image_tag(path: Path, caption: str) -> str:
    """An ``<img>`` with the file's bytes inline (data URI), or a note when the file is missing."""
    path = Path(path)
    if not path.is_file():
        return f'<p class="missing">figure {html.escape(caption)}: file {html.escape(str(path))} not found</p>'
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    mime = MIME.get(path.suffix.lower(), "application/octet-stream")
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:{mime};base64,{data}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _number(value: Any) -> str:
    text = f"{value:.6g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 300 else text[:297] + "..."


def section(entry: TourEntry) -> str:
    status = "ok" if entry.ok else "failed"
    parts = [
        f'<section id="lab-{html.escape(entry.name)}" class="{status}">',
        f"<h2>{html.escape(entry.name)} <small>{html.escape(entry.description)}</small></h2>",
        f'<p class="status">{status}, {entry.seconds:.2f} s</p>',
    ]
    if not entry.ok:
        parts.append(f'<pre class="error">{html.escape(entry.error)}</pre>')
    else:
        result = entry.result
        parts.append(
            '<ul class="findings">' + "".join(f"<li>{html.escape(str(f))}</li>" for f in result.findings) + "</ul>"
        )
        if result.numbers:
            rows = "".join(
                f"<tr><td>{html.escape(str(k))}</td><td><code>{html.escape(_number(v))}</code></td></tr>"
                for k, v in result.numbers.items()
            )
            parts.append(f'<details><summary>numbers</summary><table class="numbers">{rows}</table></details>')
        parts += [image_tag(path, f"{entry.name}: {name}") for name, path in result.figures.items()]
    parts.append("</section>")
    return "\n".join(parts)


STYLE = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}
h2 small{font-weight:normal;color:#555;font-size:.7em}section{border-top:1px solid #ccc;margin-top:2em}
.failed h2,.failed .status,td.failed{color:#b00}.ok .status,td.ok{color:#070}pre.error{background:#fee;
padding:1em;overflow:auto}figure{display:inline-block;margin:.5em}img{max-width:100%}
table{border-collapse:collapse}td,th{padding:.15em .6em;text-align:left;border-bottom:1px solid #eee}"""


def render_html(entries: list[TourEntry], quick: bool) -> str:
    """The whole page: title, summary, contents table, one section per lab."""
    from axone import __version__

    failed = [e.name for e in entries if not e.ok]
    summary = (
        f"{len(entries)} labs: {len(entries) - len(failed)} ok, {len(failed)} failed"
        + (f": {', '.join(failed)}" if failed else "")
        + f"; {sum(e.seconds for e in entries):.1f} s in all, {'quick' if quick else 'full'} mode"
    )
    contents = "".join(
        f'<tr><td><a href="#lab-{html.escape(e.name)}">{html.escape(e.name)}</a></td>'
        f'<td class="{"ok" if e.ok else "failed"}">{"ok" if e.ok else "failed"}</td>'
        f"<td>{e.seconds:.2f} s</td><td>{html.escape(e.description)}</td></tr>"
        for e in entries
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta name="generator" content="{GENERATOR}">',
            "<title>axone tour: the course, runnable</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>axone tour: the course, runnable</h1>",
            f"<p>Every example of the course <em>Introduction aux réseaux neuronaux</em>, run with axone "
            f"{html.escape(__version__)}. {html.escape(summary)}.</p>",
            f"<table><tr><th>lab</th><th>status</th><th>time</th><th>what it shows</th></tr>{contents}</table>",
            *[section(e) for e in entries],
            "</body></html>",
        ]
    )


def is_tour_page(path: Path) -> bool:
    """True when ``path`` is a page written by ``write_report`` (safe to replace)."""
    try:
        head = Path(path).read_text(encoding="utf-8", errors="replace")[:600]
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}">' in head


def write_report(entries: list[TourEntry], path: str | Path, quick: bool) -> Path:
    """Write ``render_html`` to ``path`` atomically (temporary file beside it, then replace)."""
    from axone.io.archive import atomic_write

    data = render_html(entries, quick).encode("utf-8")
    atomic_write(path, lambda handle: handle.write(data))
    return Path(path)
