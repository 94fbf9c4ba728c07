"""The ``perfeval`` command line, run as a user runs it and in-process for coverage.

Every command is exercised through ``python -m perfeval`` in a subprocess (exit status,
standard output and standard error as a shell sees them, never a traceback), and again
in-process through :func:`perfeval.cli.main`, where coverage is measured.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval import _summary, cli, examples
from perfeval.checks import check
from perfeval.schema import schema_text
from perfeval.scoring import POLICIES
from perfeval.serialize import dumps, loads

#: The directory perfeval was imported from: the subprocess runs the same code.
IMPORT_ROOT = Path(perfeval.__file__).resolve().parent.parent
KAIFU = "kaifu-2020"
ESCAPE = "\x1b["


@dataclass(frozen=True)
class Run:
    """A finished ``perfeval`` process."""

    status: int
    out: str
    err: str


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    # No colour or language settings of the machine running the tests.
    unset = {"NO_COLOR", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "LANG"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(IMPORT_ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


def run(
    *args: str,
    stdin: bytes = b"",
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run ``python -m perfeval ARGS``; no run may ever print a traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "perfeval", *args],
        input=stdin,
        capture_output=True,
        env=environment(env),
        cwd=cwd,
        timeout=120,
        check=False,
    )
    result = Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
    assert "Traceback" not in result.err, result.err
    return result


def width(text: str) -> int:
    """Terminal columns, computed independently of perfeval.cli."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.fixture
def kaifu_file(tmp_path: Path) -> Path:
    path = tmp_path / "kaifu.json"
    path.write_text(examples.text(KAIFU), encoding="utf-8")
    return path


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    data = json.loads(examples.text(KAIFU))
    data["fiscal_year"] = "2020"
    data["projects"][0]["budget_lines"][0]["budget"]["amount"] = 213.28
    del data["title"]
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- subprocess: every command as a shell runs it ----------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.status == 0
    assert result.out.strip() == f"perfeval {perfeval.__version__} (schema 1.1)"


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.status == 0
    for command in ("validate", "check", "score", "summary", "upgrade", "schema", "examples"):
        assert command in result.out
    assert "perfeval help COMMAND" in result.out


def test_validate_file_example_and_stdin(kaifu_file: Path) -> None:
    result = run(
        "validate", str(kaifu_file), "-", "--example", "tangxi-2022", stdin=kaifu_file.read_bytes()
    )
    assert result.status == 0, result.err
    assert result.out.splitlines() == [
        f"{kaifu_file}: valid",
        "<stdin>: valid",
        "<example:tangxi-2022>: valid",
    ]
    # Several inputs: a closing summary on standard error.
    assert result.err == "perfeval: 3 files: 3 valid, 0 invalid\n"


def test_validate_files_may_follow_example_options(kaifu_file: Path) -> None:
    result = run("validate", "--example", KAIFU, str(kaifu_file), "--schema", str(kaifu_file))
    assert result.status == 0, result.err
    assert result.out.splitlines() == [
        f"{kaifu_file}: valid",
        f"{kaifu_file}: valid",
        f"<example:{KAIFU}>: valid",
    ]


