"""Fixtures for the hostile corpus (tests/hostile/corpus.py builds the inputs)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import consented_copy

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import Library, open_library


@pytest.fixture(scope="module")
def hostile_template(template_library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PT-1 with consent for photos on Instagram and Facebook, and story S-1."""
    path = tmp_path_factory.mktemp("hostile") / "Hostile.studio"
    assert consented_copy(template_library, path, channels="instagram,facebook,blog",
                          uses="first-name,photo") == ("PT-1", "S-1")
    return path


@pytest.fixture
def hostile_lib(hostile_template: Path, tmp_path: Path) -> Iterator[Library]:
    """The consented library, opened as the author alex, on a fresh copy."""
    path = tmp_path / "Hostile.studio"
    shutil.copytree(hostile_template, path)
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        yield lib
