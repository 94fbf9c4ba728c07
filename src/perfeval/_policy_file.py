"""Scoring policies as data: the JSON form of a :class:`~perfeval.scoring.Policy`.

A policy file is a JSON object with the members of :class:`~perfeval.scoring.Policy`
under the same names; every member but ``name`` is optional and takes the
:class:`~perfeval.scoring.Policy` default (the national rules), and ``$schema`` may
name the JSON Schema of policy files. Numbers are JSON numbers or decimal strings
(``10``, ``"0.8"``) and become exact :class:`~decimal.Decimal` values, never floats.
Unknown members are errors; every problem is reported at once with its JSON pointer,
as :func:`perfeval.loads` reports a document's.

The built-in policies (:data:`perfeval.scoring.POLICIES`) are such files, shipped as
``perfeval/policies/<name>.json`` and read on first use. The JSON Schema of the
format (:func:`policy_schema`) is generated from the same member table that the
reader and the writer use, and committed as ``schemas/policy.schema.json`` and
``perfeval/policy.schema.json``.

Its functions :func:`load_policy`, :func:`policy_from_dict`, :func:`policy_to_dict` and
:func:`policy_schema` are public as members of :mod:`perfeval.scoring`.

>>> from perfeval.scoring import load_policy, policy_from_dict, policy_to_dict
>>> ningxia = load_policy("ningxia")
>>> ningxia.execution_weight, [str(group.weight) for group in ningxia.groups]
(Decimal('0'), ['10', '25', '30', '35'])
>>> policy_from_dict(policy_to_dict(ningxia)) == ningxia
True
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from perfeval._decimal import decimal_text
from perfeval._io.text import decode, name_problem, read
from perfeval._message import Message
from perfeval._regex import END
from perfeval._spec import choices, choices_zh, required_message
from perfeval._text import escape_token, path_sort_key
from perfeval._values import LONE_SURROGATE, NUMBERS, describe, describe_zh, quote, show
from perfeval.codes import IndicatorLevel1
from perfeval.errors import ErrorDetail, FieldError, ValidationError, shorten
from perfeval.model import SCHEMA_VERSION
from perfeval.schema import SCHEMA_SITE

if TYPE_CHECKING:
    from perfeval.scoring import Policy

__all__ = [
    "BUILTIN_NAMES",
    "MAX_POLICY_BYTES",
    "MAX_POLICY_DEPTH",
    "POLICY_SCHEMA_ID",
    "BuiltinPolicies",
    "load_policy",
    "policy_from_dict",
    "policy_schema",
    "policy_schema_text",
    "policy_to_dict",
]

#: The names of the built-in policies, in the order :data:`perfeval.scoring.POLICIES`
#: lists them; each is ``perfeval/policies/<name>.json``.
BUILTIN_NAMES: Final = ("national", "sichuan", "hubei", "ningxia", "henan-third-party")
#: The largest policy file, in bytes: 1 MiB (a policy is a few kilobytes).
MAX_POLICY_BYTES: Final = 2**20
#: How deep arrays and objects may nest in a policy file (the format itself nests 4).
MAX_POLICY_DEPTH: Final = 100
#: The ``$id`` of the JSON Schema of policy files, beside the report schema's: the
#: first-level indicator codes a policy names are those of that schema version.
POLICY_SCHEMA_ID: Final = f"{SCHEMA_SITE}schema/{SCHEMA_VERSION}/policy.schema.json"

_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_POLICIES_DIR: Final = "policies"
_SCHEMA_MEMBER: Final = "$schema"
#: The most decimal places and integer digits a policy's numbers keep, as a document's do.
_PLACES: Final = 12
_INTEGER_DIGITS: Final = 18
_DECIMAL_SHAPE: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_INVALID: Final = object()  # what a member's reader returns when it found a problem


# -- the kinds of member ------------------------------------------------------------------


class _Kind:
    """How one kind of member is read, written and described in the JSON Schema."""

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        """The Python value of *value*, or :data:`_INVALID` after adding its problems."""
        raise NotImplementedError

    def dump(self, value: Any) -> Any:
        """The JSON value of the Python *value*."""
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the member's values."""
        raise NotImplementedError


def _problem(problems: list[ErrorDetail], path: str, message: Message, value: Any) -> object:
    problems.append(message.at(path, show(value)))
    return _INVALID


