"""The perfeval version, single-sourced for the package metadata and the docs."""

__version__ = "0.1.0"
