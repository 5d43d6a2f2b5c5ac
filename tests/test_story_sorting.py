"""The story list sorts and filters in SQL, with an index per sort (migration 0002)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factories import listed_rows
from sqlalchemy import text

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from studio.errors import BadInput
from studio.library import migrate
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import Library, create_library, open_library
from studio.workflow import stories, subjects, users
from studio.workflow.consent_status import ConsentClock
from studio.workflow.story_listing import NO_SERVICE_LINE, StoryListing

SORT_INDEXES = {"ix_stories_title_sort", "ix_stories_service_line_sort", "ix_stories_status_sort",
                "ix_stories_updated_sort", "ix_subjects_name_sort"}


def _add(lib: Library) -> dict[str, str]:
    """Five stories by three people; title -> display id."""
    made = {}
    people = {name: subjects.add_subject(lib, name, dob="1970-01-01").display_id
              for name in ("zoe Quinn", "Adam Berg", "mia Ortiz")}
    for title, person, line in (("banana bread", "zoe Quinn", "Oncology"),
                                ("Apple orchard", "Adam Berg", None),
                                ("cherry tree", "mia Ortiz", "cardiology"),
                                ("Date night", "Adam Berg", "Oncology"),
                                ("elder care", "zoe Quinn", None)):
        made[title] = stories.add_story(lib, people[person], title, f"About {title}.",
                                        service_line=line).display_id
    return made


def _titles(lib: Library, listing: StoryListing, page: int = 2) -> list[str]:
    """Every listed title, read in pages of ``page`` as the list's model reads them."""
    return [row.title for row in listed_rows(lib, listing, page)]


def test_each_sort_orders_every_page_both_ways(author_lib: Library) -> None:
    _add(author_lib)
    by_title = ["Apple orchard", "banana bread", "cherry tree", "Date night", "elder care"]
    assert _titles(author_lib, StoryListing("title", descending=False)) == by_title  # no case
    assert _titles(author_lib, StoryListing("title", descending=True)) == by_title[::-1]
    assert _titles(author_lib, StoryListing("subject", descending=False)) == [
        "Apple orchard", "Date night", "cherry tree", "banana bread", "elder care"]
    assert _titles(author_lib, StoryListing("service_line", descending=False)) == [
        "Apple orchard", "elder care", "cherry tree", "banana bread", "Date night"]
    assert _titles(author_lib, StoryListing()) == [  # newest first
        "elder care", "Date night", "cherry tree", "Apple orchard", "banana bread"]
    stories.edit_story(author_lib, "S-2", narrative="An older story, edited now.")
    assert _titles(author_lib, StoryListing("updated", descending=True))[0] == "Apple orchard"


def test_filters_and_the_count_agree(author_lib: Library) -> None:
    _add(author_lib)
    oncology = StoryListing("title", descending=False, service_line="Oncology")
    assert _titles(author_lib, oncology) == ["banana bread", "Date night"]
    assert stories.count_stories(author_lib, oncology) == 2
    none = StoryListing(service_line=NO_SERVICE_LINE)
    assert sorted(_titles(author_lib, none)) == ["Apple orchard", "elder care"]
    assert stories.count_stories(author_lib, none) == 2
    assert stories.count_stories(author_lib, StoryListing(status="archived")) == 0
    assert stories.count_stories(author_lib) == 5


def test_an_unknown_sort_or_status_is_refused_by_name(author_lib: Library) -> None:
    with pytest.raises(BadInput, match="sort: 'narrative'"):
        stories.story_ids(author_lib, listing=StoryListing("narrative"))
    with pytest.raises(BadInput, match="status: 'gone'"):
        stories.count_stories(author_lib, StoryListing(status="gone"))


def test_deep_sorted_pages_walk_an_index(author_lib: Library) -> None:
    """No sort of the whole table: the plan names the sort's index and no temporary b-tree."""
    from studio.workflow.story_list import listed_ids

    clock = ConsentClock.at(author_lib.timezone)
    with author_lib.read() as session:
        for sort in ("id", "title", "subject", "service_line", "status", "updated"):
            for descending in (False, True):
                query = listed_ids(StoryListing(sort, descending), clock).limit(200).offset(50_000)
                sql = str(query.compile(author_lib.engine,
                                        compile_kwargs={"literal_binds": True}))
                plan = " ".join(r[-1] for r in session.execute(text("EXPLAIN QUERY PLAN "
                                                                    + sql)))
                assert "TEMP B-TREE" not in plan, (sort, plan)
                assert "INDEX" in plan, (sort, plan)


def test_a_library_made_before_0002_gains_the_sort_indexes_on_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "migrations-0001"
    shutil.copytree(migrate.MIGRATIONS, old)
    for script in (old / "versions").glob("000[2-9]_*.py"):
        script.unlink()
    with monkeypatch.context() as patch:
        patch.setattr(migrate, "MIGRATIONS", old)
        patch.setattr(migrate, "REVISIONS", ("0001",))
        patch.setattr(migrate, "HEAD", "0001")
        with create_library(tmp_path / "Old.studio", admin=ADMIN, password=ADMIN_PW,
                            kdf=MINIMUM_KDF) as admin:
            users.add_user(admin, AUTHOR, AUTHOR_PW, ["author"])
        with open_library(tmp_path / "Old.studio", AUTHOR, password=AUTHOR_PW) as lib:
            made = _add(lib)
            with lib.read() as session:
                names = set(session.scalars(text("SELECT name FROM sqlite_master "
                                                 "WHERE type = 'index'")))
            assert not names & SORT_INDEXES
    with open_library(tmp_path / "Old.studio", AUTHOR, password=AUTHOR_PW) as lib:
        with lib.read() as session:
            assert session.scalar(text("SELECT version_num FROM alembic_version")) == migrate.HEAD
            sql = {name: create for name, create in session.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"))}
        assert set(sql) >= SORT_INDEXES
        assert 'COLLATE "NOCASE"' in sql["ix_stories_title_sort"]
        assert _titles(lib, StoryListing("title", descending=False))[0] == "Apple orchard"
        assert stories.story_ids(lib, listing=StoryListing("title", descending=True),
                                 limit=1) == [int(made["elder care"].removeprefix("S-"))]
    backups = list((tmp_path / "Old.studio" / "backups").iterdir())
    assert [b.name.startswith("before-migration-0001-") for b in backups] == [True]
