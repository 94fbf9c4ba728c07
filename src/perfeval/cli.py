"""The ``perfeval`` command: validate, check, score and summarize reports; print the schema.

Usage (``perfeval --help`` and ``perfeval help COMMAND`` tell more)::

    perfeval validate [--schema] [OPTIONS] [FILE ...] [--example NAME ...]
    perfeval check [--policy NAME|FILE] [--fail-on LEVEL] [--select CODES] [--ignore CODES]
                   [--baseline FILE] [--write-baseline FILE] [OPTIONS] [FILE ...]
    perfeval score [--policy NAME|FILE] [--project ID] [OPTIONS] [FILE ...]
    perfeval summary [OPTIONS] [FILE ...]
    perfeval upgrade [--check] [OPTIONS] [FILE ...]
    perfeval import [--sheet NAME] [--encoding ENC] [-o OUT] [TABLE ...]
    perfeval export --out DIR [--to csv|jsonl] [FILE ...]
    perfeval render [-o OUT] [FILE ...]
    perfeval schema [--policy | --cli] [--out PATH] [--check]
    perfeval examples [--long] [--format text|json]

    OPTIONS: [--format text|json|jsonl] [-o OUT] [-j N] [--color auto|always|never]
             [--lang auto|en|zh] [--example NAME ...]

A FILE may also be a directory (its ``.json`` files, at any depth) or a glob pattern.

A FILE of ``-`` is read from standard input; of any input, at most the size limit of a
document (16 MiB) and one byte is read, and it is parsed once. Text output goes to
standard output, problems with the inputs to standard error as ``perfeval: FILE:
message``; JSON output (``--format json``) is JSON only, problems included: one object
for one input, JSON Lines (one object per line, per input) for several, or always with
``--format jsonl``. ``-o OUT`` writes the output to the file OUT instead, or, with
several inputs (or when OUT is a directory), one file per input in the directory OUT.
The exit status is 0 when all is well, 1 when an input cannot be read or is not a valid
document, a check finds a finding at the ``--fail-on`` level, or the schema file has
drifted, and 2 on a usage error.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

import attrs

from perfeval import _batch, _cli_output, _text
from perfeval._cli_output import envelope
from perfeval._decimal import decimal_text
from perfeval._summary import Row as _Row
from perfeval._summary import amount_text as _amount_text
from perfeval._summary import money_unit as _money_unit
from perfeval._summary import rate_text as _rate_text
from perfeval._summary import summary_rows as _summary_rows
from perfeval._version import __version__
from perfeval.codes import MoneyUnit
from perfeval.errors import ErrorDetail, ValidationError

if TYPE_CHECKING:
    from perfeval.checks import Finding
    from perfeval.model import Report
    from perfeval.scoring import Policy, ScoreCard

__all__ = [
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "OUTPUT_SCHEMA_ID",
    "display_width",
    "main",
    "output_schema",
]

#: The exit status when all went well (every input valid, no finding at the
#: ``--fail-on`` level).
EXIT_OK: Final = 0
#: The exit status when an input is unreadable or invalid, a check found a finding at
#: the ``--fail-on`` level, or the schema file drifted.
EXIT_FAILURE: Final = 1
#: The exit status of a usage error (argparse's own).
EXIT_USAGE: Final = 2

#: The ``$id`` of the JSON Schema of the command's JSON output, which every object of
#: it names in ``$schema``.
OUTPUT_SCHEMA_ID: Final = _cli_output.OUTPUT_SCHEMA_ID

_PROG: Final = "perfeval"
_STDIN: Final = "-"
_DIFF_LINES: Final = 40
_SEVERITIES: Final = ("error", "warning", "info")


# -- output: colour, language and terminal widths -------------------------------------------


def _colour_enabled(stream: IO[str], choice: str = "auto") -> bool:
    """Whether to colour *stream*.

    ``--color always`` or ``never`` decides; otherwise (``auto``) a non-empty
    ``NO_COLOR`` turns colour off (no-color.org), a non-empty ``FORCE_COLOR`` on
    (force-color.org), and else only a terminal is coloured, as CPython decides.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def _language(choice: str) -> str:
    """``en`` or ``zh``: as chosen, or (``auto``) by the locale's language.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides, as POSIX
    orders them: ``zh_CN.UTF-8``, ``zh_TW`` … give Chinese, anything else English.
    """
    if choice != "auto":
        return choice
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


#: The words of text output, in English and in Chinese.
_WORDS: Final[dict[str, tuple[str, str]]] = {
    "valid": ("valid", "有效"),
    "document": ("(document)", "（整个文档）"),
    "error": ("error", "错误"),
    "warning": ("warning", "警告"),
    "info": ("info", "提示"),
    "no-projects": ("no projects to score", "没有可评分的项目"),
    "already": ("already schema {version}", "已是 {version} 版"),
    "would-upgrade": (
        "schema {version}; perfeval upgrade rewrites it as {newest}",
        "为 {version} 版；perfeval upgrade 可将其改写为 {newest} 版",
    ),
    "upgraded": ("upgraded schema {version} to {newest}", "已由 {version} 版升级为 {newest} 版"),
    "baselined": ("{count} accepted by the baseline", "{count} 项已在基线中接受"),
    "cannot-write": ("cannot write the file: {reason}", "无法写入文件：{reason}"),
    "no-project": (
        "no project with id {id!r}; the ids are: {ids}",
        "没有 id 为 {id!r} 的项目；现有 id：{ids}",
    ),
}


def _word(lang: str, key: str, **values: Any) -> str:
    english, chinese = _WORDS[key]
    return (chinese if lang == "zh" else english).format(**values)


def _tally(lang: str, counts: collections.Counter[str]) -> str:
    if lang == "zh":
        return "，".join(f"{_word(lang, s)} {counts[s]} 项" for s in _SEVERITIES)
    return ", ".join(_plural(counts[severity], severity) for severity in _SEVERITIES)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


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

    def severity(self, severity: str, label: str | None = None) -> str:
        paint = {"error": self.red, "warning": self.yellow}.get(severity, self.cyan)
        return paint(label or severity)


def display_width(text: str) -> int:
    """The number of terminal columns *text* takes.

    Wide and full-width characters (CJK ideographs, full-width punctuation) take two
    columns, combining marks none, everything else one.

    >>> from perfeval.cli import display_width
    >>> display_width("合计"), display_width("654.45"), display_width("金额单位：万元")
    (4, 6, 14)
    """
    return _text.display_width(text)


