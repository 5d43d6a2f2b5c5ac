"""Schema migrations with Alembic, run when a library is opened.

Before any upgrade the caller makes an encrypted backup; the upgrade itself runs in one
transaction (SQLite has transactional DDL), so it either lands whole or not at all. A library
whose schema is newer than this app knows is refused, never "downgraded" by accident.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from studio.errors import LibraryError

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    """True when the schema is older than this app's; raise when it is newer or unknown."""
    scripts = ScriptDirectory.from_config(_config())
    with engine.connect() as conn:
        current = current_revision(conn)
    if current is None:
        return True
    if current == scripts.get_current_head():
        return False
    try:
        scripts.get_revision(current)
    except Exception as exc:  # alembic raises several types for an unknown revision
        raise LibraryError(
            "this library was last used by a newer version of Patient Story Studio "
            f"(schema {current}); install that version or newer to open it") from exc
    return True


def upgrade(engine: Engine) -> None:
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
