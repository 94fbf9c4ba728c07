"""The strict JSON layer and the cattrs converter: what loads accepts, what it rejects, and how."""

from __future__ import annotations

import copy
import decimal
import io
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest

import perfeval
from perfeval import serialize
from perfeval.errors import ValidationError


def minimal() -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "title": "2020年度重点项目绩效评价结果",
        "kind": "key_project_results",
        "fiscal_year": 2020,
        "unit": {"name": "某街道办事处"},
        "projects": [
            {
                "id": "p1",
                "name": "公共服务",
                "budget_lines": [
                    {
                        "source": "fiscal",
                        "budget": {"amount": "213.28", "unit": "wan_yuan"},
                        "expenditure": {"amount": "703.45", "unit": "wan_yuan"},
                    }
                ],
                "indicators": [
                    {
                        "level1": "output",
                        "name": "发放宣传资料",
                        "actual": {
                            "value": {"value": "32000", "unit": "册", "qualifier": "at_least"},
                            "text": "3.2万余册",
                        },
                    }
                ],
            }
        ],
    }


def text_of(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def paths(data: Any) -> list[str]:
    with pytest.raises(ValidationError) as info:
        serialize.from_dict(data)
    return [error.path for error in info.value.errors]


def errors_of(text: str | bytes) -> list[perfeval.ErrorDetail]:
    with pytest.raises(ValidationError) as info:
        serialize.loads(text)
    return list(info.value.errors)


# -- accepting and writing back ----------------------------------------------------------


def test_minimal_document_round_trips_to_the_same_text() -> None:
    text = json.dumps(minimal(), ensure_ascii=False, separators=(",", ":"))
    report = serialize.loads(text)
    assert report.projects[0].budget_lines[0].budget == perfeval.Money(
        "213.28", perfeval.MoneyUnit.WAN_YUAN
    )
    assert serialize.dumps(report) == text


def test_digits_survive() -> None:
    data = minimal()
    data["projects"][0]["budget_lines"][0]["budget"]["amount"] = "100.00"
    data["projects"][0]["score"] = "8.50"
    report = serialize.from_dict(data)
    line = report.projects[0].budget_lines[0]
    assert line.budget.amount.as_tuple().exponent == -2
    out = serialize.to_dict(report)
    assert out["projects"][0]["budget_lines"][0]["budget"]["amount"] == "100.00"
    assert out["projects"][0]["score"] == "8.50"


def test_tiny_and_large_decimals_are_written_in_plain_notation() -> None:
    data = minimal()
    data["projects"][0]["budget_lines"][0]["budget"]["amount"] = "0.000001"
    data["projects"][0]["budget_lines"][0]["expenditure"]["amount"] = "100000000000000000"
    text = serialize.dumps(serialize.from_dict(data))
    assert '"0.000001"' in text
    assert '"100000000000000000"' in text
    assert "E" not in text


@pytest.mark.parametrize("capitals", [1, 0])  # str() writes 1E+3 or 1e+3 by the context
def test_decimals_with_an_exponent_are_written_in_plain_notation(capitals: int) -> None:
    # Built in Python, amounts and scores may carry an exponent that str() would write:
    # 1E+3 元 is 1000, 1E-6 元 is 0.000001, 5E+1 points are 50, 2.5E+3 USD is 2500.
    report = serialize.from_dict(minimal())
    project = report.projects[0]
    line = attrs.evolve(
        project.budget_lines[0],
        budget=perfeval.Money(Decimal("1E+3"), perfeval.MoneyUnit.YUAN),
        expenditure=perfeval.Money(Decimal("1E-6"), perfeval.MoneyUnit.YUAN),
        initial_budget=perfeval.Money(Decimal("2.5E+3"), perfeval.MoneyUnit.YUAN, currency="USD"),
    )
    project = attrs.evolve(project, budget_lines=(line,), score=Decimal("5E+1"))
    report = attrs.evolve(report, projects=(project,))
    with decimal.localcontext() as context:
        context.capitals = capitals
        text = serialize.dumps(report)
        data = serialize.to_dict(report)
    written = data["projects"][0]["budget_lines"][0]
    assert written["budget"] == {"amount": "1000", "unit": "yuan"}
    assert written["expenditure"] == {"amount": "0.000001", "unit": "yuan"}
    assert written["initial_budget"] == {"amount": "2500", "unit": "yuan", "currency": "USD"}
    assert data["projects"][0]["score"] == "50"
    assert json.loads(text) == data
    assert serialize.loads(text) == report


def test_defaults_are_omitted_and_explicit_defaults_accepted() -> None:
    data = minimal()
    data["projects"][0]["budget_lines"][0]["budget"]["currency"] = "CNY"
    data["projects"][0]["indicators"][0]["actual"]["value"]["qualifier"] = "exact"
    report = serialize.from_dict(data)
    out = serialize.to_dict(report)
    assert "currency" not in out["projects"][0]["budget_lines"][0]["budget"]
    assert "qualifier" not in out["projects"][0]["indicators"][0]["actual"]["value"]


def test_other_currency_is_kept() -> None:
    data = minimal()
    data["projects"][0]["budget_lines"][0]["budget"]["currency"] = "USD"
    report = serialize.from_dict(data)
    assert report.projects[0].budget_lines[0].budget.currency == "USD"
    assert (
        serialize.to_dict(report)["projects"][0]["budget_lines"][0]["budget"]["currency"] == "USD"
    )


def test_member_order_is_the_model_order() -> None:
    data = minimal()
    shuffled = dict(reversed(list(data.items())))
    text = serialize.dumps(serialize.from_dict(shuffled))
    assert list(json.loads(text)) == list(data)


def test_extensions_are_kept_exactly() -> None:
    data = minimal()
    data["extensions"] = {
        "x-review": {
            "score": Decimal("8.50"),
            "n": 3,
            "ok": True,
            "list": [None, "文本", Decimal("-0.10")],
            "empty": {},
        }
    }
    text = serialize.dumps(serialize.from_dict(data))
    assert '"score":8.50' in text
    assert '"list":[null,"文本",-0.10]' in text
    again = json.loads(text, parse_float=Decimal)
    assert again["extensions"] == data["extensions"]
    assert serialize.dumps(serialize.loads(text)) == text


def test_extensions_with_indent() -> None:
    data = minimal()
    data["extensions"] = {"a": [1, {"b": Decimal("2.0")}], "c": []}
    report = serialize.from_dict(data)
    text = serialize.dumps(report, indent=2)
    expected_tail = """  "extensions": {
    "a": [
      1,
      {
        "b": 2.0
      }
    ],
    "c": []
  }
}"""
    assert text.endswith(expected_tail)
    assert serialize.loads(text) == report


def test_to_dict_does_not_share_extensions() -> None:
    data = minimal()
    data["extensions"] = {"a": [1]}
    report = serialize.from_dict(copy.deepcopy(data))
    out = serialize.to_dict(report)
    out["extensions"]["a"].append(2)
    assert report.extensions == {"a": [1]}


def test_load_and_dump_files() -> None:
    report = serialize.from_dict(minimal())
    buffer = io.StringIO()
    serialize.dump(report, buffer, indent=2)
    assert buffer.getvalue().endswith("}\n")
    assert serialize.load(io.StringIO(buffer.getvalue())) == report
    assert serialize.load(io.BytesIO(buffer.getvalue().encode())) == report


def test_loads_accepts_utf8_bytes() -> None:
    report = serialize.loads(text_of(minimal()).encode("utf-8"))
    assert report.title == "2020年度重点项目绩效评价结果"


def test_loads_refuses_other_argument_types() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        serialize.loads(42)  # type: ignore[arg-type]


def test_every_known_version_is_read_and_kept() -> None:
    for version in ("1.0", "1.1"):
        data = minimal()
        data["schema_version"] = version
        assert serialize.from_dict(data).schema_version == version


@pytest.mark.parametrize("version", ["1.2", "2.0", "0.9"])
def test_an_unknown_version_gets_one_error_naming_both(version: str) -> None:
    data = minimal()
    data["schema_version"] = version
    data["title"] = 5  # other problems of another shape would mislead: not listed
    [detail] = errors_of(json.dumps(data))
    assert detail.path == "/schema_version"
    assert f"not '{version}'" in detail.message
    assert "this perfeval reads (1.0 to 1.1)" in detail.message


# -- rejecting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(
                amount=Decimal("654.45")
            ),
            "/projects/0/budget_lines/0/budget/amount",
            "not the number 654.45",
        ),
        (lambda d: d.update(title=5), "/title", "must be a string, not the number 5"),
        (lambda d: d.update(projects="p1"), "/projects", 'must be an array, not the string "p1"'),
        (lambda d: d.update(fiscal_year=True), "/fiscal_year", "not the boolean true"),
        (lambda d: d.update(fiscal_year="2020"), "/fiscal_year", 'not the string "2020"'),
        (lambda d: d.update(fiscal_year=1900), "/fiscal_year", "between 1949 and 2100"),
        (lambda d: d["unit"].update(code=None), "/unit/code", "not null"),
        (lambda d: d["unit"].update(nickname="x"), "/unit/nickname", "is not a member of Unit"),
        (
            lambda d: d.update(kind="annual"),
            "/kind",
            '"key_project_results" (重点项目绩效评价结果)',
        ),
        (lambda d: d["projects"][0].update(id="公共服务"), "/projects/0/id", "letters, digits"),
        (lambda d: d["projects"][0].update(issues=[]), "/projects/0/issues", "must not be empty"),
        (lambda d: d.update(title=""), "/title", "must not be empty"),
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(amount="1e3"),
            "/projects/0/budget_lines/0/budget/amount",
            "decimal string",
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(amount="0.1234567"),
            "/projects/0/budget_lines/0/budget/amount",
            "at most 6 after",
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(unit="wan"),
            "/projects/0/budget_lines/0/budget/unit",
            '"wan_yuan" (万元)',
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(currency="rmb"),
            "/projects/0/budget_lines/0/budget/currency",
            "ISO 4217",
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].update(extra=1),
            "/projects/0/budget_lines/0/budget/extra",
            "is not a member of Money",
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0]["budget"].pop("unit"),
            "/projects/0/budget_lines/0/budget/unit",
            "is required",
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0].update(budget=[]),
            "/projects/0/budget_lines/0/budget",
            "must be an object",
        ),
        (
            lambda d: d["projects"][0]["budget_lines"][0].pop("budget"),
            "/projects/0/budget_lines/0/budget",
            "is required",
        ),
        (
            lambda d: d["projects"][0]["indicators"][0]["actual"]["value"].update(value=5),
            "/projects/0/indicators/0/actual/value/value",
            "decimal string",
        ),
        (
            lambda d: d["projects"][0]["indicators"][0].update(target={}),
            "/projects/0/indicators/0/target",
            "Target must have at least one of the members value (指标值), text (原文)",
        ),
        (lambda d: d.update(projects=[]), "/projects", "must not be empty"),
        (
            lambda d: d["projects"].append(copy.deepcopy(d["projects"][0])),
            "/projects/1/id",
            "unique",
        ),
        (lambda d: d.update(source={"published": "2021-02-30"}), "/source/published", "YYYY-MM-DD"),
        (lambda d: d.update(extensions=[]), "/extensions", "must be an object"),
        (lambda d: d["unit"].update(region_code="43010"), "/unit/region_code", "six-digit"),
        (lambda d: d.update(schema_version=None), "/schema_version", "not null"),
    ],
)
def test_malformed_members_are_reported_at_their_path(
    mutate: Any, path: str, fragment: str
) -> None:
    data = minimal()
    mutate(data)
    with pytest.raises(ValidationError) as info:
        serialize.from_dict(data)
    assert [e.path for e in info.value.errors] == [path]
    assert fragment in info.value.errors[0].message


