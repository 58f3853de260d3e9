"""Schema check of a functional model's graph in ``config.json``, before any layer is built (level 4).

A ``Functional`` config holds ``layers`` (layer specs, each checked as any other), ``nodes``
(``{"layer": i, "inputs": null | j | [j, k, ...]}``) and the node indices of ``inputs`` and
``outputs``. A node may read only nodes listed before it, so the graph has no cycle by
construction; an ``Input`` layer's node reads nothing, every other node reads something; every
layer is used, every ``Input`` once and among the model's inputs. Each refusal names the field.

Example:
    >>> from axone.io.graph import check_graph
    >>> spec = {"layers": [{"class_name": "Input", "config": {"shape": [2]}}],
    ...         "nodes": [{"layer": 0, "inputs": 3}], "inputs": 0, "outputs": 0}
    >>> check_graph(spec, "m.axone", "config.json", "model", lambda *a: None)
    Traceback (most recent call last):
    ...
    axone.io.errors.ModelFileError: model file 'm.axone', member 'config.json', field 'model.config.nodes[0].inputs': an Input layer's node reads no other node, got 3
"""

from __future__ import annotations

from typing import Any, Callable

from axone.io.errors import ModelFileError

GRAPH_KEYS = {"name", "trainable", "dtype", "layers", "nodes", "inputs", "outputs"}
MAX_LAYERS = 4096
MAX_NODES = 16384
MAX_NODE_INPUTS = 256


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_graph(config: Any, path: Any, member: str, field: str, check_layer: Callable[..., None]) -> None:
    """Validate a functional model's config; ``check_layer(spec, path, member, field)`` checks each layer."""
    at = f"{field}.config"

    def fail(where: str, problem: str) -> None:
        raise ModelFileError(path, member, f"field '{at}{where}'", problem)

    for key in config:
        if key not in GRAPH_KEYS:
            fail(f".{key}", f"unknown field; a functional model holds {sorted(GRAPH_KEYS)}")
    for key in ("layers", "nodes", "inputs", "outputs"):
        if key not in config:
            fail(f".{key}", "missing: a functional model needs layers, nodes, inputs and outputs")
    if not isinstance(config.get("name", ""), (str, type(None))):
        fail(".name", "must be a string")
    if not isinstance(config.get("trainable", True), bool):
        fail(".trainable", "must be true or false")
    if not isinstance(config.get("dtype", ""), (str, type(None))):
        fail(".dtype", "must be a dtype name (a string)")
    layers = config["layers"]
    if not isinstance(layers, list) or not 1 <= len(layers) <= MAX_LAYERS:
        fail(".layers", f"must be a list of 1 to {MAX_LAYERS} layer specs")
    for i, spec in enumerate(layers):
        check_layer(spec, path, member, f"{at}.layers[{i}]")
    is_input = [spec["class_name"] == "Input" for spec in layers]
    nodes = config["nodes"]
    if not isinstance(nodes, list) or not 1 <= len(nodes) <= MAX_NODES:
        fail(".nodes", f"must be a list of 1 to {MAX_NODES} nodes")
    used: dict[int, int] = {}
    for k, node in enumerate(nodes):
        where = f".nodes[{k}]"
        if not isinstance(node, dict) or set(node) != {"layer", "inputs"}:
            fail(where, "a node is an object with exactly 'layer' and 'inputs'")
        layer, refs = node["layer"], node["inputs"]
        if not _is_int(layer) or not 0 <= layer < len(layers):
            fail(f"{where}.layer", f"must be the index of a layer, 0 to {len(layers) - 1}, got {layer!r:.40}")
        if is_input[layer]:
            if refs is not None:
                fail(f"{where}.inputs", f"an Input layer's node reads no other node, got {refs!r:.40}")
            if layer in used:
                fail(f"{where}.layer", f"the Input layers[{layer}] has two nodes; an Input is one graph input")
        else:
            _check_refs(refs, k, f"{where}.inputs", fail)
        used[layer] = used.get(layer, 0) + 1
    unused = [i for i in range(len(layers)) if i not in used]
    if unused:
        fail(".layers", f"layers {unused[:10]} are in no node: every layer of a functional model is called")
    input_nodes = {k for k, node in enumerate(nodes) if is_input[node["layer"]]}
    ins = _refs_of(config["inputs"], len(nodes), ".inputs", fail)
    for ref in ins:
        if ref not in input_nodes:
            fail(".inputs", f"node {ref} is not the node of an Input layer")
    missing = sorted(input_nodes - set(ins))
    if missing or len(set(ins)) != len(ins):
        fail(".inputs", f"must list every Input node once; nodes {missing} are left out or some are repeated")
    outputs = config["outputs"]
    if isinstance(outputs, dict):  # outputs by name (a dict of outputs)
        if not outputs or not all(isinstance(k, str) and 0 < len(k) <= 200 for k in outputs):
            fail(".outputs", "a dict of outputs needs 1 or more keys, non-empty strings")
        outputs = list(outputs.values())
    _refs_of(outputs, len(nodes), ".outputs", fail)


def _check_refs(refs: Any, k: int, where: str, fail: Callable[[str, str], None]) -> None:
    """A node's inputs: one earlier node, or a non-empty list of earlier nodes."""
    items = refs if isinstance(refs, list) else [refs]
    if refs is None or (isinstance(refs, list) and not 1 <= len(refs) <= MAX_NODE_INPUTS):
        fail(where, f"a layer's node reads one node or a list of 1 to {MAX_NODE_INPUTS} nodes, got {refs!r:.40}")
    for ref in items:
        if not _is_int(ref) or not 0 <= ref < k:
            fail(where, f"a node reads only nodes listed before it (0 to {k - 1}), got {ref!r:.40}")


def _refs_of(value: Any, n: int, where: str, fail: Callable[[str, str], None]) -> list[int]:
    """The model's inputs or outputs: a node index or a non-empty list of them."""
    items = value if isinstance(value, list) else [value]
    if not items or len(items) > MAX_NODE_INPUTS:
        fail(where, f"must be a node index or a list of 1 to {MAX_NODE_INPUTS} of them")
    for ref in items:
        if not _is_int(ref) or not 0 <= ref < n:
            fail(where, f"must hold node indices, 0 to {n - 1}, got {ref!r:.40}")
    return items
