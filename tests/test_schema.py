"""The JSON Schema: generated from the classes, committed byte for byte, and validate()."""

from __future__ import annotations

import copy
import datetime
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator

from perfeval import _spec, codes, examples, schema
from perfeval._decimal import DECIMAL_PATTERN, MONEY_PATTERN
from perfeval._io.convert import MODEL_CLASSES
from perfeval._regex import ends_the_text
from perfeval.errors import ErrorDetail, ValidationError
from perfeval.model import PROJECT_ID_PATTERN, SCHEMA_VERSION
from perfeval.schema import (
    DATE_PATTERN,
    SCHEMA_ID,
    TRIMMED_TEXT_PATTERN,
    json_schema,
    published_schema,
    schema_text,
    validate,
)
from perfeval.serialize import to_dict

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "python -m perfeval.schema --write"
CLASSES = [cls.__name__ for cls in MODEL_CLASSES]
CODE_LISTS = [cls.__name__ for cls in codes.code_lists()]


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
                    {"source": "fiscal", "budget": {"amount": "213.28", "unit": "wan_yuan"}}
                ],
                "indicators": [
                    {
                        "level1": "output",
                        "name": "发放宣传资料",
                        "target": {"operator": ">=", "value": {"value": "50"}, "text": "≥50"},
                        "actual": {"value": {"value": "32000", "unit": "册"}},
                    }
                ],
            }
        ],
    }


def problems(data: Any) -> list[ErrorDetail]:
    with pytest.raises(ValidationError) as info:
        validate(data)
    return list(info.value.errors)


def problem(data: Any) -> ErrorDetail:
    (only,) = problems(data)
    return only


def changed(path: str, value: Any) -> dict[str, Any]:
    """minimal() with the member at *path* (slash-separated) set to *value*."""
    data = minimal()
    *parents, last = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
    node: Any = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


# -- the committed copies ------------------------------------------------------------------


@pytest.mark.parametrize(
    "copy_path", ["schemas/report.schema.json", "src/perfeval/report.schema.json"]
)
def test_committed_copy_is_current(copy_path: str) -> None:
    committed = (ROOT / copy_path).read_bytes()
    assert committed == schema_text().encode("utf-8"), (
        f"{copy_path} differs from the schema the classes generate; regenerate it with:"
        f" {REGENERATE}"
    )


def test_published_schema_is_the_generated_one() -> None:
    assert published_schema() == json_schema()


def test_check_option_passes_on_the_committed_copies() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "perfeval.schema", "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr


# -- what the schema is ----------------------------------------------------------------------


def test_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(json_schema())


def test_header() -> None:
    generated = json_schema()
    assert list(generated)[:6] == ["$schema", "$id", "title", "description", "$ref", "$defs"]
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    expected_id = (
        f"https://perfeval.readthedocs.io/en/latest/schema/{SCHEMA_VERSION}/report.schema.json"
    )
    assert generated["$id"] == SCHEMA_ID == expected_id
    # 1.0 keeps the $id it was frozen with, though nothing is served there.
    frozen_id = "https://perfeval.readthedocs.io/schema/1.0/report.schema.json"
    assert json_schema("1.0")["$id"] == published_schema("1.0")["$id"] == frozen_id
    assert generated["$ref"] == "#/$defs/Report"


def test_text_is_deterministic_and_each_call_is_a_new_dict() -> None:
    first = json_schema()
    first["$defs"].clear()
    assert json_schema()["$defs"]
    assert schema_text() == schema_text()
    assert schema_text().endswith("}\n")
    assert "预算年度" in schema_text()  # non-ASCII as itself


def test_one_definition_per_class_and_code_list() -> None:
    defs = json_schema()["$defs"]
    assert sorted(defs) == sorted(CLASSES + CODE_LISTS)
    assert next(iter(defs)) == "Report"
    assert list(defs)[-len(CODE_LISTS) :] == CODE_LISTS


def _object_definitions() -> dict[str, dict[str, Any]]:
    return {name: d for name, d in json_schema()["$defs"].items() if "properties" in d}


