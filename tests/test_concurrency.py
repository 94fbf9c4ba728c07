"""Threads, processes, pickling and the caller's decimal context.

* ``loads``, ``dumps``, ``check`` and ``score`` give the same results in 8 threads at
  once as in one, also for documents with many problems (the detailed pass keeps its
  count of problems per call, not per process);
* every object perfeval hands out pickles and unpickles equal, with every protocol,
  so reports travel to and from a ``ProcessPoolExecutor``;
* the caller's decimal context is never read nor changed: under a context that would
  round or trap almost anything, the results are those of the default context, and
  the context's settings and flags are as they were.
"""

from __future__ import annotations

import decimal
import json
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from perfeval import (
    CurrencyMismatchError,
    ErrorDetail,
    ParseError,
    PerfevalError,
    Report,
    ValidationError,
    check,
    codes,
    dumps,
    examples,
    loads,
    parse_money,
    score,
    to_dict,
)
from perfeval.checks import RULES, Finding
from perfeval.errors import FieldError
from perfeval.scoring import POLICIES, ScoreCard

# tests/ is no package: mypy cannot follow this import, which pytest resolves.
from .property.strategies import reports  # type: ignore[import-not-found, unused-ignore]

THREADS = 8
ROUNDS = 25

TEXTS = {name: examples.text(name) for name in examples.names()}
#: A generated-looking report: every example's projects, extensions with decimals
#: written with exponents (``str()`` of which depends on the context's ``capitals``).
_MIXED = json.loads(TEXTS["kaifu-2020"])
_MIXED["extensions"] = {
    "比例": [1.5e5, 0.000001, -0.0, 12345678901234567890],
    "nested": {"a": [{"b": None}, True, "文本\u2028"]},
}
TEXTS["mixed"] = json.dumps(_MIXED, ensure_ascii=False).replace("150000.0", "1.50E+5")
#: Documents with problems, one of them past the detailed pass's budget.
BAD_TEXTS = {
    "one problem": TEXTS["kaifu-2020"].replace('"fiscal_year": 2020', '"fiscal_year": "2020"'),
    "many problems": json.dumps(
        {**json.loads(TEXTS["qingshen-2023"]), "projects": [{}] * 1500}, ensure_ascii=False
    ),
    "duplicates": '{"a": 1, "a": 2, "b": [{"c": 1, "c": 1}]}',
    "not JSON": TEXTS["tangxi-2022"][:-40],
}


def outcome(text: str | bytes) -> tuple[str, Any]:
    """What loading *text* gives, in a form that compares across threads and processes."""
    try:
        report = loads(text)
    except ValidationError as error:
        return "error", error.errors
    return "report", (report, dumps(report), dumps(report, indent=2))


def everything(report: Report) -> tuple[Any, ...]:
    """What perfeval computes from *report*: JSON, findings and scorecards (or the error)."""
    cards: list[Any] = []
    for project in report.projects:
        cards.extend(computed(score, project, policy) for policy in POLICIES.values())
    return dumps(report), to_dict(report), computed(check, report), cards


def computed(function: Callable[..., Any], *args: Any) -> Any:
    # Should a function refuse a report, its error too must not depend on threads or
    # on the decimal context.
    try:
        return function(*args)
    except PerfevalError as error:
        return type(error), str(error)


# -- threads ------------------------------------------------------------------------------------


def in_threads(work: Callable[[str], Any], items: dict[str, str]) -> Iterator[tuple[str, Any]]:
    names = list(items) * ROUNDS
    with ThreadPoolExecutor(THREADS) as pool:
        yield from zip(names, pool.map(lambda name: work(items[name]), names), strict=True)


def test_loads_in_threads() -> None:
    alone = {name: outcome(text) for name, text in {**TEXTS, **BAD_TEXTS}.items()}
    for name, result in in_threads(outcome, {**TEXTS, **BAD_TEXTS}):
        assert result == alone[name], name
    assert len(alone["many problems"][1]) == 2001  # the budget ran out, in every thread


