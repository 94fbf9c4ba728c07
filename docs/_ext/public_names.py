"""Let the names perfeval is imported by stand for the modules that define them.

The API reference describes each public object once, under the name users import it
by: ``perfeval.Money``, not ``perfeval.money.Money``. Docstrings and type hints still
name objects by where they are defined (``:func:`parse_money``` inside
``perfeval.money``, an annotation ``perfeval.codes.MoneyUnit``), and ``-n`` requires
every such reference to resolve. Autodoc gives classes their defining name as
``:canonical:``, but not functions or data. This extension does the same for every
name of ``perfeval.__all__``: each public module that holds the same object under the
same name becomes an alias of the ``perfeval.<name>`` entry, and so do the members
described under it. A short name that a docstring shown under ``perfeval`` cannot
resolve is looked up in the public modules.

It also gives data re-exported by the package (``perfeval.POLICIES``) the ``#:``
comment it has in its defining module, which autodoc only reads from the module the
directive names.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sphinx.pycode import ModuleAnalyzer

import perfeval

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup"]


@functools.cache
def _public_modules() -> tuple[ModuleType, ...]:
    found = pkgutil.iter_modules(perfeval.__path__, "perfeval.")
    return tuple(importlib.import_module(info.name) for info in found if "._" not in info.name)


def _homes(name: str) -> list[str]:
    """The public modules holding ``perfeval.<name>`` under the same name."""
    value = getattr(perfeval, name)
    return [
        module.__name__
        for module in _public_modules()
        if module is not value and getattr(module, name, None) is value
    ]


def _note_aliases(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain: Any = env.get_domain("py")
    entries = dict(domain.objects)
    for name in perfeval.__all__:
        public = f"perfeval.{name}"
        if public not in entries or entries[public].aliased:
            continue
        # The object and its members: perfeval.money.Money.to is perfeval.Money.to.
        described = [key for key in entries if key == public or key.startswith(f"{public}.")]
        for home in _homes(name):
            for key in described:
                alias = home + key.removeprefix("perfeval")
                # What note_object(..., aliased=True) records, with the entry's document
                # (no document is being read now). An alias never hides a real entry.
                domain.objects.setdefault(alias, entries[key]._replace(aliased=True))
    return []


def _resolve_in_modules(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve a short name in a docstring shown under ``perfeval`` in its own module.

    On the API page a function of ``perfeval.money`` is shown as ``perfeval.rate``, so
    its docstring's ``:data:`MAX_PLACES``` is looked up as ``perfeval.MAX_PLACES``.
    Where exactly one public module describes that name, the reference means it.
    """
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or node.get("py:module") != "perfeval":
        return None
    if target.startswith(("perfeval.", "~", ".")):
        return None
    domain: Any = env.get_domain("py")
    found = [
        f"{module.__name__}.{target}"
        for module in _public_modules()
        if f"{module.__name__}.{target}" in domain.objects
    ]
    if len(found) != 1:
        return None
    retarget = node.deepcopy()
    retarget["reftarget"] = found[0]
    resolved: Element | None = domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], found[0], retarget, contnode
    )
    return resolved


def _module_comment(  # noqa: PLR0917 - the signature of Sphinx's event
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    if what != "data" or name.count(".") != 1 or not name.startswith("perfeval."):
        return
    short = name.removeprefix("perfeval.")
    for home in _homes(short):
        comment = ModuleAnalyzer.for_module(home).find_attr_docs().get(("", short))
        if comment:
            lines[:] = [line.rstrip("\n") for line in comment]
            return


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the aliases after reading, and the comments while documenting."""
    app.connect("env-updated", _note_aliases)
    app.connect("missing-reference", _resolve_in_modules)
    app.connect("autodoc-process-docstring", _module_comment)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
