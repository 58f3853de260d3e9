"""Schema checks of ``axone.json`` and ``config.json``, before any object is built (level 4).

Class names are resolved only through axone's closed registries (``axone.layers.registry``,
``axone.optimizers``): a name is a bare identifier, looked up in a dict, never imported.
Each layer's config keys are checked against the arguments its constructor accepts, and the
values against the constructor's simple annotations (``units: int`` refuses ``"3"``), so that
the error names the field; what the constructor refuses beyond that (``units: -1``) is wrapped
by the builder with the same field.

Example:
    >>> from axone.io.validate import check_layer_spec
    >>> check_layer_spec({"class_name": "os.system", "config": {}}, "x.axone", "config.json", "model")
    Traceback (most recent call last):
    ...
    axone.io.errors.ModelFileError: model file 'x.axone', member 'config.json', field 'model.class_name': 'os.system' is not a class name of axone: names are bare identifiers looked up in axone's registry, never module paths
"""

from __future__ import annotations

import inspect
import math
import re
from typing import Any

from axone.io import outputs_compile
from axone.io.errors import ModelFileError
from axone.layers import registry

FORMAT = "axone"
VERSION = 1
KINDS = ("model", "weights")
MAX_SAMPLE_SIZE = 2**26  # values in one input sample (a 4096 x 4096 x 4 image); a load builds on a zero sample
HEADER_KEYS = {"format", "version", "kind", "axone_version"}
CONFIG_KEYS = {"model", "build", "compile", "training", "preprocessing"}
COMPILE_KEYS = {"optimizer", "loss", "metrics", "weighted_metrics", "losses", "loss_weights"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}\Z")
_SIMPLE_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "str": (str,),
    "None": (type(None),),
    "list": (list,),
    "tuple": (list,),
    "dict": (dict,),
}


def _check_member_fields(doc: Any, allowed: Any, path: Any, member: str) -> None:
    """A member's root must be a JSON object holding only the ``allowed`` fields."""
    if not isinstance(doc, dict):
        raise ModelFileError(path, member, "(root)", f"must be a JSON object, got {type(doc).__name__}")
    for key in doc:
        if key not in allowed:
            raise ModelFileError(path, member, f"field {key!r}", f"unknown field; this member holds {sorted(allowed)}")


