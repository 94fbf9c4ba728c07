"""A problem's words: its kind, its English and its Chinese message, in one value.

Every function that words a problem returns a :class:`Message`, so that the kind and
the Chinese travel with the English wherever the problem is reported: a constructor's
:class:`~perfeval.errors.FieldError`, the loader's or :func:`perfeval.validate`'s
:class:`~perfeval.errors.ErrorDetail`.
"""

from __future__ import annotations

import attrs

from perfeval.errors import ERROR_KINDS, ErrorDetail, FieldError

__all__ = ["Message"]


def _known(_: object, __: attrs.Attribute[str], kind: str) -> None:
    if kind not in ERROR_KINDS:
        msg = f"unknown error kind {kind!r}"
        raise ValueError(msg)


@attrs.frozen
class Message:
    """What is wrong, in English and in Chinese, and what kind of problem it is.

    >>> message = Message("required", "is required (报告标题)", "缺少必填项（报告标题）")
    >>> message.at("/title")
    ErrorDetail(path='/title', message='is required (报告标题)', value=None, kind='required', \
message_zh='缺少必填项（报告标题）')
    >>> message.error(member="/title").kind
    'required'
    """

    kind: str = attrs.field(validator=_known)
    en: str
    zh: str

    def at(self, path: str, value: str | None = None) -> ErrorDetail:
        """The problem at the JSON pointer *path*, with the offending *value* shown."""
        return ErrorDetail(path, self.en, value, kind=self.kind, message_zh=self.zh)

    def error(self, *, member: str = "", value: str | None = None) -> FieldError:
        """The problem as the :class:`~perfeval.errors.FieldError` a hook raises."""
        return FieldError(self.en, member=member, value=value, kind=self.kind, message_zh=self.zh)
