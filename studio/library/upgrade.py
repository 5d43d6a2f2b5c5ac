"""Upgrading an older library at open: an encrypted backup first, then the migrations.

On a large library the backup is most of the wait (a 4.8 GB library took 96-153 s), so both
steps report through ``progress(phase, done, total)``:

- ``"backup"``: bytes of the library written into the backup, then read back to verify it
  (``done`` runs from 0 to ``total`` twice as far: writing is the first half);
- ``"upgrade"``: migrations applied, out of those pending.

``cancel()`` is asked during the backup only. Cancelling there removes the half-written
backup and leaves the library exactly as it was, not upgraded. Once the migrations start
there is no way back but to finish (they run in one transaction; stopping the process
rolls them back, but nothing here offers it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from studio import __version__
from studio.errors import LibraryError
from studio.library import audit, migrate
from studio.library.keyslots import KeySlots
from studio.library.layout import LibraryLayout
from studio.models import LibrarySetting

UpgradeProgress = Callable[[str, int, int], None]


class UpgradeCancelled(LibraryError):
    """The person stopped the pre-upgrade backup: nothing was kept, nothing was upgraded."""


def upgrade_with_backup(layout: LibraryLayout, slots: KeySlots, key: bytes, engine: Engine,
                        progress: UpgradeProgress | None = None,
                        cancel: Callable[[], bool] | None = None) -> None:
    from studio.library.backup import write_backup

    say = progress or (lambda _phase, _done, _total: None)
    stopped = cancel or (lambda: False)

    def backing_up(phase: str, done: int, total: int) -> None:
        if stopped():
            raise UpgradeCancelled("the upgrade was cancelled during the backup before it; "
                                   "the library is unchanged and no backup was kept")
        say("backup", done + (total if phase == "verify" else 0), 2 * total)

    with engine.connect() as conn:
        before = migrate.current_revision(conn) or "none"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    layout.backups.mkdir(exist_ok=True)
    backup = layout.backups / f"before-migration-{before}-{stamp}.studio-backup"
    write_backup(layout, slots, key, engine, backup, progress=backing_up)
    try:
        migrate.upgrade(engine, lambda done, total: say("upgrade", done, total))
    except Exception as exc:
        raise LibraryError(f"upgrading the library failed ({exc}); it was rolled back and is "
                           f"unchanged, and a backup was kept at {backup}") from exc
    with Session(engine) as session, session.begin():
        session.merge(LibrarySetting(key="migrated_by_app", value=__version__))
        audit.record(session, "studio", "library.migrate", "library",
                     {"from": before, "to": migrate.head_revision(), "app_version": __version__})