def test_validate_missing_file(tmp_path: Path, kaifu_file: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run("validate", str(missing), str(kaifu_file))
    assert result.status == 1
    assert result.err == (
        f"perfeval: {missing}: cannot read the file: No such file or directory\n"
        "perfeval: 2 files: 1 valid, 1 invalid\n"
    )
    assert result.out == f"{kaifu_file}: valid\n"


def test_validate_directory(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.status == 1
    assert result.err.startswith(f"perfeval: {tmp_path}: cannot read the file: ")
    assert result.out == ""


def test_validate_unreadable_file(
    kaifu_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Permissions cannot be taken away from root, so the refusal is simulated.
    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert cli.main(["validate", str(kaifu_file)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"perfeval: {kaifu_file}: cannot read the file: Permission denied\n"
    assert captured.out == ""


def test_validate_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": "a",}', encoding="utf-8")
    result = run("validate", str(path))
    assert result.status == 1
    assert result.err.startswith(f"perfeval: {path}: is not valid JSON: ")
    # Where json stops differs between Python versions (the comma, or the brace after it).
    assert re.search(r"\(line 1, column 1[45]\)\n$", result.err)


def test_validate_invalid_document_prints_every_path(invalid_file: Path) -> None:
    result = run("validate", str(invalid_file))
    assert result.status == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert all(line.startswith(f"perfeval: {invalid_file}: /") for line in lines)
    paths = [line.split(": ")[2] for line in lines]
    assert sorted(paths) == [
        "/fiscal_year",
        "/projects/0/budget_lines/0/budget/amount",
        "/title",
    ]


def test_validate_json_output(kaifu_file: Path, invalid_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run("validate", "--format", "json", str(kaifu_file), str(invalid_file), str(missing))
    assert result.status == 1
    # Three inputs: JSON Lines, one object per input.
    data = [json.loads(line) for line in result.out.splitlines()]
    assert [entry["file"] for entry in data] == [str(kaifu_file), str(invalid_file), str(missing)]
    assert [entry["valid"] for entry in data] == [True, False, False]
    assert data[0]["errors"] == []
    envelope = {"$schema", "perfeval_version", "perfeval_schema_version", "command"}
    assert all(set(entry) == {*envelope, "file", "valid", "errors"} for entry in data)
    problems = {error["path"]: error for error in data[1]["errors"]}
    assert set(problems) == {"/fiscal_year", "/projects/0/budget_lines/0/budget/amount", "/title"}
    assert problems["/fiscal_year"]["value"] == '"2020"'
    assert problems["/title"]["value"] is None
    assert all(
        set(error) == {"path", "kind", "message", "message_zh", "value"}
        for error in data[1]["errors"]
    )
    assert data[2]["errors"] == [
        {
            "path": "",
            "kind": "file",
            "message": "cannot read the file: No such file or directory",
            "message_zh": "无法读取文件：文件不存在",
            "value": None,
        }
    ]
    # JSON mode writes JSON only: the problems are in it, not on standard error.
    assert result.err == ""


def test_validate_with_the_published_schema(invalid_file: Path) -> None:
    result = run("validate", "--schema", "--format", "json", str(invalid_file))
    assert result.status == 1
    entry = json.loads(result.out)
    paths = [error["path"] for error in entry["errors"]]
    assert len(paths) == len(set(paths)), "a path is reported once, by the loader first"
    assert {"/fiscal_year", "/title"} <= set(paths)


def test_check_text(kaifu_file: Path) -> None:
    result = run("check", str(kaifu_file))
    findings = check(loads(kaifu_file.read_bytes()))
    errors = sum(1 for finding in findings if finding.severity.value == "error")
    assert result.status == (1 if errors else 0)
    lines = result.out.splitlines()
    assert len(lines) == len(findings) + 1
    for line, finding in zip(lines, findings, strict=False):
        assert line == (
            f"{kaifu_file}: {finding.path or '(document)'}: {finding.severity.value}"
            f" [{finding.code}] {finding.message}"
        )
    assert re.fullmatch(
        rf"{re.escape(str(kaifu_file))}: \d+ errors?, \d+ warnings?, \d+ info", lines[-1]
    )


def test_check_chinese_messages() -> None:
    result = run("check", "--lang", "zh", "--example", KAIFU)
    findings = check(examples.load(KAIFU))
    assert findings, "the example has findings to show"
    assert findings[0].message_zh in result.out.splitlines()[0]


def test_check_json_and_exit_status_on_error_findings(tmp_path: Path) -> None:
    # tangxi-2022 prints a total row of zeros: an error finding, so the status is 1.
    result = run("check", "--format", "json", "--example", "tangxi-2022", "--example", KAIFU)
    data = [json.loads(line) for line in result.out.splitlines()]
    assert [entry["file"] for entry in data] == ["<example:tangxi-2022>", f"<example:{KAIFU}>"]
    expected = [check(examples.load(name)) for name in ("tangxi-2022", KAIFU)]
    envelope = {"$schema", "perfeval_version", "perfeval_schema_version", "command"}
    for entry, findings in zip(data, expected, strict=True):
        assert set(entry) == {*envelope, "file", "valid", "errors", "findings", "counts"} | {
            "baselined"
        }
        assert entry["baselined"] == 0
        assert entry["valid"] is True
        assert entry["errors"] == []
        assert entry["findings"] == [
            {
                "code": finding.code,
                "severity": finding.severity.value,
                "path": finding.path,
                "message": finding.message,
                "message_zh": finding.message_zh,
            }
            for finding in findings
        ]
        assert set(entry["counts"]) == {"error", "warning", "info"}
        assert sum(entry["counts"].values()) == len(findings)
    has_error = any(entry["counts"]["error"] for entry in data)
    assert has_error
    assert result.status == 1


def test_check_invalid_input(invalid_file: Path) -> None:
    result = run("check", str(invalid_file))
    assert result.status == 1
    assert result.out == ""
    assert f"perfeval: {invalid_file}: /fiscal_year: " in result.err


def test_score_text() -> None:
    result = run("score", "--example", "tangxi-2022")
    assert result.status == 0, result.err
    assert result.out.startswith("委托业务项目 (entrusted-business), policy national\n")
    assert re.search(r"^total +100\.00 +90\.00 ", result.out, flags=re.MULTILINE)


def test_score_json_with_a_policy(tmp_path: Path) -> None:
    path = tmp_path / "qingshen.json"
    path.write_text(examples.text("qingshen-2023"), encoding="utf-8")
    result = run("score", str(path), "--policy", "sichuan", "--format", "json")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["file"] == str(path)
    assert data["policy"] == "sichuan"
    (card,) = data["projects"]
    assert card["total"] == "10.00"
    assert card["grade"] == "poor"
    assert card["grade_label"] == "差"
    assert card["complete"] is False
    assert [c["path"] for c in card["components"]] == [
        "/budget_execution",
        "/indicators/0",
        "/indicators/1",
    ]
    assert [c["status"] for c in card["components"]] == ["scored", "not_scorable", "not_scorable"]
    assert set(card["components"][0]) == {
        "name",
        "path",
        "group",
        "weight",
        "score",
        "printed_weight",
        "printed_score",
        "difference",
        "formula",
        "status",
        "note",
    }


def test_score_unknown_policy_and_project() -> None:
    result = run("score", "--example", KAIFU, "--policy", "nowhere")
    assert result.status == 2
    names = ", ".join(sorted(POLICIES))
    assert f"no scoring policy named 'nowhere'; the policies are: {names}" in result.err
    result = run("score", "--example", KAIFU, "--project", "nowhere")
    assert result.status == 1
    assert result.err == (
        f"perfeval: <example:{KAIFU}>: no project with id 'nowhere';"
        " the ids are: public-service, social-management\n"
    )


def summary_table(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines[1] == ""
    return lines[2:]


def test_summary_reproduces_the_seed_table() -> None:
    result = run("summary", "--example", KAIFU)
    assert result.status == 0, result.err
    assert ESCAPE not in result.out
    header = result.out.splitlines()[0]
    report = examples.load(KAIFU)
    assert header.startswith(report.title)
    assert "预算年度：2020" in header
    assert header.endswith("金额单位：万元")
    table = summary_table(result.out)
    assert table[0].split() == ["项目名称", "项目类型", "预算金额", "支出金额", "执行率"]
    assert table[1].split() == ["公共服务", "经常性", "213.28", "703.45", "329.82%"]
    assert table[2].split() == ["社会管理", "经常性", "441.17", "318.72", "72.24%"]
    assert table[3].split() == ["合计", "654.45", "1022.17", "156.19%"]
    assert len(table) == 4


def cell_spans(line: str, cells: list[str]) -> list[tuple[int, int]]:
    """The display columns (start, end) of *cells*, found left to right in *line*."""
    spans, position = [], 0
    for cell in cells:
        index = line.index(cell, position)
        start = width(line[:index])
        spans.append((start, start + width(cell)))
        position = index + len(cell)
    return spans


def test_summary_columns_line_up_in_display_width() -> None:
    table = summary_table(run("summary", "--example", KAIFU).out)
    rows = [line.split() for line in table]
    rows[-1][1:1] = [""]  # 合计 leaves 项目类型 empty
    spans = [cell_spans(line, row) for line, row in zip(table, rows, strict=True)]
    left, right = (0, 1), (2, 3, 4)
    for column in left:  # text columns start together
        starts = {row[column][0] for row, cells in zip(spans, rows, strict=True) if cells[column]}
        assert len(starts) == 1, (column, table)
    for column in right:  # figures end together, header included
        assert len({row[column][1] for row in spans}) == 1, (column, table)
    assert len({width(line) for line in table}) == 1
    # Two spaces at least between columns, measured in display columns.
    for row, cells in zip(spans, rows, strict=True):
        shown = [span for span, cell in zip(row, cells, strict=True) if cell]
        for (_, end), (start, _) in itertools.pairwise(shown):
            assert start - end >= 2


def test_summary_json_from_stdin() -> None:
    result = run("summary", "-", "--format", "json", stdin=examples.text(KAIFU).encode())
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data == {
        "$schema": "https://perfeval.readthedocs.io/en/latest/schema/cli/1.0/output.schema.json",
        "perfeval_version": perfeval.__version__,
        "perfeval_schema_version": "1.1",
        "command": "summary",
        "valid": True,
        "errors": [],
        "file": "<stdin>",
        "title": "2020年度重点项目绩效评价结果",
        "fiscal_year": 2020,
        "unit": examples.load(KAIFU).unit.name,
        "money_unit": "wan_yuan",
        "money_unit_label": "万元",
        "projects": [
            {
                "id": "public-service",
                "name": "公共服务",
                "project_type": "recurring",
                "project_type_label": "经常性",
                "budget": "213.28",
                "expenditure": "703.45",
                "rate": "329.82",
            },
            {
                "id": "social-management",
                "name": "社会管理",
                "project_type": "recurring",
                "project_type_label": "经常性",
                "budget": "441.17",
                "expenditure": "318.72",
                "rate": "72.24",
            },
        ],
        "total": {"budget": "654.45", "expenditure": "1022.17", "rate": "156.19"},
    }
    assert list(data) == sorted(data), "keys are sorted: the output is stable"


def test_summary_invalid_json_on_stdin() -> None:
    result = run("summary", "-", stdin=b"not json")
    assert result.status == 1
    assert result.out == ""
    assert result.err.startswith("perfeval: <stdin>: is not valid JSON: ")


def test_schema_print_write_and_check(tmp_path: Path) -> None:
    printed = run("schema")
    assert printed.status == 0
    assert printed.out == schema_text()
    target = tmp_path / "report.schema.json"
    written = run("schema", "--out", str(target))
    assert (written.status, written.out) == (0, "")
    assert target.read_bytes() == schema_text().encode("utf-8")
    checked = run("schema", "--check", "--out", str(target))
    assert checked.status == 0
    assert checked.out == f"{target}: up to date\n"


def test_schema_check_drifted_copy(tmp_path: Path) -> None:
    target = tmp_path / "report.schema.json"
    target.write_text(schema_text().replace("金额单位", "单位", 1), encoding="utf-8")
    result = run("schema", "--check", "--out", str(target))
    assert result.status == 1
    assert result.out == ""
    first = result.err.splitlines()[0]
    assert first == (
        f"perfeval: {target}: differs from the schema perfeval generates;"
        f" regenerate it with: perfeval schema --out {target}"
    )
    assert "\n-" in result.err
    assert "\n+" in result.err


def test_schema_check_assumes_no_file(tmp_path: Path) -> None:
    # Not even a checkout's schemas/report.schema.json: the file to compare is given.
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "report.schema.json").write_text(schema_text(), encoding="utf-8")
    result = run("schema", "--check", cwd=tmp_path)
    assert (result.status, result.out) == (2, "")
    assert "--check compares a file: give it with --out PATH" in result.err
    missing = run("schema", "--check", "--out", "nowhere.json", cwd=tmp_path)
    assert missing.status == 1
    assert missing.err == (
        "perfeval: nowhere.json: cannot read the file: No such file or directory\n"
    )


def test_examples_listing() -> None:
    result = run("examples")
    assert result.status == 0
    assert result.out.splitlines() == list(examples.names())
    long = run("examples", "--long").out.splitlines()
    assert long[0].split(maxsplit=2) == [KAIFU, "2020", "2020年度重点项目绩效评价结果"]
    data = json.loads(run("examples", "--format", "json").out)["examples"]
    assert [entry["name"] for entry in data] == list(examples.names())
    assert data[0] == {
        "name": KAIFU,
        "title": "2020年度重点项目绩效评价结果",
        "kind": "key_project_results",
        "fiscal_year": 2020,
        "unit": examples.load(KAIFU).unit.name,
        "projects": 2,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("nonsense",), "invalid choice: 'nonsense'"),
        (("validate",), "give at least one FILE (- for standard input) or --example NAME"),
        (("check",), "give at least one FILE (- for standard input) or --example NAME"),
        (("summary",), "give at least one FILE (- for standard input) or --example NAME"),
        (("score",), "give at least one FILE"),
        (("upgrade",), "give at least one FILE"),
        (("summary", "--example", "kaifu"), "no example named 'kaifu'; the examples are: "),
        (("validate", "--example", "kaifu"), "no example named 'kaifu'"),
        (("validate", "a.json", "--bogus"), "unrecognized arguments: --bogus"),
        (("summary", "--format", "xml", "a.json"), "invalid choice: 'xml'"),
        (("check", "--lang", "fr", "a.json"), "invalid choice: 'fr'"),
        (("examples", "extra"), "unrecognized arguments: extra"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.status == 2
    assert result.out == ""
    assert "usage: perfeval" in result.err
    assert message in result.err


def test_no_colour_when_not_a_terminal_or_no_color_set() -> None:
    for env in ({}, {"NO_COLOR": "1"}):
        for args in (("summary", "--example", KAIFU), ("check", "--example", "tangxi-2022")):
            result = run(*args, env=env)
            assert ESCAPE not in result.out
            assert ESCAPE not in result.err


def run_on_terminal(*args: str, env: Mapping[str, str] | None = None) -> str:
    """Run ``perfeval ARGS`` with standard output on a pseudo-terminal; return what it shows."""
    import pty  # noqa: PLC0415 - POSIX only

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "perfeval", *args],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            env=environment(env),
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, err = proc.communicate(timeout=120)
    finally:
        os.close(controller)
    assert b"Traceback" not in err
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty semantics of Linux")
def test_colour_on_a_terminal_unless_no_color() -> None:
    shown = run_on_terminal("summary", "--example", KAIFU)
    assert f"{ESCAPE}1m2020年度重点项目绩效评价结果{ESCAPE}0m" in shown
    assert f"{ESCAPE}1m" in run_on_terminal("summary", "--example", KAIFU, env={"NO_COLOR": ""})
    assert ESCAPE not in run_on_terminal("summary", "--example", KAIFU, env={"NO_COLOR": "1"})
    checked = run_on_terminal("check", "--example", "tangxi-2022")
    assert f"{ESCAPE}31merror{ESCAPE}0m" in checked


def test_a_closed_pipe_is_not_a_traceback() -> None:
    # The reader is gone before perfeval starts. (Closing it after the start would race:
    # the schema fits in a pipe's buffer, so a quick child could write it all and succeed.)
    reader, writer = os.pipe()
    os.close(reader)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "perfeval", "schema"],
            stdout=writer,
            stderr=subprocess.PIPE,
            env=environment(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(writer)
    assert completed.returncode == 1
    assert completed.stderr == b""


# -- in-process: the same commands through main(), where coverage is measured ---------------


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour or language settings inherited from the machine running the tests."""
    for name in ("FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def outputs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_main_validate(
    capsys: pytest.CaptureFixture[str], kaifu_file: Path, invalid_file: Path
) -> None:
    status, out, err = outputs(capsys, "validate", str(kaifu_file), str(invalid_file))
    assert status == 1
    assert out == f"{kaifu_file}: valid\n"
    assert f"perfeval: {invalid_file}: /title: is required" in err
    status, out, _ = outputs(capsys, "validate", "--schema", "--format", "json", str(kaifu_file))
    assert status == 0
    data = json.loads(out)
    assert (data["file"], data["valid"], data["errors"]) == (str(kaifu_file), True, [])


def test_main_validate_schema_reports_only_new_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(examples.text(KAIFU))
    data["projects"][1]["id"] = data["projects"][0]["id"]  # the schema cannot say "unique"
    data["fiscal_year"] = 1900
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, _ = outputs(capsys, "validate", "--schema", "--format", "json", str(path))
    assert status == 1
    paths = [error["path"] for error in json.loads(out)["errors"]]
    assert paths.count("/fiscal_year") == 1


def test_main_validate_schema_skips_what_is_not_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[" * 100_000, encoding="utf-8")
    missing = tmp_path / "missing.json"
    status, out, _ = outputs(
        capsys, "validate", "--schema", "--format", "json", str(broken), str(missing)
    )
    assert status == 1
    broken_entry, missing_entry = map(json.loads, out.splitlines())
    assert len(broken_entry["errors"]) == 1
    assert len(missing_entry["errors"]) == 1
    broken.write_text("{", encoding="utf-8")
    status, out, _ = outputs(capsys, "validate", "--schema", "--format", "json", str(broken))
    assert len(json.loads(out)["errors"]) == 1


def test_main_validate_schema_deeply_nested_extensions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kaifu_file: Path
) -> None:
    import perfeval.schema  # noqa: PLC0415

    def deep(data: Any) -> None:
        raise RecursionError

    monkeypatch.setattr(perfeval.schema, "validate", deep)
    status, out, _ = outputs(capsys, "validate", "--schema", str(kaifu_file))
    assert (status, out) == (0, f"{kaifu_file}: valid\n")


def test_main_validate_schema_missing_from_installation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kaifu_file: Path
) -> None:
    import perfeval.schema  # noqa: PLC0415

    def broken(data: Any) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(perfeval.schema, "validate", broken)
    status, out, err = outputs(capsys, "validate", "--schema", str(kaifu_file))
    assert status == 1
    assert out == ""
    assert err == (
        "perfeval: cannot read the published JSON Schema: [Errno 2] No such file or directory\n"
    )


def test_main_reads_stdin_bytes_text_or_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = examples.text(KAIFU)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert outputs(capsys, "validate", "-") == (0, "<stdin>: valid\n", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))  # no binary buffer underneath
    assert outputs(capsys, "validate", "-") == (0, "<stdin>: valid\n", "")
    monkeypatch.setattr(sys, "stdin", None)  # pythonw: no standard input at all
    assert outputs(capsys, "validate", "-") == (
        1,
        "",
        "perfeval: <stdin>: cannot read the file: there is no standard input\n",
    )


def test_main_check(capsys: pytest.CaptureFixture[str], no_color: None) -> None:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in check(examples.load(KAIFU)):
        counts[finding.severity.value] += 1
    status, out, _ = outputs(capsys, "check", "--example", KAIFU, "--example", "tangxi-2022")
    assert status == 1  # tangxi-2022 has error findings
    assert (
        f"<example:{KAIFU}>: {counts['error']} errors, {counts['warning']} warnings,"
        f" {counts['info']} info"
    ) in out.splitlines()
    status, out, _ = outputs(capsys, "check", "--format", "json", "--example", KAIFU)
    assert status == (1 if counts["error"] else 0)
    assert json.loads(out)["counts"] == counts


def test_main_check_invalid(capsys: pytest.CaptureFixture[str], invalid_file: Path) -> None:
    status, out, err = outputs(capsys, "check", "--format", "json", str(invalid_file))
    assert status == 1
    entry = json.loads(out)
    assert entry["valid"] is False
    assert entry["findings"] == []
    assert entry["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert len(entry["errors"]) == 3
    assert err == "", "JSON mode writes JSON only"
    status, _, err = outputs(capsys, "check", str(invalid_file))
    assert status == 1
    assert err.count(f"perfeval: {invalid_file}: ") == 3


def test_main_check_in_colour(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, no_color: None
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["check", "--example", "tangxi-2022", "--example", KAIFU]) == 1
    shown = terminal.getvalue()
    assert f"{ESCAPE}31merror{ESCAPE}0m [" in shown
    assert f"{ESCAPE}33mwarning{ESCAPE}0m [" in shown
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    cli.main(["check", "--example", "tangxi-2022"])
    assert ESCAPE not in terminal.getvalue()


def test_main_score(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = outputs(capsys, "score", "--example", "tangxi-2022")
    assert status == 0
    assert out.startswith("委托业务项目 (entrusted-business), policy national\n")
    status, out, _ = outputs(capsys, "score", "--example", KAIFU, "--format", "json")
    data = json.loads(out)
    assert data["policy"] == "national"
    assert [card["id"] for card in data["projects"]] == ["public-service", "social-management"]
    status, out, _ = outputs(capsys, "score", "--example", KAIFU, "--project", "social-management")
    assert status == 0
    assert out.startswith("社会管理 (social-management), policy national\n")
    status, out, _ = outputs(capsys, "score", "--example", KAIFU)
    assert out.startswith("公共服务 (public-service), policy national\n")
    assert "\n\n社会管理 (social-management), policy national\n" in out


def test_main_score_invalid_and_empty(
    capsys: pytest.CaptureFixture[str], invalid_file: Path, tmp_path: Path
) -> None:
    status, out, err = outputs(capsys, "score", str(invalid_file))
    assert (status, out) == (1, "")
    assert "/title: is required" in err
    data = json.loads(examples.text(KAIFU))
    data["kind"] = "department_overall"
    data["projects"] = []
    path = tmp_path / "department.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert outputs(capsys, "score", str(path)) == (0, f"{path}: no projects to score\n", "")
    status, out, _ = outputs(capsys, "score", str(path), "--project", "p1")
    assert status == 1
    status, out, err = outputs(capsys, "score", str(path), "--project", "p1")
    assert err == f"perfeval: {path}: no project with id 'p1'; the ids are: none\n"


def test_main_summary_in_colour(monkeypatch: pytest.MonkeyPatch, no_color: None) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["summary", "--example", KAIFU]) == 0
    lines = terminal.getvalue().splitlines()
    assert lines[0].startswith(f"{ESCAPE}1m2020年度重点项目绩效评价结果{ESCAPE}0m  ")
    assert lines[2].startswith(f"{ESCAPE}1m项目名称")
    assert lines[-1] == "合计                  654.45   1022.17  156.19%"


def write_report(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "report.json"
    path.write_text(dumps(loads(json.dumps(data, ensure_ascii=False))), encoding="utf-8")
    return path


def money(amount: str, unit: str = "wan_yuan", **extra: str) -> dict[str, str]:
    return {"amount": amount, "unit": unit, **extra}


def base_report(projects: list[dict[str, Any]], **members: Any) -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "title": "测试报告",
        "kind": "key_project_results",
        "fiscal_year": 2021,
        "unit": {"name": "测试单位"},
        "projects": projects,
        **members,
    }


def test_main_summary_sums_lines_and_converts_units(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # No printed totals: project rows sum their lines, 合计 sums the rows. Most amounts
    # are in 元, so the table is in 元; the 万元 amount is converted exactly.
    lines = [
        {"source": "fiscal", "budget": money("1000", "yuan"), "expenditure": money("500", "yuan")},
        {
            "source": "other",
            "budget": money("0.1", "wan_yuan"),
            "expenditure": money("250", "yuan"),
        },
    ]
    path = write_report(
        tmp_path,
        base_report(
            [
                {"id": "a", "name": "甲", "budget_lines": lines},
                {"id": "b", "name": "乙", "project_type": "one_off"},
                {
                    "id": "c",
                    "name": "丙",
                    "budget_lines": [{"source": "fiscal", "budget": money("300", "yuan")}],
                },
            ]
        ),
    )
    status, out, _ = outputs(capsys, "summary", "--format", "json", str(path))
    assert status == 0
    data = json.loads(out)
    assert data["money_unit"] == "yuan"
    assert [(p["budget"], p["expenditure"], p["rate"]) for p in data["projects"]] == [
        ("2000", "750", "37.50"),
        (None, None, None),
        ("300", None, None),
    ]
    assert data["projects"][1]["project_type_label"] == "一次性"
    assert data["projects"][0]["project_type"] is None
    assert data["total"] == {"budget": None, "expenditure": None, "rate": None}
    status, out, _ = outputs(capsys, "summary", str(path))
    table = out.splitlines()[2:]
    assert table[1].split() == ["甲", "2000", "750", "37.50%"]
    assert table[2].split() == ["乙", "一次性", "-", "-", "-"]
    assert table[4].split() == ["合计", "-", "-", "-"]


def test_main_summary_totals_zero_currency_and_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    usd = [{"source": "fiscal", "budget": money("1", "yuan", currency="USD")}]
    cny = [{"source": "fiscal", "budget": money("1", "yuan"), "expenditure": money("1", "yuan")}]
    path = write_report(
        tmp_path,
        base_report(
            [
                {"id": "usd", "name": "美元", "budget_lines": [*usd, *cny]},
                {"id": "cny", "name": "人民币", "budget_lines": cny},
            ],
            totals={"budget": money("0"), "expenditure": money("0.02")},
        ),
    )
    status, out, _ = outputs(capsys, "summary", "--format", "json", str(path))
    data = json.loads(out)
    assert data["money_unit"] == "yuan"
    assert data["projects"][0]["budget"] is None  # 1 USD + 1 CNY has no sum
    assert data["projects"][1]["rate"] == "100.00"
    assert data["total"] == {"budget": "0", "expenditure": "200", "rate": None}
    path = write_report(
        tmp_path, base_report([], kind="department_overall", totals={"budget": money("5")})
    )
    status, out, _ = outputs(capsys, "summary", str(path))
    assert status == 0
    assert out.splitlines()[2:] == [
        "项目名称  项目类型  预算金额  支出金额  执行率",
        "合计" + " " * 23 + "5" + " " * 9 + "-" + " " * 7 + "-",
    ]
    path = write_report(tmp_path, base_report([], kind="department_overall"))
    status, out, _ = outputs(capsys, "summary", "--format", "json", str(path))
    assert json.loads(out)["money_unit"] == "wan_yuan"


def test_main_summary_invalid(capsys: pytest.CaptureFixture[str], invalid_file: Path) -> None:
    status, out, err = outputs(capsys, "summary", str(invalid_file))
    assert (status, out) == (1, "")
    assert err.count("perfeval: ") == 3


def test_main_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = outputs(capsys, "schema")
    assert (status, out) == (0, schema_text())
    target = tmp_path / "out.json"
    assert outputs(capsys, "schema", "--out", str(target)) == (0, "", "")
    assert outputs(capsys, "schema", "--check", "--out", str(target)) == (
        0,
        f"{target}: up to date\n",
        "",
    )
    target.write_text("{}\n", encoding="utf-8")  # drifted far: the diff is cut short
    status, out, err = outputs(capsys, "schema", "--check", "--out", str(target))
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert lines[1:3] == [f"--- {target}", "+++ generated"]
    assert re.fullmatch(r"\.\.\. \(\d+ more lines\)", lines[-1])
    assert len(lines) == 1 + 40 + 1
    unwritable = tmp_path / "no" / "such" / "dir.json"
    status, out, err = outputs(capsys, "schema", "--out", str(unwritable))
    assert (status, out) == (1, "")
    assert err == f"perfeval: {unwritable}: cannot write the file: No such file or directory\n"


def test_main_schema_small_drift(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text(schema_text().replace('"title"', '"titel"', 1), encoding="utf-8")
    status, _, err = outputs(capsys, "schema", "--check", "--out", str(target))
    assert status == 1
    assert "more lines" not in err


def test_main_schema_without_final_newline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import perfeval.schema  # noqa: PLC0415

    monkeypatch.setattr(perfeval.schema, "schema_text", lambda: "{}")
    assert outputs(capsys, "schema") == (0, "{}\n", "")


def test_main_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert outputs(capsys, "examples") == (0, "".join(f"{n}\n" for n in examples.names()), "")
    _, out, _ = outputs(capsys, "examples", "-l")
    assert out.splitlines()[1].startswith("qingshen-2023  2023  ")
    _, out, _ = outputs(capsys, "examples", "--format", "json")
    assert [entry["projects"] for entry in json.loads(out)["examples"]] == [
        len(examples.load(name).projects) for name in examples.names()
    ]


def test_main_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = outputs(capsys, "summary", "--example", "nowhere")
    assert status == 2
    assert "argument --example: no example named 'nowhere'" in err
    status, out, err = outputs(capsys, "validate", "a.json", "--example", KAIFU, "--nope")
    assert status == 2
    assert "perfeval validate: error: unrecognized arguments: --nope" in err
    status, out, err = outputs(capsys, "schema", "stray")
    assert status == 2
    assert "perfeval schema: error: unrecognized arguments: stray" in err
    assert outputs(capsys, "--help")[0] == 0
    status, out, _ = outputs(capsys, "--version")
    assert (status, out) == (0, f"perfeval {perfeval.__version__} (schema 1.1)\n")


@pytest.mark.parametrize(
    ("raised", "status"),
    [
        (KeyboardInterrupt(), 130),
        (BrokenPipeError(), 1),
        (SystemExit(None), 0),
        (SystemExit("a message"), 1),
    ],
)
def test_main_stops_quietly(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    raised: BaseException,
    status: int,
) -> None:
    def handler(_: object) -> int:
        raise raised

    monkeypatch.setattr(cli, "_cmd_examples", handler)
    assert cli.main(["examples"]) == status


def test_main_writes_utf8_to_a_legacy_code_page_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    legacy = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", legacy)
    assert cli.main(["summary", "--example", KAIFU]) == 0
    legacy.flush()
    assert "合计" in raw.getvalue().decode("utf-8")


def test_streams_that_cannot_tell_if_they_are_terminals() -> None:
    closed = io.StringIO()
    closed.close()
    assert cli._isatty(closed) is False


def test_display_width() -> None:
    assert cli.display_width("合计") == 4
    assert cli.display_width("e\u0301") == 1  # a combining accent takes no column
    assert cli.display_width("ＡＢ") == 4


def test_console_script_entry_point_is_main() -> None:
    from importlib import metadata  # noqa: PLC0415

    (script,) = metadata.entry_points(group="console_scripts", name="perfeval")
    assert script.value == "perfeval.cli:main"
    assert script.load() is cli.main


def test_decimal_text_is_plain() -> None:
    # Amounts converted to a finer unit are written without an exponent.
    row = _summary.Row("x", None, None, "", perfeval.Money("1", perfeval.MoneyUnit.YI_YUAN), None)
    assert _summary.amount_text(row.budget, perfeval.MoneyUnit.YUAN) == "100000000"
    assert Decimal(_summary.amount_text(row.budget, perfeval.MoneyUnit.YUAN) or "0") == 10**8


def test_main_validate_in_colour(
    monkeypatch: pytest.MonkeyPatch, no_color: None, kaifu_file: Path
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["validate", str(kaifu_file)]) == 0
    assert terminal.getvalue() == f"{kaifu_file}: {ESCAPE}32mvalid{ESCAPE}0m\n"


def test_severity_colours() -> None:
    style = cli._Style(enabled=True)
    assert style.severity("error") == f"{ESCAPE}31merror{ESCAPE}0m"
    assert style.severity("warning") == f"{ESCAPE}33mwarning{ESCAPE}0m"
    assert style.severity("info") == f"{ESCAPE}36minfo{ESCAPE}0m"
    assert cli._Style(enabled=False).severity("info") == "info"
    assert style.bold("") == ""


def test_main_inputs_in_any_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kaifu_file: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(kaifu_file.read_bytes())))
    status, out, _ = outputs(capsys, "validate", str(kaifu_file), "--example", KAIFU, "-")
    assert status == 0
    # Files in the order given, then the examples.
    assert out.splitlines() == [
        f"{kaifu_file}: valid",
        "<stdin>: valid",
        f"<example:{KAIFU}>: valid",
    ]


def test_main_input_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = outputs(capsys, "check")
    assert status == 2
    assert "give at least one FILE (- for standard input) or --example NAME" in err
    status, _, err = outputs(capsys, "score")
    assert status == 2
    assert "give at least one FILE (- for standard input) or --example NAME" in err
    status, _, err = outputs(capsys, "score", "--example", KAIFU, "--policy", "sichuan ")
    assert status == 2
    assert (
        "no scoring policy named 'sichuan '; the policies are: henan-third-party, hubei,"
        " national, ningxia, sichuan (or give the path of a policy file)"
    ) in err


def test_main_score_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = outputs(capsys, "score", "--example", "qingshen-2023", "--policy", "sichuan")
    assert status == 0
    assert out.startswith("工资性支出 (51000021R000000019951), policy sichuan\n")


def test_main_schema_check_needs_the_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = outputs(capsys, "schema", "--policy", "--check")
    assert (status, out) == (2, "")
    assert "perfeval schema: error: --check compares a file: give it with --out PATH" in err


def test_score_follows_the_printed_layout_unless_a_policy_is_given() -> None:
    corpus = Path(__file__).parent / "corpus"
    hubei = corpus / "unverified-hubei-form-2020-changjiang-jinbu.json"
    result = run("score", str(hubei), "--format", "json")
    assert result.status == 0, result.err
    (card,) = json.loads(result.out)["projects"]
    # 执行 20 × 100 % + 年度绩效目标 80 (every row met) = 100, as printed.
    assert (card["layout"], card["whole"], card["total"]) == ("score_groups", True, "100.00")
    henan = corpus / "henan-shengji-2024-third-party-score.json"
    (card,) = json.loads(run("score", str(henan), "--format", "json").out)["projects"]
    assert (card["total"], card["taken_as_printed"]) == ("65.00", 28)
    given = run("score", str(hubei), "--policy", "national", "--format", "json")
    (card,) = json.loads(given.out)["projects"]
    assert (card["layout"], card["whole"]) == ("policy", True)
