"""A disk cache for the embedded tables: read, validated and derived once per release of the data.

Reading ``observations.csv`` through the schema (pandera) and deriving growth rates costs
about 0.3 s plus pandera's import (0.3–0.6 s) in every new process; a pickle of the result
loads in a few milliseconds.  An entry's key is a digest of the embedded data files and of
the package's code, so a change to either builds the table anew; a user's own files are
never cached here (they are read and validated each time).

The cache lives in ``$JXFORECAST_CACHE`` (``off`` turns it off), else
``$XDG_CACHE_HOME/jxforecast`` or ``~/.cache/jxforecast``.  Any failure to read or write it
falls back to building the table.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import IO, TypeVar

from jxforecast._paths import data_dir

ENV_VAR = "JXFORECAST_CACHE"
_PACKAGE = Path(__file__).resolve().parent
_KEEP = 4
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder of the disk cache, or ``None`` when ``JXFORECAST_CACHE=off``."""
    chosen = os.environ.get(ENV_VAR, "")
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jxforecast"


@cache
def _release_digest() -> str:
    """A digest of the embedded data files, the package's code and the libraries' versions."""
    import pandas as pd

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version_info[:2]} pandas {pd.__version__}".encode())
    for folder, pattern in ((data_dir(), "*.*"), (_PACKAGE, "**/*.py")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the disk cache when this release of the data built it before.

    Parameters
    ----------
    name
        The entry's name (a file name stem, e.g. ``"observations"``).
    build
        Builds the value from the embedded files alone (no user data, no environment).

    Returns
    -------
    T
        The value; a cache that cannot be read or written is passed over.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_release_digest()}.pkl"
    try:
        with path.open("rb") as f:
            value: T = pickle.load(f)  # noqa: S301  (our own cache folder, written below)
        return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)  # whole or not at all: concurrent processes read complete files
        # the newest few releases stay (checkouts of two branches do not evict each other)
        entries = sorted(folder.glob(f"{name}-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
    return value


MAX_ENTRIES = 4000
"""Entries kept per folder of `load_entry`/`store_entry` (fits: 5–200 kB each)."""
_stores: dict[str, int] = {}


@cache
def _library_versions() -> str:
    import numpy
    import scipy
    import statsmodels

    return f"numpy {numpy.__version__} scipy {scipy.__version__} statsmodels {statsmodels.__version__}"


def _entry_path(folder: str, key: bytes, release: bool = True) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    digest = hashlib.blake2b(key, digest_size=20)
    if release:
        digest.update(_release_digest().encode())
        digest.update(_library_versions().encode())
    return base / folder / f"{digest.hexdigest()}.pkl"


def load_entry(folder: str, key: bytes, release: bool = True) -> object | None:
    """The value stored under ``key`` in ``folder`` by this release, or ``None``.

    Keys are digested with the release (data files, code) and the versions of numpy, scipy
    and statsmodels, whose objects the values may hold; with ``release=False`` the key
    alone says what the value depends on (a font cut: the font file, the characters, the
    cutting code and fontTools' version), so a change elsewhere in the package keeps it.
    """
    path = _entry_path(folder, key, release)
    if path is None:
        return None
    try:
        with path.open("rb") as f:
            value: object = pickle.load(f)  # noqa: S301  (our own cache folder)
        return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None


def store_entry(folder: str, key: bytes, value: object, keep: int = MAX_ENTRIES, release: bool = True) -> None:
    """Keep ``value`` under ``key`` in ``folder``; the oldest entries go beyond *keep* (`MAX_ENTRIES`).

    ``release`` as in `load_entry`.
    """
    path = _entry_path(folder, key, release)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
        _stores[folder] = _stores.get(folder, 0) + 1
        if _stores[folder] % 100 == 1:  # a process's first store in the folder, then every 100th: a listing costs ms
            entries = sorted(path.parent.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in entries[keep:]:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass


@contextlib.contextmanager
def one_builder(folder: str, timeout: float = 120.0) -> Iterator[None]:
    """Hold ``folder``'s lock in the cache folder: one process at a time builds what another would too.

    For an entry that costs seconds to build (the base font): processes started together
    (a report's, a test run's) wait for the first one's entry instead of each building it.
    The block runs without the lock when there is no cache folder, no ``fcntl`` (Windows),
    a lock file that cannot be opened or locked (a file system without locks), or after
    *timeout* seconds of waiting.
    """
    handle = _lock_file(folder)
    if handle is None:
        yield
        return
    with handle:  # closing the file releases the lock
        import fcntl

        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:  # held by another process
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            except OSError:  # no locks on this file system
                break
        yield


def _lock_file(folder: str) -> IO[str] | None:
    """``folder``'s open lock file in the cache folder, or ``None`` where there can be no lock."""
    base = cache_dir()
    if base is None:
        return None
    try:
        import fcntl  # noqa: F401  (POSIX only)
    except ImportError:  # pragma: no cover - Windows
        return None
    path = base / folder / ".lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("a")
    except OSError:
        try:
            return path.open("r")  # a shared cache folder whose lock file another user made: flock reads suffice
        except OSError:
            return None
