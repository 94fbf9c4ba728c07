"""Chinese numerals and mixed numbers (perfeval._cn_numbers)."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import _cn_numbers as cn_numbers
from perfeval._cn_numbers import (
    MAX_DIGITS,
    NUMERAL_CHARS,
    FigureTooLongError,
    NumeralError,
    parse_cn_integer,
    parse_number,
)
from perfeval._io import limits

# -- an independent renderer: the standard way of writing an integer in Chinese ----------

_DIGITS = "零一二三四五六七八九"


def render_group(number: int) -> str:
    """0 < number < 10000, with 零 for inner runs of missing places (一千零一十)."""
    out: list[str] = []
    gap = False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // place % 10
        if digit == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        out.append(_DIGITS[digit] + name)
    return "".join(out)


def render(number: int) -> str:
    """The standard Chinese numeral for 0 <= number < 10**16."""
    if number == 0:
        return "零"
    parts: list[str] = []
    gap = False
    groups = ((number // 10**8, "亿"), (number // 10**4 % 10**4, "万"), (number % 10**4, ""))
    for value, marker in groups:
        if value == 0:
            gap = gap or bool(parts)
            continue
        if parts and (gap or value < 1000):
            parts.append("零")
        parts.append((render(value) if value >= 10**4 else render_group(value)) + marker)
        gap = False
    text = "".join(parts)
    # 十 without 一 at the very start only: 十五, 十万, 十亿 (but 一百一十).
    return text[1:] if text.startswith("一十") else text


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (2, "二"),
        (10, "十"),
        (15, "十五"),
        (25, "二十五"),
        (110, "一百一十"),
        (305, "三百零五"),
        (1010, "一千零一十"),
        (4000, "四千"),
        (12000, "一万二千"),
        (100010, "十万零一十"),
        (100000, "十万"),
        (120000000, "一亿二千万"),
        (100010000, "一亿零一万"),
        (1000100000, "十亿零一十万"),
        (100005000, "一亿零五千"),
        (10**12, "一万亿"),
    ],
)
def test_the_renderer_writes_the_standard_form(number: int, text: str) -> None:
    assert render(number) == text


# -- Chinese integers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("零", 0, 1),
        ("〇", 0, 1),
        ("二", 2, 1),
        ("两", 2, 1),
        ("十", 10, 1),
        ("十五", 15, 2),
        ("二十五", 25, 3),
        ("三百零五", 305, 4),
        ("一千零十", 1010, 4),
        ("一千零一十", 1010, 5),
        ("一千〇五", 1005, 4),
        ("四千", 4000, 2),
        ("两千", 2000, 2),
        ("一万二千", 12000, 4),
        ("两万", 20000, 2),
        ("十万", 100000, 2),
        ("二十万", 200000, 3),
        ("一亿二千万", 120000000, 5),
        ("一亿零五百万", 105000000, 6),
        ("二亿三万", 200030000, 4),  # lenient: the standard form has 零
        ("一万亿", 10**12, 3),
        ("一万零五亿", 1000500000000, 5),
        ("九千九百九十九万九千九百九十九", 99999999, 15),
        # The short form: a final digit right after a place word is the next place.
        ("三千五", 3500, 3),
        ("一百二", 120, 3),
        ("一万五", 15000, 3),
        ("一亿五", 150000000, 3),
        ("三千五万", 35000000, 4),
        ("一千零五", 1005, 4),  # with 零 the digit is the units
        ("一万零五", 10005, 4),
        ("一亿五万", 100050000, 4),  # before 万 the digit is the whole group
        # Reading stops at the first character that cannot continue the numeral.
        ("四千余条", 4000, 2),
        ("二个", 2, 1),
        ("三3", 3, 1),
        ("三点五", 3, 1),  # no decimals in an integer
    ],
)
def test_parse_cn_integer(text: str, value: int, end: int) -> None:
    assert parse_cn_integer(text) == (value, end)


def test_parse_cn_integer_starts_where_asked() -> None:
    assert parse_cn_integer("共三百零五人", 1) == (305, 5)


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("", 0, "expected a number"),
        ("个", 0, "expected a number"),
        ("百十", 0, "expected a digit before 百"),
        ("万万", 0, "expected a number before 万"),
        ("亿", 0, "expected a number before 亿"),
        ("二二", 1, "two digits in a row"),
        ("二零", 1, "零 cannot follow a digit"),
        ("一百零零五", 3, "零 is written once"),
        ("一百零", 3, "expected a digit after 零"),
        ("一百零万", 3, "expected a digit between 零 and 万"),
        ("零五", 1, "a number that starts with 零 is zero"),
        ("零十", 1, "a number that starts with 零 is zero"),
        ("零万", 1, "a number that starts with 零 is zero"),
        ("零零", 1, "a number that starts with 零 is zero"),
        ("一百十", 2, "expected a digit before 十"),
        ("一万十五", 2, "expected a digit before 十"),
        ("一十十", 2, "expected a digit before 十"),
        ("一百二千", 3, "千 cannot follow a place of the same or a lower order"),
        ("一千零一千", 4, "千 cannot follow"),
        ("一万二万", 3, "万 cannot appear twice"),
        ("一亿二亿", 3, "亿 cannot appear twice"),
        ("一亿万", 2, "expected a number before 万"),
    ],
)
def test_parse_cn_integer_refuses(text: str, position: int, reason: str) -> None:
    with pytest.raises(NumeralError) as caught:
        parse_cn_integer(text)
    assert caught.value.position == position
    assert reason in caught.value.reason
    assert str(caught.value) == f"position {position}: {caught.value.reason}"


@given(st.integers(0, 10**12))
def test_every_standard_numeral_reads_back(number: int) -> None:
    text = render(number)
    assert parse_cn_integer(text) == (number, len(text))
    assert parse_cn_integer(text + "个") == (number, len(text))
    assert parse_number("第" + text + "名", 1) == (Decimal(number), len(text) + 1)


@given(st.integers(1, 9), st.sampled_from(["百", "千", "万", "亿"]))
def test_liang_is_two(digit: int, marker: str) -> None:
    standard = _DIGITS[digit] + marker
    assert parse_cn_integer(standard.replace("二", "两")) == parse_cn_integer(standard)


# -- mixed numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("0", "0", 1),
        ("5", "5", 1),
        ("50个", "50", 2),
        ("1,805名", "1805", 5),
        ("12,345,678", "12345678", 10),
        ("1，805", "1805", 5),
        ("1,805，涉及", "1805", 5),  # a comma that ends the number
        ("50,个", "50", 2),
        ("359.18", "359.18", 6),
        ("0.50", "0.50", 4),
        ("１２３．４", "123.4", 5),
        ("3.", "3", 1),
        ("3.2.1", "3.2", 3),
        ("3.2万", "32000", 4),
        ("3.20万", "32000", 5),
        ("1.23456万", "12345.6", 8),
        ("1.5亿", "150000000", 4),
        ("3.2万亿", "3200000000000", 5),
        ("3万", "30000", 2),
        ("12万", "120000", 3),
        ("15000万", "150000000", 6),
        ("1,000万", "10000000", 6),
        ("1万2千", "12000", 4),
        ("1万2000", "12000", 6),
        ("1万0500", "10500", 6),
        ("1万0", "10000", 3),
        ("1亿500万", "105000000", 6),
        ("1亿5000", "100005000", 6),
        ("1万2", "12000", 3),  # the short form, as 一万二
        ("5千", "5000", 2),
        ("2千5百", "2500", 4),
        ("三点五", "3.5", 3),
        ("三点五零", "3.50", 4),
        ("零点五", "0.5", 3),
        ("十点五", "10.5", 3),
        ("十二点五万", "125000", 5),
        ("三点五亿", "350000000", 4),
        ("三点", "3", 1),  # 点 without digits is not a point: 三点 (o'clock)
        ("3点5", "3", 1),  # 点 is a point between Chinese numerals only
        ("3点五", "3", 1),
        ("12点五", "12", 2),
        ("零点五万", "5000", 4),
        ("0万", "0", 2),
        ("05", "5", 2),
    ],
)
def test_parse_number(text: str, value: str, end: int) -> None:
    number, stop = parse_number(text)
    assert (number, stop) == (Decimal(value), end)
    assert number.as_tuple() == Decimal(value).as_tuple()  # the same digits, no exponent


@pytest.mark.parametrize(
    ("text", "units", "value", "end"),
    [
        ("359.18万元", ["万元"], "359.18", 6),
        ("12千元", ["千元"], "12", 2),
        ("3.2千元", ["千元"], "3.2", 3),
        ("1.5亿元", ["亿元"], "1.5", 3),
        ("15000万元", ["万元"], "15000", 5),
        ("三百万元", ["万元"], "300", 2),
        ("十二万元", ["万元"], "12", 2),
        ("二千元", ["千元"], "2", 1),
        ("一千万元", ["万元"], "1000", 2),
        ("100百分比", ["百分比"], "100", 3),
        ("五千米", ["千米"], "5", 1),
        # Something of the same or a higher order came first: the marker is the numeral's.
        ("一万二千元", ["千元"], "12000", 4),
        ("1万2千元", ["千元"], "12000", 4),
        ("一亿二千万元", ["万元"], "120000000", 5),
        ("3万亿元", ["亿元"], "30000", 2),
        ("二千五百元", ["千元"], "2500", 4),
    ],
)
def test_parse_number_stops_before_scaled_units(
    text: str, units: list[str], value: str, end: int
) -> None:
    assert parse_number(text, scaled_units=units) == (Decimal(value), end)


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("", 0, "expected a number"),
        ("万元", 0, "expected a number before 万"),
        ("1,80", 1, "expected three digits after the thousands separator"),
        ("1,8050", 1, "expected three digits after the thousands separator"),
        ("1,805,00", 5, "expected three digits after the thousands separator"),
        ("1234,567", 4, "a thousands separator must follow one to three digits"),
        ("12千", 2, "expected a single digit before 千"),
        ("3.2十", 3, "a decimal number can only be followed by 万 or 亿"),
        ("3.2二", 3, "a decimal number can only be followed by 万 or 亿"),
        ("3.2万5", 4, "a decimal number can only be followed by 万 or 亿"),
        ("3.2万12", 4, "a decimal number can only be followed by 万 or 亿"),
        ("3.2亿万", 4, "万 cannot follow this decimal number"),
        ("3.2万万", 4, "万 cannot follow this decimal number"),
        ("3.2亿亿", 4, "亿 cannot follow this decimal number"),
        ("1万2.5", 2, "a decimal number must come first"),
        ("1万12345", 2, "a group after 万 or 亿 must be less than 10000"),
        ("十12", 1, "a number of several digits must come first or follow 万 or 亿"),
        ("12零", 2, "零 cannot follow a digit"),
        ("12三", 2, "two digits in a row"),
        ("二5", 1, "two digits in a row"),
        ("零5", 1, "a number that starts with 零 is zero"),
        ("零12", 1, "a number that starts with 零 is zero"),
        ("零点五十", 3, "a decimal number can only be followed by 万 or 亿"),
        ("一万点五", 2, "点 can only follow Chinese numerals below 万"),
    ],
)
def test_parse_number_refuses(text: str, position: int, reason: str) -> None:
    with pytest.raises(NumeralError) as caught:
        parse_number(text)
    assert caught.value.position == position
    assert reason in caught.value.reason


def test_numeral_error_is_a_value_error() -> None:
    assert issubclass(NumeralError, ValueError)
    assert set("零〇一二两三四五六七八九十百千万亿") == NUMERAL_CHARS


@given(st.integers(0, 10**20))
def test_arabic_integers_with_or_without_separators(number: int) -> None:
    assert parse_number(str(number)) == (Decimal(number), len(str(number)))
    grouped = f"{number:,}"
    assert parse_number(grouped) == (Decimal(number), len(grouped))


@given(
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万", 4), ("亿", 8), ("万亿", 12), ("", 0)]),
)
def test_decimals_times_a_marker_are_exact(value: Decimal, marker: tuple[str, int]) -> None:
    text = format(value, "f") + marker[0]
    number, end = parse_number(text)
    assert end == len(text)
    assert number == value * 10 ** marker[1]
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    assert exponent == min(0, int(value.as_tuple().exponent) + marker[1])


@given(st.integers(1, 9999), st.integers(0, 9999))
def test_arabic_groups_mix_with_markers(high: int, low: int) -> None:
    text = f"{high}万{low:04d}"
    assert parse_number(text) == (Decimal(high * 10**4 + low), len(text))


# -- the digits limit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("1" * (MAX_DIGITS + 1), MAX_DIGITS),  # the first digit past the limit
        ("１" * (MAX_DIGITS + 1) + "万", MAX_DIGITS),
        ("1" * 60 + "." + "2" * 41, 101),
        ("1," + ",".join(["111"] * 34), 134),  # in the 34th group
        ("三点" + "五" * MAX_DIGITS, 2 + MAX_DIGITS - 1),
    ],
)
def test_a_number_past_the_digits_limit_is_refused_where_it_passes(
    text: str, position: int
) -> None:
    with pytest.raises(FigureTooLongError) as caught:
        parse_number(text + "人")
    assert caught.value.position == position
    assert caught.value.end == len(text)  # where the number ends: reading may go on
    assert str(caught.value).endswith(
        f"a number of more than {MAX_DIGITS} digits; perfeval reads numbers of at most {MAX_DIGITS}"
    )


@pytest.mark.parametrize(
    "text",
    [
        "1" * MAX_DIGITS,
        "1" * 60 + "." + "2" * 40,
        "1," + ",".join(["111"] * 33),
        "三点" + "五" * 99,
    ],
)
def test_a_number_at_the_digits_limit_is_read(text: str) -> None:
    number, end = parse_number(text)
    assert end == len(text)
    assert len(number.as_tuple().digits) == MAX_DIGITS


def test_the_digits_limit_is_the_documents() -> None:
    assert MAX_DIGITS == limits.MAX_DIGITS == 100


def test_a_malformed_long_number_is_still_malformed() -> None:
    # A group after 万 of a thousand digits is wrong before it is long.
    with pytest.raises(NumeralError, match="a group after 万 or 亿 must be less than 10000"):
        parse_number("1万" + "1" * 1000)


@pytest.mark.parametrize("lifted", [0, 10**7])
def test_a_million_digits_are_never_converted(lifted: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever Python's own limit on int(), perfeval converts at most MAX_DIGITS digits:
    # int() of a million digits would take seconds (quadratic) where it is allowed.
    longest: list[int] = [0]
    real_int = int

    def counting_int(value: Any, *args: Any) -> int:
        if isinstance(value, str):
            longest[0] = max(longest[0], len(value))
        return real_int(value, *args)

    monkeypatch.setattr(cn_numbers, "int", counting_int, raising=False)
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(lifted)
    try:
        for text in ("1" * 10**6, "1." + "2" * 10**6, "１" * 10**6 + "万", "三点" + "五" * 10**6):
            with pytest.raises(FigureTooLongError):
                parse_number(text)
    finally:
        sys.set_int_max_str_digits(previous)
    assert 0 < longest[0] <= MAX_DIGITS
