"""Sphinx configuration for the perfeval documentation."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

from perfeval._version import __version__

project = "perfeval"
author = "perfeval contributors"
copyright = "2026, perfeval contributors"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "error_kinds",
    "findings_catalogue",
    "public_names",
    "schema_reference",
    "schema_hosting",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_*.md"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# Every cross-reference must resolve (-n), except those into other projects'
# documentation: the docs build offline, without intersphinx inventories.
_EXTERNAL_MODULES = (
    r"(decimal|typing|typing_extensions|collections\.abc|enum|pathlib|os|io|json|"
    r"argparse|attr|attrs|cattrs|cattr|jsonschema|referencing|types|datetime|re)\..*"
)
_EXTERNAL_NAMES = (
    r"(Decimal|Path|Any|Iterable|Iterator|Sequence|Mapping|Callable|IO|TextIO|"
    r"BinaryIO|Final|Literal|Self|Enum|date|datetime|SupportsIndex|Traversable)"
)
_BUILTINS = (
    r"(str|int|bool|bytes|bytearray|float|dict|list|tuple|set|frozenset|object|"
    r"type|None|NoneType|Exception|ValueError|TypeError|KeyError|memoryview)"
)
nitpick_ignore_regex = [
    (r"py:.*", _EXTERNAL_MODULES),
    (r"py:.*", _EXTERNAL_NAMES),
    (r"py:class", _BUILTINS),
    (r"py:exc", r"(ValueError|TypeError|ZeroDivisionError|KeyError|OSError|decimal\.Inexact)"),
]


html_theme = "furo"
html_title = f"perfeval {release}"
