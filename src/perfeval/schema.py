"""The JSON Schema of the v1 document: generated from the classes, shipped, and used to validate.

:func:`json_schema` builds the schema (Draft 2020-12) from the attrs classes, their
field metadata (Chinese ``title``, English ``description``, pattern, bounds) and the
code lists; nothing in it is written by hand. The generated text is committed twice,
byte for byte: ``schemas/report.schema.json`` (the published copy) and
``perfeval/report.schema.json`` inside the package, which :func:`published_schema`
reads and :func:`validate` checks documents against. Regenerate both with::

    python -m perfeval.schema --write

and check that they are current with ``python -m perfeval.schema --check``. The same
commands write and check the JSON Schema of scoring policy files,
``schemas/policy.schema.json`` and ``perfeval/policy.schema.json``, which
:func:`perfeval.scoring.policy_schema` generates.

Design:

* One ``$defs`` entry per class and per code list; the root is ``{"$ref":
  "#/$defs/Report"}`` with the schema's ``$id``, title and description.
* A code list is ``{"oneOf": [{"const": code, "title": 中文, "description": …}, …]}``:
  standard keywords only, so strict validators (ajv ``strict: true``) accept it,
  and each code carries its label where form builders and doc generators look.
  (:func:`validate` checks the same codes as an ``enum``, which is faster and equivalent.)
* Only standard keywords: ajv compiles the schema with ``strict: true``; like any
  schema that uses ``format``, it needs ajv-formats for ``"format": "date"``.
* Every object forbids unknown members (``"additionalProperties": false``) except
  ``extensions``; decimals are strings with a ``pattern``; optional arrays have
  ``minItems`` 1 (an absent array is omitted, so each document has one spelling).
* Cross-member rules that JSON Schema can state are stated: a Target needs a value
  or a text, an Actual at least one member, and ``projects`` may be empty only in a
  ``department_overall`` report. Two rules the loader also checks cannot be stated:
  project ids unique within a report, and the literal spelling of an integer
  (``2020.0`` is an integer to JSON Schema; :func:`perfeval.loads` refuses it).

>>> from perfeval import json_schema
>>> from perfeval.schema import published_schema
>>> schema = json_schema()
>>> schema["$id"]
'https://perfeval.readthedocs.io/en/latest/schema/1.1/report.schema.json'
>>> schema["$defs"]["ProjectType"]["oneOf"][0]
{'const': 'recurring', 'title': '经常性', 'description': 'Recurring project'}
>>> schema == published_schema()
True
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import typing
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs

from perfeval import _spec
from perfeval._io.limits import MAX_PROBLEMS
from perfeval._io.text import data_problem, more_problems
from perfeval._message import Message
from perfeval._regex import END
from perfeval._spec import DATE_PATTERN, TRIMMED_TEXT_PATTERN, Spec, spec_of
from perfeval._text import path_sort_key, pointer
from perfeval._values import show
from perfeval.codes import CodeEnum, ReportKind, code_lists
from perfeval.errors import ErrorDetail, ValidationError
from perfeval.model import (
    EMPTY_PROJECTS,
    EMPTY_PROJECTS_ZH,
    SCHEMA_VERSION,
    SCHEMA_VERSIONS,
    Report,
)
from perfeval.quantity import AT_LEAST_ONE

__all__ = [
    "DATE_PATTERN",
    "DIALECT",
    "SCHEMA_ID",
    "SCHEMA_SITE",
    "TRIMMED_TEXT_PATTERN",
    "json_schema",
    "main",
    "published_schema",
    "schema_text",
    "validate",
]

#: The JSON Schema dialect of the generated schema.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: The root of the documentation as Read the Docs serves it (its default version, in
#: English): the docs build writes every published schema below it, at
#: ``schema/<major.minor>/``, so that each ``$id`` from 1.1 on is where its schema is.
SCHEMA_SITE: Final = "https://perfeval.readthedocs.io/en/latest/"
#: The ``$id`` of the schema of each version from 1.1 on:
#: ``…/en/latest/schema/<major.minor>/report.schema.json``.
SCHEMA_ID_TEMPLATE: Final = SCHEMA_SITE + "schema/{version}/report.schema.json"
#: The ``$id`` of the newest schema (:data:`perfeval.model.SCHEMA_VERSION`).
SCHEMA_ID: Final = SCHEMA_ID_TEMPLATE.format(version=SCHEMA_VERSION)
#: The ``$id`` that 1.0 was published with, kept in its frozen text. Read the Docs serves
#: nothing at the root of the site (only below ``/<language>/<version>/``), so this one
#: names no file: the 1.0 schema is served at ``SCHEMA_SITE + "schema/1.0/…"``.
_FROZEN_IDS: Final = {"1.0": "https://perfeval.readthedocs.io/schema/1.0/report.schema.json"}
#: The pattern the 1.0 schema gave ``schema_version`` (any 1.x), kept in its frozen text.
_VERSION_PATTERN_1_0: Final = r"^1\.(0|[1-9][0-9]{0,8})" + END
_PACKAGED: Final = "report.schema.json"
_POLICY_SCHEMA: Final = "policy.schema.json"
_OUTPUT_SCHEMA: Final = "cli-output.schema.json"


def _packaged(version: str) -> str:
    """Where the schema of *version* lies, relative to the package (or to ``schemas/``)."""
    return _PACKAGED if version == SCHEMA_VERSION else f"schemas/{version}/{_PACKAGED}"


_REGENERATE: Final = "python -m perfeval.schema --write"

# -- generation ------------------------------------------------------------------------


def _ref(cls: type) -> dict[str, str]:
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _summary(cls: type) -> str:
    return (cls.__doc__ or cls.__name__).strip().splitlines()[0]


def _property_schema(field: attrs.Attribute[Any], version: str) -> dict[str, Any]:
    spec = spec_of(field)
    schema: dict[str, Any] = {"title": spec.title, "description": spec.description}
    schema.update(spec.kind.schema(spec))
    if field.name == "schema_version":
        # The versions this schema knows, listed, so that every validator agrees with
        # loads(); the frozen 1.0 schema admitted any 1.x.
        if version == "1.0":
            schema["pattern"] = _VERSION_PATTERN_1_0
        else:
            del schema["pattern"], schema["minLength"]
            schema["enum"] = list(SCHEMA_VERSIONS[: SCHEMA_VERSIONS.index(version) + 1])
    default = field.default
    if not _required(field) and default not in (None, (), attrs.NOTHING):
        schema["default"] = default.value if isinstance(default, CodeEnum) else default
    return schema


def _required(field: attrs.Attribute[Any]) -> bool:
    # A member with a default is optional, unless it is always written (schema_version).
    return field.default is attrs.NOTHING or spec_of(field).always


def _fields(cls: type, version: str) -> list[attrs.Attribute[Any]]:
    """The members *cls* has in schema *version*."""
    names = _spec.members(cls, version)
    return [field for field in attrs.fields(cls) if field.name in names]


def _object_schema(cls: type, version: str) -> dict[str, Any]:
    fields = _fields(cls, version)
    schema: dict[str, Any] = {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": {field.name: _property_schema(field, version) for field in fields},
    }
    required = [field.name for field in fields if _required(field)]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    schema.update(_CROSS_MEMBER_RULES.get(cls.__name__, dict)())
    return schema


def _at_least_one_of(*names: str) -> dict[str, Any]:
    # Each branch names its member under "properties" (as the always-true schema):
    # ajv's strict mode wants every "required" member defined beside it.
    return {"anyOf": [{"properties": {name: True}, "required": [name]} for name in names]}


def _projects_rule() -> dict[str, Any]:
    # "if kind is one of the others": a missing or bad kind then adds no second error,
    # as the loader reports only the bad kind.
    others = [kind.value for kind in ReportKind if kind is not ReportKind.DEPARTMENT_OVERALL]
    return {
        "if": {"properties": {"kind": {"enum": others}}, "required": ["kind"]},
        "then": {"properties": {"projects": {"type": "array", "minItems": 1}}},
    }


#: The rules between members that JSON Schema can state, beside each class's members.
_CROSS_MEMBER_RULES: Final[dict[str, typing.Callable[[], dict[str, Any]]]] = {
    "Target": lambda: _at_least_one_of(*AT_LEAST_ONE["Target"]),
    "Actual": lambda: {"minProperties": 1},
    "Report": _projects_rule,
}


def _code_schema(cls: type[CodeEnum]) -> dict[str, Any]:
    return {
        "title": cls.__name__,
        "description": _summary(cls),
        "oneOf": [
            {"const": member.value, "title": member.label, "description": member.description}
            for member in cls
        ],
    }


def _referenced_types(cls: type, version: str) -> Iterator[type]:
    for field in _fields(cls, version):
        spec = spec_of(field)
        item = spec.item.cls if spec.item is not None else spec.cls
        if isinstance(item, type) and (attrs.has(item) or issubclass(item, CodeEnum)):
            yield item


def _document_types(version: str) -> tuple[list[type], list[type[CodeEnum]]]:
    """Every class and code list reachable from :class:`Report`, breadth first."""
    classes: list[type] = [Report]
    used_codes: set[type] = set()
    for cls in classes:  # grows while it is walked
        for type_ in _referenced_types(cls, version):
            if issubclass(type_, CodeEnum):
                used_codes.add(type_)
            elif type_ not in classes:
                classes.append(type_)
    return classes, [codes for codes in code_lists() if codes in used_codes]


def json_schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """Generate the JSON Schema (Draft 2020-12) of schema *version* from the classes.

    Each version has the members that it or an earlier version added; the schema of
    1.0 is frozen (a test holds its text to the published copy).

    Each call builds a new ``dict``; key order is fixed, so that
    ``json.dumps(json_schema())`` is the same text every time.

    >>> from perfeval import json_schema
    >>> schema = json_schema()
    >>> schema["$schema"], schema["$ref"]
    ('https://json-schema.org/draft/2020-12/schema', '#/$defs/Report')
    >>> unit = schema["$defs"]["Report"]["properties"]["unit"]
    >>> unit["title"], unit["$ref"]
    ('预算单位', '#/$defs/Unit')
    >>> schema["$defs"]["Money"]["properties"]["currency"]["default"]
    'CNY'
    """
    if version not in SCHEMA_VERSIONS:
        msg = f"perfeval knows schema versions {', '.join(SCHEMA_VERSIONS)}, not {version!r}"
        raise ValueError(msg)
    classes, codes = _document_types(version)
    defs: dict[str, Any] = {cls.__name__: _object_schema(cls, version) for cls in classes}
    defs.update((cls.__name__, _code_schema(cls)) for cls in codes)
    return {
        "$schema": DIALECT,
        "$id": _FROZEN_IDS.get(version) or SCHEMA_ID_TEMPLATE.format(version=version),
        "title": f"绩效评价报告 (perfeval report, schema {version})",
        "description": (
            "A Chinese public-sector budget performance evaluation report"
            " (预算绩效评价报告) as the perfeval library reads and writes it."
        ),
        "$ref": "#/$defs/Report",
        "$defs": defs,
    }


def schema_text(version: str = SCHEMA_VERSION) -> str:
    r"""The schema as committed: two-space indented JSON, non-ASCII as itself, final newline.

    >>> from perfeval.schema import schema_text
    >>> print(schema_text().splitlines()[1])
      "$schema": "https://json-schema.org/draft/2020-12/schema",
    >>> schema_text().endswith("}\n")
    True
    """
    return json.dumps(json_schema(version), indent=2, ensure_ascii=False) + "\n"


def published_schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The schema of *version* shipped inside the package.

    The newest is ``perfeval/report.schema.json``, older ones
    ``perfeval/schemas/<version>/report.schema.json``. Each is the same as
    :func:`json_schema` of its version in a released perfeval (a test sees to it);
    tools that only need the schema read it without generating it.

    >>> from perfeval.schema import published_schema
    >>> published_schema()["$defs"]["Grade"]["oneOf"][0]["title"]
    '优'
    >>> published_schema("1.0")["$id"]
    'https://perfeval.readthedocs.io/schema/1.0/report.schema.json'
    """
    if version not in SCHEMA_VERSIONS:
        msg = f"perfeval knows schema versions {', '.join(SCHEMA_VERSIONS)}, not {version!r}"
        raise ValueError(msg)
    text = resources.files("perfeval").joinpath(_packaged(version)).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# -- validation -------------------------------------------------------------------------


