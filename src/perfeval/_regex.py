r"""The end of a pattern, written so that JSON Schema validators and Python read it alike.

Every ``pattern`` perfeval publishes is read in two dialects: ECMA-262 (ajv and most
validators in other languages) and Python's :mod:`re` (the ``jsonschema`` package,
check-jsonschema, and the loader itself). JSON Schema *searches* a pattern in the
text, so each starts with ``^`` and ends with :data:`END`. The end is not ``$``: in
ECMA-262 ``$`` matches only at the end of the text, but in Python it also matches
before a final line feed, so ``^[A-Z]{3}$`` would let ``"CNY\n"`` through
``jsonschema``. ``(?![\s\S])``, "no character follows", is the end of the text in
both (and in PCRE, Java and .NET): a negative lookahead, which JSON Schema's
recommended subset of ECMA-262 includes.

>>> import re
>>> bool(re.search("^[A-Z]{3}$", "CNY\n")), bool(re.search("^[A-Z]{3}" + END, "CNY\n"))
(True, False)
"""

from __future__ import annotations

from typing import Final

__all__ = ["END", "ends_the_text"]

#: The end of the text, in ECMA-262 and in Python alike: no character follows.
END: Final = r"(?![\s\S])"


def ends_the_text(pattern: str) -> bool:
    """Whether *pattern* is anchored at both ends as perfeval's patterns must be.

    It starts with ``^``, ends with :data:`END` and has no other end (``$``) outside a
    character class.

    >>> ends_the_text("^[A-Z]{3}" + END), ends_the_text("^[A-Z]{3}$"), ends_the_text("^[$]" + END)
    (True, False, True)
    """
    if not (pattern.startswith("^") and pattern.endswith(END)):
        return False
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            return False
    return True
