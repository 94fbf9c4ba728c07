"""Strict JSON text: decoding, duplicate names, numbers and texts within limits, writing.

The JSON layer rejects duplicate member names at any depth, ``NaN`` and ``Infinity``,
invalid UTF-8, a byte order mark, lone surrogates, and anything past the limits of
:mod:`perfeval._io.limits`, each with an error that names it. Numbers with a fraction
become :class:`~decimal.Decimal`, never float.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import itertools
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from perfeval._io.limits import (
    MAX_DIGITS,
    MAX_DOCUMENT_BYTES,
    MAX_EXPONENT,
    MAX_INT_TEXT,
    MAX_NESTING,
    MAX_PROBLEMS,
    MAX_TEXT_LENGTH,
    MAX_TEXT_PROBLEMS,
)
from perfeval._message import Message
from perfeval._text import escape_token
from perfeval._values import LONE_SURROGATE, NUMBERS, describe, describe_zh, quote, show
from perfeval.errors import ErrorDetail, FieldError, ValidationError

__all__ = [
    "TOO_DEEP_FOR_A_REPORT",
    "data_problem",
    "json_problems",
    "more_problems",
    "name_problem",
    "read",
    "read_stream",
    "unreadable",
]


def json_problems(value: Any, *, depth_limit: int) -> Iterator[tuple[str, Message, str | None]]:
    """What in *value* is not JSON data perfeval keeps: (relative pointer, message, value).

    Iterative, with a stack of iterators as deep as the nesting, so that neither depth
    nor breadth costs more than a look at each value; a place is a linked trail
    ``(parent trail, key)``, written as a pointer only for a problem. A member whose
    name is refused is not entered: its pointer could not be printed.
    """
    stack: list[tuple[Iterator[tuple[Any, Any]], Any, bool]] = [(_members(value), None, False)]
    while stack:
        items, trail, in_list = stack[-1]
        for key, item in items:
            if not in_list and (problem := name_problem(key)) is not None:
                yield _pointer(trail), problem, None
                continue
            kind = type(item)
            if kind is dict or kind is list:
                if len(stack) >= depth_limit:
                    yield _pointer((trail, key)), _too_deep(depth_limit), show(item)
                elif item:
                    stack.append((_members(item), (trail, key), kind is list))
                    break
            elif not (
                item is None
                or kind is bool
                or (kind is int and -_INT_BOUND < item < _INT_BOUND)
                or (kind is str and len(item) <= MAX_TEXT_LENGTH and _is_text(item))
            ):
                problem = _scalar_problem(item)
                if problem is not None:
                    shown = quote(item) if kind is str else show(item)
                    yield _pointer((trail, key)), problem, shown
        else:
            stack.pop()


def _members(node: Any) -> Iterator[tuple[Any, Any]]:
    return enumerate(node) if type(node) is list else iter(node.items())


def _is_text(text: str) -> bool:
    """Whether *text* holds characters only (no lone surrogate)."""
    return text.isascii() or LONE_SURROGATE.search(text) is None


_DUPLICATE: Final = Message(
    "duplicate-member",
    "appears more than once in the same object; each member may appear only once",
    "在同一对象中出现了不止一次；每个成员只能出现一次",
)


def _too_deep(limit: int) -> Message:
    return Message(
        "limit",
        f"is nested more than {limit} levels deep (arrays and objects, counting extensions"
        f" itself); perfeval keeps at most {limit}",
        f"嵌套超过 {limit} 层（数组和对象，extensions 本身算一层）；perfeval 最多保留 {limit} 层",
    )


def _scalar_problem(value: Any) -> Message | None:
    kind = type(value)
    if kind is str:
        return _text_problem(value) if len(value) > MAX_TEXT_LENGTH or not _is_text(value) else None
    if kind is int:
        if -_INT_BOUND < value < _INT_BOUND:
            return None
        return Message(
            "limit",
            f"is a whole number of more than {MAX_DIGITS} digits; perfeval reads numbers"
            f" of at most {MAX_DIGITS} (write longer figures as strings)",
            f"是超过 {MAX_DIGITS} 位的整数；perfeval 最多读取 {MAX_DIGITS} 位的数字"
            "（更长的数字请写成字符串）",
        )
    if kind is Decimal:
        return _decimal_problem(value)
    if value is None or kind is bool:
        return None
    if kind is float:
        return Message(
            "type",
            f"is a Python float ({value!r}), which cannot hold a decimal exactly; parse the"
            " JSON with parse_float=decimal.Decimal, or read it with perfeval.loads",
            f"是 Python 浮点数（{value!r}），无法精确表示小数；解析 JSON 时请使用"
            " parse_float=decimal.Decimal，或用 perfeval.loads 读取",
        )
    return Message(
        "type",
        "must be JSON data (null, true, false, a number, a string, an array or an object),"
        f" not {describe(value)}",
        "应为 JSON 数据（null、true、false、数字、字符串、数组或对象），"
        f"而不是{describe_zh(value)}",
    )


_INT_BOUND: Final = 10**MAX_DIGITS


def name_problem(key: Any) -> Message | None:
    """Why *key* cannot be a member name in a document, or ``None``."""
    if type(key) is not str:
        return Message(
            "type",
            f"has a member name that is not a string but {describe(key)}",
            f"有一个成员名不是字符串，而是{describe_zh(key)}",
        )
    if len(key) > MAX_TEXT_LENGTH:
        return Message(
            "limit",
            f"has a member name of {len(key):,} characters ({quote(key)});"
            f" perfeval reads names of at most {MAX_TEXT_LENGTH:,}",
            f"有一个长 {len(key):,} 个字符的成员名（{quote(key)}）；"
            f"perfeval 最多读取 {MAX_TEXT_LENGTH:,} 个字符的成员名",
        )
    if not _is_text(key):
        en, zh = _surrogate_text(key)
        return Message("encoding", f"has a member name that contains {en}", f"有一个成员名含有{zh}")
    return None


def _text_problem(text: str) -> Message:
    """Why *text* is refused: too long, or a lone surrogate (the caller knows it is one)."""
    if len(text) > MAX_TEXT_LENGTH:
        return Message(
            "limit",
            f"is a text of {len(text):,} characters; perfeval reads texts of at most"
            f" {MAX_TEXT_LENGTH:,}",
            f"文本长 {len(text):,} 个字符；perfeval 最多读取 {MAX_TEXT_LENGTH:,} 个字符的文本",
        )
    en, zh = _surrogate_text(text)
    return Message("encoding", f"contains {en}", f"含有{zh}")


def _surrogate_text(text: str) -> tuple[str, str]:
    found = LONE_SURROGATE.search(text)
    assert found is not None  # noqa: S101 - only called when there is one
    character = json.dumps(found.group())
    english = (
        f"a lone surrogate ({character} at character {found.start()}),"
        " which is no character and cannot be written as UTF-8; remove it, or write"
        " the character it belongs to"
    )
    chinese = (
        f"孤立代理项（{character}，第 {found.start()} 个字符之后），它不是字符，"
        "无法写成 UTF-8；请删除它，或写出它所属的完整字符"
    )
    return english, chinese


def _decimal_problem(number: Decimal) -> Message | None:
    """Why *number* is not a JSON number perfeval keeps, or ``None``."""
    if not number.is_finite():
        return Message(
            "type",
            f"is {describe(number)}, which JSON cannot hold",
            f"是{describe_zh(number)}，JSON 无法表示",
        )
    digits = len(number.as_tuple().digits)
    if digits > MAX_DIGITS:
        return Message(
            "limit",
            f"has {digits:,} significant digits; perfeval reads numbers of at most"
            f" {MAX_DIGITS} (write longer figures as strings)",
            f"有 {digits:,} 位有效数字；perfeval 最多读取 {MAX_DIGITS} 位的数字"
            "（更长的数字请写成字符串）",
        )
    if not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        return Message(
            "limit",
            f"is a number whose exponent ({number.adjusted():,}) is out of range;"
            f" perfeval reads exponents from -{MAX_EXPONENT:,} to {MAX_EXPONENT:,}",
            f"是指数（{number.adjusted():,}）超出范围的数字；"
            f"perfeval 读取的指数范围为 -{MAX_EXPONENT:,} 到 {MAX_EXPONENT:,}",
        )
    return None


class _DuplicateMemberError(ValueError):
    pass


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateMemberError
    return result


class _Marked(dict):  # type: ignore[type-arg]
    """A parsed object that remembers which member names it saw twice."""

    duplicates: Sequence[str] = ()


class _DuplicateMarker:
    """An object hook that marks the duplicate names of the first *limit* objects with any.

    The rest are left unmarked (and :attr:`skipped` says so): a hostile document may
    repeat a name in millions of objects.
    """

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.skipped = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        if self.left <= 0:
            self.skipped = True
            return result
        self.left -= 1
        marked = _Marked(result)
        seen: set[str] = set()
        marked.duplicates = sorted({key for key, _ in pairs if key in seen or seen.add(key)})  # type: ignore[func-returns-value]
        return marked


def _reject_constant(name: str) -> Any:
    raise Message(
        "syntax",
        f'{name} is not a number in JSON; amounts are decimal strings such as "654.45"',
        f'{name} 在 JSON 中不是数字；金额应写成小数字符串，如 "654.45"',
    ).error()


#: JSON numbers with a fraction or an exponent become Decimal, never float, converted
#: in perfeval's context so that the caller's is never read (its traps) nor changed
#: (its flags). Their digits and exponent are checked where numbers may be: extensions.
_DECIMAL: Final = functools.partial(Decimal, context=NUMBERS)


def _int_limit() -> int:
    """``sys.get_int_max_str_digits()``: 0 (no limit) before CPython 3.10.7 and 3.11."""
    get = getattr(sys, "get_int_max_str_digits", None)
    return 0 if get is None else int(get())


def _int_parser() -> Callable[[str], int] | None:
    """``None`` (json's own, in C) when Python bounds int() itself, as it does by default."""
    limit = _int_limit()
    return None if 0 < limit <= MAX_INT_TEXT else _parse_int


def _parse_int(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_INT_TEXT:
        raise ValueError(text)
    return int(text)


def _long_number() -> Message:
    limit = _int_limit()
    digits = limit if 0 < limit <= MAX_INT_TEXT else MAX_INT_TEXT
    return Message(
        "limit",
        f"contains a whole number of more than {digits:,} digits; perfeval reads numbers"
        f" of at most {MAX_DIGITS} digits (write longer figures as strings)",
        f"含有超过 {digits:,} 位的整数；perfeval 最多读取 {MAX_DIGITS} 位的数字"
        "（更长的数字请写成字符串）",
    )


_UTF16_HINT: Final = " (it looks like UTF-16 or UTF-32)"
_UTF16_HINT_ZH: Final = "（看起来是 UTF-16 或 UTF-32 编码）"

#: What json's decoder says (how its messages begin), in Chinese.
_JSON_MESSAGES_ZH: Final = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的成员名",
    "Expecting ':' delimiter": "此处应为冒号“:”",
    "Expecting ',' delimiter": "此处应为逗号“,”",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "字符串中有无效的控制字符",
    "Invalid \\escape": "无效的转义序列",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义序列",
    "Extra data": "JSON 值之后还有多余内容",
    "Illegal trailing comma before end of object": "对象结尾前有多余的逗号",
    "Illegal trailing comma before end of array": "数组结尾前有多余的逗号",
}


def _syntax_error(exc: json.JSONDecodeError, text: str) -> Message:
    """The problem of *text*, which json refused with *exc*."""
    utf16 = "\x00" in text
    hint = f"{_UTF16_HINT}; save the file as UTF-8" if utf16 else ""
    hint_zh = f"{_UTF16_HINT_ZH}；请将文件另存为 UTF-8" if utf16 else ""
    said = next((zh for en, zh in _JSON_MESSAGES_ZH.items() if exc.msg.startswith(en)), exc.msg)
    return Message(
        "syntax",
        f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}){hint}",
        f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：{said}{hint_zh}",
    )


