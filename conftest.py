"""Doctests see perfeval's public classes, as in the Sphinx doctest builder's global setup."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfeval


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    # Only the classes: a module's own functions (examples.load) must not be shadowed.
    doctest_namespace.update(
        {name: getattr(perfeval, name) for name in perfeval.__all__ if name[0].isupper()}
    )
    doctest_namespace["perfeval"] = perfeval
    doctest_namespace["Decimal"] = Decimal
