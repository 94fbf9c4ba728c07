"""Hostile input: ``loads`` raises ``ValidationError`` and nothing else, in bounded work and memory.

Every case is measured in work, not time, so that a busy machine cannot fail it: the
function calls it makes (Python and C, counted by a profile hook) must stay under
``CALLS_PER_BYTE × input size + CALLS_BASE``, and the memory it allocates
(``tracemalloc`` peak) under ``MEMORY_FACTOR × input size + MEMORY_BASE``. Only a
runaway, more than :data:`RUNAWAY_CPU_SECONDS` of processor time, fails on time.
Where ``perfeval.serialize`` sets a limit, both sides are tested: just under it is
read (or handled), just over it is refused with an error that names the limit.
``docs/limits.md`` lists the limits.

``from_dict`` receives what JSON cannot produce (floats, tuples, sets, names that are
not strings, arbitrary objects) and ``perfeval.schema.validate`` the hostile parsed
values: both answer with ``ValidationError`` too.
"""

from __future__ import annotations

import collections
import copy
import decimal
import enum
import functools
import json
import pickle
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import FrameType
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import Report, examples
from perfeval._io.limits import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_DOCUMENT_BYTES,
    MAX_EXPONENT,
    MAX_FAILED_ITEMS,
    MAX_GROUP_DEPTH,
    MAX_INT_TEXT,
    MAX_NESTING,
    MAX_TEXT_LENGTH,
    MAX_TEXT_PROBLEMS,
)
from perfeval.codes import GroupScope
from perfeval.errors import FieldError, ValidationError
from perfeval.model import ScoreGroup
from perfeval.schema import validate
from perfeval.serialize import dumps, from_dict, loads

T = TypeVar("T")

#: The largest case makes about 400,000 calls (1.7 MB of input); the smallest some
#: thousands. Work that grows with the square of the input breaks the bound on any
#: input past a few thousand bytes.
CALLS_PER_BYTE = 20
CALLS_BASE = 500_000
#: Not a speed goal (those are bench/'s): the slowest case takes well under a second,
#: so only a hang-like runaway, even under coverage on a busy machine, gets near this.
RUNAWAY_CPU_SECONDS = 300.0
MEMORY_FACTOR = 50
MEMORY_BASE = 10 * 2**20

NAMES = examples.names()
KAIFU = examples.text("kaifu-2020")
SMALL = examples.text("qingshen-2023")


def minimal(**members: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
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
            }
        ],
    }
    document.update(members)
    return document


def text_of(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def with_member(text: str, name: str, value_text: str) -> str:
    """*text* (a JSON object) with one more member written as given, at the end."""
    assert text.rstrip().endswith("}")
    return text.rstrip()[:-1] + f", {json.dumps(name)}: {value_text}}}"


def with_extensions(value_text: str, text: str = SMALL) -> str:
    return with_member(text, "extensions", value_text)


# -- measuring -------------------------------------------------------------------------


def counted(call: Callable[[], T]) -> tuple[T, int]:
    """What *call* returns, and how many functions (Python and C) it called."""
    calls = 0

    def hook(_frame: FrameType, event: str, _arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        result = call()
    finally:
        sys.setprofile(previous)
    return result, calls


def measured(call: Callable[[], T], size: int) -> T:
    """Run *call* twice, asserting the work bound, then the memory bound for *size* bytes of input.

    Twice because counting calls and tracing allocations each slow the run down.
    """
    start = time.thread_time()
    result, calls = counted(call)
    used = time.thread_time() - start
    bound = CALLS_PER_BYTE * size + CALLS_BASE
    assert calls < bound, f"made {calls:,} calls (bound {bound:,}) for {size:,} bytes"
    assert used < RUNAWAY_CPU_SECONDS, f"ran away: {used:.0f} s of processor time"
    tracing = tracemalloc.is_tracing()
    if tracing:
        tracemalloc.reset_peak()
    else:
        tracemalloc.start()
    try:
        call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        if not tracing:
            tracemalloc.stop()
    bound = MEMORY_FACTOR * size + MEMORY_BASE
    assert peak < bound, f"allocated {peak:,} bytes at the peak (bound {bound:,})"
    return result


Text = str | bytes | bytearray | memoryview


def size_of(text: Text) -> int:
    if isinstance(text, str):
        return len(text.encode("utf-8", "surrogatepass"))
    return memoryview(text).nbytes


def refused(text: Text) -> ValidationError:
    """The ValidationError that loads(*text*) raises, within the bounds."""

    def call() -> ValidationError:
        try:
            loads(text)  # type: ignore[arg-type]
        except ValidationError as error:
            return error
        pytest.fail("the document was accepted")

    error = measured(call, size_of(text))
    assert error.errors
    str(error).encode("utf-8")  # printable, also when the input held lone surrogates
    for detail in error.errors:
        assert detail.value is None or len(detail.value) <= 60
    return error


def accepted(text: Text) -> Report:
    return measured(lambda: loads(text), size_of(text))  # type: ignore[arg-type]


def messages(error: ValidationError) -> str:
    return "\n".join(str(detail) for detail in error.errors)


def paths(error: ValidationError) -> list[str]:
    return [detail.path for detail in error.errors]


# -- bytes and encodings ---------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    refused(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    refused(text)


@settings(max_examples=100)
@given(st.data())
def test_random_bytes_spliced_into_an_example(data: st.DataObject) -> None:
    raw = SMALL.encode("utf-8")
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, min(len(raw), start + 8)))
    junk = data.draw(st.binary(min_size=1, max_size=8))
    text = raw[:start] + junk + raw[end:]
    try:
        report = measured(lambda: loads(text), len(text))
    except ValidationError:
        return
    # A splice may leave a valid document (a letter of a text replaced): then it is one.
    assert loads(dumps(report)) == report


