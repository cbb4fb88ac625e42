"""How the report is built: assessments saved once, warm kernels, quiet kernels, one number per target."""

from __future__ import annotations

import pickle
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from jxforecast.errors import JxError, ParameterError
from jxforecast.feasibility import assess_many
from jxforecast.report.kernels import KernelPool
from jxforecast.report.render import notebook_path, run_notebook
from jxforecast.report.saved import load_items, save_items
from jxforecast.targets import get_target

N_PATHS = 500
PARAMS = {"n_paths": N_PATHS, "seed": 0, "data_path": None, "target_file": None}


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return ["".join(o.get("text", "")) for c in nb.cells for o in c.get("outputs", [])]


# ----------------------------------------------------------------------------- saved assessments
@pytest.fixture(scope="module")
def items():
    return assess_many([get_target("001-38"), get_target("001-02")], n_paths=N_PATHS, seed=0)


def test_saved_items_round_trip(items, tmp_path):
    path = save_items(items, tmp_path / "d.pkl", dict(PARAMS, doc="001"))
    back = load_items(path, PARAMS)
    assert [i.key for i in back] == [("001-38", 2020), ("001-02", 2020)]
    assert back[0].assessment.probability == items[0].assessment.probability
    assert back[1].assessment is None and back[1].refusal == items[1].refusal
    assert [p.name for p in tmp_path.iterdir()] == ["d.pkl"]  # no scratch file left


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"n_paths": 1000}, "Parameter 'n_paths' is 1000 but the saved assessments"),
        ({"seed": 7}, "Parameter 'seed' is 7 but the saved assessments"),
    ],
)
def test_saved_items_refuse_other_parameters(items, tmp_path, change, words):
    path = save_items(items, tmp_path / "d.pkl", PARAMS)
    with pytest.raises(ParameterError, match=words):
        load_items(path, dict(PARAMS, **change))


def test_saved_items_missing_or_foreign_file(tmp_path):
    with pytest.raises(ParameterError, match="live only while 'jxforecast report' runs"):
        load_items(tmp_path / "gone.pkl", PARAMS)
    foreign = tmp_path / "foreign.pkl"
    foreign.write_bytes(pickle.dumps({"something": "else"}))
    with pytest.raises(ParameterError, match="is not a file of saved assessments"):
        load_items(foreign, PARAMS)
    (tmp_path / "text.pkl").write_text("not a pickle")
    with pytest.raises(ParameterError, match="is not a file of saved assessments"):
        load_items(tmp_path / "text.pkl", PARAMS)


def test_feasibility_page_from_saved_assessment_fails_in_one_line_when_gone(tmp_path):
    params = {"target_id": "001-38", "as_of": 2020, "n_paths": N_PATHS, "assessments_path": str(tmp_path / "x.pkl")}
    with pytest.raises(JxError) as info:
        run_notebook(notebook_path("feasibility"), tmp_path / "out", params)
    assert "ParameterError: Parameter 'assessments_path': no such file" in str(info.value)
    assert "\n" not in str(info.value)


# ----------------------------------------------------------------------------- kernels
def test_fresh_kernel_chatter_stays_off_the_terminal(tmp_path, capfd):
    nb = _notebook(tmp_path / "hello.ipynb", "x = 1", "print('hello', x)")
    run_notebook(nb, tmp_path / "out", {"x": 2})
    err = capfd.readouterr().err
    assert "without encryption" not in err and "KeyboardInterrupt" not in err
    assert _outputs(tmp_path / "out" / "hello.ipynb") == ["hello 2\n"]


