"""Every problem perfeval reports has a kind of ERROR_KINDS and a Chinese message.

One hand-written input per kind shows that each code is produced, at the path
expected; every problem of those inputs, of mutated documents (generated and from the
corpus) and of bad policy files is held to the same standard: a kind of the code set
and a Chinese message of its own, never the English repeated (the default of a detail
built without one).
"""

from __future__ import annotations

import copy
import json
import pickle
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from perfeval import ERROR_KINDS, ErrorDetail, ValidationError, examples, loads, validate
from perfeval._io.errors import UNWORDED_RULE_ZH
from perfeval._io.limits import MAX_DEPTH, MAX_TEXT_LENGTH
from perfeval._io.text import unreadable
from perfeval.errors import ErrorKind, FieldError
from perfeval.scoring import policy_from_dict

from .property.strategies import example_count  # type: ignore[import-not-found, unused-ignore]
from .property.test_agreement import (  # type: ignore[import-not-found, unused-ignore]
    mutations,
    to_json,
)
from .property.test_fast_path import (  # type: ignore[import-not-found, unused-ignore]
    several_mutations,
)

CJK = re.compile("[\u4e00-\u9fff]")

#: The code set, written out: a code added or renamed is a decision, made here too.
EXPECTED_KINDS = {
    "required",
    "type",
    "empty",
    "pattern",
    "format",
    "enum",
    "range",
    "unknown-member",
    "duplicate-member",
    "rule",
    "limit",
    "syntax",
    "encoding",
    "version",
    "file",
}


def assert_worded(detail: ErrorDetail) -> None:
    """*detail* has a kind of the code set and a Chinese message of its own."""
    assert detail.kind in ERROR_KINDS, detail
    assert CJK.search(detail.message_zh), detail
    assert detail.message_zh != detail.message, detail
    assert detail.message_zh != UNWORDED_RULE_ZH, detail


def minimal() -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "title": "2020年度重点项目绩效评价结果",
        "kind": "key_project_results",
        "fiscal_year": 2020,
        "unit": {"name": "开福区财政局"},
        "projects": [
            {
                "id": "p1",
                "name": "公共服务",
                "budget_lines": [
                    {"source": "fiscal", "budget": {"amount": "213.28", "unit": "wan_yuan"}}
                ],
                "indicators": [
                    {"level1": "output", "name": "图书册数", "target": {"text": "≥50个"}}
                ],
            }
        ],
    }


