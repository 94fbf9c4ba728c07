"""Soak: the same work over and over, in many threads and in a pool of processes.

Every bundled example and every corpus document (``tests/corpus/*.json``) is loaded,
checked and scored (by its printed layout or by a built-in policy, each in turn) and
dumped, again and again: in :data:`THREADS` threads at once, each starting at another
document and policy, and in a pool of :data:`PROCESSES` spawned processes, each with
string hashes of its own. Every result must be the serial run's, and the threads must
retain no memory: after a warm-up round, ``tracemalloc`` starts, and the size it finds
retained after :data:`ROUNDS` more rounds must stay under :data:`GROWTH_TOLERANCE`.

The run is bounded by rounds, not by time. ``PERFEVAL_SOAK_ROUNDS=N`` sets the number
of measured rounds (default 3); ``docs/limits.md`` gives a longer run.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from perfeval import PerfevalError, Policy, Report, check, dumps, examples, loads, score
from perfeval.scoring import POLICIES

CORPUS = Path(__file__).resolve().parent / "corpus"
#: Every document, by name: the bundled examples, then the corpus.
TEXTS: dict[str, str] = {
    **{name: examples.text(name) for name in examples.names()},
    **{path.stem: path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.json"))},
}
#: ``None`` (score by the printed layout), then every built-in policy.
POLICY_NAMES: tuple[str | None, ...] = (None, *POLICIES)
THREADS = 8
PROCESSES = 2
ROUNDS = int(os.environ.get("PERFEVAL_SOAK_ROUNDS", "3"))
#: Untraced rounds of every thread that fill the caches (built-in policies, converters,
#: regular expressions) before ``tracemalloc`` starts.
WARM_UP_ROUNDS = 1
#: What the measured rounds leave retained without any leak is bounded: interned
#: member names and caches that fill late (under 64 KiB on CPython 3.11 to 3.13 after
#: 100 rounds), and on 3.10 its free list of frames too (about 450 KiB). A report kept
#: per document breaks the bound in the default run; a finding list (about 1 KiB) in
#: one of ``PERFEVAL_SOAK_ROUNDS=10`` (3.11 and later) or 40 (3.10).
GROWTH_TOLERANCE = 2 * 2**20 if sys.version_info < (3, 11) else 2**19
#: Seconds: only a deadlock comes near it.
HANG = 600.0

Outcome = Any
Key = tuple[str, str | None]


def policy_of(name: str | None) -> Policy | None:
    return None if name is None else POLICIES[name]


def guarded(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    """What *function* returns, or the type and text of the perfeval error it raises."""
    try:
        return function(*args, **kwargs)
    except PerfevalError as error:
        return type(error), str(error)


def serial(text: str, policy_name: str | None) -> tuple[Outcome, ...]:
    """Everything computed from one document by one policy: dumps, findings and cards."""
    report = loads(text)
    policy = policy_of(policy_name)
    return (
        dumps(report),
        dumps(report, indent=2),
        guarded(check, report, policy=policy),
        tuple(guarded(score, project, policy) for project in report.projects),
    )


@functools.cache
def reference() -> dict[Key, tuple[Outcome, ...]]:
    """The serial run, every document by every policy, computed once."""
    return {
        (name, policy): serial(text, policy)
        for name, text in TEXTS.items()
        for policy in POLICY_NAMES
    }


# -- threads ------------------------------------------------------------------------------------


def in_threads(rounds: int) -> list[Key]:
    """Run *rounds* rounds in every thread at once; return what differed from the serial run."""
    expected = reference()
    names = list(TEXTS)
    start = threading.Barrier(THREADS)

    def soak(offset: int) -> list[Key]:
        start.wait(HANG)  # all at once, not one after another as the pool starts them
        differed = []
        for turn in range(rounds):
            for index, name in enumerate(names[offset:] + names[:offset]):
                key = (name, POLICY_NAMES[(offset + turn + index) % len(POLICY_NAMES)])
                if serial(TEXTS[name], key[1]) != expected[key]:
                    differed.append(key)
        return differed

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(soak, offset) for offset in range(THREADS)]
        return [key for future in futures for key in future.result(HANG)]


@contextmanager
def traced() -> Iterator[None]:
    """Trace allocations, unless something (``PYTHONTRACEMALLOC``) already does."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    try:
        yield
    finally:
        if not tracing:
            tracemalloc.stop()


def retained() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_threads_give_the_serial_results_and_retain_nothing() -> None:
    reference()
    assert in_threads(WARM_UP_ROUNDS) == []
    with traced():
        before = retained()
        assert in_threads(ROUNDS) == []
        after = retained()
    documents = THREADS * ROUNDS * len(TEXTS)
    assert after - before < GROWTH_TOLERANCE, (
        f"{after - before:,} bytes more retained after {documents:,} documents"
        f" (tolerance {GROWTH_TOLERANCE:,})"
    )


# -- processes ----------------------------------------------------------------------------------


def result_of(future: Future[Any]) -> Outcome:
    try:
        return future.result(HANG)
    except PerfevalError as error:
        return type(error), str(error)


def in_processes(pool: ProcessPoolExecutor, key: Key) -> tuple[Outcome, ...]:
    """:func:`serial`'s results, each step done by the pool: loaded there, sent back."""
    name, policy_name = key
    report: Report = pool.submit(loads, TEXTS[name]).result(HANG)
    policy = policy_of(policy_name)
    dumped = pool.submit(dumps, report)
    indented = pool.submit(functools.partial(dumps, indent=2), report)
    checked = pool.submit(functools.partial(check, policy=policy), report)
    cards = [pool.submit(score, project, policy) for project in report.projects]
    return (
        result_of(dumped),
        result_of(indented),
        result_of(checked),
        tuple(map(result_of, cards)),
    )


def test_processes_give_the_serial_results(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = reference()
    # Each process hashes strings its own way, whatever this process was started with:
    # no result may depend on the order of a set or a dict built from strings.
    monkeypatch.setenv("PYTHONHASHSEED", "random")
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    keys = list(expected)
    with (
        ProcessPoolExecutor(PROCESSES, mp_context=context) as pool,
        ThreadPoolExecutor(THREADS) as senders,  # many documents in flight at once
    ):
        for _ in range(ROUNDS):
            found = senders.map(functools.partial(in_processes, pool), keys)
            differed = [key for key, got in zip(keys, found, strict=True) if got != expected[key]]
            assert differed == []