def test_warm_kernel_pages_look_like_fresh_ones(tmp_path, capfd):
    first = _notebook(tmp_path / "first.ipynb", "secret = 1", "print(secret)")
    second = _notebook(tmp_path / "second.ipynb", "y = 0", "print('secret' in dir(), y)")
    with KernelPool(tmp_path / "logs") as kernels:
        run_notebook(first, tmp_path / "out", {"secret": 42}, kernels=kernels)
        run_notebook(second, tmp_path / "out", {"y": 5}, kernels=kernels)
        assert len(kernels._all) == 1  # one kernel served both pages
    assert _outputs(tmp_path / "out" / "first.ipynb") == ["42\n"]
    assert _outputs(tmp_path / "out" / "second.ipynb") == ["False 5\n"]  # namespace cleared between pages
    counts = [c.execution_count for c in nbformat.read(tmp_path / "out" / "second.ipynb", as_version=4).cells]
    assert counts == [1, 2, 3]  # parameters, injected parameters, the cell
    assert "without encryption" not in capfd.readouterr().err


def test_preloaded_kernel_binds_no_name(tmp_path):
    """A kernel started ahead (prestart) imports its preload modules and leaves the namespace as a fresh one's."""
    nb = _notebook(tmp_path / "names.ipynb", "x = 1",
                   "import sys\nprint('colorsys' in sys.modules)\nprint(sorted(n for n in dir() if n[0] != '_'))")
    run_notebook(nb, tmp_path / "fresh", {"x": 2})
    with KernelPool(tmp_path / "logs", preload=("colorsys",)) as kernels:
        kernels.prestart(1)
        assert len(kernels._spare) == 1 and len(kernels._all) == 1  # started ahead, waiting for a page
        run_notebook(nb, tmp_path / "warm", {"x": 2}, kernels=kernels)
        assert kernels._spare == [] and len(kernels._all) == 1  # the page ran in the kernel started ahead
    fresh = "".join(_outputs(tmp_path / "fresh" / "names.ipynb")).splitlines()
    warm = "".join(_outputs(tmp_path / "warm" / "names.ipynb")).splitlines()
    assert fresh[0] == "False" and warm[0] == "True"
    assert fresh[1:] == warm[1:] and "'x'" in warm[1]


def test_warm_kernel_that_dies_is_replaced(tmp_path):
    dies = _notebook(tmp_path / "dies.ipynb", "x = 1", "import os\nos._exit(1)")
    fine = _notebook(tmp_path / "fine.ipynb", "x = 1", "print(x)")
    with KernelPool(tmp_path / "logs") as kernels:
        with pytest.raises(JxError, match="DeadKernelError"):
            run_notebook(dies, tmp_path / "out", {}, kernels=kernels)
        run_notebook(fine, tmp_path / "out", {"x": 3}, kernels=kernels)
        assert len(kernels._all) == 2
    assert _outputs(tmp_path / "out" / "fine.ipynb") == ["3\n"]


def test_a_kernel_started_ahead_that_does_not_answer_is_replaced(tmp_path):
    """A prestarted kernel frozen before its first notebook: a kernel started then renders the page."""
    import os
    import signal

    fine = _notebook(tmp_path / "fine.ipynb", "x = 1", "print(x)")
    with KernelPool(tmp_path / "logs", ready_timeout=3) as kernels:
        kernels.prestart(1)
        frozen = kernels._spare[0][0]
        os.kill(frozen.provisioner.process.pid, signal.SIGSTOP)  # alive, but answers nothing
        try:
            run_notebook(fine, tmp_path / "out", {"x": 3}, kernels=kernels)
        finally:
            if frozen.provisioner is not None and frozen.provisioner.process is not None:
                os.kill(frozen.provisioner.process.pid, signal.SIGCONT)
        assert len(kernels._all) == 2 and kernels.kernel()[0] is not frozen
    assert _outputs(tmp_path / "out" / "fine.ipynb") == ["3\n"]


