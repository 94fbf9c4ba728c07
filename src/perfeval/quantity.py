"""Quantities, targets and actuals: the figures a performance report states.

A :class:`Quantity` is a number as a report prints it, with its unit of measure and
how exact it is: ``3.2万余册`` is 32000 册, "or more". A :class:`Target` is an
indicator's target value (年度指标值) and an :class:`Actual` what was achieved
(实际完成值). The parsers read the forms reports print:

* **Numbers**: Arabic digits, with thousands separators and a decimal point, half- or
  full-width (``1,805``, ``359.18``, ``１２３．４``); Chinese numerals (``四千``,
  ``三百零五``, ``二个``); mixtures (``3.2万``, ``1万2千``, ``1.5亿``); a leading minus.
* **万 and 亿 multiply a count** (``3.2万余册`` is 32000 册, ``3万人`` 30000 人) **but
  belong to a money unit**: a scale word directly before 元 is part of the unit when
  nothing larger precedes it, so ``359.18万元`` is 359.18 万元, ``12千元`` 12 千元 and
  ``三百万元`` 300 万元 (while ``一万二千元`` is 12000 元). The same holds for 千米,
  千克, 千瓦 and 百分点.
* **Percentages**: ``173%``, ``95％``, ``百分之九十五`` and ``100百分比`` all have the
  unit ``%``.
* **The unit** is what follows the number, as printed: a run of Chinese characters or
  letters (``册``, ``人次``, ``万元``, ``km``, ``次/年``), or ``%``/``‰``. Whitespace
  around the number and the unit is ignored (``1022.17 万元``).
* **Qualifiers**: before the number 约/大约 (about), 近/将近/不到/不足 (at most);
  between the number and the unit 余/多 (or more: ``190余次``, ``四千余条``,
  ``十多万人``); after the unit 以上/及以上 (or more), 以下/及以下/以内 (at most),
  左右/上下 (about). Words that agree may repeat (``约100人左右``); words that
  contradict each other (``约100余人``) are an error. A bare 百, 千, 万 or 亿 counts as
  one of them before 余/多 or after a prefix (``百余次``, ``近千人``).

Targets read the same quantities after an operator, and read 以上, 以下 and 以内 as
the operator rather than as a qualifier; see :func:`parse_target` for the forms.

The parsers read what a document holds: texts of at most 1,000,000 characters
without a lone surrogate, and figures of at most 100 digits. Both are checked before
anything else is done (a figure's digits are counted, never converted), a text past
them is refused with a :class:`~perfeval.errors.ParseError` that names the limit, and
reading takes time linear in the length of the text, whatever it holds.

>>> from perfeval import parse_quantity, parse_target
>>> parse_quantity("3.2万余册")
Quantity('32000', '册', Qualifier.AT_LEAST)
>>> print(parse_quantity("约25万元"))
约25万元
>>> parse_target("≥50个")
Target(operator=Operator.GE, value=Quantity('50', '个'), text='≥50个')
"""

from __future__ import annotations

import array
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar

import attrs

from perfeval import _spec as s
from perfeval._cn_numbers import NUMERAL_CHARS, FigureTooLongError, NumeralError, parse_number
from perfeval._decimal import decimal_text
from perfeval._io.limits import MAX_TEXT_LENGTH
from perfeval.codes import MONEY_UNIT_LABELS, Achievement, Operator, Qualifier
from perfeval.errors import ParseError

if TYPE_CHECKING:
    from perfeval.money import Money

__all__ = [
    "DASH_CELLS",
    "Achievement",
    "Actual",
    "Operator",
    "Qualifier",
    "Quantity",
    "Target",
    "is_dash",
    "parse_actual",
    "parse_quantity",
    "parse_target",
    "parse_target_columns",
]


# -- the value objects -------------------------------------------------------------------


#: The members of which each class needs at least one (the schema states it too).
AT_LEAST_ONE: Final[dict[str, tuple[str, ...]]] = {
    "Target": ("value", "text"),
    "Actual": ("value", "achievement", "text"),
}


def _present(instance: Any) -> None:
    """Refuse an instance whose members of :data:`AT_LEAST_ONE` are all missing."""
    cls = type(instance)
    names = AT_LEAST_ONE[cls.__name__]
    if all(getattr(instance, name) is None for name in names):
        raise s.at_least_one(cls, names).error()