class _Text(_Kind):
    """A string; *non_empty* when the empty string is refused."""

    def __init__(self, *, non_empty: bool) -> None:
        self.non_empty = non_empty

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        if type(value) is not str:
            message = Message(
                "type",
                f"must be a string, not {describe(value)}",
                f"应为字符串，而不是{describe_zh(value)}",
            )
            return _problem(problems, path, message, value)
        if self.non_empty and not value:
            return _problem(problems, path, _EMPTY, value)
        found = LONE_SURROGATE.search(value)
        if found is not None:
            character = json.dumps(found.group())
            message = Message(
                "encoding",
                f"contains a lone surrogate ({character} at character"
                f" {found.start()}), which is no character and cannot be written as UTF-8",
                f"含有孤立代理项（{character}，第 {found.start()} 个字符之后），"
                "它不是字符，无法写成 UTF-8",
            )
            problems.append(message.at(path, quote(value)))
            return _INVALID
        return value

    def dump(self, value: Any) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1} if self.non_empty else {"type": "string"}


_EMPTY: Final = Message("empty", "must not be empty", "不能为空")


class _Texts(_Kind):
    """An array of non-empty strings (words a printed text is matched against)."""

    _item: Final = _Text(non_empty=True)

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        if type(value) is not list:
            message = Message(
                "type",
                f"must be an array of strings, not {describe(value)}",
                f"应为字符串数组，而不是{describe_zh(value)}",
            )
            return _problem(problems, path, message, value)
        texts = [
            self._item.load(item, f"{path}/{index}", problems) for index, item in enumerate(value)
        ]
        return _INVALID if _INVALID in texts else tuple(texts)

    def dump(self, value: Any) -> Any:
        return list(value)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self._item.schema()}


class _Number(_Kind):
    """A number of 0 or more, at most *maximum*: a JSON number or a decimal string."""

    def __init__(self, definition: str, maximum: int | None = None, *, nullable: bool = False):
        self.definition = definition
        self.maximum = maximum
        self.nullable = nullable

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        if value is None and self.nullable:
            return None
        kind = type(value)
        if (kind is str and _DECIMAL_SHAPE.fullmatch(value)) or kind is int:
            number = Decimal(value)
        elif kind is Decimal and value.is_finite():
            number = value
        else:
            return _problem(problems, path, self._not_a_number(value), value)
        if (value.startswith("-")) if kind is str else (number < 0):
            message = Message(
                "range",
                f"must be 0 or more, not {_plain(value)}",
                f"应不小于 0，而不是 {_plain(value)}",
            )
            return _problem(problems, path, message, value)
        exponent = number.as_tuple().exponent
        assert type(exponent) is int  # noqa: S101 - the number is finite
        if -exponent > _PLACES or (number and number.adjusted() >= _INTEGER_DIGITS):
            message = Message(
                "range",
                f"must have at most {_INTEGER_DIGITS} digits before the point and at most"
                f" {_PLACES} after it; not {_plain(value)}",
                f"小数点前最多 {_INTEGER_DIGITS} 位、小数点后最多 {_PLACES} 位；"
                f"而不是 {_plain(value)}",
            )
            return _problem(problems, path, message, value)
        if self.maximum is not None and number > self.maximum:
            message = Message(
                "range",
                f"must be at most {self.maximum}, not {_plain(value)}",
                f"应不大于 {self.maximum}，而不是 {_plain(value)}",
            )
            return _problem(problems, path, message, value)
        return number

    def _not_a_number(self, value: Any) -> Message:
        if type(value) is float:
            return Message(
                "type",
                f'must be a number or a decimal string such as "10", not the Python float'
                f" {value!r}, which cannot hold a decimal exactly: use decimal.Decimal or a"
                " string",
                f'应为数字或小数字符串（如 "10"），而不是 Python 浮点数 {value!r}，'
                "它无法精确表示小数：请使用 decimal.Decimal 或字符串",
            )
        null = " or null" if self.nullable else ""
        null_zh = "或 null" if self.nullable else ""
        return Message(
            "type",
            f'must be a number or a decimal string such as "10"{null}, not {describe(value)}',
            f'应为数字或小数字符串（如 "10"）{null_zh}，而不是{describe_zh(value)}',
        )

    def dump(self, value: Any) -> Any:
        if value is None:
            return None
        # Every number of a policy is 0 or more: a negative zero is written as 0.
        return decimal_text(value.copy_abs())

    def schema(self) -> dict[str, Any]:
        reference = {"$ref": f"#/$defs/{self.definition}"}
        if self.nullable:
            return {"anyOf": [reference, {"type": "null"}]}
        return reference


