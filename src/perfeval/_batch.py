"""Many inputs at once: expanding directories and globs, a process pool, a progress line.

The command hands :func:`run` the work for one input (a picklable callable) and the
inputs; it gets the results back one by one, in input order, whether the work ran here
or in worker processes. Worker processes are started with ``spawn`` on every system, so
that a run behaves the same on Linux, macOS and Windows.
"""

from __future__ import annotations

import glob
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Final, TypeVar

__all__ = ["Progress", "WorkerError", "expand", "jobs_for", "run"]

_S = TypeVar("_S")
_R = TypeVar("_R")

#: The characters that make a FILE argument a glob pattern when no such file exists.
_GLOB: Final = frozenset("*?[")
#: How often the progress line is redrawn, at most, in seconds.
_REDRAW: Final = 0.1


def expand(argument: str) -> list[str] | None:
    """The documents an argument names: a directory's ``*.json`` files, a glob's matches.

    Returns ``None`` when *argument* is a file (or anything else that is not a directory
    or a pattern): the caller reads it, and reports it if it cannot. A directory gives
    the ``.json`` files under it, at any depth, sorted; a pattern that names no existing
    file gives its matches, sorted (``**`` matches directories at any depth), which may
    be none.

    >>> expand("no-such-file.json") is None
    True
    """
    path = Path(argument)
    if path.is_dir():
        return sorted(str(found) for found in path.rglob("*.json") if found.is_file())
    if not _GLOB.isdisjoint(argument) and not path.exists():
        return sorted(
            found for found in glob.glob(argument, recursive=True) if Path(found).is_file()
        )
    return None


class Progress:
    """A progress line on a terminal: done/total, percent, rate and time left.

    Drawn on *stream* (standard error) only when it is a terminal, at most ten times a
    second; :meth:`clear` removes it before other lines are written there.
    """

    def __init__(self, total: int, stream: IO[str], *, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.done = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def advance(self) -> None:
        """Count one more input done, and redraw if it is time to."""
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.drawn_at >= _REDRAW or self.done == self.total:
            self.drawn_at = now
            self.draw(now)

    def line(self, now: float) -> str:
        """The progress line at time *now*.

        >>> progress = Progress(200, sys.stderr, enabled=False)
        >>> progress.done, progress.started = 50, 0.0
        >>> progress.line(10.0)
        '  50/200  25%  5.0 files/s  0:00:30 left'
        """
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        width = len(str(self.total))
        minutes, seconds = divmod(round(left), 60)
        hours, minutes = divmod(minutes, 60)
        return (
            f"{self.done:>{width}}/{self.total}  {100 * self.done // self.total:>3}%"
            f"  {rate:.1f} files/s  {hours}:{minutes:02}:{seconds:02} left"
        )

    def draw(self, now: float) -> None:
        self.stream.write(f"\r{self.line(now)}\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Remove the line, so that the next text starts at the line's beginning."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def run(
    work: Callable[[_S], _R],
    sources: Sequence[_S],
    *,
    jobs: int,
    local: Callable[[_S], bool],
) -> Iterator[_R]:
    """``work(source)`` for each source, yielded in input order.

    With *jobs* above 1 and more than one source, the work runs in that many worker
    processes, except for the sources *local* says must stay here (standard input).
    *work* and the sources must then pickle.
    """
    if jobs <= 1 or len(sources) <= 1:
        yield from map(work, sources)
        return
    import concurrent.futures  # noqa: PLC0415 - only when worker processes are asked for
    import concurrent.futures.process  # noqa: PLC0415
    import multiprocessing  # noqa: PLC0415

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        remote = [source for source in sources if not local(source)]
        # Batches amortize the cost of a round trip to a worker over many small documents.
        chunk = max(1, min(64, len(remote) // (jobs * 8)))
        results = pool.map(work, remote, chunksize=chunk)
        try:
            for source in sources:
                yield work(source) if local(source) else next(results)
        except concurrent.futures.process.BrokenProcessPool as exc:
            raise WorkerError from exc


class WorkerError(RuntimeError):
    """A worker process ended before its work was done."""

    def __str__(self) -> str:
        return (
            "a worker process ended before its work was done (out of memory, or killed);"
            " run again without --jobs. From a Python script, call perfeval.cli.main under"
            ' if __name__ == "__main__": worker processes import the script again.'
        )


def jobs_for(value: int) -> int:
    """The number of worker processes ``--jobs`` asks for: 0 means one per CPU.

    >>> jobs_for(3)
    3
    >>> jobs_for(0) >= 1
    True
    """
    if value != 0:
        return value
    if sys.version_info >= (3, 13):  # the CPUs this process may use, not the machine's
        return os.process_cpu_count() or 1
    return os.cpu_count() or 1
