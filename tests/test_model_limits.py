"""What the constructors accept, a document can carry, and ``dumps`` writes it.

The constructors hold every text member, and ``extensions`` to their leaves, to the
limits :func:`perfeval.loads` holds a document to, in the loader's words: a report built
in Python is one ``dumps`` can write and ``loads`` reads back equal. What cannot be
written (extensions changed after they were given, score groups nested past what
JSON reads, a text of more than 16 MiB) makes ``dumps`` raise ``ValidationError``,
never ``RecursionError``.
"""

from __future__ import annotations

import copy
import json
import pickle
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from perfeval import _spec, examples
from perfeval._io.convert import MODEL_CLASSES
from perfeval._io.limits import MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_GROUP_DEPTH, MAX_TEXT_LENGTH
from perfeval.codes import GroupScope, IssueCategory, ReportKind
from perfeval.errors import FieldError, ValidationError
from perfeval.model import Issue, KeyProject, Report, ScoreGroup, Unit
from perfeval.quantity import Quantity, Target
from perfeval.serialize import dumps, from_dict, loads, to_dict

SURROGATE = chr(0xD800)


def _report(**members: Any) -> Report:
    base: dict[str, Any] = {
        "title": "t",
        "kind": ReportKind.OTHER,
        "fiscal_year": 2020,
        "unit": Unit(name="u"),
        "projects": [KeyProject(id="p1", name="公共服务")],
    }
    return Report(**{**base, **members})


def loader_message(document: dict[str, Any]) -> tuple[str, str]:
    """The one problem :func:`loads` finds in *document*: (pointer, message)."""
    with pytest.raises(ValidationError) as caught:
        loads(json.dumps(document))  # escapes lone surrogates, as a file would hold them
    [detail] = caught.value.errors
    return detail.path, detail.message


def document(**members: Any) -> dict[str, Any]:
    return {**json.loads(dumps(_report())), **members}


def nested(levels: int) -> dict[str, Any]:
    """Extensions that nest *levels* objects and arrays, themselves included."""
    value: Any = []
    for _ in range(levels - 2):
        value = [value]
    return {"a": value}


# -- texts ---------------------------------------------------------------------------


def _text_members() -> list[tuple[type, attrs.Attribute[Any]]]:
    members = []
    for cls in MODEL_CLASSES:
        for field in attrs.fields(cls):
            spec = _spec.spec_of(field)
            strings = spec.kind.name == "array" and spec.item is not None and spec.item.cls is str
            if spec.kind.name in ("text", "trimmed_text") or strings:
                members.append((cls, field))
    return members


TEXT_MEMBERS = _text_members()


@pytest.mark.parametrize(
    ("cls", "field"), TEXT_MEMBERS, ids=[f"{c.__name__}.{f.name}" for c, f in TEXT_MEMBERS]
)
def test_every_text_member_holds_what_a_document_can(
    cls: type, field: attrs.Attribute[Any]
) -> None:
    # The validator each constructor runs for the member, called as attrs calls it.
    spec = _spec.spec_of(field)
    strings = spec.kind.name == "array"
    validate = field.validator
    assert validate is not None

    def check(text: str) -> None:
        validate(None, field, (text,) if strings else text)

    surrogate = "a" + SURROGATE + "b"
    with pytest.raises(ValueError, match=r'contains a lone surrogate \("\\ud800" at character 1\)'):
        check(surrogate)
    with pytest.raises(
        ValueError, match=r"is a text of 1,000,001 characters; perfeval reads texts"
    ):
        check("x" * (MAX_TEXT_LENGTH + 1))
    pattern = spec.item.pattern if strings and spec.item is not None else spec.pattern
    if pattern is None:
        check("合" * MAX_TEXT_LENGTH)  # the longest text is held


@pytest.mark.parametrize(
    ("build", "member", "path"),
    [
        (lambda text: _report(title=text), "title", "/title"),
        (lambda text: _report(unit=Unit(name=text)), "name", "/unit/name"),
        (
            lambda text: _report(projects=[KeyProject(id="p1", name=text)]),
            "name",
            "/projects/0/name",
        ),
    ],
)
@pytest.mark.parametrize(
    "text", ["前" + SURROGATE, "x" * (MAX_TEXT_LENGTH + 1)], ids=["surrogate", "long"]
)
def test_constructors_word_a_text_problem_as_loads_does(
    build: Callable[[str], Report], member: str, path: str, text: str
) -> None:
    with pytest.raises(ValueError, match=r"lone surrogate|is a text of") as caught:
        build(text)
    data = document()
    node: Any = data
    parts = path.strip("/").split("/")
    for part in parts[:-1]:
        node = node[int(part) if part.isdigit() else part]
    node[parts[-1]] = text
    assert loader_message(data) == (path, str(caught.value).removeprefix(f"{member} "))


