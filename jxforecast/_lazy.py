"""Names a package exports on first use (PEP 562), so that importing the package stays cheap."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_getattr(package: str, names: Mapping[str, str],
                 subpackages: tuple[str, ...] = ()) -> Callable[[str], Any]:
    """The module-level ``__getattr__`` of *package*: each of *names* imported from its module on first use.

    *names* maps an exported name to the module that defines it; the value is then kept in the
    package's namespace, so later look-ups are plain attribute reads. A name in *subpackages*
    imports ``package.name`` (``jx.data.vintages`` without importing ``jxforecast.data`` first).
    """

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(import_module(names[name]), name)
            setattr(sys.modules[package], name, value)
            return value
        if name in subpackages:
            return import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
