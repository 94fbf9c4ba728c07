"""Benchmark perfeval against the stdlib ``json`` floor and an equivalent pydantic v2 model.

Usage (from the repository root; perfeval importable, pydantic installed)::

    python bench/run.py                     # full sizes, 7 rounds (a few minutes)
    python bench/run.py --quick             # tiny workloads, 1 round: a smoke test
    python bench/run.py --rounds 9 --json bench/results/run.json

``python -m bench.run`` works too. Every ratio is the median of per-round ratios; in
each round the variants run one after the other in an order that rotates from round
to round, each after ``gc.collect()``, timed with :func:`time.perf_counter`. The
perfeval imported is whatever ``import perfeval`` finds (``PYTHONPATH`` first, then
``src/`` of this checkout), so a patched copy can be measured with
``PYTHONPATH=/tmp/copy python bench/run.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(ROOT))
try:
    import perfeval
except ImportError:  # not installed and not on PYTHONPATH: this checkout's src/
    sys.path.append(str(ROOT / "src"))
    import perfeval

import pydantic  # noqa: E402 - after the path set-up above

from bench import pydantic_model, workloads  # noqa: E402

__all__ = ["METRICS", "Row", "main", "run"]


@dataclass(frozen=True)
class Sizes:
    """How big each workload is."""

    projects: int  # in the large report (× 3 lines × 10 indicators × 2 issues)
    errors: int  # mutations of the invalid large report
    small: int  # small reports shaped like kaifu-2020
    aggregation: int  # reports of 2 projects × 3 lines for the money aggregation
    import_runs: int  # interpreter launches per variant per round


FULL = Sizes(projects=1000, errors=100, small=10_000, aggregation=40_000, import_runs=5)
QUICK = Sizes(projects=20, errors=12, small=20, aggregation=50, import_runs=1)


@dataclass
class Row:
    """One line of the results table."""

    metric: str
    unit: str  # of the absolute figures: "ms", "µs" or "MB"
    perfeval: float  # median over rounds
    baseline_name: str
    baseline: float  # median over rounds
    ratio: float  # median of per-round ratios perfeval / baseline
    goal: float | None = None  # the ratio must not exceed it
    note: str = ""
    rounds: dict[str, list[float]] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.ratio <= self.goal


#: The metrics the table always has, in order (tests/test_bench.py checks them).
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


# -- timing -----------------------------------------------------------------------------


def _time(function: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def compare(variants: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Time each variant once per round, the order rotating from round to round.

    Each variant first runs once untimed (imports, caches, memory arenas warm up).
    """
    names = list(variants)
    times: dict[str, list[float]] = {name: [] for name in names}
    for name in names:
        variants[name]()
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(_time(variants[name]))
    return times


def _row(
    metric: str,
    times: dict[str, list[float]],
    ours: str,
    theirs: str,
    *,
    scale: float,
    unit: str,
    goal: float | None = None,
    note: str = "",
) -> Row:
    ratios = [a / b for a, b in zip(times[ours], times[theirs], strict=True)]
    return Row(
        metric=metric,
        unit=unit,
        perfeval=statistics.median(times[ours]) * scale,
        baseline_name=theirs,
        baseline=statistics.median(times[theirs]) * scale,
        ratio=statistics.median(ratios),
        goal=goal,
        note=note,
        rounds={ours: times[ours], theirs: times[theirs]},
    )


# -- the benchmarks -----------------------------------------------------------------------


def _consume(function: Callable[[str], object], texts: Sequence[str]) -> Callable[[], None]:
    def loop() -> None:
        for text in texts:
            function(text)

    return loop


