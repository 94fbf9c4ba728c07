"""Each published schema is in the built documentation where its ``$id`` points.

The documentation is built once (HTML, as Read the Docs builds it from
``.readthedocs.yaml``); each ``$id`` is then resolved as Read the Docs serves the site,
``https://perfeval.readthedocs.io/<language>/<version>/<path>`` from ``<path>`` in the
build, and the file found there must be the published schema.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from perfeval.cli import output_schema
from perfeval.model import SCHEMA_VERSIONS
from perfeval.schema import SCHEMA_ID, SCHEMA_SITE, published_schema
from perfeval.scoring import policy_schema

ROOT = Path(__file__).resolve().parent.parent
#: Read the Docs' default URL scheme: ``/<language>/<version>/``, here English and latest.
SERVED = re.compile(r"https://perfeval\.readthedocs\.io/en/latest/(?P<path>[^?#]+)")
#: The $id 1.0 was frozen with, at the root of the domain, where Read the Docs serves
#: no file; docs/schema.md says where 1.0 is served instead.
FROZEN_1_0 = "https://perfeval.readthedocs.io/schema/1.0/report.schema.json"

SCHEMAS: dict[str, dict[str, Any]] = {
    **{f"report {version}": published_schema(version) for version in SCHEMA_VERSIONS},
    "policy": policy_schema(),
    "command output": output_schema(),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML documentation, built once with warnings as errors."""
    if not (ROOT / "docs" / "conf.py").is_file():
        pytest.skip("not a source checkout: no docs/")
    out = tmp_path_factory.mktemp("html")
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html"]
    built = subprocess.run(
        [*command, str(ROOT / "docs"), str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert built.returncode == 0, built.stderr
    return out


def served(site: Path, url: str) -> Path | None:
    """The file of the build that Read the Docs serves at *url*, if it serves one."""
    found = SERVED.fullmatch(url)
    if found is None:
        return None
    path = site.joinpath(*found["path"].split("/"))
    return path if path.is_file() else None


def test_the_served_root_is_the_schemas() -> None:
    assert SERVED.fullmatch(SCHEMA_SITE + "x.json")
    assert f"{SCHEMA_SITE}schema/{SCHEMA_VERSIONS[-1]}/report.schema.json" == SCHEMA_ID
    assert SCHEMAS[f"report {SCHEMA_VERSIONS[-1]}"]["$id"] == SCHEMA_ID


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_each_schema_is_served_where_it_is_documented(site: Path, name: str) -> None:
    schema = SCHEMAS[name]
    schema_id = schema["$id"]
    if schema_id == FROZEN_1_0:
        assert served(site, schema_id) is None  # nothing is served at the domain's root
        url = SCHEMA_SITE + "schema/1.0/report.schema.json"
    else:
        url = schema_id
    path = served(site, url)
    assert path is not None, f"{url} is not in the built documentation"
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == schema
    assert json.loads(text)["$id"] == schema_id
    # The committed text, byte for byte, not merely the same data.
    assert text == json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    # The page about the schema says where each version is served.
    assert url in (site / "schema.html").read_text(encoding="utf-8")


def test_only_the_frozen_1_0_id_is_not_served() -> None:
    unserved = [schema["$id"] for schema in SCHEMAS.values() if not SERVED.fullmatch(schema["$id"])]
    assert unserved == [FROZEN_1_0]
