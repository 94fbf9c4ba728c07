"""Measure every entry point on hostile documents at the size limit and far past it.

Usage (from the repository root, perfeval importable)::

    python bench/limits.py                    # 16 MiB and 100 MB documents (~10 minutes)
    python bench/limits.py --sizes 16MiB      # only at the limit
    python bench/limits.py --quick            # 1 MiB, the shapes only (a smoke test)

Each document is written to a temporary directory; each entry point runs on it in a
process of its own, which reports its processor time, its wall time and its peak
resident memory (``ru_maxrss``), what reading the file itself costs included. The
table is Markdown, for ``docs/limits.md``.

Entry points: ``loads(bytes)``, ``load(path)``, ``perfeval.schema.validate(data)``
(the data parsed by ``json.loads`` beforehand, so that its time and the memory it adds
beyond the data are validate()'s own), and the commands ``perfeval validate``,
``validate --schema`` (a file, and the same document on standard input) and ``check``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: python bench/limits.py
    sys.path.insert(0, str(ROOT))
try:
    import perfeval
except ImportError:  # not installed and not on PYTHONPATH: this checkout's src/
    sys.path.append(str(ROOT / "src"))
    import perfeval

from perfeval._io.limits import MAX_DOCUMENT_BYTES  # noqa: E402 - after the path set-up

__all__ = ["ENTRIES", "SHAPES", "document", "main"]

_HEAD = (
    '{"schema_version":"1.1","title":"t","kind":"key_project_results","fiscal_year":2020,'
    '"unit":{"name":"u"},"projects":['
)
_TAIL = "]}"
_WRONG = json.dumps(
    {
        "id": 1,
        "name": [],
        "budget_lines": {},
        "totals": {"budget": {"amount": 1, "unit": 2, "currency": 3, "x": 4}},
        "indicators": [{"name": 1, "level1": 2, "target": 3}],
        "issues": "x",
    },
    separators=(",", ":"),
)


def _projects(size: int, item: str) -> str:
    """A report whose projects are copies of *item*, *size* bytes long at most."""
    count = (size - len(_HEAD) - len(_TAIL) + 1) // (len(item) + 1)
    return _HEAD + ",".join([item] * count) + _TAIL


def _unknown_members(size: int) -> str:
    members = []
    used = len(_HEAD) + len(_TAIL) + 30
    index = 0
    while True:
        member = f'"k{index}":0'
        if used + len(member) + 1 > size:
            break
        members.append(member)
        used += len(member) + 1
        index += 1
    return _HEAD + '{"id":"p","name":"n",' + ",".join(members) + "}" + _TAIL


def _valid(size: int) -> str:
    from bench import workloads  # noqa: PLC0415 - only for this shape

    sample = len(workloads.dumps(workloads.large_report(100)).encode("utf-8"))
    projects = size * 100 // sample
    while True:
        text = workloads.dumps(workloads.large_report(projects))
        if len(text.encode("utf-8")) <= size:
            return text
        projects = projects * 99 // 100


#: Each hostile shape: a function of the size in bytes, and what it is.
SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "valid": (_valid, "a valid report (about 5,200 projects at 16 MiB)"),
    "empty projects": (lambda size: _projects(size, "{}"), "empty objects in projects"),
    "wrong types": (
        lambda size: _projects(size, _WRONG),
        "projects whose every member has the wrong type",
    ),
    "unknown members": (_unknown_members, "one project with millions of unknown members"),
    "deep": (
        lambda size: _projects(size, "[" * 900 + "]" * 900),
        "projects that are arrays nested 900 deep",
    ),
    "extension numbers": (
        lambda size: _projects(
            size,
            '{"id":"p","name":"n","extensions":{"x":[' + ",".join(["1E1000000"] * 1000) + "]}}",
        ),
        "extensions full of numbers past the limits",
    ),
}


def document(shape: str, size: int) -> bytes:
    """The hostile document *shape* of at most *size* bytes."""
    return SHAPES[shape][0](size).encode("utf-8")


# -- the child process: one entry point on one file -----------------------------------------


def _loads(path: str) -> str:
    text = Path(path).read_bytes()
    return _outcome(lambda: perfeval.loads(text))


def _load(path: str) -> str:
    return _outcome(lambda: perfeval.load(path))


def _validate(path: str) -> str:
    from decimal import Decimal  # noqa: PLC0415

    from perfeval import examples  # noqa: PLC0415
    from perfeval.schema import validate  # noqa: PLC0415

    validate(json.loads(examples.text("kaifu-2020")))  # the validator is built before measuring
    data = json.loads(Path(path).read_bytes(), parse_float=Decimal)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    outcome = _outcome(lambda: validate(data))
    seconds = time.process_time() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return f"{outcome}; validate() alone {seconds:.1f} s, +{grown / 1024:.0f} MiB"


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except perfeval.ValidationError as error:
        return f"refused, {len(error.errors):,} problems"
    return "accepted"


_CHILD: dict[str, Callable[[str], str]] = {"loads": _loads, "load": _load, "validate": _validate}

#: Entry point name → the command that measures it (``{file}``: the document).
ENTRIES: dict[str, list[str]] = {
    "loads(bytes)": ["child", "loads"],
    "load(path)": ["child", "load"],
    "validate(data)": ["child", "validate"],
    "perfeval validate": ["cli", "validate"],
    "perfeval validate --schema": ["cli", "validate", "--schema"],
    "perfeval validate --schema - (stdin)": ["cli", "validate", "--schema", "-"],
    "perfeval check": ["cli", "check"],
}


def _measure(entry: str, path: Path) -> dict[str, Any]:
    kind, *args = ENTRIES[entry]
    stdin = None
    if kind == "child":
        command = [sys.executable, str(Path(__file__).resolve()), "--child", args[0], str(path)]
    else:
        command = [sys.executable, "-m", "perfeval", *args]
        if args[-1] == "-":
            stdin = path.open("rb")
        else:
            command.append(str(path))
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            child = subprocess.Popen(  # noqa: S603 - this interpreter, our own arguments
                command, stdin=stdin, stdout=out, stderr=err, env=environment
            )
            # wait4: this child's own peak memory, not the largest of all children so far.
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin is not None:
                stdin.close()
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = (
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    if kind == "child":
        outcome = stdout.strip() or f"exit {child.returncode}: {stderr[-300:]}"
    else:
        lines = stderr.splitlines()
        outcome = f"exit {child.returncode}, {len(lines):,} lines on stderr"
        if "Traceback" in stderr:
            outcome += " (TRACEBACK)"
    return {
        "entry": entry,
        "outcome": outcome,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss / 1024,  # KiB on Linux
    }


def _size(text: str) -> int:
    units = {"MiB": 2**20, "MB": 10**6, "KiB": 2**10}
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Write each document, measure each entry point on it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--sizes", nargs="+", default=["16MiB", "100MB"])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--entries", nargs="+", choices=list(ENTRIES), default=list(ENTRIES))
    parser.add_argument("--quick", action="store_true", help="1 MiB, two entry points")
    parser.add_argument("--child", nargs=2, metavar=("ENTRY", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--write", nargs=3, metavar=("SHAPE", "SIZE", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child is not None:
        print(_CHILD[args.child[0]](args.child[1]))
        return 0
    if args.write is not None:
        shape, size, file = args.write
        Path(file).write_bytes(document(shape, int(size)))
        return 0
    sizes = [2**20] if args.quick else [_size(size) for size in args.sizes]
    entries = ["loads(bytes)", "perfeval validate --schema"] if args.quick else args.entries
    print(f"Python {sys.version.split()[0]}, perfeval {perfeval.__version__},", end=" ")
    print(f"limit {MAX_DOCUMENT_BYTES:,} bytes")
    print()
    print("| Document | Size | Entry point | Result | CPU | Wall | Peak RSS |")
    print("| --- | ---: | --- | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            for shape in args.shapes:
                if shape == "valid" and size > MAX_DOCUMENT_BYTES:
                    continue  # past the limit every shape is refused for its size alike
                path = Path(directory) / f"{shape.replace(' ', '-')}-{size}.json"
                # Written by another process: a child forked from a large parent would
                # count the parent's memory as its own.
                subprocess.run(  # noqa: S603 - this interpreter, our own arguments
                    [
                        sys.executable,
                        str(Path(__file__).resolve()),
                        "--write",
                        shape,
                        str(size),
                        str(path),
                    ],
                    check=True,
                    env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
                )
                for entry in entries:
                    row = _measure(entry, path)
                    print(
                        f"| {shape} | {path.stat().st_size / 2**20:.1f} MiB | {entry}"
                        f" | {row['outcome']} | {row['cpu']:.1f} s | {row['wall']:.1f} s"
                        f" | {row['rss']:.0f} MiB |",
                        flush=True,
                    )
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
