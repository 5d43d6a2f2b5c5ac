"""Schema migrations with Alembic, run when a library is opened.

Before any upgrade the caller makes an encrypted backup; the upgrade itself runs in one
transaction (SQLite has transactional DDL), so it either lands whole or not at all. A library
whose schema is newer than this app knows is refused, never "downgraded" by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from studio.errors import LibraryError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# Every revision this app knows, oldest first. Opening an up-to-date library compares against
# this list instead of importing Alembic (a fifth of the start-up time); a test keeps it equal
# to Alembic's own history.
REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def alembic_history() -> list[str]:
    """Revision ids as Alembic sees them, oldest first (for the consistency test)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]


def head_revision() -> str:
    return HEAD


def current_revision(conn: Connection) -> str | None:
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError:  # no such table: a database no migration has touched
        return None


def needs_upgrade(engine: Engine) -> bool:
    """True when the schema is older than this app's; raise when it is newer or unknown."""
    with engine.connect() as conn:
        current = current_revision(conn)
        if current == HEAD:
            return False
        if current is None or current in REVISIONS:
            return True
        try:
            by_app = conn.execute(text("SELECT value FROM library_settings "
                                       "WHERE key = 'migrated_by_app'")).scalar()
        except OperationalError:
            by_app = None
    version = f"version {by_app}" if by_app else "a newer version"
    raise LibraryError(
        f"this library was last upgraded by Patient Story Studio {version} (schema {current}); "
        "install that version or newer to open it")


def upgrade(engine: Engine, step: Callable[[int, int], None] | None = None) -> None:
    """Upgrade to HEAD in one transaction, one revision at a time; ``step(done, total)``
    before each revision and once at the end, so a long upgrade can say how far it is."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        current = current_revision(conn)
        pending = (REVISIONS[REVISIONS.index(current) + 1:] if current in REVISIONS
                   else REVISIONS)
        for done, revision in enumerate(pending):
            if step is not None:
                step(done, len(pending))
            command.upgrade(cfg, revision)
        if step is not None:
            step(len(pending), len(pending))
