"""Chinese numerals and the mixed numbers reports print: 四千, 二十五, 3.2万, 1万2千.

Private to perfeval: :mod:`perfeval.quantity` builds on it. Pure functions of a
string and a start index, with no dependency beyond the standard library and
perfeval's limits.

The forms read:

* **Chinese numerals** in the standard way of writing them: digits 零〇一二两三四五六七八
  九, places 十百千 inside a group of four, and the group markers 万 (10⁴) and 亿 (10⁸):
  ``三百零五`` = 305, ``一万二千`` = 12000, ``一亿二千万`` = 120000000, ``一万亿`` = 10¹².
  十 may stand without a digit at the start of a number or after 零 (``十五``,
  ``十万``, ``一千零十``). 两 is the digit 2 (``两千``).
* **The short form** that drops the last place word: a final digit written straight
  after 百, 千, 万 or 亿 (with no 零 between) stands for the next lower place, as
  readers take it: ``三千五`` = 3500, ``一百二`` = 120, ``一万五`` = 15000. With 零 the
  digit is the units: ``一千零五`` = 1005.
* **Decimals** with 点: ``三点五`` = 3.5, ``零点五`` = 0.5, ``十二点五万`` = 125000.
* **Arabic digits** (half- or full-width), optionally with thousands separators in
  groups of three (``1,805``) and a decimal point (``359.18``, ``１２３．４``), and their
  mixtures with the Chinese markers: ``3.2万`` = 32000, ``1.5亿``, ``1万2千`` = 12000,
  ``1亿500万``. A single Arabic digit may stand where a Chinese digit does
  (``1万2千``); a longer number must come first or follow 万 or 亿 as a whole group
  (``1万2000``).

Everything else that looks like a numeral is refused rather than guessed:
``百十``, ``万万``, ``二二``, ``二零``, ``一百零``. Reading stops at the first character
that cannot continue the number; the caller decides what may follow.

Values are exact: an integer, or a :class:`~decimal.Decimal` that keeps the digits as
printed and never has a positive exponent (``3.2万`` is ``Decimal("32000")``, not
``Decimal("3.2E+4")``).

A number has at most :data:`MAX_DIGITS` digits written with Arabic digits (or after
点), as the numbers of a document (:mod:`perfeval._io.limits`); a longer one is read to
its end, in time linear in its length, and refused with :class:`FigureTooLongError`
without its digits ever being converted.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal
from typing import Final

from perfeval._io.limits import MAX_DIGITS

__all__ = [
    "MAX_DIGITS",
    "NUMERAL_CHARS",
    "FigureTooLongError",
    "NumeralError",
    "parse_cn_integer",
    "parse_number",
]

#: Chinese digits and their values (零 and 〇 are 0; 两 is 2).
DIGITS: Final = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
#: The places inside a group of four digits.
SMALL_PLACES: Final = {"十": 10, "百": 100, "千": 1000}
#: The group markers.
GROUPS: Final = {"万": 10**4, "亿": 10**8}
#: Every character a Chinese numeral is written with.
NUMERAL_CHARS: Final = frozenset(DIGITS) | frozenset(SMALL_PLACES) | frozenset(GROUPS)

_ARABIC: Final = {c: i for i, c in enumerate("0123456789")} | {
    c: i for i, c in enumerate("０１２３４５６７８９")
}
_DIGIT_RUN: Final = re.compile("[0-9０-９]+")
_HALF_WIDTH: Final = str.maketrans("０１２３４５６７８９", "0123456789")
_POINTS: Final = frozenset(".．")
_SEPARATORS: Final = frozenset(",，")
_FRACTION_DIGITS: Final = {c: v for c, v in DIGITS.items() if c != "两"}

# The kinds of token the scanner has just read.
_START: Final = "start"
_ZERO_NUMBER: Final = "zero number"  # 零 at the start: the number zero itself
_DIGIT: Final = "digit"
_ZERO: Final = "zero"  # 零 as a placeholder inside a number
_PLACE: Final = "place"
_GROUP: Final = "group"
_WHOLE: Final = "whole"  # a multi-digit Arabic integer
_DECIMAL: Final = "decimal"


class NumeralError(ValueError):
    """A numeral is malformed at :attr:`position` (an index in the text scanned).

    Attributes:
        position: Where the numeral stops making sense.
        reason: What was expected there.

    >>> error = NumeralError(1, "a digit cannot follow another digit")
    >>> error.position, str(error)
    (1, 'position 1: a digit cannot follow another digit')
    """

    position: int
    reason: str

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(position, reason)
        self.position = position
        self.reason = reason

    def __str__(self) -> str:
        return f"position {self.position}: {self.reason}"


class FigureTooLongError(NumeralError):
    """A well-formed number with more than :data:`MAX_DIGITS` digits.

    Attributes:
        position: The index of its first digit past the limit.
        end: The index just past the number, where reading would go on.

    >>> error = FigureTooLongError(101, 105)
    >>> error.end, str(error)
    (105, 'position 101: a number of more than 100 digits; perfeval reads numbers of at most 100')
    """

    end: int

    def __init__(self, position: int, end: int) -> None:
        reason = (
            f"a number of more than {MAX_DIGITS} digits; perfeval reads numbers of at most"
            f" {MAX_DIGITS}"
        )
        super().__init__(position, reason)
        self.end = end


class _Scanner:
    """One left-to-right pass over a numeral, with the state of the standard grammar.

    The value is kept as an integer *mantissa* and a count of decimal *places*
    (value = mantissa / 10**places), so that no decimal context can round it.
    """

    def __init__(
        self, text: str, start: int, *, mixed: bool, scaled_units: Collection[str]
    ) -> None:
        self.text = text
        self.start = start
        self.position = start
        self.mixed = mixed
        self.scaled_units = scaled_units
        self.previous = _START
        self.previous_place = 0  # the place word or group marker just read
        self.digit_after = _START  # what the pending digit followed
        self.digit_after_place = 0
        self.pending: int | None = None  # a digit waiting for its place
        self.section = 0  # the current group of four, without the pending digit
        self.last_place = 10**4  # places must decrease within a group
        self.group_value = 0  # the 万 part of the current 亿 group, times 10**4
        self.wan_used = False
        self.yi_value = 0  # the 亿 part, times 10**8
        self.yi_used = False
        self.group_started = False  # anything read since the last 亿
        self.section_started = False  # anything read since the last group marker
        self.largest = 1  # the largest place or group marker read
        self.mantissa = 0  # of a decimal number
        self.places = 0
        self.too_long: int | None = None  # where a run of digits passed MAX_DIGITS

    def fail(self, reason: str, position: int | None = None) -> NumeralError:
        return NumeralError(self.position if position is None else position, reason)

    def scan(self) -> tuple[int, int, int]:
        """Read the numeral; return (mantissa, places, end)."""
        text = self.text
        while self.position < len(text):
            char = text[self.position]
            if char in DIGITS:
                value = DIGITS[char]
                if value == 0:
                    self.zero()
                else:
                    self.digit(value)
                self.position += 1
            elif char in SMALL_PLACES or char in GROUPS:
                if self.unit_starts_here(char):
                    break
                if char in SMALL_PLACES:
                    self.place(SMALL_PLACES[char])
                else:
                    self.group(GROUPS[char])
                self.position += 1
            elif self.mixed and char in _ARABIC:
                self.arabic()
            elif self.mixed and char == "点" and self.fraction_follows():
                self.chinese_point()
            else:
                break
        return self.finish()

    # -- tokens -----------------------------------------------------------------------

    def check_not_after_decimal(self) -> None:
        if self.previous == _DECIMAL:
            raise self.fail("a decimal number can only be followed by 万 or 亿")
        if self.previous == _ZERO_NUMBER:
            raise self.fail("a number that starts with 零 is zero: nothing can follow it")

    def digit(self, value: int) -> None:
        self.check_not_after_decimal()
        if self.previous in (_DIGIT, _WHOLE):
            raise self.fail("two digits in a row: expected 十, 百, 千, 万 or 亿 between them")
        self.pending = value
        self.digit_after = self.previous
        self.digit_after_place = self.previous_place
        self.previous = _DIGIT
        self.started()

    def zero(self) -> None:
        if self.previous == _START:
            self.previous = _ZERO_NUMBER
            return
        self.check_not_after_decimal()
        if self.previous in (_DIGIT, _WHOLE):
            raise self.fail("零 cannot follow a digit (20 is 二十)")
        if self.previous == _ZERO:
            raise self.fail("零 is written once for any number of missing places")
        self.previous = _ZERO

    def place(self, place: int) -> None:
        char = self.text[self.position]
        self.check_not_after_decimal()
        if self.previous == _DIGIT:
            assert self.pending is not None  # noqa: S101 - set with _DIGIT
            digit = self.pending
        elif self.previous in (_START, _ZERO) and place == 10:
            digit = 1  # 十五, 一千零十
        elif self.previous == _WHOLE:
            raise self.fail(f"expected a single digit before {char} (12千 is 1万2千)")
        else:
            raise self.fail(f"expected a digit before {char}")
        if place >= self.last_place:
            raise self.fail(f"{char} cannot follow a place of the same or a lower order")
        self.section += digit * place
        self.pending = None
        self.last_place = place
        self.previous = _PLACE
        self.previous_place = place
        self.largest = max(self.largest, place)
        self.started()

    def group(self, marker: int) -> None:
        char = self.text[self.position]
        if self.previous == _ZERO_NUMBER:
            raise self.fail("a number that starts with 零 is zero: nothing can follow it")
        if self.previous == _ZERO:
            raise self.fail(f"expected a digit between 零 and {char}")
        if self.previous == _DECIMAL:
            self.decimal_group(marker)
            return
        if marker == GROUPS["万"]:
            if not self.section_started:
                raise self.fail("expected a number before 万")
            if self.wan_used:
                raise self.fail("万 cannot appear twice in a group (10⁸ is 一亿)")
            self.group_value = self.close_section(at_end=False) * marker
            self.wan_used = True
        else:
            if not self.group_started:
                raise self.fail("expected a number before 亿")
            if self.yi_used:
                raise self.fail("亿 cannot appear twice")
            group = self.group_value + self.close_section(at_end=False)
            self.yi_value = group * marker
            self.group_value = 0
            self.wan_used = False
            self.yi_used = True
            self.group_started = False
        self.section = 0
        self.pending = None
        self.last_place = 10**4
        self.previous = _GROUP
        self.previous_place = marker
        self.largest = max(self.largest, marker)
        self.section_started = False

    def decimal_group(self, marker: int) -> None:
        char = self.text[self.position]
        if self.yi_used or (marker == GROUPS["万"] and self.wan_used):
            raise self.fail(f"{char} cannot follow this decimal number")
        self.wan_used = self.wan_used or marker == GROUPS["万"]
        self.yi_used = marker == GROUPS["亿"]
        self.scale(marker)
        self.largest = max(self.largest, marker)

    def scale(self, marker: int) -> None:
        power = len(str(marker)) - 1
        if self.places >= power:
            self.places -= power
        else:
            self.mantissa *= 10 ** (power - self.places)
            self.places = 0

    def arabic(self) -> None:
        """Read a run of Arabic digits, with separators and a decimal point."""
        start = self.position
        text = self.text
        digits, end = _digit_run(text, start)
        runs = [(start, digits)]  # where each part of the digits was read
        if end < len(text) and text[end] in _SEPARATORS and _digit_run(text, end + 1)[0]:
            if len(digits) > 3:
                raise self.fail("a thousands separator must follow one to three digits", end)
            while end < len(text) and text[end] in _SEPARATORS:
                group, group_end = _digit_run(text, end + 1)
                if not group:
                    break  # a comma that ends the number: 1,805，涉及…
                if len(group) != 3:
                    raise self.fail("expected three digits after the thousands separator", end)
                runs.append((end + 1, group))
                end = group_end
            digits = "".join(part for _, part in runs)
        fraction = ""
        if end < len(text) and text[end] in _POINTS:
            fraction, fraction_end = _digit_run(text, end + 1)
            if fraction:
                runs.append((end + 1, fraction))
                end = fraction_end
        if len(digits) == 1 and digits != "0" and not fraction and end == start + 1:
            self.digit(int(digits))  # one digit stands where a Chinese digit does
            self.position = end
            return
        self.check_not_after_decimal()
        if self.previous == _GROUP:
            if fraction:
                raise self.fail("a decimal number must come first, before 万 or 亿")
            if len(digits.lstrip("0")) > 4:
                raise self.fail("a group after 万 or 亿 must be less than 10000")
        elif self.previous != _START:
            raise self.fail("a number of several digits must come first or follow 万 or 亿")
        if len(digits) + len(fraction) > MAX_DIGITS:
            # Read to its end, never converted: the caller refuses it where it is read.
            self.note_too_long(runs)
            digits, fraction = "0", "0" if fraction else ""
        if fraction:  # only at the start
            self.mantissa = int(digits + fraction)
            self.places = len(fraction)
            self.previous = _DECIMAL
        else:
            self.section = int(digits)
            self.previous = _WHOLE
        self.started()
        self.position = end

    def note_too_long(self, runs: list[tuple[int, str]], counted: int = 0) -> None:
        """Remember where the digits in *runs*, after *counted* others, pass the limit."""
        if self.too_long is not None:
            return
        left = MAX_DIGITS - counted
        for run_start, run in runs:
            if len(run) > left:
                self.too_long = run_start + left
                return
            left -= len(run)

    def fraction_follows(self) -> bool:
        # 点 is a decimal point between Chinese numerals only (三点五, not 3点5).
        following = self.position + 1
        return (
            self.text[self.position - 1] in NUMERAL_CHARS
            and following < len(self.text)
            and self.text[following] in _FRACTION_DIGITS
        )

    def chinese_point(self) -> None:
        if self.previous not in (_DIGIT, _PLACE, _ZERO_NUMBER) or self.wan_used or self.yi_used:
            raise self.fail("点 can only follow Chinese numerals below 万")
        whole = self.close_section(at_end=True)
        start = end = self.position + 1
        fraction = []
        while end < len(self.text) and self.text[end] in _FRACTION_DIGITS:
            fraction.append(str(_FRACTION_DIGITS[self.text[end]]))
            end += 1
        if len(str(whole)) + len(fraction) > MAX_DIGITS:
            self.note_too_long([(start, "".join(fraction))], counted=len(str(whole)))
            fraction = fraction[:1]
        self.mantissa = int(str(whole) + "".join(fraction))
        self.places = len(fraction)
        self.previous = _DECIMAL
        self.started()
        self.position = end

    # -- state ------------------------------------------------------------------------

    def started(self) -> None:
        self.section_started = True
        self.group_started = True

    def unit_starts_here(self, char: str) -> bool:
        """Whether *char* begins a unit such as 万元 that the number stops before.

        Only when nothing of the same or a higher order precedes it: 三百万元 is
        300 万元, but in 一万二千元 the 千 belongs to the numeral.
        """
        order = SMALL_PLACES.get(char) or GROUPS[char]
        return self.largest < order and any(
            self.text.startswith(unit, self.position) for unit in self.scaled_units
        )

    def close_section(self, *, at_end: bool) -> int:
        """The value of the current group of four, applying the short form."""
        if self.pending is None:
            return self.section
        digit = self.pending
        if self.digit_after == _PLACE and self.digit_after_place >= 100:
            digit *= self.digit_after_place // 10  # 三千五 = 3500
        elif at_end and self.digit_after == _GROUP:
            digit *= self.digit_after_place // 10  # 一万五 = 15000
        return self.section + digit

    def finish(self) -> tuple[int, int, int]:
        if self.previous == _START:
            raise self.fail("expected a number")
        if self.previous == _ZERO:
            raise self.fail("expected a digit after 零")
        if self.previous == _DECIMAL:
            return self.mantissa, self.places, self.position
        value = self.yi_value + self.group_value + self.close_section(at_end=True)
        return value, 0, self.position


def _digit_run(text: str, start: int) -> tuple[str, int]:
    """The Arabic digits (as half-width text) from *start*, and where they end."""
    found = _DIGIT_RUN.match(text, start)
    if found is None:
        return "", start
    return found.group().translate(_HALF_WIDTH), found.end()


def parse_cn_integer(text: str, start: int = 0) -> tuple[int, int]:
    """Read the Chinese numeral that starts at *text[start]*.

    Reading stops at the first character that is not part of a Chinese numeral
    (Arabic digits included); the numeral read must be well formed.

    Args:
        text: The text the numeral is in.
        start: The index of its first character.

    Returns:
        The value, and the index just past the numeral.

    Raises:
        NumeralError: No numeral starts at *start*, or it is malformed; the error's
            position is an index in *text*.

    >>> parse_cn_integer("四千余条")
    (4000, 2)
    >>> parse_cn_integer("共三百零五人", 1)
    (305, 5)
    >>> parse_cn_integer("一亿二千万"), parse_cn_integer("十五"), parse_cn_integer("三千五")
    ((120000000, 5), (15, 2), (3500, 3))
    >>> parse_cn_integer("百十")
    Traceback (most recent call last):
    ...
    perfeval._cn_numbers.NumeralError: position 0: expected a digit before 百
    >>> parse_cn_integer("二二")
    Traceback (most recent call last):
    ...
    perfeval._cn_numbers.NumeralError: position 1: two digits in a row: ...
    """
    value, _, end = _Scanner(text, start, mixed=False, scaled_units=()).scan()
    return value, end


def parse_number(
    text: str, start: int = 0, *, scaled_units: Collection[str] = ()
) -> tuple[Decimal, int]:
    """Read the number that starts at *text[start]*: Arabic, Chinese or mixed.

    Args:
        text: The text the number is in.
        start: The index of its first character.
        scaled_units: Units that begin with a place word or group marker (``万元``,
            ``千元``, ``百分比``). The number stops before such a unit when nothing of
            the same or a higher order was read: ``359.18万元`` is 359.18 followed by
            ``万元``, while ``一万二千元`` is 12000 followed by ``元``.

    Returns:
        The exact value (never with a positive exponent), and the index just past
        the number.

    Raises:
        NumeralError: No number starts at *start*, or it is malformed.
        FigureTooLongError: The number is well formed but has more than
            :data:`MAX_DIGITS` digits (a kind of :class:`NumeralError`); its
            ``end`` says where the number ends.

    >>> parse_number("3.2万余册")
    (Decimal('32000'), 4)
    >>> parse_number("1,805名"), parse_number("1万2千"), parse_number("１２３．４")
    ((Decimal('1805'), 5), (Decimal('12000'), 4), (Decimal('123.4'), 5))
    >>> parse_number("359.18万元", scaled_units=["万元"])
    (Decimal('359.18'), 6)
    >>> parse_number("12千人")
    Traceback (most recent call last):
    ...
    perfeval._cn_numbers.NumeralError: position 2: expected a single digit before 千 ...
    """
    scanner = _Scanner(text, start, mixed=True, scaled_units=scaled_units)
    mantissa, places, end = scanner.scan()
    if scanner.too_long is not None:
        raise FigureTooLongError(scanner.too_long, end)
    digits = tuple(int(d) for d in str(mantissa))
    return Decimal((0, digits, -places)), end
