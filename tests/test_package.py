"""The package as a whole: its public surface, metadata and import cost."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from importlib import metadata, resources
from pathlib import Path

import perfeval

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_single_sourced() -> None:
    assert metadata.version("perfeval") == perfeval.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]\d+|rc\d+)?", perfeval.__version__)


def test_ships_py_typed() -> None:
    assert resources.files("perfeval").joinpath("py.typed").is_file()


def test_all_names_exist_once() -> None:
    assert len(set(perfeval.__all__)) == len(perfeval.__all__)
    missing = [name for name in perfeval.__all__ if not hasattr(perfeval, name)]
    assert missing == []


def test_runtime_dependencies_are_exactly_attrs_cattrs_jsonschema() -> None:
    requires = metadata.requires("perfeval") or []
    runtime = sorted(
        re.split(r"[<>=!~ ;\[]", req, maxsplit=1)[0] for req in requires if "extra ==" not in req
    )
    assert runtime == ["attrs", "cattrs", "jsonschema"]


def test_metadata_names_the_license_file_and_where_the_project_lives() -> None:
    meta = metadata.metadata("perfeval")
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL") or [])
    assert sorted(urls) == ["Changelog", "Documentation", "Homepage", "Issues", "Source"]
    assert urls["Source"] == "https://github.com/perfeval/perfeval"
    # The development tools are a dependency group; the one extra reads .xlsx workbooks.
    assert meta.get_all("Provides-Extra") == ["xlsx"]
    extras = [req for req in meta.get_all("Requires-Dist") or [] if "extra ==" in req]
    assert [re.split(r"[<>=!~ ;\[]", req, maxsplit=1)[0] for req in extras] == ["openpyxl"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_import_does_not_import_jsonschema() -> None:
    code = "import sys, perfeval; print('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_readme_examples_run() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "README has no python example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {number}", "README.md", 0)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_quick_start_has_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```\w*\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci.splitlines()