@pytest.mark.parametrize("name", CLASSES)
def test_every_member_has_a_chinese_title_and_a_description(name: str) -> None:
    definition = json_schema()["$defs"][name]
    assert definition["title"] == name
    assert definition["description"]
    for member, prop in definition["properties"].items():
        assert re.search(r"[\u4e00-\u9fff]", prop["title"]), (name, member)
        assert prop["description"], (name, member)


@pytest.mark.parametrize("name", CLASSES)
def test_objects_forbid_unknown_members_and_require_what_has_no_default(name: str) -> None:
    definition = json_schema()["$defs"][name]
    cls = next(c for c in MODEL_CLASSES if c.__name__ == name)
    assert definition["type"] == "object"
    assert definition["additionalProperties"] is False
    assert list(definition["properties"]) == [f.name for f in attrs.fields(cls)]
    required = [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]
    if name == "Report":
        required.insert(0, "schema_version")
    assert definition.get("required", []) == required


def test_extensions_is_the_one_free_form_object() -> None:
    extensions = json_schema()["$defs"]["Report"]["properties"]["extensions"]
    assert extensions == {
        "title": "扩展",
        "description": "Anything else, kept exactly as given on a round trip.",
        "type": "object",
    }


@pytest.mark.parametrize("name", CODE_LISTS)
def test_code_lists_carry_code_label_and_description(name: str) -> None:
    code_list = getattr(codes, name)
    definition = json_schema()["$defs"][name]
    assert definition["description"] == code_list.__doc__.splitlines()[0]
    assert definition["oneOf"] == [
        {"const": m.value, "title": m.label, "description": m.description} for m in code_list
    ]


def test_value_shapes() -> None:
    defs = json_schema()["$defs"]
    report, money = defs["Report"]["properties"], defs["Money"]["properties"]
    assert report["score"]["pattern"] == DECIMAL_PATTERN
    assert report["score"]["type"] == "string"
    assert money["amount"]["pattern"] == MONEY_PATTERN
    assert money["currency"]["pattern"] == r"^[A-Z]{3}(?![\s\S])"
    assert money["currency"]["default"] == "CNY"
    assert "currency" not in defs["Money"]["required"]
    assert defs["Quantity"]["properties"]["qualifier"]["default"] == "exact"
    assert defs["Quantity"]["properties"]["unit"]["pattern"] == TRIMMED_TEXT_PATTERN
    assert defs["Source"]["properties"]["published"] == {
        "title": "发布日期",
        "description": "The date of publication (YYYY-MM-DD).",
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
    }
    assert report["title"]["minLength"] == 1
    assert report["fiscal_year"]["minimum"] == 1949
    assert report["fiscal_year"]["maximum"] == 2100
    assert report["projects"] == {
        "title": "项目",
        "description": "The projects evaluated; empty only in a department_overall report.",
        "type": "array",
        "items": {"$ref": "#/$defs/KeyProject"},
    }
    assert report["issues"]["minItems"] == 1
    project_ids = defs["Issue"]["properties"]["project_ids"]
    assert project_ids["items"]["pattern"] == defs["KeyProject"]["properties"]["id"]["pattern"]


def test_cross_member_rules() -> None:
    defs = json_schema()["$defs"]
    assert defs["Target"]["anyOf"] == [
        {"properties": {"value": True}, "required": ["value"]},
        {"properties": {"text": True}, "required": ["text"]},
    ]
    assert defs["Actual"]["minProperties"] == 1
    kinds = defs["Report"]["if"]["properties"]["kind"]["enum"]
    assert "department_overall" not in kinds
    assert len(kinds) == len(codes.ReportKind) - 1
    assert defs["Report"]["then"] == {"properties": {"projects": {"type": "array", "minItems": 1}}}


