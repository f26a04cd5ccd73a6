"""People: teachers and students, with hashed passwords."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.clock import now
from quizapp.models.base import Base

if TYPE_CHECKING:
    from quizapp.models.classes import Classroom, Enrollment


class Role(enum.StrEnum):
    TEACHER = "teacher"
    STUDENT = "student"


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    api_token_hash: Mapped[str | None] = mapped_column(String(128), default=None, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)

    classes_taught: Mapped[list[Classroom]] = relationship(back_populates="teacher")
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="student")

    @property
    def is_teacher(self) -> bool:
        return self.role is Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role is Role.STUDENT

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()