# ----------------------------------------------------------------------------- the whole report
@pytest.mark.slow
def test_build_report_pages_show_their_dashboard_rows(tmp_path):
    """A script without an ``if __name__ == "__main__":`` guard builds a report with a user's data file.

    Spawned workers cannot start without the guard: the assessments run in the script's
    process. Every target page prints its dashboard row's verdict and probability, and the
    user's file was read on every page.
    """
    import subprocess
    import sys

    from jxforecast.feasibility.quantity import probability_text
    from jxforecast.i18n import render
    from jxforecast.labels import verdict_label

    out = tmp_path / "reports"
    extra = Path(__file__).parent / "corpus" / "bad_data" / "good_long.csv"  # one user row on top
    script = tmp_path / "make_report.py"
    script.write_text(
        "from jxforecast.report.build import build_report\n"
        f"r = build_report({str(out)!r}, docs=['004'], n_paths={N_PATHS}, quiet=True, data_path={str(extra)!r})\n"
        "print('RESULT', r.ok, r.pages)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert "RESULT True" in done.stdout, done.stderr[-2000:]
    names = {p.name for p in out.iterdir()}
    assert not {".assessments", ".kernels"} & names  # scratch files are not published
    table = pd.read_csv(out / "dashboard_004.csv", dtype={"target_id": str})
    ok = table[table["verdict"] != "refused"]
    from jxforecast.data import load_observations
    n_data = len(load_observations(extra))
    # the 2025 goals as set in 2020 and as they stand on the latest data; the 2035 goal as of
    # the last year with a figure for Jiaxing, the user's 2030 row included
    assert {"target_004-02_asof2020.html", "target_004-02_asof2024.html", "target_004-08_asof2030.html"} <= names
    for row in ok.itertuples():
        page = out / f"target_{row.target_id}_asof{int(row.as_of)}.ipynb"
        # the page is in Chinese (the report's language): its check lines too
        verdict = render("verdict: {verdict}", {"verdict": verdict_label(row.verdict, "zh")}, "zh")
        summary = next(t for t in _outputs(page) if t.startswith(verdict))
        assert render("probability: {probability} (strict {strict})",
                      {"probability": probability_text(row.probability), "strict": ""}, "zh")[:-2] in summary
        data_line = render("data: {n} observations, sha256 {sha}", {"n": n_data, "sha": ""}, "zh")
        assert any(data_line in t for t in _outputs(page))  # the user's file was read
    # the saved numbers are those of a fresh assessment, not just the same pickle read twice
    from jxforecast.feasibility import assess, engine

    engine._MEMO.clear()
    row = ok.iloc[-1]  # the doubling goal on the latest data
    fresh = assess(get_target(row["target_id"]), as_of=int(row["as_of"]), n_paths=N_PATHS, seed=0,
                   data=load_observations(extra))
    assert round(fresh.probability, 3) == round(row["probability"], 3)


def test_report_with_bad_data_file_stops_in_one_line(runner, tmp_path):
    from jxforecast.cli import app

    bad = Path(__file__).parent / "corpus" / "bad_data" / "non_numeric_value.csv"
    before = bad.read_bytes()
    result = runner.invoke(app, ["report", "--data", str(bad), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "non_numeric_value.csv" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists() and bad.read_bytes() == before


@pytest.mark.slow
def test_build_report_on_a_dask_cluster(tmp_path, dask_address):
    """Assessments and pages go to the cluster; the numbers equal the dashboard assessed here."""
    from jxforecast.feasibility import batch_table, engine
    from jxforecast.report.build import build_report
    from jxforecast.report.dashboard import dashboard_items
    from jxforecast.report.params import validate_parameters

    # one target of a user's file: a dashboard and a target page, each in a kernel of its own
    targets = tmp_path / "one.csv"
    targets.write_text("region,year,indicator,operator,value\njiaxing,2025,retail,>=,5\n", encoding="utf-8")
    out = tmp_path / "remote"
    build_report(out, target_file=targets, n_paths=N_PATHS, quiet=True, scheduler=dask_address)
    engine._MEMO.clear()  # the cluster's worker threads share this process: assess afresh below
    assert {p.name for p in out.iterdir() if p.suffix == ".html"} == {
        "index.html", "dashboard_one.html", "target_one-001_asof2024.html"}
    here = batch_table(dashboard_items(validate_parameters(
        "plan_dashboard", {"doc": "one.csv", "n_paths": N_PATHS, "target_file": str(targets)})))
    there = pd.read_csv(out / "dashboard_one.csv", dtype={"target_id": str})
    assert there["verdict"].tolist() != ["refused"]
    assert list(there["target_id"]) == list(here["target_id"])
    assert there["probability"].tolist() == pytest.approx(here["probability"].astype(float).tolist(), nan_ok=True)
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_failing_pages_are_listed_and_the_cli_exits_1(runner, tmp_path, monkeypatch):
    """Every target page fails (a notebook whose cell raises): the report still lists them, exit 1."""
    import jxforecast.report.render as render
    from jxforecast.cli import app

    broken = Path(__file__).parent / "corpus" / "bad_notebooks" / "raises_in_cell.ipynb"
    real = render.notebook_path
    monkeypatch.setattr(render, "notebook_path", lambda name: broken if name == "feasibility" else real(name))
    targets = tmp_path / "two.csv"
    targets.write_text("region,year,indicator,operator,value\njiaxing,2025,gdp,~,5.5\njiaxing,2025,retail,>=,5\n",
                       encoding="utf-8")
    out = tmp_path / "r"
    result = runner.invoke(app, ["report", "--target-file", str(targets), "--out", str(out), "--n-paths", "200"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    table = pd.read_csv(out / "dashboard_two.csv", dtype={"target_id": str})
    assert len(errors) == int((table["verdict"] != "refused").sum()) == 2
    assert all("ValueError: boom in cell 2" in line for line in errors)
    assert "Traceback" not in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("生成失败") == len(errors) and "dashboard_two.html" in index  # the dashboard itself rendered
    assert (out / "target_two-001_asof2024.failed.ipynb").is_file()


def test_keep_items_drops_refused_and_repeated_extras():
    from jxforecast.feasibility.batch import BatchItem
    from jxforecast.report.dashboard import Job, keep_items

    goal = get_target("004-08")
    a = assess_many([goal], n_paths=N_PATHS)[0]
    jobs = [Job(goal, None), Job(goal, "latest", extra=True), Job(goal, "latest", extra=True)]
    # the latest-data assessment repeats the first (same year), the last one was refused
    items = [a, a, BatchItem(goal, None, refusal="too little history")]
    assert keep_items(items, jobs) == [a]
    failed = BatchItem(goal, 2020, error="ValueError: boom")
    assert keep_items([failed], [Job(goal, None)]) == [failed]  # a main job is shown even when it failed


def test_failed_assessment_is_not_called_a_refusal():
    from jxforecast.feasibility import batch_table
    from jxforecast.feasibility.batch import BatchItem

    row = batch_table([BatchItem(get_target("004-08"), 2020, error="BrokenProcessPool: lost")]).iloc[0]
    assert row["verdict"] == "failed" and row["note"] == "BrokenProcessPool: lost"


def test_value_high_alone_is_refused():
    from jxforecast.report.params import validate_parameters

    with pytest.raises(ParameterError, match="'value_high' needs 'value'"):
        validate_parameters("feasibility", {"value_high": 7})


def test_warm_kernel_that_times_out_is_replaced_at_once(tmp_path):
    import time

    slow = _notebook(tmp_path / "slow.ipynb", "x = 1", "import time\ntime.sleep(30)")
    fine = _notebook(tmp_path / "fine.ipynb", "x = 1", "print(x)")
    with KernelPool(tmp_path / "logs") as kernels:
        t0 = time.perf_counter()
        with pytest.raises(JxError, match="(?i)timeout|timed out"):
            run_notebook(slow, tmp_path / "out", {}, kernels=kernels, timeout=2)
        assert time.perf_counter() - t0 < 15  # no wait behind the hung cell before the next page
        run_notebook(fine, tmp_path / "out", {"x": 4}, kernels=kernels)
        assert len(kernels._all) == 2
    assert _outputs(tmp_path / "out" / "fine.ipynb") == ["4\n"]
