"""Render the reference of the published JSON Schema, and the code lists, at build time.

``perfeval-schema-reference`` reads :func:`perfeval.schema.json_schema` and writes one
section per ``$defs`` entry: for an object, a table of its members (type, required,
Chinese title, description, constraints) and the rules between its members; for a
code list, a table of its codes with their Chinese labels and English descriptions.
Its option ``:part:`` is ``objects``, ``codes`` or ``all`` (the default). Each section
has the id and label ``schema-<name>`` (lower case), for ``{ref}`` links.

``perfeval-code-table`` takes the name of a code list of :mod:`perfeval.codes` and
writes its table: Python member, JSON code, Chinese label, description.

Nothing is written by hand, so the pages cannot drift from the code. Besides:

* a ``missing-reference`` handler resolves ``perfeval.NAME`` (the public re-export) to
  where ``NAME`` is documented, ``perfeval.<module>.NAME``;
* an ``autodoc-process-signature`` handler shows the real defaults of attrs classes
  (``code=None``): with ``autodoc_preserve_defaults`` autodoc would print the source
  of attrs' generated ``__init__`` (``code=attr_dict['code'].default``).
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

_PARTS = ("all", "objects", "codes")


def _anchor(name: str) -> str:
    return f"schema-{name.lower()}"


def _def_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _is_code_list(schema: dict[str, Any]) -> bool:
    return "oneOf" in schema and all("const" in branch for branch in schema["oneOf"])


def _literal(value: Any) -> nodes.literal:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return nodes.literal(text, text)


def _link(name: str) -> nodes.reference:
    return nodes.reference("", name, internal=True, refid=_anchor(name))


def _para(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


def _type_cell(prop: dict[str, Any], defs: dict[str, Any]) -> nodes.paragraph:
    """The member's type in words: ``string``, ``array of Issue``, ``code ReportKind``."""
    if prop.get("type") == "array":
        inner = _type_cell(prop["items"], defs)
        return _para("array of ", *inner.children)
    if "$ref" in prop:
        name = _def_name(prop["$ref"])
        kind = "code " if _is_code_list(defs.get(name, {})) else ""
        return _para(kind, _link(name))
    return _para(str(prop.get("type", "any")))


