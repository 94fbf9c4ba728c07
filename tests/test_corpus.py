"""The corpus of real reports: each loads, round-trips byte for byte and validates.

``tests/corpus/*.json`` are real published reports, each encoded from the faithful
transcription beside it (``tests/corpus/sources/<same name>.md``, with its source and
its hand-verified facts, which ``test_corpus_facts_*.py`` assert). Together with the
bundled examples they are perfeval's ground truth: every one must be read, written
back unchanged, and accepted by the published schema of its own version — by the
``jsonschema`` package here and by ajv (Draft 2020-12, strict mode) under Node.js.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval.codes import IndicatorMetric, ReportKind
from perfeval.model import SCHEMA_VERSIONS
from perfeval.schema import validate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.json"))
EXAMPLES = sorted((ROOT / "src" / "perfeval" / "examples").glob("*.json"))
ALL = DOCUMENTS + EXAMPLES


def ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_loads_round_trips_and_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    report = perfeval.loads(text)
    assert perfeval.dumps(report, indent=2) + "\n" == text
    data = json.loads(text, parse_float=Decimal)
    validate(data)
    # A printed fact always has a typed member: none hides in report-level extensions.
    assert report.extensions is None


@pytest.mark.parametrize("path", DOCUMENTS, ids=ids(DOCUMENTS))
def test_each_document_has_its_transcription_and_source(path: Path) -> None:
    transcription = CORPUS / "sources" / f"{path.stem}.md"
    header = transcription.read_text(encoding="utf-8")
    report = perfeval.loads(path.read_text(encoding="utf-8"))
    assert report.source is not None
    assert report.source.title
    assert report.source.url
    assert report.source.url in header  # the address the transcription names
    assert report.source.note  # what was cut off or read from a scan, said plainly


def test_the_corpus_covers_the_shapes_real_reports_take() -> None:
    reports = [perfeval.loads(path.read_text(encoding="utf-8")) for path in DOCUMENTS]
    assert len(reports) >= 8
    provinces = {
        match.group(1)
        for path in DOCUMENTS
        if (
            match := re.search(
                r"^- province: \**([^\s(（*]+)",
                (CORPUS / "sources" / f"{path.stem}.md").read_text(encoding="utf-8"),
                re.MULTILINE,
            )
        )
        and "not" not in match.group(1)
    }
    assert len(provinces) >= 5, provinces
    assert any(r.kind is ReportKind.DEPARTMENT_OVERALL for r in reports)
    indicators = [
        indicator
        for report in reports
        for project in report.projects
        for indicator in project.indicators
    ]
    assert any(i.metric is IndicatorMetric.EXECUTION_RATE for i in indicators)
    weights = [
        sorted(group.weight for group in project.score_groups if group.weight is not None)
        for report in reports
        for project in report.projects
    ]
    national = [Decimal(10), Decimal(10), Decimal(30), Decimal(50)]
    assert any(w and w != national for w in weights)


# -- ajv: how a JavaScript consumer sees the schema ---------------------------------------------

CHECKER = ROOT / "tests" / "js" / "check_schema.mjs"


def _node_modules() -> Path | None:
    configured = os.environ.get("PERFEVAL_NODE_MODULES")
    candidates = [Path(configured)] if configured else []
    candidates.append(ROOT / "build" / "js" / "node_modules")
    return next((path for path in candidates if (path / "ajv" / "package.json").is_file()), None)


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI=true this test must run (.ci/run installs it)")
    pytest.skip(reason)


def _schema_path(version: str) -> Path:
    newest = version == SCHEMA_VERSIONS[-1]
    return ROOT / "schemas" / ("" if newest else version) / "report.schema.json"


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_ajv_compiles_each_schema_strictly_and_accepts_its_documents(version: str) -> None:
    node = shutil.which("node")
    modules = _node_modules()
    if node is None:
        _skip_or_fail("Node.js is not installed")
    if modules is None:
        _skip_or_fail(
            "ajv is not installed (npm install --prefix build/js ajv ajv-formats,"
            " or set PERFEVAL_NODE_MODULES)"
        )
    assert node is not None
    assert modules is not None
    documents = [
        path
        for path in ALL
        if json.loads(path.read_text(encoding="utf-8"))["schema_version"] == version
        or version == SCHEMA_VERSIONS[-1]  # the newest schema accepts every version
    ]
    result = subprocess.run(
        [node, str(CHECKER), str(_schema_path(version)), *map(str, documents)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "compiles in strict mode" in result.stdout
    assert result.stdout.count("valid: ") == len(documents)
