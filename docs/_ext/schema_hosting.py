"""Publish every JSON Schema perfeval publishes inside the built site, at its ``$id``.

When an HTML build finishes, each schema — the report schema of every version in
:data:`perfeval.model.SCHEMA_VERSIONS` (:func:`perfeval.schema.published_schema`) and
the schema of scoring policy files (:func:`perfeval.scoring.policy_schema`) and that of
the command's JSON output (:func:`perfeval.cli.output_schema`) — is
written into the output directory at the path its ``$id`` names below the site, in
its committed text (two-space indent, Chinese as itself, a final newline).

Read the Docs serves a build at ``/<language>/<version>/``
(:data:`perfeval.schema.SCHEMA_SITE`, ``https://perfeval.readthedocs.io/en/latest/``):
an ``$id`` under that root is served exactly where it points. The frozen 1.0 schema's
``$id`` names the root of the domain, where Read the Docs serves nothing; its path
there (``schema/1.0/report.schema.json``) is used below the build's root all the same,
so that it lies beside the others, at ``SCHEMA_SITE + "schema/1.0/report.schema.json"``.

Other builders (doctest, linkcheck …) write nothing.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from perfeval.cli import output_schema
from perfeval.model import SCHEMA_VERSIONS
from perfeval.schema import SCHEMA_SITE, published_schema
from perfeval.scoring import policy_schema

#: The domain's root, which the frozen 1.0 ``$id`` is written against.
DOMAIN_ROOT = "https://perfeval.readthedocs.io/"

_LOGGER = logging.getLogger(__name__)


def published_schemas() -> list[dict[str, Any]]:
    """Every schema perfeval publishes: the report schema of each version, and the policy's."""
    return [
        *(published_schema(version) for version in SCHEMA_VERSIONS),
        policy_schema(),
        output_schema(),
    ]


def site_path(schema_id: str) -> PurePosixPath:
    """The path below the built site's root that *schema_id* names.

    >>> str(site_path("https://perfeval.readthedocs.io/en/latest/schema/1.1/report.schema.json"))
    'schema/1.1/report.schema.json'
    >>> str(site_path("https://perfeval.readthedocs.io/schema/1.0/report.schema.json"))
    'schema/1.0/report.schema.json'
    """
    for root in (SCHEMA_SITE, DOMAIN_ROOT):
        if schema_id.startswith(root):
            path = PurePosixPath(schema_id.removeprefix(root))
            break
    else:
        msg = f"the $id {schema_id!r} is not on the documentation's site {DOMAIN_ROOT}"
        raise ExtensionError(msg)
    if not path.parts or ".." in path.parts or path.suffix != ".json":
        msg = f"the $id {schema_id!r} names no JSON file below the site"
        raise ExtensionError(msg)
    return path


def write_schemas(app: Sphinx, exception: Exception | None) -> None:
    """Write each published schema into the HTML output, at the path of its ``$id``."""
    if exception is not None or app.builder.format != "html":
        return
    for schema in published_schemas():
        target = Path(app.outdir, site_path(schema["$id"]))
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8", newline="\n")
        _LOGGER.info("schema %s -> %s", schema["$id"], target)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Write the schemas when the build has finished."""
    app.connect("build-finished", write_schemas)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
