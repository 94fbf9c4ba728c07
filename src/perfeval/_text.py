"""Small text helpers shared by the loader, the schema, the checks and the CLI.

One home for what several modules need alike: the printed width of Chinese text,
JSON-pointer escaping (RFC 6901) and the order in which paths are listed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

__all__ = [
    "display_width",
    "escape_token",
    "is_wide",
    "path_sort_key",
    "path_sort_keys",
    "pointer",
]


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


def _segment_key(segment: str) -> tuple[int, int, str]:
    """The key of one segment of a pointer: an index as a number, a name as text."""
    return (0, int(segment), "") if segment.isascii() and segment.isdigit() else (1, 0, segment)


def path_sort_key(path: str) -> tuple[tuple[int, int, str], ...]:
    """A key that lists JSON pointers in document order: indices compare as numbers.

    Only ASCII digits count as an index (``'²'.isdigit()`` is true, but ``int`` refuses it).

    >>> sorted(["/projects/10", "/projects/2", "/title"], key=path_sort_key)
    ['/projects/2', '/projects/10', '/title']
    """
    return tuple(map(_segment_key, path.split("/")[1:]))


class _SegmentKeys(dict[str, tuple[int, int, str]]):
    """Each segment's key, made on first use."""

    def __missing__(self, segment: str) -> tuple[int, int, str]:
        key = self[segment] = _segment_key(segment)
        return key


def path_sort_keys() -> Callable[[str], tuple[tuple[int, int, str], ...]]:
    """:func:`path_sort_key` for sorting many paths: each distinct segment is read once.

    Paths share most segments (``projects``, ``indicators``, the indices), so one sort
    of thousands of paths makes a few hundred segment keys instead of one per segment.
    The segments are remembered by the function returned, for as long as it lives.

    >>> key = path_sort_keys()
    >>> sorted(["/projects/10", "/projects/2", "/title"], key=key)
    ['/projects/2', '/projects/10', '/title']
    >>> key("/projects/2") == path_sort_key("/projects/2")
    True
    """
    segment_key = _SegmentKeys().__getitem__

    def key(path: str) -> tuple[tuple[int, int, str], ...]:
        return tuple(map(segment_key, path.split("/")[1:]))

    return key
