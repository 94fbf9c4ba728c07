"""A Sphinx directive that renders :data:`perfeval.errors.ERROR_KINDS` as a table.

Usage, in a MyST page::

    ```{error-kinds}
    ```

One row per code, in the order of the mapping: the code (with an anchor
``error-kind-<code>``), the English and Chinese labels, and the meaning. Written from
the mapping itself, so the page cannot drift from the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from perfeval import errors

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["ErrorKinds", "setup"]

_COLUMNS = (("Code", 20), ("Label", 30), ("Meaning", 50))


def _entry(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(children)
    return entry


class ErrorKinds(SphinxDirective):
    """Render every code of :data:`perfeval.errors.ERROR_KINDS` as a table."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the table."""
        self.env.note_dependency(str(Path(errors.__file__)))
        table = nodes.table(classes=["error-kinds"])
        group = nodes.tgroup(cols=len(_COLUMNS))
        table += group
        for _, width in _COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        row = nodes.row()
        row.extend(_entry(nodes.paragraph(text=name)) for name, _ in _COLUMNS)
        head += row
        group += head
        body = nodes.tbody()
        for code, kind in errors.ERROR_KINDS.items():
            body += self._row(code, kind)
        group += body
        return [table]

    def _row(self, code: str, kind: errors.ErrorKind) -> nodes.row:
        name = nodes.paragraph()
        name += nodes.literal(text=code)
        name["ids"].append(f"error-kind-{code}")
        self.state.document.note_explicit_target(name)
        label = nodes.paragraph(text=f"{kind.label} ({kind.label_zh})")
        row = nodes.row()
        row.extend((_entry(name), _entry(label), _entry(nodes.paragraph(text=kind.meaning))))
        return row


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``error-kinds`` directive."""
    app.add_directive("error-kinds", ErrorKinds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
