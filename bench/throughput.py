"""Throughput of load, check, score and export: files per second on one core.

Writes *copies* copies of each bundled example into a temporary folder (3 × copies
files: kaifu-2020 of 31 kB and 48 indicators, qingshen-2023 and tangxi-2022 of a few
kB), then times each stage over all of them in one process, the median of 5 rounds::

    PYTHONPATH=src python bench/throughput.py                 # 300 copies, 5 rounds
    PYTHONPATH=src python bench/throughput.py --workers 2     # also 2 processes, and Dask
    PYTHONPATH=src python bench/throughput.py --quick         # a smoke test
    python -m bench.throughput --json bench/results/throughput.json

Stages, each on every file: ``load`` (``perfeval.load(path)``), ``check``,
``score`` (every project), ``rows`` (flatten, without checks or scores), ``write csv``
(``export.write`` of the loaded reports without checks or scores: flatten and append
to the six CSV files) and ``pipeline``: ``export.load_rows(path)`` (load, check,
score, flatten), its tables appended by one ``export.Writer``, as
``docs/analysis.md`` recommends. One process is one core: the figure is files per
second per core. With ``--workers K`` the pipeline also runs on a process pool of K
workers and on a Dask bag with the ``processes`` scheduler (if Dask is installed),
both reported per worker.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import perfeval
from perfeval import examples, export
from perfeval.checks import check
from perfeval.scoring import score


def make_files(folder: Path, copies: int) -> list[Path]:
    """*copies* copies of every bundled example under *folder*, as a corpus would lie."""
    paths = []
    for copy in range(copies):
        for name in examples.names():
            path = folder / f"copy-{copy:05d}" / f"{name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(examples.path(name).read_bytes())
            paths.append(path)
    return paths


def timed(function: Callable[[], object], rounds: int) -> tuple[float, float]:
    """The median wall and CPU times of *rounds* runs, each after a collection, GC on.

    The CPU time is this process's only: on a shared machine it says what a core
    does when it is not taken by others; for a process pool it leaves the workers out.
    """
    walls, cpus = [], []
    for _ in range(rounds):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def _pipeline(paths: Sequence[Path], out: Path) -> None:
    with export.Writer(out) as writer:
        for path in paths:
            writer.add(export.load_rows(path))


def _pool(paths: Sequence[Path], out: Path, workers: int) -> None:
    with concurrent.futures.ProcessPoolExecutor(workers) as pool, export.Writer(out) as writer:
        chunk = max(1, len(paths) // (workers * 8))
        for tables in pool.map(export.load_rows, paths, chunksize=chunk):
            writer.add(tables)


def _dask(paths: Sequence[Path], out: Path, workers: int) -> None:
    import dask.bag  # noqa: PLC0415 - optional

    bag = dask.bag.from_sequence([str(path) for path in paths], npartitions=workers * 8)
    with export.Writer(out) as writer:
        for tables in bag.map(export.load_rows).compute(scheduler="processes", num_workers=workers):
            writer.add(tables)


def run(
    copies: int, rounds: int, workers: int, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Time every stage; return files per second for each."""
    with tempfile.TemporaryDirectory(prefix="perfeval-throughput-") as temporary:
        folder = Path(temporary)
        paths = make_files(folder / "reports", copies)
        size = sum(path.stat().st_size for path in paths)
        log(
            f"{len(paths)} files, {size / 1e6:.1f} MB; perfeval {perfeval.__version__},"
            f" CPython {sys.version.split()[0]}, {os.cpu_count()} CPUs; {rounds} round(s)"
        )
        reports = [perfeval.load(path) for path in paths]
        keyed = [(path.as_posix(), report) for path, report in zip(paths, reports, strict=True)]
        outs = iter(range(10**6))

        def fresh() -> Path:
            return folder / f"out-{next(outs)}"

        stages: dict[str, Callable[[], object]] = {
            "load": lambda: [perfeval.load(path) for path in paths],
            "check": lambda: [check(report) for report in reports],
            "score": lambda: [score(p) for report in reports for p in report.projects],
            "rows": lambda: [
                export.rows(report, key=key, findings=False, scores=False) for key, report in keyed
            ],
            "write csv": lambda: export.write(keyed, fresh(), findings=False, scores=False),
            "pipeline": lambda: _pipeline(paths, fresh()),
        }
        if workers > 1:
            stages[f"pipeline, {workers} processes"] = lambda: _pool(paths, fresh(), workers)
            try:
                import dask.bag  # noqa: F401, PLC0415 - optional
            except ImportError:
                log("dask is not installed: no Dask figure")
            else:
                stages[f"pipeline, Dask {workers} processes"] = lambda: _dask(
                    paths, fresh(), workers
                )
        results = {}
        for name, function in stages.items():
            log(f"{name} …")
            seconds, cpu = timed(function, rounds)
            pool = "processes" in name
            results[name] = {
                "seconds": seconds,
                "files_per_second": len(paths) / seconds,
                "files_per_second_per_core": len(paths) / seconds / (workers if pool else 1),
                # A pool's CPU time is in its workers, not here.
                "files_per_cpu_second": None if pool else len(paths) / cpu,
            }
    return {
        "files": len(paths),
        "bytes": size,
        "rounds": rounds,
        "workers": workers,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "stages": results,
    }


def table(results: dict[str, Any]) -> str:
    """The results as a fixed-width text table."""
    lines = [f"{'stage':<32} {'files/s':>9} {'per core':>9} {'ms/file':>8} {'per CPU s':>10}"]
    for name, figures in results["stages"].items():
        cpu = figures["files_per_cpu_second"]
        lines.append(
            f"{name:<32} {figures['files_per_second']:>9,.0f}"
            f" {figures['files_per_second_per_core']:>9,.0f}"
            f" {1000 / figures['files_per_second_per_core']:>8.2f}"
            f" {'' if cpu is None else f'{cpu:,.0f}':>10}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, help="copies of each example (default 300)")
    parser.add_argument("--rounds", type=int, help="rounds per stage (default 5)")
    parser.add_argument("--workers", type=int, default=1, help="also run on K processes")
    parser.add_argument("--quick", action="store_true", help="3 copies, 1 round")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results here")
    args = parser.parse_args(argv)
    copies = args.copies or (3 if args.quick else 300)
    rounds = args.rounds or (1 if args.quick else 5)
    results = run(copies, rounds, args.workers)
    print()
    print(table(results))
    print(f"\nload average after: {os.getloadavg() if hasattr(os, 'getloadavg') else '?'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
