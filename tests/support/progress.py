"""Helpers for progress tests: cards and reviews written with explicit times, and more
students in a study world's class."""

from __future__ import annotations

from datetime import datetime, timedelta

from quizapp.extensions import db
from quizapp.models import Card, Classroom, Review, ReviewSource, User
from quizapp.services import accounts
from tests.support.study import StudyWorld
from tests.support.web import Factory

REVIEW, LEARNING, RELEARNING = 2, 1, 3
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def add_card(world: StudyWorld, n: int, due: datetime, *, student_id: int | None = None) -> int:
    """A card of question n, due at `due`, in the review state; its row id."""
    card = Card(
        student_id=student_id or world.student.id,
        class_id=world.class_id,
        question_id=world.question_ids[n],
        sibling_key=f"k{n}",
        due=due,
        state=REVIEW,
        stability=10.0,
        difficulty=5.0,
        last_review=due - timedelta(days=10),
        reps=3,
    )
    db.session.add(card)
    db.session.flush()
    return card.id


def review_row(
    world: StudyWorld,
    card_id: int,
    at: datetime,
    rating: int = GOOD,
    *,
    prior_state: int | None = REVIEW,
    source: ReviewSource = ReviewSource.STUDY,
    student_id: int | None = None,
) -> dict[str, object]:
    """The columns of a review at `at`; `prior_state` None is a new card's first review."""
    return {
        "card_id": card_id,
        "student_id": student_id or world.student.id,
        "class_id": world.class_id,
        "rating": rating,
        "reviewed_at": at,
        "source": source,
        "created_card": prior_state is None,
        "prior_state": prior_state,
        "prior_due": None if prior_state is None else at,
    }


def add_review(
    world: StudyWorld,
    card_id: int,
    at: datetime,
    rating: int = GOOD,
    *,
    prior_state: int | None = REVIEW,
    source: ReviewSource = ReviewSource.STUDY,
    student_id: int | None = None,
) -> None:
    row = review_row(
        world, card_id, at, rating, prior_state=prior_state, source=source, student_id=student_id
    )
    db.session.add(Review(**row))


def enroll(world: StudyWorld, make: Factory, name: str, tz_name: str = "UTC") -> User:
    """A new student in the world's class, in zone `tz_name` (call with no write pending:
    the factory commits on its own connection)."""
    student = make.student(name=name)
    user = db.session.get(User, student.id)
    assert user is not None
    user.timezone = tz_name
    accounts.enroll(user, db.session.get(Classroom, world.class_id))  # type: ignore[arg-type]
    db.session.commit()
    return user
