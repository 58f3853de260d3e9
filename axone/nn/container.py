"""Sequential and ModuleList: PyTorch's containers, indexable (``model[0]``) and iterable (level 4)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterator

from axone.nn.module import Module


class Sequential(Module):
    """Modules applied one after the other; ``model[i]``, ``model[a:b]``, ``len(model)``, ``append``.

    Example:
        >>> import axone as ax
        >>> net = ax.nn.Sequential(ax.nn.Linear(2, 3), ax.nn.Sigmoid(), ax.nn.Linear(3, 1))
        >>> net(ax.Tensor([[1.0, 2.0]])).shape, type(net[1]).__name__, len(net)
        ((1, 1), 'Sigmoid', 3)
    """

    def __init__(self, *modules: Any):
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            for name, module in modules[0].items():
                self.add_module(name, _checked(module, name))
        else:
            for i, module in enumerate(modules):
                self.add_module(str(i), _checked(module, i))

    def forward(self, x: Any) -> Any:
        for module in self._modules.values():
            x = module(x)
        return x

    def __getitem__(self, index: int | slice) -> Any:
        items = list(self._modules.items())
        if isinstance(index, slice):
            return Sequential(OrderedDict(items[index]))
        return items[index][1]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> "Sequential":
        self.add_module(str(len(self)), _checked(module, len(self)))
        return self


class ModuleList(Module):
    """A list of modules whose parameters the parent finds (``self.layers = nn.ModuleList([...])``)."""

    def __init__(self, modules: Any = ()):
        super().__init__()
        for module in modules:
            self.append(module)

    def append(self, module: Module) -> "ModuleList":
        self.add_module(str(len(self)), _checked(module, len(self)))
        return self

    def __getitem__(self, index: int) -> Module:
        return list(self._modules.values())[index]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())


def _checked(module: Any, where: Any) -> Module:
    if not isinstance(module, Module):
        hint = " (ax.layers belong in ax.Sequential([...]); ax.nn.Sequential takes ax.nn modules)"
        raise TypeError(f"nn container: item {where!r} is a {type(module).__name__}, not an nn.Module{hint}")
    return module
