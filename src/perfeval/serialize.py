r"""Strict JSON for the model: ``loads``/``dumps``, ``load``/``dump``, ``to_dict``/``from_dict``.

The cattrs converters of ``perfeval._io``, built once from the classes' field
spec (``perfeval._spec``), turn parsed JSON into the model and back. They never
coerce: a number where a decimal string belongs, a string where an array belongs,
``true`` where an integer belongs are errors; unknown members are errors (except
inside ``extensions``, kept as given); ``null`` is never a value (absent members are omitted).

Loading has two speeds. The fast path structures the document with generated
functions that stop at the first problem; only when it fails does a second,
detailed pass run to collect *every* problem with its JSON pointer, so that a valid
document pays nothing for good error reports.

The JSON layer itself rejects duplicate member names at any depth, ``NaN`` and
``Infinity``, invalid UTF-8, and a document that is not an object. A UTF-8 byte
order mark at the start of ``bytes`` input is rejected too: RFC 8259 forbids
producers to add one, and accepting it would make ``dumps(loads(b))`` differ from
``b``; the error says how to fix it. So is a lone surrogate (``"\ud800"``), which is
no character and could not be written back as UTF-8.

Hostile input meets limits, each with an error that names it: the document's size,
the length of a text or member name, the digits and exponent of a number, how deep
``extensions`` nest; and at most so many problems are collected. The values and
the reasons are in ``docs/limits.md``.

>>> from perfeval import dumps, loads
>>> from perfeval import examples
>>> text = dumps(examples.load("kaifu-2020"))
>>> loads(text) == examples.load("kaifu-2020")
True
>>> loads('{"schema_version": "2.0"}')
Traceback (most recent call last):
...
perfeval.errors.ValidationError: 1 problem in the document:
  /schema_version: must be a schema version this perfeval reads (1.0 to 1.1), not '2.0'; ...
"""

from __future__ import annotations

import itertools
import os
from typing import IO, Any, Final

import attrs

from perfeval._io import convert, errors, generate, text
from perfeval._io.limits import MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_PROBLEMS
from perfeval._message import Message
from perfeval._spec import KINDS, Spec, building, spec_of
from perfeval._values import show
from perfeval.errors import ErrorDetail, FieldError, ValidationError
from perfeval.model import SCHEMA_VERSION, Report

__all__ = ["dump", "dumps", "from_dict", "load", "loads", "to_dict"]


def loads(text_: str | bytes | bytearray) -> Report:
    """Parse and validate a JSON document into a :class:`~perfeval.Report`.

    *text_* may be ``str`` or UTF-8 ``bytes``. Duplicate member names, ``NaN`` and
    ``Infinity``, lone surrogates, anything past perfeval's limits (the document's
    size, a text's length, a number's digits, the nesting of ``extensions``) and
    anything the model does not allow are rejected.

    Raises:
        ValidationError: with every problem found, each with its JSON pointer.

    >>> from perfeval import loads
    >>> loads('{"title": "a", "title": "b"}')
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 1 problem in the document:
      /title: appears more than once in the same object; each member may appear only once
    """
    return _build(text.read(text_), texts_checked=True)


def from_dict(data: Any) -> Report:
    """Build a :class:`~perfeval.Report` from parsed JSON (dicts, lists, strings …).

    What JSON cannot hold (a float, a tuple, a member name that is not a string …)
    is refused like any other problem; ``extensions``, kept as given, are checked to
    their leaves against the limits :func:`loads` applies.

    Raises:
        ValidationError: the data is not a valid v1 document; every problem is listed.

    >>> from perfeval import from_dict
    >>> from_dict({"schema_version": "1.0", "title": "t"})
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 4 problems in the document:
      /kind: is required (报告类型)
      /fiscal_year: is required (预算年度)
      /unit: is required (预算单位)
      /projects: is required (项目)
    """
    return _build(data, texts_checked=False)


def _build(data: Any, *, texts_checked: bool) -> Report:
    """The report of *data*, or the ValidationError listing its problems.

    With *texts_checked*, *data* comes from :func:`perfeval._io.text.read`, which has
    held every text and member name to the limits.
    """
    if type(data) is not dict:
        raise ValidationError([_DOCUMENT.kind.refusal(_DOCUMENT, data).detail("")])
    version = data.get("schema_version", SCHEMA_VERSION)
    if (problem := _version_problem(version)) is not None:
        raise ValidationError([problem])
    try:
        with building():  # each version is read with its own members: no walk needed
            report: Report = generate.loader(version, texts_checked=texts_checked)(data)
    except Exception:  # Slow, or a rule between members: the detailed path words it
        details = errors.collect(data, version, texts_checked=texts_checked)
    else:
        return report
    if details:
        raise ValidationError(details)
    # Nothing found: should the generated loader ever be stricter than the model, the
    # converter that checks every member as the detailed path does builds the report.
    with building():  # pragma: no cover - tests/property/test_fast_path.py: never
        structured: Report = convert.structure_report(version)(data, Report)
    return structured  # pragma: no cover


_VERSION: Final = spec_of(attrs.fields(Report).schema_version)
_DOCUMENT: Final = Spec(KINDS["object"], "报告", "The document.", cls=Report)


def _version_problem(version: Any) -> ErrorDetail | None:
    # Checked first: another version means another shape, whose other problems
    # would mislead. Worded by the member's spec, as everywhere else.
    problem = _VERSION.kind.problem(_VERSION, version)
    return None if problem is None else problem.at("/schema_version", show(version))


