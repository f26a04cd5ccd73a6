"""Recording reviews (from study and from quizzes) and undoing them.

Every change to a card is a conditional write on its version, never a read-modify-write:

* an existing card: `UPDATE cards ... WHERE id = ? AND version = ?`;
* a new card: `INSERT ... ON CONFLICT DO NOTHING` on (student, class, question).

The one request whose write changed a row records the review; any other that showed the
same card at the same version gets `AlreadyReviewed`, so two tabs (or a double click)
never log two reviews of one showing and the card is left as one review made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import fsrs
from sqlalchemy import Executable, Integer, and_, bindparam, delete, exists, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from quizapp.dialects import insert_for
from quizapp.extensions import db
from quizapp.models import (
    STUDY_DEFAULTS,
    Card,
    Classroom,
    Question,
    Review,
    ReviewSource,
    StudySettings,
    User,
)
from quizapp.prepared import Prepared
from quizapp.services import answer_keys
from quizapp.services.study.cards import (
    StoredCard,
    in_deck_ids,
    key_of,
    sibling_key,
    stored_card,
    stored_cards,
    stored_from_row,
    studyable,
)
from quizapp.services.study.scheduling import (
    CardState,
    next_state,
    scheduler_for,
    scheduler_with,
    settings_for_class_id,
    study_day,
    utc,
)

QUIZ_RETRIES = 3
"""A quiz's mistakes are facts, not a showing: on a version clash they are re-applied to
the card as it now is, this many times at most."""


class StudyError(ValueError):
    """A user-facing refusal: the message is shown as it is."""


class AlreadyReviewed(StudyError):
    """The card changed since it was shown (another tab, a double click): nothing recorded."""

    def __init__(self, message: str = "That card was already answered in another tab.") -> None:
        super().__init__(message)


class AlreadyUndone(StudyError):
    """The rating the page offered to undo is no longer the last one: nothing undone."""

    def __init__(
        self,
        message: str = "That rating was already undone (or another tab has rated since), "
        "so nothing more was undone.",
    ) -> None:
        super().__init__(message)


class NothingToUndo(StudyError):
    def __init__(self, message: str = "There is nothing to undo today.") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Outcome:
    """What one review did: the card's row id, its new state and version."""

    card_id: int
    question_id: int
    state: CardState
    version: int
    review_id: int


# --------------------------------------------------------------------------- reviewing


def review(
    student: User,
    classroom: Classroom,
    question_id: int,
    rating: int,
    at: datetime,
    duration_ms: int | None,
    expected_version: int,
) -> Outcome:
    """Record the student's rating of a card they were shown at `expected_version`.

    `expected_version` is 0 for a new card (no row yet). Raises LookupError when the
    question is not a card in the class, ValueError for a rating outside 1-4, and
    `AlreadyReviewed` when the card is no longer at the version shown.

    A rating is the study page's hot path (a student rates a card every few seconds),
    so it reads what it needs in one statement (the question, the student's card and
    the class's settings) and writes with two prepared statements.
    """
    grade = fsrs.Rating(rating)  # ValueError outside 1-4
    found = _reviewable(student.id, classroom.id, question_id, at)
    if found is None:
        raise LookupError(question_id)
    current, scheduler, sibling = found
    if (current.version if current else 0) != expected_version:
        raise AlreadyReviewed()
    outcome = _record(
        scheduler,
        student.id,
        classroom.id,
        question_id,
        sibling,
        current,
        grade,
        at,
        duration_ms,
        ReviewSource.STUDY,
    )
    if outcome is None:
        raise AlreadyReviewed()
    return outcome


def _reviewable(
    student_id: int, class_id: int, question_id: int, at: datetime
) -> tuple[StoredCard | None, fsrs.Scheduler, str] | None:
    """The student's card (None while new), the class's scheduler and the card's sibling
    key, if the question is the student's card in the class at `at`: one statement."""
    rows = _REVIEW_READ.all(
        db.session.connection(),
        {
            "question_id": question_id,
            "class_id": class_id,
            "student_id": student_id,
            **answer_keys.bound_moment(at),
        },
    )
    if not rows:
        return None
    (row,) = rows
    current = None if row.card_id is None else stored_from_row(row, row.card_id)
    saved = row.settings_id is not None
    scheduler = scheduler_with(
        *(
            getattr(row, f"s_{name}") if saved else STUDY_DEFAULTS[name]
            for name in _SCHEDULING_SETTINGS
        )  # type: ignore[arg-type]
    )
    return current, scheduler, sibling_key(row.bank_id, row.uid, row.facts)


_SCHEDULING_SETTINGS = (
    "desired_retention",
    "learning_steps",
    "relearning_steps",
    "maximum_interval_days",
)
"""What `scheduler_with` takes of a class's settings, in its order."""