def test_every_problem_is_reported() -> None:
    data = minimal()
    data["title"] = 1
    data["fiscal_year"] = "2020"
    data["unit"]["x"] = 1
    data["projects"][0]["budget_lines"][0]["budget"]["amount"] = Decimal("654.45")
    data["projects"][0]["budget_lines"][0]["budget"]["unit"] = "wan"
    del data["projects"][0]["name"]
    found = sorted(paths(data))
    assert found == sorted(
        [
            "/title",
            "/fiscal_year",
            "/unit/x",
            "/projects/0/budget_lines/0/budget/amount",
            "/projects/0/budget_lines/0/budget/unit",
            "/projects/0/name",
        ]
    )


def test_offending_value_is_shown_shortened() -> None:
    data = minimal()
    data["title"] = ["x" * 1000]
    data["unit"]["name"] = 10**30
    with pytest.raises(ValidationError) as info:
        serialize.from_dict(data)
    values = {e.path: e.value for e in info.value.errors}
    assert values["/title"] == "[…]"
    assert values["/unit/name"] == str(10**30)
    assert all(len(v or "") <= 60 for v in values.values())


def test_str_lists_every_problem() -> None:
    data = minimal()
    data["title"] = 1
    data["fiscal_year"] = "x"
    with pytest.raises(ValidationError) as info:
        serialize.from_dict(data)
    lines = str(info.value).splitlines()
    assert lines[0] == "2 problems in the document:"
    assert any(line.startswith("  /title: must be a string") for line in lines)


