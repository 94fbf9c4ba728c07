"""A/B of the two load paths in one process: the converter against the generated loaders.

``python bench/load_paths.py [--rounds N] [--small N]`` times, alternated in each
round, the cattrs converter that builds through each class's ``__init__`` (the path
``loads`` took before the generated loaders), ``perfeval.loads``, pydantic and
``json.loads``, on the large report and on small reports, and prints the medians.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import bench from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import perfeval
from bench import pydantic_model, workloads
from perfeval._io import convert, text
from perfeval._spec import building
from perfeval.model import Report


def by_converter(document: str) -> Report:
    """``loads`` as it was: parse, then structure through the classes' ``__init__``."""
    data = text.read(document)
    with building():
        report: Report = convert.structure_report(data.get("schema_version", "1.0"))(data, Report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--small", type=int, default=2000, help="small reports per round")
    args = parser.parse_args(argv)
    large = workloads.dumps(workloads.large_report())
    small = workloads.small_reports(args.small)
    variants: dict[str, Callable[[str], Any]] = {
        "converter": by_converter,
        "perfeval.loads": perfeval.loads,
        "pydantic": pydantic_model.Report.model_validate_json,
        "json.loads": json.loads,
    }
    if by_converter(large) != perfeval.loads(large):
        msg = "the two load paths build different reports"
        raise AssertionError(msg)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for number in range(args.rounds):
        names = list(variants)
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            load = variants[name]
            gc.collect()
            start = time.perf_counter()
            for document in small:
                load(document)
            middle = time.perf_counter()
            gc.collect()
            middle_ = time.perf_counter()
            load(large)
            end = time.perf_counter()
            times[name].append(((middle - start) / len(small), end - middle_))
    for name, pairs in times.items():
        per_small = statistics.median(pair[0] for pair in pairs) * 1e6
        per_large = statistics.median(pair[1] for pair in pairs) * 1e3
        print(f"{name:15} small {per_small:7.0f} µs   large {per_large:6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
