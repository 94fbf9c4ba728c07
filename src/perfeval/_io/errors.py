"""Turning the detailed converter's exceptions into :class:`~perfeval.errors.ErrorDetail`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from perfeval._io import convert
from perfeval._io.limits import MAX_FAILED_ITEMS
from perfeval._message import Message
from perfeval._spec import required_message
from perfeval._text import escape_token
from perfeval.errors import ErrorDetail, FieldError
from perfeval.model import Report

__all__ = ["TOO_DEEP", "UNWORDED_RULE_ZH", "collect"]


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
                yield required_message(_title(cls, name)).at(sub_path)
            else:
                yield from _details(sub, sub_path, version, cls)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=_name_order):
            unknown = convert.unknown_member(exc.cl, key, None, version)
            # Named in the path; the value is not shown, as cattrs does not give it.
            yield ErrorDetail(
                path + unknown.member,
                unknown.message,
                kind=unknown.kind,
                message_zh=unknown.message_zh,
            )
    elif isinstance(exc, convert.GroupError):
        for problem in exc.problems:
            yield from _details(problem, path, version, owner)
    elif isinstance(exc, FieldError):
        yield exc.detail(path)
    elif isinstance(exc, RecursionError):  # caught by an array's hook: score groups nest
        yield TOO_DEEP.at(path)
    else:  # pragma: no cover - constructors raise FieldError for the rules they check
        # A rule whose exception has no Chinese words: its English names the member.
        yield ErrorDetail(path, str(exc), kind="rule", message_zh=UNWORDED_RULE_ZH)


#: Nesting past what the stack allows.
TOO_DEEP: Final = Message("limit", "is nested too deeply", "嵌套过深")
#: The Chinese message of a rule a constructor words in English only (none does: the
#: tests hold every problem of a document to a Chinese message of its own).
UNWORDED_RULE_ZH: Final = "不符合报告模型的规则（见英文说明）"


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
        return [TOO_DEEP.at("")]
    except Exception as exc:
        details = list(_details(exc, "", version))
        if spent[0] <= 0:
            details.append(
                Message(
                    "limit",
                    f"has more problems: perfeval stopped looking after {MAX_FAILED_ITEMS:,}"
                    " array items, unknown members and values in extensions with problems",
                    f"还有更多问题：perfeval 查看了 {MAX_FAILED_ITEMS:,} 个有问题的数组项、"
                    "未知成员和 extensions 中的值之后停止查找",
                ).at("")
            )
        return details
    finally:
        convert.release(token)
    return []  # pragma: no cover - the fast path only fails when the detailed one does