def _review_read() -> Executable:
    """The question if it is the student's card in the class, their card row (if any)
    and the class's settings (if saved), in one row."""
    class_id = bindparam("class_id", type_=Integer)
    student_id = bindparam("student_id", type_=Integer)
    card = aliased(Card)
    return (
        select(
            Question.bank_id,
            Question.uid,
            Question.facts,
            card.id.label("card_id"),
            card.version,
            card.due,
            card.stability,
            card.difficulty,
            card.state,
            card.step,
            card.last_review,
            card.reps,
            StudySettings.id.label("settings_id"),
            *(getattr(StudySettings, n).label(f"s_{n}") for n in _SCHEDULING_SETTINGS),
        )
        .outerjoin(
            card,
            and_(
                card.student_id == student_id,
                card.class_id == class_id,
                card.question_id == Question.id,
            ),
        )
        .outerjoin(StudySettings, StudySettings.class_id == class_id)
        .where(Question.id == bindparam("question_id"), studyable(class_id, student_id))
    )


_REVIEW_READ = Prepared(_review_read)


def _record(
    scheduler: fsrs.Scheduler,
    student_id: int,
    class_id: int,
    question_id: int,
    sibling: str,
    current: StoredCard | None,
    rating: fsrs.Rating,
    at: datetime,
    duration_ms: int | None,
    source: ReviewSource,
) -> Outcome | None:
    """Apply the rating to the card as `current` shows it; None if the card moved on."""
    at = utc(at)
    before = current.state if current else None
    after = next_state(scheduler, before, rating, at)
    values = _state_values(after)
    connection = db.session.connection()
    if current is None:
        card_id = _insert_card(
            connection,
            {
                "student_id": student_id,
                "class_id": class_id,
                "question_id": question_id,
                "sibling_key": sibling,
                "version": 1,
                "created_at": at,
                **values,
            },
        )
        if card_id is None:
            return None
        version = 1
    else:
        changed = _CARD_UPDATE.run(
            connection,
            {
                "card_id": current.id,
                "shown_version": current.version,
                "new_version": current.version + 1,
                **{f"new_{k}": v for k, v in values.items()},
            },
        )
        if changed != 1:
            return None
        card_id, version = current.id, current.version + 1
    ((review_id,),) = _REVIEW_INSERT.all(
        connection,
        {
            "card_id": card_id,
            "student_id": student_id,
            "class_id": class_id,
            "rating": int(rating),
            "reviewed_at": at,
            "duration_ms": duration_ms,
            "source": source,
            "created_card": before is None,
            "prior_due": before.due if before else None,
            "prior_stability": before.stability if before else None,
            "prior_difficulty": before.difficulty if before else None,
            "prior_state": before.state if before else None,
            "prior_step": before.step if before else None,
            "prior_last_review": before.last_review if before else None,
            "prior_reps": before.reps if before else 0,
        },
    )
    return Outcome(card_id, question_id, after, version, review_id)


_STATE_NAMES = ("due", "stability", "difficulty", "state", "step", "last_review", "reps")


_CARD_UPDATE = Prepared(
    lambda: (
        update(Card)
        .where(Card.id == bindparam("card_id"), Card.version == bindparam("shown_version"))
        .values(
            version=bindparam("new_version"),
            **{name: bindparam(f"new_{name}") for name in _STATE_NAMES},
        )
    )
)
"""The card moves on only from the version that was shown (see the module doc)."""

_REVIEW_COLUMNS = tuple(c.key for c in Review.__table__.columns if not c.primary_key)
"""A review row is written whole: `_record` gives every column but the id."""
_REVIEW_INSERT = Prepared(lambda: insert(Review).returning(Review.id), keys=_REVIEW_COLUMNS)


def _state_values(state: CardState) -> dict[str, Any]:
    return {
        "due": state.due,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "state": state.state,
        "step": state.step,
        "last_review": state.last_review,
        "reps": state.reps,
    }


def _insert_card(connection: Connection, values: dict[str, Any]) -> int | None:
    """Insert a card row; None if the (student, class, question) card exists already.

    ON CONFLICT DO NOTHING, so losing the race neither raises nor spoils the transaction
    (finishing a quiz records its mistakes inside its own).
    """
    rows = _card_insert(connection.dialect.name).all(connection, values)
    return rows[0].id if rows else None


_CARD_COLUMNS = tuple(c.key for c in Card.__table__.columns if not c.primary_key)


