"""Example reports bundled with perfeval, encoded faithfully from published documents.

Each example is a JSON document (schema 1.0) shipped inside the package as
``perfeval/examples/NAME.json``. It records what the report printed, its mistakes
included: the checks elsewhere in perfeval are meant to find them.

* ``kaifu-2020`` — 2020年度重点项目绩效评价结果 of a sub-district (街道) of 开福区,
  Changsha: two projects, every figure of the narrative as an indicator, the three
  problems the report names.
* ``qingshen-2023`` — 部门预算项目支出绩效自评表（2023年度） of 青神县发展和改革局
  (Sichuan layout; the results columns were left blank).
* ``tangxi-2022`` — 项目支出绩效自评表（2022年度） of 池州市贵池区棠溪镇人民政府 (its
  total row printed as zeros; the satisfaction row cut off).

>>> from perfeval import examples
>>> examples.names()
('kaifu-2020', 'qingshen-2023', 'tangxi-2022')
>>> report = examples.load("kaifu-2020")
>>> report.fiscal_year, [project.id for project in report.projects]
(2020, ['public-service', 'social-management'])
>>> examples.path("tangxi-2022").name
'tangxi-2022.json'
>>> examples.load("kaifu")
Traceback (most recent call last):
...
KeyError: "no example named 'kaifu'; the examples are: kaifu-2020, qingshen-2023, tangxi-2022"
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import pathlib
import sys
from importlib import resources
from typing import TYPE_CHECKING, Final

from perfeval.model import Report
from perfeval.serialize import loads

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["load", "names", "path", "text"]

_SUFFIX: Final = ".json"
# Paths extracted from a zipped installation live until the interpreter exits.
_EXTRACTED: Final = contextlib.ExitStack()
atexit.register(_EXTRACTED.close)


def _package() -> Traversable:
    return resources.files(__name__)


@functools.cache
def _names() -> tuple[str, ...]:
    found = (
        entry.name[: -len(_SUFFIX)]
        for entry in _package().iterdir()
        if entry.name.endswith(_SUFFIX) and entry.is_file()
    )
    return tuple(sorted(found))


def names() -> tuple[str, ...]:
    """The names of the bundled examples, sorted.

    Returns:
        Every name :func:`load` accepts, in sorted order.

    >>> from perfeval.examples import names
    >>> names()
    ('kaifu-2020', 'qingshen-2023', 'tangxi-2022')
    """
    return _names()


def _resource(name: str) -> Traversable:
    if name not in _names():
        listed = ", ".join(_names())
        msg = f"no example named {name!r}; the examples are: {listed}"
        raise KeyError(msg)
    return _package().joinpath(name + _SUFFIX)


def path(name: str) -> pathlib.Path:
    """The file system path of the example *name*'s JSON file.

    Args:
        name: One of :func:`names`.

    Returns:
        The path of ``NAME.json`` inside the installed package (from a zipped
        installation, a copy that lasts until the interpreter exits).

    Raises:
        KeyError: *name* is not an example; the message lists the names.

    >>> from perfeval.examples import path
    >>> path("kaifu-2020").name
    'kaifu-2020.json'
    >>> path("kaifu-2020").parent.name
    'examples'
    >>> path("nowhere")
    Traceback (most recent call last):
    ...
    KeyError: "no example named 'nowhere'; the examples are: kaifu-2020, qingshen-2023, tangxi-2022"
    """
    resource = _resource(name)
    if isinstance(resource, pathlib.Path):
        return resource
    return _EXTRACTED.enter_context(resources.as_file(resource))  # pragma: no cover - zipped


def text(name: str) -> str:
    """The JSON text of the example *name*, exactly as shipped (canonical, indent 2).

    Args:
        name: One of :func:`names`.

    Returns:
        The document as text, ending with a newline.

    Raises:
        KeyError: *name* is not an example; the message lists the names.

    >>> from perfeval.examples import text
    >>> text("qingshen-2023").splitlines()[:2]
    ['{', '  "schema_version": "1.0",']
    >>> text("qingshen")
    Traceback (most recent call last):
    ...
    KeyError: "no example named 'qingshen'; the examples are: kaifu-2020, qingshen-2023, ..."
    """
    return _resource(name).read_text(encoding="utf-8")


def load(name: str) -> Report:
    """Load the example *name* as a :class:`~perfeval.Report` (fully validated).

    Args:
        name: One of :func:`names`.

    Returns:
        A new report read from the bundled JSON.

    Raises:
        KeyError: *name* is not an example; the message lists the names.

    >>> from perfeval.examples import load
    >>> report = load("tangxi-2022")
    >>> report.unit.name, report.projects[0].totals.budget
    ('池州市贵池区棠溪镇人民政府', Money('0', MoneyUnit.WAN_YUAN))
    >>> load("tangxi")
    Traceback (most recent call last):
    ...
    KeyError: "no example named 'tangxi'; the examples are: kaifu-2020, qingshen-2023, tangxi-2022"
    """
    return loads(text(name))