def output_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of what ``--format json`` writes, as a new dict.

    Its ``oneOf`` has a shape per command (``validate``, ``check``, ``score``,
    ``summary``, ``upgrade``, ``examples``); every object names the schema in
    ``$schema`` and gives the versions of perfeval and of the report schema.

    >>> from perfeval.cli import OUTPUT_SCHEMA_ID, output_schema
    >>> schema = output_schema()
    >>> schema["$id"] == OUTPUT_SCHEMA_ID
    True
    >>> schema["$defs"]["error"]["required"]
    ['kind', 'message', 'message_zh', 'path', 'value']
    """
    return _cli_output.output_schema()


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _json_text(data: Any, *, lines: bool) -> str:
    """One JSON document: indented by two, or compact on one line for JSON Lines.

    Keys are sorted, so that the output is stable from run to run.
    """
    if lines:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


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

    @property
    def stem(self) -> str:
        """The name of this input's output file in an ``-o`` directory, without suffix."""
        if self.example is not None:
            return self.example
        if self.path == _STDIN:
            return "stdin"
        return Path(str(self.path)).stem or "output"

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


def _error_json(error: ErrorDetail) -> dict[str, Any]:
    return {
        "path": error.path,
        "kind": error.kind,
        "message": error.message,
        "message_zh": error.message_zh,
        "value": error.value,
    }


def _example_name(name: str) -> str:
    """Argparse ``type=`` for ``--example``: a bundled example's name, else a usage error."""
    from perfeval import examples  # noqa: PLC0415 - only when an example is asked for

    if name not in examples.names():
        listed = ", ".join(examples.names())
        msg = f"no example named {name!r}; the examples are: {listed}"
        raise argparse.ArgumentTypeError(msg)
    return name


def _sources(args: argparse.Namespace) -> list[_Source]:
    """The inputs: files in order (a directory's or a pattern's sorted), then examples."""
    from perfeval._batch import expand  # noqa: PLC0415

    found = [
        _Source(path=path) for argument in args.files for path in (expand(argument) or [argument])
    ]
    found += [_Source(example=name) for name in args.example or ()]
    if not found:
        args.subparser.error("give at least one FILE (- for standard input) or --example NAME")
    return found


# -- output: one result per input, to standard output or to files ----------------------------


@attrs.frozen
class _Result:
    """What a command made of one input.

    ``data`` is its object of JSON output, ``lines`` its text output, ``problems`` the
    lines about the input that text output writes to standard error, and ``failed``
    whether it makes the exit status 1.
    """

    data: dict[str, Any]
    lines: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    failed: bool = False
    #: Findings by severity (error, warning, info), for the closing summary.
    counts: tuple[int, int, int] = (0, 0, 0)
    #: Every finding (``check``), for ``--write-baseline``.
    found: tuple[Finding, ...] = ()
    #: Text for standard output besides the result (an upgraded document).
    document: str | None = None
    #: The flat tables of the input (``export``).
    tables: dict[str, list[dict[str, str | int | None]]] | None = None

    @property
    def valid(self) -> bool:
        return bool(self.data.get("valid", True))


@attrs.frozen
class _Settings:
    """The output options every command that reads documents shares."""

    command: str
    format: str
    lang: str
    #: Whether text output is coloured: decided here, where standard output is known.
    coloured: bool
    out: str | None
    #: Whether each input's text output starts with a line naming it (several inputs).
    headed: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace) -> _Settings:
        # Files written with -o are kept and read later: never coloured.
        coloured = args.out is None and _colour_enabled(sys.stdout, args.color)
        return cls(args.command, args.format, _language(args.lang), coloured, args.out)

    @property
    def style(self) -> _Style:
        return _Style(self.coloured)

    def head(self, label: str, result: _Result) -> _Result:
        """*result* under a line naming its input, when several inputs share the output."""
        if not self.headed or not result.lines:
            return result
        return attrs.evolve(result, lines=(f"== {label} ==", *result.lines, ""))

    def problem(self, label: str, error: ErrorDetail) -> str:
        """An input's problem as text output gives it on standard error."""
        message = error.message_zh if self.lang == "zh" else error.message
        return f"{label}: {error.path}: {message}" if error.path else f"{label}: {message}"

    def invalid(self, loaded: _Loaded, **members: Any) -> _Result:
        """The result of an input that is not a valid document."""
        return _Result(
            self.data(loaded, **members),
            problems=tuple(self.problem(loaded.source.label, e) for e in loaded.errors),
            failed=True,
        )

    def data(self, loaded: _Loaded, **members: Any) -> dict[str, Any]:
        """An input's object of JSON output: the envelope, the input, its problems."""
        return envelope(
            self.command,
            file=loaded.source.label,
            valid=not loaded.errors,
            errors=[_error_json(error) for error in loaded.errors],
            **members,
        )


#: The commands whose output is a file of its own kind, named after the input alone.
_DOCUMENTS: Final = {"import": ".json", "render": ".html"}


def _suffix(settings: _Settings) -> str:
    if settings.command in _DOCUMENTS:
        return _DOCUMENTS[settings.command]
    return {"text": ".txt", "json": ".json", "jsonl": ".jsonl"}[settings.format]


def _output_paths(settings: _Settings, sources: Sequence[_Source]) -> list[Path] | None:
    """Where each input's output goes with ``-o``; ``None`` for standard output.

    A document (an imported table, a page) is named after its input (``a.csv`` gives
    ``a.json``, ``a.json`` ``a.html``); other output names its command too
    (``a.check.txt``). See :func:`_targets`.
    """
    if settings.out is None:
        return None
    infix = "" if settings.command in _DOCUMENTS else f".{settings.command}"
    return _targets(Path(settings.out), [f"{s.stem}{infix}" for s in sources], _suffix(settings))


def _targets(out: Path, bases: Sequence[str], suffix: str) -> list[Path]:
    """The file of each input under ``-o OUT``, one per base name in *bases*.

    OUT itself for one input, unless OUT is a directory; else OUT/BASE+SUFFIX in the
    directory OUT (made if need be), a base that would repeat given ``-2``, ``-3`` …
    (compared case-insensitively, as macOS and Windows file systems compare names).
    """
    if len(bases) == 1 and not out.is_dir():
        return [out]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"{out}: cannot make the directory: {exc.strerror or exc}"
        raise _Abort(msg) from exc
    paths: list[Path] = []
    taken: set[str] = set()
    for base in bases:
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name.casefold())
        paths.append(out / f"{name}{suffix}")
    return paths


