"""The generated loader agrees with the converter that checks every member.

:func:`perfeval.loads` builds a valid document with loaders generated per class from
the field spec (``perfeval._io.generate``), which construct each object directly;
the cattrs converter (``perfeval._io.convert``) structures it through the classes'
``__init__``, every validator and converter included. For the same parsed document
the two must

* accept and refuse alike (the generated loader refuses by raising ``Slow`` or the
  error of a rule between members; the document then goes to the detailed path,
  whose errors are the only ones a caller sees), and
* when they accept, build the same objects: equal, and of the same types member by
  member down to every leaf (``tuple`` not ``list``, ``Decimal`` with the same digits
  and exponent, the same code members, ``FrozenMap`` cells), written back as the
  same text.

Documents: generated reports, the same with one mutation each (the mutations of
``test_agreement``), every example and every report of the corpus.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from perfeval import examples
from perfeval._io import convert, errors, generate, text
from perfeval._spec import FrozenMap, building
from perfeval.errors import ValidationError
from perfeval.model import SCHEMA_VERSION, Report
from perfeval.serialize import dumps, loads

from .strategies import example_count, reports
from .test_agreement import mutate, mutations, to_json

CORPUS = Path(__file__).parent.parent / "corpus"


def by_generated(data: Any) -> Report | str:
    version = data.get("schema_version", SCHEMA_VERSION) if type(data) is dict else "1.0"
    try:
        with building():
            report: Report = generate.loader(version)(data)
    except Exception as error:
        return type(error).__name__
    return report


def by_generated_from_text(data: Any) -> Report | str | None:
    """The loader ``loads`` uses, on *data* written and read back; ``None`` if unread."""
    try:
        parsed = text.read(to_json(data))
    except ValidationError:
        return None  # loads() refuses the text itself: no loader sees it
    version = parsed.get("schema_version", SCHEMA_VERSION) if type(parsed) is dict else "1.0"
    try:
        with building():
            report: Report = generate.loader(version, texts_checked=True)(parsed)
    except Exception as error:
        return type(error).__name__
    return report


def by_converter(data: Any) -> Report | str:
    version = data.get("schema_version", SCHEMA_VERSION) if type(data) is dict else "1.0"
    try:
        with building():
            report: Report = convert.structure_report(version)(data, Report)
    except Exception as error:
        return type(error).__name__
    return report


def same(left: Any, right: Any, path: str = "") -> None:
    """*left* and *right* are equal and of the same types, member by member."""
    assert type(left) is type(right), f"{path}: {type(left).__name__} ≠ {type(right).__name__}"
    if attrs.has(type(left)):
        for field in attrs.fields(type(left)):
            same(getattr(left, field.name), getattr(right, field.name), f"{path}/{field.name}")
    elif type(left) is tuple:
        assert len(left) == len(right), path
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            same(a, b, f"{path}/{index}")
    elif type(left) is Decimal:
        assert left.as_tuple() == right.as_tuple(), f"{path}: {left!r} ≠ {right!r}"
    elif type(left) is FrozenMap:
        assert dict(left) == dict(right), path
    elif type(left) is dict:  # extensions: kept as given
        assert left == right, path
    else:
        assert left is right or left == right, f"{path}: {left!r} ≠ {right!r}"


def agree(data: Any) -> str:
    """Both loaders on *data*: 'built' (the same objects) or 'refused' (both refused)."""
    fast, checked = by_generated(data), by_converter(data)
    from_text = by_generated_from_text(data)
    if isinstance(checked, str):
        assert isinstance(fast, str), f"generated built what the converter refused ({checked})"
        assert from_text is None or isinstance(from_text, str), "built from text, refused"
        return "refused"
    assert not isinstance(fast, str), f"generated refused a valid document ({fast})"
    same(fast, checked)
    assert fast == checked
    assert dumps(fast) == dumps(checked)
    assert from_text is not None, "loads() refused the text of a valid document"
    assert not isinstance(from_text, str), f"refused from text ({from_text})"
    same(from_text, checked)
    return "built"


@settings(max_examples=example_count(150), deadline=None)
@given(reports())
def test_generated_reports_are_built_alike(report: Report) -> None:
    data = json.loads(dumps(report), parse_float=Decimal)
    assert agree(data) == "built"
    same(loads(dumps(report)), report)


@settings(max_examples=example_count(500), deadline=None)
@given(mutations())
def test_mutated_documents_are_taken_or_refused_alike(mutation: tuple[str, Any]) -> None:
    event(agree(mutation[1]))


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.json"))


@pytest.mark.parametrize("path", _corpus(), ids=lambda path: path.stem)
def test_the_corpus_is_built_alike(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    assert agree(data) == "built"


@pytest.mark.parametrize("name", examples.names())
def test_the_examples_are_built_alike(name: str) -> None:
    data = json.loads(examples.text(name), parse_float=Decimal)
    assert agree(data) == "built"


@st.composite
def corpus_mutations(draw: st.DrawFn) -> tuple[str, Any]:
    path = draw(st.sampled_from(_corpus()))
    return mutate(draw, json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))


@settings(max_examples=example_count(200), deadline=None)
@given(corpus_mutations())
def test_mutated_corpus_documents_are_taken_or_refused_alike(mutation: tuple[str, Any]) -> None:
    event(agree(mutation[1]))


def test_a_refusal_is_worded_by_the_detailed_path() -> None:
    # The generated loader only says "not me"; loads() reports what the detailed pass found.
    data = json.loads(examples.text("kaifu-2020"), parse_float=Decimal)
    data["projects"][0]["budget_lines"][0]["budget"]["amount"] = "1e3"
    assert by_generated(data) == "Slow"
    text = json.dumps(data, ensure_ascii=False, default=str)
    with pytest.raises(Exception, match="/projects/0/budget_lines/0/budget/amount"):
        loads(text)


def test_a_rule_between_members_is_refused_by_both() -> None:
    data = json.loads(examples.text("kaifu-2020"), parse_float=Decimal)
    data["projects"][1]["id"] = data["projects"][0]["id"]  # ids must be unique
    assert by_generated(data) == "FieldError"
    assert by_converter(data) != "built"
    assert agree(data) == "refused"


# -- the detailed pass tries the generated loaders first -------------------------------------
#
# ``errors.collect`` (every problem of a refused document) tries the generated loader on
# each object before checking it member by member: an object the loader builds has no
# problem. The problems found must be those of the pass that checks every object.


@functools.cache
def _checks_every_object(version: str) -> Any:
    return convert._make(detailed=True, version=version, shortcut=False)


def _every_check(version: str, **_: bool) -> Any:
    return _checks_every_object(version)


def problems(data: Any, *, shortcut: bool, texts_checked: bool = False) -> list[Any]:
    version = data.get("schema_version", SCHEMA_VERSION) if type(data) is dict else "1.0"
    if shortcut:
        found = errors.collect(data, version, texts_checked=texts_checked)
    else:
        with mock.patch.object(convert, "detailed", _every_check):
            found = errors.collect(data, version, texts_checked=texts_checked)
    return [
        (detail.path, detail.message, detail.value, detail.kind, detail.message_zh)
        for detail in found
    ]


@st.composite
def several_mutations(draw: st.DrawFn) -> Any:
    """A valid document, generated or from the corpus, with one to four mutations."""
    if draw(st.booleans()):
        document = json.loads(dumps(draw(reports())), parse_float=Decimal)
    else:
        path = draw(st.sampled_from(_corpus()))
        document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    for _ in range(draw(st.integers(1, 4))):
        document = mutate(draw, document)[1]
    return document


@settings(max_examples=example_count(150), deadline=None)
@given(several_mutations())
def test_the_detailed_pass_finds_what_checking_every_object_finds(document: Any) -> None:
    if type(document) is not dict or type(document.get("schema_version", "1.1")) is not str:
        return  # refused before either pass (tests/test_serialize.py)
    expected = problems(document, shortcut=False)
    assert problems(document, shortcut=True) == expected
    event("problems" if expected else "no problem")
    try:
        parsed = text.read(to_json(document))
    except ValidationError:
        return
    if type(parsed) is dict and type(parsed.get("schema_version", "1.1")) is str:
        wanted = problems(parsed, shortcut=False)
        assert problems(parsed, shortcut=True, texts_checked=True) == wanted


def test_a_document_with_problems_in_many_objects_gets_every_one() -> None:
    # Three problems in two objects among valid ones: each is found (an object's unknown
    # members first), and the objects around them are built without a word.
    data = json.loads(examples.text("kaifu-2020"), parse_float=Decimal)
    data["projects"][0]["budget_lines"][0]["budget"]["amount"] = 3
    data["projects"][1]["indicators"][0]["level1"] = "outputs"
    data["projects"][1]["unknown"] = True
    found = problems(data, shortcut=True)
    assert [problem[0] for problem in found] == [
        "/projects/0/budget_lines/0/budget/amount",
        "/projects/1/unknown",
        "/projects/1/indicators/0/level1",
    ]
    assert found == problems(data, shortcut=False)