def bench_loads(large: str, small: Sequence[str], rounds: int) -> list[Row]:
    model = pydantic_model.Report
    times = compare(
        {
            "perfeval": lambda: perfeval.loads(large),
            "pydantic": lambda: model.model_validate_json(large),
            "json.loads": lambda: json.loads(large),
        },
        rounds,
    )
    size = f"{len(large.encode()) / 1e6:.1f} MB"
    rows = [
        _row(
            "loads large / pydantic",
            times,
            "perfeval",
            "pydantic",
            scale=1e3,
            unit="ms",
            goal=0.5,
            note=size,
        ),
        _row(
            "loads large / json.loads",
            times,
            "perfeval",
            "json.loads",
            scale=1e3,
            unit="ms",
            goal=2.5,
            note=size,
        ),
    ]
    times = compare(
        {
            "perfeval": _consume(perfeval.loads, small),
            "pydantic": _consume(model.model_validate_json, small),
            "json.loads": _consume(json.loads, small),
        },
        rounds,
    )
    per_report = 1e6 / len(small)
    note = f"per report, {len(small)} reports of {len(small[0].encode()) / 1e3:.0f} kB"
    rows += [
        _row(
            "loads small / pydantic",
            times,
            "perfeval",
            "pydantic",
            scale=per_report,
            unit="µs",
            goal=1.0,
            note=note,
        ),
        _row(
            "loads small / json.loads",
            times,
            "perfeval",
            "json.loads",
            scale=per_report,
            unit="µs",
            note=note,
        ),
    ]
    return rows


def perfeval_errors(text: str) -> list[str]:
    """The JSON pointers of every problem perfeval finds in *text*."""
    try:
        perfeval.loads(text)
    except perfeval.ValidationError as error:
        return [detail.path for detail in error.errors]
    return []


def pydantic_errors(text: str) -> list[str]:
    """The locations of every problem pydantic finds in *text*, as JSON pointers."""
    try:
        pydantic_model.Report.model_validate_json(text)
    except pydantic.ValidationError as error:
        return ["/" + "/".join(str(part) for part in e["loc"]) for e in error.errors()]
    return []


def bench_invalid(bad: str, expected: list[str], rounds: int) -> tuple[Row, dict[str, int]]:
    found = {"perfeval": perfeval_errors(bad), "pydantic": pydantic_errors(bad)}
    for name, paths in found.items():
        if sorted(paths) != expected:
            msg = f"{name} found {len(paths)} errors, expected {len(expected)}: {paths[:5]}"
            raise AssertionError(msg)
    times = compare(
        {"perfeval": lambda: perfeval_errors(bad), "pydantic": lambda: pydantic_errors(bad)},
        rounds,
    )
    counts = {name: len(paths) for name, paths in found.items()}
    note = f"{counts['perfeval']} errors each, same paths"
    return _row(
        "all errors, invalid large / pydantic",
        times,
        "perfeval",
        "pydantic",
        scale=1e3,
        unit="ms",
        goal=1.0,
        note=note,
    ), counts


def bench_dumps(large: str, rounds: int) -> list[Row]:
    report = perfeval.loads(large)
    model = pydantic_model.Report.model_validate_json(large)
    data = json.loads(large)
    outputs = {
        "perfeval": perfeval.dumps(report),
        "pydantic": model.model_dump_json(exclude_defaults=True),
        "json.dumps": workloads.dumps(data),
    }
    for name, text in outputs.items():
        if text != large:
            msg = f"{name} does not write the text it read"
            raise AssertionError(msg)
    times = compare(
        {
            "perfeval": lambda: perfeval.dumps(report),
            "pydantic": lambda: model.model_dump_json(exclude_defaults=True),
            "json.dumps": lambda: workloads.dumps(data),
        },
        rounds,
    )
    return [
        _row(
            "dumps large / json.dumps",
            times,
            "perfeval",
            "json.dumps",
            scale=1e3,
            unit="ms",
            goal=1.5,
            note="same text out",
        ),
        _row(
            "dumps large / pydantic",
            times,
            "perfeval",
            "pydantic",
            scale=1e3,
            unit="ms",
            note="model_dump_json(exclude_defaults=True)",
        ),
    ]