def _render(settings: _Settings, result: _Result, *, lines: bool) -> str:
    """A result as output text: its JSON object, or its text lines."""
    if settings.format == "text":
        return "".join(f"{line}\n" for line in result.lines)
    return _json_text(result.data, lines=lines)


def _write_results(
    settings: _Settings,
    sources: Sequence[_Source],
    work: Callable[[_Source], _Result],
    *,
    jobs: int = 1,
    sink: Callable[[_Source, _Result], _Result] | None = None,
) -> tuple[int, list[_Result]]:
    """Run *work* on every input and write what it made, in input order.

    Text output writes an input's problems to standard error as it goes, a progress
    line there on a terminal, and, for several inputs, a closing summary; JSON output
    writes nothing but JSON, one indented object for one input, or JSON Lines. Returns
    the exit status and the results.
    """
    paths = _output_paths(settings, sources)
    lines = settings.format == "jsonl" or len(sources) > 1
    progress = _batch.Progress(len(sources), sys.stderr, enabled=_isatty(sys.stderr))
    status = EXIT_OK
    results: list[_Result] = []
    local = functools.partial(operator.eq, _Source(path=_STDIN))
    for index, done in enumerate(_batch.run(work, sources, jobs=jobs, local=local)):
        # The sink takes what the result carries here, in this process (export's rows).
        result = done if sink is None else sink(sources[index], done)
        results.append(attrs.evolve(result, tables=None, found=()) if sink else result)
        progress.clear()
        if settings.format == "text":
            for problem in result.problems:
                _emit(sys.stderr, f"{_PROG}: {problem}")
        if result.failed:
            status = EXIT_FAILURE
        if result.document is not None:
            sys.stdout.write(result.document)
        text = _render(settings, result, lines=lines)
        if paths is None:
            sys.stdout.write(text)
        elif text:  # no file for an input with nothing to say (a table that was not read)
            try:
                _write_text(paths[index], text)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                _fail(str(paths[index]), _word(settings.lang, "cannot-write", reason=reason))
                status = EXIT_FAILURE
        progress.advance()
    progress.clear()
    if settings.format == "text" and len(sources) > 1:
        _emit(sys.stderr, f"{_PROG}: {_closing(settings, results)}")
    return status, results


def _closing(settings: _Settings, results: Sequence[_Result]) -> str:
    """The closing summary of a run over several inputs."""
    valid = sum(result.valid for result in results)
    counts: collections.Counter[str] = collections.Counter()
    for result in results:
        counts.update(dict(zip(_SEVERITIES, result.counts, strict=True)))
    findings = settings.command == "check"
    if settings.lang == "zh":
        text = f"共 {len(results)} 个文件：有效 {valid} 个，无效 {len(results) - valid} 个"
        return text + (f"；{_tally('zh', counts)}" if findings else "")
    text = f"{_plural(len(results), 'file')}: {valid} valid, {len(results) - valid} invalid"
    return text + (f"; findings: {_tally('en', counts)}" if findings else "")


def _write_text(path: Path, text: str) -> None:
    """Write *text* in UTF-8 with LF line ends, atomically (a reader sees old or new)."""
    temporary = path.with_name(f".{path.name}.perfeval-tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        temporary.replace(path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


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


@attrs.frozen
class _Validate:
    """``validate``'s work on one input."""

    settings: _Settings
    schema: bool

    def __call__(self, source: _Source) -> _Result:
        settings = self.settings
        loaded = _load(source, keep_data=self.schema)
        errors = list(loaded.errors)
        if self.schema:
            errors += _schema_errors(loaded)
        loaded = attrs.evolve(loaded, errors=tuple(errors), report=None, data=None)
        if errors:
            return settings.invalid(loaded)
        line = f"{source.label}: {settings.style.green(_word(settings.lang, 'valid'))}"
        return _Result(settings.data(loaded), (line,))


def _cmd_validate(args: argparse.Namespace) -> int:
    settings = _Settings.of(args)
    work = _Validate(settings, args.schema)
    return _write_results(settings, _sources(args), work, jobs=args.jobs)[0]


# -- check --------------------------------------------------------------------------------------

#: ``--fail-on``: the findings of each level that make the exit status 1.
_FAILING: Final = {
    "error": frozenset({"error"}),
    "warning": frozenset({"error", "warning"}),
    "info": frozenset(_SEVERITIES),
    "none": frozenset(),
}


def _codes(value: str) -> frozenset[str]:
    """Argparse ``type=`` for ``--select``/``--ignore``: rule codes or areas, by commas.

    An area (``sum``, ``execution`` …) stands for every rule whose code starts with it.
    An unknown code is a usage error that names the nearest ones.
    """
    from perfeval.checks import RULES  # noqa: PLC0415 - the checks only when filtered

    areas = {code.split("-", 1)[0] for code in RULES}
    given = [item.strip() for item in value.split(",") if item.strip()]
    if not given:
        msg = "give one rule code or more, separated by commas"
        raise argparse.ArgumentTypeError(msg)
    found: set[str] = set()
    for item in given:
        if item in RULES:
            found.add(item)
        elif item in areas:
            found.update(code for code in RULES if code.split("-", 1)[0] == item)
        else:
            near = difflib.get_close_matches(item, [*RULES, *areas], n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            msg = f"no rule or area {item!r}{hint} (perfeval's rules: docs, Checks)"
            raise argparse.ArgumentTypeError(msg)
    return frozenset(found)


_BASELINE_FORMAT: Final = "perfeval-baseline"


def _finding_key(label: str, finding: Finding) -> tuple[str, str, str]:
    """What identifies a finding in a baseline: its input, its rule and where."""
    return (label, finding.code, finding.path)


def _baseline(value: str) -> collections.Counter[tuple[str, str, str]]:
    """Argparse ``type=`` for ``--baseline``: the accepted findings of a baseline file.

    The file is read within the document limits; a file that is no baseline is a usage
    error naming what is wrong.
    """
    from perfeval._io.text import read, read_stream  # noqa: PLC0415

    def wrong(reason: str) -> argparse.ArgumentTypeError:
        return argparse.ArgumentTypeError(f"{value} is not a baseline file: {reason}")

    try:
        with Path(value).open("rb") as file:
            data = read(read_stream(file))
    except OSError as exc:
        msg = f"cannot read the baseline file {value}: {exc.strerror or exc}"
        raise argparse.ArgumentTypeError(msg) from exc
    except ValidationError as exc:
        raise wrong(str(exc.errors[0])) from exc
    if not isinstance(data, dict) or data.get("format") != _BASELINE_FORMAT:
        msg = f'an object with "format": "{_BASELINE_FORMAT}" is expected'
        raise wrong(msg)
    findings = data.get("findings")
    if not isinstance(findings, list):
        msg = '"findings" must be an array'
        raise wrong(msg)
    accepted: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for index, entry in enumerate(findings):
        members = ("file", "code", "path")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(m), str) for m in members):
            msg = f"/findings/{index} must be an object with the strings file, code and path"
            raise wrong(msg)
        accepted[entry["file"], entry["code"], entry["path"]] += 1
    return accepted


