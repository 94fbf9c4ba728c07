"""The limits every document is held to (``docs/limits.md`` says why each is what it is)."""

from __future__ import annotations

from typing import Final

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_DOCUMENT_BYTES",
    "MAX_EXPONENT",
    "MAX_FAILED_ITEMS",
    "MAX_GROUP_DEPTH",
    "MAX_INT_TEXT",
    "MAX_NESTING",
    "MAX_PROBLEMS",
    "MAX_TEXT_LENGTH",
    "MAX_TEXT_PROBLEMS",
]

#: The largest document, in bytes of UTF-8 (``str`` input is measured encoded).
MAX_DOCUMENT_BYTES: Final = 16 * 1024 * 1024
#: The longest text or member name, in characters.
MAX_TEXT_LENGTH: Final = 1_000_000
#: The most significant digits of a JSON number (only ``extensions`` may hold numbers
#: with a fraction; elsewhere amounts are decimal strings).
MAX_DIGITS: Final = 100
#: The largest magnitude of a number's adjusted exponent (that of Python's default
#: decimal context): ``1E+999999`` is read, ``1E+1000000`` is not.
MAX_EXPONENT: Final = 999_999
#: How deep arrays and objects may nest in ``extensions``, counting ``extensions``.
MAX_DEPTH: Final = 100
#: How deep score groups may nest, counting the outermost: printed layouts nest two
#: or three; twenty keeps copying, pickling, comparing and writing them far inside
#: Python's recursion limit.
MAX_GROUP_DEPTH: Final = 20
#: After this many array items with problems, unknown members and values in
#: ``extensions`` with problems, together, the detailed pass stops looking.
MAX_FAILED_ITEMS: Final = 1_000
#: The most problems listed by a pass that finds them one by one: the JSON text's
#: (duplicates, texts) and :func:`perfeval.schema.validate`'s.
MAX_PROBLEMS: Final = 1_000
#: The most problems found in the JSON text (duplicates, texts) that are listed.
MAX_TEXT_PROBLEMS: Final = MAX_PROBLEMS
#: How deep :func:`perfeval.schema.validate` lets parsed data nest (arrays and objects,
#: the document itself included): about the deepest Python's json reads at the default
#: recursion limit on CPython 3.10 and 3.11.
MAX_NESTING: Final = 1_000
#: The most digits of a whole number that are converted at all; Python's default
#: ``sys.get_int_max_str_digits()``. Beyond it int() takes time quadratic in the digits.
MAX_INT_TEXT: Final = 4300
