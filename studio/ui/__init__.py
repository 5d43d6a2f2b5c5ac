"""The desktop app (PySide6). Importing it first guards against a PySide6 reference fault."""

from studio.ui import refcounts as _refcounts  # noqa: F401  (see studio/ui/refcounts.py)