def _baseline_text(found: Iterable[tuple[str, Finding]]) -> str:
    """A baseline file accepting every finding of *found* (input label, finding)."""
    entries = [
        {
            "file": label,
            "code": finding.code,
            "path": finding.path,
            "severity": finding.severity.value,
            "message": finding.message,
        }
        for label, finding in found
    ]
    return _json_text(
        {"format": _BASELINE_FORMAT, "perfeval_version": __version__, "findings": entries},
        lines=False,
    )


@attrs.frozen
class _Check:
    """``check``'s work on one input: the findings, filtered, less those accepted."""

    settings: _Settings
    policy: Policy | None
    select: frozenset[str] | None
    ignore: frozenset[str]
    failing: frozenset[str]
    accepted: collections.Counter[tuple[str, str, str]]

    def __call__(self, source: _Source) -> _Result:
        from perfeval.checks import check  # noqa: PLC0415

        settings = self.settings
        loaded = _load(source)
        if loaded.report is None:
            nothing = dict.fromkeys(_SEVERITIES, 0)
            return settings.invalid(loaded, findings=[], counts=nothing, baselined=0)
        label = source.label
        findings = [
            finding
            for finding in check(loaded.report, policy=self.policy)
            if (self.select is None or finding.code in self.select)
            and finding.code not in self.ignore
        ]
        accepted = collections.Counter(
            {key: count for key, count in self.accepted.items() if key[0] == label}
        )
        kept = []
        for finding in findings:
            key = _finding_key(label, finding)
            if accepted[key] > 0:
                accepted[key] -= 1
            else:
                kept.append(finding)
        counts = collections.Counter(finding.severity.value for finding in kept)
        data = settings.data(
            loaded,
            findings=[
                {
                    "code": finding.code,
                    "severity": finding.severity.value,
                    "path": finding.path,
                    "message": finding.message,
                    "message_zh": finding.message_zh,
                }
                for finding in kept
            ],
            counts={severity: counts[severity] for severity in _SEVERITIES},
            baselined=len(findings) - len(kept),
        )
        lang, style = settings.lang, settings.style
        lines = [
            f"{label}: {finding.path or _word(lang, 'document')}:"
            f" {style.severity(finding.severity.value, _word(lang, finding.severity.value))}"
            f" [{finding.code}] {finding.message_zh if lang == 'zh' else finding.message}"
            for finding in kept
        ]
        tally = _tally(lang, counts)
        if len(findings) > len(kept):
            separator = "；" if lang == "zh" else "; "
            count = len(findings) - len(kept)
            tally += separator + _word(lang, "baselined", count=count)
        lines.append(f"{label}: {style.bold(tally)}")
        return _Result(
            data,
            tuple(lines),
            failed=any(finding.severity.value in self.failing for finding in kept),
            counts=(counts["error"], counts["warning"], counts["info"]),
            found=tuple(findings),
        )


def _cmd_check(args: argparse.Namespace) -> int:
    settings = _Settings.of(args)
    work = _Check(
        settings,
        args.policy,
        args.select,
        args.ignore,
        _FAILING[args.fail_on],
        collections.Counter(args.baseline),
    )
    sources = _sources(args)
    status, results = _write_results(settings, sources, work, jobs=args.jobs)
    if args.write_baseline is not None:
        every = [
            (source.label, finding)
            for source, result in zip(sources, results, strict=True)
            for finding in result.found
        ]
        try:
            _write_text(Path(args.write_baseline), _baseline_text(every))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            _fail(args.write_baseline, _word(settings.lang, "cannot-write", reason=reason))
            return EXIT_FAILURE
    return status


# -- score ------------------------------------------------------------------------------------


@attrs.frozen
class _Score:
    """``score``'s work on one input: a score card per project."""

    settings: _Settings
    policy: Policy | None
    project: str | None

    def __call__(self, source: _Source) -> _Result:
        from perfeval.scoring import DEFAULT_POLICY, score  # noqa: PLC0415

        settings = self.settings
        name = (DEFAULT_POLICY if self.policy is None else self.policy).name
        loaded = _load(source)
        if loaded.report is None:
            return settings.invalid(loaded)
        projects = list(loaded.report.projects)
        if self.project is not None:
            projects = [project for project in projects if project.id == self.project]
            if not projects:
                none = "无" if settings.lang == "zh" else "none"
                ids = ", ".join(project.id for project in loaded.report.projects) or none
                message = _word(settings.lang, "no-project", id=self.project, ids=ids)
                data = settings.data(loaded, policy=name, projects=[])
                return _Result(data, problems=(f"{source.label}: {message}",), failed=True)
        # No --policy: each project is scored by its printed layout (its score groups),
        # else by the national rules, as score() does.
        cards = [score(project, self.policy) for project in projects]
        data = settings.data(loaded, policy=name, projects=[_card_json(card) for card in cards])
        if not cards:
            lines = [f"{source.label}: {_word(settings.lang, 'no-projects')}"]
        else:
            lines = "\n\n".join(str(card) for card in cards).split("\n")
        return settings.head(source.label, _Result(data, tuple(lines)))


def _cmd_score(args: argparse.Namespace) -> int:
    sources = _sources(args)
    settings = attrs.evolve(_Settings.of(args), headed=len(sources) > 1)
    work = _Score(settings, args.policy, args.project)
    return _write_results(settings, sources, work, jobs=args.jobs)[0]


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
class _Summary:
    """``summary``'s work on one input: the budget table."""

    settings: _Settings

    def __call__(self, source: _Source) -> _Result:
        settings = self.settings
        loaded = _load(source)
        report = loaded.report
        if report is None:
            return settings.invalid(loaded)
        rows, total = _summary_rows(report)
        unit = _money_unit([*rows, total])
        data = settings.data(
            loaded,
            title=report.title,
            fiscal_year=report.fiscal_year,
            unit=report.unit.name,
            money_unit=unit.value,
            money_unit_label=unit.label,
            projects=[
                {"id": row.project_id, "name": row.name, **_row_json(row, unit)} for row in rows
            ],
            total=_row_json(total, unit),
        )
        lines = tuple(_summary_table(report, rows, total, unit, settings.style))
        return settings.head(source.label, _Result(data, lines))


