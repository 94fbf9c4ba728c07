"""The benchmarks still run: ``python -m bench.run --quick`` on tiny workloads.

No timing is asserted (the machine running the tests says nothing about perfeval's
speed); the run must finish, report every metric, and find in the invalid report
exactly the errors that were put there, in perfeval and in pydantic alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import perfeval

ROOT = Path(__file__).resolve().parent.parent
METRICS = (
    "loads large / pydantic",
    "loads large / json.loads",
    "loads small / pydantic",
    "loads small / json.loads",
    "all errors, invalid large / pydantic",
    "dumps large / json.dumps",
    "dumps large / pydantic",
    "money aggregation / float",
    "check large / loads",
    "score every project / loads",
    "import perfeval / attrs+cattrs",
    "validate (jsonschema) / loads",
    "memory, loaded large / pydantic",
    "memory, loaded large / dict",
)
QUICK_ERRORS = 12  # bench.run.QUICK.errors


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("pydantic")
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    env = dict(os.environ)
    # The subprocess measures the perfeval these tests import.
    paths = [str(Path(perfeval.__file__).resolve().parent.parent), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    completed = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data["stdout"] = completed.stdout
    return data


def test_every_metric_is_reported(results: dict[str, Any]) -> None:
    rows = {row["metric"]: row for row in results["rows"]}
    assert tuple(rows) == METRICS
    for row in rows.values():
        assert row["perfeval"] > 0
        assert row["baseline"] > 0
        assert row["ratio"] > 0
        assert row["metric"] in results["stdout"]


def test_goals_are_judged(results: dict[str, Any]) -> None:
    judged = {row["metric"] for row in results["rows"] if row["goal"] is not None}
    assert judged == {
        "loads large / pydantic",
        "loads large / json.loads",
        "loads small / pydantic",
        "all errors, invalid large / pydantic",
        "dumps large / json.dumps",
        "money aggregation / float",
        "check large / loads",
        "score every project / loads",
        "import perfeval / attrs+cattrs",
        "memory, loaded large / pydantic",
    }
    for row in results["rows"]:
        assert row["met"] is (None if row["goal"] is None else row["ratio"] <= row["goal"])


def test_invalid_report_errors_are_all_found(results: dict[str, Any]) -> None:
    assert results["error_counts"] == {"perfeval": QUICK_ERRORS, "pydantic": QUICK_ERRORS}


def test_machine_is_recorded(results: dict[str, Any]) -> None:
    machine = results["machine"]
    assert machine["python"] == sys.version.split()[0]
    assert machine["packages"]["perfeval"] != "?"
    assert Path(machine["perfeval_path"]) == Path(perfeval.__file__).resolve().parent


def test_the_throughput_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "throughput.json"
    env = dict(os.environ)
    paths = [str(Path(perfeval.__file__).resolve().parent.parent), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    completed = subprocess.run(
        [sys.executable, "-m", "bench.throughput", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["files"] == 3 * 3  # --quick: three copies of the three examples
    stages = ["load", "check", "score", "rows", "write csv", "pipeline"]
    assert list(data["stages"]) == stages
    for name in stages:
        assert data["stages"][name]["files_per_second"] > 0
        assert name in completed.stdout
