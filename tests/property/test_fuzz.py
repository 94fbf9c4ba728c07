"""Fuzzing the loader with mutated valid documents, and round-tripping generated reports.

Each fuzz example draws a valid generated report, writes it with ``dumps``, then
mutates it: one to three changes at places drawn from the whole document (replace a
value with random JSON, delete a member or an item, insert an unknown member, change
a value's type, perturb a decimal string, write a member twice in the text), and
now and then a change to the text itself (cut it short, append or splice in random
characters or bytes). Whatever comes out:

* :func:`perfeval.loads` raises nothing but :class:`~perfeval.ValidationError`, for
  the text and for its UTF-8 bytes, and both give the same verdict;
* when the text is JSON (no duplicate member, no ``NaN``), ``loads`` accepts it ⇔
  :func:`perfeval.schema.validate` accepts the parsed data ⇔ ``from_dict`` accepts
  it — except where a rule is perfeval's own and not the schema's (unique project
  ids, the limits of ``docs/limits.md``, lone surrogates): there ``loads`` must refuse;
* an accepted document round-trips: ``dumps(loads(t))`` reads back equal, digit for
  digit, and ``dumps`` of that is the same text.

The round-trip test draws valid reports and checks that model → JSON → model loses
nothing, with every Decimal's digits and exponent compared.

Both run a few hundred examples by default. For long runs set the number of
examples and select the tests with the ``slow`` marker::

    PERFEVAL_FUZZ_EXAMPLES=100000 PERFEVAL_ROUNDTRIP_EXAMPLES=10000 \\
        python -m pytest -p no:cacheprovider -m slow tests/property/test_fuzz.py

``docs/limits.md`` records the runs made so far.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from perfeval import codes
from perfeval._io.limits import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_TEXT_LENGTH,
)
from perfeval.errors import ValidationError
from perfeval.model import Report
from perfeval.schema import validate
from perfeval.serialize import dumps, from_dict, loads, to_dict

from .strategies import decimal_texts, example_count, reports

Path = tuple[str | int, ...]

FUZZ_EXAMPLES = int(os.environ.get("PERFEVAL_FUZZ_EXAMPLES") or example_count(300))
ROUNDTRIP_EXAMPLES = int(os.environ.get("PERFEVAL_ROUNDTRIP_EXAMPLES") or example_count(200))

_CODES = sorted({member.value for code_list in codes.code_lists() for member in code_list})
#: Strings that are valid somewhere: a mutation now and then keeps a document valid.
_INTERESTING = [
    *_CODES,
    "1.0",
    "1.7",
    "2.0",
    "654.45",
    "-0.5",
    "0",
    "100.000000",
    "2021-05-20",
    "2021-02-30",
    "p1",
    "CNY",
    "USD",
    "430105",
    "20101",
    " ",
    "",
]


# -- random JSON values ---------------------------------------------------------------------


def _decimal_numbers() -> st.SearchStrategy[Decimal]:
    mantissas = decimal_texts(12).filter(lambda text: "." in text)
    with_exponent = st.builds(
        lambda mantissa, exponent: Decimal(f"{mantissa}E{exponent}"),
        decimal_texts(6),
        st.integers(-40, 40),
    )
    return st.one_of(mantissas.map(Decimal), with_exponent)


def json_values(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """JSON data as ``json.loads(..., parse_float=Decimal)`` returns it, within the limits."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.sampled_from([0, 1, -1, 2020, 1949, 2100, 2101]),
        _decimal_numbers(),
        st.text(max_size=12),
        st.sampled_from(_INTERESTING),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(max_size=6), inner, max_size=3),
        ),
        max_leaves=max_leaves,
    )


# -- places and edits ---------------------------------------------------------------------------