# The float baseline has the same shape as the model and runs the same loop.
class FloatLine:
    __slots__ = ("budget", "expenditure")

    def __init__(self, budget: float, expenditure: float | None) -> None:
        self.budget = budget
        self.expenditure = expenditure


class FloatProject:
    __slots__ = ("budget_lines",)

    def __init__(self, budget_lines: tuple[FloatLine, ...]) -> None:
        self.budget_lines = budget_lines


class FloatReport:
    __slots__ = ("projects",)

    def __init__(self, projects: tuple[FloatProject, ...]) -> None:
        self.projects = projects


def float_twin(report: perfeval.Report) -> FloatReport:
    """*report*'s amounts as floats, in objects of the same shape."""
    return FloatReport(
        tuple(
            FloatProject(
                tuple(
                    FloatLine(
                        float(line.budget.amount),
                        None if line.expenditure is None else float(line.expenditure.amount),
                    )
                    for line in project.budget_lines
                )
            )
            for project in report.projects
        )
    )


def aggregate(reports: Sequence[Any], zero: Any, rate: Callable[[Any, Any], Any]) -> Any:
    """Budget and spending per report and overall, and the execution rates.

    The same code runs on perfeval reports (``Money``, ``perfeval.rate``) and on their
    float twins (``float``, ``round(x * 100 / y, 2)``).
    """
    total_budget = zero
    total_spent = zero
    rates = []
    for report in reports:
        budget = zero
        spent = zero
        for project in report.projects:
            for line in project.budget_lines:
                budget = budget + line.budget
                if line.expenditure is not None:
                    spent = spent + line.expenditure
        rates.append(rate(spent, budget))
        total_budget = total_budget + budget
        total_spent = total_spent + spent
    return total_budget, total_spent, rate(total_spent, total_budget), rates


def aggregate_exact(reports: Sequence[Any]) -> Any:
    """:func:`aggregate` as the docs write it for ``Money``: :func:`perfeval.total`."""
    total, rate = perfeval.total, perfeval.rate
    budgets = []
    spendings = []
    rates = []
    for report in reports:
        lines = [line for project in report.projects for line in project.budget_lines]
        budget = total([line.budget for line in lines])
        spent = total(
            [line.expenditure for line in lines if line.expenditure is not None], unit=budget.unit
        )
        rates.append(rate(spent, budget))
        budgets.append(budget)
        spendings.append(spent)
    total_budget, total_spent = total(budgets), total(spendings)
    return total_budget, total_spent, rate(total_spent, total_budget), rates


def float_rate(spent: float, budget: float) -> float:
    return round(spent * 100 / budget, 2)


def bench_aggregation(texts: Sequence[str], rounds: int) -> Row:
    reports = [perfeval.loads(text) for text in texts]
    twins = [float_twin(report) for report in reports]
    zero = perfeval.Money(0, perfeval.MoneyUnit.WAN_YUAN)
    exact = aggregate_exact(reports)
    if exact != aggregate(reports, zero, perfeval.rate):
        msg = "perfeval.total() does not add up as + does"
        raise AssertionError(msg)
    floats = aggregate(twins, 0.0, float_rate)
    differ = sum(Decimal(str(f)) != e for f, e in zip(floats[3], exact[3], strict=True))
    times = compare(
        {
            "perfeval": lambda: aggregate_exact(reports),
            "float": lambda: aggregate(twins, 0.0, float_rate),
        },
        rounds,
    )
    lines = sum(len(p.budget_lines) for r in reports for p in r.projects)
    note = f"{len(reports)} reports, {lines} lines; float rates differ in {differ}"
    return _row(
        "money aggregation / float",
        times,
        "perfeval",
        "float",
        scale=1e3,
        unit="ms",
        goal=3.0,
        note=note,
    )