def test_bytes_in_threads() -> None:
    raw = {name: text.encode("utf-8") for name, text in TEXTS.items()}
    alone = {name: outcome(text) for name, text in raw.items()}
    with ThreadPoolExecutor(THREADS) as pool:
        names = list(raw) * ROUNDS
        for name, result in zip(names, pool.map(lambda n: outcome(raw[n]), names), strict=True):
            assert result == alone[name], name


def test_checks_and_scores_in_threads() -> None:
    loaded = {name: loads(text) for name, text in TEXTS.items()}
    alone = {name: everything(report) for name, report in loaded.items()}
    with ThreadPoolExecutor(THREADS) as pool:
        names = list(loaded) * 10
        for name, result in zip(
            names, pool.map(lambda n: everything(loaded[n]), names), strict=True
        ):
            assert result == alone[name], name


@settings(max_examples=10)
@given(reports())
def test_generated_reports_in_threads(report: Report) -> None:
    text = dumps(report)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: outcome(text), range(4 * THREADS)))
    assert all(result == ("report", (report, text, dumps(report, indent=2))) for result in results)


# -- pickling -------------------------------------------------------------------------------


def objects(value: Any) -> Iterator[Any]:
    """*value* and every attrs instance and code inside it."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from objects(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from objects(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from objects(item)
    elif isinstance(value, codes.CodeEnum):
        yield value


def errors() -> list[PerfevalError]:
    found: list[PerfevalError] = []
    for text in BAD_TEXTS.values():
        try:
            loads(text)
        except ValidationError as error:
            found.append(error)
    try:
        parse_money("3.2x万元")
    except ParseError as error:
        found.append(error)
    found.append(CurrencyMismatchError("CNY", "USD"))
    found.append(FieldError("project ids must be unique", member="/projects/1/id", value='"p"'))
    return found


def everything_perfeval_hands_out() -> list[Any]:
    found: list[Any] = []
    for text in TEXTS.values():
        report = loads(text)
        found.extend(objects(report))
        found.extend(objects(check(report)))
        for project in report.projects:
            found.extend(objects([score(project, policy) for policy in POLICIES.values()]))
    found.extend(member for code_list in codes.code_lists() for member in code_list)
    found.extend(RULES.values())
    found.append(ErrorDetail("/a", "b", "c"))
    return found


def same(left: Any, right: Any) -> bool:
    if isinstance(left, BaseException):
        return (
            type(left) is type(right)
            and left.args == right.args
            and str(left) == str(right)
            and vars(left) == vars(right)
        )
    return type(left) is type(right) and bool(left == right)


def test_everything_pickles() -> None:
    found = everything_perfeval_hands_out()
    kinds = {type(value).__name__ for value in found}
    expected = {
        "Report", "Unit", "KeyProject", "BudgetLine", "BudgetExecution", "Totals",
        "CategoryAmount", "Source", "Indicator", "Issue", "Money", "Quantity", "Target",
        "Actual", "Finding", "ScoreCard", "Component", "Policy", "Rule", "ErrorDetail",
    }  # fmt: skip
    assert expected <= kinds
    assert {type(value) for value in found} >= {Finding, ScoreCard}
    for value in [*found, *errors()]:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(value, protocol))  # noqa: S301 - our own data
            assert same(value, again), (type(value).__name__, protocol)
            if isinstance(value, codes.CodeEnum):
                assert again is value


@settings(max_examples=25)
@given(reports())
def test_generated_reports_pickle(report: Report) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(report, protocol))  # noqa: S301 - our own data
        assert again == report
        assert dumps(again) == dumps(report)


# -- processes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processes() -> Iterator[ProcessPoolExecutor]:
    # spawn: a forked child of a process with threads may deadlock (and 3.12 warns).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        yield pool


def test_loads_in_processes(processes: ProcessPoolExecutor) -> None:
    names = list(TEXTS) * 3
    reports_back = list(processes.map(loads, [TEXTS[name] for name in names]))
    for name, report in zip(names, reports_back, strict=True):
        assert report == loads(TEXTS[name])
        assert dumps(report) == dumps(loads(TEXTS[name]))
    loaded = [examples.load(name) for name in examples.names()]
    assert list(processes.map(examples.load, examples.names())) == loaded


def test_errors_from_processes(processes: ProcessPoolExecutor) -> None:
    for name, text in BAD_TEXTS.items():
        future = processes.submit(loads, text)
        with pytest.raises(ValidationError) as info:
            future.result()
        assert info.value.errors == outcome(text)[1], name


def test_checks_and_scores_in_processes(processes: ProcessPoolExecutor) -> None:
    for report in map(loads, TEXTS.values()):
        assert processes.submit(check, report).result() == check(report)
        for project in report.projects:
            assert processes.submit(score, project).result() == score(project)


# -- the caller's decimal context -----------------------------------------------------------

_SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]


def settings_of(context: decimal.Context) -> tuple[Any, ...]:
    return (
        context.prec,
        context.rounding,
        context.Emin,
        context.Emax,
        context.capitals,
        context.clamp,
        {signal: context.traps[signal] for signal in _SIGNALS},
        {signal: context.flags[signal] for signal in _SIGNALS},
    )


def all_results() -> list[Any]:
    results: list[Any] = []
    for text in TEXTS.values():
        report = loads(text)
        results.append((report, loads(text.encode("utf-8")), everything(report)))
        results.append(dumps(report, indent=2))
    results.extend(outcome(text) for text in BAD_TEXTS.values())
    huge = TEXTS["qingshen-2023"].rstrip()[:-1] + ', "extensions": {"x": 1E99999999999999999999}}'
    results.append(outcome(huge))
    return results


def test_the_callers_decimal_context_is_never_read_nor_changed() -> None:
    expected = all_results()
    with decimal.localcontext() as context:
        context.prec = 2
        context.rounding = decimal.ROUND_FLOOR
        context.Emin, context.Emax = -5, 5
        context.capitals = 0
        context.clamp = 1
        for signal in _SIGNALS:
            context.traps[signal] = True
        context.clear_flags()
        before = settings_of(context)
        assert all_results() == expected
        assert settings_of(context) == before
        assert not any(context.flags[signal] for signal in _SIGNALS)
    # Traps off, where a signal would turn silently into NaN or a flag.
    with decimal.localcontext() as context:
        for signal in _SIGNALS:
            context.traps[signal] = False
        context.clear_flags()
        assert all_results() == expected
        assert not any(context.flags[signal] for signal in _SIGNALS)


@settings(max_examples=20)
@given(reports())
def test_generated_reports_under_a_hostile_context(report: Report) -> None:
    text = dumps(report)
    expected = (loads(text), dumps(report, indent=2), everything(report))
    with decimal.localcontext() as context:
        context.prec = 2
        context.rounding = decimal.ROUND_FLOOR
        context.capitals = 0
        for signal in _SIGNALS:
            context.traps[signal] = True
        context.clear_flags()
        before = settings_of(context)
        assert (loads(text), dumps(report, indent=2), everything(report)) == expected
        assert dumps(report) == text
        assert settings_of(context) == before


def test_context_in_threads_is_each_threads_own() -> None:
    def weird(text: str) -> Any:
        with decimal.localcontext() as context:
            context.prec = 1
            context.traps[decimal.Inexact] = True
            return outcome(text)

    alone = {name: outcome(text) for name, text in TEXTS.items()}
    for name, result in in_threads(weird, TEXTS):
        assert result == alone[name]
    assert decimal.getcontext().prec == decimal.DefaultContext.prec
    assert Decimal(1) / Decimal(3) == Decimal("0.3333333333333333333333333333")
