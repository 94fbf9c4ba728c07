"""The ``perfeval`` command: validate, check, score and summarize reports; print the schema.

Usage (``perfeval --help`` and ``perfeval COMMAND --help`` tell more)::

    perfeval validate [--schema] [--format text|json] [FILE ...] [--example NAME ...]
    perfeval check [--policy NAME|FILE] [--lang en|zh] [--format text|json] [FILE ...]
                   [--example NAME ...]
    perfeval score [--policy NAME|FILE] [--project ID] [--format text|json]
                   (FILE | --example NAME)
    perfeval summary [--format text|json] (FILE | --example NAME)
    perfeval schema [--policy] [--out PATH] [--check]
    perfeval examples [--long] [--format text|json]

A FILE of ``-`` is read from standard input; of any input, at most the size limit of a
document (16 MiB) and one byte is read, and it is parsed once. Results go to standard
output, problems with the input to standard error as ``perfeval: FILE: message``. The exit status is
0 when all is well, 1 when an input cannot be read or is not a valid document, a check
finds an error, or the schema file has drifted, and 2 on a usage error (a ``--policy``
that is neither a built-in policy nor a valid policy file among them).

>>> from perfeval.cli import main
>>> main(["examples"])
kaifu-2020
qingshen-2023
tangxi-2022
0
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import difflib
import functools
import io
import json
import operator
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

import attrs

from perfeval import _text
from perfeval._decimal import decimal_text
from perfeval._version import __version__
from perfeval.codes import MoneyUnit
from perfeval.errors import ErrorDetail, PerfevalError, ValidationError
from perfeval.money import Money, rate

if TYPE_CHECKING:
    from perfeval.model import KeyProject, Report
    from perfeval.scoring import Policy, ScoreCard

__all__ = [
    "DEFAULT_SCHEMA_PATH",
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "display_width",
    "main",
]

#: The exit status when all went well (every input valid, no error finding).
EXIT_OK: Final = 0
#: The exit status when an input is unreadable or invalid, a check found an error, or
#: the schema file drifted.
EXIT_FAILURE: Final = 1
#: The exit status of a usage error (argparse's own).
EXIT_USAGE: Final = 2

_PROG: Final = "perfeval"
_STDIN: Final = "-"
#: The file ``perfeval schema --check`` compares when no ``--out`` is given (the
#: repository's copy, relative to the current directory).
DEFAULT_SCHEMA_PATH: Final = "schemas/report.schema.json"
#: The same for ``perfeval schema --policy --check``: the schema of policy files.
_DEFAULT_POLICY_SCHEMA_PATH: Final = "schemas/policy.schema.json"
_DIFF_LINES: Final = 40


# -- output: colour and terminal widths ---------------------------------------------------


def _colour_enabled(stream: IO[str]) -> bool:
    """Whether to colour *stream*: a terminal, and ``NO_COLOR`` unset or empty (no-color.org)."""
    return not os.environ.get("NO_COLOR") and _isatty(stream)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


@attrs.frozen
class _Style:
    """ANSI styles, or plain text when colour is off."""

    enabled: bool

    def _sgr(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text

    def bold(self, text: str) -> str:
        return self._sgr("1", text)

    def red(self, text: str) -> str:
        return self._sgr("31", text)

    def green(self, text: str) -> str:
        return self._sgr("32", text)

    def yellow(self, text: str) -> str:
        return self._sgr("33", text)

    def cyan(self, text: str) -> str:
        return self._sgr("36", text)

    def severity(self, severity: str) -> str:
        paint = {"error": self.red, "warning": self.yellow}.get(severity, self.cyan)
        return paint(severity)


def display_width(text: str) -> int:
    """The number of terminal columns *text* takes.

    Wide and full-width characters (CJK ideographs, full-width punctuation) take two
    columns, combining marks none, everything else one.

    >>> from perfeval.cli import display_width
    >>> display_width("合计"), display_width("654.45"), display_width("金额单位：万元")
    (4, 6, 14)
    """
    return _text.display_width(text)


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _write_json(data: Any, out: IO[str]) -> None:
    # Sorted keys and a fixed indent: the output is stable from run to run.
    out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    out.write("\n")


def _emit(stream: IO[str], text: str = "") -> None:
    """Write one line of output."""
    stream.write(text + "\n")


def _fail(label: str, message: str) -> None:
    """Report a problem with an input (or a file) on standard error."""
    _emit(sys.stderr, f"{_PROG}: {label}: {message}")


class _Abort(Exception):  # noqa: N818 - not an error of the input: the command cannot go on
    """A problem that stops the command; :func:`main` prints it and exits with 1."""


def _utf8_stdout() -> None:
    """Write UTF-8 to a pipe or file whatever the locale (Windows pipes use the ANSI code page).

    JSON exchanged between programs is UTF-8 (RFC 8259), and Chinese text cannot be
    written in most legacy code pages; a terminal keeps the encoding Python chose for it.
    """
    stream = sys.stdout
    if (
        isinstance(stream, io.TextIOWrapper)
        and stream.encoding.replace("-", "").replace("_", "").lower() != "utf8"
        and not _isatty(stream)
    ):
        stream.reconfigure(encoding="utf-8")


# -- inputs ---------------------------------------------------------------------------------


@attrs.frozen
class _Source:
    """Where a document comes from: a path, standard input (``-``) or a bundled example."""

    path: str | None = None
    example: str | None = None

    @property
    def label(self) -> str:
        """The name messages and JSON output use for this input."""
        if self.example is not None:
            return f"<example:{self.example}>"
        if self.path == _STDIN:
            return "<stdin>"
        return str(self.path)

    def read(self) -> bytes | str:
        """The document's text, never more than the size limit and a byte of it.

        Raises:
            OSError: the file cannot be read.
            ValidationError: the input is larger than a document perfeval reads (only
                the limit and a byte have been read: a pipe is not drained).
        """
        from perfeval._io.text import read_stream  # noqa: PLC0415

        if self.example is not None:
            from perfeval import examples  # noqa: PLC0415 - only when an example is asked for

            return examples.text(self.example)
        if self.path == _STDIN:
            stream: Any = sys.stdin  # None under pythonw; a StringIO has no binary buffer
            if stream is None:
                raise OSError(0, "there is no standard input")
            return read_stream(getattr(stream, "buffer", stream))
        with Path(str(self.path)).open("rb") as file:
            return read_stream(file)


@attrs.frozen
class _Loaded:
    """An input after loading: the report, or every problem that kept it from loading.

    ``data`` is the parsed JSON when it was asked for and the text is JSON within the
    limits; ``text`` the document's text when asked for.
    """

    source: _Source
    report: Report | None
    errors: tuple[ErrorDetail, ...] = ()
    text: bytes | str | None = None
    data: Any = None


def _read_problem(exc: OSError) -> ErrorDetail:
    from perfeval._io.text import unreadable  # noqa: PLC0415

    return unreadable(exc).at("")


def _load(source: _Source, *, keep_text: bool = False, keep_data: bool = False) -> _Loaded:
    """Read, parse and load *source* once, within the limits, as :func:`perfeval.loads` does.

    The text and the parsed data are kept only when asked for (``upgrade`` rewrites
    the text, ``validate --schema`` checks the data against the schema), and are let
    go as soon as they are not needed.
    """
    from perfeval._io.text import read  # noqa: PLC0415 - cattrs is loaded only when needed
    from perfeval.serialize import from_dict  # noqa: PLC0415

    try:
        raw = source.read()
    except OSError as exc:
        return _Loaded(source, None, (_read_problem(exc),))
    except ValidationError as exc:  # too large: refused before it was read to its end
        return _Loaded(source, None, exc.errors)
    text = raw if keep_text else None
    try:
        data = read(raw)
    except ValidationError as exc:  # not JSON within the limits: the schema has no data
        return _Loaded(source, None, exc.errors, text)
    del raw  # parsed: the text is not needed any more, unless kept
    try:
        report = from_dict(data)
    except ValidationError as exc:
        return _Loaded(source, None, exc.errors, text, data if keep_data else None)
    return _Loaded(source, report, (), text, data if keep_data else None)


def _problem_text(error: ErrorDetail) -> str:
    return f"{error.path}: {error.message}" if error.path else error.message


def _report_errors(loaded: _Loaded) -> None:
    for error in loaded.errors:
        _fail(loaded.source.label, _problem_text(error))


def _error_json(error: ErrorDetail) -> dict[str, Any]:
    return {"path": error.path, "message": error.message, "value": error.value}


def _example_name(name: str) -> str:
    """Argparse ``type=`` for ``--example``: a bundled example's name, else a usage error."""
    from perfeval import examples  # noqa: PLC0415 - only when an example is asked for

    if name not in examples.names():
        listed = ", ".join(examples.names())
        msg = f"no example named {name!r}; the examples are: {listed}"
        raise argparse.ArgumentTypeError(msg)
    return name


