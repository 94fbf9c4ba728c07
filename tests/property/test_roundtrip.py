"""Model → JSON → model: every generated report survives, digit for digit, and is valid."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given, settings

from perfeval.model import Report
from perfeval.schema import validate
from perfeval.serialize import dumps, loads, to_dict

from .strategies import reports


def decimals(value: Any, path: str = "") -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every Decimal of a model object with its place, as (sign, digits, exponent)."""
    if isinstance(value, Decimal):
        yield path, tuple(value.as_tuple())
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from decimals(getattr(value, field.name), f"{path}/{field.name}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from decimals(item, f"{path}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from decimals(item, f"{path}/{key}")


@settings(max_examples=1000, deadline=None)
@given(reports())
def test_model_json_model_round_trip(report: Report) -> None:
    text = dumps(report)
    back = loads(text)
    assert back == report
    assert dumps(back) == text
    # Equality of Decimals ignores their digits (1.0 == 1.00): compare the digits too.
    assert list(decimals(back)) == list(decimals(report))
    assert loads(dumps(report, indent=2)) == report
    # Every generated document is valid against the published schema, parsed either way.
    validate(json.loads(text, parse_float=Decimal))
    validate(json.loads(text))
    validate(to_dict(report))


def test_decimals_sees_the_digits() -> None:
    assert list(decimals({"a": [Decimal("100.00")]})) == [("/a/0", (0, (1, 0, 0, 0, 0), -2))]
    assert list(decimals(Decimal("100"))) != list(decimals(Decimal("100.00")))
