"""Sphinx configuration for the perfeval documentation."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# Imported here so that a build without it fails, rather than build a search index
# without a Chinese word (Sphinx falls back to that silently).
import jieba
import sphinx

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
    "sphinx.ext.intersphinx",
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
if sphinx.version_info < (9,):
    # Sphinx 8 leaves the alias in perfeval.export.load_rows' return type unqualified
    # (``list[Row]``) and cannot link it; Sphinx 9 links it to perfeval.export.Row.
    nitpick_ignore = [("py:class", "Row")]
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# Every cross-reference must resolve (-n), those into other projects' documentation
# included. The inventories are kept in the repository so that the build needs no
# network; scripts/build_inventories.py writes them (and says how to add an object).
intersphinx_mapping = {
    name: (url, f"_inventories/{name}.inv")
    for name, url in {
        "python": "https://docs.python.org/3",
        "attrs": "https://www.attrs.org/en/stable",
        "cattrs": "https://catt.rs/en/stable",
        "jsonschema": "https://python-jsonschema.readthedocs.io/en/stable",
    }.items()
}

html_theme = "furo"
# The pages are English about Chinese reports: readers search for 预算, 绩效 or 万元.
# Sphinx's Chinese splitter cuts the Chinese text into words with jieba (a development
# dependency) and indexes the English words as the English splitter would.
html_search_language = "zh"
jieba.setLogLevel(logging.WARNING)  # not its progress report on every build
html_title = f"perfeval {release}"