def _json(text: str, pairs_hook: Callable[[list[tuple[str, Any]]], Any]) -> Any:
    """``json.loads`` with perfeval's hooks; every failure but duplicates is a ValidationError."""
    try:
        return json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_float=_DECIMAL,
            parse_int=_int_parser(),
            parse_constant=_reject_constant,
        )
    except _DuplicateMemberError:
        raise
    except json.JSONDecodeError as exc:
        message = _syntax_error(exc, text)
    except FieldError as exc:
        message = Message(exc.kind, exc.message, exc.message_zh)
    except RecursionError:
        message = TOO_DEEP_FOR_A_REPORT
    except InvalidOperation:  # from NUMBERS: an exponent beyond what Decimal holds
        message = Message(
            "limit",
            "contains a number whose exponent is out of range; perfeval reads exponents"
            f" from -{MAX_EXPONENT:,} to {MAX_EXPONENT:,}",
            f"含有指数超出范围的数字；perfeval 读取的指数范围为 -{MAX_EXPONENT:,}"
            f" 到 {MAX_EXPONENT:,}",
        )
    except ValueError:  # int() refused a number's digits
        message = _long_number()
    raise ValidationError([message.at("")])


#: A document nested past what the stack allows.
TOO_DEEP_FOR_A_REPORT: Final = Message(
    "limit", "is nested too deeply to be a report", "嵌套过深，不能作为报告读取"
)


