"""Doctests see perfeval's public names, as the Sphinx doctest builder's global setup gives them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfeval


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace.update({name: getattr(perfeval, name) for name in perfeval.__all__})
    doctest_namespace["perfeval"] = perfeval
    doctest_namespace["Decimal"] = Decimal
