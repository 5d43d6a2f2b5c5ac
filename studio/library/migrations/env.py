"""Alembic environment: always runs on the caller's (already keyed) connection."""

from __future__ import annotations

from alembic import context

from studio.models import Base

FTS_TABLES = ("story_fts", "subject_fts")

connection = context.config.attributes["connection"]


def _include(obj: object, name: str | None, type_: str, reflected: bool,
             compare_to: object) -> bool:
    """Leave the FTS5 tables and their shadow tables (raw SQL in 0001, 0003) out of
    autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLES))


context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True, include_object=_include)
with context.begin_transaction():
    context.run_migrations()
