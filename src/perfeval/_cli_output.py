"""The JSON Schema of what the ``perfeval`` command writes with ``--format json``.

Each object the command writes (one per input; one for ``examples``) names this schema
in ``$schema`` and carries the version of perfeval that wrote it and the report schema
version that perfeval writes, so that a program reading saved output knows what it
reads. The schema is published as ``schemas/cli-output.schema.json`` and printed by
``perfeval schema --cli``.

>>> from perfeval._cli_output import OUTPUT_SCHEMA_ID, output_schema
>>> schema = output_schema()
>>> schema["$id"] == OUTPUT_SCHEMA_ID
True
>>> sorted(schema["$defs"]["command"]["enum"])
['check', 'examples', 'score', 'summary', 'upgrade', 'validate']
"""

from __future__ import annotations

import json
from typing import Any, Final

from perfeval._version import __version__

__all__ = ["OUTPUT_SCHEMA_ID", "OUTPUT_SCHEMA_VERSION", "envelope", "output_schema"]

#: The version of the output format: its minor grows when members are added.
OUTPUT_SCHEMA_VERSION: Final = "1.0"
#: The ``$id`` of the schema of the command's JSON output, beside the report schemas
#: (below :data:`perfeval.schema.SCHEMA_SITE`, not imported here: the command starts fast).
OUTPUT_SCHEMA_ID: Final = (
    "https://perfeval.readthedocs.io/en/latest/schema/cli/"
    f"{OUTPUT_SCHEMA_VERSION}/output.schema.json"
)
_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_STRING: Final = {"type": "string"}
_NULLABLE_STRING: Final = {"type": ["string", "null"]}
_DECIMAL: Final = {
    "type": "string",
    "pattern": r"^-?[0-9]+(\.[0-9]+)?(?![\s\S])",
    "description": "A decimal with its digits, as text (never a JSON number).",
}
_NULLABLE_DECIMAL: Final = {"anyOf": [_DECIMAL, {"type": "null"}]}
_COUNT: Final = {"type": "integer", "minimum": 0}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A closed object: the members named, and those of *required* always present."""
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties) if required is None else required,
        "additionalProperties": False,
    }


def envelope(command: str, **members: Any) -> dict[str, Any]:
    """The members every object of the command's JSON output starts with.

    >>> sorted(envelope("validate", file="a.json"))
    ['$schema', 'command', 'file', 'perfeval_schema_version', 'perfeval_version']
    """
    from perfeval.model import SCHEMA_VERSION  # noqa: PLC0415 - the model only when output

    return {
        "$schema": OUTPUT_SCHEMA_ID,
        "perfeval_version": __version__,
        "perfeval_schema_version": SCHEMA_VERSION,
        "command": command,
        **members,
    }


def _error_kinds() -> list[str]:
    from perfeval.errors import ERROR_KINDS  # noqa: PLC0415

    return list(ERROR_KINDS)


def output_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the command's JSON output, as a new dict.

    One object per input (``validate``, ``check``, ``score``, ``summary``,
    ``upgrade``), or one listing the examples (``examples``); ``command`` tells which.
    """
    common = {
        "$schema": {"const": OUTPUT_SCHEMA_ID},
        "perfeval_version": {
            **_STRING,
            "description": "The version of perfeval that wrote this object.",
        },
        "perfeval_schema_version": {
            "type": "string",
            "pattern": r"^[0-9]+\.[0-9]+(?![\s\S])",
            "description": "The report schema version this perfeval writes.",
        },
    }
    per_input = {
        **common,
        "file": {
            **_STRING,
            "description": "The input: its path as given, <stdin> or <example:NAME>.",
        },
        "valid": {"type": "boolean", "description": "Whether the input is a valid document."},
        "errors": {"type": "array", "items": {"$ref": "#/$defs/error"}},
    }
    keys = ["$schema", "perfeval_version", "perfeval_schema_version", "command"]
    input_keys = [*keys, "file", "valid", "errors"]

    def command(name: str, members: dict[str, Any], *, valid: list[str]) -> dict[str, Any]:
        """A command's object: the members of every input, *valid* ones when it is valid."""
        shape = _object({**per_input, "command": {"const": name}, **members}, required=input_keys)
        shape["if"] = {"properties": {"valid": {"const": True}}}
        shape["then"] = {"required": valid}
        return shape

    card = _object(
        {
            "id": _STRING,
            "name": _STRING,
            "total": _DECIMAL,
            "grade": _STRING,
            "grade_label": _STRING,
            "weight_total": _DECIMAL,
            "printed_total": _NULLABLE_DECIMAL,
            "printed_grade": _NULLABLE_STRING,
            "complete": {"type": "boolean"},
            "layout": {"enum": ["policy", "score_groups", "whole"]},
            "whole": {"type": "boolean"},
            "taken_as_printed": _COUNT,
            "notes": {"type": "array", "items": _STRING},
            "components": {
                "type": "array",
                "items": _object(
                    {
                        "name": _STRING,
                        "path": _STRING,
                        "group": _STRING,
                        "weight": _DECIMAL,
                        "score": _DECIMAL,
                        "printed_weight": _NULLABLE_DECIMAL,
                        "printed_score": _NULLABLE_DECIMAL,
                        "difference": _NULLABLE_DECIMAL,
                        "formula": _STRING,
                        "status": _STRING,
                        "note": _STRING,
                    }
                ),
            },
        }
    )
    figures = {
        "budget": _NULLABLE_DECIMAL,
        "expenditure": _NULLABLE_DECIMAL,
        "rate": _NULLABLE_DECIMAL,
    }
    return {
        "$schema": _DIALECT,
        "$id": OUTPUT_SCHEMA_ID,
        "title": "perfeval command output (命令输出)",
        "description": "An object written by `perfeval COMMAND --format json` (one per"
        " input; JSON Lines when there are several).",
        "oneOf": [
            {"$ref": f"#/$defs/{name}"}
            for name in ("validate", "check", "score", "summary", "upgrade", "examples")
        ],
        "$defs": {
            "command": {"enum": ["validate", "check", "score", "summary", "upgrade", "examples"]},
            "error": _object(
                {
                    "path": {**_STRING, "description": "A JSON pointer; '' is the document."},
                    "kind": {"enum": _error_kinds()},
                    "message": _STRING,
                    "message_zh": _STRING,
                    "value": _NULLABLE_STRING,
                }
            ),
            "finding": _object(
                {
                    "code": _STRING,
                    "severity": {"enum": ["error", "warning", "info"]},
                    "path": _STRING,
                    "message": _STRING,
                    "message_zh": _STRING,
                }
            ),
            "counts": _object({"error": _COUNT, "warning": _COUNT, "info": _COUNT}),
            "validate": command("validate", {}, valid=[]),
            "check": command(
                "check",
                {
                    "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
                    "counts": {"$ref": "#/$defs/counts"},
                    "baselined": {
                        **_COUNT,
                        "description": "Findings left out because the baseline accepts them.",
                    },
                },
                valid=["findings", "counts", "baselined"],
            ),
            "score": command(
                "score",
                {"policy": _STRING, "projects": {"type": "array", "items": card}},
                valid=["policy", "projects"],
            ),
            "summary": command(
                "summary",
                {
                    "title": _STRING,
                    "fiscal_year": {"type": "integer"},
                    "unit": _STRING,
                    "money_unit": _STRING,
                    "money_unit_label": _STRING,
                    "projects": {
                        "type": "array",
                        "items": _object(
                            {
                                "id": _STRING,
                                "name": _STRING,
                                "project_type": _NULLABLE_STRING,
                                "project_type_label": _NULLABLE_STRING,
                                **figures,
                            }
                        ),
                    },
                    "total": _object(figures),
                },
                valid=[
                    *("title", "fiscal_year", "unit", "money_unit", "money_unit_label"),
                    *("projects", "total"),
                ],
            ),
            "upgrade": command(
                "upgrade",
                {
                    "document_schema_version": {
                        **_STRING,
                        "description": "The schema version the document was written in.",
                    },
                    "upgraded": {
                        "type": "boolean",
                        "description": "Whether it was (with --check: would be) upgraded.",
                    },
                    "written": {
                        **_NULLABLE_STRING,
                        "description": "Where the upgraded text went; null when nowhere.",
                    },
                },
                valid=["document_schema_version", "upgraded", "written"],
            ),
            "examples": _object(
                {
                    **common,
                    "command": {"const": "examples"},
                    "examples": {
                        "type": "array",
                        "items": _object(
                            {
                                "name": _STRING,
                                "title": _STRING,
                                "kind": _STRING,
                                "fiscal_year": {"type": "integer"},
                                "unit": _STRING,
                                "projects": _COUNT,
                            }
                        ),
                    },
                }
            ),
        },
    }


def output_schema_text() -> str:
    """:func:`output_schema` as the published text: indented by two, UTF-8, a final newline."""
    return json.dumps(output_schema(), ensure_ascii=False, indent=2) + "\n"
