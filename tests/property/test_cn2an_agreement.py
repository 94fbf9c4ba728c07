"""perfeval's Chinese numerals against cn2an's strict mode, on the forms both read.

`cn2an <https://pypi.org/project/cn2an/>`_ (a development dependency) converts Chinese
numerals with a grammar of its own; in ``strict`` mode it reads the standard forms only.
Where both it and :func:`perfeval._cn_numbers.parse_number` read a whole text, they
must read the same value. The texts are drawn two ways: numerals put together from
their parts (groups of four places, 零, 万 and 亿, 十 with or without 一, decimals with
点, and the variants each reader refuses), and any string of numeral characters.

Forms only one of them reads are outside the comparison, by design on either side:

* perfeval reads what reports print and cn2an's strict mode refuses: 两 and 〇, the
  short form (三千五 = 3500, 一万五 = 15000), decimals scaled by 万 or 亿 (十二点五万),
  decimals ending in 零 (三点五零 keeps its digits).
* cn2an reads what perfeval refuses: 负 (a sign: a report prints 减少), 大写 numerals
  (壹佰), 点 after 万 or 亿 (一万点五), and misreadings such as 七亿十万 = 700000000
  (it drops the 十万) or 五亿零百 = 500000100.

Where both read a form, one exclusion: a decimal of more than 15 significant digits.
cn2an adds the digits of a fraction as binary floats and returns a ``float``, which
holds 15 significant digits exactly and no more: 九千九百九十九点九九九九九九九九九九九九
is 9999.999999999999 to perfeval (exact) and 9999.999999999998 to cn2an.

Without cn2an the tests are skipped, saying why; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import importlib
import os
import warnings
from decimal import Decimal
from types import ModuleType

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfeval._cn_numbers import NumeralError, parse_number

from .strategies import example_count

#: The most significant digits a float holds exactly, and so cn2an's decimals.
FLOAT_DIGITS = 15
_DIGITS = "一二三四五六七八九"
_NUMERAL_ALPHABET = "零一二三四五六七八九十百千万亿点两〇"


def _cn2an() -> ModuleType:
    try:
        return importlib.import_module("cn2an")
    except ImportError:
        reason = "cn2an is not installed (pip install -e . --group dev installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true this test must run")
        pytest.skip(reason)


@pytest.fixture(autouse=True, scope="module")
def _needs_cn2an() -> None:
    _cn2an()


def read_perfeval(text: str) -> Decimal | None:
    """perfeval's value of the whole *text*, or None where it refuses it or reads less."""
    try:
        value, end = parse_number(text)
    except NumeralError:
        return None
    return value if end == len(text) else None