def test_from_dict_refuses_a_lone_surrogate_in_a_typed_member_at_its_pointer() -> None:
    data = document(title="报告" + SURROGATE)
    with pytest.raises(ValidationError) as caught:
        from_dict(data)
    [detail] = caught.value.errors
    assert detail.path == "/title"
    assert detail.message.startswith('contains a lone surrogate ("\\ud800" at character 2)')


def test_quantities_and_targets_hold_texts_alike() -> None:
    with pytest.raises(ValueError, match=r"^unit contains a lone surrogate"):
        Quantity(5, "人" + SURROGATE)
    with pytest.raises(ValueError, match=r"^text is a text of 1,000,001 characters"):
        Target(text="x" * (MAX_TEXT_LENGTH + 1))
    assert Target(text="x" * MAX_TEXT_LENGTH).text == "x" * MAX_TEXT_LENGTH


# -- extensions ----------------------------------------------------------------------


def test_extensions_depth_limit_both_sides_in_constructors() -> None:
    deepest = _report(extensions=nested(MAX_DEPTH))
    assert loads(dumps(deepest)) == deepest
    with pytest.raises(ValueError, match="is nested more than") as caught:
        _report(extensions=nested(MAX_DEPTH + 1))
    path, message = loader_message(document(extensions=nested(MAX_DEPTH + 1)))
    assert str(caught.value) == f"{path.removeprefix('/')} {message}"
    assert message.startswith(f"is nested more than {MAX_DEPTH} levels deep")


def test_thousands_of_levels_are_refused_without_recursion() -> None:
    for levels in (3_000, 100_000):
        with pytest.raises(ValueError, match=f"is nested more than {MAX_DEPTH} levels deep"):
            Unit(name="u", extensions=nested(levels))


@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        ({"a": 0.5}, TypeError, "extensions/a is a Python float (0.5)"),
        ({"a": (1, 2)}, TypeError, "extensions/a must be JSON data"),
        ({"a": {1}}, TypeError, "extensions/a must be JSON data"),
        ({1: "a"}, TypeError, "extensions has a member name that is not a string"),
        (
            {"a": {"b": SURROGATE}},
            ValueError,
            'extensions/a/b contains a lone surrogate ("\\ud800"',
        ),
        ({SURROGATE: 1}, ValueError, "extensions has a member name that contains a lone surrogate"),
        ({"a": "x" * (MAX_TEXT_LENGTH + 1)}, ValueError, "extensions/a is a text of 1,000,001"),
        ({"a": 10**100}, ValueError, "extensions/a is a whole number of more than 100 digits"),
        ({"a": Decimal("1E+1000000")}, ValueError, "extensions/a is a number whose exponent"),
        ({"a": Decimal("NaN")}, ValueError, "extensions/a is the number NaN, which JSON cannot"),
        ({"a/b": [Decimal("1." + "0" * 100)]}, ValueError, "extensions/a~1b/0 has 101 significant"),
    ],
)
def test_extensions_hold_only_what_a_document_can(
    value: dict[Any, Any], error: type[Exception], words: str
) -> None:
    for build in (
        lambda: _report(extensions=value),
        lambda: Issue(category=IssueCategory.OTHER, description="d", extensions=value),
    ):
        with pytest.raises(error) as caught:
            build()
        assert str(caught.value).startswith(words)


def test_extensions_at_every_limit_are_held_and_written() -> None:
    value = {
        "text": "合" * MAX_TEXT_LENGTH,
        "digits": [10**100 - 1, Decimal("9." + "9" * 99)],
        "exponents": [Decimal("1E+999999"), Decimal("-1E-999999")],
        "deep": nested(MAX_DEPTH - 1)["a"],
    }
    report = _report(extensions=value)
    back = loads(dumps(report))
    assert back == report
    assert isinstance(hash(back), int)