def bench_check_score(large: str, rounds: int) -> list[Row]:
    report = perfeval.loads(large)
    from perfeval.scoring import score  # noqa: PLC0415 - loaded on first use, as users do

    times = compare(
        {
            "check": lambda: perfeval.check(report),
            "score": lambda: [score(project) for project in report.projects],
            "loads": lambda: perfeval.loads(large),
        },
        rounds,
    )
    findings = len(perfeval.check(report))
    return [
        _row(
            "check large / loads",
            times,
            "check",
            "loads",
            scale=1e3,
            unit="ms",
            goal=1.0,
            note=f"check() of the loaded large report: {findings} findings",
        ),
        _row(
            "score every project / loads",
            times,
            "score",
            "loads",
            scale=1e3,
            unit="ms",
            goal=0.5,
            note=f"score() of each of its {len(report.projects)} projects",
        ),
    ]


@contextlib.contextmanager
def _bytecode_cache() -> Iterator[dict[str, str]]:
    """An environment whose interpreters import this perfeval, with bytecode cached.

    The cache lives in a private directory (``PYTHONPYCACHEPREFIX``), so that nothing is
    written into the source tree and neither side pays for compiling.
    """
    cache = tempfile.mkdtemp(prefix="perfeval-bench-pycache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    paths = [str(Path(perfeval.__file__).resolve().parent.parent), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    env["PYTHONPYCACHEPREFIX"] = cache
    try:
        yield env
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _launch(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)  # noqa: S603
    return time.perf_counter() - start


IMPORTS = {"nothing": "pass", "perfeval": "import perfeval", "attrs+cattrs": "import attrs, cattrs"}


def bench_import(rounds: int, runs: int) -> Row:
    times: dict[str, list[float]] = {name: [] for name in IMPORTS}
    with _bytecode_cache() as env:
        for code in IMPORTS.values():  # compile into the cache
            _launch(code, env)
        for _ in range(rounds):
            launches: dict[str, list[float]] = {name: [] for name in IMPORTS}
            for _ in range(runs):
                for name, code in IMPORTS.items():
                    launches[name].append(_launch(code, env))
            for name in IMPORTS:
                times[name].append(statistics.median(launches[name]))
    net = {
        name: [t - base for t, base in zip(times[name], times["nothing"], strict=True)]
        for name in ("perfeval", "attrs+cattrs")
    }
    startup = statistics.median(times["nothing"]) * 1e3
    return _row(
        "import perfeval / attrs+cattrs",
        net,
        "perfeval",
        "attrs+cattrs",
        scale=1e3,
        unit="ms",
        goal=1.3,
        note=f"fresh interpreters, minus startup {startup:.0f} ms",
    )


def _validate() -> Callable[[Any], None]:
    from perfeval import schema  # noqa: PLC0415 - imports jsonschema

    validate: Callable[[Any], None] = getattr(perfeval, "validate", schema.validate)
    return validate


def bench_validate(large: str, rounds: int) -> Row:
    validate = _validate()
    data = json.loads(large)
    validate(data)  # builds the validator once, as every later call reuses it
    times = compare(
        {"validate": lambda: validate(data), "perfeval": lambda: perfeval.loads(large)},
        rounds,
    )
    return _row(
        "validate (jsonschema) / loads",
        times,
        "validate",
        "perfeval",
        scale=1e3,
        unit="ms",
        note="validate(parsed dict) vs loads(text)",
    )


def retained(make: Callable[[], object]) -> int:
    """Bytes still allocated after ``make()`` returns, while its result is alive."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = make()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del result
    return after - before


def bench_memory(large: str) -> list[Row]:
    sizes = {
        "perfeval": retained(lambda: perfeval.loads(large)),
        "pydantic": retained(lambda: pydantic_model.Report.model_validate_json(large)),
        "dict": retained(lambda: json.loads(large)),
    }
    mb = {name: [size / 1e6] for name, size in sizes.items()}
    return [
        _row(
            "memory, loaded large / pydantic",
            mb,
            "perfeval",
            "pydantic",
            scale=1,
            unit="MB",
            goal=0.3,
            note="tracemalloc, retained",
        ),
        _row(
            "memory, loaded large / dict",
            mb,
            "perfeval",
            "dict",
            scale=1,
            unit="MB",
            note="dict: json.loads",
        ),
    ]


# -- the report ------------------------------------------------------------------------------


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return getattr(sys.modules.get(name), "__version__", "?")


def machine() -> dict[str, Any]:
    """What the results were measured on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": {
            name: _version(name)
            for name in ("perfeval", "attrs", "cattrs", "jsonschema", "pydantic", "pydantic-core")
        },
        "perfeval_path": str(Path(perfeval.__file__).resolve().parent),
        "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def _figure(value: float) -> str:
    return f"{value:.3g}" if value < 10 else f"{value:.0f}"


