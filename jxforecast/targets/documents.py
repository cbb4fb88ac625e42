"""Source documents: one matcher for a document named by file name or by its 3-digit prefix.

The seed documents in ``data/seeds`` are named ``NNN_<hash>.txt``; users and
options name them by the whole file name or by the prefix (``003``, ``3``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_SEED = re.compile(r"(\d{3})_")


def is_seed_document(name: str) -> bool:
    """Whether a source document name is that of a seed document (``NNN_...``).

    Parameters
    ----------
    name
        A ``source_doc`` value or file name.

    Returns
    -------
    bool
        True when the name starts with three digits and an underscore.
    """
    return _SEED.match(name) is not None


def document_label(name: str, default: str = "") -> str:
    """Short label of a document: the 3-digit prefix of a seed document, else the file stem.

    Parameters
    ----------
    name
        A ``source_doc`` value or file name.
    default
        Label of an empty name.

    Returns
    -------
    str
        ``"003"`` for ``"003_329468910c44fa33.txt"``, ``"plan"`` for ``"plan.txt"``.
    """
    m = _SEED.match(name)
    if m:
        return m.group(1)
    return Path(name).stem if name else default


def match_documents(docs: Iterable[str], doc: str | int) -> list[str]:
    """Find the documents a user's name stands for, in the given order.

    Parameters
    ----------
    docs
        Known document names (``source_doc`` values).
    doc
        A whole name, or a seed prefix (``"003"``, ``"3"`` or ``3``).

    Returns
    -------
    list of str
        The names equal to ``doc`` or starting with its (zero-padded) prefix and ``_``;
        empty when none matches.
    """
    want = str(doc)
    prefix = want.zfill(3) if want.isdigit() else want
    return [d for d in docs if d == want or d.startswith(f"{prefix}_")]
