"""The test session's settings: Hypothesis's profiles and seed.

A test must not fail because the machine is busy, so no Hypothesis test has a deadline
and the health checks that judge timing or the size of a random draw are off (see
``_SETTINGS``). Every run draws its examples from one seed, printed at the start and at
the end of the run; ``--hypothesis-seed=N`` (or ``PERFEVAL_HYPOTHESIS_SEED=N``, which
``scripts/dev.py`` passes on) replays a run. A forced seed also means the example
database in ``.hypothesis/`` is neither read nor written, so no run depends on what an
earlier run, another interpreter or another checkout left there.
"""

from __future__ import annotations

import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

#: What every profile sets. ``too_slow`` measures time and ``data_too_large`` depends on
#: what the seed happens to draw: neither says anything about the code under test.
_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": False,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
#: ``ci`` replaces Hypothesis's own profile of that name (loaded when ``CI`` is set),
#: which would derandomize: a CI run then tries the same examples every time.
settings.register_profile("default", **_SETTINGS)
settings.register_profile("ci", database=None, **_SETTINGS)
settings.load_profile(
    os.environ.get("PERFEVAL_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)

_SEED_VARIABLE = "PERFEVAL_HYPOTHESIS_SEED"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Give a run without ``--hypothesis-seed`` one, before Hypothesis's plugin reads it."""
    if config.getoption("hypothesis_seed", None) is None:
        chosen = os.environ.get(_SEED_VARIABLE) or str(random.SystemRandom().getrandbits(32))
        config.option.hypothesis_seed = chosen


def _seed_line(config: pytest.Config) -> str:
    seed = config.getoption("hypothesis_seed", None)
    return (
        f"hypothesis seed: {seed} (replay with --hypothesis-seed={seed} or {_SEED_VARIABLE}={seed})"
    )


def pytest_report_header(config: pytest.Config) -> str:
    """Print the seed before the tests."""
    return _seed_line(config)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the seed again after them, where a failure's report ends."""
    terminalreporter.write_line(_seed_line(config))
