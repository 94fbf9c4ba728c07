"""Small text helpers shared by the loader, the schema, the checks and the CLI.

One home for what several modules need alike: the printed width of Chinese text,
JSON-pointer escaping (RFC 6901) and the order in which paths are listed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

__all__ = ["display_width", "escape_token", "is_wide", "path_sort_key", "pointer"]


def is_wide(ch: str) -> bool:
    """Whether *ch* takes two columns in a terminal (East Asian wide or full-width).

    >>> is_wide("合"), is_wide("a")
    (True, False)
    """
    return unicodedata.east_asian_width(ch) in "WF"


def display_width(text: str) -> int:
    """How many terminal columns *text* takes: CJK two, combining marks none, others one.

    >>> display_width("合计"), display_width("654.45"), display_width("金额单位：万元")
    (4, 6, 14)
    """
    return sum(0 if unicodedata.combining(ch) else 2 if is_wide(ch) else 1 for ch in text)


def escape_token(token: str) -> str:
    """Escape one reference token of a JSON pointer (``~`` → ``~0``, ``/`` → ``~1``).

    >>> escape_token("a/b~c")
    'a~1b~0c'
    """
    return token.replace("~", "~0").replace("/", "~1")


def pointer(parts: Iterable[object]) -> str:
    """The JSON pointer of a path given as names and indices.

    >>> pointer(["projects", 0, "a/b"])
    '/projects/0/a~1b'
    >>> pointer([])
    ''
    """
    return "".join("/" + escape_token(str(part)) for part in parts)


def path_sort_key(path: str) -> tuple[tuple[int, int, str], ...]:
    """A key that lists JSON pointers in document order: indices compare as numbers.

    Only ASCII digits count as an index (``'²'.isdigit()`` is true, but ``int`` refuses it).

    >>> sorted(["/projects/10", "/projects/2", "/title"], key=path_sort_key)
    ['/projects/2', '/projects/10', '/title']
    """
    return tuple(
        (0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
        for part in path.split("/")[1:]
    )
