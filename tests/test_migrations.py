"""Migrations run at open, after an automatic encrypted backup, in one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import AUTHOR, AUTHOR_PW
from studio.errors import LibraryError
from studio.library import migrate
from studio.library.backup import backup_slots, restore_backup
from studio.library.library import open_library
from studio.workflow.audit_log import list_events

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
