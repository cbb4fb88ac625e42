"""The disk cache of the embedded tables."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from jxforecast import _diskcache
from jxforecast._paths import embedded_path
from jxforecast.data.files import read_observations
from jxforecast.data.loader import _with_derived, load_observations
from jxforecast.targets.catalogue import load_targets, read_targets


def test_an_entry_is_built_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_diskcache.ENV_VAR, str(tmp_path))
    calls: list[int] = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"a": [1.0, 2.0]})

    first = _diskcache.cached("probe", build)
    again = _diskcache.cached("probe", build)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, again)
    (entry,) = tmp_path.glob("probe-*.pkl")
    entry.write_bytes(b"not a pickle")  # a damaged entry is rebuilt
    pd.testing.assert_frame_equal(_diskcache.cached("probe", build), first)
    assert len(calls) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_diskcache.ENV_VAR, "off")
    calls: list[int] = []
    for _ in range(2):
        _diskcache.cached("probe", lambda: calls.append(1))
    assert len(calls) == 2
    (tmp_path / "a_file").write_text("")
    monkeypatch.setenv(_diskcache.ENV_VAR, str(tmp_path / "a_file" / "cache"))
    assert _diskcache.cached("probe", lambda: 3) == 3  # a folder that cannot be made: built


def test_the_cached_embedded_tables_are_what_reading_the_files_gives() -> None:
    published = read_observations(embedded_path("observations.csv"))
    pd.testing.assert_frame_equal(load_observations(), _with_derived(published))
    pd.testing.assert_frame_equal(load_targets(), read_targets(embedded_path("targets.csv")))


def test_an_entry_keyed_without_the_release_outlives_a_new_release(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A font cut (``release=False``) is read back after the package changed; a fit is not."""
    monkeypatch.setenv(_diskcache.ENV_VAR, str(tmp_path))
    _diskcache.store_entry("fonts", b"a font", b"glyphs", release=False)
    _diskcache.store_entry("fits", b"a fit", "parameters")
    assert _diskcache.load_entry("fonts", b"a font", release=False) == b"glyphs"
    assert _diskcache.load_entry("fits", b"a fit") == "parameters"
    monkeypatch.setattr(_diskcache, "_release_digest", lambda: "another release")
    assert _diskcache.load_entry("fonts", b"a font", release=False) == b"glyphs"
    assert _diskcache.load_entry("fits", b"a fit") is None
    assert _diskcache.load_entry("fonts", b"a font") is None  # the two kinds of key never meet


@pytest.mark.skipif(sys.platform == "win32", reason="no fcntl: the block runs without a lock")
def test_one_builder_at_a_time_across_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While one process holds a folder's lock, another waits for it (then finds the entry built)."""
    import subprocess
    import time

    monkeypatch.setenv(_diskcache.ENV_VAR, str(tmp_path))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time\nfrom jxforecast import _diskcache\n"
         "with _diskcache.one_builder('fonts'):\n"
         "    print('held', flush=True)\n    time.sleep(3)\n"
         "    _diskcache.store_entry('fonts', b'base', b'built', release=False)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        t0 = time.monotonic()
        with _diskcache.one_builder("fonts"):
            waited = time.monotonic() - t0
            found = _diskcache.load_entry("fonts", b"base", release=False)
    finally:
        holder.wait(timeout=30)
    assert waited > 1.0 and found == b"built"  # it waited, then read what the other process built
    t0 = time.monotonic()
    with _diskcache.one_builder("fonts"):  # free again: no wait
        assert time.monotonic() - t0 < 0.5
