"""Schema versions: documents keep theirs, and ``perfeval upgrade`` rewrites old ones.

A 1.0 document is read as 1.0, validated against the frozen 1.0 schema and written back
byte for byte; ``perfeval upgrade`` rewrites it as the newest version, changing nothing
but its ``schema_version`` (the canonical text of both versions is otherwise the same).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

import perfeval
from perfeval import cli, examples
from perfeval.codes import GroupScope, ReportKind
from perfeval.model import SCHEMA_VERSION, SCHEMA_VERSIONS, KeyProject, Report, ScoreGroup, Unit
from perfeval.schema import published_schema, validate

OLD = '"schema_version": "1.0"'
NEW = '"schema_version": "1.1"'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("name", examples.names())
def test_upgrade_changes_only_the_version(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = examples.text(name)
    path = tmp_path / f"{name}.json"
    path.write_text(original, encoding="utf-8")
    status, out, _ = run(capsys, "upgrade", str(path))
    assert status == 0
    assert out == f"{path}: upgraded schema 1.0 to 1.1\n"
    # The bundled examples are written with two-space indents and a final newline.
    assert path.read_text(encoding="utf-8") == original.replace(OLD, NEW, 1)
    validate(json.loads(path.read_text(encoding="utf-8")))


def test_upgrade_keeps_a_compact_document_compact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    compact = perfeval.dumps(examples.load("qingshen-2023"))
    path = tmp_path / "compact.json"
    path.write_text(compact, encoding="utf-8")
    assert run(capsys, "upgrade", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == compact.replace(
        '"schema_version":"1.0"', '"schema_version":"1.1"', 1
    )


def test_upgrade_leaves_the_newest_alone_and_check_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(examples.text("tangxi-2022"), encoding="utf-8")
    new.write_text(examples.text("tangxi-2022").replace(OLD, NEW, 1), encoding="utf-8")
    before = old.read_bytes(), new.read_bytes()
    status, out, _ = run(capsys, "upgrade", "--check", str(old), str(new))
    assert status == 1
    assert out.splitlines() == [
        f"{old}: schema 1.0; perfeval upgrade rewrites it as 1.1",
        f"{new}: already schema 1.1",
    ]
    assert (old.read_bytes(), new.read_bytes()) == before


def test_upgrade_refuses_an_invalid_document_and_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    bad = examples.text("tangxi-2022").replace('"fiscal_year": 2022', '"fiscal_year": "2022"')
    path.write_text(bad, encoding="utf-8")
    status, out, err = run(capsys, "upgrade", str(path))
    assert status == 1
    assert out == ""
    assert "/fiscal_year: must be a whole number" in err
    assert path.read_text(encoding="utf-8") == bad


def test_upgrade_reads_standard_input_and_writes_standard_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = examples.text("kaifu-2020")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    status, out, _ = run(capsys, "upgrade", "-")
    assert status == 0
    assert out == text.replace(OLD, NEW, 1)


def test_upgrade_reports_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text(examples.text("tangxi-2022"), encoding="utf-8")
    status, out, _ = run(capsys, "upgrade", "--format", "json", str(path))
    assert status == 0
    data = json.loads(out)
    assert {key: data[key] for key in ("file", "valid", "errors")} == {
        "file": str(path),
        "valid": True,
        "errors": [],
    }
    assert (data["document_schema_version"], data["upgraded"]) == ("1.0", True)
    assert data["written"] == str(path), "rewritten in place"


# -- versions in the model and the schemas ------------------------------------------------------


def test_every_1_0_document_loads_validates_and_round_trips_as_1_0() -> None:
    for name in examples.names():
        text = examples.text(name)
        report = perfeval.loads(text)
        assert report.schema_version == "1.0"
        assert perfeval.dumps(report, indent=2) + "\n" == text
        data = json.loads(text)
        validate(data)  # against the frozen 1.0 schema, the document's own
        # The 1.1 schema accepts every 1.0 document too.
        from jsonschema import Draft202012Validator  # noqa: PLC0415

        assert not list(Draft202012Validator(published_schema("1.1")).iter_errors(data))


def test_a_report_built_in_python_says_the_version_it_needs() -> None:
    project = KeyProject(id="p1", name="公共服务")
    plain = Report(
        title="t", kind=ReportKind.OTHER, fiscal_year=2021, unit=Unit(name="u"), projects=[project]
    )
    assert plain.schema_version == "1.0"
    grouped = attrs.evolve(
        project, score_groups=[ScoreGroup(label="年度绩效目标", weight="80", covers=GroupScope.ALL)]
    )
    newer = attrs.evolve(plain, projects=[grouped])
    assert newer.schema_version == "1.1"
    assert perfeval.loads(perfeval.dumps(newer)) == newer
    assert attrs.evolve(plain, schema_version="1.1").schema_version == "1.1"


def test_the_published_schemas_list_the_versions_they_admit() -> None:
    assert SCHEMA_VERSIONS == ("1.0", "1.1")
    assert SCHEMA_VERSIONS[-1] == SCHEMA_VERSION
    newest = published_schema()["$defs"]["Report"]["properties"]["schema_version"]
    assert newest["enum"] == ["1.0", "1.1"]
    frozen = published_schema("1.0")["$defs"]["Report"]["properties"]["schema_version"]
    assert frozen["pattern"] == r"^1\.(0|[1-9][0-9]{0,8})(?![\s\S])"  # any 1.x
    assert "cells" not in published_schema("1.0")["$defs"]["Totals"]["properties"]
    assert "cells" in published_schema("1.1")["$defs"]["Totals"]["properties"]


def test_a_1_0_document_using_a_1_1_member_is_told_so_alike_everywhere() -> None:
    data = json.loads(examples.text("tangxi-2022"))
    data["projects"][0]["deviation"] = "资金未全部支出"
    expected = (
        "/projects/0/deviation",
        "is a member of KeyProject since schema 1.1, but the document says schema_version 1.0",
    )
    with pytest.raises(perfeval.ValidationError) as by_loader:
        perfeval.from_dict(data)
    with pytest.raises(perfeval.ValidationError) as by_schema:
        validate(data)
    for caught in (by_loader, by_schema):
        assert [(d.path, d.message) for d in caught.value.errors] == [expected]
    data["schema_version"] = "1.1"
    assert perfeval.from_dict(data).projects[0].deviation == "资金未全部支出"


def test_check_and_score_ignore_where_figures_were_read() -> None:
    report = examples.load("tangxi-2022")
    project = report.projects[0]
    assert project.totals is not None
    located = attrs.evolve(
        report,
        projects=[
            attrs.evolve(
                project,
                cells={"name": "B3"},
                totals=attrs.evolve(project.totals, cells={"budget": "C7"}),
            )
        ],
    )
    assert located != report  # cells are part of what a report says …
    assert located.schema_version == "1.1"
    # … but not of its verdicts.
    assert perfeval.check(located) == perfeval.check(report)
    assert perfeval.score(located.projects[0]) == perfeval.score(report.projects[0])