def _cmd_summary(args: argparse.Namespace) -> int:
    sources = _sources(args)
    settings = attrs.evolve(_Settings.of(args), headed=len(sources) > 1)
    return _write_results(settings, sources, _Summary(settings), jobs=args.jobs)[0]


def _summary_table(
    report: Report, rows: list[_Row], total: _Row, unit: MoneyUnit, style: _Style
) -> Iterator[str]:
    """The lines of the summary: the heading, a blank line, the aligned table."""
    yield (
        style.bold(report.title)
        + f"  单位：{report.unit.name}  预算年度：{report.fiscal_year}  金额单位：{unit.label}"
    )
    yield ""
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
        yield style.bold(text) if index == 0 else text


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


# -- import -------------------------------------------------------------------------------------


@attrs.frozen
class _Import:
    """``import``'s work on one input: a table file read into a document."""

    settings: _Settings
    sheet: str | None
    encoding: str | None
    given: dict[str, Any]

    def __call__(self, source: _Source) -> _Result:
        from perfeval import _grids  # noqa: PLC0415
        from perfeval.serialize import dumps  # noqa: PLC0415
        from perfeval.table import TableError, read_table  # noqa: PLC0415

        label = source.label
        try:
            data = source.read()
            raw = data.encode("utf-8") if isinstance(data, str) else data
            if raw[:4] == b"PK\x03\x04":  # a zip archive: a workbook, whatever its name
                rows: list[list[Any]] = _grids.read_xlsx(raw, sheet=self.sheet)
            else:
                rows = list(_grids.read_csv(raw, encoding=self.encoding))
            report = read_table(rows, **self.given)
        except OSError as exc:
            problem = _read_problem(exc)
            message = problem.message_zh if self.settings.lang == "zh" else problem.message
            return _Result({"valid": False}, problems=(f"{label}: {message}",), failed=True)
        except (ValidationError, _grids.GridFileError, TableError) as exc:
            message = str(exc.errors[0]) if isinstance(exc, ValidationError) else str(exc)
            return _Result({"valid": False}, problems=(f"{label}: {message}",), failed=True)
        return _Result({"valid": True}, (dumps(report, indent=2),))


def _cmd_import(args: argparse.Namespace) -> int:
    from perfeval.codes import MoneyUnit  # noqa: PLC0415

    sources = _sources(args)
    settings = _Settings("import", "text", _language(args.lang), coloured=False, out=args.out)
    given: dict[str, Any] = {
        name: value
        for name, value in (
            ("title", args.title),
            ("fiscal_year", args.year),
            ("unit", args.unit),
            ("project_name", args.project_name),
            ("money_unit", None if args.money_unit is None else MoneyUnit(args.money_unit)),
        )
        if value is not None
    }
    if args.project_id is not None:
        given["project_id"] = args.project_id
    work = _Import(settings, args.sheet, args.encoding, given)
    return _write_results(settings, sources, work, jobs=args.jobs)[0]


# -- export -------------------------------------------------------------------------------------


@attrs.frozen
class _Viewing:
    """The work of a command that shows findings and scores (``export``, ``render``)."""

    settings: _Settings
    policy: Policy | None
    findings: bool
    scores: bool


@attrs.frozen
class _Export(_Viewing):
    """``export``'s work on one input: its flat tables."""

    def __call__(self, source: _Source) -> _Result:
        from perfeval.export import rows  # noqa: PLC0415

        loaded = _load(source)
        if loaded.report is None:
            return self.settings.invalid(loaded)
        tables = rows(
            loaded.report,
            key=_export_key(source),
            findings=self.findings,
            scores=self.scores,
            policy=self.policy,
        )
        return _Result(self.settings.data(loaded), tables=tables)


def _export_key(source: _Source) -> str:
    """An input's ``report_key``: its path with ``/`` on every system, or its label."""
    if source.path is None or source.path == _STDIN:
        return source.label
    return Path(source.path).as_posix()


def _cmd_export(args: argparse.Namespace) -> int:
    from perfeval.export import Writer  # noqa: PLC0415

    sources = _sources(args)
    settings = _Settings("export", "text", _language(args.lang), coloured=False, out=None)
    work = _Export(settings, args.policy, not args.no_findings, not args.no_scores)
    seen: set[str] = set()
    try:
        writer = Writer(args.out, args.to)
    except OSError as exc:
        msg = f"{args.out}: cannot make the directory: {exc.strerror or exc}"
        raise _Abort(msg) from exc

    def sink(source: _Source, result: _Result) -> _Result:
        if result.tables is None:
            return result
        key = _export_key(source)
        if key in seen:  # the same file twice: its rows once
            problem = f"{source.label}: given twice; its rows are exported once"
            return attrs.evolve(result, problems=(problem,))
        seen.add(key)
        try:
            writer.add(result.tables)
        except (OSError, ValueError) as exc:
            reason = exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
            raise _Abort(f"{args.out}: {reason}") from exc
        return result

    with writer:
        status, _ = _write_results(settings, sources, work, jobs=args.jobs, sink=sink)
    for table, count in writer.counts.items():
        _emit(sys.stdout, f"{Path(args.out) / table}.{args.to}: {_plural(count, 'row')}")
    return status


# -- render -------------------------------------------------------------------------------------


@attrs.frozen
class _Render(_Viewing):
    """``render``'s work on one input: its HTML page."""

    def __call__(self, source: _Source) -> _Result:
        from perfeval.checks import check  # noqa: PLC0415
        from perfeval.render import html  # noqa: PLC0415

        loaded = _load(source)
        if loaded.report is None:
            return self.settings.invalid(loaded)
        findings = check(loaded.report, policy=self.policy) if self.findings else ()
        page = html(loaded.report, findings, scores=self.scores)
        return _Result(self.settings.data(loaded), (page.removesuffix("\n"),))


