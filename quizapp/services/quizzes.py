"""Composing quizzes: settings, picking and drawing questions, order, points, publication.

The rules that keep results honest live here: only the teacher's own approved, non-retired
questions go into a quiz, and once a student has an attempt the questions and points that
the attempt was graded against are frozen (removing one would silently change scores).
"""

from __future__ import annotations

import enum
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, func, select

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Bank,
    Classroom,
    Enrollment,
    Feedback,
    Layout,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    User,
)

MAX_POINTS = 100.0
MAX_DRAW = 100


class QuizError(ValueError):
    """A user-facing problem: the message is shown as it is."""


# --------------------------------------------------------------------------- time zones


def zone(name: str | None) -> ZoneInfo:
    """The user's time zone, or UTC when the stored name is unknown to this machine."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def to_utc(local: datetime | None, tz_name: str | None) -> datetime | None:
    """A naive datetime-local value read in the user's zone, as an aware UTC datetime."""
    if local is None:
        return None
    return local.replace(tzinfo=zone(tz_name)).astimezone(UTC)


def to_local(moment: datetime | None, tz_name: str | None) -> datetime | None:
    """An aware datetime as the naive wall-clock time a datetime-local input shows."""
    if moment is None:
        return None
    return moment.astimezone(zone(tz_name)).replace(tzinfo=None)


def format_moment(moment: datetime | None, tz_name: str | None) -> str:
    """A date and time as people read it, in their own zone, with the zone named."""
    if moment is None:
        return ""
    local = moment.astimezone(zone(tz_name))
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".strip()


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class QuizSettings:
    title: str
    time_limit_minutes: int | None = None
    attempts_allowed: int = 1
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    feedback: Feedback = Feedback.AFTER_SUBMIT
    layout: Layout = Layout.ONE_PER_PAGE
    opens_at: datetime | None = None
    due_at: datetime | None = None


def _check(settings: QuizSettings) -> None:
    if settings.opens_at and settings.due_at and settings.due_at <= settings.opens_at:
        raise QuizError("The due date must be after the opening date.")


def create(owner: User, settings: QuizSettings) -> Quiz:
    _check(settings)
    quiz = Quiz(owner_id=owner.id)
    _apply(quiz, settings)
    db.session.add(quiz)
    db.session.flush()
    return quiz


def update(quiz: Quiz, settings: QuizSettings) -> None:
    _check(settings)
    _apply(quiz, settings)
    db.session.flush()


def settings_of(quiz: Quiz) -> QuizSettings:
    return QuizSettings(
        title=quiz.title,
        time_limit_minutes=quiz.time_limit_minutes,
        attempts_allowed=quiz.attempts_allowed,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_choices=quiz.shuffle_choices,
        feedback=quiz.feedback,
        layout=quiz.layout,
        opens_at=quiz.opens_at,
        due_at=quiz.due_at,
    )


def _apply(quiz: Quiz, s: QuizSettings) -> None:
    quiz.title = s.title.strip()
    quiz.time_limit_minutes = s.time_limit_minutes or None
    quiz.attempts_allowed = max(0, s.attempts_allowed)
    quiz.shuffle_questions = s.shuffle_questions
    quiz.shuffle_choices = s.shuffle_choices
    quiz.feedback = s.feedback
    quiz.layout = s.layout
    quiz.opens_at = s.opens_at
    quiz.due_at = s.due_at


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class QuestionFilter:
    bank_id: int | None = None
    type: str | None = None
    kind: str | None = None


def attempt_count(quiz: Quiz) -> int:
    return db.session.scalar(select(func.count(Attempt.id)).where(Attempt.quiz_id == quiz.id)) or 0


def usable_questions(owner: User, wanted: QuestionFilter = QuestionFilter()) -> Select[Question]:
    """The owner's approved, non-retired questions, filtered, in bank then rank order."""
    query = (
        select(Question)
        .join(Bank, Question.bank_id == Bank.id)
        .where(
            Bank.owner_id == owner.id,
            Question.status == QuestionStatus.APPROVED,
            Question.retired.is_(False),
        )
    )
    if wanted.bank_id is not None:
        query = query.where(Question.bank_id == wanted.bank_id)
    if wanted.type:
        query = query.where(Question.type == wanted.type)
    if wanted.kind:
        query = query.where(Question.kind == wanted.kind)
    return query.order_by(Bank.title, Bank.id, Question.score.desc(), Question.id)


def _in_quiz(quiz: Quiz) -> set[int]:
    return {item.question_id for item in quiz.items}


def add_questions(quiz: Quiz, owner: User, question_ids: Iterable[int]) -> int:
    """Append the given questions in the order given; returns how many were new.

    Ids that are not the owner's usable questions are ignored rather than trusted: the
    list comes from a form and may have been tampered with.
    """
    wanted = list(dict.fromkeys(question_ids))
    if not wanted:
        return 0
    usable = {
        q.id for q in db.session.scalars(usable_questions(owner).where(Question.id.in_(wanted)))
    }
    present = _in_quiz(quiz)
    position = max((item.position for item in quiz.items), default=0)
    added = 0
    for qid in wanted:
        if qid in usable and qid not in present:
            position += 1
            quiz.items.append(QuizQuestion(question_id=qid, position=position))
            present.add(qid)
            added += 1
    db.session.flush()
    return added