def table(rows: Sequence[Row]) -> str:
    """The results as a fixed-width text table."""
    header = ("metric", "perfeval", "baseline", "ratio", "goal", "met?")
    lines = [header]
    lines += [
        (
            row.metric,
            f"{_figure(row.perfeval)} {row.unit}",
            f"{row.baseline_name} {_figure(row.baseline)} {row.unit}",
            f"{row.ratio:.2f}",
            "" if row.goal is None else f"≤ {row.goal}",
            {True: "yes", False: "NO", None: "-"}[row.met],
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    ]
    text.insert(1, "  ".join("-" * width for width in widths))
    notes = [f"  {row.metric}: {row.note}" for row in rows if row.note]
    return "\n".join([*text, "", "notes:", *notes])


def run(sizes: Sizes, rounds: int, *, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Generate the workloads, run every benchmark, return the results."""
    started = time.perf_counter()
    info = machine()
    log(f"perfeval {info['packages']['perfeval']} from {info['perfeval_path']}")
    log(f"{info['cpu']} ({info['cpus']} CPUs), {info['implementation']} {info['python']}")
    log(", ".join(f"{name} {version}" for name, version in info["packages"].items()))
    large_data = workloads.large_report(sizes.projects)
    large = workloads.dumps(large_data)
    expected = workloads.invalidate(large_data, sizes.errors)
    bad = workloads.dumps(large_data)
    del large_data
    small = workloads.small_reports(sizes.small)
    aggregation = workloads.aggregation_reports(sizes.aggregation)
    log(
        f"workloads: large report {len(large.encode()):,} bytes ({sizes.projects} projects);"
        f" {len(small):,} small reports of ~{len(small[0].encode()):,} bytes;"
        f" {len(aggregation):,} reports to aggregate; {rounds} round(s)"
    )
    rows: list[Row] = []
    log("loads …")
    rows += bench_loads(large, small, rounds)
    del small
    log("all errors of an invalid report …")
    invalid, counts = bench_invalid(bad, expected, rounds)
    rows.append(invalid)
    log("dumps …")
    rows += bench_dumps(large, rounds)
    log("money aggregation …")
    rows.append(bench_aggregation(aggregation, rounds))
    del aggregation
    log("check and score …")
    rows += bench_check_score(large, rounds)
    log("import time …")
    rows.append(bench_import(rounds, sizes.import_runs))
    log("validate …")
    rows.append(bench_validate(large, rounds))
    log("memory …")
    rows += bench_memory(large)
    info["loadavg_after"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    return {
        "machine": info,
        "sizes": asdict(sizes),
        "rounds": rounds,
        "large_bytes": len(large.encode()),
        "error_counts": counts,
        "seconds": time.perf_counter() - started,
        "rows": [{**asdict(row), "met": row.met} for row in rows],
        "table": table(rows),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny workloads, 1 round")
    parser.add_argument("--rounds", type=int, help="rounds per benchmark (default 7, quick 1)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results here")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rounds = args.rounds or (1 if args.quick else 7)
    results = run(sizes, rounds)
    print()
    print(results["table"])
    print(f"\n{results['seconds']:.0f} s; load average {results['machine']['loadavg_after']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
