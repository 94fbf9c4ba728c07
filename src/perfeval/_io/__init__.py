"""Reading and writing documents (private): JSON text, the converter, error translation.

* :mod:`.limits` — the bounds every document is held to;
* :mod:`.text` — strict JSON text: decoding, duplicate names, numbers, texts, writing;
* :mod:`.convert` — the cattrs converters built from the field spec, both ways;
* :mod:`.errors` — turning the converter's exceptions into :class:`ErrorDetail`.

:mod:`perfeval.serialize` is the public face of this package.
"""
