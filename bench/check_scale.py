"""How check() and score() grow with the number of projects, against loads.

Builds the large workload report with *N* projects, adds report totals and a
report-level budget-execution issue naming each project (the shape that made
check() quadratic), and prints the seconds of loads, check and scoring every
project, and their ratios, for each N::

    PYTHONPATH=src python bench/check_scale.py 1000 4000 16000

The ratios should stay flat as N grows (near-linear work); docs/limits.md records a
run on the largest document perfeval reads.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

import perfeval
from perfeval.scoring import score

try:
    from bench import workloads
except ImportError:  # run as a script: bench/ is on sys.path
    import workloads  # type: ignore[no-redef]


def document(projects: int) -> str:
    data: dict[str, Any] = workloads.large_report(projects)
    data["issues"] = [
        {
            "category": "budget_execution",
            "description": "执行率偏低",
            "project_ids": [project["id"]],
        }
        for project in data["projects"]
    ]
    total = sum(
        int(line["budget"]["amount"].replace(".", ""))
        for project in data["projects"]
        for line in project["budget_lines"]
    )
    data["totals"] = {"budget": workloads.money(total)}
    return json.dumps(data, ensure_ascii=False)


def seconds(function: Callable[[], object]) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def main(sizes: list[int]) -> None:
    print(
        f"{'projects':>9} {'MiB':>6} {'loads s':>8} {'check s':>8} {'score s':>8}"
        f" {'check/loads':>12} {'score/loads':>12}"
    )
    for size in sizes:
        text = document(size)
        loaded = seconds(lambda: perfeval.loads(text))  # noqa: B023
        report = perfeval.loads(text)
        checked = seconds(lambda: perfeval.check(report))  # noqa: B023
        scored = seconds(lambda: [score(p) for p in report.projects])  # noqa: B023
        print(
            f"{size:>9} {len(text.encode()) / 2**20:>6.1f} {loaded:>8.2f} {checked:>8.2f}"
            f" {scored:>8.2f} {checked / loaded:>12.2f} {scored / loaded:>12.2f}"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500, 1000, 2000])
