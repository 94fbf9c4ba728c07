"""Write the intersphinx inventories the documentation links through, for offline builds.

``docs/conf.py`` resolves references into Python's, attrs', cattrs' and jsonschema's
documentation from the inventories in ``docs/_inventories/``, so that ``sphinx -n``
builds without a network. The machines that build perfeval's documentation cannot
reach those sites, so this script does not download their ``objects.inv``: it writes a
subset of each, holding only the objects perfeval's pages and docstrings refer to,
each with its address in that project's published documentation (the addresses
follow each project's layout: ``library/<module>.html#<name>`` for Python,
``api.html#<name>`` for attrs, ``<module>.html#<name>`` for cattrs and
``api/<package>/<module>/#<name>`` for jsonschema).

A reference to an object not listed here fails the ``-n`` build: add the object to
``OBJECTS`` and run ``python scripts/build_inventories.py``. Where the sites are
reachable, ``--download`` replaces the subsets with the projects' own inventories.
"""

from __future__ import annotations

import argparse
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "_inventories"

#: Each project: its documentation's root, the version named in the inventory, and
#: the objects as (name, domain:role, address relative to the root).
OBJECTS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "python": (
        "https://docs.python.org/3",
        "3",
        [
            ("collections.abc.Iterable", "py:class", "library/collections.abc.html"),
            ("collections.abc.Mapping", "py:class", "library/collections.abc.html"),
            ("collections.abc.Sequence", "py:class", "library/collections.abc.html"),
            ("datetime.date", "py:class", "library/datetime.html"),
            ("decimal.Decimal", "py:class", "library/decimal.html"),
            ("decimal.Inexact", "py:class", "library/decimal.html"),
            ("decimal.Overflow", "py:class", "library/decimal.html"),
            ("json.loads", "py:function", "library/json.html"),
            ("os.PathLike", "py:class", "library/os.html"),
            ("pathlib.Path", "py:class", "library/pathlib.html"),
            ("KeyError", "py:exception", "library/exceptions.html"),
            ("OSError", "py:exception", "library/exceptions.html"),
            ("TypeError", "py:exception", "library/exceptions.html"),
            ("ValueError", "py:exception", "library/exceptions.html"),
            ("ZeroDivisionError", "py:exception", "library/exceptions.html"),
            ("bool", "py:class", "library/functions.html"),
            ("bytes", "py:class", "library/stdtypes.html"),
            ("dict", "py:class", "library/stdtypes.html"),
            ("float", "py:class", "library/functions.html"),
            ("frozenset", "py:class", "library/stdtypes.html"),
            ("int", "py:class", "library/functions.html"),
            ("list", "py:class", "library/stdtypes.html"),
            ("str", "py:class", "library/stdtypes.html"),
            ("tuple", "py:class", "library/stdtypes.html"),
        ],
    ),
    "attrs": (
        "https://www.attrs.org/en/stable",
        "stable",
        [
            ("attrs.field", "py:function", "api.html"),
            ("attrs.frozen", "py:function", "api.html"),
        ],
    ),
    "cattrs": (
        "https://catt.rs/en/stable",
        "stable",
        [("cattrs.Converter", "py:class", "cattrs.html")],
    ),
    "jsonschema": (
        "https://python-jsonschema.readthedocs.io/en/stable",
        "stable",
        [
            (
                "jsonschema.validators.Draft202012Validator",
                "py:class",
                "api/jsonschema/validators/",
            )
        ],
    ),
}


def inventory(project: str, version: str, objects: list[tuple[str, str, str]]) -> bytes:
    """An inventory in Sphinx's format (version 2): a header, then zlib-compressed lines."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    # name, domain:role, priority, address ("$" stands for the name), display name ("-": same)
    lines = "".join(f"{name} {role} 1 {page}#$ -\n" for name, role, page in sorted(objects))
    return header.encode() + zlib.compress(lines.encode(), 9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument(
        "--download", action="store_true", help="fetch the projects' own inventories instead"
    )
    args = parser.parse_args(argv)
    TARGET.mkdir(exist_ok=True)
    for project, (root, version, objects) in OBJECTS.items():
        if args.download:
            with urllib.request.urlopen(f"{root}/objects.inv", timeout=30) as response:  # noqa: S310 - fixed https addresses
                data = response.read()
        else:
            data = inventory(project, version, objects)
        (TARGET / f"{project}.inv").write_bytes(data)
        print(f"wrote {TARGET.relative_to(ROOT) / f'{project}.inv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
