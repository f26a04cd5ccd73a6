"""Study mode: each class's scheduling settings, each student's cards and their review log.

A card is one student's memory of one question in one class, scheduled by FSRS (the
`fsrs` package). Cards are created lazily: an approved question published to the class
with no card row yet is a *new* card. The review log keeps, on every row, the card's
state just before the review, so undo can put the card back exactly as it was.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.clock import now
from quizapp.models.base import Base


class ChoicesDisplay(enum.StrEnum):
    """How a multiple-choice question is studied: typed from memory, or picked from its choices."""

    SHORT_ANSWER = "short_answer"
    CHOICES = "choices"


class ReviewSource(enum.StrEnum):
    """Where a review came from: a study session, or a wrong answer in a finished quiz."""

    STUDY = "study"
    QUIZ = "quiz"


class StudySettings(Base):
    """One class's study settings; the defaults are Anki's (see `STUDY_DEFAULTS`)."""

    __tablename__ = "study_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), unique=True)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    # Anki's notation: "1m 10m 1h 1d"; parsed by quizapp.services.study.parse_steps.
    learning_steps: Mapped[str] = mapped_column(String(200), default="1m 10m")
    relearning_steps: Mapped[str] = mapped_column(String(200), default="10m")
    maximum_interval_days: Mapped[int] = mapped_column(default=36500)
    new_per_day: Mapped[int] = mapped_column(default=20)
    reviews_per_day: Mapped[int] = mapped_column(default=200)
    choices_display: Mapped[ChoicesDisplay] = mapped_column(
        Enum(ChoicesDisplay, native_enum=False, length=16), default=ChoicesDisplay.CHOICES
    )
    quiz_feeds_study: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)


STUDY_DEFAULTS: dict[str, object] = {
    "desired_retention": 0.9,
    "learning_steps": "1m 10m",
    "relearning_steps": "10m",
    "maximum_interval_days": 36500,
    "new_per_day": 20,
    "reviews_per_day": 200,
    "choices_display": ChoicesDisplay.CHOICES,
    "quiz_feeds_study": True,
}
"""The column defaults as values, for a class whose settings row does not exist yet."""


class Card(Base):
    """One student's card for one question in one class: the FSRS state, and a version.

    `version` grows on every change (review or undo) and never goes back: a rating form
    carries the version it was shown with, and the write succeeds only if the card is
    still at it, so two tabs never record two reviews of one showing.
    """

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("student_id", "class_id", "question_id"),
        # The day's queue: a student's cards in a class, most overdue first.
        Index("ix_cards_student_class_due", "student_id", "class_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    # Cards of one fact are siblings: "<bank id>:<first fact id>", or "<bank id>:<uid>".
    sibling_key: Mapped[str] = mapped_column(String(160))
    due: Mapped[datetime]
    stability: Mapped[float | None] = mapped_column(Float, default=None)
    difficulty: Mapped[float | None] = mapped_column(Float, default=None)
    state: Mapped[int]  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(default=None)
    last_review: Mapped[datetime | None] = mapped_column(default=None)
    reps: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Review(Base):
    """One rating of one card, with the card's state just before it (for undo and stats)."""

    __tablename__ = "reviews"
    __table_args__ = (
        # Per-day counts and today's reviews: a student's reviews in a class by time.
        Index("ix_reviews_student_class_reviewed_at", "student_id", "class_id", "reviewed_at"),
        # Undo names the review it takes back, so an id must never be given twice: SQLite
        # would reuse the id of a deleted last row without AUTOINCREMENT.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: Mapped[datetime]
    duration_ms: Mapped[int | None] = mapped_column(default=None)
    source: Mapped[ReviewSource] = mapped_column(
        Enum(ReviewSource, native_enum=False, length=16), default=ReviewSource.STUDY
    )
    # The card before this review; all None (and created_card True) for a new card.
    created_card: Mapped[bool] = mapped_column(default=False)
    prior_due: Mapped[datetime | None] = mapped_column(default=None)
    prior_stability: Mapped[float | None] = mapped_column(Float, default=None)
    prior_difficulty: Mapped[float | None] = mapped_column(Float, default=None)
    prior_state: Mapped[int | None] = mapped_column(default=None)
    prior_step: Mapped[int | None] = mapped_column(default=None)
    prior_last_review: Mapped[datetime | None] = mapped_column(default=None)
    prior_reps: Mapped[int] = mapped_column(default=0)
