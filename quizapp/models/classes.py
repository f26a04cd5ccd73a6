"""Classes a teacher runs, and the students enrolled in them by join code."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import now
from quizapp.models.base import Base

if TYPE_CHECKING:
    from quizapp.models.quizzes import Assignment
    from quizapp.models.users import User

# No 0/O or 1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Classroom(Base):
    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_join_code)
    created_at: Mapped[datetime] = mapped_column(default=now)

    teacher: Mapped[User] = relationship(back_populates="classes_taught")
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan"
    )

    @property
    def students(self) -> list[User]:
        return sorted((e.student for e in self.enrollments), key=lambda u: (u.name, u.id))


class Enrollment(Base):
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("class_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=now)

    classroom: Mapped[Classroom] = relationship(back_populates="enrollments")
    # Joined: an enrollment is read to list its student (rosters, gradebooks).
    student: Mapped[User] = relationship(back_populates="enrollments", lazy="joined")