@pytest.mark.parametrize(
    "bad",
    [
        b"\xff",
        b"\xc0\xaf",  # an overlong "/"
        b"\xed\xa0\x80",  # an encoded surrogate (CESU-8)
        b"\xe5\xbc",  # a character cut short
        b"\xf8\x88\x80\x80\x80",  # a five-byte sequence
        b"\xf4\x90\x80\x80",  # beyond U+10FFFF
        b"\x80",  # a lone continuation byte
    ],
)
def test_invalid_utf8(bad: bytes) -> None:
    raw = SMALL.encode("utf-8")
    at = raw.index("青".encode())
    error = refused(raw[:at] + bad + raw[at:])
    assert "not valid UTF-8" in error.errors[0].message
    assert f"byte {at}" in error.errors[0].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
@pytest.mark.parametrize("text", [SMALL, json.dumps(minimal())], ids=["chinese", "ascii"])
def test_utf16_and_utf32(encoding: str, text: str) -> None:
    error = refused(text.encode(encoding))
    message = error.errors[0].message
    assert "UTF-16 or UTF-32" in message
    assert "save the file as UTF-8" in message


def test_utf8_byte_order_mark() -> None:
    assert "byte order mark" in messages(refused(b"\xef\xbb\xbf" + SMALL.encode()))
    assert "byte order mark" in messages(refused("\ufeff" + SMALL))
    assert "byte order mark" in messages(refused(SMALL.encode("utf-8-sig")))


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_like_input(kind: Callable[[bytes], Any]) -> None:
    assert accepted(kind(SMALL.encode())) == loads(SMALL)
    assert "not valid UTF-8" in messages(refused(kind(b"\xff{}")))