def read_cn2an(cn2an: ModuleType, text: str) -> Decimal | None:
    """cn2an's strict value of *text*, or None where it refuses it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns when it cuts a long fraction
        try:
            value = cn2an.cn2an(text, "strict")
        except ValueError:
            return None
    assert isinstance(value, int | float), (text, value)
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def check_agreement(text: str) -> None:
    """Where both read *text*, they read the same value."""
    cn2an = _cn2an()
    ours, theirs = read_perfeval(text), read_cn2an(cn2an, text)
    if ours is None or theirs is None:
        return
    if len(ours.as_tuple().digits) > FLOAT_DIGITS and ours != ours.to_integral_value():
        return  # cn2an's float cannot hold the fraction (see the module's docstring)
    assert ours == theirs, f"{text}: perfeval reads {ours}, cn2an {theirs}"


# -- numerals put together from their parts -------------------------------------------


@st.composite
def four_places(draw: st.DrawFn) -> str:
    """A group of four places (千百十个), each present or not, 零 between or not."""
    out: list[str] = []
    skipped = False
    for place in ("千", "百", "十", ""):
        if draw(st.booleans()):
            if skipped and out and draw(st.integers(0, 3)):
                out.append("零")
            out.append(draw(st.sampled_from(_DIGITS)) + place)
            skipped = False
        else:
            skipped = True
    return "".join(out) or draw(st.sampled_from(_DIGITS))


@st.composite
def numerals(draw: st.DrawFn) -> str:
    """A numeral below 10¹⁶ in the standard way and in the variants around it."""
    parts: list[str] = []
    for marker in ("亿", "万", ""):
        if draw(st.booleans()) or (not parts and not marker):
            if parts and draw(st.integers(0, 2)) == 0:
                parts.append("零")
            parts.append(draw(four_places()) + marker)
    text = "".join(parts)
    if text.startswith("一十") and draw(st.booleans()):
        text = text[1:]  # 十五, 十万: 十 without 一 at the start
    if draw(st.integers(0, 3)) == 0:
        fraction = draw(st.text(alphabet="零" + _DIGITS, min_size=0, max_size=15))
        text += "点" + fraction + draw(st.sampled_from(_DIGITS))
    if draw(st.integers(0, 7)) == 0:
        text = text.replace("二", "两", 1)
    if draw(st.integers(0, 7)) == 0:
        text = text.replace("零", "〇", 1)
    return text


@settings(max_examples=example_count(2000))
@given(numerals())
@example("零")
@example("十五")
@example("三千五")
@example("一万点五")
def test_numerals_from_their_parts(text: str) -> None:
    check_agreement(text)


@settings(max_examples=example_count(2000))
@given(st.text(alphabet=_NUMERAL_ALPHABET, min_size=1, max_size=14))
def test_any_string_of_numeral_characters(text: str) -> None:
    check_agreement(text)


# -- read by hand ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", "0"),
        ("十", "10"),
        ("十五", "15"),
        ("一十五", "15"),
        ("二十五", "25"),
        ("一百一十", "110"),
        ("三百零五", "305"),
        ("一千零十", "1010"),
        ("一千零一十", "1010"),
        ("四千", "4000"),
        ("一万二千", "12000"),
        ("一万零五百", "10500"),
        ("十万零一十", "100010"),
        ("一亿二千万", "120000000"),
        ("一亿零五", "100000005"),
        ("一亿零二千万", "120000000"),
        ("一万亿", "1000000000000"),
        ("五千万亿", "5000000000000000"),
        ("九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九", "9999999999999999"),
        ("三点五", "3.5"),
        ("零点五", "0.5"),
        ("零点零五", "0.05"),
        ("十点五", "10.5"),
        ("一百点零五", "100.05"),
        ("九千九百九十九点九九九九九九九九九九九", "9999.99999999999"),
    ],
)
def test_both_read_the_standard_forms_alike(text: str, value: str) -> None:
    cn2an = _cn2an()
    assert read_perfeval(text) == Decimal(value)
    assert read_cn2an(cn2an, text) == Decimal(value)


@pytest.mark.parametrize(
    "text", ["两千", "〇点五", "三千五", "一万五", "十二点五万", "三点五零", "一百二"]
)
def test_cn2an_strict_refuses_what_reports_print(text: str) -> None:
    assert read_perfeval(text) is not None
    assert read_cn2an(_cn2an(), text) is None


@pytest.mark.parametrize(
    ("text", "theirs"),
    [("一万点五", "10000.5"), ("七亿十万", "700000000"), ("五亿零百", "500000100")],
)
def test_perfeval_refuses_what_cn2an_reads(text: str, theirs: str) -> None:
    assert read_perfeval(text) is None
    assert read_cn2an(_cn2an(), text) == Decimal(theirs)


def test_long_fractions_are_left_out_for_cn2an_s_floats() -> None:
    text = "九千九百九十九点九九九九九九九九九九九九"  # 16 significant digits
    assert read_perfeval(text) == Decimal("9999.999999999999")
    assert read_cn2an(_cn2an(), text) == Decimal("9999.999999999998")
    check_agreement(text)  # excluded, not failed
