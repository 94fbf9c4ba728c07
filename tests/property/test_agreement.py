"""The loader and the published schema agree: same verdict, same error paths.

Each example takes a valid generated document (the JSON text of a generated report,
parsed with ``parse_float=Decimal``), applies **one** mutation and checks that

* :func:`perfeval.loads` rejects the mutated text ⇔ :func:`perfeval.schema.validate`
  rejects the parsed data, and
* when both reject, they report the same problems: the same error paths (JSON
  pointers), each with the same message, the same kind and the same Chinese message
  (one message per rule, worded by the member's kind in ``perfeval._spec``).

Mutations, at a place drawn from the whole document (``extensions`` included, where
anything goes): a wrong type (a number where a string belongs, a string where an
array belongs, ``true`` where an integer belongs, ``null``, an array, an object); a
member deleted (required or not: deleting the only member of a Target or an Actual
breaks their rule); an unknown member added; a bad code (or another valid code: a
``kind`` that no longer allows empty ``projects``); a bad decimal (``"1e3"``,
``"01"``, a JSON number, too many places or integer digits, a final newline …); a bad
id; text with surrounding whitespace or empty; a bad date (``2021-02-30``); a bad
integer (out of range, ``2020.0``, ``2020.5``, ``"2020"``, ``true``); an empty array;
a bad array item.

Rules JSON Schema cannot express, excluded:

* **Unique project ids.** A mutation that makes two projects share an id is skipped
  (``assume``); ``loads`` rejects it, the schema cannot.
* **How an integer is spelled.** JSON Schema counts ``2020.0`` as an integer; here the
  text is parsed with ``parse_float=Decimal``, which jsonschema does not count as one,
  so ``validate`` agrees with ``loads`` — but a validator in another language accepts
  it. Not excluded here, documented instead.
* **The JSON text.** Duplicate member names, ``NaN``, a byte order mark: ``validate``
  takes parsed data, so these never reach it.

The calendar (``2021-02-30``) is *not* excluded: ``validate`` checks ``format: date``.

Normalised (only this one, and why):

* A Target that lacks both ``value`` and ``text`` *and* has a malformed member (a
  mutation that replaces it with ``{"amount": "1"}``): JSON Schema checks every
  keyword on its own, so ``validate`` reports the unknown member and the missing
  value/text; the loader checks the rule between members in the constructor, which
  runs only once every member is well-formed, so it reports the unknown member only.
  The schema's "at least one of" error is dropped when another error lies inside the
  same object.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from perfeval import codes
from perfeval.errors import ErrorDetail, ValidationError
from perfeval.schema import validate
from perfeval.serialize import dumps, loads

from .strategies import example_count, reports

Path = tuple[str | int, ...]

_CODES = sorted({member.value for code_list in codes.code_lists() for member in code_list})
_WRONG_TYPES: list[Any] = [
    Decimal("654.45"),
    7,
    True,
    False,
    None,
    "文本",
    [],
    ["x"],
    {},
    {"amount": "1"},
]
_BAD_STRINGS: dict[str, list[Any]] = {
    "code": ["not_a_code", "经常性", "RECURRING", " recurring", *_CODES],
    "decimal": [
        "1e3",
        "1E3",
        "01",
        "00.5",
        Decimal("654.45"),
        654,
        "1.1234567",
        "0.1234567890123",
        "1234567890123456789",
        "1,000",
        " 1",
        "1.",
        ".5",
        "+1",
        "1.5\n",
        "NaN",
        "-",
    ],
    "id": ["中文", "-x", "_x", "x" * 65, "p 1", "p1\n", "p/1", "Ab.9_-z"],
    "text": ["", " ", " padded", "padded ", "line\n", "\u3000全角"],
    "date": ["2021-02-30", "2021-5-1", "20210501", "2021-05-01T00:00:00", "2021-05-01\n"],
}
_BAD_INTEGERS: list[Any] = [1948, 2101, 2020, Decimal("2020.0"), Decimal("2020.5"), "2020", True]


def places(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every place in a parsed document, the root first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def replaced(document: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    result = copy.deepcopy(document)
    parent = result
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return result


def kind_of(path: Path, value: Any) -> str:
    """What a place holds, judged from its value and its name, to choose mutations."""
    last = path[-1] if path else None
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if type(value) is int:
        return "integer"
    if not isinstance(value, str):
        return "other"
    if last == "id" or (len(path) > 1 and path[-2] == "project_ids"):
        return "id"
    if last == "published":
        return "date"
    if value in _CODES:
        return "code"
    if value.lstrip("-").replace(".", "", 1).isdigit():
        return "decimal"
    return "text"


_REPORTS = reports()


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, Any]:
    """A valid document with one mutation: (what was done, the mutated document)."""
    report = draw(_REPORTS)
    return mutate(draw, json.loads(dumps(report), parse_float=Decimal))


def mutate(draw: st.DrawFn, document: Any) -> tuple[str, Any]:
    """*document* (left as it is) with one mutation: (what was done, the mutated copy)."""
    everywhere = list(places(document))
    # Mostly the typed members; now and then inside extensions, where anything goes.
    typed = [(p, v) for p, v in everywhere if p[:1] != ("extensions",) or len(p) == 1]
    # Leaves first, the root last: Hypothesis draws the first ones more often.
    chosen = everywhere if draw(st.integers(0, 9)) == 0 else typed
    path, value = draw(st.sampled_from(chosen[::-1]))
    kind = kind_of(path, value)
    # Hypothesis draws the first choices more often: the specific mutations come first.
    choices: list[str] = []
    if kind == "object":
        choices += ["delete member", "add member", "empty object"]
    elif kind == "array":
        choices += ["empty array", "bad item"]
    elif kind == "integer":
        choices += ["bad integer"]
    elif kind in _BAD_STRINGS:
        choices += [kind, "text"]
    choices.append("wrong type")
    mutation = draw(st.sampled_from(choices))
    if mutation == "wrong type":
        new = draw(st.sampled_from(_WRONG_TYPES))
    elif mutation == "delete member":
        assume(value)
        member = draw(st.sampled_from(sorted(value)))
        new = {key: item for key, item in value.items() if key != member}
        mutation += f" {member}"
    elif mutation == "add member":
        member = draw(st.sampled_from(["unknown", "Title", "备注", "a/b~c", ""]))
        assume(member not in value)
        new = {**value, member: draw(st.sampled_from(["x", 1, None]))}
    elif mutation == "empty object":
        new = {}
    elif mutation == "empty array":
        new = []
    elif mutation == "bad item":
        new = [*value, draw(st.sampled_from([None, "x", 1, {}, []]))]
    elif mutation == "bad integer":
        new = draw(st.sampled_from(_BAD_INTEGERS))
    else:
        new = draw(st.sampled_from(_BAD_STRINGS[mutation]))
    return f"{mutation} at {path}: {new!r}", replaced(document, path, new)


def to_json(value: Any) -> str:
    """JSON text with Decimals written as numbers, digit for digit."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        members = (
            json.dumps(key, ensure_ascii=False) + ":" + to_json(item) for key, item in value.items()
        )
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