def _plain(value: Any) -> str:
    """A number as the message shows it: a string's text, a number's digits, shortened."""
    if type(value) is str:
        return shorten(value)
    if type(value) is int:
        value = Decimal(value)
    return shorten(NUMBERS.to_sci_string(value))


#: The three kinds of number: any (below 10^18), a share of a weight, a total of 100.
_NUMBER_PATTERNS: Final = {
    "Number": (None, rf"^(0|[1-9][0-9]{{0,17}})(\.[0-9]{{1,{_PLACES}}})?{END}"),
    "Share": (1, rf"^(0(\.[0-9]{{1,{_PLACES}}})?|1(\.0{{1,{_PLACES}}})?){END}"),
    "Points": (100, rf"^(100(\.0{{1,{_PLACES}}})?|[1-9]?[0-9](\.[0-9]{{1,{_PLACES}}})?){END}"),
}
_NUMBER_DESCRIPTIONS: Final = {
    "Number": 'A number of 0 or more: a JSON number or a decimal string such as "10".',
    "Share": "A share of a weight from 0 to 1 (0.8 is 80 %): a JSON number or a decimal string.",
    "Points": 'Points from 0 to 100: a JSON number or a decimal string such as "90".',
}


def _number_definition(name: str) -> dict[str, Any]:
    maximum, pattern = _NUMBER_PATTERNS[name]
    number: dict[str, Any] = {"type": "number", "minimum": 0}
    if maximum is None:
        number["exclusiveMaximum"] = 10**_INTEGER_DIGITS
    else:
        number["maximum"] = maximum
    return {
        "title": name,
        "description": _NUMBER_DESCRIPTIONS[name],
        "anyOf": [number, {"type": "string", "pattern": pattern}],
    }


class _Formula(_Kind):
    """The formula of negative indicators: ``"ratio"`` or ``"linear"``."""

    values: Final = ("ratio", "linear")

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        if type(value) is str and value in self.values:
            return value
        message = Message(
            "enum",
            f'must be "ratio" or "linear", not {describe(value)}',
            f'应为 "ratio" 或 "linear"，而不是{describe_zh(value)}',
        )
        return _problem(problems, path, message, value)

    def dump(self, value: Any) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


class _Member:
    """A member of an object of the format: its name, Chinese title, description and kind."""

    def __init__(self, name: str, title: str, description: str, kind: _Kind) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.kind = kind

    def schema(self) -> dict[str, Any]:
        return {"title": self.title, "description": self.description, **self.kind.schema()}


class _Object(_Kind):
    """An object with the given members, *required* ones among them; no others."""

    def __init__(
        self,
        what: str,
        what_zh: str,
        definition: str,
        members: tuple[_Member, ...],
        required: tuple[str, ...],
    ):
        self.what = what
        self.what_zh = what_zh
        self.definition = definition
        self.members = {member.name: member for member in members}
        self.required = required

    def load_members(
        self, value: Any, path: str, problems: list[ErrorDetail]
    ) -> dict[str, Any] | None:
        """The members read from *value*, or ``None`` when *value* is not an object."""
        if not isinstance(value, dict):
            message = Message(
                "type",
                f"must be an object ({self.what}), not {describe(value)}",
                f"应为对象（{self.what_zh}），而不是{describe_zh(value)}",
            )
            problems.append(message.at(path, show(value)))
            return None
        loaded: dict[str, Any] = {}
        for key, item in value.items():
            problem = name_problem(key)
            if problem is not None:
                problems.append(problem.at(path))
                continue
            member = self.members.get(key)
            if member is None:
                problems.append(self._unknown(key).at(f"{path}/{escape_token(key)}", show(item)))
                continue
            loaded[key] = member.kind.load(item, f"{path}/{escape_token(key)}", problems)
        problems.extend(
            required_message(self.members[name].title).at(f"{path}/{name}")
            for name in self.required
            if name not in value
        )
        return loaded

    def _unknown(self, key: str) -> Message:
        import difflib  # noqa: PLC0415 - only for a mistake

        names = [name for name in self.members if name != _SCHEMA_MEMBER]
        close = difflib.get_close_matches(key, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        hint_zh = f"（是不是 {close[0]}？）" if close else ""
        listed = ", ".join(self.members)
        return Message(
            "unknown-member",
            f"is not a member of {self.what}{hint}; its members are {listed}",
            f"不是{self.what_zh}的成员{hint_zh}；其成员有 {listed}",
        )

    def dump_members(self, value: Any) -> dict[str, Any]:
        return {
            name: member.kind.dump(getattr(value, name))
            for name, member in self.members.items()
            if name != _SCHEMA_MEMBER
        }

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.definition}"}

    def definition_schema(self, description: str) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "title": self.definition,
            "description": description,
            "type": "object",
            "properties": {name: member.schema() for name, member in self.members.items()},
            "required": list(self.required),
            "additionalProperties": False,
        }
        return schema


