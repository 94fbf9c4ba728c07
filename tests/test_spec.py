"""The field spec: one message per rule, wherever the rule is broken.

A constructor, :func:`perfeval.loads` and :func:`perfeval.validate` each check a
member against its spec; a broken rule reads the same in all three (the constructor
names the member first, as Python exceptions do; a path names it elsewhere).
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from perfeval import _spec
from perfeval.codes import IndicatorLevel1, ReportKind
from perfeval.errors import ValidationError
from perfeval.model import BudgetExecution, Indicator, KeyProject, Report, Source, Totals, Unit
from perfeval.money import Money, MoneyUnit
from perfeval.quantity import Actual, Quantity, Target
from perfeval.schema import validate
from perfeval.serialize import loads

DOCUMENT: dict[str, Any] = {
    "schema_version": "1.0",
    "title": "2020年度重点项目绩效评价结果",
    "kind": "key_project_results",
    "fiscal_year": 2020,
    "unit": {"name": "某街道办事处"},
    "projects": [
        {
            "id": "p1",
            "name": "公共服务",
            "indicators": [
                {"level1": "output", "name": "数量", "target": {"text": "≥50个"}, "weight": "8"}
            ],
            "totals": {"budget": {"amount": "213.28", "unit": "wan_yuan"}},
        }
    ],
}


def changed(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return document


def loader_problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        loads(json.dumps(document, ensure_ascii=False))
    return [(d.path, d.message) for d in caught.value.errors]


def schema_problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        validate(document)
    return [(d.path, d.message) for d in caught.value.errors]


def constructor_message(build: Callable[[], object]) -> str:
    with pytest.raises((TypeError, ValueError)) as caught:
        build()
    return str(caught.value)


def _project(**members: Any) -> KeyProject:
    return KeyProject(**{"id": "p1", "name": "公共服务", **members})


def _report(**members: Any) -> Report:
    base: dict[str, Any] = {
        "title": "t",
        "kind": ReportKind.OTHER,
        "fiscal_year": 2020,
        "unit": Unit(name="u"),
        "projects": [_project()],
    }
    return Report(**{**base, **members})


# (what, the constructor call, the member it names, where the same value goes in JSON)
CASES = [
    (
        "id pattern",
        lambda: _project(id="公共服务"),
        "id",
        ("projects", 0, "id"),
        "公共服务",
    ),
    ("empty text", lambda: _report(title=""), "title", ("title",), ""),
    ("integer range", lambda: _report(fiscal_year=1900), "fiscal_year", ("fiscal_year",), 1900),
    (
        "region code",
        lambda: Unit(name="u", region_code="4301"),
        "region_code",
        ("unit", "region_code"),
        "4301",
    ),
    (
        "currency",
        lambda: Money("1", MoneyUnit.YUAN, currency="usd"),
        "currency",
        ("projects", 0, "totals", "budget", "currency"),
        "usd",
    ),
    (
        "trimmed text",
        lambda: Target(text=" ≥50个"),
        "text",
        ("projects", 0, "indicators", 0, "target", "text"),
        " ≥50个",
    ),
    (
        "schema version",
        lambda: _report(schema_version="2.0"),
        "schema_version",
        ("schema_version",),
        "2.0",
    ),
]


@pytest.mark.parametrize(
    ("build", "member", "path", "value"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_one_message_per_rule(
    build: Callable[[], object], member: str, path: tuple[str | int, ...], value: Any
) -> None:
    document = changed(path, value)
    pointer = "/" + "/".join(str(part) for part in path)
    by_loader = loader_problems(document)
    assert len(by_loader) == 1
    assert by_loader[0][0] == pointer
    message = by_loader[0][1]
    assert schema_problems(document) == [(pointer, message)]
    assert constructor_message(build) == f"{member} {message}"


def test_a_decimal_too_precise_reads_alike_up_to_how_the_value_is_shown() -> None:
    # Python holds a Decimal, JSON a string: each is shown as what it is.
    value = "0.1234567890123"
    document = changed(("projects", 0, "indicators", 0, "weight"), value)
    [(path, message)] = loader_problems(document)
    assert schema_problems(document) == [(path, message)]
    assert message.endswith(f'; not the string "{value}"')
    rule = message.rsplit("; not ", 1)[0]
    built = constructor_message(lambda: BudgetExecution(weight=Decimal(value)))
    assert built == f"weight {rule}; not {value}"


def test_a_target_needs_a_value_or_a_text_in_the_same_words_everywhere() -> None:
    document = changed(("projects", 0, "indicators", 0, "target"), {})
    pointer = "/projects/0/indicators/0/target"
    expected = "Target must have at least one of the members value (指标值), text (原文)"
    assert loader_problems(document) == [(pointer, expected)]
    assert schema_problems(document) == [(pointer, expected)]
    assert constructor_message(Target) == expected


def test_an_actual_needs_a_member_in_the_same_words_everywhere() -> None:
    document = changed(("projects", 0, "indicators", 0, "actual"), {})
    [(path, message)] = loader_problems(document)
    assert schema_problems(document) == [(path, message)]
    assert constructor_message(Actual) == message


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("title",), None),
        (("projects", 0, "indicators"), None),
        (("projects", 0, "indicators", 0, "level1"), "outputs"),
        (("unit", "sector"), "街道"),
        (("source",), {"published": "2021-02-30"}),
        (("projects", 0, "totals", "budget", "amount"), 654.45),
        (("fiscal_year",), "2020"),
    ],
)
def test_loader_and_schema_word_other_rules_alike(path: tuple[str | int, ...], value: Any) -> None:
    document = changed(path, value)
    assert loader_problems(document) == schema_problems(document)


def test_a_missing_member_is_named_with_its_title() -> None:
    document = copy.deepcopy(DOCUMENT)
    del document["title"]
    assert loader_problems(document) == [("/title", "is required (报告标题)")]
    assert schema_problems(document) == [("/title", "is required (报告标题)")]


def test_every_member_has_a_spec_whose_kind_matches_its_annotation() -> None:
    python_types: dict[str, type | str] = {
        "text": str,
        "trimmed_text": str,
        "integer": int,
        "decimal": Decimal,
        "date": datetime.date,
        "extensions": dict,
        "cells": "Mapping",
    }
    for cls in (Report, KeyProject, Indicator, Unit, Source, Money, Quantity, Target, Actual):
        for field in attrs.fields(cls):
            spec = _spec.spec_of(field)
            assert spec.title
            assert spec.description
            annotation = str(field.type)
            if spec.kind.name in python_types:
                expected = python_types[spec.kind.name]
                name = expected if isinstance(expected, str) else expected.__name__
                assert name in annotation, (cls, field.name)
            elif spec.kind.name == "array":
                assert annotation.startswith("tuple["), (cls, field.name)
            else:
                assert spec.cls is not None
                assert spec.cls.__name__ in annotation, (cls, field.name)


def test_constructors_take_what_the_types_say() -> None:
    indicator = Indicator(level1=IndicatorLevel1.OUTPUT, name="数量", weight=8, score="7.5")
    assert (indicator.weight, indicator.score) == (Decimal(8), Decimal("7.5"))
    project = _project(indicators=(i for i in [indicator]))
    assert project.indicators == (indicator,)
    with pytest.raises(TypeError, match="project_ids must be a tuple, not str"):
        _project(issues=[_spec_issue("p1")])


def _spec_issue(ids: Any) -> Any:
    from perfeval.codes import IssueCategory  # noqa: PLC0415
    from perfeval.model import Issue  # noqa: PLC0415

    return Issue(category=IssueCategory.OTHER, description="d", project_ids=ids)


def test_a_money_member_holds_what_a_document_keeps() -> None:
    from perfeval.codes import FundSource  # noqa: PLC0415
    from perfeval.model import BudgetLine  # noqa: PLC0415

    # Money itself holds any exact amount; a model member only what JSON can hold.
    precise = Money(Decimal("1.1234567"), MoneyUnit.YUAN)
    with pytest.raises(ValueError, match=r"^budget must have at most 18 digits .* at most 6"):
        BudgetLine(source=FundSource.FISCAL, budget=precise)
    large = Money(Decimal("1E+18"), MoneyUnit.YUAN)
    with pytest.raises(ValueError, match=r"^budget must have at most 18 digits"):
        BudgetLine(source=FundSource.FISCAL, budget=large)
    kept = Money("0.123456", MoneyUnit.YUAN)
    assert BudgetLine(source=FundSource.FISCAL, budget=kept).budget == kept


def test_objects_holding_extensions_or_cells_stay_hashable() -> None:
    unit = Unit(name="u", extensions={"联系人": ["张三"], "n": Decimal("1.5")})
    same = Unit(name="u", extensions={"联系人": ["张三"], "n": Decimal("1.5")})
    assert hash(unit) == hash(same)
    assert unit == same
    # Extensions and cells take part in equality, not in the hash.
    other = Unit(name="u", extensions={"联系人": ["李四"]})
    assert unit != other
    assert hash(unit) == hash(other)
    cells = Totals(cells={"budget": "D7"})
    assert cells != Totals(cells={"budget": "D8"})
    assert len({cells, Totals(cells={"budget": "D7"})}) == 1
    assert dict(cells.cells or {}) == {"budget": "D7"}
    with pytest.raises(TypeError):
        cells.cells["budget"] = "E7"  # type: ignore[index]