def places(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every place of *value* with what it holds, the root first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def get(document: Any, path: Path) -> Any:
    for part in path:
        document = document[part]
    return document


def replaced(document: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    parent = get(document, path[:-1])
    parent[path[-1]] = new
    return document


def deleted(document: Any, path: Path) -> Any:
    parent = get(document, path[:-1])
    del parent[path[-1]]
    return document


def _is_decimal_text(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value) is not None


_PERTURBATIONS = [
    lambda t: t + "0",
    lambda t: "0" + t,
    lambda t: t + ".",
    lambda t: t + "e3",
    lambda t: t + "E-2",
    lambda t: "+" + t.lstrip("-"),
    lambda t: " " + t,
    lambda t: t + "\n",
    lambda t: t.replace(".", ","),
    lambda t: t + ".1234567",
    lambda t: t + ".1234567890123",
    lambda t: t + "0" * 20,
    lambda t: "9" * 19 + t,
    lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda t: t.rstrip("0") if "." in t else t + ".00",
    lambda t: t[:-1] or "-",
    lambda t: "-" + t if not t.startswith("-") else t[1:],
    Decimal,
    lambda t: int(Decimal(t)),
    lambda t: "NaN",
    lambda t: "1E999999999",
]


# Strategies are built once: building reports() takes longer than drawing from it.
_REPORTS = reports()
_VALUES = json_values()
_MEMBERS = json_values(3)
_NAMES = st.one_of(st.text(max_size=8), st.sampled_from(["title", "id", "a/b~c"]))
_TYPES: st.SearchStrategy[Any] = st.sampled_from([None, True, 7, Decimal("7.5"), "7", [], {}])
_EDITS = st.sampled_from(["none"] * 6 + ["cut", "append", "splice", "bytes"])
_TAILS = st.one_of(st.text(max_size=4), st.sampled_from([" ", "\n", "}", "]", ","]))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str | bytes]:
    """A valid document, mutated: (what was done, the text or bytes)."""
    report = draw(_REPORTS)
    document = json.loads(dumps(report), parse_float=Decimal)
    done: list[str] = []
    duplicate: Path | None = None
    for _ in range(draw(st.integers(1, 3))):
        everywhere = list(places(document))
        path, value = draw(st.sampled_from(everywhere[::-1]))  # leaves drawn more often
        choices = ["replace", "type"]
        if isinstance(value, dict):
            choices += ["insert", "delete member"] + (["duplicate"] if value else [])
        if isinstance(value, list) and value:
            choices.append("delete item")
        if _is_decimal_text(value):
            choices.insert(0, "perturb")
        mutation = draw(st.sampled_from(choices))
        if mutation == "replace":
            new = draw(_VALUES)
            document = replaced(document, path, new)
        elif mutation == "type":
            # A copy: a later mutation must not change the strategy's own [] or {}.
            new = copy.deepcopy(draw(_TYPES))
            document = replaced(document, path, [value] if new == [] else new)
        elif mutation == "perturb":
            new = draw(st.sampled_from(_PERTURBATIONS))(value)
            document = replaced(document, path, new)
        elif mutation == "insert":
            name = draw(_NAMES)
            new = draw(_MEMBERS)
            value[name] = new
        elif mutation == "delete member":
            assume(value)
            new = draw(st.sampled_from(sorted(value)))
            document = deleted(document, (*path, new))
        elif mutation == "delete item":
            new = draw(st.integers(0, len(value) - 1))
            document = deleted(document, (*path, new))
        else:
            new, duplicate = None, path
        done.append(f"{mutation} at {path}: {new!r}")
    text = render(document, duplicate)
    # Now and then, the text itself.
    edit = draw(_EDITS)
    if edit == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif edit == "append":
        text += draw(_TAILS)
    elif edit == "splice":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(min_size=1, max_size=3)) + text[at:]
    elif edit == "bytes":
        raw = text.encode("utf-8")
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.binary(min_size=1, max_size=4))
        done.append(f"bytes {junk!r} at {at}")
        return "; ".join(done), raw[:at] + junk + raw[at:]
    done.append(f"text edit {edit}")
    return "; ".join(done), text


