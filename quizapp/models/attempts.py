"""A student's attempts at a quiz and the answers saved in them as they are given."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, Float, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import now
from quizapp.models.base import Base
from quizapp.models.quizzes import Quiz, QuizQuestion
from quizapp.models.users import User

GRACE = timedelta(seconds=30)
"""Saves are still taken this long after the deadline: the request sent at 0:00 arrives."""


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("quiz_id", "student_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"))
    number: Mapped[int] = mapped_column(default=1)
    order: Mapped[list[int]] = mapped_column(JSON, default=list)  # quiz_question ids as shown
    started_at: Mapped[datetime] = mapped_column(default=now)
    deadline_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)

    quiz: Mapped[Quiz] = relationship()
    student: Mapped[User] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def deadline(self) -> datetime | None:
        """The attempt's own deadline, or the quiz's due date if the teacher has since set
        an earlier one: closing a quiz closes the attempts still open in it."""
        candidates = [d for d in (self.deadline_at, self.quiz.due_at) if d is not None]
        return min(candidates) if candidates else None


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "quiz_question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    quiz_question_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_questions.id", ondelete="CASCADE")
    )
    response: Mapped[str] = mapped_column(Text, default="")
    correct: Mapped[bool | None] = mapped_column(default=None)
    mark: Mapped[float] = mapped_column(Float, default=0.0)
    saved_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    item: Mapped[QuizQuestion] = relationship()