class _Checker(typing.NamedTuple):
    validator: Any  # a jsonschema validator, typed Any: jsonschema is imported lazily
    schema: dict[str, Any]
    names: dict[int, str]  # id() of each $defs entry → its name
    specs: dict[int, Spec]  # id() of each subschema that states a member → its spec
    version: str  # the schema version checked against


@functools.cache
def _checker(version: str) -> _Checker:
    """The one validator for the published schema, built on first use.

    jsonschema is imported here, not at ``import perfeval``: most programs only
    load and dump documents.
    """
    from jsonschema import Draft202012Validator, FormatChecker, validators  # noqa: PLC0415
    from jsonschema.exceptions import ValidationError as SchemaError  # noqa: PLC0415

    own = Draft202012Validator.VALIDATORS["additionalProperties"]

    def additional(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        # jsonschema's message names every unknown member (a set, a sort and a repr of
        # each: 120 MiB for a million); _details names them one by one, while it may.
        if value is not False or "patternProperties" in schema:
            yield from own(validator, value, instance, schema)
        elif validator.is_type(instance, "object") and not (
            schema.get("properties", {}).keys() >= instance.keys()
        ):
            yield SchemaError("has members that are not allowed")

    # Its patterns end with END, not "$", so jsonschema's own re.search reads them as
    # ECMA-262 validators do.
    schema = published_schema(version)
    _use_enums(schema)
    # jsonschema hands errors the subschema objects themselves: map them to $defs names
    # and to the specs they were generated from, whose kinds word every message.
    names = {id(subschema): name for name, subschema in schema["$defs"].items()}
    cls = validators.extend(Draft202012Validator, {"additionalProperties": additional})
    validator = cls(schema, format_checker=FormatChecker(["date"]))
    return _Checker(validator, schema, names, _specs(schema, version), version)


def _specs(schema: dict[str, Any], version: str) -> dict[int, Spec]:
    classes, codes = _document_types(version)
    defs = schema["$defs"]
    specs: dict[int, Spec] = {}
    for cls in classes:
        definition = defs[cls.__name__]
        specs[id(definition)] = Spec(_spec.KINDS["object"], cls.__name__, "", cls=cls)
        for field in _fields(cls, version):
            spec = spec_of(field)
            member = definition["properties"][field.name]
            specs[id(member)] = spec
            specs.update((id(part), part_spec) for part, part_spec in spec.kind.parts(spec, member))
    # The rule between kind and projects restates the projects member under "then".
    then = defs["Report"]["then"]["properties"]["projects"]
    specs[id(then)] = spec_of(attrs.fields(Report).projects)
    for code_list in codes:
        specs[id(defs[code_list.__name__])] = Spec(
            _spec.KINDS["code"], code_list.__name__, "", cls=code_list
        )
    return specs


def _use_enums(schema: dict[str, Any]) -> None:
    """Write each code list's ``oneOf`` of labelled ``const`` as an ``enum``, in place.

    The two accept the same values (the codes of a list are distinct), but
    jsonschema tries every branch of a ``oneOf`` for every code in a document and
    checks an ``enum`` at once: validation takes half the time.
    """
    for definition in schema["$defs"].values():
        branches = definition.get("oneOf", ())
        if branches and all(branch.keys() <= _LABELLED_CONST for branch in branches):
            definition["enum"] = [branch["const"] for branch in definition.pop("oneOf")]


_LABELLED_CONST: Final = frozenset({"const", "title", "description"})


def validate(data: Any) -> None:
    """Check already-parsed JSON against the published schema.

    *data* is what :func:`json.loads` returns (numbers as ``int``, ``float`` or
    ``Decimal``). Problems are reported sorted by path, in the words
    :func:`perfeval.loads` uses. Beyond the schema's patterns, dates must exist in
    the calendar (``format: date`` is checked). The one rule the schema cannot
    state, unique project ids, is left to :func:`perfeval.loads`.

    The work is bounded as :func:`perfeval.loads` bounds a text (``docs/limits.md``):
    data larger than a document perfeval reads (16 MiB written as compact JSON; a
    value is counted each time it is met) or nested more than 1,000 levels is refused
    before the schema looks at it, and the first 1,000 problems found are listed, then
    a last one saying that there are more, and no more are looked for.

    Raises:
        ValidationError: *data* does not follow the schema, or is past those bounds.

    >>> from perfeval import validate
    >>> from perfeval import examples, serialize
    >>> data = serialize.to_dict(examples.load("kaifu-2020"))
    >>> validate(data)
    >>> data["fiscal_year"] = "2020"
    >>> data["unit"]["sector"] = "街道"
    >>> del data["title"]
    >>> data["totals"] = None
    >>> validate(data)
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 4 problems in the document:
      /fiscal_year: must be a whole number such as 2020, not the string "2020"
      /title: is required (报告标题)
      /totals: must be omitted when there is nothing to record, not null
      /unit/sector: is not a member of Unit; its members are name, code, level, region, ...
    >>> loop = []
    >>> loop.append(loop)
    >>> validate({"extensions": {"loop": loop}})
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 1 problem in the document:
      (document): is nested more than 1,000 levels deep (arrays and objects); ...
    """
    too_much = data_problem(data)
    if too_much is not None:  # what no document perfeval reads could hold: not looked into
        raise ValidationError([too_much])
    version = data.get("schema_version", SCHEMA_VERSION) if type(data) is dict else SCHEMA_VERSION
    problem = _version_problem(version)
    if problem is not None:  # a version's own schema says what it admits; none for this one
        raise ValidationError([problem.at("/schema_version", show(version))])
    checker = _checker(version)
    details: dict[tuple[str, str], ErrorDetail] = {}
    more = False
    try:
        for error in checker.validator.iter_errors(data):
            for detail in _details(error, checker):
                # A member can fail twice alike (projects' type, under "then" too).
                if (detail.path, detail.message) in details:
                    continue
                if len(details) == MAX_PROBLEMS:  # one more than are listed: stop looking
                    more = True
                    break
                details[detail.path, detail.message] = detail
            if more:
                break
    except RecursionError:
        # jsonschema descends recursively where the schema does (score groups hold
        # score groups): data nested that deep exhausts the stack. Say so instead.
        nested = _TOO_DEEP.at("")
        raise ValidationError([nested]) from None
    if details:
        problems = sorted(details.values(), key=lambda d: path_sort_key(d.path))
        if more:
            problems.append(more_problems())
        raise ValidationError(problems)


# -- turning jsonschema's errors into the loader's words ---------------------------------


def _details(error: Any, checker: _Checker) -> Iterator[ErrorDetail]:
    keyword, schema, instance = error.validator, error.schema, error.instance
    parts = list(error.absolute_path)
    if keyword == "required":
        # jsonschema reports each missing member in an error of its own, all alike.
        for name in error.validator_value:
            if name not in instance:
                title = schema["properties"][name]["title"]
                yield _spec.required_message(title).at(pointer([*parts, name]))
    elif keyword == "additionalProperties":
        cls = checker.specs[id(schema)].cls
        assert cls is not None  # noqa: S101 - every class's definition has its spec
        for key in instance:
            if key not in schema["properties"]:
                message = _spec.unknown_member_message(cls, key, checker.version)
                yield message.at(pointer([*parts, key]), show(instance[key]))
    elif keyword == "pattern" and instance == "" and "minLength" in schema:
        return  # "must not be empty" says it (the loader, too, reports only that)
    elif instance is None and _is_optional(error, checker.schema):
        yield _spec.null_message().at(pointer(parts), "null")
    else:
        yield _message(error, checker).at(pointer(parts), show(instance))


def _is_optional(error: Any, root: dict[str, Any]) -> bool:
    """Whether the member that failed is an optional member of an object.

    Follows the error's schema path (which leaves out the ``$ref`` hops) from the root
    to the failing keyword, remembering the object schema each member belongs to.
    """
    keys = list(error.absolute_schema_path)[:-1]  # the last is the failing keyword
    node, owner, member = root, None, None
    index = 0
    while index < len(keys):
        while keys[index] not in node:  # a $ref hop
            node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        key = keys[index]
        if key == "properties":
            owner, member = node, keys[index + 1]
            node = node[key][member]
            index += 2
        else:  # "items", "then"
            owner, node = None, node[key]
            index += 1
    # Only an object's own "properties" say what is optional (not those under "then").
    return (
        owner is not None
        and owner.get("type") == "object"
        and member not in owner.get("required", ())
    )


def _message(error: Any, checker: _Checker) -> Message:
    keyword, schema, instance = error.validator, error.schema, error.instance
    if keyword == "minItems" and "then" in error.absolute_schema_path:
        return Message("rule", EMPTY_PROJECTS, EMPTY_PROJECTS_ZH)
    spec = checker.specs.get(id(schema))
    if keyword in ("anyOf", "minProperties") and spec is not None and spec.kind.name == "object":
        assert spec.cls is not None  # noqa: S101 - every class's definition has its spec
        return _spec.at_least_one(spec.cls, AT_LEAST_ONE[spec.cls.__name__])
    problem = spec.kind.problem(spec, instance) if spec is not None else None
    # Every other keyword states a member's own rule: its kind words the problem.
    return problem or _keyword_message(keyword, error.validator_value, str(error.message))


_TOO_DEEP: Final = Message("limit", "is nested too deeply to validate", "嵌套过深，无法校验")

#: The kind of problem each JSON Schema keyword states, for the errors no member's spec
#: words (a schema perfeval did not generate; none of its own, as far as the tests find).
_KEYWORD_KINDS: Final = {
    "required": "required",
    "dependentRequired": "required",
    "type": "type",
    "pattern": "pattern",
    "format": "format",
    "enum": "enum",
    "const": "enum",
    "additionalProperties": "unknown-member",
    "unevaluatedProperties": "unknown-member",
    "unevaluatedItems": "unknown-member",
    "propertyNames": "pattern",
    "minLength": "empty",
    "minItems": "empty",
    "minProperties": "empty",
    "maxLength": "limit",
    "maxItems": "limit",
    "maxProperties": "limit",
    "minimum": "range",
    "maximum": "range",
    "exclusiveMinimum": "range",
    "exclusiveMaximum": "range",
    "multipleOf": "range",
}

_KEYWORD_ZH: Final = {
    "required": "缺少必填项",
    "type": "类型不符合要求（应为 {value}）",
    "pattern": "格式不符合要求（应匹配 {value}）",
    "format": "不是 {value} 格式",
    "enum": "不是允许的值之一",
    "const": "不是规定的值",
    "additionalProperties": "含有不允许的成员",
    "unevaluatedProperties": "含有不允许的成员",
    "minLength": "太短（至少 {value} 个字符）",
    "maxLength": "太长（最多 {value} 个字符）",
    "minItems": "项数太少（至少 {value} 项）",
    "maxItems": "项数太多（最多 {value} 项）",
    "minProperties": "成员太少（至少 {value} 个）",
    "maxProperties": "成员太多（最多 {value} 个）",
    "minimum": "应不小于 {value}",
    "maximum": "应不大于 {value}",
    "exclusiveMinimum": "应大于 {value}",
    "exclusiveMaximum": "应小于 {value}",
    "uniqueItems": "数组中有重复的项",
}


def _keyword_message(keyword: str, expected: Any, english: str) -> Message:
    """The words of a JSON Schema error that no member's spec words: jsonschema's own.

    The kind follows the keyword (:data:`_KEYWORD_KINDS`; ``"rule"`` for the others),
    the Chinese says what the keyword asks.

    >>> _keyword_message("maxLength", 3, "'abcd' is too long")
    Message(kind='limit', en="'abcd' is too long", zh='太长（最多 3 个字符）')
    >>> _keyword_message("not", {}, "should not be valid").zh
    '不符合 JSON 模式的 not 规则'
    """
    shown = expected if isinstance(expected, (str, int)) else json.dumps(expected, default=str)
    template = _KEYWORD_ZH.get(keyword, f"不符合 JSON 模式的 {keyword} 规则")
    return Message(_KEYWORD_KINDS.get(keyword, "rule"), english, template.format(value=shown))


# -- command line -------------------------------------------------------------------------


def _version_problem(version: Any) -> Message | None:
    spec = spec_of(attrs.fields(Report).schema_version)
    return spec.kind.problem(spec, version)


def _copies(version: str) -> tuple[Path, Path]:
    package = Path(__file__).resolve().parent
    published = package.parent.parent / "schemas"
    if version != SCHEMA_VERSION:
        published = published / version
    return package / _packaged(version), published / _PACKAGED


def _policy_copies() -> tuple[Path, Path]:
    """The committed copies of the policy schema, beside the newest report schema's."""
    package, published = _copies(SCHEMA_VERSION)
    return package.with_name(_POLICY_SCHEMA), published.with_name(_POLICY_SCHEMA)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the schema, or write or check the committed copies.

    ``--write`` regenerates the committed copies of every version in a source
    checkout: ``schemas/report.schema.json`` and ``src/perfeval/report.schema.json``
    (the newest), ``schemas/<version>/report.schema.json`` and
    ``src/perfeval/schemas/<version>/report.schema.json`` (older ones), and the schema
    of policy files, ``schemas/policy.schema.json`` and
    ``src/perfeval/policy.schema.json``, and the schema of the command's JSON output,
    ``schemas/cli-output.schema.json``; ``--check`` returns 1 when any differs from
    the generated text.

    >>> from perfeval.schema import main
    >>> main(["--check"])
    0
    """
    parser = argparse.ArgumentParser(prog="python -m perfeval.schema", description=main.__doc__)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="regenerate the committed copies")
    action.add_argument("--check", action="store_true", help="exit 1 if a copy is out of date")
    args = parser.parse_args(argv)
    if not (args.write or args.check):
        sys.stdout.write(schema_text())
        return 0
    if not _copies(SCHEMA_VERSION)[1].parent.is_dir():
        sys.stderr.write(
            f"{_copies(SCHEMA_VERSION)[1].parent} not found: run this in a source checkout\n"
        )
        return 2
    from perfeval._cli_output import output_schema_text  # noqa: PLC0415 - only here
    from perfeval._policy_file import policy_schema_text  # noqa: PLC0415

    stale: list[Path] = []
    copies: list[tuple[str, tuple[Path, ...]]] = [
        (schema_text(version), _copies(version)) for version in SCHEMA_VERSIONS
    ]
    copies.append((policy_schema_text(), _policy_copies()))
    # The schema of the command's output is generated when asked for: published only.
    output = _copies(SCHEMA_VERSION)[1].with_name(_OUTPUT_SCHEMA)
    copies.append((output_schema_text(), (output,)))
    for text, paths in copies:
        for path in paths:
            if args.write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            elif not path.is_file() or path.read_text("utf-8") != text:
                stale.append(path)
    for path in stale:
        sys.stderr.write(f"{path} is out of date; regenerate it with: {_REGENERATE}\n")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
