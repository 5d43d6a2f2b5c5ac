"""story list sort indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00

The story list sorts in SQL by title, subject, service line, status or last update
(studio.workflow.story_list); each sort gets an index of its column and the id, so a page
deep into a sorted list of 100,000 stories walks an index instead of sorting the table.
Text columns use NOCASE, the collation the query orders by.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_stories_title_sort", "stories", ['title COLLATE "NOCASE"', "id"]),
    ("ix_stories_service_line_sort", "stories", ['service_line COLLATE "NOCASE"', "id"]),
    ("ix_stories_status_sort", "stories", ["status", "id"]),
    ("ix_stories_updated_sort", "stories", ["updated_at", "id"]),
    ("ix_subjects_name_sort", "subjects", ['name COLLATE "NOCASE"', "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, [sa.text(c) if " " in c else c for c in columns])


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