def render(value: Any, duplicate: Path | None = None) -> str:
    """JSON text with Decimals digit for digit; the object at *duplicate* has its first
    member written twice (the first time with ``null``)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        members = [
            json.dumps(key, ensure_ascii=False)
            + ":"
            + render(item, duplicate[1:] if duplicate and duplicate[0] == key else None)
            for key, item in value.items()
        ]
        if duplicate == () and members:
            first = next(iter(value))
            members.insert(0, json.dumps(first, ensure_ascii=False) + ":null")
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        items = [
            render(item, duplicate[1:] if duplicate and duplicate[0] == index else None)
            for index, item in enumerate(value)
        ]
        return "[" + ",".join(items) + "]"
    return json.dumps(value, ensure_ascii=False)


# -- the oracle ------------------------------------------------------------------------------


class _NotJsonError(Exception):
    pass


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotJsonError
    return result


def _no_constants(name: str) -> Any:
    raise _NotJsonError


def parsed(text: str | bytes) -> Any:
    """The data of *text* if it is JSON perfeval could read at all, else raise _NotJsonError."""
    if isinstance(text, bytes):
        if text.startswith(b"\xef\xbb\xbf"):
            raise _NotJsonError
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotJsonError from None
    if text.startswith("\ufeff"):
        raise _NotJsonError
    try:
        return json.loads(
            text,
            object_pairs_hook=_strict_pairs,
            parse_float=Decimal,
            parse_constant=_no_constants,
        )
    except (ValueError, RecursionError):
        raise _NotJsonError from None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def perfevals_own_rule(data: Any) -> bool:
    """Whether *data* breaks a rule of perfeval that the schema does not state."""
    if isinstance(data, dict):
        projects = data.get("projects")
        if isinstance(projects, list):
            ids = [p.get("id") for p in projects if isinstance(p, dict)]
            ids = [i for i in ids if isinstance(i, str)]
            if len(ids) != len(set(ids)):
                return True
        extensions = data.get("extensions")
        if isinstance(extensions, dict) and _depth(extensions) > MAX_DEPTH:
            return True
    for _, value in places(data):
        if isinstance(value, str) and (
            len(value) > MAX_TEXT_LENGTH or _LONE_SURROGATE.search(value)
        ):
            return True
        if isinstance(value, dict) and any(
            len(key) > MAX_TEXT_LENGTH or _LONE_SURROGATE.search(key) for key in value
        ):
            return True
        if type(value) is int and abs(value) >= 10**MAX_DIGITS:
            return True
        if isinstance(value, Decimal) and (
            len(value.as_tuple().digits) > MAX_DIGITS or abs(value.adjusted()) > MAX_EXPONENT
        ):
            return True
    return False


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


def verdict(call: Any) -> Report | ValidationError:
    """What *call* returns, or the ValidationError it raises (any other exception fails)."""
    try:
        result: Report = call()
    except ValidationError as error:
        return error
    return result


# -- the tests --------------------------------------------------------------------------------


@pytest.mark.slow
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    # conftest.py's profile, and filter_too_much: assume() rejects some mutations.
    suppress_health_check=[*settings().suppress_health_check, HealthCheck.filter_too_much],
)
@given(mutated())
def test_mutated_documents(case: tuple[str, str | bytes]) -> None:
    description, text = case
    by_loads = verdict(lambda: loads(text))
    other = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else None
    if other is not None:
        assert type(verdict(lambda: loads(other))) is type(by_loads), description
    try:
        data = parsed(text)
    except _NotJsonError:
        event("not JSON (or a duplicate member, NaN, a BOM): refused")
        assert isinstance(by_loads, ValidationError), description
        return
    if perfevals_own_rule(data):
        event("breaks a rule of perfeval's own: refused")
        assert isinstance(by_loads, ValidationError), description
    else:
        outcome = "refused" if isinstance(by_loads, ValidationError) else "accepted"
        event(f"JSON, compared with the schema: {outcome}")
        by_dict = verdict(lambda: from_dict(data))
        assert type(by_dict) is type(by_loads), description
        by_schema = verdict(lambda: validate(data))
        assert isinstance(by_schema, ValidationError) == isinstance(by_loads, ValidationError), (
            f"{description}\nloads: {by_loads!r}\nschema: {by_schema!r}"
        )
    if isinstance(by_loads, Report):
        assert_round_trips(by_loads)


def assert_round_trips(report: Report) -> None:
    text = dumps(report)
    again = loads(text)
    assert again == report
    assert list(differences(report, again)) == []
    assert dumps(again) == text
    assert loads(dumps(report, indent=2)) == report
    assert loads(text.encode("utf-8")) == report
    validate(json.loads(text, parse_float=Decimal))


def differences(left: Any, right: Any, path: str = "") -> Iterator[str]:
    """Where two model values differ, comparing types and every Decimal's digits."""
    if type(left) is not type(right):
        yield f"{path}: {type(left).__name__} != {type(right).__name__}"
    elif isinstance(left, Decimal):
        if left.as_tuple() != right.as_tuple():
            yield f"{path}: {left!r} != {right!r}"
    elif attrs.has(type(left)):
        for field in attrs.fields(type(left)):
            name = field.name
            yield from differences(getattr(left, name), getattr(right, name), f"{path}/{name}")
    elif isinstance(left, list | tuple):
        if len(left) != len(right):
            yield f"{path}: {len(left)} items != {len(right)}"
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            yield from differences(a, b, f"{path}/{index}")
    elif isinstance(left, dict):
        if list(left) != list(right):
            yield f"{path}: members {list(left)} != {list(right)}"
        for key in left.keys() & right.keys():
            yield from differences(left[key], right[key], f"{path}/{key}")
    elif left != right:
        yield f"{path}: {left!r} != {right!r}"


