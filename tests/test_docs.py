"""The documentation: every public name described, every example runnable as copied.

The built pages are checked once per session from one HTML build (with ``-W -n``, as
``scripts/dev.py`` builds them): the API reference describes every public object under
the name it is imported by, and the search index finds the pages by their Chinese
words.

The examples are the ``{doctest}`` blocks of ``docs/*.md``. Each page runs here in a
fresh namespace, without the names a doctest setup could inject, so a reader who copies
a page's blocks in order gets what the page shows; and each block imports the perfeval
names it uses, so copying one block alone does not end in a ``NameError``.
"""

from __future__ import annotations

import ast
import decimal
import doctest
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pytest

import perfeval

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.glob("*.md"))

#: What Sphinx's doctest builder runs with unless a block says otherwise
#: (its ``doctest_default_flags``, which ``docs/conf.py`` leaves alone).
_SPHINX_FLAGS = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\{(?P<directive>[\w-]+)\}[^\n]*\n", re.MULTILINE)


def _public_modules() -> list[ModuleType]:
    found = pkgutil.iter_modules(perfeval.__path__, "perfeval.")
    return [importlib.import_module(info.name) for info in found if "._" not in info.name]


def _blocks(page: Path, directive: str) -> list[tuple[int, dict[str, str], str]]:
    """Each ``{directive}`` block of *page*: its line, its options and its body."""
    text = page.read_text(encoding="utf-8")
    blocks = []
    for match in _FENCE.finditer(text):
        if match["directive"] != directive:
            continue
        end = text.index(f"\n{match['fence']}\n", match.end() - 1)
        body = text[match.end() : end + 1]
        options: dict[str, str] = {}
        while option := re.match(r":([\w-]+):[ \t]*([^\n]*)\n", body):
            options[option[1]] = option[2]
            body = body[option.end() :]
        line = text.count("\n", 0, match.end()) + 1
        blocks.append((line, options, body))
    return blocks


def _flags(options: dict[str, str]) -> int:
    flags = _SPHINX_FLAGS
    for option in filter(None, (o.strip() for o in options.get("options", "").split(","))):
        flag = doctest.OPTIONFLAGS_BY_NAME[option[1:]]
        flags = flags | flag if option[0] == "+" else flags & ~flag
    return flags


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_examples_run_in_a_fresh_namespace(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__main__"}
    parser = doctest.DocTestParser()
    failures = []
    for line, options, body in _blocks(page, "doctest"):
        test = parser.get_doctest(body, {}, f"{page.name}:{line}", str(page), line)
        test.globs = namespace  # the page's blocks run one after the other, as in Sphinx
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=_flags(options))
        # A fresh interpreter's decimal context, not the one earlier tests left flags in.
        with decimal.localcontext(decimal.Context()):
            if runner.run(test, out=report.append, clear_globs=False).failed:
                failures.append("".join(report))
    assert failures == [], "\n".join(failures)


