"""The fast load path: one loader per class, generated from the field spec.

Each class of the model gets a function, written from its members' specs (each
kind's :meth:`~perfeval._spec.Kind.load_source`), that takes the JSON object,
checks every member inline and builds the instance directly: ``object.__new__``,
one slot setter per member, then the class's ``__attrs_post_init__`` (the rules
between members). No attrs ``__init__`` runs, so no member is checked twice.

The generated code accepts exactly what the detailed path accepts and builds equal
objects; at the first thing it does not accept it raises :class:`Slow`, and the
document goes to the detailed path, which finds and words every problem (or, should
the generated code ever be stricter than the model, builds the report itself).
``tests/property/test_fast_path.py`` holds the two paths to agreement.

The detailed path tries the same loaders on each object before checking it member
by member (:func:`class_loader`), so a document with a few problems costs about one
load more, not a second pass over every object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

import attrs

from perfeval import _spec
from perfeval._io.convert import MODEL_CLASSES, money_of
from perfeval.model import Report
from perfeval.money import Money
from perfeval.quantity import AT_LEAST_ONE, _present

__all__ = ["Slow", "class_loader", "loader", "source_of"]


class Slow(Exception):  # noqa: N818 - a signal, not an error: the detailed path decides
    """The generated loader does not take this document: the detailed path will."""


_ABSENT: Final = object()


def _load_money(value: Any) -> Money:
    """Money, as the converter's hook takes it, or :class:`Slow`."""
    money = money_of(value)
    if money is None:
        raise Slow
    return money


class _Source(_spec.Source):
    """The namespace and the names of one version's generated loaders."""

    def __init__(self, *, texts_checked: bool) -> None:
        self.texts_checked = texts_checked
        self.namespace: dict[str, Any] = {
            "__SLOW": Slow,  # raised as a class: a new instance each time
            "__ABSENT": _ABSENT,
            "__new": object.__new__,
            "_load_Money": _load_money,
        }
        self.count = 0

    def constant(self, value: Any) -> str:
        self.count += 1
        name = f"_k{self.count}"
        self.namespace[name] = value
        return name

    def variable(self) -> str:
        self.count += 1
        return f"_v{self.count}"

    def class_loader(self, cls: type) -> str:
        return f"_load_{cls.__name__}"


def source_of(cls: type, version: str, source: _spec.Source) -> str:
    """The source of the generated loader of *cls* for documents of schema *version*."""
    fields = attrs.fields(cls)
    allowed = source.constant(frozenset(_spec.members(cls, version)).issuperset)
    lines = [
        f"def {source.class_loader(cls)}(d):",
        f"    if type(d) is not dict or not {allowed}(d): raise {source.slow}",
        "    get = d.get",
    ]
    for field in fields:
        spec = _spec.spec_of(field)
        out = f"m_{field.name}"
        lines.append(f"    v = get({field.name!r}, __ABSENT)")
        required = field.default is attrs.NOTHING or spec.always
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            msg = f"{cls.__name__}.{field.name}: a factory default cannot be generated"
            raise TypeError(msg)
        lines.append("    if v is __ABSENT:")
        if required:
            lines.append(f"        raise {source.slow}")
        elif field.default is None or field.default == ():
            lines.append(f"        {out} = {field.default!r}")
        else:
            lines.append(f"        {out} = {source.constant(field.default)}")
        lines.append("    else:")
        lines.extend(f"        {line}" for line in spec.kind.load_source(spec, "v", out, source))
    post_init = getattr(cls, "__attrs_post_init__", None)
    if post_init is _present:  # the rule written inline, before anything is built
        present = " and ".join(f"m_{name} is None" for name in AT_LEAST_ONE[cls.__name__])
        lines.append(f"    if {present}: raise {source.slow}")
    lines.append(f"    o = __new({source.constant(cls)})")
    for field in fields:
        setter = source.constant(cls.__dict__[field.name].__set__)
        lines.append(f"    {setter}(o, m_{field.name})")
    if post_init is not None and post_init is not _present:
        lines.append("    o.__attrs_post_init__()")
    lines.append("    return o")
    return "\n".join(lines)


def loader(version: str, *, texts_checked: bool = False) -> Callable[[Any], Any]:
    """The generated loader of a whole document of schema *version* (built on first use).

    It returns the :class:`~perfeval.model.Report` or raises :class:`Slow` (or the
    error of a rule between members, which the detailed path words alike). With
    *texts_checked* (data that :func:`perfeval._io.text.read` returned, whose texts
    and names it has held to the limits) texts are not measured again.
    """
    return _loaders(version, texts_checked=texts_checked)[Report]


def class_loader(version: str, cls: type, *, texts_checked: bool) -> Callable[[Any], Any]:
    """The generated loader of one object of *cls*, as :func:`loader` builds a document.

    The detailed path tries it on each object first: an object it builds has no
    problem, so only the objects on the way to a problem are checked member by member.
    """
    return _loaders(version, texts_checked=texts_checked)[cls]


@functools.cache
def _loaders(version: str, *, texts_checked: bool) -> dict[type, Callable[[Any], Any]]:
    source = _Source(texts_checked=texts_checked)
    classes = [cls for cls in MODEL_CLASSES if cls is not Money]
    text = "\n\n".join(source_of(cls, version, source) for cls in classes)
    name = f"<perfeval loaders {version}{', texts checked' if texts_checked else ''}>"
    exec(compile(text, name, "exec"), source.namespace)  # noqa: S102 - from the model's own fields
    return {cls: source.namespace[source.class_loader(cls)] for cls in classes}