class _Band(_Object):
    """A band: ``{"low": share, "high": share}``, both required."""

    def __init__(self) -> None:
        share = _Number("Share", 1)
        super().__init__(
            "a band",
            "得分区间",
            "Band",
            (
                _Member("low", "下限", "The lowest share of the weight, 0 to 1.", share),
                _Member("high", "上限", "The highest share of the weight, low to 1.", share),
            ),
            ("low", "high"),
        )

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        from perfeval.scoring import Band  # noqa: PLC0415 - perfeval.scoring imports this module

        count = len(problems)
        members = self.load_members(value, path, problems)
        if members is None or len(problems) > count:
            return _INVALID
        try:
            return Band(members["low"], members["high"])
        except FieldError as exc:  # low above high
            return _problem(problems, path, Message(exc.kind, exc.message, exc.message_zh), value)

    def dump(self, value: Any) -> Any:
        return self.dump_members(value)


class _Levels(_Kind):
    """The first-level indicators of a group: a non-empty array of distinct codes."""

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        if type(value) is not list:
            message = Message(
                "type",
                f"must be an array of first-level indicator codes, not {describe(value)}",
                f"应为一级指标代码的数组，而不是{describe_zh(value)}",
            )
            return _problem(problems, path, message, value)
        if not value:
            message = Message(
                "empty",
                'must list at least one first-level indicator, such as "output"',
                '至少要列出一个一级指标，如 "output"',
            )
            return _problem(problems, path, message, value)
        levels: list[IndicatorLevel1] = []
        failed = False
        for index, item in enumerate(value):
            level = _level(item)
            if level is None:
                message = Message(
                    "enum",
                    f"must be one of {choices(IndicatorLevel1)}; not {describe(item)}",
                    f"应为以下代码之一：{choices_zh(IndicatorLevel1)}；而不是{describe_zh(item)}",
                )
                problems.append(message.at(f"{path}/{index}", show(item)))
                failed = True
            elif level in levels:
                message = Message(
                    "rule",
                    f"is listed twice in this group ({level.label})",
                    f"在本分组中列出了两次（{level.label}）",
                )
                problems.append(message.at(f"{path}/{index}", show(item)))
                failed = True
            else:
                levels.append(level)
        return _INVALID if failed else tuple(levels)

    def dump(self, value: Any) -> Any:
        return [level.value for level in IndicatorLevel1 if level in value]

    def schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {"$ref": "#/$defs/IndicatorLevel1"},
            "minItems": 1,
            "uniqueItems": True,
        }


def _level(value: Any) -> IndicatorLevel1 | None:
    if type(value) is not str:
        return None
    try:
        return IndicatorLevel1(value)
    except ValueError:
        return None


class _Group(_Object):
    """A weight group: ``{"name", "levels", "weight"}``, all required."""

    def __init__(self) -> None:
        super().__init__(
            "a weight group",
            "权重分组",
            "WeightGroup",
            (
                _Member(
                    "name",
                    "分组名称",
                    "The group's name as tables print it (产出); score cards show it.",
                    _Text(non_empty=True),
                ),
                _Member(
                    "levels",
                    "一级指标",
                    "The first-level indicators whose indicators share the group's points;"
                    " a first-level indicator belongs to one group at most.",
                    _Levels(),
                ),
                _Member(
                    "weight",
                    "分值",
                    "The group's points: indicators of the group without a printed weight"
                    " share what the printed weights of the group leave.",
                    _Number("Number"),
                ),
            ),
            ("name", "levels", "weight"),
        )

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        from perfeval.scoring import WeightGroup  # noqa: PLC0415 - scoring imports this module

        count = len(problems)
        members = self.load_members(value, path, problems)
        if members is None or len(problems) > count:
            return _INVALID
        return WeightGroup(members["name"], frozenset(members["levels"]), members["weight"])

    def dump(self, value: Any) -> Any:
        return self.dump_members(value)


