"""parse_target_text: operator and numbers of one target clause."""

from __future__ import annotations

import pytest

from jxforecast.errors import TargetError
from jxforecast.targets.parse import ParsedTarget, parse_target_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("增长6%左右", ParsedTarget("~", 6.0)),
        ("6%以上", ParsedTarget(">=", 6.0)),
        ("不低于6%", ParsedTarget(">=", 6.0)),
        ("不少于50", ParsedTarget(">=", 50.0)),
        ("超过6%", ParsedTarget(">=", 6.0)),
        ("控制在3.5%以内", ParsedTarget("<=", 3.5)),
        ("3%以内", ParsedTarget("<=", 3.0)),
        ("确保6%以上、力争8%", ParsedTarget("ensure_strive", 6.0, 8.0)),
        ("6%—6.5%", ParsedTarget("range", 6.0, 6.5)),
        ("6-6.5", ParsedTarget("range", 6.0, 6.5)),
        ("达到3.55%", ParsedTarget("level", 3.55)),
        ("稳定在95%以上", ParsedTarget(">=", 95.0)),
        ("与经济增长同步", ParsedTarget("sync", None)),
        ("与经济增长基本同步", ParsedTarget("sync", None)),
        ("下降4%", ParsedTarget("~", -4.0, decline=True)),
        (">=6", ParsedTarget(">=", 6.0)),
        ("<=3.5", ParsedTarget("<=", 3.5)),
        ("~6", ParsedTarget("~", 6.0)),
        (6, ParsedTarget("~", 6.0)),
        ("6%", ParsedTarget("~", 6.0)),
        # traditional characters and full-width forms
        ("確保６％以上、力爭８％", ParsedTarget("ensure_strive", 6.0, 8.0)),
        ("控制在３．５％以內", ParsedTarget("<=", 3.5)),
        ("不少於50", ParsedTarget(">=", 50.0)),
    ],
)
def test_parse_forms(text, expected):
    assert parse_target_text(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "empty"), ("稳步提高", "no number"), ("6%和8%", "several numbers"), ("确保8%以上、力争6%", "below"),
     ("6.5%—6%", "backwards")],
)
def test_parse_errors(text, fragment):
    with pytest.raises(TargetError, match=fragment):
        parse_target_text(text)
