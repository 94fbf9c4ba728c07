"""Turning the detailed converter's exceptions into :class:`~perfeval.errors.ErrorDetail`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from perfeval._io import convert
from perfeval._io.limits import MAX_FAILED_ITEMS
from perfeval._spec import required_message
from perfeval._text import escape_token
from perfeval.errors import ErrorDetail, FieldError
from perfeval.model import Report

__all__ = ["collect"]


def _name_order(key: Any) -> tuple[int, str]:
    # Names that are not strings (from_dict input) sort last, and are never str()-ed.
    return (0, key) if type(key) is str else (1, type(key).__name__)


def _title(cls: type | None, name: str) -> str:
    if cls is None or not attrs.has(cls):  # pragma: no cover - cattrs names the class
        return name
    field = attrs.fields_dict(cls).get(name)
    return field.metadata["title"] if field is not None else name


def _details(
    exc: BaseException, path: str, version: str, owner: type | None = None
) -> Iterator[ErrorDetail]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        cls = getattr(exc, "cl", None) if isinstance(exc, ClassValidationError) else None
        for sub in exc.exceptions:
            sub_path, name = path, None
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, IterableValidationNote):
                    sub_path = f"{path}/{note.index}"
                elif hasattr(note, "name"):
                    name = note.name
                    sub_path = f"{path}/{escape_token(name)}"
            if isinstance(sub, KeyError) and name is not None:
                yield ErrorDetail(sub_path, required_message(_title(cls, name)))
            else:
                yield from _details(sub, sub_path, version, cls)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=_name_order):
            unknown = convert.unknown_member(exc.cl, key, None, version)
            yield ErrorDetail(path + unknown.member, unknown.message)
    elif isinstance(exc, convert.GroupError):
        for problem in exc.problems:
            yield from _details(problem, path, version, owner)
    elif isinstance(exc, FieldError):
        yield ErrorDetail(path + exc.member, exc.message, exc.value)
    elif isinstance(exc, RecursionError):  # caught by an array's hook: score groups nest
        yield ErrorDetail(path, "is nested too deeply")
    else:  # a rule checked by a constructor; its message names the member
        yield ErrorDetail(path, str(exc))


def collect(data: Any, version: str, *, texts_checked: bool = False) -> list[ErrorDetail]:
    """Every problem of *data* as a document (after the fast path refused it).

    *texts_checked* says that *data* comes from ``text.read`` (see
    :func:`perfeval._io.convert.detailed`).

    A hostile document may hold millions of bad items or unknown members; past the
    budget the rest is left unchecked, so that collecting stays about as fast as reading.
    """
    spent, token = convert.budget()
    try:
        convert.detailed(version, texts_checked=texts_checked).structure(data, Report)
    except RecursionError:
        return [ErrorDetail("", "is nested too deeply")]
    except Exception as exc:
        details = list(_details(exc, "", version))
        if spent[0] <= 0:
            details.append(
                ErrorDetail(
                    "",
                    f"has more problems: perfeval stopped looking after {MAX_FAILED_ITEMS:,}"
                    " array items, unknown members and values in extensions with problems",
                )
            )
        return details
    finally:
        convert.release(token)
    return []  # pragma: no cover - the fast path only fails when the detailed one does