def test_the_deepest_report_is_written_copied_pickled_and_shown() -> None:
    report = _report(
        extensions=nested(MAX_DEPTH), unit=Unit(name="u", extensions=nested(MAX_DEPTH))
    )
    assert loads(dumps(report, indent=1)) == report
    assert copy.deepcopy(report) == report
    assert copy.copy(report) == report
    assert pickle.loads(pickle.dumps(report, pickle.HIGHEST_PROTOCOL)) == report  # noqa: S301
    assert repr(report).startswith("Report(")
    assert to_dict(report)["extensions"] == nested(MAX_DEPTH)

    def descend(levels: int) -> str:  # from a caller deep in its own stack
        return descend(levels - 1) if levels else dumps(report)

    assert loads(descend(sys.getrecursionlimit() // 2)) == report


# -- what dumps cannot write ------------------------------------------------------------


def test_extensions_changed_after_they_were_given_are_not_written() -> None:
    notes: dict[str, Any] = {"notes": []}
    report = _report(projects=[KeyProject(id="p1", name="n", extensions=notes)])
    notes["notes"].append(0.5)
    notes["deep"] = nested(3_000)
    notes[SURROGATE] = 1
    for write in (dumps, to_dict):
        with pytest.raises(ValidationError) as caught:
            write(report)
        assert [(d.path, d.message[:36]) for d in caught.value.errors] == [
            ("/projects/0/extensions", "has a member name that contains a lo"),
            ("/projects/0/extensions/deep/a" + "/0" * 98, "is nested more than 100 levels deep "),
            ("/projects/0/extensions/notes/0", "is a Python float (0.5), which canno"),
        ]


def test_score_groups_nest_twenty_levels_at_most() -> None:
    group = ScoreGroup(label="g", covers=GroupScope.ALL)
    for _ in range(MAX_GROUP_DEPTH - 1):
        group = ScoreGroup(label="g", covers=GroupScope.ALL, groups=(group,))
    report = _report(projects=[KeyProject(id="p1", name="n", score_groups=(group,))])
    assert loads(dumps(report)) == report
    with pytest.raises(FieldError, match="score groups nest at most 20 levels deep"):
        ScoreGroup(label="g", covers=GroupScope.ALL, groups=(group,))


def test_dumps_from_a_caller_deep_in_its_stack_says_so() -> None:
    # A report dumps can write, asked for with too little stack left to write it.
    group = ScoreGroup(label="g", covers=GroupScope.ALL)
    for _ in range(MAX_GROUP_DEPTH - 1):
        group = ScoreGroup(label="g", covers=GroupScope.ALL, groups=(group,))
    report = _report(projects=[KeyProject(id="p1", name="n", score_groups=(group,))])

    reached: list[int] = []

    def descend(levels: int) -> str:
        if levels:
            return descend(levels - 1)
        reached.append(levels)
        return dumps(report)

    outcomes = []  # as the stack left shrinks: written, refused, or out of stack
    for levels in range(0, sys.getrecursionlimit(), 10):
        reached.clear()
        try:
            descend(levels)
        except RecursionError:
            if not reached:
                break  # the descent itself ran out of stack
            outcomes.append("RecursionError")
        except ValidationError as error:
            outcomes.append(f"refused: {error.errors[0].message}")
        else:
            outcomes.append("written")
    # Written while the stack lasts, then refused in words, before anything gives out
    # with no stack left at all (where no Python code can run).
    refused = "refused: is nested too deeply to be a report"
    assert outcomes[0] == "written"
    assert refused in outcomes
    assert set(outcomes) <= {"written", refused, "RecursionError"}
    assert "RecursionError" not in outcomes[: outcomes.index(refused)]


def test_dumps_writes_a_document_of_the_largest_size_and_no_larger() -> None:
    issues = [
        Issue(category=IssueCategory.OTHER, description="x" * MAX_TEXT_LENGTH) for _ in range(16)
    ]

    def report(description: str) -> Report:
        return _report(
            issues=[*issues, Issue(category=IssueCategory.OTHER, description=description)]
        )

    # The text grows with the last description, a byte a character.
    length = MAX_DOCUMENT_BYTES - len(dumps(report("x")).encode("utf-8")) + 1
    assert 0 < length < MAX_TEXT_LENGTH
    largest = report("x" * length)
    text = dumps(largest)
    assert len(text.encode("utf-8")) == MAX_DOCUMENT_BYTES
    assert loads(text) == largest
    with pytest.raises(ValidationError, match="16,777,217 bytes long; perfeval reads documents"):
        dumps(report("x" * (length - 1) + "é"))  # one byte more


def test_every_example_is_written_as_before() -> None:
    for name in examples.names():
        report = examples.load(name)
        assert loads(dumps(report)) == report