def _sources(args: argparse.Namespace) -> list[_Source]:
    """The inputs of a command taking several: files in order, then examples in order."""
    found = [_Source(path=path) for path in args.files]
    found += [_Source(example=name) for name in args.example or ()]
    if not found:
        args.subparser.error("give at least one FILE (- for standard input) or --example NAME")
    return found


def _single_source(args: argparse.Namespace) -> _Source:
    """The input of a command taking one: FILE or ``--example NAME``, not both."""
    if (args.file is None) == (args.example is None):
        args.subparser.error("give either FILE (- for standard input) or --example NAME")
    if args.example is not None:
        return _Source(example=args.example)
    return _Source(path=args.file)


# -- validate ---------------------------------------------------------------------------------


def _schema_errors(loaded: _Loaded) -> list[ErrorDetail]:
    """Problems the published JSON Schema finds that loading did not already report.

    The schema checks the data the loader parsed, within its limits: a text that is
    not JSON within them (too large, duplicate members, a lone surrogate …) has none.
    """
    from perfeval._io.text import more_problems  # noqa: PLC0415
    from perfeval.schema import validate  # noqa: PLC0415 - jsonschema is loaded only here

    if loaded.data is None:
        return []
    try:
        validate(loaded.data)
    except ValidationError as exc:
        seen = {error.path for error in loaded.errors}
        more = more_problems()
        # That the schema's list is cut, unless loading's says already that there are more.
        cut = any(e.path == "" and e.message.startswith(_MORE) for e in loaded.errors[-1:])
        return [
            error for error in exc.errors if error.path not in seen or (error == more and not cut)
        ]
    except RecursionError:  # nested too deeply: loading has said so
        return []
    except OSError as exc:  # a broken installation: the packaged schema is missing
        msg = f"cannot read the published JSON Schema: {exc}"
        raise _Abort(msg) from exc
    return []


