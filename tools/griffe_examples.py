"""A Griffe extension for the docs site: axone's ``Example:`` sections are read as Google's ``Examples:``.

The docstrings say ``Example:`` (singular, as the shared style guide shows); Griffe's Google parser
knows ``Examples:`` only, and would render the ``>>>`` lines as Markdown quotes instead of code.
Nothing else of the docstring is changed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_SINGULAR = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)


class ExampleSections(griffe.Extension):
    def on_object(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is not None and "Example:" in obj.docstring.value:
            obj.docstring.value = _SINGULAR.sub(r"\1Examples:", obj.docstring.value)
