"""Names a package exports on first use (PEP 562), so that importing the package stays cheap."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from types import ModuleType
from typing import Any

# package name -> {exported name: module that defines it}
_EXPORTS: dict[str, Mapping[str, str]] = {}


class _LazyPackage(ModuleType):
    """A package whose exported names win over its submodules of the same name.

    Importing a submodule binds it on its package (``jxforecast.feasibility.assess``, the module
    that defines the function ``assess``); an eager ``from .assess import assess`` would then
    rebind the function. Here the binding itself takes the function, whatever imports it first.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        exported = _EXPORTS.get(self.__name__, {})
        if isinstance(value, ModuleType) and exported.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


def lazy_exports(package: str, names: Mapping[str, str],
                 subpackages: tuple[str, ...] = ()) -> Callable[[str], Any]:
    """Make *package* export *names* on first use; return the ``__getattr__`` it is to define.

    *names* maps an exported name to the module that defines it; the value is then kept in the
    package's namespace, so later look-ups are plain attribute reads. A name in *subpackages*
    imports ``package.name`` (``jx.data.vintages`` without importing ``jxforecast.data`` first).
    A submodule that shares an exported name (``feasibility.assess``) never shadows it.
    """
    _EXPORTS[package] = dict(names)
    sys.modules[package].__class__ = _LazyPackage

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(import_module(names[name]), name)
            setattr(sys.modules[package], name, value)
            return value
        if name in subpackages:
            return import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