# -- the JSON text -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_truncated_documents(name: str) -> None:
    text = examples.text(name)
    raw = text.encode("utf-8")
    end = len(text.rstrip())
    step = max(1, end // 400)  # every prefix of the small example, a sample of the others
    for cut in [*range(0, end, step), end - 1]:
        refused(text[:cut])
    for cut in range(0, len(raw.rstrip()), max(1, len(raw) // 200)):
        refused(raw[:cut])  # cut inside a character now and then


@pytest.mark.parametrize(
    "garbage", ["x", "}", "{}", "\x00", "// comment", ",", "\ufeff", SMALL, "]"]
)
def test_trailing_garbage(garbage: str) -> None:
    assert "not valid JSON" in messages(refused(SMALL + garbage))


@pytest.mark.parametrize(
    "text", ["[]", "[{}]", '"text"', "1", "-0", "1.5", "null", "true", "false", '""']
)
def test_documents_that_are_not_objects(text: str) -> None:
    error = refused(text)
    assert paths(error) == [""]
    assert error.errors[0].message.startswith("must be an object (Report), not ")


def objects(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every non-empty object in *value*."""
    if isinstance(value, dict):
        if value:
            yield path
        for key, item in value.items():
            yield from objects(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from objects(item, (*path, index))


def with_duplicate(value: Any, at: tuple[str | int, ...]) -> str:
    """JSON text of *value* whose object at *at* has its first member written twice."""
    if isinstance(value, dict):
        members = [
            json.dumps(key, ensure_ascii=False) + ":" + with_duplicate(item, at[1:])
            if at and key == at[0]
            else json.dumps(key, ensure_ascii=False) + ":" + text_of(item)
            for key, item in value.items()
        ]
        if not at:
            members.insert(0, members[0])
        return "{" + ",".join(members) + "}"
    assert isinstance(value, list)
    items = [
        with_duplicate(item, at[1:]) if index == at[0] else text_of(item)
        for index, item in enumerate(value)
    ]
    return "[" + ",".join(items) + "]"


def pointer(path: tuple[str | int, ...]) -> str:
    return "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in path)


@pytest.mark.parametrize("name", NAMES)
def test_duplicate_members_at_any_depth(name: str) -> None:
    data = json.loads(examples.text(name))
    data["extensions"] = {"a/b": {"x": [{"y": 1}]}}
    places = list(objects(data))
    for at in [*places[:: max(1, len(places) // 60)], places[-1]]:
        error = refused(with_duplicate(data, at))
        first = next(iter(data if not at else _get(data, at)))
        assert paths(error) == [pointer((*at, first))]
        assert "more than once" in error.errors[0].message


def _get(value: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def test_many_duplicates_are_listed_up_to_the_limit() -> None:
    items = ",".join(['{"a":0,"a":0}'] * (MAX_TEXT_PROBLEMS + 5))
    error = refused(with_extensions(f'{{"x": [{items}]}}'))
    assert len(error.errors) == MAX_TEXT_PROBLEMS + 1
    assert error.errors[-1].path == ""
    assert f"the first {MAX_TEXT_PROBLEMS:,}" in error.errors[-1].message
    exactly = ",".join(['{"a":0,"a":0}'] * MAX_TEXT_PROBLEMS)
    assert len(refused(with_extensions(f'{{"x": [{exactly}]}}')).errors) == MAX_TEXT_PROBLEMS


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("where", ["score", "fiscal_year", "extensions"])
def test_nan_and_infinity(constant: str, where: str) -> None:
    value = f'{{"x": [{constant}]}}' if where == "extensions" else constant
    error = refused(with_member(text_of(minimal()), where, value))
    assert f"{constant} is not a number in JSON" in error.errors[0].message


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("/score", "654.45"),
        ("/score", "1"),
        ("/score", "1E3"),
        ("/projects/0/budget_lines/0/budget/amount", "213.28"),
        ("/projects/0/budget_lines/0/budget/amount", "21328"),
        ("/projects/0/budget_lines/0/budget/amount", "2.1328e2"),
    ],
)
def test_numbers_where_decimal_strings_belong(member: str, value: str) -> None:
    data = minimal(score="0")
    text = text_of(data)
    old = '"score": "0"' if member == "/score" else '"amount": "213.28"'
    error = refused(text.replace(old, old.partition(":")[0] + ": " + value))
    assert paths(error) == [member]
    assert "must be a decimal string" in error.errors[0].message
    assert "write the number in quotes" in error.errors[0].message


@pytest.mark.parametrize(
    "amount", ["1E999999999", "1e3", "1E+2", "-1E-7", "Infinity", "NaN", "0x10", "1_000"]
)
def test_exponents_and_other_spellings_in_decimal_strings(amount: str) -> None:
    text = text_of(minimal()).replace('"213.28"', json.dumps(amount))
    error = refused(text)
    assert paths(error) == ["/projects/0/budget_lines/0/budget/amount"]
    assert "decimal string" in error.errors[0].message


# -- numbers: digits and exponents ---------------------------------------------------------

MILLION = 10**6


@pytest.mark.parametrize(
    "number",
    [
        "9" * MILLION,
        "-" + "9" * MILLION,
        "1." + "9" * MILLION,
        "1" + "0" * MILLION + ".5",
        "0." + "0" * MILLION + "1",
        "1E" + "9" * MILLION,
        "1E999999999",
        "1E-999999999999999999999",
    ],
    ids=[
        "int",
        "negative",
        "fraction",
        "long-int-part",
        "leading-zeros",
        "huge-exp-digits",
        "exp",
        "neg-exp",
    ],
)
@pytest.mark.parametrize("where", ["typed", "extensions"])
def test_huge_json_numbers(number: str, where: str) -> None:
    if where == "typed":
        text = with_member(text_of(minimal()), "score", number)
    else:
        text = with_extensions(f'{{"x": {number}}}')
    refused(text)


def test_million_digit_decimal_strings() -> None:
    for digits in ("9" * MILLION, "1." + "9" * MILLION, "-" + "1" * MILLION):
        text = text_of(minimal()).replace('"213.28"', json.dumps(digits))
        error = refused(text)
        assert paths(error) == ["/projects/0/budget_lines/0/budget/amount"]
        text = text_of(minimal(score=digits))
        assert paths(refused(text)) == ["/score"]


@pytest.mark.parametrize("limit", [0, 640, MAX_INT_TEXT, 100_000])
def test_whole_numbers_whatever_pythons_int_limit(limit: int) -> None:
    # int() takes time quadratic in the digits; json's own int() is used only while
    # Python bounds it (sys.set_int_max_str_digits), else perfeval counts the digits.
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(limit)
    try:
        for digits in (MILLION, 10 * MILLION):
            error = refused(with_extensions(f'{{"x": {"9" * digits}}}'))
            assert paths(error) == [""]
            assert "whole number of more than" in error.errors[0].message
        error = refused(with_extensions(f'{{"x": {"9" * (MAX_DIGITS + 1)}}}'))
        assert paths(error) == ["/extensions/x"]
        report = accepted(with_extensions(f'{{"x": {"9" * MAX_DIGITS}}}'))
        assert report.extensions == {"x": 10**MAX_DIGITS - 1}
    finally:
        sys.set_int_max_str_digits(old)


def test_digits_limit_both_sides() -> None:
    under = ["9" * MAX_DIGITS, "-" + "9" * MAX_DIGITS, "9." + "9" * (MAX_DIGITS - 1)]
    under += ["0." + "0" * 500 + "9" * MAX_DIGITS, "9" * MAX_DIGITS + "E5"]
    for number in under:
        report = accepted(with_extensions(f'{{"x": [{number}]}}'))
        again = loads(dumps(report))
        assert again == report
        assert dumps(again) == dumps(report)
    over = ["9" * (MAX_DIGITS + 1), "9." + "9" * MAX_DIGITS, "1." + "0" * MAX_DIGITS]
    for number in over:
        error = refused(with_extensions(f'{{"x": [{number}]}}'))
        assert paths(error) == ["/extensions/x/0"]
        assert f"at most {MAX_DIGITS}" in error.errors[0].message


def test_exponent_limit_both_sides() -> None:
    for number in (f"1E{MAX_EXPONENT}", f"1E-{MAX_EXPONENT}", f"-9.5E{MAX_EXPONENT - 1}"):
        report = accepted(with_extensions(f'{{"x": {number}}}'))
        assert loads(dumps(report)) == report
    for number in (f"1E{MAX_EXPONENT + 1}", f"1E-{MAX_EXPONENT + 1}", f"10E{MAX_EXPONENT}"):
        error = refused(with_extensions(f'{{"x": {number}}}'))
        assert paths(error) == ["/extensions/x"]
        assert "exponent" in error.errors[0].message
    # Beyond what Decimal holds at all: refused as a whole, without touching any context.
    error = refused(with_extensions('{"x": 1E99999999999999999999}'))
    assert paths(error) == [""]
    assert "exponent is out of range" in error.errors[0].message


# -- nesting ----------------------------------------------------------------------------

DEEP = 100_000


def arrays(depth: int, leaf: str = "") -> str:
    return "[" * depth + leaf + "]" * depth


def objects_nested(depth: int, leaf: str = "1") -> str:
    return '{"a":' * depth + leaf + "}" * depth


@pytest.mark.parametrize("nest", [arrays, objects_nested], ids=["arrays", "objects"])
@pytest.mark.parametrize("where", ["root", "title", "unit", "projects", "extensions"])
def test_very_deep_nesting(nest: Callable[[int], str], where: str) -> None:
    deep = nest(DEEP)
    if where == "root":
        text = deep
    elif where == "projects":
        text = text_of(minimal()).replace('"projects": [', f'"projects": [{deep}, ', 1)
    elif where == "extensions":
        text = with_extensions(f'{{"x": {deep}}}')
    else:
        text = with_member(text_of(minimal()), where, deep)
    refused(text)


@pytest.mark.parametrize("depth", [500, 900])
@pytest.mark.parametrize("where", ["title", "projects"])
def test_nesting_that_json_reads_outside_extensions(depth: int, where: str) -> None:
    deep = arrays(depth)
    if where == "projects":
        text = text_of(minimal()).replace('"projects": [', f'"projects": [{deep}, ', 1)
    else:
        text = with_member(text_of(minimal()), where, deep)
    error = refused(text)
    assert paths(error) == [f"/{where}" + ("/0" if where == "projects" else "")]


def extensions_of_depth(levels: int) -> str:
    """An extensions object that nests *levels* arrays and objects, itself included."""
    return "{" + '"a":' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def test_extensions_depth_limit_both_sides() -> None:
    report = accepted(with_extensions(extensions_of_depth(MAX_DEPTH)))
    text = dumps(report)
    assert loads(text) == report
    assert loads(dumps(report, indent=2)) == report
    validate(json.loads(text, parse_float=Decimal))
    assert pickle.loads(pickle.dumps(report)) == report  # noqa: S301 - our own data
    assert copy.deepcopy(report) == report
    error = refused(with_extensions(extensions_of_depth(MAX_DEPTH + 1)))
    assert paths(error) == ["/extensions/a" + "/0" * (MAX_DEPTH - 1)]
    assert f"more than {MAX_DEPTH} levels" in error.errors[0].message
    objects_deep = '{"a":' * (MAX_DEPTH - 1) + "{}" + "}" * (MAX_DEPTH - 1)
    accepted(with_extensions(objects_deep))
    error = refused(with_extensions('{"a":' + objects_deep + "}"))
    assert paths(error) == ["/extensions" + "/a" * MAX_DEPTH]


def score_groups_of_depth(levels: int) -> dict[str, Any]:
    """A score group (JSON) that holds groups *levels* deep, itself included."""
    group: dict[str, Any] = {"label": "数量指标", "covers": "all"}
    for _ in range(levels - 1):
        group = {"label": "项目产出", "covers": "all", "groups": [group]}
    return group


def with_score_groups(group: dict[str, Any]) -> str:
    document = json.loads(SMALL)
    document["schema_version"] = "1.1"
    document["projects"][0]["score_groups"] = [group]
    return text_of(document)


def test_score_group_depth_limit_both_sides() -> None:
    # Before the limit, loads read groups 150 deep, and copy.deepcopy of the report
    # raised RecursionError; groups built in Python broke pickle, repr and hash too.
    report = accepted(with_score_groups(score_groups_of_depth(MAX_GROUP_DEPTH)))
    assert loads(dumps(report)) == report
    assert pickle.loads(pickle.dumps(report)) == report  # noqa: S301 - our own data
    assert copy.deepcopy(report) == report
    assert hash(report.projects[0].score_groups) == hash(
        copy.deepcopy(report).projects[0].score_groups
    )
    assert repr(report).count("ScoreGroup(") == MAX_GROUP_DEPTH
    error = refused(with_score_groups(score_groups_of_depth(MAX_GROUP_DEPTH + 1)))
    assert paths(error) == ["/projects/0/score_groups/0" + "/groups/0" * MAX_GROUP_DEPTH]
    assert (
        error.errors[0].message == "score groups nest at most 20 levels deep (分值结构最多嵌套20层)"
    )
    deepest = report.projects[0].score_groups[0]
    with pytest.raises(FieldError, match="score groups nest at most 20 levels") as caught:
        ScoreGroup(label="x", covers=GroupScope.ALL, groups=(deepest,))
    assert caught.value.member == "/groups/0" * MAX_GROUP_DEPTH
    wide = ScoreGroup(label="x", covers=GroupScope.ALL, groups=deepest.groups * 50)
    assert len(wide.groups) == 50  # 20 levels, however many groups


def test_extensions_at_the_depth_limit_from_a_deep_stack() -> None:
    # A caller already deep in its own recursion still gets a report or a ValidationError.
    text = with_extensions(extensions_of_depth(MAX_DEPTH))

    def descend(levels: int) -> Report | ValidationError:
        if levels:
            return descend(levels - 1)
        try:
            return loads(text)
        except ValidationError as error:
            return error

    for levels in (100, 500, sys.getrecursionlimit() - 150):
        outcome = descend(levels)
        assert isinstance(outcome, Report | ValidationError)


# -- long texts ---------------------------------------------------------------------------

TEN_MILLION = 10 * MILLION


def long_text_cases(length: int) -> dict[str, str]:
    text = text_of(minimal())
    big = "x" * length
    return {
        "title": text_of(minimal(title=big)),
        "unknown member name": with_member(text, big, "1"),
        "amount": text.replace('"213.28"', json.dumps(big)),
        "extensions value": with_extensions(json.dumps({"x": [big]})),
        "extensions name": with_extensions(json.dumps({big: 1})),
        "chinese title": text_of(minimal(title="预" * (length // 3))),
        "escaped quotes": text_of(minimal(title='"' * (length // 2))),
        "escaped backslashes": text_of(minimal(title="\\" * (length // 2))),
    }


@pytest.mark.parametrize("case", list(long_text_cases(1)))
def test_ten_million_character_texts(case: str) -> None:
    text = long_text_cases(TEN_MILLION)[case]
    error = refused(text)
    message = error.errors[0].message
    if case == "chinese title":
        assert f"{MAX_TEXT_LENGTH:,}" in message
    else:
        assert f"at most {MAX_TEXT_LENGTH:,}" in message
        assert len(error.errors[0].path) < 100


def test_text_length_limit_both_sides() -> None:
    limit = MAX_TEXT_LENGTH
    for title in ("x" * limit, "预" * limit, '"' * limit, "\\" * limit, "😀" * limit):
        report = accepted(text_of(minimal(title=title)))
        assert report.title == title
        assert loads(dumps(report)) == report
    report = accepted(with_extensions(json.dumps({"n" * limit: ["v" * limit]})))
    assert loads(dumps(report)) == report
    for title in ("x" * (limit + 1), '"' * (limit + 1), "\\" * (limit + 1), "😀" * (limit + 1)):
        error = refused(text_of(minimal(title=title)))
        assert paths(error) == ["/title"]
        assert f"{limit + 1:,} characters" in error.errors[0].message
    error = refused(with_extensions(json.dumps({"n" * (limit + 1): 1})))
    assert paths(error) == ["/extensions"]
    assert "member name of" in error.errors[0].message


def test_long_runs_outside_texts_are_not_texts() -> None:
    # Whitespace, numbers and brackets between texts are no text, however long.
    text = text_of(minimal())
    accepted(text.replace('"title":', '"title":' + " " * (2 * MAX_TEXT_LENGTH), 1))
    padded = with_extensions('{"x": [' + ",".join(["1"] * (MAX_TEXT_LENGTH // 2 + 1)) + "]}")
    assert accepted(padded).extensions is not None


# -- document size ------------------------------------------------------------------------


def padded(text: str, size: int) -> str:
    """*text* followed by spaces up to *size* bytes of UTF-8."""
    return text + " " * (size - len(text.encode("utf-8")))


@pytest.mark.parametrize("text", [SMALL, json.dumps(minimal())], ids=["chinese", "ascii"])
def test_document_size_limit_both_sides(text: str) -> None:
    limit = MAX_DOCUMENT_BYTES
    under = padded(text, limit)
    assert accepted(under) == loads(text)
    assert accepted(under.encode("utf-8")) == loads(text)
    over = padded(text, limit + 1)
    for form in (over, over.encode("utf-8"), bytearray(over.encode()), over + " " * limit):
        error = refused(form)
        assert paths(error) == [""]
        assert f"at most {limit:,} bytes" in error.errors[0].message


def test_document_size_is_measured_in_utf8() -> None:
    # Fewer characters than the limit, but more bytes: refused, as the file would be.
    title = "预" * (MAX_DOCUMENT_BYTES // 3)
    error = refused(text_of(minimal(title=title)))
    assert "bytes long" in error.errors[0].message


# -- schema_version ------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2.0", "1", 1.0, 1, None, "1.0.0", "01.0", "", "1.0 ", "1.01"])
def test_wrong_schema_versions(version: Any) -> None:
    error = refused(text_of(minimal(schema_version=version)))
    assert paths(error) == ["/schema_version"]


# -- lone surrogates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escapes", "path"),
    [
        (r"\ud800", "/title"),
        (r"\udc00", "/title"),
        (r"a\ud83d", "/title"),
        (r"\ude00\ud83d", "/title"),
        (r"\ud83d\ud83d\ude00", "/title"),
        (r"\ud83dx\ude00", "/title"),
        (r"\\\ud83d", "/title"),
        (r"\\ud83d\ude00", "/title"),  # a backslash, "ud83d", then a lone low surrogate
    ],
)
def test_lone_surrogate_escapes(escapes: str, path: str) -> None:
    text = text_of(minimal()).replace('"2020年度', f'"{escapes}2020年度', 1)
    error = refused(text)
    assert paths(error) == [path]
    assert "lone surrogate" in error.errors[0].message
    refused(text.encode("utf-8"))


@pytest.mark.parametrize(
    "escapes", [r"\ud83d\ude00", r"\\ud800", r"\\\\ud800", r"\u00e9\u4e2d", r"\uD83D\uDE00"]
)
def test_escapes_that_are_characters(escapes: str) -> None:
    text = text_of(minimal()).replace('"2020年度', f'"{escapes}2020年度', 1)
    report = accepted(text)
    assert report.title == json.loads(f'"{escapes}"') + "2020年度重点项目绩效评价结果"


def test_lone_surrogates_anywhere() -> None:
    text = with_extensions(r'{"\ud800": 1, "ok": ["a", "\udfff"], "n": {"k": "\ud800x"}}')
    error = refused(text)
    assert paths(error) == ["/extensions", "/extensions/n/k", "/extensions/ok/1"]
    assert "member name" in error.errors[0].message
    text = text_of(minimal()).replace('"p1"', r'"p\udc001"')
    assert paths(refused(text)) == ["/projects/0/id"]


def test_raw_lone_surrogates_in_str_input() -> None:
    # A str may hold what no UTF-8 file can (a program's surrogateescape decoding).
    for title in ("\ud800", "a\udcff", "\udc80\ud800"):
        error = refused(text_of(minimal(title=title)))
        assert paths(error) == ["/title"]
        assert "lone surrogate" in error.errors[0].message
    error = refused(with_extensions(json.dumps({"\udc80": 1}, ensure_ascii=False)))
    assert paths(error) == ["/extensions"]


def test_lone_surrogates_in_a_long_document() -> None:
    text = with_extensions('{"x": ["' + "a" * (2 * MAX_TEXT_LENGTH) + r'", "\ud800"]}')
    error = refused(text)
    assert paths(error) == ["/extensions/x/0", "/extensions/x/1"]


# -- many problems --------------------------------------------------------------------------


def test_many_bad_items_are_listed_up_to_the_limit() -> None:
    data = minimal()
    data["projects"] = [{}] * (20 * MAX_FAILED_ITEMS)
    error = refused(text_of(data))
    assert len(error.errors) == 2 * MAX_FAILED_ITEMS + 1
    assert error.errors[-1].path == ""
    assert f"after {MAX_FAILED_ITEMS:,}" in error.errors[-1].message
    data["projects"] = [{}] * (MAX_FAILED_ITEMS - 1)
    assert len(refused(text_of(data)).errors) == 2 * (MAX_FAILED_ITEMS - 1)


def test_many_bad_items_in_nested_arrays() -> None:
    project = {"id": "p1", "name": "n", "issues": [{"category": "x"}] * 300}
    data = minimal(projects=[dict(project, id=f"p{i}") for i in range(300)])
    error = refused(text_of(data))
    assert len(error.errors) < 3 * MAX_FAILED_ITEMS


# -- from_dict with what JSON cannot produce -----------------------------------------------


class Color(enum.IntEnum):
    RED = 2020


class Unprintable:
    def __repr__(self) -> str:
        raise RuntimeError


def deep_tuple(depth: int) -> Any:
    value: Any = ()
    for _ in range(depth):
        value = (value,)
    return value


def deep_dict(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


PYTHON_VALUES: dict[str, Any] = {
    "float": 0.1,
    "nan float": float("nan"),
    "tuple": ("a", "b"),
    "set": {"a"},
    "frozenset": frozenset({1}),
    "bytes": b"x",
    "object": object(),
    "unprintable": Unprintable(),
    "big set": set(range(MILLION)),
    "deep tuple": deep_tuple(DEEP),
    "Decimal NaN": Decimal("NaN"),
    "Decimal sNaN": Decimal("sNaN"),
    "Decimal Infinity": Decimal("-Infinity"),
    "Decimal huge exponent": Decimal("1E+99999999"),
    "Decimal many digits": Decimal("9" * 1000),
    "int many digits": 10**5000,
    "IntEnum": Color.RED,
    "str subclass": type("Text", (str,), {})("x"),
    "OrderedDict": collections.OrderedDict(a=1),
    "complex": 1j,
    "type": int,
    "function": print,
}


@pytest.mark.parametrize("name", list(PYTHON_VALUES))
@pytest.mark.parametrize("where", ["title", "fiscal_year", "score", "unit", "extensions", "deep"])
def test_from_dict_with_python_values(name: str, where: str) -> None:
    value = PYTHON_VALUES[name]
    if where == "extensions":
        data = minimal(extensions={"x": [value]})
    elif where == "deep":
        data = minimal(extensions={"x": {"y": {"z": value}}})
    else:
        data = minimal(**{where: value})

    def call() -> ValidationError:
        try:
            from_dict(data)
        except ValidationError as error:
            return error
        pytest.fail("accepted")

    error = measured(call, 1000)
    str(error).encode("utf-8")
    expected = {"extensions": "/extensions/x/0", "deep": "/extensions/x/y/z"}.get(
        where, f"/{where}"
    )
    assert paths(error) == [expected]


@pytest.mark.parametrize(
    "key",
    [
        1,
        1.5,
        None,
        True,
        ("a",),
        Decimal(1),
        b"a",
        Unprintable(),
        "\ud800",
        "k" * (MAX_TEXT_LENGTH + 1),
    ],
)
@pytest.mark.parametrize(
    "where", ["", "/unit", "/projects/0/budget_lines/0/budget", "/extensions", "/extensions/x/0"]
)
def test_from_dict_with_names_that_are_not_json(key: Any, where: str) -> None:
    data = minimal(extensions={"x": [{}]})
    target: Any = data
    for part in where.split("/")[1:]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[key] = 1
    # Reported at the object: a pointer could not show (or print) such a name.
    error = measured(lambda: _refused_dict(data), 1000)
    str(error).encode("utf-8")
    assert paths(error) == [where]
    assert "member name" in error.errors[0].message


def test_from_dict_with_other_containers() -> None:
    for data in (
        collections.OrderedDict(minimal()),
        [minimal()],
        (minimal(),),
        None,
        "text",
        deep_dict(DEEP),
        minimal(projects=tuple(minimal()["projects"])),
        minimal(unit=collections.OrderedDict(name="u")),
        minimal(extensions=collections.OrderedDict(a=1)),
        minimal(extensions={"x": deep_dict(DEEP)}),
        minimal(extensions={"x": collections.OrderedDict(a=1)}),
        minimal(extensions={"x": type("Items", (list,), {})()}),
    ):
        error = measured(functools.partial(_refused_dict, data), 1000)
        str(error).encode("utf-8")


def test_from_dict_float_message_says_what_to_do() -> None:
    error = measured(lambda: _refused_dict(minimal(extensions={"share": 0.5})), 1000)
    assert "parse_float=decimal.Decimal" in error.errors[0].message
    error = _refused_dict(minimal(score=0.5))
    assert "decimal string" in error.errors[0].message


def _refused_dict(data: Any) -> ValidationError:
    try:
        from_dict(data)
    except ValidationError as error:
        return error
    pytest.fail("accepted")


# -- validate() on the hostile parsed values -------------------------------------------------


def parsed_hostile_values() -> dict[str, Any]:
    base = minimal()
    return {
        "array": [],
        "string": "text",
        "number": Decimal("1.5"),
        "null": None,
        "true": True,
        "number amount": json.loads(
            text_of(base).replace('"213.28"', "213.28"), parse_float=Decimal
        ),
        "huge decimal string": minimal(score="9" * MILLION),
        "exponent string": minimal(score="1E999999999"),
        "huge number": minimal(score=Decimal("1E+999999")),
        "wrong version": minimal(schema_version="2.0"),
        "lone surrogate name": minimal(unit={"name": "u", "\udc00": 1}),
        "nan": minimal(score=Decimal("NaN")),
        "float": minimal(score=0.1, extensions={"x": 0.1}),
    }


@pytest.mark.parametrize("name", list(parsed_hostile_values()))
def test_validate_on_hostile_values(name: str) -> None:
    data = parsed_hostile_values()[name]
    with pytest.raises(ValidationError):
        measured(lambda: validate(data), 1000)


# Found by tests/property/test_fuzz.py: isdigit() is true for '²', which int() refuses.
@pytest.mark.parametrize("name", ["²", "①"])
def test_validate_with_member_names_of_other_digits(name: str) -> None:
    data = minimal(unit={"name": "u", name: 1})
    with pytest.raises(ValidationError):
        validate(data)
    assert paths(_refused_dict(data)) == [f"/unit/{name}"]


def json_deepest() -> int:
    """The deepest nesting this interpreter's json reads (about the recursion limit)."""
    low, high = 1, 100_000
    while low < high:
        middle = (low + high + 1) // 2
        try:
            json.loads(arrays(middle))
        except RecursionError:
            high = middle - 1
        else:
            low = middle
    return low


@pytest.mark.parametrize("where", ["root", "title", "extensions", "unit name", "projects"])
def test_validate_on_the_deepest_parsed_values(where: str) -> None:
    deep = json.loads(arrays(json_deepest() - 5))
    if where == "root":
        data: Any = deep
    elif where == "unit name":
        data = minimal(unit={"name": deep})
    elif where == "projects":
        data = minimal(projects=[deep])
    elif where == "extensions":
        # The schema lets extensions hold anything; validate() bounds only the nesting, as
        # loads() does (the report and its extensions hold the arrays two levels down). How
        # deep json reads depends on the interpreter: under 1,000 levels on 3.10 and 3.11,
        # far more on 3.12 and later.
        data = minimal(extensions={"x": deep})
        if json_deepest() - 5 + 2 <= MAX_NESTING:
            validate(data)
            return
    else:
        data = minimal(**{where: deep})
    with pytest.raises(ValidationError):
        measured(lambda: validate(data), 1000)


@pytest.mark.parametrize(
    "text",
    [
        with_extensions(extensions_of_depth(MAX_DEPTH + 1)),
        text_of(minimal(title="x" * (MAX_TEXT_LENGTH + 1))),
        with_extensions(f'{{"x": {"9" * (MAX_DIGITS + 1)}}}'),
        with_extensions(f'{{"x": 1E{MAX_EXPONENT + 1}}}'),
        text_of(minimal(title="\ud800")),
        with_score_groups(score_groups_of_depth(MAX_GROUP_DEPTH + 1)),
    ],
    ids=["depth", "length", "digits", "exponent", "surrogate", "score groups"],
)
def test_limits_are_the_loaders_not_the_schemas(text: str) -> None:
    # The schema says what a report is; perfeval also bounds what it reads, and
    # refuses what it could not write back (docs/limits.md): validate() accepts these.
    validate(json.loads(text, parse_float=Decimal))
    refused(text)


def test_decimal_context_is_not_touched_by_hostile_numbers() -> None:
    with decimal.localcontext() as context:
        context.traps[decimal.InvalidOperation] = False
        context.clear_flags()
        refused(with_extensions('{"x": 1E99999999999999999999}'))
        refused(with_extensions('{"x": 1E1000000}'))
        assert not any(context.flags.values())