class _Groups(_Kind):
    """The weight groups: an array of groups, no first-level indicator in two."""

    group: Final = _Group()

    def load(self, value: Any, path: str, problems: list[ErrorDetail]) -> Any:
        if type(value) is not list:
            message = Message(
                "type",
                f"must be an array of weight groups, not {describe(value)}",
                f"应为权重分组的数组，而不是{describe_zh(value)}",
            )
            return _problem(problems, path, message, value)
        count = len(problems)
        groups = [
            self.group.load(item, f"{path}/{index}", problems) for index, item in enumerate(value)
        ]
        if len(problems) > count:
            return _INVALID
        # Each group read well, so each item holds its levels as valid, distinct codes.
        owner: dict[IndicatorLevel1, int] = {}
        for index, item in enumerate(value):
            for position, code in enumerate(item["levels"]):
                level = IndicatorLevel1(code)
                first = owner.setdefault(level, index)
                if first != index:
                    message = Message(
                        "rule",
                        f"is already in group {first} ({groups[first].name}); a first-level"
                        f" indicator belongs to one group only ({level.label})",
                        f"已在第 {first} 个分组（{groups[first].name}）中；"
                        f"一个一级指标只能属于一个分组（{level.label}）",
                    )
                    where = f"{path}/{index}/levels/{position}"
                    problems.append(message.at(where, show(code)))
        return _INVALID if len(problems) > count else tuple(groups)

    def dump(self, value: Any) -> Any:
        return [self.group.dump(group) for group in value]

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.group.schema()}


# -- the policy ---------------------------------------------------------------------------

_TEXTS_NOTE: Final = " A result matches a word it contains; an empty word is refused."

_POLICY: Final = _Object(
    "a policy",
    "评分政策",
    "Policy",
    (
        _Member(
            _SCHEMA_MEMBER,
            "JSON 模式",
            "The JSON Schema the file follows, for editors; perfeval does not read it.",
            _Text(non_empty=False),
        ),
        _Member(
            "name",
            "名称",
            "What the policy is called (national); score cards and perfeval score print it.",
            _Text(non_empty=True),
        ),
        _Member(
            "title",
            "标题",
            "Its name in Chinese, as a table or a regulation gives it; empty if none.",
            _Text(non_empty=False),
        ),
        _Member(
            "source",
            "依据",
            "Where its rules come from: the regulation or the published table.",
            _Text(non_empty=False),
        ),
        _Member(
            "execution_weight",
            "预算执行率分值",
            "The points of the budget execution rate when the report printed none; 0 where"
            " the rate is an indicator of its own.",
            _Number("Number"),
        ),
        _Member(
            "groups",
            "权重分组",
            "The weight groups: each gives points to the indicators of some first-level"
            " kinds. Indicators in no group and without a printed weight weigh 0. Left"
            " out, the national groups: 产出 (output, cost) 50, 效益 (effect) 30, 满意度"
            " (satisfaction) 10.",
            _Groups(),
        ),
        _Member(
            "negative_formula",
            "反向指标计分公式",
            "How an unmet negative indicator (≤, <) is scored: ratio, target / actual ×"
            " weight; linear, (1 − (actual − target) / target) × weight.",
            _Formula(),
        ),
        _Member(
            "achieved",
            "达成",
            "The band of shares of its weight an achieved qualitative indicator earns.",
            _Band(),
        ),
        _Member(
            "partially_achieved",
            "部分达成",
            "The band of a partially achieved qualitative indicator.",
            _Band(),
        ),
        _Member(
            "not_achieved",
            "未达成",
            "The band of a qualitative indicator that was not achieved.",
            _Band(),
        ),
        _Member(
            "excellent_from",
            "优",
            "The lowest total graded 优 (excellent).",
            _Number("Points", 100),
        ),
        _Member("good_from", "良", "The lowest total graded 良 (good).", _Number("Points", 100)),
        _Member(
            "fair_from",
            "中",
            "The lowest total graded 中 (fair); below is 差.",
            _Number("Points", 100),
        ),
        _Member(
            "not_applicable_texts",
            "不适用标记",
            "Printed targets or actuals that mark an indicator as not applicable (不适用):"
            " it is dropped and the total rescaled. An empty text is refused.",
            _Texts(),
        ),
        _Member(
            "met_texts",
            "达成用语",
            "Words that make a result that is not a figure read as met." + _TEXTS_NOTE,
            _Texts(),
        ),
        _Member(
            "partially_met_texts",
            "部分达成用语",
            "Words that make it read as partly met; they win over met_texts." + _TEXTS_NOTE,
            _Texts(),
        ),
        _Member(
            "not_met_texts",
            "未达成用语",
            "Words that make it read as not met; they win over both." + _TEXTS_NOTE,
            _Texts(),
        ),
        _Member(
            "overachievement",
            "超额完成倍数",
            "An actual at least this multiple of its target gets a note that an explanation"
            " is expected; null for no note.",
            _Number("Number", nullable=True),
        ),
        _Member(
            "execution_expected",
            "预算执行率预期",
            "An execution rate below this share (0.9) gets a note that a reason is expected.",
            _Number("Number"),
        ),
        _Member(
            "tolerance",
            "得分容差",
            "A printed score further than this from the computed one is a difference.",
            _Number("Number"),
        ),
    ),
    ("name",),
)


