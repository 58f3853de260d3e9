"""ModelFileError: the one error a malformed or hostile model file raises (level 4).

Every refusal names the file, the zip member and the field inside it, so that a user (or a
security reviewer) sees at once what was wrong and where.

Example:
    >>> from axone.io import ModelFileError
    >>> err = ModelFileError("x.axone", "config.json", "field 'model.class_name'", "unknown class 'os.system'")
    >>> str(err)
    "model file 'x.axone', member 'config.json', field 'model.class_name': unknown class 'os.system'"
    >>> isinstance(err, ValueError), err.member
    (True, 'config.json')
"""

from __future__ import annotations

import os
from typing import Any

# pseudo-member names for problems that are not inside one member
CONTAINER = "(zip container)"
FILE = "(file)"


class ModelFileError(ValueError):
    """A model or weights file that axone refuses to read (or could not write).

    Attributes:
        path: the file, as given.
        member: the zip member (``config.json``...), or ``(zip container)`` / ``(file)``.
        field: where inside the member: ``field 'model.config.units'``, ``tensor 'dense/kernel'``...
        problem: what was wrong, and what to check.
    """

    def __init__(self, path: Any, member: str, field: str, problem: str):
        self.path = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
        self.member = member
        self.field = field
        self.problem = problem
        super().__init__(f"model file {self.path!r}, member {member!r}, {field}: {problem}")

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.member, self.field, self.problem))