#: How each list of problems that is cut short says so in its last line.
_MORE: Final = "has more problems: "


def _cmd_validate(args: argparse.Namespace) -> int:
    out = sys.stdout
    style = _Style(_colour_enabled(out))
    status = EXIT_OK
    results = []
    for source in _sources(args):
        loaded = _load(source, keep_data=args.schema)
        errors = list(loaded.errors)
        if args.schema:
            errors += _schema_errors(loaded)
        loaded = attrs.evolve(loaded, errors=tuple(errors), report=None, data=None)
        _report_errors(loaded)
        if errors:
            status = EXIT_FAILURE
        elif args.format == "text":
            _emit(out, f"{source.label}: {style.green('valid')}")
        results.append(
            {
                "file": source.label,
                "valid": not errors,
                "errors": [_error_json(error) for error in errors],
            }
        )
    if args.format == "json":
        _write_json(results, out)
    return status


# -- check --------------------------------------------------------------------------------------

_SEVERITIES: Final = ("error", "warning", "info")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def _cmd_check(args: argparse.Namespace) -> int:
    from perfeval.checks import check  # noqa: PLC0415

    out = sys.stdout
    style = _Style(_colour_enabled(out))
    status = EXIT_OK
    results = []
    for source in _sources(args):
        loaded = _load(source)
        _report_errors(loaded)
        findings = check(loaded.report, policy=args.policy) if loaded.report is not None else []
        counts = collections.Counter(finding.severity.value for finding in findings)
        if loaded.errors or counts["error"]:
            status = EXIT_FAILURE
        results.append(
            {
                "file": source.label,
                "valid": not loaded.errors,
                "errors": [_error_json(error) for error in loaded.errors],
                "findings": [
                    {
                        "code": finding.code,
                        "severity": finding.severity.value,
                        "path": finding.path,
                        "message": finding.message,
                        "message_zh": finding.message_zh,
                    }
                    for finding in findings
                ],
                "counts": {severity: counts[severity] for severity in _SEVERITIES},
            }
        )
        if args.format == "text" and loaded.report is not None:
            for finding in findings:
                message = finding.message_zh if args.lang == "zh" else finding.message
                _emit(
                    out,
                    f"{source.label}: {finding.path or '(document)'}:"
                    f" {style.severity(finding.severity.value)} [{finding.code}] {message}",
                )
            tally = ", ".join(_plural(counts[severity], severity) for severity in _SEVERITIES)
            _emit(out, f"{source.label}: {style.bold(tally)}")
    if args.format == "json":
        _write_json(results, out)
    return status


