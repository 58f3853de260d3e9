"""The documentation site's configuration: strict builds fail on a broken link, never on a page the
nav forgot, and the nav and the generated API pages match. (CI builds the real site in .ci/run.)"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import docs_hooks  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def build(tmp_path: Path, pages: dict[str, str], nav: list) -> Path:
    """A strict build of ``pages`` with the site's validation rules and hooks (default theme, no API)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "test",
        "docs_dir": str(docs),
        "site_dir": str(tmp_path / "site"),
        "use_directory_urls": False,
        "validation": CONFIG["validation"],
        "hooks": [str(ROOT / "tools" / "docs_hooks.py")],
        "markdown_extensions": CONFIG["markdown_extensions"],
        "nav": nav,
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    mkdocs_build(load_config(str(tmp_path / "mkdocs.yml"), strict=True))
    return tmp_path / "site"


@pytest.fixture(autouse=True)
def _quiet_mkdocs():
    # mkdocs counts warnings through its own logger; keep its INFO lines out of the test output
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    yield


def test_a_broken_link_fails_the_strict_build(tmp_path) -> None:
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort, match="strict mode"):
        build(tmp_path, {"index.md": "# Home\n\nSee [the missing page](missing.md).\n"}, ["index.md"])


def test_a_broken_anchor_fails_the_strict_build(tmp_path) -> None:
    from mkdocs.exceptions import Abort

    pages = {"index.md": "# Home\n\n[there](other.md#nowhere)\n", "other.md": "# Other\n"}
    with pytest.raises(Abort, match="strict mode"):
        build(tmp_path, pages, ["index.md", "other.md"])


def test_a_page_missing_from_the_nav_is_added_not_refused(tmp_path) -> None:
    pages = {"index.md": "# Home\n\n[new](new-guide.md)\n", "new-guide.md": "# A new guide\n\n$y = \\sigma(z)$\n"}
    site = build(tmp_path, pages, ["index.md"])
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "More pages" in home and "new-guide.html" in home
    assert 'class="arithmatex"' in (site / "new-guide.html").read_text(encoding="utf-8")
    assert (site / "assets" / "mathjax" / "tex-chtml.js").is_file()  # shipped, not fetched


def test_the_nav_lists_existing_pages_and_every_api_page() -> None:
    def entries(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from entries(value) if isinstance(value, list) else [value]

    listed = list(entries(CONFIG["nav"]))
    generated = {f"api/{area}.md" for area in docs_hooks.AREAS}
    assert all((ROOT / "docs" / page).is_file() or page in generated for page in listed)
    assert generated <= set(listed)


def test_every_public_module_is_in_an_api_page() -> None:
    modules = docs_hooks.public_modules()
    assert "axone.layers.dense" in modules and "axone.onnx.export" in modules
    assert docs_hooks.area_of("axone.layers.dense") == "layers"
    assert docs_hooks.area_of("axone.core.ops.conv") == "ops"
    assert docs_hooks.area_of("axone.core.tape") == "tensors"
    pages = {
        area: docs_hooks.api_page(area, [m for m in modules if docs_hooks.area_of(m) == area])
        for area in docs_hooks.AREAS
    }
    assert all(f"::: {module}" in pages[docs_hooks.area_of(module)] for module in modules if module != "axone")


def test_the_readme_links_to_the_sites_pages() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert {"docs/index.md", "docs/course.md"} <= set(links)
    assert [link for link in links if not (ROOT / link).is_file()] == []
