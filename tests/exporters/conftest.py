"""Fixtures for the exporter tests (builders live in exporters/builders.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import Library, open_library


@pytest.fixture
def author(library_path: Path) -> Iterator[Library]:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        yield lib
