"""A Sphinx directive that renders perfeval's rule registry as the findings catalogue.

Usage, in a MyST page::

    ```{findings-catalogue}
    ```

or in reStructuredText ``.. findings-catalogue::``. It renders one table row per
:class:`perfeval.checks.Rule`, in registry order: the code (with an anchor
``finding-<code>`` to link to), the default severity, and the title in English and
Chinese with the description. The table is built from docutils nodes, so it reads
the same from Markdown and from reStructuredText, and the page is rebuilt whenever
a module of ``perfeval/checks/`` changes (each rule is declared beside its emitter).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from perfeval import checks

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["FindingsCatalogue", "setup"]

_COLUMNS = (("Code", 22), ("Severity", 12), ("Rule", 66))


def _entry(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(children)
    return entry


def _row(*entries: nodes.entry) -> nodes.row:
    row = nodes.row()
    row.extend(entries)
    return row


class FindingsCatalogue(SphinxDirective):
    """Render every rule of :data:`perfeval.checks.RULES` as a table."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the table."""
        for module in sorted(Path(checks.__file__).parent.glob("*.py")):
            self.env.note_dependency(str(module))
        table = nodes.table(classes=["findings-catalogue"])
        group = nodes.tgroup(cols=len(_COLUMNS))
        table += group
        for _, width in _COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row(*(_entry(nodes.paragraph(text=name)) for name, _ in _COLUMNS))
        group += head
        body = nodes.tbody()
        for rule in checks.rules():
            body += self._rule_row(rule)
        group += body
        return [table]

    def _rule_row(self, rule: checks.Rule) -> nodes.row:
        code = nodes.paragraph()
        code += nodes.literal(text=rule.code)
        anchor = f"finding-{rule.code}"
        code["ids"].append(anchor)
        self.state.document.note_explicit_target(code)
        severity = nodes.paragraph(text=f"{rule.severity.value} {rule.severity.label}")
        title = nodes.paragraph()
        title += nodes.strong(text=rule.title)
        title += nodes.Text(f" ({rule.title_zh})")
        description = nodes.paragraph(text=rule.description)
        return _row(_entry(code), _entry(severity), _entry(title, description))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``findings-catalogue`` directive."""
    app.add_directive("findings-catalogue", FindingsCatalogue)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
