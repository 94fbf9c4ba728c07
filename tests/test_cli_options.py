"""The command's options for programs and CI: JSON only, JSON Lines, ``-o``, ``--fail-on``,
``--select``/``--ignore``, baselines, ``--color`` and ``--lang``; and its output schema.

Run in-process through :func:`perfeval.cli.main`; the JSON written is validated against
the published output schema (``perfeval schema --cli``) with jsonschema.
"""

from __future__ import annotations

import collections
import io
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import perfeval
from perfeval import cli, examples
from perfeval._cli_output import envelope
from perfeval.checks import RULES, check
from perfeval.model import SCHEMA_VERSION

KAIFU = "kaifu-2020"
TANGXI = "tangxi-2022"
ESCAPE = "\x1b["
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour or language settings inherited from the machine running the tests."""
    for name in ("NO_COLOR", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def outputs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


VALIDATOR = jsonschema.Draft202012Validator(
    cli.output_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def conforming(data: Any) -> Any:
    """*data*, after checking it against the published output schema."""
    errors = sorted(VALIDATOR.iter_errors(data), key=str)
    assert not errors, [error.message for error in errors]
    return data


def json_lines(text: str) -> list[dict[str, Any]]:
    lines = text.splitlines()
    assert lines, "JSON Lines output has a line per input"
    return [conforming(json.loads(line)) for line in lines]


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    data = json.loads(examples.text(KAIFU))
    del data["title"]
    data["fiscal_year"] = "2020"
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- the output schema ------------------------------------------------------------------------


def test_the_published_output_schema_is_the_generated_one() -> None:
    published = ROOT / "schemas" / "cli-output.schema.json"
    assert (
        published.read_text("utf-8")
        == json.dumps(cli.output_schema(), ensure_ascii=False, indent=2) + "\n"
    ), "regenerate it with: python -m perfeval.schema --write"
    jsonschema.Draft202012Validator.check_schema(cli.output_schema())


def test_the_output_schema_is_served_beside_the_report_schemas() -> None:
    from perfeval.schema import SCHEMA_SITE  # noqa: PLC0415

    assert f"{SCHEMA_SITE}schema/cli/1.0/output.schema.json" == cli.OUTPUT_SCHEMA_ID


def test_schema_cli_prints_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = outputs(capsys, "schema", "--cli")
    assert status == 0
    assert json.loads(out) == cli.output_schema()
    target = tmp_path / "out.json"
    assert outputs(capsys, "schema", "--cli", "--out", str(target))[0] == 0
    assert outputs(capsys, "schema", "--cli", "--check", "--out", str(target))[:2] == (
        0,
        f"{target}: up to date\n",
    )


def test_every_object_names_its_schema_and_versions(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("validate", "check", "score", "summary"):
        status, out, err = outputs(capsys, command, "--format", "json", "--example", KAIFU)
        data = conforming(json.loads(out))
        assert (status, err) == (0, "")
        assert data["$schema"] == cli.OUTPUT_SCHEMA_ID
        assert data["perfeval_version"] == perfeval.__version__
        assert data["perfeval_schema_version"] == SCHEMA_VERSION == "1.1"
        assert data["command"] == command
        assert data["file"] == f"<example:{KAIFU}>"
    status, out, _ = outputs(capsys, "examples", "--format", "json")
    data = conforming(json.loads(out))
    assert [entry["name"] for entry in data["examples"]] == list(examples.names())


def test_the_schema_rejects_what_is_not_output() -> None:
    data = json.loads(json.dumps(envelope("validate", file="a", valid=True)))
    data["errors"] = []
    conforming(data)
    for broken in (
        {**data, "extra": 1},
        {**data, "command": "nonsense"},
        {**data, "errors": [{"path": "", "message": "m", "value": None}]},
        {
            **data,
            "errors": [
                {"path": "", "kind": "nonsense", "message": "m", "message_zh": "m", "value": None}
            ],
        },
    ):
        assert list(VALIDATOR.iter_errors(broken)), broken


# -- JSON only, JSON Lines ----------------------------------------------------------------------


def test_json_mode_writes_json_only(
    capsys: pytest.CaptureFixture[str], invalid_file: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.json"
    for command in ("validate", "check", "score", "summary", "upgrade"):
        status, out, err = outputs(capsys, command, "--format", "json", str(invalid_file))
        assert (status, err) == (1, ""), command
        data = conforming(json.loads(out))
        assert data["valid"] is False
        assert {e["path"] for e in data["errors"]} == {"/title", "/fiscal_year"}
        kinds = {e["path"]: e["kind"] for e in data["errors"]}
        assert kinds == {"/title": "required", "/fiscal_year": "type"}
        status, out, err = outputs(capsys, command, "--format", "json", str(missing))
        assert (status, err) == (1, "")
        (error,) = conforming(json.loads(out))["errors"]
        assert error["kind"] == "file"
        assert error["message"] == "cannot read the file: No such file or directory"
        assert error["message_zh"] == "无法读取文件：文件不存在"


def test_several_inputs_give_json_lines_in_input_order(
    capsys: pytest.CaptureFixture[str], invalid_file: Path
) -> None:
    status, out, err = outputs(
        capsys,
        "check",
        "--format",
        "json",
        str(invalid_file),
        "--example",
        TANGXI,
        "--example",
        KAIFU,
    )
    assert (status, err) == (1, "")
    lines = json_lines(out)
    assert [line["file"] for line in lines] == [
        str(invalid_file),
        f"<example:{TANGXI}>",
        f"<example:{KAIFU}>",
    ]
    assert all("\n" not in json.dumps(line, ensure_ascii=False) for line in lines)
    expected = check(examples.load(KAIFU))
    assert [f["code"] for f in lines[2]["findings"]] == [f.code for f in expected]


def test_jsonl_is_json_lines_even_for_one_input(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = outputs(capsys, "summary", "--format", "jsonl", "--example", KAIFU)
    assert status == 0
    assert out.count("\n") == 1
    (line,) = json_lines(out)
    assert line["total"] == {"budget": "654.45", "expenditure": "1022.17", "rate": "156.19"}


# -- -o: a file, or a directory of files -------------------------------------------------------


def test_out_names_a_file_for_one_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "summary.json"
    status, out, err = outputs(
        capsys, "summary", "--format", "json", "-o", str(target), "--example", KAIFU
    )
    assert (status, out, err) == (0, "", "")
    assert conforming(json.loads(target.read_text("utf-8")))["fiscal_year"] == 2020


def test_out_names_a_directory_for_several(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = tmp_path / "a" / "report.json"
    second = tmp_path / "b" / "report.json"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(examples.text(KAIFU), encoding="utf-8")
    out_dir = tmp_path / "out"
    status, out, err = outputs(
        capsys, "check", "-o", str(out_dir), str(first), str(second), "--example", TANGXI
    )
    assert (status, out) == (1, "")  # tangxi-2022 has an error finding
    # Only the closing summary: kaifu-2020 twice (4 warnings each), tangxi-2022.
    tangxi = collections.Counter(f.severity.value for f in check(examples.load(TANGXI)))
    assert err == (
        f"perfeval: 3 files: 3 valid, 0 invalid; findings: {tangxi['error']} errors,"
        f" {8 + tangxi['warning']} warnings, {tangxi['info']} info\n"
    )
    names = sorted(path.name for path in out_dir.iterdir())
    assert names == ["report.check-2.txt", "report.check.txt", f"{TANGXI}.check.txt"]
    text = (out_dir / "report.check-2.txt").read_text("utf-8")
    assert text.startswith(f"{second}: ")
    assert ESCAPE not in text
    status, _, _ = outputs(capsys, "summary", "--format", "json", "-o", str(out_dir), str(first))
    assert status == 0, "an existing directory takes one file per input, even for one"
    assert json.loads((out_dir / "report.summary.json").read_text("utf-8"))["file"] == str(first)


def test_out_that_cannot_be_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = outputs(
        capsys, "summary", "-o", str(blocker / "x"), "--example", KAIFU, "--example", TANGXI
    )
    assert status == 1
    assert err.startswith(f"perfeval: {blocker / 'x'}: cannot make the directory: ")
    status, _, err = outputs(capsys, "summary", "-o", str(blocker / "x.txt"), "--example", KAIFU)
    assert status == 1
    assert err.startswith(f"perfeval: {blocker / 'x.txt'}: cannot write the file: ")


# -- check for CI: --fail-on, --select/--ignore, baselines ---------------------------------------


def test_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    # kaifu-2020 has four warnings and no error (test_check_chinese_messages' facts).
    severities = {f.severity.value for f in check(examples.load(KAIFU))}
    assert severities == {"warning"}
    expected = {"error": 0, "warning": 1, "info": 1, "none": 0}
    for level, status in expected.items():
        assert outputs(capsys, "check", "--fail-on", level, "--example", KAIFU)[0] == status
    # tangxi-2022 has an error finding: only none lets it pass.
    assert outputs(capsys, "check", "--fail-on", "none", "--example", TANGXI)[0] == 0
    assert outputs(capsys, "check", "--example", TANGXI)[0] == 1


def test_select_and_ignore_by_code_and_area(capsys: pytest.CaptureFixture[str]) -> None:
    def codes(*args: str) -> list[str]:
        _, out, err = outputs(capsys, "check", "--format", "json", *args, "--example", KAIFU)
        assert err == "", err
        return [finding["code"] for finding in conforming(json.loads(out))["findings"]]

    every = [f.code for f in check(examples.load(KAIFU))]
    assert every == [
        "execution-overspend",
        "actual-above-100-percent",
        "execution-low",
        "execution-overspend",
    ]
    assert codes("--select", "execution") == [c for c in every if c.startswith("execution-")]
    assert codes("--select", "execution-low,actual-above-100-percent") == [
        "actual-above-100-percent",
        "execution-low",
    ]
    assert codes("--ignore", "execution-overspend", "--ignore", "actual") == ["execution-low"]
    assert codes("--select", "execution", "--ignore", "execution-low") == [
        "execution-overspend",
        "execution-overspend",
    ]


def test_an_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "execution-low" in RULES
    status, out, err = outputs(capsys, "check", "--select", "execution-lo", "--example", KAIFU)
    assert (status, out) == (2, "")
    assert "no rule or area 'execution-lo'; did you mean execution-low" in err
    status, _, err = outputs(capsys, "check", "--ignore", ",", "--example", KAIFU)
    assert status == 2
    assert "give one rule code or more" in err


def test_a_baseline_accepts_what_was_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    status, _, _ = outputs(
        capsys, "check", "--write-baseline", str(baseline), "--example", TANGXI, "--example", KAIFU
    )
    assert status == 1  # writing a baseline does not hide this run's findings
    written = json.loads(baseline.read_text("utf-8"))
    assert written["format"] == "perfeval-baseline"
    expected = [
        (f"<example:{name}>", f.code, f.path)
        for name in (TANGXI, KAIFU)
        for f in check(examples.load(name))
    ]
    assert [(e["file"], e["code"], e["path"]) for e in written["findings"]] == expected
    status, out, err = outputs(
        capsys,
        "check",
        "--format",
        "json",
        "--baseline",
        str(baseline),
        "--fail-on",
        "info",
        "--example",
        TANGXI,
        "--example",
        KAIFU,
    )
    assert (status, err) == (0, "")
    for line in json_lines(out):
        assert line["findings"] == []
        assert line["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert [line["baselined"] for line in json_lines(out)] == [
        len(check(examples.load(name))) for name in (TANGXI, KAIFU)
    ]
    # One entry accepts one finding: kaifu-2020 has execution-overspend twice, at two paths.
    entries = [e for e in written["findings"] if e["file"] == f"<example:{KAIFU}>"]
    baseline.write_text(
        json.dumps({"format": "perfeval-baseline", "findings": entries[:1]}), encoding="utf-8"
    )
    status, out, _ = outputs(capsys, "check", "--baseline", str(baseline), "--example", KAIFU)
    assert status == 0
    assert (
        out.splitlines()[-1] == f"<example:{KAIFU}>: 0 errors, 3 warnings, 0 info;"
        " 1 accepted by the baseline"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", 'an object with "format": "perfeval-baseline" is expected'),
        ('{"format": "perfeval-baseline"}', '"findings" must be an array'),
        ('{"format": "perfeval-baseline", "findings": [{"file": 1}]}', "/findings/0 must be"),
        ("{", "is not valid JSON"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8")
    status, out, err = outputs(capsys, "check", "--baseline", str(baseline), "--example", KAIFU)
    assert (status, out) == (2, "")
    assert f"{baseline} is not a baseline file: " in err
    assert message in err
    status, _, err = outputs(
        capsys, "check", "--baseline", str(tmp_path / "none.json"), "--example", KAIFU
    )
    assert status == 2
    assert "cannot read the baseline file" in err


# -- colour and language -------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "env", "terminal", "coloured"),
    [
        ("auto", {}, False, False),
        ("auto", {}, True, True),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour(
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    env: dict[str, str],
    terminal: bool,
    coloured: bool,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    assert cli.main(["check", "--color", choice, "--example", TANGXI]) == 1
    assert (ESCAPE in stream.getvalue()) is coloured


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN"}, "zh"),
    ],
)
def test_lang_auto_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    lang: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _, out, _ = outputs(capsys, "validate", "--example", KAIFU)
    assert out == f"<example:{KAIFU}>: {'有效' if lang == 'zh' else 'valid'}\n"


def test_lang_zh_text_output(capsys: pytest.CaptureFixture[str], invalid_file: Path) -> None:
    status, _, err = outputs(capsys, "validate", "--lang", "zh", str(invalid_file))
    assert status == 1
    lines = err.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(f"perfeval: {invalid_file}: /")
        message = line.split(": ", 3)[-1]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), line
    _, out, _ = outputs(capsys, "check", "--lang", "zh", "--example", KAIFU)
    findings = check(examples.load(KAIFU))
    shown = out.splitlines()
    assert shown[0] == (
        f"<example:{KAIFU}>: {findings[0].path}: 警告 [{findings[0].code}] {findings[0].message_zh}"
    )
    assert shown[-1] == f"<example:{KAIFU}>: 错误 0 项，警告 4 项，提示 0 项"


# -- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", ["validate", "check", "score", "summary", "upgrade", "schema", "examples"]
)
def test_each_command_has_its_own_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = outputs(capsys, "help", command)
    assert status == 0
    assert out.startswith(f"usage: perfeval {command} ")
    assert f"  perfeval {command} " in out, "examples of the command's own use"
    assert "exit status: 0 all is well" in out
    takes_files = command not in ("schema", "examples")
    assert ("FILE may be - for standard input" in out) is takes_files
    assert outputs(capsys, command, "--help")[1] == out


def test_schema_check_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = outputs(capsys, "schema", "--check")
    assert (status, out) == (2, "")
    assert "--check compares a file: give it with --out PATH" in err


# -- many inputs for every command ---------------------------------------------------------------


def test_score_and_summary_take_many_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = outputs(capsys, "score", "--example", KAIFU, "--example", TANGXI)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"== <example:{KAIFU}> =="
    assert lines[1] == "公共服务 (public-service), policy national"
    assert f"== <example:{TANGXI}> ==" in lines
    assert lines[lines.index(f"== <example:{TANGXI}> ==") + 1] == (
        "委托业务项目 (entrusted-business), policy national"
    )
    status, out, _ = outputs(capsys, "summary", "--example", KAIFU, "--example", TANGXI)
    assert status == 0
    assert out.count("合计") == 2
    status, out, _ = outputs(
        capsys,
        "score",
        "--format",
        "json",
        "--project",
        "public-service",
        "--example",
        KAIFU,
        "--example",
        TANGXI,
    )
    assert status == 1, "tangxi-2022 has no project public-service"
    first, second = json_lines(out)
    assert [card["id"] for card in first["projects"]] == ["public-service"]
    assert (second["valid"], second["projects"]) == (True, [])


def test_upgrade_to_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = examples.text(KAIFU)
    assert '"schema_version": "1.0"' in old
    source = tmp_path / "kaifu.json"
    source.write_text(old, encoding="utf-8")
    target = tmp_path / "new.json"
    status, out, err = outputs(capsys, "upgrade", "-o", str(target), str(source))
    assert (status, err) == (0, "")
    assert out == f"{source}: upgraded schema 1.0 to 1.1 → {target}\n"
    assert source.read_text("utf-8") == old, "-o leaves the input alone"
    assert target.read_text("utf-8") == old.replace(
        '"schema_version": "1.0"', '"schema_version": "1.1"'
    )
    # Several: a directory; a document already of the newest version is copied as it is.
    out_dir = tmp_path / "out"
    status, out, err = outputs(
        capsys, "upgrade", "--format", "json", "-o", str(out_dir), str(target), str(source)
    )
    assert (status, err) == (0, "")
    first, second = json_lines(out)
    assert (first["document_schema_version"], first["upgraded"]) == ("1.1", False)
    assert (second["document_schema_version"], second["upgraded"]) == ("1.0", True)
    assert first["written"] == str(out_dir / "new.json")
    assert second["written"] == str(out_dir / "kaifu.json")
    assert (out_dir / "new.json").read_bytes() == target.read_bytes()
    assert (out_dir / "kaifu.json").read_bytes() == target.read_bytes()


def test_upgrade_json_of_stdin_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = outputs(capsys, "upgrade", "--format", "json", "--example", KAIFU)
    assert (status, out) == (2, "")
    assert "give -o OUT (or --check)" in err
    status, out, _ = outputs(capsys, "upgrade", "--check", "--format", "json", "--example", KAIFU)
    assert status == 1
    data = conforming(json.loads(out))
    assert (data["upgraded"], data["written"]) == (True, None)


# -- many documents: directories, patterns, worker processes, progress, summary -------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """reports/ with two documents at the top, one deeper, a broken one and a non-JSON file."""
    root = tmp_path / "reports"
    (root / "2022" / "deep").mkdir(parents=True)
    (root / "a.json").write_text(examples.text(KAIFU), encoding="utf-8")
    (root / "2022" / "b.json").write_text(examples.text(TANGXI), encoding="utf-8")
    (root / "2022" / "deep" / "c.json").write_text(examples.text(KAIFU), encoding="utf-8")
    (root / "2022" / "broken.json").write_text("{", encoding="utf-8")
    (root / "notes.txt").write_text("not a document", encoding="utf-8")
    return root


def test_a_directory_gives_its_json_files_sorted(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    status, out, err = outputs(capsys, "validate", str(tree))
    assert status == 1
    assert out.splitlines() == [
        f"{tree / '2022' / 'b.json'}: valid",
        f"{tree / '2022' / 'deep' / 'c.json'}: valid",
        f"{tree / 'a.json'}: valid",
    ]
    assert err.splitlines() == [
        (
            f"perfeval: {tree / '2022' / 'broken.json'}: is not valid JSON: Expecting property"
            " name enclosed in double quotes (line 1, column 2)"
        ),
        "perfeval: 4 files: 3 valid, 1 invalid",
    ]


def test_a_pattern_is_expanded_when_no_file_has_its_name(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    _, out, _ = outputs(capsys, "validate", str(tree / "**" / "[ac].json"))
    assert out.splitlines() == [
        f"{tree / '2022' / 'deep' / 'c.json'}: valid",
        f"{tree / 'a.json'}: valid",
    ]
    status, _, err = outputs(capsys, "validate", str(tree / "*.none"))
    assert status == 1, "a pattern that matches nothing is an input that cannot be read"
    assert "cannot read the file: No such file or directory" in err


def test_worker_processes_give_the_same_output_in_the_same_order(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    for command in ("check", "score", "summary", "validate"):
        for fmt in ("text", "json"):
            one = outputs(capsys, command, "--format", fmt, str(tree), "--example", TANGXI)
            two = outputs(
                capsys, command, "--format", fmt, "--jobs", "2", str(tree), "--example", TANGXI
            )
            assert two == one, (command, fmt)
    assert one[0] == 1, "the broken document fails the run, and the run goes on past it"


def test_standard_input_is_read_here_when_workers_read_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tree: Path
) -> None:
    text = examples.text(KAIFU)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    status, out, _ = outputs(capsys, "validate", "-j", "2", str(tree / "a.json"), "-")
    assert status == 0
    assert out.splitlines() == [f"{tree / 'a.json'}: valid", "<stdin>: valid"]


@pytest.mark.parametrize("value", ["-1", "two", "1.5", "99999"])
def test_jobs_must_be_a_count(capsys: pytest.CaptureFixture[str], value: str) -> None:
    status, out, err = outputs(capsys, "validate", "--jobs", value, "--example", KAIFU)
    assert (status, out) == (2, "")
    assert "argument -j/--jobs: expected a whole number such as 2" in err


def test_jobs_zero_means_one_per_cpu() -> None:
    from perfeval._batch import jobs_for  # noqa: PLC0415

    assert jobs_for(0) >= 1
    assert jobs_for(3) == 3


def test_closing_summary_in_chinese(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    _, _, err = outputs(capsys, "check", "--lang", "zh", str(tree))
    assert err.splitlines()[-1] == (
        "perfeval: 共 4 个文件：有效 3 个，无效 1 个；错误 4 项，警告 9 项，提示 0 项"
    )


def test_progress_line_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    from perfeval._batch import Progress  # noqa: PLC0415

    terminal = Terminal()
    progress = Progress(200, terminal, enabled=True)
    progress.done, progress.started = 49, 0.0
    progress.advance()  # 50 of 200 done
    assert terminal.getvalue().startswith("\r 50/200   25%  ")
    assert terminal.getvalue().endswith(" left\x1b[K")
    progress.clear()
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert progress.line(progress.started + 10) == " 50/200   25%  5.0 files/s  0:00:30 left"
    # On a terminal, the line is drawn and cleared before each problem line; piped, never.
    monkeypatch.setattr("sys.stderr", terminal)
    cli.main(["validate", str(tree)])
    shown = terminal.getvalue()
    assert "4/4  100%" in shown
    assert f"\r\x1b[Kperfeval: {tree / '2022' / 'broken.json'}: " in shown
    _, _, err = outputs(capsys, "validate", str(tree))
    assert "\r" not in err


def die(_: object) -> object:
    """Work that ends its worker process at once, as the out-of-memory killer would."""
    os._exit(3)


def test_a_worker_that_dies_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tree: Path
) -> None:
    from perfeval import _batch  # noqa: PLC0415

    with pytest.raises(_batch.WorkerError, match="a worker process ended before its work"):
        list(_batch.run(die, [1, 2, 3], jobs=2, local=lambda _: False))
    monkeypatch.setattr(cli, "_Validate", lambda *_: die)
    status, out, err = outputs(capsys, "validate", "--jobs", "2", str(tree))
    assert (status, out) == (1, "")
    assert err.startswith("perfeval: a worker process ended before its work was done")


# -- render ---------------------------------------------------------------------------------------


def test_render_writes_the_page_of_each_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from perfeval import render  # noqa: PLC0415

    status, out, err = outputs(capsys, "render", "--example", KAIFU)
    assert (status, err) == (0, "")
    assert out == render.html(examples.load(KAIFU))
    status, out, _ = outputs(capsys, "render", "--no-findings", "--no-scores", "--example", KAIFU)
    assert out == render.html(examples.load(KAIFU), (), scores=False)
    pages = tmp_path / "pages"
    status, out, _ = outputs(
        capsys, "render", "-o", str(pages), "--example", KAIFU, "--example", TANGXI
    )
    assert (status, out) == (0, "")
    assert sorted(path.name for path in pages.iterdir()) == [f"{KAIFU}.html", f"{TANGXI}.html"]
    status, _, err = outputs(capsys, "render", "--example", KAIFU, "--example", TANGXI)
    assert status == 2
    assert "several pages go to a directory: give -o DIR" in err