@attrs.frozen(field_transformer=s.install)
class Quantity:
    """A number as printed, with its unit of measure and qualifier: ``3.2万余册``.

    Build one directly or with :func:`parse_quantity`. The value is exact: a
    :class:`~decimal.Decimal`, an :class:`int` or a decimal string, never a float.
    Two quantities are equal when value, unit and qualifier are (32000 册 is not
    3.2 万册: the unit is compared as printed).

    Attributes:
        value: The number, exact, after 万/亿 of a count are applied (``3.2万册``
            has the value 32000).
        unit: The unit of measure as printed (``册``, ``人次``, ``%``, ``万元``), or
            ``None`` for a bare number.
        qualifier: How exact the number is: exact, or more (余), about (约), at
            most (不到).

    Raises:
        TypeError: *value* is a float or not a number; *unit* is not a string;
            *qualifier* is not a :class:`~perfeval.codes.Qualifier`.
        ValueError: *value* is not plain decimal text or not finite, or has more
            digits than a document keeps (18 before the point, 12 after); *unit* is
            empty, has surrounding whitespace, is longer than 1,000,000 characters or
            holds a lone surrogate.

    >>> from perfeval import Qualifier, Quantity
    >>> Quantity("32000", "册", Qualifier.AT_LEAST)
    Quantity('32000', '册', Qualifier.AT_LEAST)
    >>> Quantity(0.5, "%")
    Traceback (most recent call last):
    ...
    TypeError: value must be a Decimal, an int or a decimal string, not float (0.5): ...
    >>> Quantity(5, "")
    Traceback (most recent call last):
    ...
    ValueError: unit must not be empty; omit the member when there is nothing to say
    """

    value: Decimal = attrs.field(
        converter=s.to_decimal_value,
        metadata=s.decimal(
            "数值", "The number, exact; 万 and 亿 of a count are applied (3.2万册 is 32000)."
        ),
    )
    unit: str | None = attrs.field(
        default=None,
        metadata=s.trimmed_text("计量单位", "The unit of measure as printed: 册, 人次, %, 万元."),
    )
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=s.code(
            Qualifier, "限定词", "How exact the number is: 余 (or more), 约 (about), 不到."
        ),
    )

    def __str__(self) -> str:
        """The quantity in the words of a report.

        The number is written in full with digits (``32000``, never ``3.2E+4``),
        then the unit. The qualifier is written as ``约`` before the number (about),
        ``不到`` before the number (at most), and ``余`` between the number and the
        unit (or more), except after ``%``, ``‰`` and a bare number, which take
        ``以上``. :func:`parse_quantity` reads the result back to an
        equal quantity, for every quantity it returns.

        >>> from perfeval import Qualifier, Quantity
        >>> print(Quantity(32000, "册", Qualifier.AT_LEAST))
        32000余册
        >>> print(Quantity(95, "%", Qualifier.AT_LEAST), Quantity(100, "人", Qualifier.AT_MOST))
        95%以上 不到100人
        >>> str(Quantity("25", "万元", Qualifier.APPROXIMATELY))
        '约25万元'
        """
        number = decimal_text(self.value)
        unit = self.unit or ""
        if self.qualifier is Qualifier.APPROXIMATELY:
            return f"约{number}{unit}"
        if self.qualifier is Qualifier.AT_MOST:
            return f"不到{number}{unit}"
        if self.qualifier is Qualifier.AT_LEAST:
            if unit in ("", "%", "‰"):
                return f"{number}{unit}以上"
            return f"{number}余{unit}"
        return number + unit

    def __repr__(self) -> str:
        """Python source that rebuilds the quantity, defaults left out.

        >>> from perfeval import Qualifier, Quantity
        >>> Quantity("32000", "册", Qualifier.AT_LEAST)
        Quantity('32000', '册', Qualifier.AT_LEAST)
        >>> Quantity(100), Quantity(5, qualifier=Qualifier.APPROXIMATELY)
        (Quantity('100'), Quantity('5', qualifier=Qualifier.APPROXIMATELY))
        """
        parts = [repr(decimal_text(self.value))]
        if self.unit is not None:
            parts.append(repr(self.unit))
        if self.qualifier is not Qualifier.EXACT:
            parts.append(f"{'' if self.unit is not None else 'qualifier='}{self.qualifier!r}")
        return f"Quantity({', '.join(parts)})"

    def as_money(self, *, ignore_qualifier: bool = False) -> Money:
        """The quantity as an amount of money, when its unit is 元, 千元, 万元 or 亿元.

        Args:
            ignore_qualifier: Money has no qualifier, so a quantity that is not
                exact (``约25万元``) is refused unless this is true.

        Raises:
            ValueError: The unit is not a unit of money, or the quantity is not
                exact and *ignore_qualifier* is false.

        >>> from perfeval import parse_quantity
        >>> parse_quantity("359.18万元").as_money()
        Money('359.18', MoneyUnit.WAN_YUAN)
        >>> parse_quantity("约25万元").as_money(ignore_qualifier=True)
        Money('25', MoneyUnit.WAN_YUAN)
        >>> parse_quantity("51起").as_money()
        Traceback (most recent call last):
        ...
        ValueError: 51起 is not an amount of money: the unit must be 元, 千元, 万元 or 亿元
        """
        unit = MONEY_UNIT_LABELS.get(self.unit or "")
        if unit is None:
            msg = f"{self} is not an amount of money: the unit must be 元, 千元, 万元 or 亿元"
            raise ValueError(msg)
        if self.qualifier is not Qualifier.EXACT and not ignore_qualifier:
            msg = (
                f"{self} is not an exact amount; pass ignore_qualifier=True to take"
                f" {decimal_text(self.value)}{self.unit} as the amount"
            )
            raise ValueError(msg)
        from perfeval.money import Money  # noqa: PLC0415 - quantity does not depend on money

        return Money(self.value, unit)


@attrs.frozen(field_transformer=s.install)
class Target:
    """An indicator's target value (年度指标值): an operator, a quantity, the text.

    ``≥50个`` is ``Target(Operator.GE, Quantity(50, "个"), "≥50个")``; a qualitative
    target (``效果明显``) has the operator ``QUALITATIVE`` and only its text; a blank
    template (``≥**人次``) has only its text. At least one of *value* and *text* is
    present.

    Attributes:
        operator: The comparison (指标性质); ``None`` when the report printed a bare
            number or a blank template.
        value: The target quantity (指标值), if there is one.
        text: The target as printed, if known.

    Raises:
        TypeError: A member has the wrong type.
        ValueError: Both *value* and *text* are missing, or *text* is empty, has
            surrounding whitespace, is longer than 1,000,000 characters or holds a
            lone surrogate.

    >>> from perfeval import Operator, Target
    >>> Target(Operator.QUALITATIVE, text="效果明显")
    Target(operator=Operator.QUALITATIVE, value=None, text='效果明显')
    >>> Target(Operator.GE)
    Traceback (most recent call last):
    ...
    perfeval.errors.FieldError: Target must have at least one of the members value (指标值), ...
    """

    operator: Operator | None = attrs.field(
        default=None,
        metadata=s.code(Operator, "指标性质", "The comparison: >=, <=, =, >, < or qualitative."),
    )
    value: Quantity | None = attrs.field(
        default=None, metadata=s.obj(Quantity, "指标值", "The target quantity.")
    )
    text: str | None = attrs.field(
        default=None, metadata=s.trimmed_text("原文", "The target as printed.")
    )

    __attrs_post_init__ = _present  # at least one member (AT_LEAST_ONE)