def check_header(doc: Any, path: Any, member: str = "axone.json") -> str:
    """Validate ``axone.json``; returns its kind (``"model"`` or ``"weights"``)."""
    _check_member_fields(doc, HEADER_KEYS, path, member)
    if doc.get("format") != FORMAT:
        raise ModelFileError(
            path, member, "field 'format'", f"expected {FORMAT!r}, got {doc.get('format')!r}: not an axone file"
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelFileError(path, member, "field 'version'", f"expected a positive integer, got {version!r}")
    if version > VERSION:
        raise ModelFileError(
            path,
            member,
            "field 'version'",
            f"format version {version} was written by a newer axone; this one reads version {VERSION}: upgrade axone",
        )
    kind = doc.get("kind", "model")
    if kind not in KINDS:
        raise ModelFileError(path, member, "field 'kind'", f"expected one of {list(KINDS)}, got {kind!r}")
    if not isinstance(doc.get("axone_version", ""), str):
        raise ModelFileError(path, member, "field 'axone_version'", "must be a string")
    return kind


def check_config(doc: Any, path: Any, member: str = "config.json") -> None:
    """Validate the whole of ``config.json`` (model spec, build shape, compile info, metadata)."""
    _check_member_fields(doc, CONFIG_KEYS, path, member)
    if "model" not in doc:
        raise ModelFileError(path, member, "field 'model'", "missing: the model's architecture is required")
    check_layer_spec(doc["model"], path, member, "model")
    build = doc.get("build")
    if build is not None:
        shape = build.get("input_shape") if isinstance(build, dict) and set(build) == {"input_shape"} else None
        if (
            not isinstance(shape, list)
            or not 1 <= len(shape) <= 8
            or not all(d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in shape)
        ):
            raise ModelFileError(
                path,
                member,
                "field 'build.input_shape'",
                f"expected a list of 1 to 8 positive integers or null, got {shape!r:.100}",
            )
        sample = math.prod(d or 1 for d in shape[1:])
        if sample > MAX_SAMPLE_SIZE:
            raise ModelFileError(
                path, member, "field 'build.input_shape'", f"one sample of {sample} values, more than {MAX_SAMPLE_SIZE}"
            )
    _check_compile(doc.get("compile"), path, member)
    for key in ("training", "preprocessing"):
        if doc.get(key) is not None and not isinstance(doc[key], dict):
            raise ModelFileError(
                path, member, f"field {key!r}", f"must be an object or null, got {type(doc[key]).__name__}"
            )


def _check_compile(spec: Any, path: Any, member: str) -> None:
    if spec is None:
        return
    if not isinstance(spec, dict):
        raise ModelFileError(path, member, "field 'compile'", f"must be an object or null, got {type(spec).__name__}")
    for key in spec:
        if key not in COMPILE_KEYS:
            raise ModelFileError(
                path, member, f"field 'compile.{key}'", f"unknown field; compile holds {sorted(COMPILE_KEYS)}"
            )
    optimizer = spec.get("optimizer")
    if optimizer is not None:
        from axone import optimizers

        _check_class_spec(optimizer, path, member, "compile.optimizer", optimizers.names(), "optimizer")
    _check_loss(spec.get("loss"), path, member)
    outputs_compile.check(spec, path, member, _check_loss)  # one loss per output
    for key in ("metrics", "weighted_metrics"):
        metrics = spec.get(key)
        if isinstance(metrics, dict) and spec.get("losses") is not None:  # {output: [names]}
            for output, names in metrics.items():
                _check_metric_names(names, path, member, f"compile.{key}.{output}")
        else:
            _check_metric_names(metrics, path, member, f"compile.{key}")


def _check_metric_names(metrics: Any, path: Any, member: str, field: str) -> None:
    from axone.training.compile import METRIC_NAMES

    if metrics is not None and (not isinstance(metrics, list) or not all(isinstance(m, str) for m in metrics)):
        raise ModelFileError(path, member, f"field {field!r}", "must be a list of metric names (strings)")
    for i, metric in enumerate(metrics or []):
        if metric.lower() not in METRIC_NAMES:
            raise ModelFileError(
                path, member, f"field '{field}[{i}]'", f"unknown metric {metric!r}; known: {', '.join(METRIC_NAMES)}"
            )


def _check_loss(loss: Any, path: Any, member: str, field: str = "compile.loss") -> None:
    """A loss is a name, or ``Loss.get_config()``: ``{"name", "from_logits", "reduction"}``."""
    from axone import losses

    if loss is None:
        return
    if isinstance(loss, dict):
        allowed = {"name": (str,), "from_logits": (bool,), "reduction": (str,)}
        for key, value in loss.items():
            if key not in allowed:
                raise ModelFileError(
                    path, member, f"field '{field}.{key}'", f"unknown field; a loss holds {sorted(allowed)}"
                )
            if not _matches(value, allowed[key]):
                raise ModelFileError(
                    path, member, f"field '{field}.{key}'", f"expected {allowed[key][0].__name__}, got {value!r:.80}"
                )
        field, loss = f"{field}.name", loss.get("name")
    if not isinstance(loss, str) or losses.canonical_name(loss) is None:
        raise ModelFileError(
            path, member, f"field {field!r}", f"unknown loss {loss!r:.80}; known: {', '.join(losses.names())}"
        )


def _check_class_spec(spec: Any, path: Any, member: str, field: str, known: list[str], kind: str) -> None:
    if not isinstance(spec, dict) or set(spec) != {"class_name", "config"}:
        got = sorted(spec) if isinstance(spec, dict) else type(spec).__name__
        raise ModelFileError(
            path, member, f"field {field!r}", f"must be an object with 'class_name' and 'config', got {got}"
        )
    name = spec["class_name"]
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise ModelFileError(
            path,
            member,
            f"field '{field}.class_name'",
            f"{name!r} is not a class name of axone: names are bare identifiers looked up in axone's registry, "
            "never module paths",
        )
    if name not in known:
        raise ModelFileError(
            path, member, f"field '{field}.class_name'", f"unknown {kind} class {name!r}; known: {', '.join(known)}"
        )
    if not isinstance(spec["config"], dict):
        raise ModelFileError(
            path, member, f"field '{field}.config'", f"must be an object, got {type(spec['config']).__name__}"
        )


def is_layer_spec(value: Any) -> bool:
    return (
        isinstance(value, dict) and isinstance(value.get("class_name"), str) and value["class_name"] in registry.names()
    )


def check_layer_spec(spec: Any, path: Any, member: str, field: str) -> None:
    """A layer spec: a registered class, config keys its constructor takes, simple types right."""
    _check_class_spec(spec, path, member, field, registry.names(), "layer")
    cls = registry.get(spec["class_name"])
    if getattr(cls, "config_is_graph", False):  # a functional model: its graph has its own schema
        from axone.io.graph import check_graph

        check_graph(spec["config"], path, member, field, check_layer_spec)
        return
    accepted = constructor_arguments(cls)
    for key, value in spec["config"].items():
        where = f"{field}.config.{key}"
        if accepted is not None and key not in accepted:
            raise ModelFileError(
                path,
                member,
                f"field {where!r}",
                f"{spec['class_name']} takes no argument {key!r}; it takes {sorted(accepted)}",
            )
        expected = accepted.get(key) if accepted else None
        if expected and not _matches(value, expected):
            names = " or ".join("null" if t is type(None) else t.__name__ for t in expected)
            raise ModelFileError(
                path, member, f"field {where!r}", f"expected {names}, got {type(value).__name__} {value!r:.80}"
            )
        _check_nested(value, path, member, where)


LAYER_LISTS = (".layers", ".block")  # config fields that hold a list of layer specs
LAYER_FIELDS = (".layer",)  # config fields that hold one layer spec


def _check_nested(value: Any, path: Any, member: str, where: str) -> None:
    """Layer specs inside a config (a Sequential's layers, a Residual's block) are checked in turn,
    every entry of them a layer spec (the reader of ``axone inspect`` and the builder rely on it);
    other ``class_name`` objects (an initializer) must still be bare identifiers."""
    if where.endswith(LAYER_LISTS) and not isinstance(value, list):
        raise ModelFileError(path, member, f"field {where!r}", f"must be a list of layers, got {type(value).__name__}")
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        at = f"{where}[{i}]" if isinstance(value, list) else where
        if where.endswith(LAYER_LISTS + LAYER_FIELDS):
            check_layer_spec(item, path, member, at)
            continue
        if not isinstance(item, dict) or "class_name" not in item:
            continue
        if is_layer_spec(item):
            check_layer_spec(item, path, member, at)
        elif not isinstance(item["class_name"], str) or not _IDENTIFIER.match(item["class_name"]):
            raise ModelFileError(
                path,
                member,
                f"field '{at}.class_name'",
                f"{item['class_name']!r} is not a class name of axone: names are bare identifiers "
                "looked up in axone's registries, never module paths",
            )


def constructor_arguments(cls: type) -> dict[str, tuple[type, ...] | None] | None:
    """Argument name -> accepted JSON types (None: not checked) of ``cls``'s constructor, following
    ``**kwargs`` up the class hierarchy; None when some constructor takes anything."""
    accepted: dict[str, tuple[type, ...] | None] = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass) or klass is object:
            continue
        params = inspect.signature(vars(klass)["__init__"]).parameters
        for name, param in list(params.items())[1:]:
            if param.kind in (param.POSITIONAL_ONLY, param.VAR_POSITIONAL):
                continue
            if param.kind is param.VAR_KEYWORD:
                break
            accepted.setdefault(name, _annotation_types(param.annotation))
        else:
            return accepted
    return None


def _annotation_types(annotation: Any) -> tuple[type, ...] | None:
    """The JSON types of a simple annotation (``int``, ``str | None``); None when not simple."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None)
    if not text:
        return None
    types: list[type] = []
    for token in text.split("|"):
        token = token.strip().split("[", 1)[0]
        if token not in _SIMPLE_TYPES:
            return None
        types.extend(_SIMPLE_TYPES[token])
    return tuple(types)


def _matches(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)