@pytest.mark.slow
@settings(max_examples=ROUNDTRIP_EXAMPLES, deadline=None)
@given(reports())
def test_generated_reports_round_trip(report: Report) -> None:
    text = dumps(report)
    back = loads(text)
    assert list(differences(report, back)) == []
    assert dumps(back) == text
    assert list(differences(report, loads(dumps(report, indent=2)))) == []
    assert list(differences(report, from_dict(to_dict(report)))) == []
    validate(json.loads(text, parse_float=Decimal))


# -- the fuzzer's own parts ------------------------------------------------------------------


def test_render_writes_a_duplicate_member() -> None:
    document = {"a": [{"b": 1, "c": Decimal("1.50")}], "d": 2}
    assert render(document) == '{"a":[{"b":1,"c":1.50}],"d":2}'
    assert render(document, ("a", 0)) == '{"a":[{"b":null,"b":1,"c":1.50}],"d":2}'
    assert render(document, ()) == '{"a":null,"a":[{"b":1,"c":1.50}],"d":2}'


def test_parsed_refuses_what_is_not_json() -> None:
    texts: list[str | bytes] = [
        '{"a":1,"a":2}',
        '{"a":NaN}',
        "\ufeff{}",
        b"\xef\xbb\xbf{}",
        b"\xff",
        "{",
    ]
    for text in texts:
        with pytest.raises(_NotJsonError):
            parsed(text)
    assert parsed('{"a":1.50}') == {"a": Decimal("1.50")}


def test_perfevals_own_rules() -> None:
    two = {"projects": [{"id": "p"}, {"id": "p"}]}
    assert perfevals_own_rule(two)
    assert perfevals_own_rule({"t": "\ud800"})
    assert perfevals_own_rule({"t": [10**MAX_DIGITS]})
    assert perfevals_own_rule({"t": Decimal(f"1E{MAX_EXPONENT + 1}")})
    deep: Any = []
    for _ in range(MAX_DEPTH - 2):
        deep = [deep]  # extensions, then MAX_DEPTH - 1 arrays
    assert not perfevals_own_rule({"extensions": {"x": deep}, "t": "文"})
    assert perfevals_own_rule({"extensions": {"x": [deep]}})


def test_differences_sees_digits_and_types() -> None:
    assert list(differences(Decimal("1.0"), Decimal("1.00"))) == [
        ": Decimal('1.0') != Decimal('1.00')"
    ]
    assert list(differences({"a": 1}, {"a": Decimal(1)})) == ["/a: int != Decimal"]
    assert list(differences([1, 2], [1, 2])) == []