def draw(quiz: Quiz, owner: User, count: int, wanted: QuestionFilter) -> int:
    """Add `count` questions drawn at random from the usable ones not yet in the quiz.

    The generator is seeded from the quiz id, the number asked for and the quiz's size,
    so the same draw on the same quiz gives the same questions (reproducible, testable)
    while a second draw on a grown quiz gives new ones.
    """
    if not 1 <= count <= MAX_DRAW:
        raise QuizError(f"Draw between 1 and {MAX_DRAW} questions.")
    present = _in_quiz(quiz)
    pool = sorted(
        q.id for q in db.session.scalars(usable_questions(owner, wanted)) if q.id not in present
    )
    if not pool:
        raise QuizError("No approved question that is not already in the quiz matches.")
    rng = random.Random(f"quiz:{quiz.id}:draw:{count}:size:{len(quiz.items)}")
    picked = rng.sample(pool, min(count, len(pool)))
    return add_questions(quiz, owner, picked)


def _item(quiz: Quiz, item_id: int) -> QuizQuestion:
    for item in quiz.items:
        if item.id == item_id:
            return item
    raise LookupError(item_id)


def remove(quiz: Quiz, item_id: int) -> None:
    """Take a question out; refused once anyone has an attempt, whose score depends on it."""
    item = _item(quiz, item_id)
    if attempt_count(quiz):
        raise QuizError(
            "Students have already started this quiz, so its questions cannot be "
            "removed: their results would change."
        )
    quiz.items.remove(item)
    db.session.delete(item)
    _renumber(sorted(quiz.items, key=lambda i: (i.position, i.id)))
    db.session.flush()


class Move(enum.StrEnum):
    UP = "up"
    DOWN = "down"


def move(quiz: Quiz, item_id: int, direction: Move) -> None:
    """Swap a question with its neighbour; existing attempts keep the order they had."""
    items = sorted(quiz.items, key=lambda i: (i.position, i.id))
    index = items.index(_item(quiz, item_id))
    other = index - 1 if direction is Move.UP else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)
    db.session.flush()


def _renumber(items: list[QuizQuestion]) -> None:
    """Positions 1..n in the order given."""
    for position, item in enumerate(items, start=1):
        item.position = position


def set_points(quiz: Quiz, points: Mapping[int, float]) -> int:
    """Set the points of the given items; returns how many changed.

    Refused once attempts exist: a student's mark and the quiz maximum must mean the same
    thing for everyone who took it.
    """
    for value in points.values():
        if not 0 <= value <= MAX_POINTS:
            raise QuizError(f"Points must be between 0 and {MAX_POINTS:g}.")
    changes = {i: v for i, v in points.items() if _item(quiz, i).points != v}
    if changes and attempt_count(quiz):
        raise QuizError("Students have already started this quiz, so its points are fixed.")
    for item_id, value in changes.items():
        _item(quiz, item_id).points = value
    db.session.flush()
    return len(changes)


# --------------------------------------------------------------------------- publication


def teacher_classes(owner: User) -> list[Classroom]:
    return list(
        db.session.scalars(
            select(Classroom)
            .where(Classroom.teacher_id == owner.id)
            .order_by(Classroom.name, Classroom.id)
        )
    )


def publish(quiz: Quiz, owner: User, class_ids: Iterable[int]) -> tuple[int, int]:
    """Make the quiz published to exactly these classes of the owner's.

    Returns (published, unpublished) counts. Ids of other teachers' classes are ignored.
    """
    mine = {c.id for c in teacher_classes(owner)}
    wanted = set(class_ids) & mine
    if wanted and not quiz.items:
        raise QuizError("Add at least one question before publishing the quiz.")
    current = {a.class_id: a for a in quiz.assignments}
    removed = 0
    for class_id, assignment in current.items():
        if class_id not in wanted:
            quiz.assignments.remove(assignment)
            db.session.delete(assignment)
            removed += 1
    added = 0
    for class_id in sorted(wanted - current.keys()):
        quiz.assignments.append(Assignment(class_id=class_id))
        added += 1
    db.session.flush()
    return added, removed


def assignment_for(student: User, quiz_id: int) -> Assignment | None:
    """The publication of this quiz to a class the student is in, if there is one."""
    return db.session.scalar(
        select(Assignment)
        .join(Enrollment, Enrollment.class_id == Assignment.class_id)
        .where(Assignment.quiz_id == quiz_id, Enrollment.student_id == student.id)
        .order_by(Assignment.published_at, Assignment.id)
        .limit(1)
    )
