"""Type checkers read the model as its users write it.

mypy ``--strict`` (with its attrs plugin) and pyright (through ``dataclass_transform``)
each check the user programs beside this file once: the documented forms must pass
with no error, and ``errors_expected.py`` must draw exactly the errors its markers name.
A checker that cannot run skips these tests, except under CI, where that fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DOCUMENTED = ("documented_forms.py", "tutorial_report.py")
EXPECTED_ERRORS = "errors_expected.py"
PROGRAMS = (*DOCUMENTED, EXPECTED_ERRORS)
CHECKERS = ("mypy", "pyright")
# The oldest Python perfeval supports, as in [tool.mypy]: both checkers read the same stubs.
PYTHON_VERSION = "3.10"
MARKER = re.compile(
    r"^\s*# expect-error: (?P<mypy>[a-z-]+), (?P<pyright>report[A-Za-z]+): (?P<text>.+)$"
)
MYPY_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|note): (?P<rest>.*)$"
)
MYPY_CODE = re.compile(r"^(?P<message>.*?)  \[(?P<code>[a-z0-9-]+)\]$")


class Diagnostic(NamedTuple):
    """One error or warning: its line (1-based), the mypy code or pyright rule, the text."""

    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}: [{self.code}] {self.message}"


class Expected(NamedTuple):
    """What a marker asks of the line after it."""

    line: int
    codes: dict[str, str]
    text: str


def _cannot_run(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI the typing tests must run, not skip")
    pytest.skip(reason)


def _programs() -> list[Path]:
    return [HERE / name for name in PROGRAMS]


def _by_program(found: list[tuple[Path, Diagnostic]]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for path, diagnostic in found:
        key = path.name if path.resolve().parent == HERE else str(path)
        grouped.setdefault(key, []).append(diagnostic)
    return grouped


def _run_mypy(cache: Path) -> dict[str, list[Diagnostic]]:
    if importlib.util.find_spec("mypy") is None:
        _cannot_run("mypy is not installed (python3 scripts/dev.py test installs it)")
    from mypy import api  # noqa: PLC0415 - only when mypy is there

    # The project's configuration (strict, Python 3.10), and perfeval read as a user's
    # installed package: its own modules are checked by the mypy gate, not reported here.
    # A cache of this run's own: .mypy_cache is written by the gate (other options, maybe
    # another mypy) and by any other run at the same time.
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--follow-imports=silent",
            "--show-absolute-path",
            "--show-error-codes",
            "--no-error-summary",
            "--no-pretty",
            "--no-color-output",
            "--cache-dir",
            str(cache),
            *map(str, _programs()),
        ]
    )
    if status not in (0, 1) or stderr:
        pytest.fail(f"mypy did not finish (status {status}):\n{stdout}{stderr}")
    found: list[tuple[Path, Diagnostic]] = []
    for output_line in stdout.splitlines():
        match = MYPY_LINE.match(output_line)
        if match is None:
            pytest.fail(f"unexpected mypy output: {output_line!r}\n{stdout}")
        if match["severity"] == "note":
            continue  # a note explains the error before it
        coded = MYPY_CODE.match(match["rest"])
        code, message = (coded["code"], coded["message"]) if coded else ("", match["rest"])
        found.append((Path(match["path"]), Diagnostic(int(match["line"]), code, message)))
    return _by_program(found)


def _run_pyright() -> dict[str, list[Diagnostic]]:
    if importlib.util.find_spec("pyright") is None:
        _cannot_run("pyright is not installed (python3 scripts/dev.py test installs it)")
    command = [
        sys.executable,
        "-m",
        "pyright",
        "--outputjson",
        "--pythonpath",
        sys.executable,
        "--pythonversion",
        PYTHON_VERSION,
        *map(str, _programs()),
    ]
    try:
        # The first run may install pyright's npm package; the timeout only stops a hang.
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
        )
    except subprocess.TimeoutExpired:
        _cannot_run("pyright did not finish within 15 minutes")
    try:
        output: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        _cannot_run(f"pyright could not run (status {result.returncode}): {result.stderr[-2000:]}")
    if result.returncode not in (0, 1) or output["summary"]["filesAnalyzed"] != len(PROGRAMS):
        pytest.fail(f"pyright did not check the programs: {result.stdout}{result.stderr}")
    found: list[tuple[Path, Diagnostic]] = []
    for item in output["generalDiagnostics"]:
        if item["severity"] in ("error", "warning"):
            line = item["range"]["start"]["line"] + 1
            diagnostic = Diagnostic(line, item.get("rule", ""), item["message"])
            found.append((Path(item["file"]), diagnostic))
    return _by_program(found)


@pytest.fixture(scope="module", params=CHECKERS)
def reported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, list[Diagnostic]]]:
    """One run of one checker over every program: its errors and warnings by program."""
    checker: str = request.param
    if checker == "mypy":
        return checker, _run_mypy(tmp_path_factory.mktemp("mypy-cache"))
    return checker, _run_pyright()


def expected_errors() -> list[Expected]:
    """The markers of ``errors_expected.py``, each for the line after it."""
    lines = (HERE / EXPECTED_ERRORS).read_text(encoding="utf-8").splitlines()
    expected = []
    for number, text in enumerate(lines, start=1):
        match = MARKER.match(text)
        if match is not None:
            codes = {"mypy": match["mypy"], "pyright": match["pyright"]}
            expected.append(Expected(number + 1, codes, match["text"]))
        else:
            malformed = text.lstrip().startswith("# expect-error")
            assert not malformed, f"malformed marker on line {number}: {text}"
    return expected


def _listing(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(f"  {EXPECTED_ERRORS}:{diagnostic}" for diagnostic in diagnostics)


def test_the_marked_lines_are_checked_statements() -> None:
    expected = expected_errors()
    lines = (HERE / EXPECTED_ERRORS).read_text(encoding="utf-8").splitlines()
    assert len(expected) >= 10
    for marker in expected:
        statement = lines[marker.line - 1].strip()
        assert statement, f"marker before line {marker.line} marks nothing"
        assert not statement.startswith("#"), f"marker before line {marker.line} marks a comment"


@pytest.mark.parametrize("program", DOCUMENTED)
def test_documented_forms_type_check(
    reported: tuple[str, dict[str, list[Diagnostic]]], program: str
) -> None:
    checker, by_program = reported
    diagnostics = by_program.get(program, [])
    assert not diagnostics, f"{checker} rejects documented forms in {program}:\n" + "\n".join(
        f"  {program}:{diagnostic}" for diagnostic in diagnostics
    )


def test_expected_errors_are_reported(reported: tuple[str, dict[str, list[Diagnostic]]]) -> None:
    checker, by_program = reported
    diagnostics = by_program.get(EXPECTED_ERRORS, [])
    expected = {marker.line: marker for marker in expected_errors()}
    missed = sorted(set(expected) - {diagnostic.line for diagnostic in diagnostics})
    extra = [diagnostic for diagnostic in diagnostics if diagnostic.line not in expected]
    assert not missed, f"{checker} reports no error on the marked lines {missed}"
    assert not extra, f"{checker} reports unmarked errors:\n{_listing(extra)}"
    for line, marker in expected.items():
        on_line = [diagnostic for diagnostic in diagnostics if diagnostic.line == line]
        assert len(on_line) == 1, f"{checker}: one error expected on line {line}:\n" + _listing(
            on_line
        )
        assert on_line[0].code == marker.codes[checker], f"{checker}: {on_line[0]}"
        assert marker.text in on_line[0].message, f"{checker}: {marker.text} not in {on_line[0]}"


def test_only_the_programs_are_reported(reported: tuple[str, dict[str, list[Diagnostic]]]) -> None:
    checker, by_program = reported
    assert set(by_program) <= set(PROGRAMS), f"{checker} reports on other files: {by_program}"


@pytest.mark.parametrize("program", DOCUMENTED)
def test_documented_programs_run(program: str) -> None:
    runpy.run_path(str(HERE / program), run_name="__main__")
