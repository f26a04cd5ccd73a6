"""Quizzes (question sets) a teacher composes, and their publication to classes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import now
from quizapp.models.banks import Question
from quizapp.models.base import Base

if TYPE_CHECKING:
    from quizapp.models.classes import Classroom


class Feedback(enum.StrEnum):
    IMMEDIATE = "immediate"
    AFTER_SUBMIT = "after_submit"
    AFTER_DUE = "after_due"


class Layout(enum.StrEnum):
    ONE_PER_PAGE = "one_per_page"
    ALL_ON_ONE = "all_on_one"


class Quiz(Base):
    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    time_limit_minutes: Mapped[int | None] = mapped_column(default=None)
    attempts_allowed: Mapped[int] = mapped_column(default=1)  # 0: unlimited
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_choices: Mapped[bool] = mapped_column(default=True)
    feedback: Mapped[Feedback] = mapped_column(
        Enum(Feedback, native_enum=False, length=16), default=Feedback.AFTER_SUBMIT
    )
    layout: Mapped[Layout] = mapped_column(
        Enum(Layout, native_enum=False, length=16), default=Layout.ONE_PER_PAGE
    )
    opens_at: Mapped[datetime | None] = mapped_column(default=None)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=now)

    items: Mapped[list[QuizQuestion]] = relationship(
        back_populates="quiz", cascade="all, delete-orphan", order_by="QuizQuestion.position"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="quiz", cascade="all, delete-orphan"
    )

    @property
    def max_score(self) -> float:
        return sum(i.points for i in self.items)

    def is_open(self, at: datetime) -> bool:
        return self.opens_at is None or self.opens_at <= at

    def is_past_due(self, at: datetime) -> bool:
        return self.due_at is not None and at > self.due_at


class QuizQuestion(Base):
    __tablename__ = "quiz_questions"
    __table_args__ = (UniqueConstraint("quiz_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    # Indexed: study asks "is this question published to the class?" per card.
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    points: Mapped[float] = mapped_column(Float, default=1.0)

    quiz: Mapped[Quiz] = relationship(back_populates="items")
    # Joined: a quiz's items are always shown or graded with their questions.
    question: Mapped[Question] = relationship(lazy="joined")


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("quiz_id", "class_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    published_at: Mapped[datetime] = mapped_column(default=now)

    quiz: Mapped[Quiz] = relationship(back_populates="assignments")
    classroom: Mapped[Classroom] = relationship(back_populates="assignments", lazy="joined")
