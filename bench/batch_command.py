"""``perfeval check DIR --jobs N`` over many documents: files per second, as a user runs it.

Writes *files* documents (copies of the bundled examples, one in a thousand broken)
under a temporary folder, then runs the command as a shell does, once per ``--jobs``
value, and reports the wall time, the rate and the closing summary it printed::

    python bench/batch_command.py                    # 10,000 files, --jobs 1 and 2
    python bench/batch_command.py --files 600 --jobs 1 2 4

The run starts Python and imports perfeval once per command (and once per worker, the
workers being started with ``spawn``), as a user's run does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perfeval import examples


def make_files(folder: Path, count: int) -> int:
    """*count* documents under *folder*, a thousand per subfolder; returns the broken ones."""
    texts = [examples.path(name).read_bytes() for name in examples.names()]
    broken = 0
    for index in range(count):
        path = folder / f"part-{index // 1000:03d}" / f"report-{index:06d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        if index % 1000 == 999:
            path.write_bytes(b'{"title": ')  # a broken file: reported and skipped
            broken += 1
        else:
            path.write_bytes(texts[index % len(texts)])
    return broken


def run(folder: Path, jobs: int) -> tuple[float, str]:
    """The wall time of ``perfeval check FOLDER --jobs JOBS`` and its summary line."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - this interpreter, our own arguments
        [sys.executable, "-m", "perfeval", "check", "--jobs", str(jobs), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    summary = done.stderr.decode("utf-8").strip().splitlines()[-1]
    return elapsed, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--files", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        broken = make_files(folder, args.files)
        print(f"{args.files:,} files ({broken} broken), CPUs: {os.cpu_count()}")
        for jobs in args.jobs:
            elapsed, summary = run(folder, jobs)
            rate = args.files / elapsed
            print(f"--jobs {jobs}: {elapsed:6.1f} s  {rate:7.1f} files/s  | {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
