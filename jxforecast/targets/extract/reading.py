"""Reading a plan document from a file, whatever its encoding."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from jxforecast.errors import DataError


def _decode(p: Path, raw: bytes) -> str:
    """Decode the bytes: UTF-16 with BOM, UTF-8 (with or without BOM) or GBK/GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"The plan document {p} starts with a UTF-16 mark but is not valid UTF-16.") from None
    if b"\x00" in raw:
        raise DataError(f"The plan document {p} is a binary file, not text.")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # pragma: no cover - gb18030 decodes nearly any byte string
    raise DataError(f"The plan document {p} is neither UTF-8 nor GBK/GB18030 text.")


def read_plan_text(path: str | Path) -> str:
    """Read a plan document as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    Parameters
    ----------
    path
        The document file.

    Returns
    -------
    str
        The document text.

    Raises
    ------
    DataError
        When the file is missing, empty, binary, or in no encoding listed above.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise DataError(f"The plan document {p} does not exist.") from None
    except OSError as exc:
        raise DataError(f"The plan document {p} cannot be read: {exc.strerror or exc}.") from None
    if not raw.strip():
        raise DataError(f"The plan document {p} is empty.")
    text = _decode(p, raw)
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f\v")
    if controls > max(8, len(text[:20000]) // 100):
        raise DataError(f"The plan document {p} is a binary file, not text.")
    if not text.strip():
        raise DataError(f"The plan document {p} is empty.")
    return text
