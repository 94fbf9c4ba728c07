"""Reports in any currency, and reports that mix currencies, on every path.

A report in US dollars is checked, scored and summarised as one in yuan; figures that
would have to be added or compared across currencies are neither (no exchange rate
is part of a report) and ``sum-currencies-mixed`` says where.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from perfeval import check, dumps, examples, loads
from perfeval.scoring import score

from .property.strategies import (  # type: ignore[import-not-found, unused-ignore]
    example_count,
    reports,
)


def in_currency(data: Any, currency: str, every: int = 1, seen: list[int] | None = None) -> Any:
    """*data* with every *every*-th amount (in document order) in *currency*."""
    seen = [0] if seen is None else seen
    if isinstance(data, dict):
        if "amount" in data and "unit" in data:
            seen[0] += 1
            if seen[0] % every == 0:
                data["currency"] = currency
        for value in data.values():
            in_currency(value, currency, every, seen)
    elif isinstance(data, list):
        for value in data:
            in_currency(value, currency, every, seen)
    return data


def findings(text: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity.value) for f in check(loads(text))]


@pytest.mark.parametrize("name", examples.names())
def test_a_report_in_dollars_is_checked_like_one_in_yuan(name: str) -> None:
    text = examples.text(name)
    dollars = json.dumps(in_currency(json.loads(text), "USD"), ensure_ascii=False)
    assert findings(dollars) == findings(text)
    yuan = loads(text).projects
    for index, project in enumerate(loads(dollars).projects):
        assert score(project).total == score(yuan[index]).total


@pytest.mark.parametrize("name", examples.names())
@pytest.mark.parametrize("every", [2, 3])
def test_mixed_currencies_are_a_finding_not_a_crash(name: str, every: int) -> None:
    mixed = json.dumps(
        in_currency(json.loads(examples.text(name)), "USD", every), ensure_ascii=False
    )
    report = loads(mixed)
    found = check(report)
    assert "sum-currencies-mixed" in {f.code for f in found}
    for project in report.projects:
        score(project)


def test_the_mixed_total_is_named() -> None:
    data = json.loads(examples.text("kaifu-2020"))
    data["projects"][0]["budget_lines"][0]["budget"]["currency"] = "USD"
    messages = [
        f.message
        for f in check(loads(json.dumps(data, ensure_ascii=False)))
        if f.code == "sum-currencies-mixed"
    ]
    assert (
        "公共服务: the budget total and the lines are in different currencies (CNY, USD):"
        " they cannot be added" in messages
    )


@pytest.mark.parametrize("command", ["check", "score", "summary"])
def test_the_command_line_never_fails_on_currencies(command: str, tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(
        json.dumps(
            in_currency(json.loads(examples.text("kaifu-2020")), "USD", 2), ensure_ascii=False
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "perfeval", command, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1), result.stderr


@settings(max_examples=example_count(200), deadline=None)
@given(reports())
def test_check_and_score_never_raise_on_a_valid_report(report: Any) -> None:
    # The strategy draws any currency for any amount.
    check(report)
    for project in report.projects:
        score(project)
    assert loads(dumps(report)) == report