def _cmd_render(args: argparse.Namespace) -> int:
    sources = _sources(args)
    if len(sources) > 1 and args.out is None:
        args.subparser.error("several pages go to a directory: give -o DIR")
    settings = _Settings("render", "text", _language(args.lang), coloured=False, out=args.out)
    work = _Render(settings, args.policy, not args.no_findings, not args.no_scores)
    return _write_results(settings, sources, work, jobs=args.jobs)[0]


# -- schema -------------------------------------------------------------------------------------


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.policy:
        from perfeval._policy_file import policy_schema_text  # noqa: PLC0415

        text, option = policy_schema_text(), " --policy"
    elif args.cli:
        from perfeval._cli_output import output_schema_text  # noqa: PLC0415

        text, option = output_schema_text(), " --cli"
    else:
        from perfeval.schema import schema_text  # noqa: PLC0415

        text, option = schema_text(), ""
    expected = text.encode("utf-8")
    if args.check:
        path = args.out
        if path is None:
            args.subparser.error("--check compares a file: give it with --out PATH")
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
    if args.format != "text":
        listed = [
            {
                "name": name,
                "title": report.title,
                "kind": report.kind.value,
                "fiscal_year": report.fiscal_year,
                "unit": report.unit.name,
                "projects": len(report.projects),
            }
            for name, report in reports
        ]
        data = envelope("examples", examples=listed)
        out.write(_json_text(data, lines=args.format == "jsonl"))
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


def _upgrade_targets(args: argparse.Namespace, sources: Sequence[_Source]) -> list[Path | None]:
    """Where each upgraded document goes: in place, to ``-o``, or (``None``) to stdout.

    Without ``-o``, a file is rewritten in place and standard input or an example goes
    to standard output. With ``-o``, one input goes to the file OUT; several (or an OUT
    that is a directory) to OUT/NAME, each under its own file name.
    """
    if args.out is None:
        return [
            None if source.path is None or source.path == _STDIN else Path(source.path)
            for source in sources
        ]
    return list(_targets(Path(args.out), [source.stem for source in sources], ".json"))


@attrs.frozen
class _Upgrade:
    """``upgrade``'s work on one input: rewrite it, or say that it need not be."""

    settings: _Settings
    check: bool
    out_given: bool
    targets: dict[_Source, Path | None]

    def __call__(self, source: _Source) -> _Result:
        from perfeval.model import SCHEMA_VERSION  # noqa: PLC0415

        settings = self.settings
        lang = settings.lang
        loaded = _load(source, keep_text=True)
        if loaded.report is None:
            return settings.invalid(loaded)
        version = loaded.report.schema_version
        upgrade = version != SCHEMA_VERSION
        target = self.targets[source]
        members = {"document_schema_version": version, "upgraded": upgrade, "written": None}
        if not upgrade and (not self.out_given or self.check):
            line = f"{source.label}: {_word(lang, 'already', version=version)}"
            return _Result(settings.data(loaded, **members), (line,))
        text = _upgraded(loaded) if upgrade else _as_text(loaded)
        if self.check:
            message = _word(lang, "would-upgrade", version=version, newest=SCHEMA_VERSION)
            line = f"{source.label}: {message}"
            return _Result(settings.data(loaded, **members), (line,), failed=True)
        if target is None:
            return _Result(settings.data(loaded, **members), document=text)
        try:
            _write_text(target, text)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            problem = f"{target}: {_word(lang, 'cannot-write', reason=reason)}"
            return _Result(settings.data(loaded, **members), problems=(problem,), failed=True)
        members["written"] = str(target)
        if upgrade:
            message = _word(lang, "upgraded", version=version, newest=SCHEMA_VERSION)
        else:
            message = _word(lang, "already", version=version)
        line = f"{source.label}: {message}" + (f" → {target}" if self.out_given else "")
        return _Result(settings.data(loaded, **members), (line,))


def _cmd_upgrade(args: argparse.Namespace) -> int:
    settings = attrs.evolve(_Settings.of(args), out=None)  # -o names where documents go
    sources = _sources(args)
    targets = dict(zip(sources, _upgrade_targets(args, sources), strict=True))
    work = _Upgrade(settings, args.check, args.out is not None, targets)
    return _write_results(settings, sources, work, jobs=args.jobs)[0]


def _as_text(loaded: _Loaded) -> str:
    assert loaded.text is not None  # noqa: S101 - kept for upgrade
    return loaded.text if isinstance(loaded.text, str) else loaded.text.decode("utf-8")


# -- the parser ---------------------------------------------------------------------------------

_EXIT: Final = """\
exit status: 0 all is well; 1 {failure}; 2 usage error."""

_INPUTS: Final = """\
FILE may be - for standard input; --example NAME (repeatable) reads a bundled example.
--format json writes JSON only (one object; JSON Lines for several inputs), as the
schema printed by `perfeval schema --cli` describes; -o OUT writes to the file OUT, or
with several inputs one file per input in the directory OUT. Colour: --color, or
NO_COLOR / FORCE_COLOR; --lang auto follows LC_ALL, LC_MESSAGES or LANG."""