def test_trimmed_text_pattern_refuses_exactly_what_str_strip_removes() -> None:
    trimmed = re.compile(TRIMMED_TEXT_PATTERN)  # searched, as JSON Schema reads it
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20
    for space in spaces:
        assert not trimmed.search(space + "x"), repr(space)
        assert not trimmed.search("x" + space), repr(space)
        assert trimmed.search("x" + space + "y"), repr(space)
    for text in ["x", "万元", "a b", "\ufeffx", "x\u200b"]:
        assert trimmed.search(text), repr(text)


def test_importing_does_not_import_jsonschema() -> None:
    code = "import sys, perfeval.schema; print('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- validate: valid documents ---------------------------------------------------------------


@pytest.mark.parametrize("name", examples.names())
def test_examples_are_valid(name: str) -> None:
    validate(json.loads(examples.text(name), parse_float=Decimal))
    validate(json.loads(examples.text(name)))
    validate(to_dict(examples.load(name)))


def test_minimal_and_department_documents_are_valid() -> None:
    validate(minimal())
    data = minimal()
    data.update(kind="department_overall", projects=[])
    validate(data)


def test_the_validator_is_built_once() -> None:
    assert schema._checker("1.1") is schema._checker("1.1")


# -- validate: each kind of problem, in the loader's words -----------------------------------


def test_wrong_types() -> None:
    assert problem(changed("/title", 7)).message == "must be a string, not the number 7"
    assert problem(changed("/fiscal_year", True)).message == (
        "must be a whole number such as 2020, not the boolean true"
    )
    assert problem(changed("/projects", "p1")).message == 'must be an array, not the string "p1"'
    assert (
        problem(changed("/unit", [])).message == "must be an object (Unit), not an array of 0 items"
    )
    assert problem(changed("/extensions", 5)).message == "must be an object, not the number 5"
    detail = problem(changed("/projects/0/budget_lines/0/budget/amount", Decimal("654.45")))
    assert detail == ErrorDetail(
        "/projects/0/budget_lines/0/budget/amount",
        'must be a decimal string such as "654.45", not the number 654.45'
        " (write the number in quotes so that no digit is lost)",
        "654.45",
        kind="type",
        message_zh='应为小数字符串（如 "654.45"），而不是数字 654.45'
        "（请把数字写在引号里，以免丢失位数）",
    )


def test_a_float_is_named_as_a_number() -> None:
    detail = problem(changed("/projects/0/budget_lines/0/budget/amount", 654.45))
    assert "not the number 654.45 (write the number in quotes" in detail.message


def test_null() -> None:
    assert problem(changed("/unit/code", None)) == ErrorDetail(
        "/unit/code",
        "must be omitted when there is nothing to record, not null",
        "null",
        kind="type",
        message_zh="没有内容时应省略该项，不能写 null",
    )
    assert problem(changed("/totals", None)).message.startswith("must be omitted")
    assert problem(changed("/totals", {"budget": None})).message.startswith("must be omitted")
    detail = problem(changed("/projects/0/indicators/0/target/value/unit", None))
    assert detail.message.startswith("must be omitted")
    assert problem(changed("/title", None)).message == "must be a string, not null"
    assert problem(changed("/unit", None)).message == "must be an object (Unit), not null"
    # projects is checked twice (its own type, and the rule on kind): reported once.
    assert problem(changed("/projects", None)).message == "must be an array, not null"


def test_missing_members_are_reported_at_their_own_path() -> None:
    data = minimal()
    del data["title"], data["unit"]["name"], data["projects"][0]["budget_lines"][0]["budget"]
    assert [(d.path, d.message, d.value) for d in problems(data)] == [
        ("/projects/0/budget_lines/0/budget", "is required (全年预算数)", None),
        ("/title", "is required (报告标题)", None),
        ("/unit/name", "is required (单位名称)", None),
    ]