# -- score ------------------------------------------------------------------------------------


def _cmd_score(args: argparse.Namespace) -> int:
    from perfeval.scoring import DEFAULT_POLICY, score  # noqa: PLC0415

    source = _single_source(args)
    loaded = _load(source)
    if loaded.report is None:
        _report_errors(loaded)
        return EXIT_FAILURE
    projects = list(loaded.report.projects)
    if args.project is not None:
        projects = [project for project in projects if project.id == args.project]
        if not projects:
            ids = ", ".join(project.id for project in loaded.report.projects) or "none"
            _fail(source.label, f"no project with id {args.project!r}; the ids are: {ids}")
            return EXIT_FAILURE
    given: Policy | None = args.policy
    # No --policy: each project is scored by its printed layout (its score groups),
    # else by the national rules, as score() does.
    cards = [score(project, given) for project in projects]
    policy = DEFAULT_POLICY if given is None else given
    out = sys.stdout
    if args.format == "json":
        _write_json(
            {
                "file": source.label,
                "policy": policy.name,
                "projects": [_card_json(card) for card in cards],
            },
            out,
        )
        return EXIT_OK
    if not cards:
        _emit(out, f"{source.label}: no projects to score")
    for index, card in enumerate(cards):
        _emit(out, f"\n{card}" if index else str(card))
    return EXIT_OK


