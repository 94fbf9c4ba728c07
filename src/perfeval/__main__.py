"""Run the ``perfeval`` command as ``python -m perfeval``; see :mod:`perfeval.cli`."""

from __future__ import annotations

from perfeval.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