_CONSTRAINTS = (
    ("pattern", "pattern"),
    ("format", "format"),
    ("minLength", "min length"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("minItems", "min items"),
    ("default", "default"),
)


def _constraints(prop: dict[str, Any]) -> list[nodes.paragraph]:
    found = []
    for scope in (prop, prop.get("items", {})):
        for key, words in _CONSTRAINTS:
            if key == "minLength" and scope.get(key) == 1:
                found.append(_para("non-empty"))
            elif key in scope:
                found.append(_para(f"{words}: ", _literal(scope[key])))
    return found


def _table(headers: list[str], rows: list[list[nodes.Node]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["schema-reference"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    head = nodes.thead()
    head += _row([_para(text) for text in headers])
    group += head
    body = nodes.tbody()
    body.extend(_row(cells) for cells in rows)
    group += body
    return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += content
        row += entry
    return row


def _cell(children: list[nodes.paragraph]) -> nodes.Node:
    container = nodes.container()
    container.extend(children)
    return container


def _object_rules(schema: dict[str, Any]) -> list[nodes.Node]:
    """The rules between members, in words where the shape is known, else as JSON."""
    items: list[nodes.Node] = []
    if schema.get("additionalProperties") is False:
        items.append(_para("No other members are allowed."))
    elif "additionalProperties" not in schema:
        items.append(_para("Other members are allowed and kept."))
    if "anyOf" in schema and all(
        list(branch) == ["properties", "required"] for branch in schema["anyOf"]
    ):
        members = [name for branch in schema["anyOf"] for name in branch["required"]]
        items.append(_para("At least one of: ", *_joined(members), "."))
    elif "anyOf" in schema:
        items.append(_para("anyOf: ", _literal(schema["anyOf"])))
    if "minProperties" in schema:
        items.append(_para(f"At least {schema['minProperties']} member(s) present."))
    if "if" in schema:
        items.append(_conditional(schema["if"], schema.get("then", {})))
    if not items:
        return []
    bullets = nodes.bullet_list()
    for item in items:
        entry = nodes.list_item()
        entry += item
        bullets += entry
    return [bullets]


def _conditional(if_: dict[str, Any], then: dict[str, Any]) -> nodes.paragraph:
    """``if`` a member is one of some codes ``then`` an array has a minimum length, in words."""
    conditions = if_.get("properties", {})
    consequences = then.get("properties", {})
    if len(conditions) == 1 and len(consequences) == 1:
        [(member, condition)] = conditions.items()
        [(array, consequence)] = consequences.items()
        if list(condition) == ["enum"] and list(consequence) == ["type", "minItems"]:
            return _para(
                "If ",
                _literal(member),
                " is one of ",
                *_joined(condition["enum"]),
                f", {array} must have at least {consequence['minItems']} item(s).",
            )
    return _para("If ", _literal(if_), ", then ", _literal(then), ".")


def _joined(names: list[str]) -> list[nodes.Node | str]:
    parts: list[nodes.Node | str] = []
    for index, name in enumerate(names):
        if index:
            parts.append(", ")
        parts.append(_literal(name))
    return parts


def _object_section(name: str, schema: dict[str, Any], defs: dict[str, Any]) -> list[nodes.Node]:
    required = set(schema.get("required", ()))
    rows = [
        [
            _literal(member),
            _type_cell(prop, defs),
            _para("required" if member in required else "optional"),
            _para(prop.get("title", "")),
            _para(prop.get("description", "")),
            _cell(_constraints(prop)),
        ]
        for member, prop in schema.get("properties", {}).items()
    ]
    headers = ["Member", "Type", "Required", "标题", "Description", "Constraints"]
    return [
        _para(schema.get("description", "")),
        _table(headers, rows, [14, 14, 8, 12, 30, 22]),
        *_object_rules(schema),
    ]


def _code_section(schema: dict[str, Any]) -> list[nodes.Node]:
    rows = [
        [_literal(branch["const"]), _para(branch.get("title", "")), _para(branch["description"])]
        for branch in schema["oneOf"]
    ]
    return [
        _para(schema.get("description", "")),
        _table(["Code", "标签", "Description"], rows, [25, 25, 50]),
    ]


class SchemaReference(SphinxDirective):
    """``perfeval-schema-reference``: the ``$defs`` of the schema as sections and tables."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "part": lambda argument: directives.choice(argument, _PARTS),
    }

    def run(self) -> list[nodes.Node]:
        """Build one section per ``$defs`` entry of the selected part."""
        from perfeval import codes, model, money, quantity, schema  # noqa: PLC0415

        for module in (schema, model, codes, money, quantity):
            self.env.note_dependency(str(Path(module.__file__ or "").resolve()))
        document = schema.json_schema()
        defs: dict[str, Any] = document["$defs"]
        part = self.options.get("part", "all")
        result: list[nodes.Node] = []
        if part in ("all", "objects"):
            result.append(
                _para(
                    "Schema ", _literal(document["$id"]), " (", _literal(document["$schema"]), ")"
                )
            )
        std = cast("StandardDomain", self.env.get_domain("std"))
        for name, entry in defs.items():
            code_list = _is_code_list(entry)
            if (part == "objects" and code_list) or (part == "codes" and not code_list):
                continue
            section = nodes.section(ids=[_anchor(name)], names=[_anchor(name)])
            title = f"{name} ({entry['title']})" if entry.get("title") != name else name
            section += nodes.title(title, title)
            section.extend(
                _code_section(entry) if code_list else _object_section(name, entry, defs)
            )
            std.note_hyperlink_target(_anchor(name), self.env.docname, _anchor(name), title)
            result.append(section)
        return result


class CodeTable(SphinxDirective):
    """``perfeval-code-table``: the members of one code list of :mod:`perfeval.codes`."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Build the table of the code list named by the argument."""
        from perfeval import codes  # noqa: PLC0415 - after conf.py's sys.path

        self.env.note_dependency(str(Path(codes.__file__ or "").resolve()))
        cls = getattr(codes, self.arguments[0])
        rows = [
            [
                _literal(member.name),
                _literal(member.value),
                _para(member.label),
                _para(member.description),
            ]
            for member in cls
        ]
        return [_table(["Member", "Code", "标签", "Description"], rows, [25, 20, 20, 35])]


def _resolve_reexport(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    """Resolve ``perfeval.loads`` to ``perfeval.serialize.loads``, and so on."""
    target: str = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("perfeval."):
        return None
    import perfeval  # noqa: PLC0415 - after conf.py's sys.path

    name, _, rest = target.removeprefix("perfeval.").partition(".")
    module = getattr(getattr(perfeval, name, None), "__module__", "perfeval")
    if module == "perfeval" or not module.startswith("perfeval."):
        return None
    resolved = f"{module}.{name}" + (f".{rest}" if rest else "")
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], resolved, node, contnode
    )


def _attrs_signature(
    _app: Sphinx,
    what: str,
    _name: str,
    obj: Any,
    _options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """Replace ``x=attr_dict['x'].default`` in an attrs class's signature by the default."""
    if what != "class" or not signature or "attr_dict[" not in signature:
        return None
    import attrs  # noqa: PLC0415 - only needed when autodoc runs

    # autodoc_preserve_defaults has replaced the defaults in __init__'s __signature__;
    # the fields still hold the real ones.
    defaults = {field.alias: field.default for field in attrs.fields(obj) if field.init}
    empty = inspect.Parameter.empty
    parameters = [
        parameter.replace(
            annotation=empty,
            default=defaults[parameter.name] if parameter.default is not empty else empty,
        )
        for parameter in inspect.signature(obj).parameters.values()
    ]
    return str(inspect.Signature(parameters)), return_annotation


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives and the resolver of re-exported names."""
    app.add_directive("perfeval-schema-reference", SchemaReference)
    app.add_directive("perfeval-code-table", CodeTable)
    app.connect("missing-reference", _resolve_reexport)
    app.connect("autodoc-process-signature", _attrs_signature)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