def parse(text: str, *, check_texts: bool) -> Any:
    """Parse *text*; with *check_texts*, also look at every text and member name.

    Texts need looking at only when one may be too long or hold a lone surrogate,
    which the caller finds out cheaply: a valid document pays nothing.
    """
    more = False
    try:
        data = _json(text, _unique_members)
    except _DuplicateMemberError:
        marker = _DuplicateMarker(MAX_TEXT_PROBLEMS)
        data = _json(text, marker)  # parse again to find and place them
        more = marker.skipped
    else:
        if not check_texts:
            return data
    found = _text_problems(data, check_texts=check_texts)
    problems = sorted(itertools.islice(found, MAX_TEXT_PROBLEMS), key=lambda e: e.path)
    if more or next(found, None) is not None:
        problems.append(more_problems())
    if problems:
        raise ValidationError(problems)
    return data


def _text_problems(data: Any, *, check_texts: bool) -> Iterator[ErrorDetail]:
    """Find duplicate members (of the marking parse) and, with *check_texts*, bad texts.

    Texts and member names are bad when too long or holding a lone surrogate. The
    walk is that of :func:`_json_problems`, fast enough for the largest document.
    """
    if not (type(data) is dict or type(data) is list or type(data) is _Marked):
        return
    stack: list[tuple[Iterator[tuple[Any, Any]], Any, bool, Sequence[str]]]
    stack = [(_members(data), None, type(data) is list, _duplicates(data))]
    while stack:
        items, trail, in_list, duplicates = stack[-1]
        for key, item in items:
            if not in_list:
                if check_texts and (problem := name_problem(key)) is not None:
                    yield problem.at(_pointer(trail))
                    continue
                if key in duplicates:
                    yield _DUPLICATE.at(_pointer((trail, key)), show(key))
            kind = type(item)
            if kind is str:
                if check_texts and (len(item) > MAX_TEXT_LENGTH or not _is_text(item)):
                    yield _text_problem(item).at(_pointer((trail, key)), quote(item))
            elif (kind is dict or kind is list or kind is _Marked) and item:
                stack.append((_members(item), (trail, key), kind is list, _duplicates(item)))
                break
        else:
            stack.pop()