@cache
def _card_insert(dialect: str) -> Prepared:
    make = insert_for(dialect)
    return Prepared(
        lambda: (
            make(Card)
            .on_conflict_do_nothing(index_elements=["student_id", "class_id", "question_id"])
            .returning(Card.id)
        ),
        keys=_CARD_COLUMNS,
    )


# --------------------------------------------------------------------------- quizzes feed study


def record_quiz_mistakes(
    student_id: int, class_id: int | None, question_ids: Sequence[int], at: datetime
) -> int:
    """A wrong answer in a finished quiz is an Again review of that card, at `at`.

    So the card comes back soon, at the first learning or relearning step, and quizzes
    and flashcards share one memory model. Only when the class's `quiz_feeds_study` is
    on, and only for questions in the class's deck (a card whose answer the quiz has not
    released yet waits, recorded, until it is: `cards`). Returns how many were
    recorded. Right answers record nothing: a quiz question answered right says little
    about when to review it, and FSRS would treat it as a full review.
    """
    if class_id is None or not question_ids:
        return 0
    settings = settings_for_class_id(class_id)
    if not settings.quiz_feeds_study:
        return 0
    scheduler = scheduler_for(settings)
    questions = in_deck_ids(class_id, question_ids)
    cards = stored_cards(student_id, class_id, [q.id for q in questions])
    recorded = 0
    for question in questions:
        current = cards.get(question.id)
        for _ in range(QUIZ_RETRIES):
            outcome = _record(
                scheduler,
                student_id,
                class_id,
                question.id,
                key_of(question),
                current,
                fsrs.Rating.Again,
                at,
                None,
                ReviewSource.QUIZ,
            )
            if outcome is not None:
                recorded += 1
                break
            current = stored_card(student_id, class_id, question.id)  # it moved on: re-read
    return recorded


# --------------------------------------------------------------------------- undo


@dataclass(frozen=True)
class Undone:
    """The card put back: the study page shows it again."""

    question_id: int
    rating: int


def undo_last(
    student: User, classroom: Classroom, at: datetime, *, shown: int | None = None
) -> Undone:
    """Put back the card of the student's last study review today, exactly as it was.

    A card that review created is deleted (it is new again); otherwise every scheduling
    field is restored from the review's record of the prior state. The review row is
    deleted. Repeated calls undo earlier reviews in turn. Quiz-fed reviews are not undone,
    and a study review is not undone once a quiz has changed its card since.

    `shown` is the review the student's page offered to undo (`Queue.last_review_id`, 0
    when it offered none). When it is no longer the last (a second click sent the form
    again, or another tab rated or undid since), nothing is undone: `AlreadyUndone`.
    Otherwise a double click would take back two ratings.
    """
    day = study_day(at, student.timezone)
    last = db.session.execute(
        select(Review, Card.question_id, Card.version)
        .join(Card, Card.id == Review.card_id)
        .where(
            Review.student_id == student.id,
            Review.class_id == classroom.id,
            Review.source == ReviewSource.STUDY,
            Review.reviewed_at >= day.start,
            Review.reviewed_at < day.end,
        )
        .order_by(Review.id.desc())
        .limit(1)
    ).first()
    if last is None:
        offered_earlier = shown and db.session.scalar(
            select(exists().where(Review.id == shown, Review.student_id == student.id))
        )  # a page from before 4 a.m.: its rating is yesterday's now, not undone
        raise AlreadyUndone() if shown and not offered_earlier else NothingToUndo()
    if shown is not None and last[0].id != shown:
        raise AlreadyUndone()
    entry: Review = last[0]
    question_id, version = last.question_id, last.version
    later = db.session.scalar(
        select(exists().where(Review.card_id == entry.card_id, Review.id > entry.id))
    )
    if later:
        raise StudyError("That card was answered in a quiz since, so its rating stays.")
    guard = (Card.id == entry.card_id, Card.version == version)
    if entry.created_card:
        done = db.session.execute(
            delete(Card).where(*guard).execution_options(synchronize_session=False)
        )
    else:
        assert entry.prior_due is not None and entry.prior_state is not None
        done = db.session.execute(
            update(Card)
            .where(*guard)
            .values(
                version=version + 1,
                **_state_values(
                    CardState(
                        due=entry.prior_due,
                        stability=entry.prior_stability,
                        difficulty=entry.prior_difficulty,
                        state=entry.prior_state,
                        step=entry.prior_step,
                        last_review=entry.prior_last_review,
                        reps=entry.prior_reps,
                    )
                ),
            )
            .execution_options(synchronize_session=False)
        )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyReviewed("That card changed in another tab: try again.")
    db.session.execute(
        delete(Review).where(Review.id == entry.id).execution_options(synchronize_session=False)
    )
    db.session.expunge(entry)
    return Undone(question_id=question_id, rating=entry.rating)