def _decimal_json(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def _card_json(card: ScoreCard) -> dict[str, Any]:
    return {
        "id": card.project_id,
        "name": card.project_name,
        "total": decimal_text(card.total),
        "grade": card.grade.value,
        "grade_label": card.grade.label,
        "weight_total": decimal_text(card.weight_total),
        "printed_total": _decimal_json(card.printed_total),
        "printed_grade": card.printed_grade.value if card.printed_grade else None,
        "complete": card.complete,
        "layout": card.layout,
        "whole": card.whole,
        "taken_as_printed": card.taken_as_printed,
        "notes": list(card.notes),
        "components": [
            {
                "name": component.name,
                "path": component.path,
                "group": component.group,
                "weight": decimal_text(component.weight),
                "score": decimal_text(component.score),
                "printed_weight": _decimal_json(component.printed_weight),
                "printed_score": _decimal_json(component.printed_score),
                "difference": _decimal_json(component.difference),
                "formula": component.formula.value,
                "status": component.status.value,
                "note": component.note,
            }
            for component in card.components
        ],
    }


# -- summary ----------------------------------------------------------------------------------


@attrs.frozen
class _Row:
    """One line of the summary table; amounts as printed (or summed when not printed)."""

    name: str
    project_id: str | None
    project_type: str | None
    project_type_label: str
    budget: Money | None
    expenditure: Money | None


def _sum(amounts: Iterable[Money | None]) -> Money | None:
    """The exact sum; ``None`` if an amount is missing, there are none, or currencies differ."""
    given = list(amounts)
    present = [amount for amount in given if amount is not None]
    if not present or len(present) != len(given):
        return None
    try:
        return functools.reduce(operator.add, present)
    except PerfevalError:  # amounts in different currencies
        return None


def _project_amount(project: KeyProject, field: str) -> Money | None:
    printed: Money | None = getattr(project.totals, field, None)
    if printed is not None:
        return printed
    return _sum(getattr(line, field) for line in project.budget_lines)


def _summary_rows(report: Report) -> tuple[list[_Row], _Row]:
    rows = [
        _Row(
            name=project.name,
            project_id=project.id,
            project_type=project.project_type.value if project.project_type else None,
            project_type_label=project.project_type.label if project.project_type else "",
            budget=_project_amount(project, "budget"),
            expenditure=_project_amount(project, "expenditure"),
        )
        for project in report.projects
    ]
    totals = report.totals
    budget = totals.budget if totals is not None else None
    spent = totals.expenditure if totals is not None else None
    if budget is None:
        budget = _sum(row.budget for row in rows)
    if spent is None:
        spent = _sum(row.expenditure for row in rows)
    return rows, _Row("合计", None, None, "", budget, spent)


def _money_unit(rows: Sequence[_Row]) -> MoneyUnit:
    """The unit most amounts are in; on a tie the first one's; 万元 when there are none."""
    units = collections.Counter(
        amount.unit
        for row in rows
        for amount in (row.budget, row.expenditure)
        if amount is not None
    )
    if not units:
        return MoneyUnit.WAN_YUAN
    return units.most_common(1)[0][0]


def _amount_text(amount: Money | None, unit: MoneyUnit) -> str | None:
    return None if amount is None else decimal_text(amount.to(unit).amount)


def _rate_text(row: _Row) -> str | None:
    if row.budget is None or row.expenditure is None:
        return None
    try:
        return decimal_text(rate(row.expenditure, row.budget))
    except (ZeroDivisionError, PerfevalError):
        return None


def _cmd_summary(args: argparse.Namespace) -> int:
    source = _single_source(args)
    loaded = _load(source)
    report = loaded.report
    if report is None:
        _report_errors(loaded)
        return EXIT_FAILURE
    rows, total = _summary_rows(report)
    unit = _money_unit([*rows, total])
    out = sys.stdout
    if args.format == "json":
        _write_json(
            {
                "file": source.label,
                "title": report.title,
                "fiscal_year": report.fiscal_year,
                "unit": report.unit.name,
                "money_unit": unit.value,
                "money_unit_label": unit.label,
                "projects": [
                    {"id": row.project_id, "name": row.name, **_row_json(row, unit)} for row in rows
                ],
                "total": _row_json(total, unit),
            },
            out,
        )
        return EXIT_OK
    style = _Style(_colour_enabled(out))
    _emit(
        out,
        style.bold(report.title)
        + f"  单位：{report.unit.name}  预算年度：{report.fiscal_year}  金额单位：{unit.label}",
    )
    _emit(out)
    header = ["项目名称", "项目类型", "预算金额", "支出金额", "执行率"]
    table = [
        [
            row.name,
            row.project_type_label,
            _amount_text(row.budget, unit) or "-",
            _amount_text(row.expenditure, unit) or "-",
            f"{text}%" if (text := _rate_text(row)) else "-",
        ]
        for row in [*rows, total]
    ]
    right = [False, False, True, True, True]
    widths = [max(display_width(line[i]) for line in [header, *table]) for i in range(5)]
    for index, line in enumerate([header, *table]):
        cells = [_pad(cell, widths[i], right=right[i]) for i, cell in enumerate(line)]
        text = "  ".join(cells).rstrip()
        _emit(out, style.bold(text) if index == 0 else text)
    return EXIT_OK


def _row_json(row: _Row, unit: MoneyUnit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "budget": _amount_text(row.budget, unit),
        "expenditure": _amount_text(row.expenditure, unit),
        "rate": _rate_text(row),
    }
    if row.project_id is not None:
        data["project_type"] = row.project_type
        data["project_type_label"] = row.project_type_label or None
    return data


# -- schema -------------------------------------------------------------------------------------


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.policy:
        from perfeval._policy_file import policy_schema_text  # noqa: PLC0415

        text, default_path, option = policy_schema_text(), _DEFAULT_POLICY_SCHEMA_PATH, " --policy"
    else:
        from perfeval.schema import schema_text  # noqa: PLC0415

        text, default_path, option = schema_text(), DEFAULT_SCHEMA_PATH, ""
    expected = text.encode("utf-8")
    if args.check:
        path = args.out or default_path
        try:
            actual = Path(path).read_bytes()
        except OSError as exc:
            _fail(path, _read_problem(exc).message)
            return EXIT_FAILURE
        if actual == expected:
            _emit(sys.stdout, f"{path}: up to date")
            return EXIT_OK
        _fail(
            path,
            "differs from the schema perfeval generates; regenerate it with:"
            f" perfeval schema{option} --out {path}",
        )
        diff = difflib.unified_diff(
            actual.decode("utf-8", "replace").splitlines(),
            text.splitlines(),
            fromfile=path,
            tofile="generated",
            lineterm="",
        )
        lines = list(diff)
        for line in lines[:_DIFF_LINES]:
            _emit(sys.stderr, line)
        if len(lines) > _DIFF_LINES:
            _emit(sys.stderr, f"... ({len(lines) - _DIFF_LINES} more lines)")
        return EXIT_FAILURE
    if args.out is not None:
        try:
            Path(args.out).write_bytes(expected)
        except OSError as exc:
            _fail(args.out, f"cannot write the file: {exc.strerror or exc}")
            return EXIT_FAILURE
        return EXIT_OK
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


# -- examples -----------------------------------------------------------------------------------


def _cmd_examples(args: argparse.Namespace) -> int:
    from perfeval import examples  # noqa: PLC0415

    out = sys.stdout
    names = examples.names()
    if args.format == "text" and not args.long:
        for name in names:
            _emit(out, name)
        return EXIT_OK
    reports = [(name, examples.load(name)) for name in names]
    if args.format == "json":
        _write_json(
            [
                {
                    "name": name,
                    "title": report.title,
                    "kind": report.kind.value,
                    "fiscal_year": report.fiscal_year,
                    "unit": report.unit.name,
                    "projects": len(report.projects),
                }
                for name, report in reports
            ],
            out,
        )
        return EXIT_OK
    width = max((display_width(name) for name in names), default=0)
    for name, report in reports:
        _emit(out, f"{_pad(name, width, right=False)}  {report.fiscal_year}  {report.title}")
    return EXIT_OK


# -- upgrade ------------------------------------------------------------------------------------


def _indent_of(text: str) -> int | None:
    """The indent a document was written with: None when compact (one line)."""
    lines = text.splitlines()
    if len(lines) < 2:
        return None
    member = lines[1]
    return len(member) - len(member.lstrip(" ")) or None


def _upgraded(loaded: _Loaded) -> str:
    from perfeval.model import SCHEMA_VERSION  # noqa: PLC0415
    from perfeval.serialize import dumps  # noqa: PLC0415

    assert loaded.report is not None  # noqa: S101 - only valid documents are upgraded
    assert loaded.text is not None  # noqa: S101
    text = loaded.text if isinstance(loaded.text, str) else loaded.text.decode("utf-8")
    report = attrs.evolve(loaded.report, schema_version=SCHEMA_VERSION)
    newline = "\n" if text.endswith("\n") else ""
    return dumps(report, indent=_indent_of(text)) + newline


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.perfeval-upgrade")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from perfeval.model import SCHEMA_VERSION  # noqa: PLC0415

    status = EXIT_OK
    results = []
    for source in _sources(args):
        loaded = _load(source, keep_text=True)
        _report_errors(loaded)
        result: dict[str, Any] = {"file": source.label, "valid": not loaded.errors}
        results.append(result)
        if loaded.report is None:
            status = EXIT_FAILURE
            continue
        version = loaded.report.schema_version
        result.update(schema_version=version, upgraded=version != SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            if args.format == "text":
                _emit(sys.stdout, f"{source.label}: already schema {version}")
            continue
        text = _upgraded(loaded)
        if args.check:
            status = EXIT_FAILURE
            message = f"schema {version}; perfeval upgrade rewrites it as {SCHEMA_VERSION}"
        elif source.path is None or source.path == _STDIN:
            sys.stdout.write(text)
            continue
        else:
            try:
                _write_atomically(Path(source.path), text)
            except OSError as exc:
                _fail(source.label, f"cannot write the file: {exc.strerror or exc}")
                status = EXIT_FAILURE
                continue
            message = f"upgraded schema {version} to {SCHEMA_VERSION}"
        if args.format == "text":
            _emit(sys.stdout, f"{source.label}: {message}")
    if args.format == "json":
        _write_json(results, sys.stdout)
    return status


# -- the parser ---------------------------------------------------------------------------------

_EPILOG: Final = """\
FILE may be - for standard input. Exit status: 0 all is well; 1 an input cannot be read
or is invalid, a check found an error, or the schema file has drifted; 2 usage error.
Colour is used only on a terminal, and never when NO_COLOR is set."""


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or json for programs",
    )


def _add_many_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="a JSON document; - for stdin")
    parser.add_argument(
        "--example",
        action="append",
        metavar="NAME",
        type=_example_name,
        help="a bundled example (see perfeval examples); may be repeated",
    )


