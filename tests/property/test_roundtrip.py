"""Model → JSON → model: every generated report survives, digit for digit, and is valid."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

from perfeval import examples
from perfeval._io.convert import json_text
from perfeval._io.limits import MAX_DEPTH
from perfeval.model import Report
from perfeval.schema import validate
from perfeval.serialize import dumps, loads, to_dict

from .strategies import example_count, reports


def decimals(value: Any, path: str = "") -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every Decimal of a model object with its place, as (sign, digits, exponent)."""
    if isinstance(value, Decimal):
        yield path, tuple(value.as_tuple())
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from decimals(getattr(value, field.name), f"{path}/{field.name}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from decimals(item, f"{path}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from decimals(item, f"{path}/{key}")


@settings(max_examples=example_count(1000), deadline=None)
@given(reports())
def test_model_json_model_round_trip(report: Report) -> None:
    text = dumps(report)
    back = loads(text)
    assert back == report
    assert dumps(back) == text
    # Equality of Decimals ignores their digits (1.0 == 1.00): compare the digits too.
    assert list(decimals(back)) == list(decimals(report))
    assert loads(dumps(report, indent=2)) == report
    # Every generated document is valid against the published schema, parsed either way.
    validate(json.loads(text, parse_float=Decimal))
    validate(json.loads(text))
    validate(to_dict(report))


@settings(max_examples=example_count(400), deadline=None)
@given(reports())
def test_dumps_writes_what_json_writes_of_to_dict(report: Report) -> None:
    # dumps() writes the text directly from the model, without to_dict's dicts; it must
    # be, character for character, json's text of to_dict() (decimals in extensions as
    # their digits), and indent= must write the same document.
    text = dumps(report)
    assert text == json_text(to_dict(report))
    assert json.loads(dumps(report, indent=2), parse_float=Decimal) == json.loads(
        text, parse_float=Decimal
    )


def test_decimals_sees_the_digits() -> None:
    assert list(decimals({"a": [Decimal("100.00")]})) == [("/a/0", (0, (1, 0, 0, 0, 0), -2))]
    assert list(decimals(Decimal("100"))) != list(decimals(Decimal("100.00")))


# -- whatever the constructors accept is a document -------------------------------------

#: Characters of every kind a Python str may hold, lone surrogates among them.
_CLEAN_ALPHABET = '预算a0 "\\\x00\t\u2028\ufeff\U0001f600'
_WILD_ALPHABET = _CLEAN_ALPHABET + chr(0xD800) + chr(0xDFFF)


def _wild_texts(max_size: int = 6) -> st.SearchStrategy[str]:
    """Texts, one in three of any characters (which may hold a lone surrogate)."""
    clean = st.text(_CLEAN_ALPHABET, min_size=1, max_size=max_size)
    return st.one_of(clean, clean, st.text(_WILD_ALPHABET, min_size=1, max_size=max_size))


def _wild_numbers() -> st.SearchStrategy[Any]:
    """Numbers, of a document's digits and exponents and past them; floats, NaN."""
    digits = st.integers(1, 110).flatmap(lambda n: st.integers(10 ** (n - 1), 10**n - 1))
    exponents = st.sampled_from([0, -1, 5, -999_999, 999_999, -1_000_000, 1_000_000, 10**9])
    decimals = st.builds(
        lambda coefficient, exponent, negative: Decimal(
            f"{'-' if negative else ''}{coefficient}E{exponent}"
        ),
        digits,
        exponents,
        st.booleans(),
    )
    return st.one_of(
        st.integers(-(10**101), 10**101),
        decimals,
        st.sampled_from([Decimal("NaN"), Decimal("-Infinity"), Decimal("-0"), 0.5, True]),
    )


def _wild_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), _wild_numbers(), _wild_texts())
    values = st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(_wild_texts(4), inner, max_size=3),
            st.lists(inner, max_size=3),
            st.dictionaries(_wild_texts(4), inner, max_size=3),
            st.lists(inner, max_size=2).map(tuple),  # what JSON cannot hold
            st.dictionaries(st.integers(0, 3), inner, min_size=1, max_size=1),
        ),
        max_leaves=4,
    )
    deep = st.tuples(st.integers(MAX_DEPTH - 3, MAX_DEPTH + 3), scalars).map(
        lambda pair: _nest(*pair)
    )
    return st.one_of(values, deep)


def _nest(levels: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


_BASE = examples.load("qingshen-2023")


@settings(max_examples=example_count(400), deadline=None)
@given(
    _wild_texts(12),
    _wild_texts(12),
    st.dictionaries(_wild_texts(4), _wild_values(), max_size=3),
    st.dictionaries(_wild_texts(4), _wild_values(), max_size=2),
)
def test_whatever_the_constructors_accept_round_trips(
    title: str, name: str, extensions: dict[str, Any], project_extensions: dict[str, Any]
) -> None:
    try:
        project = attrs.evolve(_BASE.projects[0], name=name, extensions=project_extensions)
        built = attrs.evolve(
            _BASE, title=title, extensions=extensions, projects=(project, *_BASE.projects[1:])
        )
    except (TypeError, ValueError):
        event("refused by a constructor")
        return  # not a document; the constructors' words are tested elsewhere
    event("built")
    text = dumps(built)
    back = loads(text)
    assert back == built
    again = dumps(back)
    # Written again the same way, every digit surviving: JSON's one exception is the
    # whole number -0, which Python reads as the integer 0 (equal, without a sign).
    assert again == text or _digits(again) == _digits(text)
    assert dumps(loads(again)) == again


def _digits(text: str) -> Any:
    """*text* parsed with every number kept as its digits, -0 as 0."""
    return json.loads(text, parse_float=str, parse_int=lambda digits: digits.replace("-0", "0"))


def test_a_whole_number_minus_zero_reads_as_the_integer_zero() -> None:
    # json.loads('-0') is 0: the sign of an integer zero is not kept, as in JavaScript's
    # JSON.stringify(-0) == '0'. A -0.0 keeps its sign and its digits.
    built = attrs.evolve(_BASE, extensions={"a": Decimal("-0"), "b": Decimal("-0.0")})
    text = dumps(built)
    assert '"extensions":{"a":-0,"b":-0.0}' in text
    back = loads(text)
    assert back == built
    assert back.extensions == {"a": 0, "b": Decimal("-0.0")}
    assert str(back.extensions["b"]) == "-0.0"
    assert '"extensions":{"a":0,"b":-0.0}' in dumps(back)