def policy_from_dict(data: Any) -> Policy:
    """Build a :class:`~perfeval.scoring.Policy` from the JSON form of a policy.

    Args:
        data: What :func:`json.loads` returns for a policy file (numbers as ``int``
            or :class:`~decimal.Decimal`; a ``float`` is refused).

    Returns:
        The policy; members left out take the :class:`~perfeval.scoring.Policy`
        defaults.

    Raises:
        ValidationError: *data* is not a policy; every problem is listed with its
            JSON pointer.

    >>> from perfeval.scoring import policy_from_dict
    >>> policy = policy_from_dict({"name": "two-groups", "execution_weight": "0",
    ...     "groups": [{"name": "产出", "levels": ["output", "cost"], "weight": 60},
    ...                {"name": "效益", "levels": ["effect"], "weight": "40"}]})
    >>> policy.execution_weight, [(group.name, group.weight) for group in policy.groups]
    (Decimal('0'), [('产出', Decimal('60')), ('效益', Decimal('40'))])
    >>> policy_from_dict({"name": "bad", "groups": [{"name": "产出", "levels": ["output"],
    ...     "weight": -5}], "tolerence": "0.5"})
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 2 problems in the document:
      /groups/0/weight: must be 0 or more, not -5
      /tolerence: is not a member of a policy (did you mean tolerance?); its members are ...
    """
    from perfeval.scoring import Policy  # noqa: PLC0415 - perfeval.scoring imports this module

    problems: list[ErrorDetail] = []
    members = _POLICY.load_members(data, "", problems)
    if members is not None and not problems:
        members.pop(_SCHEMA_MEMBER, None)
        try:
            return Policy(**members)
        except FieldError as exc:  # rules between members (the grade thresholds)
            problems.append(exc.detail(""))
    raise ValidationError(sorted(problems, key=lambda problem: path_sort_key(problem.path)))


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The JSON form of *policy*: every member, decimals as strings with their digits.

    ``policy_from_dict(policy_to_dict(policy)) == policy`` for every policy a file can
    hold; ``$schema`` comes first and names the JSON Schema of policy files.

    Raises:
        TypeError: *policy* is not a :class:`~perfeval.scoring.Policy`.
        ValidationError: a policy file cannot hold *policy* (an empty name or word,
            a number with more than 12 decimal places).

    >>> from perfeval.scoring import POLICIES, policy_to_dict
    >>> data = policy_to_dict(POLICIES["sichuan"])
    >>> data["execution_weight"], data["groups"][0]["weight"], data["achieved"]
    ('10', '90', {'low': '0.8', 'high': '1'})
    >>> data["groups"][0]["levels"]
    ['decision', 'process', 'output', 'effect', 'cost', 'satisfaction']
    """
    from perfeval.scoring import Policy  # noqa: PLC0415 - perfeval.scoring imports this module

    given: object = policy
    if not isinstance(given, Policy):
        msg = f"policy_to_dict() needs a Policy, not {type(given).__name__}"
        raise TypeError(msg)
    data = {_SCHEMA_MEMBER: POLICY_SCHEMA_ID, **_POLICY.dump_members(policy)}
    policy_from_dict(data)  # refuse what a file could not give back
    return data


# -- files -----------------------------------------------------------------------------------


def _parse(data: bytes) -> Any:
    """Parse a policy file's bytes as strict JSON within the limits; the JSON data."""
    if len(data) > MAX_POLICY_BYTES:
        message = Message(
            "limit",
            f"is larger than {MAX_POLICY_BYTES // 2**20} MiB ({MAX_POLICY_BYTES:,} bytes);"
            " perfeval reads policy files of at most that",
            f"超过 {MAX_POLICY_BYTES // 2**20} MiB（{MAX_POLICY_BYTES:,} 字节）；"
            "perfeval 读取的评分政策文件不能超过这个大小",
        )
        raise ValidationError([message.at("")])
    text = decode(data)
    try:
        parsed = read(text)
    except ValidationError as exc:
        if not exc.errors[0].message.startswith(_TOO_DEEP_TO_PARSE):
            raise
        parsed = _INVALID  # nested past the parser's own limit
    if parsed is _INVALID or _deeper_than(text, MAX_POLICY_DEPTH):
        message = Message(
            "limit",
            f"is nested more than {MAX_POLICY_DEPTH} levels deep (arrays and objects);"
            f" perfeval reads policy files nested at most {MAX_POLICY_DEPTH} deep",
            f"嵌套超过 {MAX_POLICY_DEPTH} 层（数组和对象）；"
            f"perfeval 读取的评分政策文件最多嵌套 {MAX_POLICY_DEPTH} 层",
        )
        raise ValidationError([message.at("")]) from None
    return parsed