#: Each command's closing help: examples, then what the exit status means.
_EPILOGS: Final[dict[str, str]] = {
    "validate": f"""\
examples:
  perfeval validate report.json
  perfeval validate --schema --format json reports/*.json > problems.jsonl

{_INPUTS}

{_EXIT.format(failure="an input cannot be read or is not a valid document")}""",
    "check": f"""\
examples:
  perfeval check --lang zh report.json
  perfeval check --fail-on warning --ignore execution-low reports/*.json
  perfeval check --write-baseline baseline.json reports/*.json     # accept what is there
  perfeval check --baseline baseline.json reports/*.json           # report only new findings

rules and areas for --select/--ignore: the Checks page of the docs, or
`python -c "import perfeval.checks as c; print(*c.RULES, sep=chr(10))"`.

{_INPUTS}

exit status: 0 all is well; 1 an input is invalid, or a finding at the --fail-on level
(default error) was found; 2 usage error.""",
    "score": f"""\
examples:
  perfeval score --example tangxi-2022
  perfeval score --policy sichuan --format json report.json

{_INPUTS}

{_EXIT.format(failure="an input cannot be read or is invalid, or --project names no project")}""",
    "summary": f"""\
examples:
  perfeval summary --example kaifu-2020
  perfeval summary --format json -o summaries/ reports/*.json

{_INPUTS}

{_EXIT.format(failure="an input cannot be read or is not a valid document")}""",
    "import": """\
examples:
  perfeval import 自评表.csv -o report.json
  perfeval import --sheet 项目自评 --year 2022 tables.xlsx
  perfeval import -o documents/ tables/*.csv

Reads each table with perfeval.read_table: the header, the money block, the goals,
the indicators and the total score, found by their printed labels. .xlsx needs the
optional extra: pip install 'perfeval[xlsx]'.

exit status: 0 all is well; 1 a file cannot be read or is no table perfeval can read
(the message names the cell); 2 usage error.""",
    "export": """\
examples:
  perfeval export --out tables/ documents/
  perfeval export --to jsonl --no-scores --out tables/ reports/**/*.json

Writes reports, projects, budget_lines, indicators, findings and score_components
(see perfeval.export.COLUMNS): amounts as exact decimal text with their unit and in
元, keys that join the tables; CSV in UTF-8 with a byte order mark, for Excel.

exit status: 0 all is well; 1 an input cannot be read or is invalid, or a file cannot
be written; 2 usage error.""",
    "render": """\
examples:
  perfeval render --example kaifu-2020 -o kaifu-2020.html
  perfeval render -o pages/ documents/

One HTML file per document, in Chinese, with no script and nothing fetched: the
budget table, a chart of budget against expenditure, each project's indicators with
the computed score beside the printed one, and the findings of perfeval check beside
the rows they concern. Open it in a browser, print it (A4) or send it.

exit status: 0 all is well; 1 an input cannot be read or is invalid, or a file cannot
be written; 2 usage error.""",
    "upgrade": f"""\
examples:
  perfeval upgrade report.json                 # rewrite in place
  perfeval upgrade --check reports/*.json      # exit 1 if any is older
  perfeval upgrade -o upgraded/ reports/*.json # write the new versions elsewhere

{_INPUTS}

{_EXIT.format(failure="an input is invalid or cannot be written, or (--check) is older")}""",
    "schema": """\
examples:
  perfeval schema > report.schema.json
  perfeval schema --policy --out policy.schema.json
  perfeval schema --check --out schemas/report.schema.json

exit status: 0 all is well; 1 the file given to --check differs from the generated
schema, or a file cannot be read or written; 2 usage error.""",
    "examples": """\
examples:
  perfeval examples --long
  perfeval summary --example "$(perfeval examples | head -n 1)"

exit status: 0 all is well; 2 usage error.""",
}

_MAIN_EPILOG: Final = """\
`perfeval help COMMAND` (or `perfeval COMMAND --help`) tells more about a command.
exit status: 0 all is well; 1 an input cannot be read or is invalid, a check found a
finding at the --fail-on level, or the schema file has drifted; 2 usage error."""


def _add_output(parser: argparse.ArgumentParser, *, formats: Sequence[str]) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default="text",
        help="text for people (default); json for programs: one object, or JSON Lines for"
        " several inputs; jsonl: always JSON Lines",
    )
    parser.add_argument(
        "--color",
        "--colour",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output: auto (default: on a terminal, unless NO_COLOR is set;"
        " FORCE_COLOR forces it), always or never",
    )
    parser.add_argument(
        "--lang",
        choices=("auto", "en", "zh"),
        default="auto",
        help="the language of text output's messages: en, zh, or auto (default: the"
        " locale's); JSON has both",
    )


def _jobs(value: str) -> int:
    """Argparse ``type=`` for ``--jobs``: a whole number of 0 or more (0: one per CPU)."""
    from perfeval._batch import jobs_for  # noqa: PLC0415

    if not value.isdigit() or len(value) > 4:
        msg = f"expected a whole number such as 2 (0: one per CPU), not {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return jobs_for(int(value))


def _year(value: str) -> int:
    """Argparse ``type=`` for ``--year``: a fiscal year such as 2022."""
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        msg = f"expected a year such as 2022, not {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(value)


#: What a FILE argument may be, for commands that read documents.
_FILES_HELP: Final = (
    "a JSON document; a directory (its .json files, at any depth); a pattern such as"
    " reports/**/*.json; - for stdin"
)


def _add_files(
    parser: argparse.ArgumentParser, *, what: str = _FILES_HELP, examples: bool = True
) -> None:
    """The FILE arguments, and ``--example`` wherever a document may be read."""
    parser.add_argument("files", nargs="*", metavar="FILE", help=what)
    if examples:
        parser.add_argument(
            "--example",
            action="append",
            metavar="NAME",
            type=_example_name,
            help="a bundled example (see perfeval examples); may be repeated",
        )
    else:
        parser.set_defaults(example=None)


def _add_jobs(parser: argparse.ArgumentParser, *, lang: bool) -> None:
    """``--jobs``, and ``--lang`` for commands whose only text is their messages."""
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="read the inputs in N worker processes (0: one per CPU; default 1)",
    )
    if lang:
        parser.add_argument(
            "--lang",
            choices=("auto", "en", "zh"),
            default="auto",
            help="the language of messages: en, zh, or auto (default: the locale's)",
        )


def _add_view_options(parser: argparse.ArgumentParser, what: str) -> None:
    """The options of commands that show findings and scores: render and export."""
    _add_policy(parser, "the policy of the findings and the computed scores")
    parser.add_argument("--no-findings", action="store_true", help=f"leave out {what}'s findings")
    parser.add_argument(
        "--no-scores", action="store_true", help=f"leave out {what}'s computed scores"
    )


def _add_inputs(parser: argparse.ArgumentParser, *, out: str) -> None:
    _add_files(parser)
    parser.add_argument("-o", "--out", metavar="OUT", help=out)
    _add_jobs(parser, lang=False)
    _add_output(parser, formats=("text", "json", "jsonl"))