@attrs.frozen(field_transformer=s.install)
class Actual:
    """What an indicator achieved (实际完成值): a quantity, an achievement, the text.

    ``50`` is ``Actual(value=Quantity(50))``; ``达成预期指标`` is
    ``Actual(achievement=Achievement.ACHIEVED, text="达成预期指标")``. At least one
    member is present.

    Attributes:
        value: The quantity achieved, if the report printed one.
        achievement: Whether a qualitative target was met (达成, 部分达成, 未达成).
        text: The actual as printed, if it says more than *value*.

    Raises:
        TypeError: A member has the wrong type.
        ValueError: Every member is missing, or *text* is empty, has surrounding
            whitespace, is longer than 1,000,000 characters or holds a lone surrogate.

    >>> from perfeval import Achievement, Actual
    >>> Actual(achievement=Achievement.ACHIEVED)
    Actual(value=None, achievement=Achievement.ACHIEVED, text=None)
    >>> Actual()
    Traceback (most recent call last):
    ...
    perfeval.errors.FieldError: Actual must have at least one of the members value (实际完成值), ...
    """

    value: Quantity | None = attrs.field(
        default=None, metadata=s.obj(Quantity, "实际完成值", "The quantity achieved.")
    )
    achievement: Achievement | None = attrs.field(
        default=None,
        metadata=s.code(Achievement, "达成情况", "Whether a qualitative target was met."),
    )
    text: str | None = attrs.field(
        default=None, metadata=s.trimmed_text("原文", "The actual as printed.")
    )

    __attrs_post_init__ = _present  # at least one member (AT_LEAST_ONE)


# -- reading quantities ------------------------------------------------------------------