def _add_one_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE", help="a JSON document; - for stdin")
    parser.add_argument(
        "--example",
        metavar="NAME",
        type=_example_name,
        help="a bundled example instead of FILE (see perfeval examples)",
    )


def _policy(value: str) -> Policy:
    """Argparse ``type=`` for ``--policy``: a built-in policy's name or a policy file's path.

    A name that is no built-in policy, a file that cannot be read and a file that is no
    valid policy are usage errors; the message lists the file's problems.
    """
    from perfeval.scoring import POLICIES, load_policy  # noqa: PLC0415 - only when given

    try:
        return load_policy(value)
    except ValidationError as exc:
        count = len(exc.errors)
        problems = "".join(f"\n  {_problem_text(error)}" for error in exc.errors)
        msg = (
            f"{value} is not a valid policy file ({count} problem{'' if count == 1 else 's'}):"
            f"{problems}"
        )
    except FileNotFoundError:
        if _is_a_path(value):
            msg = f"cannot read the policy file {value}: No such file or directory"
        else:
            msg = (
                f"no scoring policy named {value!r}; the policies are:"
                f" {', '.join(sorted(POLICIES))} (or give the path of a policy file)"
            )
    except OSError as exc:
        msg = f"cannot read the policy file {value}: {exc.strerror or exc}"
    except ValueError as exc:  # a path the system cannot take (an embedded NUL)
        msg = f"cannot read the policy file {value!r}: {exc}"
    raise argparse.ArgumentTypeError(msg)


