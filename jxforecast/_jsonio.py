"""JSON files the package writes: numbers made JSON-ready, files written whole or not at all."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any


def json_ready(x: Any, digits: int = 8) -> Any:
    """``x`` with floats rounded to ``digits``, NaN as None and infinities as ``"inf"``/``"-inf"``."""
    if isinstance(x, float):
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return None if math.isnan(x) else round(x, digits)
    if isinstance(x, dict):
        return {k: json_ready(v, digits) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [json_ready(v, digits) for v in x]
    return x


def write_text_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
