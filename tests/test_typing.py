"""The package's types: the Literal aliases, the PEP 561 marker and the old report names."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import jxforecast


def test_choice_tuples_match_their_aliases() -> None:
    import jxforecast.typing as jt

    assert jt.LANGS == get_args(jt.Lang) == ("zh", "en")
    assert jt.OUTPUT_FORMATS == ("table", "csv", "json")
    assert jt.CHECK_FORMATS == ("text", "json")
    assert set(jt.NOTEBOOK_KINDS) >= set(get_args(jt.PageKind))


def test_aliases_are_the_ones_the_modules_use() -> None:
    import jxforecast.typing as jt
    from jxforecast.data.schema import FREQS, MEASURES
    from jxforecast.data.sources import QUALITIES
    from jxforecast.feasibility.verdict import Verdict
    from jxforecast.labels import LANGS
    from jxforecast.report.params import KINDS
    from jxforecast.targets.target import OPERATORS, TARGET_MEASURES

    assert tuple(MEASURES) == jt.MEASURES and tuple(FREQS) == jt.FREQS
    assert QUALITIES == jt.SOURCE_QUALITIES and LANGS == jt.LANGS
    assert OPERATORS == jt.OPERATORS and TARGET_MEASURES == jt.TARGET_MEASURES
    assert tuple(KINDS) == jt.NOTEBOOK_KINDS
    # defined in the leaf, used by the feasibility layer; a verdict word besides
    assert jt.Verdict is Verdict
    assert set(get_args(Verdict)) < set(get_args(jt.VerdictWord))


def test_the_package_is_marked_typed() -> None:
    assert (Path(jxforecast.__file__).parent / "py.typed").is_file()


def test_report_names_still_import_from_site() -> None:
    from jxforecast.report import build, dashboard, index, site

    assert site.build_report is build.build_report
    assert site.dashboard_items is dashboard.dashboard_items
    assert site.index_html is index.index_html
    assert set(site.__all__) <= set(dir(site))


def test_registry_refuses_a_direction_outside_its_alias() -> None:
    import pytest

    from jxforecast.errors import DataError
    from jxforecast.registry import _basis, _direction

    row = {"id": "gdp", "direction": "up", "basis": "real"}
    with pytest.raises(DataError, match="direction 'up' is not one of higher, lower"):
        _direction(row)
    assert _basis(row) == "real"


def test_a_target_row_with_an_unknown_status_is_malformed() -> None:
    import pytest

    from jxforecast.errors import TargetError
    from jxforecast.targets.target import Target

    row = {"region": "jiaxing", "indicator": "gdp", "year": 2024, "operator": "~", "value": 6.0}
    assert Target.from_row(row).status == "ok"
    with pytest.raises(TargetError, match="malformed: status 'done'"):
        Target.from_row({**row, "status": "done"})
    with pytest.raises(TargetError, match="malformed: no year"):
        Target.from_row({**row, "year": None})
    with pytest.raises(TargetError, match="Unknown operator 'about'"):
        Target.from_row({**row, "operator": "about"})


def test_the_embedded_observations_are_not_shared_between_callers() -> None:
    from jxforecast.data.loader import load_observations

    first = load_observations()
    first["scratch"] = 1.0
    first.loc[first.index[0], "value"] = -999.0
    again = load_observations()
    assert "scratch" not in again.columns and again["value"].iloc[0] != -999.0