_OUT_HELP: Final = (
    "write the output to the file OUT instead of standard output; with several inputs,"
    " or when OUT is a directory, one file per input in the directory OUT"
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


def _add_import_options(sub: argparse.ArgumentParser) -> None:
    _add_files(
        sub,
        what="a table as CSV (UTF-8, GBK or GB18030) or .xlsx; a directory; a pattern; - for stdin",
        examples=False,
    )
    sub.add_argument(
        "-o",
        "--out",
        metavar="OUT",
        help="write the document to the file OUT instead of standard output; with several"
        " tables, or when OUT is a directory, one NAME.json per table in the directory OUT",
    )
    sub.add_argument("--sheet", metavar="NAME", help="the workbook's sheet (default: the active)")
    sub.add_argument(
        "--encoding",
        metavar="ENC",
        help="the CSV's text encoding (default: UTF-8, with or without a byte order mark,"
        " else GB18030, which includes GBK)",
    )
    sub.add_argument("--title", help="the report's title, if the table does not print it")
    sub.add_argument(
        "--year", type=_year, metavar="YYYY", help="the fiscal year, if the title has none"
    )
    sub.add_argument("--unit", metavar="NAME", help="the reporting unit's name")
    sub.add_argument("--project-name", metavar="NAME", help="the project's name")
    sub.add_argument("--project-id", metavar="ID", help="the project's id (default p1)")
    sub.add_argument(
        "--money-unit",
        choices=[unit.value for unit in MoneyUnit],
        help="the unit of the table's bare figures (default: as printed, else wan_yuan)",
    )
    _add_jobs(sub, lang=True)


def _add_export_options(sub: argparse.ArgumentParser) -> None:
    _add_files(sub)
    sub.add_argument(
        "--to", choices=("csv", "jsonl"), default="csv", help="the files' format (default csv)"
    )
    sub.add_argument(
        "-o",
        "--out",
        metavar="DIR",
        required=True,
        help="the directory of the tables (reports.csv, projects.csv …); existing files"
        " are appended to",
    )
    _add_view_options(sub, "the tables")
    _add_jobs(sub, lang=True)


def _add_render_options(sub: argparse.ArgumentParser) -> None:
    _add_files(sub)
    sub.add_argument(
        "-o",
        "--out",
        metavar="OUT",
        help="write the page to the file OUT instead of standard output; with several"
        " documents (or when OUT is a directory), NAME.html in the directory OUT",
    )
    _add_view_options(sub, "the page")
    _add_jobs(sub, lang=True)


def _build_parser() -> argparse.ArgumentParser:
    from perfeval.model import SCHEMA_VERSION  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Validate, check, score and summarize budget performance evaluation"
        " reports (预算绩效评价) in perfeval's JSON format; read their printed tables;"
        " export them for analysis.",
        epilog=_MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__} (schema {SCHEMA_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    subparsers: dict[str, argparse.ArgumentParser] = {}

    def command(name: str, handler: Callable[[argparse.Namespace], int], summary: str) -> Any:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=_EPILOGS.get(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler, subparser=sub)
        subparsers[name] = sub
        return sub

    sub = command("validate", _cmd_validate, "Validate documents: every problem, with its path.")
    _add_inputs(sub, out=_OUT_HELP)
    sub.add_argument(
        "--schema",
        action="store_true",
        help="also validate against the published JSON Schema (with jsonschema)",
    )

    sub = command("check", _cmd_check, "Check the figures of documents: findings by severity.")
    _add_inputs(sub, out=_OUT_HELP)
    _add_policy(sub, "the policy printed scores are compared with and graded by")
    sub.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "none"),
        default="error",
        help="exit 1 when a finding of this severity or a graver one is found"
        " (default error; none: only invalid inputs fail)",
    )
    sub.add_argument(
        "--select",
        action="append",
        type=_codes,
        metavar="CODES",
        help="report only these rules: codes or areas (sum, execution …) separated by"
        " commas; may be repeated",
    )
    sub.add_argument(
        "--ignore",
        action="append",
        type=_codes,
        metavar="CODES",
        default=[],
        help="never report these rules (codes or areas, by commas); may be repeated",
    )
    sub.add_argument(
        "--baseline",
        type=_baseline,
        metavar="FILE",
        help="leave out the findings this baseline file accepts (same input, rule and path)",
    )
    sub.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write every finding of this run (after --select/--ignore) to FILE as a"
        " baseline that accepts them",
    )

    sub = command("score", _cmd_score, "Score each project of self-evaluations.")
    _add_inputs(sub, out=_OUT_HELP)
    _add_policy(sub, "the scoring policy")
    sub.add_argument("--project", metavar="ID", help="score only the project with this id")

    sub = command(
        "summary", _cmd_summary, "Print the budget and expenditure table with execution rates."
    )
    _add_inputs(sub, out=_OUT_HELP)

    sub = command(
        "import",
        _cmd_import,
        "Read self-evaluation tables (CSV or .xlsx) into documents.",
    )
    _add_import_options(sub)

    sub = command(
        "export", _cmd_export, "Write flat tables of documents for pandas, Excel or a database."
    )
    _add_export_options(sub)

    sub = command("render", _cmd_render, "Write each document as a self-contained HTML page.")
    _add_render_options(sub)

    sub = command(
        "upgrade",
        _cmd_upgrade,
        "Rewrite documents as the newest schema version this perfeval writes.",
    )
    _add_inputs(
        sub,
        out="write the documents to the file OUT (or, for several, into the directory OUT)"
        " instead of rewriting them in place",
    )
    sub.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a document is not of the newest version",
    )

    sub = command("schema", _cmd_schema, "Print, write or check a published JSON Schema.")
    which = sub.add_mutually_exclusive_group()
    which.add_argument(
        "--policy",
        action="store_true",
        help="the JSON Schema of scoring policy files instead of the report schema",
    )
    which.add_argument(
        "--cli",
        action="store_true",
        help="the JSON Schema of this command's JSON output instead of the report schema",
    )
    sub.add_argument("--out", metavar="PATH", help="write the schema to PATH instead of stdout")
    sub.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the file given with --out differs from the schema",
    )

    sub = command("examples", _cmd_examples, "List the bundled examples.")
    sub.add_argument(
        "-l", "--long", action="store_true", help="also print each example's year and title"
    )
    sub.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="text for people (default), json or jsonl (one line) for programs",
    )

    sub = command("help", _cmd_help, "Show the help of a command.")
    sub.add_argument("topic", nargs="?", metavar="COMMAND", choices=sorted(subparsers))
    sub.set_defaults(parsers=subparsers, main_parser=parser)
    return parser


def _cmd_help(args: argparse.Namespace) -> int:
    if args.topic is None:
        args.main_parser.print_help()
    else:
        args.parsers[args.topic].print_help()
    return EXIT_OK


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
    if args.command == "check":
        args.select = None if args.select is None else frozenset().union(*args.select)
        args.ignore = frozenset().union(*args.ignore)
    if (
        args.command == "upgrade"
        and args.format != "text"
        and args.out is None
        and not args.check
        and (_STDIN in args.files or args.example)
    ):
        args.subparser.error(
            "with --format json, standard input and examples are upgraded to a file:"
            " give -o OUT (or --check)"
        )
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
      "$schema": "https://perfeval.readthedocs.io/en/latest/schema/cli/1.0/output.schema.json",
      "command": "summary",
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
    except _batch.WorkerError as exc:
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