#: How the strict JSON reader words a text nested past the parser's recursion limit.
_TOO_DEEP_TO_PARSE: Final = "is nested too deeply"
_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET: Final = re.compile(r"[\[\]{}]")


def _deeper_than(text: str, limit: int) -> bool:
    """Whether the valid JSON *text* nests arrays and objects more than *limit* deep.

    Strings are blotted out first (their brackets are text): in valid JSON each one
    closes, so the pattern runs in linear time.
    """
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def _from_bytes(data: bytes) -> Policy:
    return policy_from_dict(_parse(data))


def load_policy(source: str | os.PathLike[str]) -> Policy:
    """A built-in policy by name, or the policy in a JSON file.

    Args:
        source: The name of a built-in policy (``"national"``, one of
            :data:`perfeval.scoring.POLICIES`), or the path of a policy file (UTF-8
            JSON, at most 1 MiB). A name wins over a file of the same name: write
            ``./national`` or pass a :class:`~pathlib.Path` for the file.

    Returns:
        The policy (for a name, the very object in
        :data:`perfeval.scoring.POLICIES`).

    Raises:
        OSError: the file cannot be read (missing, a directory, no permission).
        ValidationError: the file is not a policy: not strict JSON, too large or too
            deeply nested, or members with problems, each listed with its JSON pointer.

    >>> from perfeval.scoring import POLICIES, load_policy
    >>> load_policy("hubei").execution_weight
    Decimal('20')
    >>> load_policy("national") is POLICIES["national"]
    True
    """
    if isinstance(source, str) and source in BUILTIN_NAMES:
        from perfeval.scoring import POLICIES  # noqa: PLC0415 - scoring imports this module

        return POLICIES[source]
    with Path(source).open("rb") as file:
        data = file.read(MAX_POLICY_BYTES + 1)  # never more than the limit into memory
    return _from_bytes(data)


def _builtin(name: str) -> Policy:
    # A plain file: importing importlib.resources takes longer than reading one policy.
    path = Path(__file__).with_name(_POLICIES_DIR) / f"{name}.json"
    try:
        data = path.read_bytes()
    except OSError:  # pragma: no cover - a zipped installation has no files of its own
        from importlib import resources  # noqa: PLC0415

        resource = resources.files("perfeval").joinpath(_POLICIES_DIR).joinpath(f"{name}.json")
        data = resource.read_bytes()
    return _from_bytes(data)


