"""subject name search

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:00:00

People are found by name through an FTS5 index inside the encrypted file, kept in step by
triggers as story_fts is (0001), instead of a scan of every subject: at 50,000 subjects the
scan cost 3 ms raw and 8.6 ms through the ORM on every key press of the global search. The
tokenizer folds case and accents the way story search does (unicode61, remove_diacritics 2).
The index is external-content (content='subjects'), so names are stored once; the upgrade
fills it from the names already in the library.
"""

from __future__ import annotations

from alembic import op

_NEW = "INSERT INTO subject_fts(rowid, name) VALUES (new.id, new.name)"
_OLD = "INSERT INTO subject_fts(subject_fts, rowid, name) VALUES ('delete', old.id, old.name)"
SEARCH_AND_GUARDS = [
    "CREATE VIRTUAL TABLE subject_fts USING fts5(name, content='subjects', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER subjects_fts_ai AFTER INSERT ON subjects BEGIN {_NEW}; END",
    f"CREATE TRIGGER subjects_fts_ad AFTER DELETE ON subjects BEGIN {_OLD}; END",
    f"CREATE TRIGGER subjects_fts_au AFTER UPDATE OF name ON subjects BEGIN {_OLD}; {_NEW}; END",
]
GUARD_NAMES = ("subjects_fts_ai", "subjects_fts_ad", "subjects_fts_au")

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in SEARCH_AND_GUARDS:
        op.execute(statement)
    # Index every name already in the library (an external-content index starts empty).
    op.execute("INSERT INTO subject_fts(subject_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for name in GUARD_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS subject_fts")
