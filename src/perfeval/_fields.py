"""Field builders for the model: title, description, JSON constraints and validator in one.

One call gives an attrs field its Chinese title, its description, its JSON
constraints and the validator that enforces them.

The schema generator reads the same metadata, so a constraint is written once and
holds in Python and in every JSON Schema validator alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from perfeval._decimal import DECIMAL_PATTERN, check_representable, to_decimal
from perfeval.errors import FieldError

__all__ = ["FieldError", "array", "code", "decimal", "integer", "money", "obj", "text"]

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _meta(title: str, description: str, **json: Any) -> dict[str, Any]:
    return {"title": title, "description": description, "json": json}


def _text_validator(pattern: str | None) -> _Validator:
    compiled = re.compile(pattern) if pattern else None

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not str:
            msg = f"{attribute.name} must be a str, not {type(value).__name__}"
            raise TypeError(msg)
        if not value:
            msg = f"{attribute.name} must not be empty"
            raise ValueError(msg)
        if compiled is not None and compiled.fullmatch(value) is None:
            msg = f"{attribute.name} must match {pattern}, not {value!r}"
            raise ValueError(msg)

    return check


def _optional(validator: _Validator) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def _default(required: bool) -> Any:  # noqa: FBT001 - private helper
    return attrs.NOTHING if required else None


def text(
    title: str,
    description: str,
    *,
    required: bool = False,
    pattern: str | None = None,
    default: str | None = None,
    hint: str | None = None,
) -> Any:
    """A non-empty string, optionally matching *pattern*.

    A *default* makes the member optional in Python but still required in JSON,
    where it is always written (``schema_version``).
    """
    validator = _text_validator(pattern)
    if default is not None:
        return attrs.field(
            default=default,
            validator=validator,
            metadata=_meta(title, description, pattern=pattern, required=True, hint=hint),
        )
    return attrs.field(
        default=_default(required),
        validator=validator if required else _optional(validator),
        metadata=_meta(title, description, pattern=pattern, hint=hint),
    )


def integer(
    title: str, description: str, *, minimum: int, maximum: int, required: bool = False
) -> Any:
    """An integer (never a bool) within [minimum, maximum]."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not int:
            msg = f"{attribute.name} must be an int, not {type(value).__name__}"
            raise TypeError(msg)
        if not minimum <= value <= maximum:
            msg = f"{attribute.name} must be between {minimum} and {maximum}, not {value}"
            raise ValueError(msg)

    return attrs.field(
        default=_default(required),
        validator=check if required else _optional(check),
        metadata=_meta(title, description, minimum=minimum, maximum=maximum),
    )


def _to_checked_decimal(value: Any) -> Decimal:
    number = to_decimal(value)
    check_representable(number, places=12)
    return number


def _to_optional_decimal(value: Any) -> Decimal | None:
    return None if value is None else _to_checked_decimal(value)


def decimal(title: str, description: str, *, required: bool = False) -> Any:
    """A decimal (``Decimal``; ``int`` and decimal strings are converted, floats refused)."""
    return attrs.field(
        default=_default(required),
        converter=_to_checked_decimal if required else _to_optional_decimal,
        metadata=_meta(title, description, pattern=DECIMAL_PATTERN),
    )


def _instance_of(cls: type) -> _Validator:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            msg = f"{attribute.name} must be a {cls.__name__}, not {type(value).__name__}"
            raise TypeError(msg)

    return check


def code(cls: type, title: str, description: str, *, required: bool = False) -> Any:
    """A member of the code list *cls*."""
    validator = _instance_of(cls)
    return attrs.field(
        default=_default(required),
        validator=validator if required else _optional(validator),
        metadata=_meta(title, description),
    )


def obj(cls: type, title: str, description: str, *, required: bool = False) -> Any:
    """A nested object of class *cls*."""
    validator = _instance_of(cls)
    return attrs.field(
        default=_default(required),
        validator=validator if required else _optional(validator),
        metadata=_meta(title, description),
    )


def money(title: str, description: str, *, required: bool = False) -> Any:
    """A :class:`~perfeval.Money` whose amount the v1 schema can hold.

    The schema keeps at most 18 integer digits and 6 decimal places; an amount
    beyond that (say, the result of a division) is refused here rather than
    written into a document that no validator accepts.
    """
    from perfeval.money import Money  # noqa: PLC0415 - money imports nothing from here

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not Money:
            msg = f"{attribute.name} must be a Money, not {type(value).__name__}"
            raise TypeError(msg)
        check_representable(value.amount, places=6, what=attribute.name)

    return attrs.field(
        default=_default(required),
        validator=check if required else _optional(check),
        metadata=_meta(title, description),
    )


def _to_tuple(value: Any) -> Any:
    # Lists become tuples; anything else is left for the validator to refuse,
    # so that a string is never silently split into characters.
    return tuple(value) if type(value) is list else value


def array(
    item: type,
    title: str,
    description: str,
    *,
    required: bool = False,
    pattern: str | None = None,
    hint: str | None = None,
) -> Any:
    """A tuple of *item* (lists are accepted and converted).

    Optional arrays default to ``()`` and are omitted from JSON when empty; in JSON
    they must then have at least one item, so each document has one spelling.
    """
    item_check = _text_validator(pattern) if item is str else _instance_of(item)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            msg = f"{attribute.name} must be a tuple, not {type(value).__name__}"
            raise TypeError(msg)
        for element in value:
            item_check(instance, attribute, element)

    return attrs.field(
        default=attrs.NOTHING if required else (),
        converter=_to_tuple,
        validator=check,
        metadata=_meta(
            title, description, pattern=pattern, hint=hint, min_items=0 if required else 1
        ),
    )