def _duplicates(node: Any) -> Sequence[str]:
    return node.duplicates if type(node) is _Marked else ()


def _pointer(trail: Any) -> str:
    parts = []
    while trail is not None:
        trail, key = trail
        parts.append(f"/{key}" if type(key) is int else f"/{escape_token(key)}")
    return "".join(reversed(parts))


def _may_hold_long_texts(text: str) -> bool:
    """Whether a text or name in *text* may be longer than the limit (never a false no).

    A JSON string is at most as long as its source between its quotes. Once escaped
    backslashes and quotes are blotted out, every quote left opens or closes a string
    (in valid JSON; other text fails to parse anyway): a long run without quotes is a
    text if an odd number of quotes precede it, and whitespace or numbers otherwise.
    """
    if len(text) <= MAX_TEXT_LENGTH:
        return False
    if "\\" in text:
        text = text.replace("\\\\", "__").replace('\\"', "__")
    found = _LONG_RUN.search(text)
    while found is not None:
        if text.count('"', 0, found.start() + 1) % 2:
            return True
        after = text.find('"', found.end())
        found = _LONG_RUN.search(text, after) if after >= 0 else None
    return False


_LONG_RUN: Final = re.compile(f'"[^"]{{{MAX_TEXT_LENGTH + 1}}}')
# An escaped surrogate that JSON does not pair with its other half (never a false no:
# a high surrogate not followed by a low one; a low one not preceded by a high one
# that is itself an escape, i.e. not preceded by a backslash).
_LONE_SURROGATE_ESCAPE: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<![^\\]\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def decode(data: bytes | bytearray | memoryview) -> str:
    size = data.nbytes if isinstance(data, memoryview) else len(data)
    if size > MAX_DOCUMENT_BYTES:
        raise too_large(size)
    raw = bytes(data)
    if raw.startswith(b"\xef\xbb\xbf"):
        bom = Message(
            "encoding",
            "starts with a UTF-8 byte order mark (BOM); save the file as UTF-8 without BOM",
            "以 UTF-8 字节顺序标记（BOM）开头；请将文件另存为不带 BOM 的 UTF-8",
        )
        raise ValidationError([bom.at("")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw
        byte = raw[exc.start : exc.start + 1]
        problem = Message(
            "encoding",
            f"is not valid UTF-8: byte {exc.start} ({byte!r}) cannot be decoded; save the"
            f" file as UTF-8{_UTF16_HINT if utf16 else ''}",
            f"不是有效的 UTF-8：第 {exc.start} 个字节（{byte!r}）无法解码；请将文件另存为"
            f" UTF-8{_UTF16_HINT_ZH if utf16 else ''}",
        )
        raise ValidationError([problem.at("")]) from None


def more_problems() -> ErrorDetail:
    """The last problem of a list cut at :data:`MAX_PROBLEMS`: there are more."""
    return Message(
        "limit",
        f"has more problems: perfeval lists the first {MAX_PROBLEMS:,}",
        f"还有更多问题：perfeval 只列出前 {MAX_PROBLEMS:,} 个",
    ).at("")


def too_large(size: int | None, unit: str = "bytes") -> ValidationError:
    """The refusal of a document of *size* bytes (or characters); ``None``: more than the limit."""
    length = f"more than {MAX_DOCUMENT_BYTES:,}" if size is None else f"{size:,}"
    length_zh = f"超过 {MAX_DOCUMENT_BYTES:,}" if size is None else f"{size:,}"
    unit_zh = "个字符" if unit == "characters" else "字节"
    problem = Message(
        "limit",
        f"is {length} {unit} long; perfeval reads documents of at most"
        f" {MAX_DOCUMENT_BYTES:,} bytes of UTF-8 ({MAX_DOCUMENT_BYTES // 2**20} MiB)",
        f"长 {length_zh} {unit_zh}；perfeval 最多读取 {MAX_DOCUMENT_BYTES:,} 字节"
        f"（{MAX_DOCUMENT_BYTES // 2**20} MiB）UTF-8 编码的文档",
    )
    return ValidationError([problem.at("")])


def read_stream(stream: Any) -> str | bytes:
    """Read a document from *stream*, never more than the size limit and one byte.

    *stream* is anything with ``read(size)``: a binary file (bytes), a text file
    (characters, each at least a byte of UTF-8), a pipe. Short reads are read on;
    ``None`` (a non-blocking stream with nothing to read) ends the document.

    Raises:
        ValidationError: the stream holds more than :data:`MAX_DOCUMENT_BYTES`; only
            that many bytes and one more have been read from it.
        OSError: reading failed.
    """
    wanted = MAX_DOCUMENT_BYTES + 1
    # A read of n bytes allocates n bytes first: ask for what a regular file holds (and
    # a byte, to see its end), else for chunks that double, not for the limit at once.
    left = None if isinstance(stream, io.TextIOBase) else _file_size(stream)
    if left is not None:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            left -= stream.tell()
    ask = _CHUNK if left is None else max(left, 0) + 1
    chunks: list[Any] = []
    got = 0
    while got < wanted:
        chunk = stream.read(min(ask, wanted - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        ask = max(ask, 2 * len(chunk))
    if not chunks:
        empty: str | bytes = "" if isinstance(stream, io.TextIOBase) else b""
        return empty
    data = chunks[0] if len(chunks) == 1 else chunks[0][:0].join(chunks)
    if got > MAX_DOCUMENT_BYTES:
        text = isinstance(data, str)
        raise too_large(None if text else _file_size(stream), "characters" if text else "bytes")
    if not isinstance(data, (str, bytes)):  # a bytearray, a memoryview: as loads() takes them
        data = bytes(data)
    return data  # type: ignore[no-any-return]


_CHUNK: Final = 1 << 16


def unreadable(exc: OSError) -> Message:
    """The problem of a file that cannot be read, from the error reading it raised.

    >>> import errno
    >>> problem = unreadable(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    >>> problem.kind, problem.en, problem.zh
    ('file', 'cannot read the file: No such file or directory', '无法读取文件：文件不存在')
    """
    reason = exc.strerror or str(exc)
    said = _OS_ERRORS_ZH.get(exc.errno) if exc.errno is not None else None
    return Message("file", f"cannot read the file: {reason}", f"无法读取文件：{said or reason}")


_OS_ERRORS_ZH: Final = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "不允许此操作",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ELOOP: "符号链接层数过多",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "输入输出错误",
    errno.ENXIO: "设备不存在",
    errno.EINVAL: "参数无效",
    errno.EAGAIN: "资源暂时不可用",
}


def _file_size(stream: Any) -> int | None:
    """The size of the regular file under *stream*, or ``None`` (a pipe, a terminal …)."""
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def data_problem(data: Any) -> ErrorDetail | None:
    """Why *data* is larger or deeper than a document perfeval reads, or ``None``.

    The size counted is that of *data* written as compact JSON in UTF-8 (texts and
    names with their quotes, brackets and separators, ``true``, ``false``, ``null``),
    except that a number counts one byte (a whole number of more than 20 digits, a
    byte for every 3.33 bits): never more, so that data :func:`read` could have
    produced is never refused for its size. A value is counted each time it is met,
    as JSON would write it: shared or cyclic data is measured in full, up to the
    limit. Nesting deeper than :data:`MAX_NESTING` is refused. The walk is iterative
    and stops as soon as a limit is passed: it looks at no more values than a
    document of the size limit holds (each takes at least two bytes).
    """
    size = 0
    stack: list[Iterator[Any]] = [iter((data,))]
    while stack:
        for value in stack[-1]:
            kind = type(value)
            if kind is str:
                size += 2 + (len(value) if value.isascii() else _utf8_size(value))
            elif kind is dict or kind is list:
                if len(stack) > MAX_NESTING:
                    return _too_deep_to_validate().at("")
                size += 1 + len(value) if value else 2  # brackets, separators between items
                if kind is dict:
                    size += 3 * len(value)  # the quotes and the colon of each name
                    if size <= MAX_DOCUMENT_BYTES:
                        for key in value:
                            if type(key) is str:
                                size += len(key) if key.isascii() else _utf8_size(key)
                if size > MAX_DOCUMENT_BYTES:
                    break
                if value:
                    stack.append(iter(value.values() if kind is dict else value))
                    break
                continue
            elif value is None or value is True:
                size += 4
            elif value is False:
                size += 5
            elif kind is int and not -_LONG < value < _LONG:
                size += value.bit_length() * 3 // 10  # fewer than its digits
            elif kind is tuple or kind is set or kind is frozenset:  # not JSON: not entered
                size += 1 + len(value)
            else:  # a number (at least a digit), or what JSON cannot hold
                size += 1
            if size > MAX_DOCUMENT_BYTES:
                break
        else:
            stack.pop()
            continue
        if size > MAX_DOCUMENT_BYTES:
            return Message(
                "limit",
                "is larger than a document perfeval reads: written as JSON, it would be"
                f" more than {MAX_DOCUMENT_BYTES:,} bytes ({MAX_DOCUMENT_BYTES // 2**20} MiB)",
                "超过 perfeval 能读取的文档大小：写成 JSON 将超过"
                f" {MAX_DOCUMENT_BYTES:,} 字节（{MAX_DOCUMENT_BYTES // 2**20} MiB）",
            ).at("")
    return None


_LONG: Final = 2**64


def _utf8_size(text: str) -> int:
    if len(text) > MAX_DOCUMENT_BYTES:  # too large whatever its encoding: not encoded
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _too_deep_to_validate() -> Message:
    return Message(
        "limit",
        f"is nested more than {MAX_NESTING:,} levels deep (arrays and objects); perfeval"
        f" validates data nested at most {MAX_NESTING:,} levels deep",
        f"嵌套超过 {MAX_NESTING:,} 层（数组和对象）；"
        f"perfeval 最多校验嵌套 {MAX_NESTING:,} 层的数据",
    )


def read(text: str | bytes | bytearray) -> Any:
    """Decode and parse a document's text within the limits; return the JSON data.

    Texts and member names are looked at one by one only when one of them may be too
    long or hold a lone surrogate, which is found out cheaply: a valid document pays
    nothing for it.

    Raises:
        ValidationError: the text is not strict JSON within the limits.
        TypeError: *text* is neither ``str`` nor bytes.
    """
    surrogates = False  # whether the text itself holds lone surrogates
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = decode(text)  # strict UTF-8 has no surrogates
    elif not isinstance(text, str):  # a caller without a type checker
        msg = f"loads() takes str or bytes, not {type(text).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    elif len(text) > MAX_DOCUMENT_BYTES:
        raise too_large(len(text), "characters")
    elif not text.isascii():  # measured as UTF-8, which also finds lone surrogates
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError:
            size, surrogates = len(text.encode("utf-8", "surrogatepass")), True
        if size > MAX_DOCUMENT_BYTES:
            raise too_large(size)
    if text.startswith("\ufeff"):
        bom = Message(
            "encoding",
            "starts with a byte order mark (U+FEFF); remove it",
            "以字节顺序标记（U+FEFF）开头；请删除它",
        )
        raise ValidationError([bom.at("")])
    check_texts = (
        surrogates
        or _may_hold_long_texts(text)
        or ("\\" in text and _LONE_SURROGATE_ESCAPE.search(text) is not None)
    )
    return parse(text, check_texts=check_texts)