class BuiltinPolicies(Mapping[str, "Policy"]):
    """The built-in policies by name, read-only; each file is read when first asked for.

    Iterates in :data:`BUILTIN_NAMES` order; an unknown name is a :exc:`KeyError`
    whose message lists the names. Safe to share between threads: a policy read by
    two at once is kept once.
    """

    __slots__ = ("_loaded",)

    def __init__(self) -> None:
        self._loaded: dict[str, Policy] = {}

    def __getitem__(self, name: str) -> Policy:
        try:
            return self._loaded[name]
        except (KeyError, TypeError):
            pass
        given: object = name  # callers without a type checker may pass anything
        if not isinstance(given, str) or given not in BUILTIN_NAMES:
            msg = f"no scoring policy named {name!r}; the policies are: {', '.join(BUILTIN_NAMES)}"
            raise KeyError(msg)
        return self._loaded.setdefault(name, _builtin(name))

    def __iter__(self) -> Iterator[str]:
        return iter(BUILTIN_NAMES)

    def __len__(self) -> int:
        return len(BUILTIN_NAMES)

    def __contains__(self, name: object) -> bool:
        return name in BUILTIN_NAMES

    def __repr__(self) -> str:
        return f"<the built-in scoring policies: {', '.join(BUILTIN_NAMES)}>"


# -- the JSON Schema ------------------------------------------------------------------------

_SCHEMA_DESCRIPTION: Final = (
    "A scoring policy of perfeval (perfeval.scoring.Policy): how a project"
    " self-evaluation (项目支出绩效自评) is scored. Every member but name is optional"
    " and takes the national default. Rules this schema cannot state, which perfeval"
    " also checks: a first-level indicator is in one group at most; a band's low is not"
    " above its high; 0 <= fair_from <= good_from <= excellent_from <= 100; JSON numbers"
    " have at most 12 decimal places."
)


@functools.cache
def _schema() -> dict[str, Any]:
    from perfeval.scoring import Policy  # noqa: PLC0415 - perfeval.scoring imports this module

    defaults = _POLICY.dump_members(Policy())
    properties = {}
    for name, member in _POLICY.members.items():
        schema = member.schema()
        if name in _SCALAR_DEFAULTS:
            schema["default"] = defaults[name]
        properties[name] = schema
    defs: dict[str, Any] = {name: _number_definition(name) for name in _NUMBER_PATTERNS}
    defs["WeightGroup"] = _Groups.group.definition_schema(
        "A share of the points given to the indicators of some first-level kinds."
    )
    defs["Band"] = _Band().definition_schema(
        "The shares of an indicator's weight a qualitative result may earn, both bounds inclusive."
    )
    defs["IndicatorLevel1"] = {
        "title": "IndicatorLevel1",
        "description": (IndicatorLevel1.__doc__ or "").strip(),
        "oneOf": [
            {"const": level.value, "title": level.label, "description": level.description}
            for level in IndicatorLevel1
        ],
    }
    return {
        "$schema": _DIALECT,
        "$id": POLICY_SCHEMA_ID,
        "title": "评分办法 (perfeval scoring policy)",
        "description": _SCHEMA_DESCRIPTION,
        "type": "object",
        "properties": properties,
        "required": list(_POLICY.required),
        "additionalProperties": False,
        "$defs": defs,
    }


#: Members whose default the schema states (the arrays' defaults are long lists).
_SCALAR_DEFAULTS: Final = frozenset(
    {
        "execution_weight",
        "negative_formula",
        "achieved",
        "partially_achieved",
        "not_achieved",
        "excellent_from",
        "good_from",
        "fair_from",
        "overachievement",
        "execution_expected",
        "tolerance",
    }
)


def policy_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of policy files, generated; a new ``dict`` each call.

    Each member has its Chinese ``title`` and an English ``description``; optional
    scalar members state their default. ``schemas/policy.schema.json`` is its text.

    >>> from perfeval.scoring import policy_schema
    >>> schema = policy_schema()
    >>> schema["$id"]
    'https://perfeval.readthedocs.io/en/latest/schema/1.1/policy.schema.json'
    >>> schema["required"], schema["properties"]["execution_weight"]["title"]
    (['name'], '预算执行率分值')
    """
    schema: dict[str, Any] = json.loads(json.dumps(_schema()))  # a copy: callers may change it
    return schema


def policy_schema_text() -> str:
    """The policy schema as committed: two-space indented JSON, final newline."""
    return json.dumps(_schema(), indent=2, ensure_ascii=False) + "\n"