@pytest.mark.parametrize(
    ("text", "path", "fragment"),
    [
        ('{"title": "a", "title": "b"}', "/title", "more than once"),
        ('{"unit": {"name": "a", "name": "a"}}', "/unit/name", "more than once"),
        ('{"projects": [{}, {"id": 1, "id": 2}]}', "/projects/1/id", "more than once"),
        ('{"a": NaN}', "", "NaN is not a number"),
        ('{"a": -Infinity}', "", "-Infinity is not a number"),
        ("[1, 2]", "", "must be an object (Report), not an array of 2 items"),
        ('"text"', "", "must be an object (Report)"),
        ("{", "", "not valid JSON"),
        ('{"a": 1} x', "", "not valid JSON"),
        ("", "", "not valid JSON"),
        ('{"schema_version": "2.0"}', "/schema_version", "a schema version this perfeval reads"),
        ('{"schema_version": "1"}', "/schema_version", "a schema version this perfeval reads"),
        ('{"schema_version": 1.0}', "/schema_version", "must be a string"),
        ("\ufeff{}", "", "byte order mark"),
    ],
)
def test_json_layer_rejections(text: str, path: str, fragment: str) -> None:
    errors = errors_of(text)
    assert errors[0].path == path
    assert fragment in errors[0].message


def test_duplicates_are_all_reported_at_any_depth() -> None:
    text = '{"a": 1, "a": 2, "b": {"c": [{"d": 1, "d": 1}]}}'
    assert [e.path for e in errors_of(text)] == ["/a", "/b/c/0/d"]


def test_pointer_escapes_special_member_names() -> None:
    data = minimal()
    data["unit"]["a/b~c"] = 1
    assert paths(data) == ["/unit/a~1b~0c"]


def test_invalid_utf8_and_bom_bytes() -> None:
    assert "not valid UTF-8" in errors_of(b'{"title": "\xff"}')[0].message
    assert "byte order mark" in errors_of(b"\xef\xbb\xbf{}")[0].message
    assert "not valid UTF-8" in errors_of('{"t": "开福"}'.encode("utf-16"))[0].message


def test_huge_integer_is_a_validation_error() -> None:
    text = '{"fiscal_year": ' + "9" * 5000 + "}"
    assert errors_of(text)[0].path == ""


def test_deep_nesting_is_a_validation_error() -> None:
    text = '{"extensions": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested too deeply" in errors_of(text)[0].message


def test_schema_version_is_always_written() -> None:
    report = serialize.from_dict(minimal())
    assert serialize.to_dict(report)["schema_version"] == "1.0"


def test_loading_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc  # noqa: PLC0415

    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    serialize.loads(text_of(minimal()))
    with pytest.raises(ValidationError):
        serialize.loads("[]")
    assert calls == []  # no process-wide switch, in a valid load or an invalid one