def to_dict(report: Report) -> dict[str, Any]:
    """Turn *report* into plain JSON data: dicts, lists, strings, ints.

    Decimals become strings with their digits, optional members are left out, and
    defaults (qualifier ``exact``, currency ``CNY``) are omitted.

    Raises:
        ValidationError: *report* holds what a document cannot: ``extensions`` changed
            after the object holding them was built (the constructors refuse such
            values). Every problem is listed at its JSON pointer, in the words
            :func:`loads` uses. Called with too little of the stack left to write the
            report, it says the report ``is nested too deeply to be a report``.
    """
    try:
        return convert.unstructure_report()(report)
    except FieldError:  # extensions that a document cannot hold
        raise ValidationError(_unwritable(report)) from None
    except RecursionError:
        raise ValidationError([text.TOO_DEEP_FOR_A_REPORT.at("")]) from None


def _unwritable(report: Report) -> list[ErrorDetail]:
    """Every problem of the extensions in *report*, with its pointer (a walk of the model)."""
    details: list[ErrorDetail] = []
    stack: list[tuple[Any, str]] = [(report, "")]
    while stack and len(details) < MAX_PROBLEMS:
        node, path = stack.pop()
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            spec = spec_of(field)
            where = f"{path}/{field.name}"
            if value is None:
                continue
            if spec.kind.name == "extensions":
                if type(value) is not dict:
                    details.append(spec.kind.refusal(spec, value).detail(where))
                    continue
                found = text.json_problems(value, depth_limit=MAX_DEPTH)
                details.extend(
                    message.at(where + pointer, shown)
                    for pointer, message, shown in itertools.islice(found, MAX_PROBLEMS)
                )
            elif spec.kind.name == "object" and attrs.has(type(value)):
                stack.append((value, where))
            elif spec.kind.name == "array" and spec.item is not None and spec.item.cls is not str:
                stack.extend((item, f"{where}/{index}") for index, item in enumerate(value))
    details.sort(key=lambda detail: detail.path)
    return details[:MAX_PROBLEMS] or [_UNWRITABLE.at("")]


_UNWRITABLE: Final = Message("rule", "cannot be written as a document", "无法写成文档")


def load(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Report:
    """Read a document from a file: its path, or the file opened in binary or text mode.

    A path (``str`` or :class:`os.PathLike`) is opened in binary mode and closed
    again; a file object is read from where it stands and left open. At most the size
    limit and one byte (a character, from a text file) is ever read: a larger file is
    refused without being read to its end, whatever it is (a pipe, ``/dev/zero``).

    Raises:
        ValidationError: as :func:`loads`; also for a file of more than 16 MiB.
        OSError: the file cannot be opened or read (missing, a directory, no permission).
        TypeError: *source* is neither a path nor a file (``bytes`` are a document's
            text, for :func:`loads`).

    >>> from perfeval import load
    >>> from perfeval import examples
    >>> load(examples.path("kaifu-2020")) == examples.load("kaifu-2020")
    True
    >>> load(str(examples.path("kaifu-2020"))).title
    '2020年度重点项目绩效评价结果'
    >>> with open(examples.path("kaifu-2020"), encoding="utf-8") as file:
    ...     load(file).fiscal_year
    2020
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            return loads(text.read_stream(file))
    given: object = source  # a caller without a type checker may pass anything
    if isinstance(given, (bytes, bytearray, memoryview)) or not callable(
        getattr(given, "read", None)
    ):
        msg = (
            f"load() takes a path or a file opened for reading, not {type(given).__name__}"
            " (give a document's text to loads())"
        )
        raise TypeError(msg)
    return loads(text.read_stream(source))


def dumps(report: Report, *, indent: int | None = None) -> str:
    """Write *report* as canonical JSON text.

    Members appear in the order of the model, optional members only when present,
    decimals as strings with their digits, non-ASCII characters as themselves. With
    ``indent=None`` the text is compact; otherwise it is indented by *indent* spaces.

    What :func:`dumps` writes, :func:`loads` reads back equal. A report the
    constructors built always can be written, unless its text would be larger than
    a document :func:`loads` reads.

    Raises:
        ValidationError: the report cannot be a document :func:`loads` reads: the
            text would be larger than 16 MiB, ``extensions`` were changed after the
            object holding them was built to hold what a document cannot (a float, a
            lone surrogate, nesting past 100 levels …), or score groups nest too
            deeply. The problems are worded as :func:`loads` words them.

    >>> from perfeval import dumps
    >>> from perfeval import examples
    >>> dumps(examples.load("kaifu-2020"))[:50]
    '{"schema_version":"1.0","title":"2020年度重点项目绩效评价结果"'
    >>> import attrs
    >>> report = attrs.evolve(examples.load("kaifu-2020"), extensions={"notes": []})
    >>> report.extensions["notes"].append(0.5)  # changed after it was built
    >>> dumps(report)
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 1 problem in the document:
      /extensions/notes/0: is a Python float (0.5), which cannot hold a decimal exactly; ...
    """
    try:
        if indent is None:  # written directly, as json would write to_dict's data
            out = convert.write_report()(report)
        else:
            out = convert.json_text(to_dict(report), indent)
    except FieldError:  # extensions that a document cannot hold
        raise ValidationError(_unwritable(report)) from None
    except RecursionError:  # checked extensions nest 100 levels at most: a deep caller
        raise ValidationError([text.TOO_DEEP_FOR_A_REPORT.at("")]) from None
    # A character is at most 4 bytes of UTF-8: only a long text needs measuring.
    if len(out) * 4 > MAX_DOCUMENT_BYTES:
        size = len(out.encode("utf-8", "surrogatepass"))
        if size > MAX_DOCUMENT_BYTES:
            raise text.too_large(size)
    return out


def dump(report: Report, fp: IO[str], *, indent: int | None = None) -> None:
    """Write *report* to a text file as :func:`dumps` does, with a final newline."""
    fp.write(dumps(report, indent=indent))
    fp.write("\n")