def test_unknown_members_each_get_an_error() -> None:
    data = minimal()
    data["unit"].update({"sector": "街道", "a/b~c": 1, "": None})
    data["projects"][0]["budget_lines"][0]["budget"]["scale"] = "万"
    data["extensions"] = {"anything": {"goes": [1, Decimal("2.5")]}}
    assert [(d.path, d.value) for d in problems(data)] == [
        ("/projects/0/budget_lines/0/budget/scale", '"万"'),
        ("/unit/", "null"),
        ("/unit/a~1b~0c", "1"),
        ("/unit/sector", '"街道"'),
    ]
    assert problems(data)[-1].message == (
        "is not a member of Unit; its members are name, code, level, region, region_code,"
        " supervisor"
    )


def test_codes() -> None:
    detail = problem(changed("/projects/0/project_type", "经常性"))
    assert detail.message == (
        'must be one of "recurring" (经常性), "one_off" (一次性), "multi_year" (跨年度);'
        ' not the string "经常性"'
    )
    assert problem(changed("/kind", None)).path == "/kind"


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("/score", "1e3", "at most 12 after it"),
        ("/score", "01", "no leading zeros"),
        ("/score", "1.5\n", "at most 12 after it"),
        ("/projects/0/budget_lines/0/budget/amount", "1.1234567", "at most 6 after it"),
        ("/projects/0/budget_lines/0/budget/amount", 654, "not the number 654 (write"),
        ("/projects/0/budget_lines/0/budget/currency", "usd", "ISO 4217"),
        ("/projects/0/id", "公共服务", "must be an id of letters"),
        ("/projects/0/id", "p1\n", "must be an id of letters"),
        ("/unit/region_code", "4301", "six-digit administrative division code"),
        ("/schema_version", "2.0", "must be a schema version this perfeval reads"),
        ("/source", {"published": "2021-02-30"}, 'written YYYY-MM-DD, such as "2021-05-20"'),
        ("/source", {"published": "2021-5-1"}, 'written YYYY-MM-DD, such as "2021-05-20"'),
        ("/projects/0/indicators/0/target/text", " ≥50", "must not begin or end with a space"),
        ("/projects/0/indicators/0/target/value/unit", "册\n", "must not begin or end"),
        ("/title", "", "must not be empty; omit the member"),
        ("/fiscal_year", 1948, "must be between 1949 and 2100, not 1948"),
        ("/fiscal_year", 2101, "must be between 1949 and 2100, not 2101"),
        ("/fiscal_year", Decimal("2020.0"), "must be a whole number"),
        ("/issues", [], "must not be empty; omit the member when there are none"),
        ("/projects", [], "must not be empty unless the report is a department_overall report"),
        ("/projects/0/indicators/0/target", {"operator": ">="}, "at least one of the members"),
        (
            "/projects/0/indicators/0/actual",
            {},
            "Actual must have at least one of the members value (实际完成值), achievement",
        ),
    ],
)
def test_messages(path: str, value: Any, fragment: str) -> None:
    details = problems(changed(path, value))
    assert len(details) == 1, details
    assert details[0].path.startswith(path)
    assert fragment in details[0].message


def test_target_message_names_the_members() -> None:
    detail = problem(changed("/projects/0/indicators/0/target", {}))
    assert detail.message == (
        "Target must have at least one of the members value (指标值), text (原文)"
    )


def test_every_problem_is_reported_sorted_by_path_with_indices_as_numbers() -> None:
    data = minimal()
    project = data["projects"][0]
    data["projects"] = [dict(project, id=f"p{i}") for i in range(12)]
    data["projects"][10]["name"] = ""
    data["projects"][2]["name"] = ""
    data["title"] = 1
    assert [d.path for d in problems(data)] == ["/projects/2/name", "/projects/10/name", "/title"]


def test_a_pattern_needs_a_hint_to_explain_it() -> None:
    # Every rule has a message a reader understands; a raw pattern is not one.
    with pytest.raises(ValueError, match="has a pattern but no hint"):
        _spec.Spec(_spec.KINDS["text"], "标题", "A title.", pattern="^x$")


def test_a_pattern_must_end_with_the_end_of_the_text() -> None:
    # "$" would also match before a final line feed in Python's re, not in ECMA-262.
    with pytest.raises(ValueError, match=r"must start with \^ and end with"):
        _spec.Spec(_spec.KINDS["text"], "标题", "A title.", pattern="^x$", hint="x")


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PUBLISHED = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "schemas").rglob("*.json"))


