"""`studio story list` sorts and filters as the desktop Stories list does, through the real CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import consent
from sqlalchemy import update
from test_cli import as_user, run

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import open_library
from studio.models import Story
from studio.workflow import stories, subjects


@pytest.fixture
def author(library_path: Path) -> dict[str, str]:
    """Four stories (S-1..S-4) by three patients; the environment to list them as the author.

    S-1 banana bread    Oncology    draft  Ana Active (consent in force for 60 days)
    S-2 Apple orchard   (none)      draft  Nick Nobody (no consent)
    S-3 cherry tree     Cardiology  ready  Nick Nobody
    S-4 Date night      Oncology    draft  Tom Tomorrow (consent ends tomorrow: expiring)
    """
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        people = {name: subjects.add_subject(lib, name, dob="1970-01-01").display_id
                  for name in ("Ana Active", "Nick Nobody", "Tom Tomorrow")}
        consent(lib, people["Ana Active"], days=60)
        consent(lib, people["Tom Tomorrow"], days=1)
        for title, person, line in (("banana bread", "Ana Active", "Oncology"),
                                    ("Apple orchard", "Nick Nobody", None),
                                    ("cherry tree", "Nick Nobody", "Cardiology"),
                                    ("Date night", "Tom Tomorrow", "Oncology")):
            stories.add_story(lib, people[person], title, f"About {title}.", service_line=line)
        with lib.write() as session:  # no workflow step sets a story's status yet
            session.execute(update(Story).where(Story.display_id == "S-3")
                            .values(status="ready"))
    return as_user(library_path, AUTHOR, AUTHOR_PW)


def listed(env: dict[str, str], *options: str) -> list[str]:
    """The display ids `studio --json story list OPTIONS` prints, in its order."""
    result = run("--json", "story", "list", *options, env=env)
    assert result.returncode == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)["stories"]]


def test_sorts_by_each_column_both_ways(author: dict[str, str]) -> None:
    assert listed(author) == ["S-4", "S-3", "S-2", "S-1"]  # newest first, as the desktop
    assert listed(author, "--ascending") == ["S-1", "S-2", "S-3", "S-4"]
    assert listed(author, "--sort", "title", "--ascending") == ["S-2", "S-1", "S-3", "S-4"]
    assert listed(author, "--sort", "title", "--descending") == ["S-4", "S-3", "S-1", "S-2"]
    assert listed(author, "--sort", "subject", "--ascending") == ["S-1", "S-2", "S-3", "S-4"]
    # Service line: no case, and stories without one first when ascending.
    assert listed(author, "--sort", "service_line", "--ascending") == ["S-2", "S-3", "S-1",
                                                                       "S-4"]
    assert listed(author, "--sort", "status")[0] == "S-3"  # ready after draft, descending
    assert listed(author, "--sort", "updated", "--limit", "1") == ["S-3"]  # its status changed


def test_each_filter_and_filters_combined(author: dict[str, str]) -> None:
    assert listed(author, "--service-line", "Oncology") == ["S-4", "S-1"]
    assert listed(author, "--service-line", "") == ["S-2"]  # stories without one
    assert listed(author, "--status", "ready") == ["S-3"]
    assert listed(author, "--consent", "expiring") == ["S-4"]
    assert listed(author, "--consent", "none") == ["S-3", "S-2"]
    assert listed(author, "--consent", "none", "--status", "draft") == ["S-2"]
    assert listed(author, "--service-line", "Oncology", "--consent", "active",
                  "--status", "draft") == ["S-1"]
    assert listed(author, "--service-line", "Oncology", "--sort", "title", "--ascending",
                  "--limit", "1", "--offset", "1") == ["S-4"]
    nothing = run("story", "list", "--status", "archived", env=author)
    assert nothing.returncode == 0 and nothing.stdout.strip() == "No stories."


def test_text_and_json_output(author: dict[str, str]) -> None:
    text = run("story", "list", "--service-line", "Cardiology", env=author)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "SUBJECT", "SERVICE", "LINE", "STATUS"]
    assert lines[2].split() == ["S-3", "cherry", "tree", "Nick", "Nobody", "Cardiology",
                                "ready"]
    shown = json.loads(run("--json", "story", "list", "--service-line", "", env=author).stdout)
    assert list(shown) == ["stories"]
    (row,) = shown["stories"]
    assert set(row) == {"id", "title", "subject", "service_line", "status", "updated"}
    assert (row["id"], row["title"], row["subject"], row["service_line"], row["status"]) == (
        "S-2", "Apple orchard", "Nick Nobody", "", "draft")
    assert dt.datetime.fromisoformat(row["updated"]).utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(("options", "message"), [
    (["--status", "gone"], "studio: status: 'gone' is not one of draft, ready, archived"),
    (["--consent", "soon"], "studio: consent: 'soon' is not one of active, expiring, expired, "
                            "revoked, superseded, pending, none"),
    (["--search", "bread", "--status", "draft"],
     "studio: --search lists the best match first: give it without --sort, --ascending, "
     "--service-line, --status or --consent"),
])
def test_a_bad_value_is_one_line_naming_it(author: dict[str, str], options: list[str],
                                           message: str) -> None:
    result = run("story", "list", *options, env=author)
    assert result.returncode == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_a_bad_sort_is_a_usage_error_naming_the_choices(author: dict[str, str]) -> None:
    result = run("story", "list", "--sort", "narrative", env=author)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(
        "argument --sort: invalid choice: 'narrative' (choose from 'id', 'title', 'subject', "
        "'service_line', 'status', 'updated')")
    both = run("story", "list", "--ascending", "--descending", env=author)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_search_still_lists_best_match_first(author: dict[str, str]) -> None:
    assert listed(author, "--search", "bread") == ["S-1"]