def changed(edit: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = minimal()
    edit(document)
    return document


def by_loads(text: str | bytes) -> tuple[ErrorDetail, ...]:
    with pytest.raises(ValidationError) as caught:
        loads(text)
    return caught.value.errors


def by_both(document: dict[str, Any]) -> tuple[ErrorDetail, ...]:
    """The problems of *document*, which loads() and validate() report alike."""
    found = by_loads(to_json(document))
    with pytest.raises(ValidationError) as caught:
        validate(json.loads(to_json(document), parse_float=Decimal))
    # The same problems; the value shown may differ ("[]" and "[…]").
    assert words(caught.value.errors) == words(found)
    return found


def words(details: tuple[ErrorDetail, ...]) -> set[tuple[str, str, str, str]]:
    return {(d.path, d.message, d.kind, d.message_zh) for d in details}


def _missing_file(tmp_path: Path) -> tuple[ErrorDetail, ...]:
    try:
        (tmp_path / "missing.json").open("rb")
    except OSError as exc:
        return (unreadable(exc).at(""),)
    raise AssertionError  # pragma: no cover


LONG_TITLE = "长" * (MAX_TEXT_LENGTH + 1)


def _project(**members: Any) -> dict[str, Any]:
    return {"id": "p2", "name": "项目", **members}


#: One input per kind: (id, how to get the problems, the kind and path expected).
CASES: list[tuple[str, Callable[[Path], tuple[ErrorDetail, ...]], str, str]] = [
    ("missing title", lambda _: by_both(changed(lambda d: d.pop("title"))), "required", "/title"),
    (
        "year as a string",
        lambda _: by_both(changed(lambda d: d.update(fiscal_year="2020"))),
        "type",
        "/fiscal_year",
    ),
    (
        "amount as a number",
        lambda _: by_both(
            changed(
                lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(
                    amount=Decimal("213.28")
                )
            )
        ),
        "type",
        "/projects/0/budget_lines/0/budget/amount",
    ),
    (
        "null for an optional member",
        lambda _: by_both(changed(lambda d: d["unit"].update(code=None))),
        "type",
        "/unit/code",
    ),
    ("empty title", lambda _: by_both(changed(lambda d: d.update(title=""))), "empty", "/title"),
    (
        "empty issues",
        lambda _: by_both(changed(lambda d: d.update(issues=[]))),
        "empty",
        "/issues",
    ),
    (
        "id with a space",
        lambda _: by_both(changed(lambda d: d["projects"][0].update(id="p 1"))),
        "pattern",
        "/projects/0/id",
    ),
    (
        "region code of five digits",
        lambda _: by_both(changed(lambda d: d["unit"].update(region_code="43010"))),
        "pattern",
        "/unit/region_code",
    ),
    (
        "amount with an exponent",
        lambda _: by_both(
            changed(lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(amount="1e3"))
        ),
        "format",
        "/projects/0/budget_lines/0/budget/amount",
    ),
    (
        "a day that does not exist",
        lambda _: by_both(changed(lambda d: d.update(source={"published": "2021-02-30"}))),
        "format",
        "/source/published",
    ),
    (
        "unknown report kind",
        lambda _: by_both(changed(lambda d: d.update(kind="annual"))),
        "enum",
        "/kind",
    ),
    (
        "year before 1949",
        lambda _: by_both(changed(lambda d: d.update(fiscal_year=1900))),
        "range",
        "/fiscal_year",
    ),
    (
        "amount with seven places",
        lambda _: by_both(
            changed(
                lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(amount="1.1234567")
            )
        ),
        "range",
        "/projects/0/budget_lines/0/budget/amount",
    ),
    (
        "unknown member",
        lambda _: by_both(changed(lambda d: d["unit"].update(sector="街道"))),
        "unknown-member",
        "/unit/sector",
    ),
    (
        "member of a later schema",
        lambda _: by_both(changed(lambda d: d["unit"].update(extensions={}))),
        "unknown-member",
        "/unit/extensions",
    ),
    (
        "title given twice",
        lambda _: by_loads('{"title": "a", "title": "b"}'),
        "duplicate-member",
        "/title",
    ),
    (
        "project ids not unique",
        lambda _: by_loads(
            to_json(changed(lambda d: d["projects"].append(_project(id="p1", name="重复"))))
        ),
        "rule",
        "/projects/1/id",
    ),
    (
        "a target with neither value nor text",
        lambda _: by_both(
            changed(lambda d: d["projects"][0]["indicators"][0].update(target={"operator": ">="}))
        ),
        "rule",
        "/projects/0/indicators/0/target",
    ),
    (
        "no projects in a key project report",
        lambda _: by_both(changed(lambda d: d.update(projects=[]))),
        "rule",
        "/projects",
    ),
    (
        "title past the text limit",
        lambda _: by_loads(to_json(changed(lambda d: d.update(title=LONG_TITLE)))),
        "limit",
        "/title",
    ),
    (
        "extensions nested too deeply",
        lambda _: by_loads(
            to_json(
                changed(
                    lambda d: d.update(
                        schema_version="1.1",
                        extensions={"x": json.loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))},
                    )
                )
            )
        ),
        "limit",
        "/extensions/x" + "/0" * (MAX_DEPTH - 1),
    ),
    ("not JSON", lambda _: by_loads('{"title": '), "syntax", ""),
    ("NaN", lambda _: by_loads('{"score": NaN}'), "syntax", ""),
    ("Latin-1 bytes", lambda _: by_loads('{"title": "é"}'.encode("latin-1")), "encoding", ""),
    ("byte order mark", lambda _: by_loads(b"\xef\xbb\xbf{}"), "encoding", ""),
    (
        "lone surrogate",
        lambda _: by_loads('{"title": "合计\\ud800"}'),
        "encoding",
        "/title",
    ),
    (
        "schema version 2.0",
        lambda _: by_both(changed(lambda d: d.update(schema_version="2.0"))),
        "version",
        "/schema_version",
    ),
    ("missing file", _missing_file, "file", ""),
]


