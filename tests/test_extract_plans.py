"""Plans of places the project has never seen.

The plan year, reviews of the past, annual or multi-year goals, 分别 and abbreviations,
and ``report --plan-text`` for a place jxforecast has no figures for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jxforecast.cli import app
from jxforecast.errors import JxError
from jxforecast.targets.extract import extract_targets, read_plan_text
from jxforecast.targets.extract.normaliser import normalise
from jxforecast.targets.extract.structure import detect_plan_year
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = CORPUS / "plans" / "heldout"

# Review bullets first, then the targets; 2023 and 2024 are each named once.
TIED = ("●2023年全省地区生产总值增长4.8%；\n"
        "2024年经济社会发展\n有这些目标\n◆地区生产总值增长5%；\n")


def _year(text: str) -> int | None:
    return detect_plan_year(normalise(text).text).year


def test_plan_year_from_title_announcement_and_date() -> None:
    assert _year("舟山市2022年政府工作报告\n去年全市GDP增长8.5%。2021年……2021年……") == 2022
    assert _year("报告指出：\n2023年……2023年……\n今年全市经济社会发展主要预期目标是：GDP增长5%。"
                 "\n2024年全市经济社会发展主要预期目标是：GDP增长5%。") == 2024
    assert _year("政府工作报告\n——2024年1月28日在市人民代表大会上\n2023年……2023年……2023年……") == 2024
    assert _year("计划草案\n2024年12月20日\n明年主要预期目标是：GDP增长5%。") == 2025
    # a review of the targets is no announcement of them
    assert _year("一、回顾\n2023年主要预期目标圆满完成。\n二、今后\n2023年……") == 2023
    # the last year of a five-year plan in its title
    assert _year("关于制定国民经济和社会发展\n第十四个五年规划和二〇三五年远景目标的建议\n") == 2025


def test_tied_years_are_refused_not_guessed() -> None:
    plain = "2023年全市GDP增长4.8%。\n2024年全市GDP增长5%左右。"
    decided = detect_plan_year(normalise(plain).text)
    assert decided.year is None and decided.ambiguous and "2023 and 2024" in decided.how
    with pytest.raises(JxError, match="--year"):
        extract_targets(plain)
    assert set(extract_targets(plain, year=2024)["year"]) == {2024}


def test_year_source_is_in_the_table() -> None:
    df = extract_targets(TIED, source="tied.txt")
    row = df[df["value"] == 5.0].iloc[0]
    assert row["year"] == 2024
    assert row["year_source"].startswith("targets announced for it: 2024年")


def test_tie_on_the_command_line_is_one_error_line(runner, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("2023年全市GDP增长4.8%。\n2024年全市GDP增长5%左右。\n", encoding="utf-8")
    result = runner.invoke(app, ["targets", "extract", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("error:") and "--year" in result.output and "Traceback" not in result.output


_SCRIPT = ("import sys; from jxforecast.targets.extract import extract_targets, read_plan_text; "
           "[sys.stdout.write(extract_targets(read_plan_text(p), source=p).to_csv(index=False)) "
           "for p in sys.argv[1:]]")


def test_same_output_under_any_hash_seed() -> None:
    files = [str(p) for p in sorted(HELDOUT.glob("*.txt"))]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    runs = [subprocess.Popen([sys.executable, "-c", _SCRIPT, *files], env={**env, "PYTHONHASHSEED": seed},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
            for seed in ("0", "1", "12345")]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err.decode()
        outputs.append(out)
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
    assert b"guangdong_2024.txt,,2024," in outputs[0]


REVIEW_THEN_TARGETS = (
    "市长向大会作政府工作报告。\n"
    "●2023年，全市地区生产总值达到5000亿元、增长5.2%；\n"
    "●社会消费品零售总额达2100亿元、增长6.1%，工业投资连续18个月保持两位数增长；\n"
    "2023年全市居民人均可支配收入增长5.8%，高于年度预期目标0.3个百分点。\n"
    "今年全市经济社会发展的主要预期目标是：\n"
    "◆地区生产总值增长5.5%左右；\n"
    "◆社会消费品零售总额增长6%；\n"
    "◆工业投资连续增长，力争工业投资增长12%。\n"
    "——2024年1月20日\n")


def test_review_bullets_are_not_targets() -> None:
    df = extract_targets(REVIEW_THEN_TARGETS, source="city.txt")
    assert list(zip(df["indicator"], df["value"], strict=True)) == [
        ("gdp", 5.5), ("retail", 6.0), ("industrial_investment", 12.0)]
    assert set(df["year"]) == {2024}


def test_a_bullet_list_turns_to_the_plan() -> None:
    text = ("2024年工作报告\n●2023年全市地区生产总值增长5.2%；\n●广州经济总量突破3万亿元；\n"
            "●2024年地区生产总值增长5%左右；\n●规模以上工业增加值增长6%。\n")
    df = extract_targets(text)
    assert list(zip(df["indicator"], df["value"], strict=True)) == [("gdp", 5.0), ("industry_va", 6.0)]


def test_run_lengths_are_not_targets() -> None:
    df = extract_targets("2024年主要预期目标：工业投资连续36个月保持两位数增长，力争工业投资增长10%。")
    assert list(df["value"]) == [10.0]


def test_annual_plan_of_a_five_year_plans_last_year_is_annual() -> None:
    text = ("2025年济南市经济社会发展的总体要求是：高质量完成“十四五”规划目标任务。\n"
            "2025年济南市经济社会发展主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业15万人以上。\n"
            "到2027年，全市数字经济核心产业增加值达到1200亿元。通过三年时间，工业投资累计完成3000亿元。")
    rows = [(r.indicator, r.year, None if pd.isna(r.base_year) else r.base_year)
            for r in extract_targets(text).itertuples()]
    assert rows[:2] == [("gdp", 2025, None), ("new_urban_jobs", 2025, None)]
    # multi-year by their wording: from the year before the plan
    assert rows[2:] == [("digital_core_industry_output", 2027, 2024), ("industrial_investment", 2027, 2024)]


def test_five_year_plan_goals_keep_their_base_year() -> None:
    df = extract_targets(read_plan_text(CORPUS / "plans" / "five_year.txt"))
    assert set(df["base_year"]) == {2020} and set(df["year"]) == {2025, 2035}


@pytest.mark.parametrize("wording", ["分别增长5%左右和6.5%左右", "分别增长5%、6.5%"])
def test_respectively_pairs_numbers_with_names_in_order(wording: str) -> None:
    df = extract_targets(f"2024年主要预期目标：城乡居民人均可支配收入{wording}。")
    assert list(zip(df["indicator"], df["value"], strict=True)) == [("income_urban", 5.0), ("income_rural", 6.5)]


def test_names_before_target_wording_and_abbreviations() -> None:
    df = extract_targets("2024年主要预期目标：地区生产总值预期目标为增长6.5%左右；规上工业增加值目标为增长7%；"
                         "新增高企200家；社消零增长5%；粮食产量继续保持500亿斤以上。")
    assert list(zip(df["indicator"], df["value"], df["unit"], strict=True)) == [
        ("gdp", 6.5, "pct"), ("industry_va", 7.0, "pct"), ("new_national_high_tech_enterprises", 200.0, "count"),
        ("retail", 5.0, "pct"), ("grain_output", 500.0, "100m_jin")]


# --- report --plan-text: the place of a plan never seen, and its report


def test_a_place_without_figures_is_one_error_line_naming_region_and_data(runner) -> None:
    for name, place in (("guangdong_2024.txt", "广东省"), ("hubei_2025.txt", None)):
        result = runner.invoke(app, ["report", "--plan-text", str(HELDOUT / name), "--summary"])
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), result.output
        assert "--region" in lines[0] and "--data" in lines[0] and "Unknown region ''" not in lines[0]
        assert (place in lines[0]) if place else "does not say which place" in lines[0]


def test_the_place_a_plan_names_is_its_region_when_the_data_has_it() -> None:
    from jxforecast.report.plan import plan_region, plan_targets

    path = HELDOUT / "jinan_2025.txt"
    text = read_plan_text(path)
    data = pd.DataFrame({"region": ["济南"]})
    assert plan_region(path, text, None, data) == "济南"
    table = plan_targets(path, text, data=data)
    assert set(table["region"]) == {"济南"} and set(table["year"]) == {2025}
    assert table["base_year"].isna().all()
    assert list(table["target_id"][:2]) == ["jinan_2025-01", "jinan_2025-02"]
    with pytest.raises(JxError, match="--data"):
        plan_region(path, text, "jinan", data)


def test_the_targets_of_a_plan_never_seen_are_those_of_the_place_and_year_it_names() -> None:
    from jxforecast.report.plan import plan_targets

    path = CORPUS / "plans" / "heldout_prose.txt"
    targets = plan_targets(path, read_plan_text(path))
    assert set(targets["region"]) == {"zhoushan"} and set(targets["year"]) == {2022}
    assert ("gdp", 7.0) in set(zip(targets["indicator"], targets["value"], strict=True))


def test_report_plan_text_writes_the_seed_documents_report(runner, tmp_path: Path) -> None:
    """A real build: dashboard, workbook, a target page and the extracted targets, in --out."""
    plan = tmp_path / "jiaxing_2025.txt"
    plan.write_text("嘉兴市2025年国民经济和社会发展计划\n2025年主要预期目标：地区生产总值增长5.5%左右。\n",
                    encoding="utf-8")
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--plan-text", str(plan), "--out", str(out), "--n-paths", "300"])
    assert result.exit_code == 0, result.output
    assert "Report written" in result.output and "2 pages" in result.output
    targets = pd.read_csv(out / "targets_jiaxing_2025.csv")
    assert list(zip(targets["region"], targets["year"], targets["indicator"], targets["value"], strict=True)) == [
        ("jiaxing", 2025, "gdp", 5.5)]
    page = (out / "dashboard_jiaxing_2025.html").read_text(encoding="utf-8")
    assert "地区生产总值增长5.5%左右" in page
    assert (out / "dashboard_jiaxing_2025.xlsx").is_file()
    assert (out / "target_jiaxing_2025-01_asof2024.html").is_file()


@pytest.mark.parametrize("name", ["jiuyuan_2025.txt", "chifeng_2025.txt"])
def test_published_reviews_yield_no_targets_and_the_next_plan_year(name: str) -> None:
    text = read_plan_text(CORPUS / "plans" / "reviews" / name)
    assert extract_targets(text).empty
    assert detect_plan_year(normalise(text).text).year == 2025


def test_a_past_sentence_does_not_swallow_the_bullets_of_targets_after_it() -> None:
    text = "2024年工作要点\n2023年全市地区生产总值增长5.2%。\n●地区生产总值增长6%左右；\n●社会消费品零售总额增长7%。\n"
    df = extract_targets(text)
    assert list(zip(df["indicator"], df["value"], strict=True)) == [("gdp", 6.0), ("retail", 7.0)]
