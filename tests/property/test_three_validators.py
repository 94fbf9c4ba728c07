r"""Three validators, one verdict: ``loads``, jsonschema and ajv agree on every document.

The published schema must mean the same in every language. Each document here is
checked by

* :func:`perfeval.loads` (the text);
* the ``jsonschema`` package with the published schema, as a user calls it: the text
  parsed by :func:`json.loads`, validated by ``Draft202012Validator`` once without
  format checking (what ``jsonschema.validate`` does) and once with its format checker
  (what check-jsonschema does);
* ajv 8 with ajv-formats under Node.js, set up as ``docs/other-languages.md`` says
  (``tests/js/verdicts.mjs``): one ``node`` process validates every document;

and all must say valid, or all invalid. Each document is checked against the schema of
the version it names in ``schema_version``, the newest when it names no known one (as
:func:`perfeval.schema.validate` chooses).

The documents:

* **edge cases**, the same in every run: two small valid documents (a 1.1 document
  with every member that has a pattern or a date, and the first item of each array of
  the bundled 1.0 example ``kaifu-2020``) with one place changed: every string with a
  line feed, carriage return, line or paragraph separator, NUL, space, tab, no-break or
  ideographic space, byte order mark or zero-width space after it (and some of them
  before it, a line feed inside it); dates such as ``0000-01-01``, ``2021-02-29``,
  ``2000-02-29``, ``1900-02-29``; decimals with leading zeros, signs, exponents, too
  many digits; ids, cells, codes and versions of every wrong shape; integers as huge
  numbers, ``-0``, ``1e400``; member names with a final line feed; odd values in
  ``extensions``;
* **mutations** drawn by Hypothesis: those of ``test_agreement.py`` and the edge
  values above at random places of generated reports (ten of each report).

Differences that ``docs/schema.md`` documents are kept apart, and for them only the
schema validators must agree with each other (and ``loads`` refuse): two projects with
one id, an integer written with a fraction or an exponent (``2020.0``, ``2.02e3``:
JSON Schema counts the number, not its spelling) and a lone surrogate (one of
perfeval's limits, ``docs/limits.md``).

By default 600 mutated documents are drawn besides the edge cases (about 20 s in
all); more with ``PERFEVAL_AGREEMENT_DOCUMENTS``::

    PERFEVAL_AGREEMENT_DOCUMENTS=20000 python -m pytest -p no:cacheprovider \
        tests/property/test_three_validators.py

Where Node.js or ajv is missing the test is skipped, saying why; under ``CI=true`` it
fails instead (as ``tests/test_corpus.py`` does).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import perfeval
from perfeval import codes, examples
from perfeval.errors import ValidationError
from perfeval.model import SCHEMA_VERSION, SCHEMA_VERSIONS
from perfeval.serialize import dumps

from .strategies import example_count, reports
from .test_agreement import has_duplicate_ids, kind_of, mutate, places, replaced

ROOT = Path(__file__).resolve().parent.parent.parent
VERDICTS = ROOT / "tests" / "js" / "verdicts.mjs"
#: How many mutated documents Hypothesis draws, besides the fixed edge cases.
DOCUMENTS = int(os.environ.get("PERFEVAL_AGREEMENT_DOCUMENTS") or example_count(600))

JSONPath = tuple[str | int, ...]


class Number(str):
    """A JSON number written exactly as this text (``1e400``, ``-0``, ``2.02e3``)."""


def to_json(value: Any) -> str:
    """One line of ASCII JSON; Decimals and :class:`Number` written as numbers, as given."""
    if isinstance(value, Number):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + to_json(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(item) for item in value) + "]"
    return json.dumps(value)


# -- the edge values ----------------------------------------------------------------------

#: What is put after a string: line ends and spaces of every kind, NUL, invisible ones.
AROUND = [
    "\n",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x00",
    " ",
    "\t",
    "\x0b",
    "\x85",
    "\xa0",
    "\u3000",
    "\ufeff",
    "\u200b",
]
DATES = [
    "0000-01-01",
    "0000-02-29",
    "0000-12-31",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2000-02-29",
    "2024-02-29",
    "1900-02-29",
    "2100-02-29",
    "2021-02-29",
    "2021-02-30",
    "2021-04-31",
    "2021-00-10",
    "2021-13-01",
    "2021-01-00",
    "2021-01-32",
    "2021-1-01",
    "20210101",
    "2021/01/01",
    "2021-W01-1",
    "2021-001",
    "+2021-01-01",
    "-2021-01-01",
    "2021-01-01T00:00:00Z",
    "2021-01-01Z",
    "２０２１-０１-０１",
    "٢٠٢١-٠١-٠١",
]
DECIMALS = [
    "0",
    "-0",
    "-0.0",
    "0.000000",
    "0.000000000000",
    "0.0000000000000",
    "1.0000000",
    "00",
    "01",
    "007.5",
    "1.",
    ".5",
    "+1",
    "1e3",
    "1E-3",
    "0x10",
    "Infinity",
    "NaN",
    "1_000",
    "1 000",
    "9" * 18,
    "9" * 19,
    "-" + "9" * 18 + ".999999",
    "1" + "0" * 30,
    "１２",
    "١٢",
]
IDS = ["p1", "P-1.x_y", "p" * 64, "p" * 65, "-p1", ".p1", "_p1", "p 1", "p/1", "p1\n", "ｐ1"]
VERSIONS = ["1.0", "1.1", "1.2", "2.0", "1.01", "1.10", "01.1", "1", "1.", "v1.1", "１.１"]
CELLS = ["A1", "D7", "ZZZ9999999", "ZZZZ1", "A0", "A01", "a1", "A", "1", "AA12345678"]
NAMES = ["budget", "score", "a" * 64, "a" * 65, "Budget", "_a", "1a", "a-b", "a b", "預算"]
INTEGERS = [
    Number("0"),
    Number("-0"),
    Number("1949"),
    Number("2100"),
    Number("-1"),
    Number("9007199254740993"),
    Number("1" + "0" * 30),
    Number("-1" + "0" * 30),
    Number("1e400"),
    Number("-1e400"),
    Number("1E+2"),
    Number("2020.0"),
    Number("2.02e3"),
    Number("1e-400"),
    Number("2020.5"),
    "2020",
    True,
    None,
]
#: What extensions may hold that other members may not: anything JSON holds.
ANYTHING = [
    Number("1e400"),
    Number("-0"),
    Number("1" + "0" * 30),
    Number("1E-400"),
    Number("0.1"),
    "\x00\n\u2028",
    "\ud800",
    {"\n": None},
    [[[]]],
]
LONE_SURROGATE = "\ud800"


def _kind(path: JSONPath, value: Any) -> str:
    """The kind of a place, as :func:`test_agreement.kind_of` judges it, and a few more."""
    last = path[-1] if path else None
    if path == ("schema_version",):
        return "version"
    if last == "date" and isinstance(value, str):
        return "date"
    if len(path) > 1 and path[-2] == "cells":
        return "cell"
    return kind_of(path, value)


#: What is put before a string (the start is alike in both dialects: fewer of them).
BEFORE = ["\n", "\u2028", "\x00", " ", "\ufeff"]


def string_edges(value: str) -> Iterator[Any]:
    """*value* with each of :data:`AROUND` after it, :data:`BEFORE` before it, a line feed
    inside it, a lone surrogate after it."""
    for around in AROUND:
        yield value + around
    for before in BEFORE:
        yield before + value
    yield value[:1] + "\n" + value[1:]
    yield value + LONE_SURROGATE


def edges(path: JSONPath, value: Any) -> Iterator[Any]:
    """The edge values for the place *path*, which holds *value*."""
    kind = _kind(path, value)
    if isinstance(value, str):
        yield from string_edges(value)
    specific: dict[str, list[Any]] = {
        "date": DATES,
        "decimal": DECIMALS,
        "id": IDS,
        "version": VERSIONS,
        "cell": CELLS,
        "integer": INTEGERS,
        "code": [value.upper() if isinstance(value, str) else value, "", *_CODES[:3]],
    }
    yield from specific.get(kind, [])


def key_edges(value: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """*value* with its first member renamed: a final line feed, and member-name edges."""
    if not value:
        return
    first = next(iter(value))
    for name in [first + "\n", first + "\u2028", " " + first, *NAMES]:
        if name not in value:
            yield {(name if key == first else key): item for key, item in value.items()}


_CODES = sorted({member.value for code_list in codes.code_lists() for member in code_list})


def _first_items(value: Any) -> Any:
    """*value* with every array cut to its first item."""
    if isinstance(value, list):
        return [_first_items(value[0])] if value else []
    if isinstance(value, dict):
        return {key: _first_items(item) for key, item in value.items()}
    return value


def _money(amount: str) -> dict[str, Any]:
    return {"amount": amount, "unit": "wan_yuan", "currency": "CNY"}


#: A valid 1.1 document with every member that has a pattern or a date.
FULL: dict[str, Any] = {
    "schema_version": "1.1",
    "title": "2021年度项目支出绩效评价报告",
    "kind": "key_project_results",
    "fiscal_year": 2021,
    "unit": {"name": "某街道办事处", "region_code": "430105"},
    "projects": [
        {
            "id": "p1",
            "name": "公共服务",
            "budget_lines": [
                {
                    "source": "fiscal",
                    "functional_code": "2080101",
                    "budget": _money("213.28"),
                    "cells": {"budget": "D7"},
                }
            ],
            "totals": {"budget": _money("213.28"), "cells": {"budget": "D9"}},
            "budget_execution": {"weight": "10", "rate": "86.5", "score": "8.65"},
            "indicators": [
                {
                    "level1": "output",
                    "name": "发放宣传资料",
                    "target": {
                        "operator": ">=",
                        "value": {"value": "50", "unit": "册"},
                        "text": "≥50册",
                    },
                    "actual": {"value": {"value": "32000", "unit": "册"}, "text": "32000册"},
                    "weight": "5",
                    "score": "5.0",
                    "cells": {"score": "F12"},
                }
            ],
            "score": "89.974",
            "score_groups": [
                {"label": "产出", "covers": "level1", "level1": "output", "weight": "50"}
            ],
            "reviews": [{"reviewer": "专家", "score": "90"}],
            "cells": {"score": "H3"},
            "extensions": {"note": "x", "n": Decimal("1.5")},
        }
    ],
    "issues": [{"category": "fund_allocation", "description": "问题", "project_ids": ["p1"]}],
    "score": "89.974",
    "source": {"title": "报告", "published": "2021-05-20"},
    "evaluation": {"evaluator": "某事务所", "date": "2021-04-30"},
    "extensions": {"anything": [1, "x", None]},
}


def base_documents() -> list[dict[str, Any]]:
    kaifu = json.loads(examples.text("kaifu-2020"), parse_float=Decimal)
    return [FULL, _first_items(kaifu)]


def edge_cases() -> Iterator[tuple[str, Any]]:
    """(what was changed, the document) for every place of each base document."""
    for base in base_documents():
        version = base["schema_version"]
        for path, value in places(base):
            if isinstance(value, dict):
                for renamed in key_edges(value):
                    yield f"{version} {path}: member renamed", replaced(base, path, renamed)
                if path and path[-1] == "extensions":
                    for item in ANYTHING:
                        new = {**value, "edge": item}
                        yield f"{version} {path}: {item!r} added", replaced(base, path, new)
            elif not isinstance(value, list):
                for new in edges(path, value):
                    yield f"{version} {path}: {new!r}", replaced(base, path, new)


def edge_mutate(draw: st.DrawFn, document: Any) -> tuple[str, Any]:
    """*document* with one place set to an edge value (or a member renamed)."""
    path, value = draw(st.sampled_from(list(places(document))[::-1]))
    choices: list[Any]
    if isinstance(value, dict):
        choices = list(key_edges(value))
    elif isinstance(value, list):
        choices = [[*value, LONE_SURROGATE], [*value, None]]
    else:
        choices = list(edges(path, value))
    new = draw(st.sampled_from(choices or [None]))
    return f"edge at {path}: {new!r}", replaced(document, path, new)


_REPORTS = reports()
#: How many mutations are made of each generated report (drawing one takes the time).
PER_REPORT = 10


@st.composite
def mutated(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """:data:`PER_REPORT` documents: one generated report, mutated in one place each."""
    document = json.loads(dumps(draw(_REPORTS)), parse_float=Decimal)
    return [
        (edge_mutate if draw(st.booleans()) else mutate)(draw, document) for _ in range(PER_REPORT)
    ]


def drawn(count: int) -> list[tuple[str, Any]]:
    """About *count* mutated documents drawn by Hypothesis (from the run's seed)."""
    collected: list[tuple[str, Any]] = []

    @settings(
        max_examples=max(1, count // PER_REPORT),
        phases=[Phase.generate],
        database=None,
        # conftest.py's profile, and filter_too_much: mutate() may reject a mutation.
        suppress_health_check=[*settings().suppress_health_check, HealthCheck.filter_too_much],
    )
    @given(mutated())
    def collect(cases: list[tuple[str, Any]]) -> None:
        collected.extend(cases)

    collect()
    return collected


# -- the verdicts -------------------------------------------------------------------------------


def _schema_path(version: str) -> Path:
    newest = version == SCHEMA_VERSION
    return ROOT / "schemas" / ("" if newest else version) / "report.schema.json"


def _schemas() -> dict[str, dict[str, Any]]:
    return {
        version: json.loads(_schema_path(version).read_text(encoding="utf-8"))
        for version in SCHEMA_VERSIONS
    }


def _version_of(data: Any) -> str:
    """The version whose schema checks *data*: the one it names, else the newest."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and version in SCHEMA_VERSIONS else SCHEMA_VERSION


def by_loads(text: str) -> bool:
    try:
        perfeval.loads(text)
    except ValidationError:
        return False
    return True


def python_validators(*, formats: bool) -> Callable[[Any], bool]:
    checker = Draft202012Validator.FORMAT_CHECKER if formats else None
    validators = {
        version: Draft202012Validator(schema, format_checker=checker)
        for version, schema in _schemas().items()
    }
    return lambda data: bool(validators[_version_of(data)].is_valid(data))


def _node_modules() -> Path | None:
    configured = os.environ.get("PERFEVAL_NODE_MODULES")
    candidates = [Path(configured)] if configured else []
    candidates.append(ROOT / "build" / "js" / "node_modules")
    return next((path for path in candidates if (path / "ajv" / "package.json").is_file()), None)


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI=true this test must run (.ci/run installs it)")
    pytest.skip(reason)


def by_ajv(node: str, modules: Path, texts: list[str]) -> list[bool]:
    """ajv's verdict on each text, from one node process."""
    schemas = [f"{version}={_schema_path(version)}" for version in SCHEMA_VERSIONS]
    result = subprocess.run(
        [node, str(VERDICTS), *schemas],
        input="".join(text + "\n" for text in texts),
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    verdicts: list[bool] = json.loads(result.stdout)
    assert len(verdicts) == len(texts)
    return verdicts


def _numbers_outside_extensions(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "extensions":
                yield from _numbers_outside_extensions(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers_outside_extensions(item)
    elif isinstance(value, float):
        yield value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def documented_difference(data: Any) -> str | None:
    """Which difference of ``docs/schema.md`` *data* (parsed by json.loads) shows, if any."""
    if has_duplicate_ids(data):
        return "two projects with one id"
    if any(number.is_integer() for number in _numbers_outside_extensions(data)):
        return "an integer written with a fraction or an exponent"
    if any(any("\ud800" <= char <= "\udfff" for char in text) for text in _strings(data)):
        return "a lone surrogate"
    return None


class Verdicts(NamedTuple):
    loads: bool
    jsonschema: bool
    jsonschema_formats: bool
    ajv: bool


def test_ajv_is_set_up_as_the_docs_say() -> None:
    guide = (ROOT / "docs" / "other-languages.md").read_text(encoding="utf-8")
    script = VERDICTS.read_text(encoding="utf-8")
    for setup in (
        "new Ajv2020({ strict: true, allErrors: true, verbose: true })",
        'addFormats(ajv, ["date"])',
    ):
        assert setup in guide
        assert setup in script


def test_the_edge_cases_cover_every_pattern_and_date() -> None:
    schema = _schemas()[SCHEMA_VERSION]["$defs"]
    patterned = {
        (name, member)
        for name, definition in schema.items()
        for member, member_schema in definition.get("properties", {}).items()
        if "pattern" in member_schema
        or "format" in member_schema
        or "propertyNames" in member_schema
        or "pattern" in member_schema.get("items", {})
    }
    documents = base_documents()
    assert all(by_loads(to_json(document)) for document in documents)
    members = {key for document in documents for path, _ in places(document) for key in path[-1:]}
    assert {member for _, member in patterned} <= members | {"schema_version"}


def test_loads_jsonschema_and_ajv_agree() -> None:
    node = shutil.which("node")
    modules = _node_modules()
    if node is None:
        _skip_or_fail("Node.js is not installed")
    if modules is None:
        _skip_or_fail(
            "ajv is not installed (npm install --prefix build/js ajv@8 ajv-formats@3,"
            " or set PERFEVAL_NODE_MODULES)"
        )
    assert node is not None
    assert modules is not None
    cases = [*edge_cases(), *drawn(DOCUMENTS)]
    texts = [to_json(document) for _, document in cases]
    plain, with_formats = python_validators(formats=False), python_validators(formats=True)
    with ThreadPoolExecutor(1) as pool:  # node works while Python does
        by_node_later = pool.submit(by_ajv, node, modules, texts)
        by_python = [
            (by_loads(text), plain(data), with_formats(data), documented_difference(data))
            for text in texts
            for data in [json.loads(text)]
        ]
        by_node = by_node_later.result()
    agreed, documented, disagreed = 0, 0, []
    for (description, _), python, ajv in zip(cases, by_python, by_node, strict=True):
        loads, plain_verdict, formats_verdict, difference = python
        verdicts = Verdicts(loads, plain_verdict, formats_verdict, ajv)
        schemas_agree = verdicts.jsonschema == verdicts.jsonschema_formats == verdicts.ajv
        if difference is None and schemas_agree and verdicts.loads == verdicts.ajv:
            agreed += 1
        elif difference is not None and schemas_agree and not verdicts.loads:
            documented += 1
        else:
            disagreed.append(f"{verdicts} {difference or ''}: {description}")
    sys.stdout.write(  # shown with -s, and with a failure
        f"{len(cases)} documents: loads, jsonschema and ajv agreed on {agreed};"
        f" {documented} show a documented difference, and the schema validators agreed on them\n"
    )
    assert not disagreed, f"{len(disagreed)} of {len(cases)}:\n" + "\n".join(disagreed[:40])
    assert agreed > len(cases) * 0.9
    # Both verdicts occur, often: the documents test the rules, not only their absence.
    valid = sum(by_node)
    assert len(cases) * 0.05 < valid < len(cases) * 0.95, valid


def test_documented_differences_are_what_the_docs_say() -> None:
    document = copy.deepcopy(FULL)
    document["fiscal_year"] = Number("2021.0")
    data = json.loads(to_json(document))
    assert documented_difference(data) == "an integer written with a fraction or an exponent"
    assert not by_loads(to_json(document))
    assert python_validators(formats=True)(data)