#: Units that begin with a place word or group marker which belongs to the unit.
_SCALED_UNITS: Final = ("千元", "万元", "亿元", "百分比", "百分点", "千米", "千克", "千瓦")
_GROUP_MARKERS: Final = {"万": 4, "亿": 8}
_BARE_NUMBERS: Final = {"百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_MINUS: Final = frozenset("-－−")
_POINTS: Final = frozenset(".．")
_ARABIC_DIGITS: Final = frozenset("0123456789０１２３４５６７８９")
_PERCENT_SIGNS: Final = {"%": "%", "％": "%", "‰": "‰", "百分比": "%"}

_AT_LEAST: Final = Qualifier.AT_LEAST
_ABOUT: Final = Qualifier.APPROXIMATELY
_AT_MOST: Final = Qualifier.AT_MOST
_PREFIX_QUALIFIERS: Final = (
    ("大约", _ABOUT),
    ("约", _ABOUT),
    ("将近", _AT_MOST),
    ("近", _AT_MOST),
    ("不到", _AT_MOST),
    ("不足", _AT_MOST),
)
_INFIX_QUALIFIERS: Final = {"余": _AT_LEAST, "多": _AT_LEAST}
_SUFFIX_QUALIFIERS: Final = (
    ("及以上", _AT_LEAST),
    ("以上", _AT_LEAST),
    ("及以下", _AT_MOST),
    ("以下", _AT_MOST),
    ("以内", _AT_MOST),
    ("左右", _ABOUT),
    ("上下", _ABOUT),
)
#: In a target these suffixes are the operator, not a qualifier.
_SUFFIX_OPERATORS: Final = {
    "及以上": Operator.GE,
    "以上": Operator.GE,
    "及以下": Operator.LE,
    "以下": Operator.LE,
    "以内": Operator.LE,
}
_MEANINGS: Final = {_AT_LEAST: "or more", _ABOUT: "about", _AT_MOST: "at most"}


def _quantity(text: str, reading: _Reading, unit: str | None) -> Quantity:
    """Build the quantity read, or say where a number too long for a document ends."""
    try:
        return Quantity(reading.value, unit, reading.qualifier)
    except ValueError as error:
        raise ParseError(text, reading.unit_start, str(error)) from None


class _FigureTooLongError(ParseError):
    """A figure past the digits limit, in a text otherwise read: never taken for words."""


_T = TypeVar("_T")


def _plain_errors(read: Callable[..., _T], *args: Any) -> _T:
    """*read(*args)*, raising a :class:`_FigureTooLongError` as the ParseError it is."""
    try:
        return read(*args)
    except _FigureTooLongError as error:
        raise ParseError(error.text, error.position, error.reason) from None


class _Runs:
    """Where the runs of spaces and of unit characters from each index of *text* end.

    Free text is read from many positions, and each reading may cross the same long
    run: remembering where each run ends (a position is looked at once, then its
    answer is known) keeps the work linear in the length of the text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Arrays, not lists: compact, and nothing for the garbage collector to visit.
        self.space_ends = array.array("q", [-1]) * (len(text) + 1)
        # Every run of unit characters at once, in one pass of the regular expression.
        self.unit_ends = array.array("q", range(len(text) + 1))
        for found in _UNIT_RUN.finditer(text):
            start, end = found.span()
            self.unit_ends[start:end] = array.array("q", [end]) * (end - start)

    def skip_space(self, position: int) -> int:
        if position < len(self.text) and not self.text[position].isspace():
            return position
        return self._end(self.space_ends, _in_space, position)

    def unit_end(self, position: int) -> int:
        return self.unit_ends[position]

    def _end(self, ends: array.array[int], inside: Callable[[str, int], bool], start: int) -> int:
        if ends[start] >= 0:
            return ends[start]
        text = self.text
        position = start
        while position < len(text) and ends[position] < 0 and inside(text, position):
            position += 1
        end = ends[position] if position < len(text) and ends[position] >= 0 else position
        ends[start:position] = array.array("q", [end]) * (position - start)
        return end


def _in_space(text: str, position: int) -> bool:
    return text[position].isspace()


class _Reading(NamedTuple):
    value: Decimal
    unit: str | None
    qualifier: Qualifier
    operator: Operator | None  # from 以上/以下/以内 when reading a target
    operator_at: int
    unit_start: int


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _is_unit_char(char: str) -> bool:
    return (
        "\u4e00" <= char <= "\u9fff"
        or "\u3400" <= char <= "\u4dbf"
        or ("A" <= char <= "Z")
        or ("a" <= char <= "z")
        or ("Ａ" <= char <= "Ｚ")
        or ("ａ" <= char <= "ｚ")
        or char in "/／²³℃°"
    )


def _starts_suffix(text: str, position: int) -> bool:
    return any(text.startswith(word, position) for word, _ in _SUFFIX_QUALIFIERS)


#: A run of unit characters (:func:`_is_unit_char`) in which no suffix word begins
#: (:func:`_starts_suffix`): where a unit as printed ends.
_UNIT_RUN: Final = re.compile(
    "(?:(?!"
    + "|".join(re.escape(word) for word, _ in _SUFFIX_QUALIFIERS)
    + ")[\u4e00-\u9fff\u3400-\u4dbfA-Za-zＡ-Ｚａ-ｚ/／²³℃°])+"
)


def _scaled_unit_at(text: str, position: int) -> bool:
    return any(text.startswith(unit, position) for unit in _SCALED_UNITS)


def _shift(value: Decimal, places: int) -> Decimal:
    """*value* × 10**places, exactly, never with a positive exponent."""
    sign, digits, exponent = value.as_tuple()
    shifted = int(exponent) + places
    if shifted > 0:
        return Decimal((sign, (*digits, *(0,) * shifted), 0))
    return Decimal((sign, digits, shifted))


class _QuantityReader:
    """Reads one quantity from *position* to the end of *text*.

    *runs*, when given, remembers the runs of spaces and of unit characters of
    *text* across the readers of one text.
    """

    def __init__(self, text: str, *, in_target: bool, runs: _Runs | None = None) -> None:
        self.text = text
        self.in_target = in_target
        self.runs = runs
        self.qualifier: Qualifier | None = None
        self.qualifier_word = ""
        self.operator: Operator | None = None
        self.operator_at = 0
        self.too_long: FigureTooLongError | None = None

    def skip_space(self, position: int) -> int:
        if self.runs is None:
            return _skip_space(self.text, position)
        return self.runs.skip_space(position)

    def qualify(self, word: str, qualifier: Qualifier, position: int) -> None:
        if self.qualifier is not None and qualifier is not self.qualifier:
            reason = (
                f"{word} ({_MEANINGS[qualifier]}) contradicts {self.qualifier_word}"
                f" ({_MEANINGS[self.qualifier]}): a quantity takes one qualifier"
            )
            raise ParseError(self.text, position, reason)
        self.qualifier = qualifier
        self.qualifier_word = word

    def read(self, position: int) -> _Reading:
        text = self.text
        position = self.skip_space(position)
        if position == len(text):
            reason = "expected a quantity such as 3.2万余册, 95% or 四千余条"
            raise ParseError(text, position, reason)
        for word, qualifier in _PREFIX_QUALIFIERS:
            if text.startswith(word, position):
                self.qualify(word, qualifier, position)
                position = self.skip_space(position + len(word))
                break
        negative = position < len(text) and text[position] in _MINUS
        if negative:
            position += 1
        percent = not negative and text.startswith("百分之", position)
        if percent:
            position += len("百分之")
        number_start = position
        value, position = self.number(position, percent=percent)
        if negative:
            value = value.copy_negate()
        value, position = self.after_number(
            value, position, percent=percent, written=text[number_start:position]
        )
        position = self.skip_space(position)
        unit_start = position
        unit = None if percent else self.unit(position)
        if unit is not None:
            position = unit[1]
            position = self.skip_space(position)
        expected = "a qualifier (以上, 左右, 以内) or the end of the text"
        if unit is None and not percent:
            expected = "a unit (册, 人次, %, 万元 …), " + expected
        for word, qualifier in _SUFFIX_QUALIFIERS:
            if text.startswith(word, position):
                if self.in_target and word in _SUFFIX_OPERATORS:
                    self.operator = _SUFFIX_OPERATORS[word]
                    self.operator_at = position
                else:
                    self.qualify(word, qualifier, position)
                position = self.skip_space(position + len(word))
                expected = f"the end of the text after {word}"
                break
        if position < len(text):
            reason = f"expected {expected}"
            if text[position] in _POINTS:
                digit_follows = text[position + 1 : position + 2] in _ARABIC_DIGITS
                reason = (
                    "a number has only one decimal point"
                    if digit_follows
                    else "expected a digit after the decimal point"
                )
            raise ParseError(text, position, reason)
        if self.too_long is not None:  # the text is a quantity, but its figure is too long
            raise _FigureTooLongError(text, self.too_long.position, self.too_long.reason)
        return _Reading(
            value,
            "%" if percent else (None if unit is None else unit[0] or text[unit_start : unit[1]]),
            Qualifier.EXACT if self.qualifier is None else self.qualifier,
            self.operator,
            self.operator_at,
            unit_start,
        )

    def number(self, position: int, *, percent: bool) -> tuple[Decimal, int]:
        text = self.text
        following = text[position + 1 : position + 2]
        if (
            not percent
            and text[position : position + 1] in _BARE_NUMBERS
            and (following in _INFIX_QUALIFIERS or (self.qualifier is not None and following))
            and following not in NUMERAL_CHARS
        ):
            # 百余次, 千余人, 近万人: a scale word alone stands for one of it.
            return Decimal(_BARE_NUMBERS[text[position]]), position + 1
        try:
            return parse_number(text, position, scaled_units=() if percent else _SCALED_UNITS)
        except FigureTooLongError as error:
            # Read on: the figure is refused only if the whole text is a quantity.
            self.too_long = self.too_long or error
            return Decimal(0), error.end
        except NumeralError as error:
            reason = error.reason
            if reason.startswith("expected a number"):
                reason = "expected a number such as 1805, 3.2万 or 四千"
            raise ParseError(text, error.position, reason) from None

    def after_number(
        self, value: Decimal, position: int, *, percent: bool, written: str
    ) -> tuple[Decimal, int]:
        """Read 余/多 and the 万/亿 of a count that follow the number (十多万人).

        A marker here must be larger than any in the number *written*: ``3万 亿``
        is 3万亿, but ``3万 万`` is not a number.
        """
        text = self.text
        infix_read = False
        largest = max((_GROUP_MARKERS[m] for m in _GROUP_MARKERS if m in written), default=0)
        while True:
            if not infix_read and text[position : position + 1] in _INFIX_QUALIFIERS:
                word = text[position]
                self.qualify(word, _INFIX_QUALIFIERS[word], position)
                infix_read = True
                position += 1
                continue
            marker_at = self.skip_space(position)
            marker = text[marker_at : marker_at + 1]
            if (
                not percent
                and marker in _GROUP_MARKERS
                and _GROUP_MARKERS[marker] > largest
                and not _scaled_unit_at(text, marker_at)
            ):
                largest = _GROUP_MARKERS[marker]
                value = _shift(value, largest)
                position = marker_at + 1
                continue
            return value, position

    def unit(self, position: int) -> tuple[str | None, int] | None:
        """The unit at *position*: (the unit, or ``None`` for the text as printed; its end).

        The text is not copied here: a reading that fails goes no further, and free
        text is read from many positions.
        """
        text = self.text
        for sign, unit in _PERCENT_SIGNS.items():
            if text.startswith(sign, position):
                return unit, position + len(sign)
        if position == len(text):
            return None
        first = text[position]
        if (first in NUMERAL_CHARS or first in _INFIX_QUALIFIERS) and not _scaled_unit_at(
            text, position
        ):
            return None
        if self.runs is not None:
            end = self.runs.unit_end(position)
        else:
            found = _UNIT_RUN.match(text, position)
            end = position if found is None else found.end()
        if end == position:
            return None
        return None, end


def _check_str(value: object, what: str) -> None:
    """Refuse what is not a string (TypeError), or not a text a document can hold."""
    if not isinstance(value, str):
        msg = f"{what} must be a str, not {type(value).__name__}"
        raise TypeError(msg)
    s.check_parsed(value)


def parse_quantity(text: str) -> Quantity:
    """Read a quantity as a report prints it: ``3.2万余册``, ``约25万元``, ``95%以上``.

    The forms are described in the ``perfeval.quantity`` module. The whole text must be
    one quantity (surrounding whitespace aside). In short: a number (Arabic,
    Chinese or mixed), 万/亿 multiplying a count but kept in a money unit, a unit
    as printed, and qualifiers before (约, 近, 不到), between (余, 多) or after
    (以上, 左右, 以内) — with ``%``, ``百分比`` and ``百分之…`` read as the unit ``%``.

    Args:
        text: The quantity as printed.

    Returns:
        The quantity; its value is exact and has no positive exponent.

    Raises:
        ParseError: *text* is not one quantity; the error gives the position in
            *text* where reading stopped and what was expected there. Also for a text
            of more than 1,000,000 characters or with a lone surrogate (refused
            unread), a figure of more than 100 digits (at its 101st digit), and a
            value a document cannot keep (more than 18 digits before the point or 12
            after).
        TypeError: *text* is not a string.

    >>> from perfeval import parse_quantity
    >>> parse_quantity("3.2万余册")
    Quantity('32000', '册', Qualifier.AT_LEAST)
    >>> parse_quantity("359.18万元")
    Quantity('359.18', '万元')
    >>> parse_quantity("百分之九十五以上")
    Quantity('95', '%', Qualifier.AT_LEAST)
    >>> parse_quantity("1805名（506户）")
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '1805名（506户）' at position 5: expected ...
    >>> parse_quantity("1" * 101 + "人")
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '111...' at position 100: a number of more than 100 ...
    """
    _check_str(text, "text")
    reading = _plain_errors(_QuantityReader(text, in_target=False).read, 0)
    return _quantity(text, reading, reading.unit)


# -- reading targets ---------------------------------------------------------------------

_GE: Final = Operator.GE
_LE: Final = Operator.LE
_OPERATORS: Final = sorted(
    {
        ">=": _GE,
        ">＝": _GE,
        "＞=": _GE,
        "＞＝": _GE,
        "≥": _GE,
        "≧": _GE,
        "⩾": _GE,
        "<=": _LE,
        "<＝": _LE,
        "＜=": _LE,
        "＜＝": _LE,
        "≤": _LE,
        "≦": _LE,
        "⩽": _LE,
        # The small forms (U+FE64–FE66) turn up in tables converted from documents.
        "﹥=": _GE,
        "﹥﹦": _GE,
        "﹤=": _LE,
        "﹤﹦": _LE,
        "﹥": Operator.GT,
        "﹤": Operator.LT,
        "﹦": Operator.EQ,
        ">": Operator.GT,
        "＞": Operator.GT,
        "<": Operator.LT,
        "＜": Operator.LT,
        "==": Operator.EQ,
        "=": Operator.EQ,
        "＝": Operator.EQ,
        "大于或等于": _GE,
        "大于等于": _GE,
        "不低于": _GE,
        "不少于": _GE,
        "不小于": _GE,
        "小于或等于": _LE,
        "小于等于": _LE,
        "不高于": _LE,
        "不超过": _LE,
        "不多于": _LE,
        "不大于": _LE,
        "高于": Operator.GT,
        "大于": Operator.GT,
        "超过": Operator.GT,
        "多于": Operator.GT,
        "低于": Operator.LT,
        "小于": Operator.LT,
        "少于": Operator.LT,
        "等于": Operator.EQ,
    }.items(),
    key=lambda item: -len(item[0]),
)
_OPERATOR_SYMBOLS: Final = frozenset("<>=＜＞＝≥≤≧≦⩾⩽﹤﹥﹦")
_PLACEHOLDERS: Final = frozenset("*＊XxＸｘ×_＿")
_LETTER_PLACEHOLDERS: Final = frozenset("XxＸｘ")
_QUALITATIVE_WORDS: Final = frozenset({"定性", "定性指标"})


#: The operators by their first character, longest first.
_OPERATORS_AT: Final[dict[str, list[tuple[str, Operator]]]] = {}
for _spelling, _operator in _OPERATORS:
    _OPERATORS_AT.setdefault(_spelling[0], []).append((_spelling, _operator))


def _match_operator(text: str, position: int) -> tuple[Operator, int] | None:
    """The operator written at *position* and the index after it, if any."""
    for spelling, operator in _OPERATORS_AT.get(text[position : position + 1], ()):
        if text.startswith(spelling, position):
            return operator, position + len(spelling)
    return None


def _is_template(text: str, position: int, *, after_operator: bool) -> bool:
    """Whether *text[position:]* is a blank to fill in: ``**人次``, ``XX%``.

    Placeholders (``*``, ``X``, ``×``, ``_``) may follow an operator; without one
    they must be two or more, or not letters, so that ``X光`` is not a blank.
    An operator followed by nothing is a blank too.
    """
    position = _skip_space(text, position)
    end = position
    while end < len(text) and text[end] in _PLACEHOLDERS:
        end += 1
    run = text[position:end]
    if not run:
        return after_operator and position == len(text)
    if not after_operator and len(run) == 1 and run in _LETTER_PLACEHOLDERS:
        return False
    return all(_is_unit_char(char) or char in "%％‰" for char in text[end:].strip())


def _read_target(
    text: str, operator: Operator | None, position: int, runs: _Runs | None = None
) -> Target | None:
    """``[operator] quantity [以上/以下/以内]`` from *position* to the end, if it is one.

    A quantity whose figure has too many digits is refused (:class:`_FigureTooLongError`),
    as one too long for a document is: it is not words.
    """
    try:
        reading = _QuantityReader(text, in_target=True, runs=runs).read(position)
    except _FigureTooLongError:
        raise
    except ParseError:
        return None
    if operator is not None and reading.operator not in (None, operator):
        return None  # ≥95%以下 says two things
    quantity = _quantity(text, reading, reading.unit)
    return Target(operator or reading.operator, quantity, text)


def _read_free_text(text: str) -> Target | None:
    """A sentence that ends with an operator and its figure: ``满意率达95%以上``.

    The first position from which the rest reads as a target with an operator wins;
    the words before it hold no Arabic digit and no operator symbol, so no position
    past the first of those is tried. Positions that cannot begin a target are passed
    over without reading: only an operator's first character, or, when the text ends
    with 以上, 以下 or 以内 (the operator a quantity may carry), a quantity's, begins
    one. *runs* keeps each reading from crossing a long run again: the work is linear
    in the length of the text.
    """
    runs = _Runs(text)
    suffix_operator = text.endswith(_SUFFIX_OPERATOR_WORDS)
    stop = _FIGURE_OR_SYMBOL.search(text)
    last = len(text) - 1 if stop is None else min(stop.start(), len(text) - 1)
    starts = _TARGET_STARTS if suffix_operator else _OPERATOR_STARTS
    for found in starts.finditer(text, 1, last + 1):
        position = found.start()
        match = _match_operator(text, position)
        if match is not None:
            start = runs.skip_space(match[1])
            if not _may_be_read(text, start, runs):
                continue
            target = _read_target(text, match[0], start, runs)
        elif suffix_operator and _may_be_read(text, position, runs):
            target = _read_target(text, None, position, runs)
            if target is not None and target.operator is None:
                target = None
        else:
            continue
        if target is not None:
            return target
    return None


_SUFFIX_OPERATOR_WORDS: Final = tuple(_SUFFIX_OPERATORS)
#: An Arabic digit or an operator symbol: words before a figure hold neither.
_FIGURE_OR_SYMBOL: Final = re.compile(
    "[" + re.escape("".join(sorted(_ARABIC_DIGITS | _OPERATOR_SYMBOLS))) + "]"
)
#: Where an operator may begin; and an operator or a quantity (after 约 …, a minus, a
#: digit or a numeral).
_OPERATOR_STARTS: Final = re.compile("[" + re.escape("".join(sorted(_OPERATORS_AT))) + "]")
_TARGET_STARTS: Final = re.compile(
    "["
    + re.escape(
        "".join(
            sorted(
                set(_OPERATORS_AT)
                | {word[0] for word, _ in _PREFIX_QUALIFIERS}
                | _MINUS
                | _ARABIC_DIGITS
                | NUMERAL_CHARS
            )
        )
    )
    + "]"
)


#: What a reading may go on with at the end of a run of unit characters (the run
#: itself holds Chinese numerals, 点, 余, 多, 万, 亿 and the unit): Arabic digits
#: (一万2千) and a percent sign; spaces are tested apart.
_CROSSING: Final = _ARABIC_DIGITS | frozenset("%％‰")
#: What a number's first character may be.
_NUMBER_STARTS: Final = _ARABIC_DIGITS | _MINUS | NUMERAL_CHARS


def _may_be_read(text: str, position: int, runs: _Runs) -> bool:
    """Whether a quantity read from *position* may reach the end of *text* (never a false no).

    A cheap test before reading: a number must begin there, after a qualifier such as
    约 (百分之 and the bare 百 begin with a numeral); and when the first character is
    a unit character (a Chinese numeral, 约 …), a reading that stays inside its run of
    unit characters ends where the run does, so the run must end the text, up to
    spaces and a final 以上, 左右 … (or be followed by what a reading may go on with).
    """
    start = position
    for word, _ in _PREFIX_QUALIFIERS:
        if text.startswith(word, start):
            start = runs.skip_space(start + len(word))
            break
    if text[start : start + 1] not in _NUMBER_STARTS:
        return False
    end = runs.unit_end(position)
    if end == position:  # not a unit character
        return True
    if end < len(text) and (text[end] in _CROSSING or text[end].isspace()):
        return True
    end = runs.skip_space(end)
    for word, _ in _SUFFIX_QUALIFIERS:
        if text.startswith(word, end):
            end = runs.skip_space(end + len(word))
            break
    return end == len(text)


#: The texts tables print in a cell that holds nothing, such as dashes of every width
#: (and ``一``, how a dash is often typed or read back from a scan), slashes and 无.
DASH_CELLS: Final = frozenset(
    {"一", "-", "－", "—", "–", "―", "─", "——", "--", "－－", "/", "／", "\\", "无", "×"}
)


def is_dash(text: str) -> bool:
    """Whether *text* is what a table prints for an empty cell (a dash, a slash, 无).

    Such a cell is never a number: ``一`` is a dash here, not the numeral one.

    >>> from perfeval import is_dash
    >>> is_dash("一"), is_dash(" — "), is_dash("一个")
    (True, True, False)
    """
    return text.strip() in DASH_CELLS


def parse_target(text: str) -> Target:
    """Read a target value (年度指标值) as printed; never fails on non-blank text.

    The text is always kept, stripped of surrounding whitespace, in
    :attr:`Target.text`. The forms, tried in this order:

    0. **An empty cell** printed as a dash (``一``, ``－``, ``—``, ``/``, ``无`` …,
       see :func:`is_dash`) → only the text: a dash is never a number.
    1. **A blank template**: an operator followed by placeholders and perhaps a
       unit (``≥**人次``, ``≥XX%``; also ``**人次`` without an operator, and an
       operator alone) → only the text.
    2. **Operator and quantity**: an operator — a symbol, half- or full-width
       (``≥ ≧ >= ＞= > ＞ ≤ ≦ <= ＜= < ＜ = ＝``, and the small ``﹥ ﹤ ﹦``) or a word
       (不低于, 不少于, 大于等于 →
       ≥; 不高于, 不超过, 不多于, 小于等于 → ≤; 高于, 大于, 超过 → >; 低于, 小于 → <;
       等于 → =) — then a quantity as :func:`parse_quantity` reads it, except that
       a final 以上 (or 及以上) is the operator ≥ and 以下, 及以下 or 以内 the
       operator ≤: ``≥50个``, ``≥100百分比`` (100 %), ``95%以上``. With neither
       operator nor suffix, a bare quantity has no operator: ``43.2``. A prefix
       and a suffix that disagree (``≥95%以下``) are not read as one.
    3. **Free text ending with a figure**: words followed by form 2 with an
       operator, to the end of the text (``辖区企业满意率达95%以上``,
       ``满意度不低于90%``), provided the words before hold no Arabic digit and no
       operator symbol — a sentence with several figures stays qualitative. The
       figure must end the text, and a verb alone (达到95%) is not an operator.
    4. **Anything else** is qualitative: ``Target(Operator.QUALITATIVE, None,
       text)`` (``效果明显``, ``在项目计划完成时间内完成``).

    A figure that the target is read with (forms 2 and 3) but that has more than 100
    digits, or more than a document keeps, is refused rather than taken for words.
    Reading takes time linear in the length of the text.

    Args:
        text: The target as printed.

    Raises:
        ParseError: *text* is empty or whitespace only, longer than 1,000,000
            characters or holds a lone surrogate; or the figure read has more than
            100 digits, or more than a document keeps (18 before the point, 12 after).
        TypeError: *text* is not a string.

    >>> from perfeval import parse_target
    >>> parse_target("≤90万元")
    Target(operator=Operator.LE, value=Quantity('90', '万元'), text='≤90万元')
    >>> parse_target("辖区企业满意率达95%以上").operator
    Operator.GE
    >>> parse_target("≥**人次")
    Target(operator=None, value=None, text='≥**人次')
    >>> parse_target("一")
    Target(operator=None, value=None, text='一')
    >>> parse_target("效果明显")
    Target(operator=Operator.QUALITATIVE, value=None, text='效果明显')
    >>> parse_target("  ")
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '  ' at position 2: expected a target ...
    """
    _check_str(text, "text")
    stripped = text.strip()
    if not stripped:
        reason = "expected a target such as ≥50个, 95%以上 or 效果明显"
        raise ParseError(text, len(text), reason)
    if stripped in DASH_CELLS:
        return Target(text=stripped)
    match = _match_operator(stripped, 0)
    operator, position = match if match is not None else (None, 0)
    if _is_template(stripped, position, after_operator=operator is not None):
        return Target(text=stripped)
    target = _plain_errors(_read_target, stripped, operator, position) or _plain_errors(
        _read_free_text, stripped
    )
    return target or Target(Operator.QUALITATIVE, None, stripped)


def parse_target_columns(operator: str, value: str, unit: str | None = None) -> Target:
    """Read a target printed in three columns: 指标性质 | 指标值 | 度量单位.

    This is the Sichuan layout: ``("=", "100", "%")`` is the target ``=100%``. The
    operator column holds a symbol or word as in :func:`parse_target`, ``定性``
    for a qualitative target (the value column is then its text), or nothing
    (a bare number). The value column is a quantity, which may carry its own unit
    if it agrees with the unit column. ``百分比`` and ``％`` in the unit column are
    ``%``. :attr:`Target.text` joins the three columns as printed (stripped).

    Args:
        operator: The 指标性质 column.
        value: The 指标值 column.
        unit: The 度量单位 column, if the table has one.

    Raises:
        ParseError: The operator is not one, the value is blank or not a quantity,
            or the value's own unit contradicts the unit column. The error's text is
            the column at fault. Also for a column longer than 1,000,000 characters or
            with a lone surrogate, columns that together are longer (the target's
            text joins them), and a figure of more than 100 digits or more than a
            document keeps.
        TypeError: A column is not a string (or ``None`` for *unit*).

    >>> from perfeval import parse_target_columns
    >>> parse_target_columns("=", "100", "%")
    Target(operator=Operator.EQ, value=Quantity('100', '%'), text='=100%')
    >>> parse_target_columns("≥", "95", "百分比").value
    Quantity('95', '%')
    >>> parse_target_columns("定性", "好")
    Target(operator=Operator.QUALITATIVE, value=None, text='好')
    >>> parse_target_columns("约", "100", "%")
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '约' at position 0: expected an operator ...
    """
    _check_str(operator, "operator")
    _check_str(value, "value")
    if unit is not None:
        _check_str(unit, "unit")
    operator_text, value_text = operator.strip(), value.strip()
    unit_text = (unit or "").strip()
    if not value_text:
        raise ParseError(value, len(value), "expected a target value such as 100")
    joined = len(operator_text) + len(value_text) + len(unit_text)
    if joined > MAX_TEXT_LENGTH:  # Target.text joins the columns
        reason = (
            f"the three columns together are {joined:,} characters long; perfeval reads"
            f" texts of at most {MAX_TEXT_LENGTH:,} characters"
        )
        raise ParseError(value, len(value), reason)
    if value_text in DASH_CELLS:
        return Target(text=operator_text + value_text + unit_text)
    if operator_text in _QUALITATIVE_WORDS:
        return Target(Operator.QUALITATIVE, None, value_text)
    text = operator_text + value_text
    parsed: Operator | None = None
    if operator_text:
        match = _match_operator(operator_text, 0)
        if match is None or match[1] != len(operator_text):
            start = len(operator) - len(operator.lstrip())
            reason = "expected an operator (=, ≥, ≤, >, <, a word such as 不低于) or 定性"
            raise ParseError(operator, start + (match[1] if match else 0), reason)
        parsed = match[0]
    if _is_template(value_text, 0, after_operator=True):
        return Target(text=text + unit_text)
    reading = _plain_errors(_QuantityReader(value, in_target=True).read, 0)
    if parsed is not None and reading.operator is not None and reading.operator is not parsed:
        reason = (
            f"the value says {reading.operator.value} but the operator column says {parsed.value}"
        )
        raise ParseError(value, reading.operator_at, reason)
    quantity_unit = reading.unit
    if unit_text and quantity_unit is None:
        text += unit_text  # as printed; a value with its own unit already shows it
    if unit_text:
        column_unit = _PERCENT_SIGNS.get(unit_text, unit_text)
        if quantity_unit not in (None, column_unit):
            reason = f"the value is in {quantity_unit} but the unit column says {unit_text}"
            raise ParseError(value, reading.unit_start, reason)
        quantity_unit = column_unit
    quantity = _quantity(text, reading, quantity_unit)
    return Target(parsed or reading.operator, quantity, text)


# -- reading actuals ---------------------------------------------------------------------

_DONE: Final = "(?:达成|完成|达到|达标|实现)"
_OBJECT: Final = r"(?:(?:预期|年度|既定|计划|预定|绩效)*的?(?:指标|目标|任务|要求)值?)?[。.！!]?"
_ACHIEVEMENTS: Final = (
    # The negative forms first: 未达成 contains 达成.
    (
        re.compile(f"(?:未能?|尚未|没有|没能)(?:全部|全面|如期|按期|按时)?{_DONE}{_OBJECT}"),
        Achievement.NOT_ACHIEVED,
    ),
    (re.compile(f"部分{_DONE}{_OBJECT}"), Achievement.PARTIALLY_ACHIEVED),
    (
        re.compile(f"(?:已经?|均已|已全部|全部|全面|如期|按期|按时)?{_DONE}{_OBJECT}"),
        Achievement.ACHIEVED,
    ),
)


def parse_actual(text: str) -> Actual:
    """Read an actual value (实际完成值) as printed; never fails on non-blank text.

    * **A quantity** (as :func:`parse_quantity` reads it): ``Actual(value=…)``. The
      text is kept only when it says more than the value, that is, when
      ``str(value)`` does not give it back: ``50`` has no text, ``3.2万余册``
      keeps it.
    * **An achievement**: 达成, 完成, 达到, 达标 or 实现, optionally after 已, 全部,
      按时 …, and optionally followed by the object (预期指标, 年度目标, 任务 …) →
      achieved; the same after 部分 → partially achieved; after 未, 未能, 尚未 or
      没有 → not achieved. The text is kept. ``基本完成`` and other nuances are not
      classified: they are kept as text only.
    * **An empty cell** printed as a dash (:func:`is_dash`) and **anything else**:
      ``Actual(text=…)``; a dash is never a number. So is a figure that has more
      digits than a document keeps (or more than 100).

    Args:
        text: The actual as printed.

    Raises:
        ParseError: *text* is empty or whitespace only, longer than 1,000,000
            characters, or holds a lone surrogate.
        TypeError: *text* is not a string.

    >>> from perfeval import parse_actual
    >>> parse_actual("50")
    Actual(value=Quantity('50'), achievement=None, text=None)
    >>> parse_actual("达成预期指标")
    Actual(value=None, achievement=Achievement.ACHIEVED, text='达成预期指标')
    >>> parse_actual("未完成").achievement
    Achievement.NOT_ACHIEVED
    >>> parse_actual("一")
    Actual(value=None, achievement=None, text='一')
    >>> parse_actual("")
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '' at position 0: expected an actual value ...
    """
    _check_str(text, "text")
    stripped = text.strip()
    if not stripped:
        reason = "expected an actual value such as 50, 100% or 达成预期指标"
        raise ParseError(text, len(text), reason)
    if stripped in DASH_CELLS:
        return Actual(text=stripped)
    try:
        quantity = parse_quantity(stripped)
    except ParseError:
        pass
    else:
        return Actual(value=quantity, text=None if str(quantity) == stripped else stripped)
    for pattern, achievement in _ACHIEVEMENTS:
        if pattern.fullmatch(stripped):
            return Actual(achievement=achievement, text=stripped)
    return Actual(text=stripped)