def _is_a_path(value: str) -> bool:
    """Whether *value* is meant as a path, not a name: it has a directory part or a suffix."""
    marks = ("/", ".", os.sep, *([os.altsep] if os.altsep else []))
    return any(mark in value for mark in marks)


def _add_policy(parser: argparse.ArgumentParser, what: str) -> None:
    from perfeval._policy_file import BUILTIN_NAMES  # noqa: PLC0415 - names only, no file read

    parser.add_argument(
        "--policy",
        metavar="NAME|FILE",
        type=_policy,
        help=f"{what}: a built-in policy ({', '.join(BUILTIN_NAMES)}; default national)"
        " or the path of a policy file (JSON)",
    )


def _build_parser() -> argparse.ArgumentParser:
    from perfeval.model import SCHEMA_VERSION  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Validate, check, score and summarize budget performance evaluation"
        " reports (预算绩效评价) in perfeval's JSON format.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__} (schema {SCHEMA_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable[[argparse.Namespace], int], summary: str) -> Any:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler, subparser=sub)
        return sub

    sub = command("validate", _cmd_validate, "Validate documents: every problem, with its path.")
    _add_many_inputs(sub)
    sub.add_argument(
        "--schema",
        action="store_true",
        help="also validate against the published JSON Schema (with jsonschema)",
    )
    _add_format(sub)

    sub = command("check", _cmd_check, "Check the figures of documents: findings by severity.")
    _add_many_inputs(sub)
    _add_policy(sub, "the policy printed scores are compared with and graded by")
    sub.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="the language of the findings' messages in text output (default en)",
    )
    _add_format(sub)

    sub = command("score", _cmd_score, "Score each project of a self-evaluation.")
    _add_one_input(sub)
    _add_policy(sub, "the scoring policy")
    sub.add_argument("--project", metavar="ID", help="score only the project with this id")
    _add_format(sub)

    sub = command(
        "summary", _cmd_summary, "Print the budget and expenditure table with execution rates."
    )
    _add_one_input(sub)
    _add_format(sub)

    sub = command("schema", _cmd_schema, "Print, write or check the published JSON Schema.")
    sub.add_argument(
        "--policy",
        action="store_true",
        help="the JSON Schema of scoring policy files instead of the report schema",
    )
    sub.add_argument("--out", metavar="PATH", help="write the schema to PATH instead of stdout")
    sub.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if PATH (default {DEFAULT_SCHEMA_PATH}, with --policy"
        f" {_DEFAULT_POLICY_SCHEMA_PATH}) differs from the generated schema",
    )

    sub = command(
        "upgrade",
        _cmd_upgrade,
        "Rewrite documents in place as the newest schema version this perfeval writes.",
    )
    _add_many_inputs(sub)
    sub.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a document is not of the newest version",
    )
    _add_format(sub)

    sub = command("examples", _cmd_examples, "List the bundled examples.")
    sub.add_argument(
        "-l", "--long", action="store_true", help="also print each example's year and title"
    )
    _add_format(sub)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse *argv*; FILE arguments may also follow ``--example NAME`` options.

    argparse fills a ``nargs="*"`` positional once, so ``validate a.json --example x
    b.json`` would leave ``b.json`` unrecognized: such leftovers join the files.
    """
    parser = _build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        files: list[str] | None = getattr(args, "files", None)
        if files is not None and not any(item.startswith("-") and item != _STDIN for item in extra):
            files.extend(extra)
        else:
            getattr(args, "subparser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``perfeval`` command with *argv* (default: ``sys.argv[1:]``).

    Args:
        argv: The arguments after the program name.

    Returns:
        The exit status, one of :data:`EXIT_OK`, :data:`EXIT_FAILURE` and
        :data:`EXIT_USAGE` (``--help`` and ``--version`` give 0), or 130 when
        interrupted.

    >>> from perfeval.cli import main
    >>> main(["summary", "--example", "kaifu-2020", "--format", "json"])  # doctest: +ELLIPSIS
    {
      "file": "<example:kaifu-2020>",
      ...
    0
    """
    _utf8_stdout()
    try:
        args = _parse(argv)
        status: int = args.handler(args)
        sys.stdout.flush()
    except SystemExit as exc:  # --help, --version, or a usage error reported by argparse
        return _exit_status(exc)
    except _Abort as exc:
        _emit(sys.stderr, f"{_PROG}: {exc}")
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (perfeval ... | head): stop quietly, as other tools do.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    return status


def _exit_status(exc: SystemExit) -> int:
    if exc.code is None:
        return EXIT_OK
    return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