@pytest.mark.parametrize("published", PUBLISHED)
def test_every_published_pattern_reads_alike_in_python_and_ecma_262(published: str) -> None:
    patterns = set(_patterns(json.loads((ROOT / published).read_text(encoding="utf-8"))))
    assert patterns
    for pattern in patterns:
        assert ends_the_text(pattern), pattern
        assert "(?![\\s\\S])" in pattern
        compiled = re.compile(pattern)
        for text in ("", "\n"):
            assert not compiled.search(text), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (PROJECT_ID_PATTERN, "p1"),
        (MONEY_PATTERN, "654.45"),
        (DECIMAL_PATTERN, "-0.5"),
        (DATE_PATTERN, "2021-05-20"),
    ],
)
@pytest.mark.parametrize("after", ["\n", "\r", "\r\n", "\u2028", "\x00", " ", "\n\n"])
def test_nothing_may_follow_the_end(pattern: str, text: str, after: str) -> None:
    compiled = re.compile(pattern)
    assert compiled.search(text)
    assert not compiled.search(text + after)
    assert not compiled.search(after + text)


_YEARS = [1, 4, 99, 100, 200, 400, 1600, 1900, 1949, 2000, 2021, 2024, 2100, 2400, 9996, 9999]


def test_the_date_pattern_is_the_calendar_of_years_1_to_9999() -> None:
    # ajv-formats admits year 0000 (Python's date does not): the pattern refuses it, and
    # checks the calendar for validators that ignore "format".
    date = re.compile(DATE_PATTERN)

    def exists(text: str) -> bool:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return False
        return True

    candidates = [
        f"{year:04d}-{month:02d}-{day:02d}"
        for year in [0, *_YEARS]
        for month in range(14)
        for day in range(33)
    ]
    candidates += [f"{year:04d}-02-29" for year in range(10_000)]
    for text in candidates:
        assert bool(date.search(text)) is exists(text), text
    for text in ["0000-01-01", "2021-5-01", "20210501", "+2021-05-01", "2021-05-01T00:00"]:
        assert not date.search(text), text


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    (tmp_path / "schemas").mkdir()
    paths = (tmp_path / "report.schema.json", tmp_path / "schemas" / "report.schema.json")

    def copies_of(version: str) -> tuple[Path, Path]:
        if version == SCHEMA_VERSION:
            return paths
        return (tmp_path / version / "package.json", tmp_path / "schemas" / version / "r.json")

    monkeypatch.setattr(schema, "_copies", copies_of)
    return paths


def test_main_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert schema.main([]) == 0
    assert capsys.readouterr().out == schema_text()


def test_main_writes_and_checks(
    copies: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert schema.main(["--check"]) == 1
    assert f"regenerate it with: {REGENERATE}" in capsys.readouterr().err
    assert schema.main(["--write"]) == 0
    assert all(path.read_bytes() == schema_text().encode() for path in copies)
    assert schema.main(["--check"]) == 0
    copies[1].write_text(schema_text().replace("预算年度", "年度"), encoding="utf-8")
    assert schema.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert str(copies[1]) in err
    assert str(copies[0]) not in err


def test_main_needs_a_source_checkout(
    copies: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    copies[1].parent.rmdir()
    assert schema.main(["--write"]) == 2
    assert "source checkout" in capsys.readouterr().err


def test_main_refuses_write_and_check_together() -> None:
    with pytest.raises(SystemExit) as info:
        schema.main(["--write", "--check"])
    assert info.value.code == 2


def test_draft_validator_agrees_on_a_deep_copy() -> None:
    # validate() rewrites code lists as enums internally; the published schema is untouched.
    before = copy.deepcopy(published_schema())
    validate(minimal())
    assert published_schema() == before
    assert "oneOf" in published_schema()["$defs"]["ProjectType"]
