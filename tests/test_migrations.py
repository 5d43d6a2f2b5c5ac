"""Migrations run at open, after an automatic encrypted backup, in one transaction."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from studio import __version__
from studio.errors import LibraryError
from studio.library import migrate
from studio.library.backup import backup_slots, restore_backup
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import create_library, open_library
from studio.workflow import stories, subjects, users
from studio.workflow.audit_log import list_events
from studio.workflow.maintenance import verify
from studio.workflow.search_views import search_library

NEXT_REVISION = '''
from alembic import op
import sqlalchemy as sa

revision = "{next}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subjects") as batch:
        batch.add_column(sa.Column("pronouns", sa.String(40), nullable=True))
    {extra}


def downgrade() -> None:
    pass
'''


HEAD = migrate.HEAD                        # the newest shipped revision
NEXT = f"{int(HEAD) + 1:04d}"              # the one a future release would add


@pytest.fixture
def next_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A copy of the shipped migrations plus one more, as a future release would add."""

    def install(extra: str = "") -> None:
        scripts = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS, scripts)
        (scripts / "versions" / f"{NEXT}_pronouns.py").write_text(
            NEXT_REVISION.replace("{extra}", extra).replace("{next}", NEXT)
            .replace("{head}", HEAD))
        monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
        monkeypatch.setattr(migrate, "REVISIONS", (*migrate.REVISIONS, NEXT))
        monkeypatch.setattr(migrate, "HEAD", NEXT)

    return install


def _revision(lib) -> str:  # type: ignore[no-untyped-def]
    with lib.read() as session:
        return str(session.execute(text("SELECT version_num FROM alembic_version")).scalar())


def test_upgrade_makes_a_backup_first_and_records_itself(library_path: Path, next_schema,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    next_schema()
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        assert _revision(lib) == NEXT
        assert list_events(lib, limit=1)[0].action == "library.migrate"
    backups = list((library_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith(f"before-migration-{HEAD}-")
    # The backup holds the library as it was before the upgrade.
    key = backup_slots(backups[0]).unlock(AUTHOR, AUTHOR_PW)
    restore_backup(backups[0], tmp_path / "Before.studio", key)
    import sqlcipher3

    conn = sqlcipher3.connect(str(tmp_path / "Before.studio" / "library.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    conn.close()


def test_failed_upgrade_changes_nothing(library_path: Path, next_schema) -> None:  # type: ignore[no-untyped-def]
    next_schema(extra='op.execute("SELECT no_such_function()")')
    with pytest.raises(LibraryError, match="rolled back and is unchanged"):
        open_library(library_path, AUTHOR, password=AUTHOR_PW)
    import sqlcipher3

    from studio.library.keyslots import KeySlots

    key = KeySlots.load(library_path / "keys.json").unlock(AUTHOR, AUTHOR_PW)
    conn = sqlcipher3.connect(str(library_path / "library.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(subjects)")]
    assert "pronouns" not in columns
    conn.close()


def _library_at(revision: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library made and used by a release whose newest migration was ``revision``."""
    scripts = tmp_path / f"migrations-{revision}"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=lambda _folder, names: [
        n for n in names if n == "__pycache__" or (n[:4].isdigit() and n[:4] > revision)])
    path = tmp_path / "Old.studio"
    with monkeypatch.context() as old_release:
        old_release.setattr(migrate, "MIGRATIONS", scripts)
        old_release.setattr(migrate, "REVISIONS",
                            migrate.REVISIONS[:migrate.REVISIONS.index(revision) + 1])
        old_release.setattr(migrate, "HEAD", revision)
        with create_library(path, admin=ADMIN, password=ADMIN_PW, kdf=MINIMUM_KDF) as lib:
            users.add_user(lib, AUTHOR, AUTHOR_PW, ["author"])
        with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
            assert _revision(lib) == revision
            person = subjects.add_subject(lib, "Marisol Ventaja").display_id
            subjects.add_subject(lib, "José Núñez")
            stories.add_story(lib, person, "Back on the dance floor", "A new knee.")
    return path


@pytest.mark.parametrize("old", ["0001", "0002"])  # before the name index (0003)
def test_upgrading_an_older_library_indexes_the_names_already_in_it(
        old: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _library_at(old, tmp_path, monkeypatch)
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        assert _revision(lib) == migrate.HEAD
        event = list_events(lib, limit=1)[0]
        assert event.action == "library.migrate" and json.loads(event.details) == {
            "from": old, "to": migrate.HEAD, "app_version": __version__}
        people = [(h.kind, h.title) for h in search_library(lib, "mar")]
        assert people == [("subject", "Marisol Ventaja")]
        assert [h.title for h in search_library(lib, "jose")] == ["José Núñez"]
        subjects.add_subject(lib, "Marcus Ventura")  # and the triggers keep it in step
        assert [h.title for h in search_library(lib, "ven")] == ["Marcus Ventura",
                                                                 "Marisol Ventaja"]
        assert [h.title for h in search_library(lib, "dance")] == ["Back on the dance floor"]
        assert verify(lib).ok  # the new triggers are part of the checked schema
    backups = list((path / "backups").iterdir())
    assert [b.name.startswith(f"before-migration-{old}-") for b in backups] == [True]


def test_the_backup_and_the_upgrade_report_progress(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _library_at("0001", tmp_path, monkeypatch)
    seen: list[tuple[str, int, int]] = []
    with open_library(path, AUTHOR, password=AUTHOR_PW,
                      progress=lambda *report: seen.append(report)) as lib:
        assert _revision(lib) == migrate.HEAD
    backup = [s for s in seen if s[0] == "backup"]
    upgrade = [s for s in seen if s[0] == "upgrade"]
    assert seen.index(backup[-1]) < seen.index(upgrade[0])  # the backup comes first
    total = backup[-1][2]
    assert total > 0 and backup[-1][1] == total            # written, then read back
    done = [d for _phase, d, t in backup if t == total]
    assert done == sorted(done) and len(set(done)) > 2
    assert upgrade == [("upgrade", 0, 2), ("upgrade", 1, 2), ("upgrade", 2, 2)]  # 0002, 0003


@pytest.mark.parametrize("after", [0, 3])   # before the snapshot; part-way through the backup
def test_cancelling_during_the_backup_leaves_nothing_and_upgrades_nothing(
        after: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.library.upgrade import UpgradeCancelled

    path = _library_at("0002", tmp_path, monkeypatch)
    before = sorted(p.name for p in path.rglob("*"))
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > after

    with pytest.raises(UpgradeCancelled, match="library is unchanged and no backup was kept"):
        open_library(path, AUTHOR, password=AUTHOR_PW, cancel=cancel)
    assert sorted(p.name for p in path.rglob("*")) == before   # no backup, part or snapshot
    assert list((path / "backups").iterdir()) == []
    import sqlcipher3

    from studio.library.keyslots import KeySlots

    key = KeySlots.load(path / "keys.json").unlock(AUTHOR, AUTHOR_PW)
    conn = sqlcipher3.connect(str(path / "library.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    conn.close()
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:   # and later it upgrades
        assert _revision(lib) == migrate.HEAD