def _imported_names() -> set[str]:
    """The names a snippet must import itself rather than find in its namespace."""
    names = {"perfeval", "Decimal", "datetime", *perfeval.__all__}
    for module in _public_modules():
        names.update(getattr(module, "__all__", ()))
    return names


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_each_example_imports_what_it_uses(page: Path) -> None:
    parser = doctest.DocTestParser()
    blocks = _blocks(page, "doctest")
    # A name the page assigns is one of its variables (text = ...), carried from block
    # to block like the report the tutorial builds; the others must be imported.
    assigned = {
        node.id
        for _, _, body in blocks
        for example in parser.get_examples(body)
        for node in ast.walk(ast.parse(example.source))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    wanted = _imported_names() - assigned
    unbound: list[str] = []
    for line, _, body in blocks:
        bound: set[str] = set()
        for example in parser.get_examples(body):
            tree = ast.parse(example.source)
            # A parameter (def row(..., score)) is bound where it is used.
            bound.update(node.arg for node in ast.walk(tree) if isinstance(node, ast.arg))
            unbound.extend(
                f"{page.name}:{line + example.lineno}: {node.id}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Name)
                and isinstance(node.ctx, ast.Load)
                and node.id in wanted
                and node.id not in bound
            )
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    bound.update(
                        (alias.asname or alias.name).partition(".")[0] for alias in node.names
                    )
                elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                    bound.add(node.id)
    assert unbound == [], "these blocks use names they do not import:\n" + "\n".join(unbound)


def test_no_example_depends_on_a_hidden_setup() -> None:
    hidden = [
        f"{page.name}:{line}"
        for page in PAGES
        for directive in ("testsetup", "testcleanup")
        for line, _, _ in _blocks(page, directive)
    ]
    assert hidden == []
    assert "doctest_global_setup" not in (DOCS / "conf.py").read_text(encoding="utf-8")


def _documented_objects() -> dict[str, object]:
    """Every public object whose docstring the reference shows, by its name."""
    objects: dict[str, object] = {
        f"perfeval.{name}": getattr(perfeval, name) for name in perfeval.__all__
    }
    for module in _public_modules():
        objects[module.__name__] = module
        for name in getattr(module, "__all__", ()):
            objects.setdefault(f"{module.__name__}.{name}", getattr(module, name))
    return {
        name: value
        for name, value in objects.items()
        if inspect.isclass(value) or inspect.isfunction(value) or inspect.ismodule(value)
    }


def _docstring_examples() -> list[doctest.DocTest]:
    tests: dict[tuple[str | None, int | None], doctest.DocTest] = {}
    for name, value in _documented_objects().items():
        finder = doctest.DocTestFinder(recurse=not inspect.ismodule(value))
        for test in finder.find(value, name, globs={}):
            if test.examples:
                tests.setdefault((test.filename, test.lineno), test)
    return sorted(tests.values(), key=lambda test: test.name)


@pytest.mark.parametrize("test", _docstring_examples(), ids=lambda test: test.name)
def test_docstring_example_runs_as_copied(test: doctest.DocTest) -> None:
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    with decimal.localcontext(decimal.Context()):
        assert not runner.run(test, out=report.append).failed, "".join(report)


@pytest.fixture(scope="session")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML documentation, built once for the session."""
    out = tmp_path_factory.mktemp("html")
    command = ["-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html", DOCS, out]
    build = subprocess.run(
        [sys.executable, *map(str, command)], check=False, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    return out


def _described(html: Path) -> dict[str, tuple[str, int, str]]:
    """The Python objects of the built inventory: name → (role, priority, address).

    Priority -1 marks an alias (a defining module's name for an object described under
    another), which describes nothing itself.
    """
    with (html / "objects.inv").open("rb") as inventory:
        for _ in range(4):  # the header: format, project, version, compression
            inventory.readline()
        lines = zlib.decompress(inventory.read()).decode("utf-8").splitlines()
    described = {}
    for line in lines:
        match = re.fullmatch(r"(.+?)\s+(py:\S+)\s+(-?\d+)\s+(\S*)\s+.*", line)
        if match:
            described[match[1]] = (match[2], int(match[3]), match[4])
    return described


def _on_api_page(described: dict[str, tuple[str, int, str]], name: str) -> bool:
    _, priority, address = described.get(name, ("", -1, ""))
    return priority >= 0 and address.startswith("api.html#")


@pytest.mark.parametrize("name", perfeval.__all__)
def test_api_page_describes_each_name_of_the_package(html: Path, name: str) -> None:
    assert _on_api_page(_described(html), f"perfeval.{name}"), (
        f"perfeval.{name} is public but docs/api.md does not describe it"
    )


_MODULE_ONLY = [
    f"{module.__name__}.{name}"
    for module in _public_modules()
    for name in getattr(module, "__all__", ())
    if getattr(perfeval, name, None) is not getattr(module, name)
]


@pytest.mark.parametrize("name", _MODULE_ONLY)
def test_api_page_describes_each_name_only_a_module_exports(html: Path, name: str) -> None:
    assert _on_api_page(_described(html), name), (
        f"{name} is public but docs/api.md does not describe it"
    )


def _search_index(html: Path) -> dict[str, object]:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    prefix = "Search.setIndex("
    assert text.startswith(prefix), text[:100]
    index: dict[str, object] = json.loads(text[len(prefix) : text.rindex(")")])
    return index


@pytest.mark.parametrize(
    ("word", "pages"),
    [
        ("预算", {"index", "tutorial", "checks"}),
        ("绩效", {"index", "tutorial", "scoring"}),
        ("万元", {"money-and-quantities", "tutorial", "quickstart"}),
    ],
)
def test_search_finds_pages_by_chinese_words(html: Path, word: str, pages: set[str]) -> None:
    index = _search_index(html)
    terms = index["terms"]
    docnames = index["docnames"]
    assert isinstance(terms, dict)
    assert isinstance(docnames, list)
    found = terms.get(word, [])
    found = [found] if isinstance(found, int) else found
    # Without a Chinese word splitter, 预算绩效评价 is one word and 预算 finds nothing.
    assert pages <= {docnames[number] for number in found}
