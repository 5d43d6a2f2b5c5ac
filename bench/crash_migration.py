"""Helper of bench/crash.py: open a library with one extra (future) migration, or check it.

    python bench/crash_migration.py LIBRARY USER

The password comes from $STUDIO_PASSWORD. It opens the library with an app that knows one
more schema revision than the library, which makes the studio back the library up and migrate
it; the crash bench kills it at random moments and checks the library with the key alone.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from studio.library import migrate
from studio.library.library import open_library

EXTRA = '''
from alembic import op
import sqlalchemy as sa

revision = "{next}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("crash_test", sa.String(40), nullable=True))
    op.execute("UPDATE stories SET crash_test = 'migrated'")


def downgrade() -> None:
    pass
'''


def install_extra_revision(workdir: Path) -> None:
    nxt = f"{int(migrate.HEAD) + 1:04d}"  # one revision past the app's own
    scripts = workdir / "migrations"
    if not scripts.exists():
        shutil.copytree(migrate.MIGRATIONS, scripts)
        (scripts / "versions" / f"{nxt}_crash_test.py").write_text(
            EXTRA.replace("{down}", migrate.HEAD).replace("{next}", nxt))
    migrate.MIGRATIONS = scripts
    migrate.REVISIONS = (*migrate.REVISIONS, nxt)
    migrate.HEAD = nxt


def main() -> int:
    path, user = Path(sys.argv[1]), sys.argv[2]
    install_extra_revision(Path(tempfile.mkdtemp(prefix="crash-migration-")))
    with open_library(path, user, password=os.environ["STUDIO_PASSWORD"]):
        print("migrated", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