@pytest.mark.parametrize(("name", "problems", "kind", "path"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_is_reported_where_it_is(
    name: str,
    problems: Callable[[Path], tuple[ErrorDetail, ...]],
    kind: str,
    path: str,
    tmp_path: Path,
) -> None:
    found = problems(tmp_path)
    assert (path, kind) in [(detail.path, detail.kind) for detail in found], found
    for detail in found:
        assert_worded(detail)


def test_every_kind_is_produced_by_some_input() -> None:
    assert {kind for _, _, kind, _ in CASES} == set(ERROR_KINDS)


def test_the_code_set() -> None:
    assert set(ERROR_KINDS) == EXPECTED_KINDS
    for code, kind in ERROR_KINDS.items():
        assert re.fullmatch("[a-z]+(-[a-z]+)*", code)
        assert isinstance(kind, ErrorKind)
        assert kind.label
        assert kind.meaning.endswith(".")
        assert CJK.search(kind.label_zh)


def test_some_chinese_messages_read_as_written() -> None:
    # The words a finance officer reads, for the most frequent problems.
    found = {
        detail.path: detail.message_zh
        for detail in by_both(
            changed(
                lambda d: (
                    d.pop("title"),
                    d.update(fiscal_year="2020", kind="annual"),
                    d["unit"].update(code=None),
                )
            )
        )
    }
    assert found == {
        "/title": "缺少必填项（报告标题）",
        "/fiscal_year": '应为整数（如 2020），而不是字符串 "2020"',
        "/kind": '应为以下代码之一："key_project_results"（重点项目绩效评价结果）、'
        '"project_self_evaluation"（项目支出绩效自评）、"department_overall"（部门整体支出绩效评价）、'
        '"other"（其他）；而不是字符串 "annual"',
        "/unit/code": "没有内容时应省略该项，不能写 null",
    }


@settings(max_examples=example_count(200), deadline=None)
@given(mutations())
def test_every_problem_of_a_mutated_document_is_worded(mutation: tuple[str, Any]) -> None:
    text = to_json(mutation[1])
    for check in (lambda: loads(text), lambda: validate(json.loads(text, parse_float=Decimal))):
        try:
            check()
        except ValidationError as error:
            for detail in error.errors:
                assert_worded(detail)


@settings(max_examples=example_count(100), deadline=None)
@given(several_mutations())
def test_every_problem_of_documents_with_several_mutations_is_worded(document: Any) -> None:
    try:
        loads(to_json(document))
    except ValidationError as error:
        for detail in error.errors:
            assert_worded(detail)


def test_every_example_mutated_alike_is_worded() -> None:
    # The same breakage in every bundled example, whatever its shape.
    for name in examples.names():
        data = json.loads(examples.text(name), parse_float=Decimal)
        for project in data.get("projects", []):
            project["id"] = "中文"
            project.pop("name", None)
        data["fiscal_year"] = Decimal("2020.5")
        for detail in by_both(data):
            assert_worded(detail)


@pytest.mark.parametrize(
    ("policy", "kind", "path"),
    [
        ({}, "required", "/name"),
        ({"name": 1}, "type", "/name"),
        ({"name": ""}, "empty", "/name"),
        ({"name": "p", "tolerence": "0.5"}, "unknown-member", "/tolerence"),
        ({"name": "p", "tolerance": "-1"}, "range", "/tolerance"),
        ({"name": "p", "tolerance": 0.5}, "type", "/tolerance"),
        ({"name": "p", "negative_formula": "square"}, "enum", "/negative_formula"),
        ({"name": "p", "achieved": {"low": "0.9", "high": "0.8"}}, "rule", "/achieved"),
        ({"name": "p", "fair_from": 90, "good_from": 80}, "rule", ""),
        (
            {"name": "p", "groups": [{"name": "产出", "levels": ["outputs"], "weight": 1}]},
            "enum",
            "/groups/0/levels/0",
        ),
        (
            {"name": "p", "groups": [{"name": "产出", "levels": ["cost", "cost"], "weight": 1}]},
            "rule",
            "/groups/0/levels/1",
        ),
        ({"name": "p", "met_texts": ["达成\ud800"]}, "encoding", "/met_texts/0"),
    ],
)
def test_policy_files_are_worded_alike(policy: dict[str, Any], kind: str, path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        policy_from_dict(policy)
    assert (path, kind) in [(detail.path, detail.kind) for detail in caught.value.errors]
    for detail in caught.value.errors:
        assert_worded(detail)


# -- the detail itself ---------------------------------------------------------------------


def test_a_detail_builds_positionally_as_before() -> None:
    detail = ErrorDetail("/title", "is required")
    assert (detail.path, detail.message, detail.value) == ("/title", "is required", None)
    # Without words of its own, a detail repeats the English: always something to show.
    assert (detail.kind, detail.message_zh) == ("rule", "is required")
    assert str(detail) == "/title: is required"


def test_a_detail_refuses_a_kind_outside_the_code_set() -> None:
    with pytest.raises(ValueError, match="kind must be one of required, type"):
        ErrorDetail("/title", "is required", kind="missing")
    with pytest.raises(ValueError, match="kind must be one of"):
        FieldError("bad", kind="missing")


def test_a_detail_is_hashable_comparable_and_picklable() -> None:
    detail = by_both(changed(lambda d: d.pop("title")))[0]
    again = pickle.loads(pickle.dumps(detail))  # noqa: S301 - our own data
    assert again == detail
    assert hash(again) == hash(detail)
    assert again.kind == "required"
    assert detail != ErrorDetail(detail.path, detail.message, detail.value)  # no words of its own
    other = copy.copy(detail)
    assert {detail, other} == {detail}


def test_field_error_carries_and_pickles_its_words() -> None:
    err = FieldError(
        "ids must be unique", member="/projects/1/id", value='"p1"', message_zh="编号重复"
    )
    for again in (err, pickle.loads(pickle.dumps(err))):  # noqa: S301 - our own data
        assert isinstance(again, FieldError)
        assert (again.message, again.member, again.value) == (
            "ids must be unique",
            "/projects/1/id",
            '"p1"',
        )
        assert (again.kind, again.message_zh) == ("rule", "编号重复")
    limit = FieldError("too deep", kind="limit", message_zh="嵌套过深")
    assert pickle.loads(pickle.dumps(limit)).kind == "limit"  # noqa: S301 - our own data
    assert err.detail("/x") == ErrorDetail(
        "/x/projects/1/id", "ids must be unique", '"p1"', kind="rule", message_zh="编号重复"
    )
