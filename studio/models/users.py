"""Staff accounts and their roles. Passwords live only as key slots in keys.json."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studio.models.base import Base, UTCDateTime, enum_check, utcnow
from studio.models.enums import ROLES


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("length(username) BETWEEN 1 AND 64", name="username_len"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    roles: Mapped[list[UserRole]] = relationship(back_populates="user", lazy="selectin",
                                                 cascade="all, delete-orphan")

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}

    def has_role(self, role: str) -> bool:
        return role in self.role_names


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(enum_check("role", ROLES), name="role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    user: Mapped[User] = relationship(back_populates="roles")
