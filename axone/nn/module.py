r"""Module and Parameter: PyTorch's ``nn.Module`` over axone's tensors (level 4).

A module holds its parameters (``Parameter``), buffers (running statistics) and sub-modules as
attributes, found when they are set (``self.fc = nn.Linear(2, 3)``), and computes ``forward``;
calling it calls ``forward``. Everything else is torch's: ``parameters()``, ``named_parameters()``,
``children()``, ``state_dict()``/``load_state_dict()``, ``zero_grad()``, ``train()``/``eval()``,
``to(dtype)``. A Parameter is an ``ax.Variable``, so the optimizers, ``GradientTape`` and
``backward()`` treat it as any weight; a trainable ``ax.Variable`` set as an attribute is
registered as a parameter too (torch would keep a plain tensor out of ``parameters()``).

Example:
    >>> import axone as ax
    >>> nn = ax.nn
    >>> class Net(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = nn.Linear(2, 3)
    ...         self.out = nn.Linear(3, 1)
    ...     def forward(self, x):
    ...         return self.out(ax.relu(self.hidden(x)))
    >>> net = Net()
    >>> [name for name, _ in net.named_parameters()]
    ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    >>> net(ax.Tensor([[1.0, 2.0]])).shape, sum(p.size for p in net.parameters())
    ((1, 1), 13)
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterator

import numpy as np

from axone.core.tensor import Tensor
from axone.core.variable import Variable


class Parameter(Variable):
    """PyTorch's ``nn.Parameter``: a Variable that a Module lists in ``parameters()``.

    Example:
        >>> import axone as ax
        >>> ax.nn.Parameter([1.0, 2.0])
        Parameter([1., 2.], dtype=float32, requires_grad=True)
    """

    __slots__ = ()

    def __init__(self, data: Any, requires_grad: bool = True):
        super().__init__(data, trainable=requires_grad)

    def __repr__(self) -> str:
        return "Parameter" + Tensor.__repr__(self)[len("Tensor") :]


def as_input(x: Any, dtype: np.dtype) -> Tensor:
    """``x`` as a Tensor of the module's float ``dtype`` (axone's one dtype rule, as its layers: floats
    of another dtype are cast, differentiably; integer tensors are left as they are)."""
    if not isinstance(x, Tensor):
        return Tensor(np.asarray(x, dtype=dtype))
    if x.dtype != dtype and x.dtype.kind == "f":
        return x.astype(dtype)
    return x


class Module:
    """Base class of the PyTorch face (see the module docstring)."""

    def __init__(self) -> None:
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "training", True)

    # ---- attributes: parameters, buffers and sub-modules found when set ----------------------
    def __setattr__(self, name: str, value: Any) -> None:
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                f"{type(self).__name__}: set attributes after super().__init__() (as in PyTorch), got {name!r} before"
            )
        for store in (self._parameters, self._buffers, self._modules):
            store.pop(name, None)
        if isinstance(value, Parameter) or (isinstance(value, Variable) and value.requires_grad):
            self._parameters[name] = value  # a trainable ax.Variable too: never a weight that silently stays put
        elif isinstance(value, Module):
            self._modules[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:  # only called when normal lookup fails
        for store in ("_parameters", "_buffers", "_modules"):
            found = self.__dict__.get(store, {})
            if name in found:
                return found[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute {name!r}")

    def __delattr__(self, name: str) -> None:
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Variable | None) -> None:
        """Register a weight under ``name`` (any Variable: the layers' weights that a face exposes)."""
        if param is not None and not isinstance(param, Variable):
            raise TypeError(f"{type(self).__name__}.register_parameter({name!r}): expected a Parameter, got {param!r}")
        self.__dict__.pop(name, None)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None) -> None:
        """Register a tensor saved in ``state_dict()`` but not trained (running statistics)."""
        self.__dict__.pop(name, None)
        self._buffers[name] = tensor

    def add_module(self, name: str, module: "Module | None") -> None:
        self._modules[name] = module

    # ---- computing ---------------------------------------------------------------------------
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define forward(...)")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # ---- walking the tree --------------------------------------------------------------------
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, "Module"]]:
        seen: set[int] = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop(0)
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(f"{name}.{key}" if name else key, m) for key, m in module._modules.items() if m is not None]
            stack[0:0] = children  # depth first, in definition order, as torch

    def modules(self) -> Iterator["Module"]:
        return (m for _, m in self.named_modules())

    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        return ((k, m) for k, m in self._modules.items() if m is not None)

    def children(self) -> Iterator["Module"]:
        return (m for _, m in self.named_children())

    def _named(self, store: str, prefix: str, recurse: bool) -> Iterator[tuple[str, Tensor]]:
        seen: set[int] = set()
        modules = self.named_modules(prefix) if recurse else iter([(prefix, self)])
        for name, module in modules:
            for key, tensor in getattr(module, store).items():
                if tensor is not None and id(tensor) not in seen:
                    seen.add(id(tensor))
                    yield (f"{name}.{key}" if name else key), tensor

    def named_parameters(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Variable]]:
        return self._named("_parameters", prefix, recurse)

    def parameters(self, recurse: bool = True) -> Iterator[Variable]:
        return (p for _, p in self.named_parameters(recurse=recurse))

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Tensor]]:
        return self._named("_buffers", prefix, recurse)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        return (b for _, b in self.named_buffers(recurse=recurse))

    def apply(self, fn: Any) -> "Module":
        for module in list(self.modules())[::-1]:  # children first, as torch
            fn(module)
        return self

    # ---- state ---------------------------------------------------------------------------------
    def state_dict(self) -> "OrderedDict[str, Tensor]":
        """Every parameter and buffer by dotted name, as detached tensors sharing the data (as torch)."""
        out: OrderedDict[str, Tensor] = OrderedDict()
        for name, module in self.named_modules():
            for store in (module._parameters, module._buffers):
                for key, tensor in store.items():
                    if tensor is not None:
                        out[f"{name}.{key}" if name else key] = Tensor(tensor.data)
        return out

    def load_state_dict(self, state_dict: dict, strict: bool = True) -> tuple[list[str], list[str]]:
        """Copy values in place (arrays, axone or torch tensors); returns (missing, unexpected) keys.

        Raises:
            KeyError: with ``strict`` (the default), when keys are missing or unexpected.
            ValueError: when a value's shape differs from the tensor it goes into.
        """
        own = self.state_dict()
        targets = {}
        for name, module in self.named_modules():
            for store in (module._parameters, module._buffers):
                for key, tensor in store.items():
                    if tensor is not None:
                        targets[f"{name}.{key}" if name else key] = tensor
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        if strict and (missing or unexpected):
            raise KeyError(
                f"{type(self).__name__}.load_state_dict: missing keys {missing}, unexpected keys {unexpected} "
                "(pass strict=False to load the keys that match)"
            )
        for key, value in state_dict.items():
            if key not in targets:
                continue
            array = np.asarray(value.detach() if hasattr(value, "detach") and not isinstance(value, Tensor) else value)
            target = targets[key]
            if array.shape != target.shape:
                raise ValueError(
                    f"{type(self).__name__}.load_state_dict: {key!r} has shape {target.shape}, got {array.shape}"
                )
            target._write(array.astype(target.dtype, copy=False))  # the one path for in-place writes
        return missing, unexpected

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients (``.grad = None``; ``set_to_none=False`` fills them with zeros)."""
        for p in self.parameters():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad.zero_()

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    # ---- modes and dtype -------------------------------------------------------------------------
    def train(self, mode: bool = True) -> "Module":
        for module in self.modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> "Module":
        return self.train(False)

    def to(self, *args: Any, dtype: Any = None) -> "Module":
        """Cast every float parameter and buffer to ``dtype`` (the same objects, new data, as torch).

        A device is accepted when it is the CPU (``"cpu"``: axone computes with NumPy); another
        device is refused.
        """
        for arg in args:
            if isinstance(arg, str) or type(arg).__name__ == "device":
                if str(arg) != "cpu":
                    raise ValueError(
                        f"{type(self).__name__}.to({arg!r}): axone runs on the CPU (NumPy); drop the device"
                    )
            else:
                dtype = arg
        if dtype is None:
            return self
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"{type(self).__name__}.to(): only float dtypes, got {dtype} (axone runs on the CPU)")
        for module in self.modules():
            for store in (module._parameters, module._buffers):
                for tensor in store.values():
                    if tensor is not None and tensor.dtype.kind == "f" and tensor.dtype != dtype:
                        tensor.data = tensor.data.astype(dtype)
                        if tensor.grad is not None:
                            tensor.grad = Tensor(tensor.grad.data.astype(dtype))
            for value in vars(module).values():  # the axone layers a face wraps compute in their dtype
                if hasattr(value, "dtype") and hasattr(value, "built") and hasattr(value, "call"):
                    value.dtype = dtype
        return self

    def cpu(self) -> "Module":
        return self

    def float(self) -> "Module":
        return self.to(np.float32)

    def double(self) -> "Module":
        return self.to(np.float64)

    # ---- printing --------------------------------------------------------------------------------
    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        lines = [f"  ({key}): " + repr(m).replace("\n", "\n  ") for key, m in self.named_children()]
        head = f"{type(self).__name__}({self.extra_repr()}"
        return head + ")" if not lines else head + "\n" + "\n".join(lines) + "\n)"