#: What is compared of a problem: its path, message, kind and Chinese message.
Problem = tuple[str, str, str, str]


def _without_shadowed_rules(details: tuple[ErrorDetail, ...]) -> set[Problem]:
    """Drop a Target's "at least one member" message when its members have problems.

    See the module docstring: the loader checks that rule only when the Target's
    members are well-formed, so either side may or may not report it then; it is
    compared on both sides alike, when nothing beneath it is wrong.
    """
    paths = {detail.path for detail in details}
    return {
        (d.path, d.message, d.kind, d.message_zh)
        for d in details
        if not (
            " must have at least one of the members" in d.message
            and any(other.startswith(d.path + "/") for other in paths)
        )
    }


def loader_paths(text: str) -> set[Problem] | None:
    try:
        loads(text)
    except ValidationError as error:
        return _without_shadowed_rules(error.errors)
    return None


def schema_paths(data: Any) -> set[Problem] | None:
    try:
        validate(data)
    except ValidationError as error:
        return _without_shadowed_rules(error.errors)
    return None


def has_duplicate_ids(document: Any) -> bool:
    projects = document.get("projects") if isinstance(document, dict) else None
    if not isinstance(projects, list):
        return False
    ids = [p["id"] for p in projects if isinstance(p, dict) and isinstance(p.get("id"), str)]
    return len(ids) != len(set(ids))


@settings(max_examples=example_count(1000), deadline=None)
@given(mutations())
def test_loader_and_schema_agree(mutation: tuple[str, Any]) -> None:
    description, document = mutation
    assume(not has_duplicate_ids(document))  # a rule the schema cannot state
    text = to_json(document)
    by_loader = loader_paths(text)
    by_schema = schema_paths(json.loads(text, parse_float=Decimal))
    assert by_loader == by_schema, description


# -- the mutations themselves, and the cases the tests above rely on -----------------


def test_to_json_keeps_decimal_digits() -> None:
    assert to_json({"a": [Decimal("100.00"), None, "文"]}) == '{"a":[100.00,null,"文"]}'


def test_kind_of() -> None:
    assert kind_of(("projects", 0, "id"), "p1") == "id"
    assert kind_of(("issues", 0, "project_ids", 1), "p1") == "id"
    assert kind_of(("source", "published"), "2021-05-20") == "date"
    assert kind_of(("kind",), "department_overall") == "code"
    assert kind_of(("score",), "-12.50") == "decimal"
    assert kind_of(("title",), "标题") == "text"
    assert kind_of(("fiscal_year",), 2020) == "integer"
    assert kind_of((), {}) == "object"
    assert kind_of(("extensions", "a"), None) == "other"


@pytest.mark.parametrize(
    ("path", "new", "expected"),
    [
        (("schema_version",), None, {"/schema_version"}),
        (("fiscal_year",), Decimal("2020.0"), {"/fiscal_year"}),
        (("source",), {"published": "2021-02-30"}, {"/source/published"}),
        (("kind",), "department_overall", None),
        (("projects",), [], {"/projects"}),
        (("projects", 0, "id"), "p1\n", {"/projects/0/id"}),
        (("extensions",), {"x": [Decimal("1.5"), {"y": None}]}, None),
    ],
)
def test_agreement_on_chosen_cases(path: Path, new: Any, expected: set[str] | None) -> None:
    document: dict[str, Any] = {
        "schema_version": "1.0",
        "title": "t",
        "kind": "key_project_results",
        "fiscal_year": 2020,
        "unit": {"name": "u"},
        "projects": [{"id": "p1", "name": "n"}],
    }
    text = to_json(replaced(document, path, new))
    by_loader = loader_paths(text)
    assert by_loader == schema_paths(json.loads(text, parse_float=Decimal))
    assert (None if by_loader is None else {problem[0] for problem in by_loader}) == expected
