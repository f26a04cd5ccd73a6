"""When a student may see a quiz's answers: one rule for result pages and study cards.

The quiz's feedback setting says when (after submitting, or after the due date). On top of
it, a key never reaches a student who could still use it in that quiz:

* not while one of their attempts at it is open: a second tab would copy the answers;
* not while a limited number of attempts remains on a quiz that is still open;
* not before the due date when attempts are unlimited: any submit, even an empty one,
  would hand the key to the next attempt (Moodle's safe choice, "after the quiz is
  closed"). Without a due date such a quiz never shows its answers; the settings page
  says so to the teacher (`giveaways`).

Once the quiz is past its due date the answers are open to every student of it, except
to one whose attempt is still in its grace period for answers in flight.

The rule is SQL on the `Quiz` of a query (`released`), so that a study queue filters its
cards in the database, even for a whole class at once; the result page reads the same
conditions for one quiz (`hidden`) to say why answers wait. A student who has not
finished an attempt sees no key until the quiz closes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, func, not_, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from quizapp.extensions import db
from quizapp.models import Attempt, Feedback, Quiz
from quizapp.models.attempts import GRACE
from quizapp.models.base import UTCDateTime

StudentRef = int | ColumnElement[int] | InstrumentedAttribute[int]
When = datetime | ColumnElement[datetime]


class Hidden(enum.StrEnum):
    """Why a finished attempt's answers are not shown yet."""

    UNFINISHED = "unfinished"
    UNTIL_DUE = "until_due"
    UNTIL_ATTEMPTS_USED = "until_attempts_used"
    UNTIL_CLOSED = "until_closed"
    ATTEMPT_OPEN = "attempt_open"


@dataclass(frozen=True)
class _Conditions:
    """The parts of the rule, as SQL on `Quiz` for one student at one moment."""

    attempt_open: ColumnElement[bool]
    past_due: ColumnElement[bool]
    waits_for_due: ColumnElement[bool]
    unlimited: ColumnElement[bool]
    attempts_used: ColumnElement[bool]


def _conditions(student_id: StudentRef, at: When, grace_from: When) -> _Conditions:
    """`grace_from` is `at` less the grace for answers in flight."""
    mine = and_(Attempt.quiz_id == Quiz.id, Attempt.student_id == student_id)
    # Everything but the attempts comes from the enclosing query, however deep it is
    # nested (a student column may be several subqueries up).
    finished = (
        select(func.count(Attempt.id))
        .where(mine, Attempt.finished_at.is_not(None))
        .correlate_except(Attempt)
        .scalar_subquery()
    )
    in_grace = and_(Quiz.due_at.is_not(None), Quiz.due_at >= grace_from)
    open_attempt = (
        select(Attempt.id)
        .where(mine, Attempt.finished_at.is_(None), or_(Quiz.due_at.is_(None), in_grace))
        .correlate_except(Attempt)
        .exists()
    )
    return _Conditions(
        attempt_open=open_attempt,
        past_due=and_(Quiz.due_at.is_not(None), Quiz.due_at < at),
        waits_for_due=and_(Quiz.feedback == Feedback.AFTER_DUE, Quiz.due_at.is_not(None)),
        unlimited=Quiz.attempts_allowed == 0,
        attempts_used=and_(Quiz.attempts_allowed > 0, finished >= Quiz.attempts_allowed),
    )


def released(student_id: StudentRef, at: datetime) -> ColumnElement[bool]:
    """SQL: the student may see the answers of the `Quiz` in the query at `at`."""
    return _released(_conditions(student_id, at, at - GRACE))


def released_bound(student_id: StudentRef) -> ColumnElement[bool]:
    """`released` at a moment bound on each call (`bound_moment`), for a prepared statement."""
    at = bindparam("at", type_=UTCDateTime())
    return _released(_conditions(student_id, at, bindparam("grace_from", type_=UTCDateTime())))


def bound_moment(at: datetime) -> dict[str, datetime]:
    """The parameters `released_bound` takes for the moment `at`."""
    return {"at": at, "grace_from": at - GRACE}


def _released(c: _Conditions) -> ColumnElement[bool]:
    return and_(
        not_(c.attempt_open),
        or_(c.past_due, and_(not_(c.waits_for_due), c.attempts_used)),
    )


def hidden(quiz: Quiz, student_id: int, at: datetime) -> Hidden | None:
    """Why the student may not see this quiz's answers now, or None when they may."""
    c = _conditions(student_id, at, at - GRACE)
    row = db.session.execute(
        select(
            c.attempt_open.label("attempt_open"),
            c.past_due.label("past_due"),
            c.waits_for_due.label("waits_for_due"),
            c.unlimited.label("unlimited"),
            c.attempts_used.label("attempts_used"),
            _released(c).label("released"),
        ).where(Quiz.id == quiz.id)
    ).one()
    if row.released:
        return None
    if row.attempt_open:
        return Hidden.ATTEMPT_OPEN
    if row.waits_for_due:
        return Hidden.UNTIL_DUE
    if row.unlimited:
        return Hidden.UNTIL_CLOSED
    return Hidden.UNTIL_ATTEMPTS_USED


def giveaways(quiz: Quiz) -> list[str]:
    """What the teacher should know about when the quiz's settings show the answers."""
    notes: list[str] = []
    attempts_allowed, due_at = quiz.attempts_allowed, quiz.due_at
    if quiz.feedback is Feedback.IMMEDIATE and attempts_allowed != 1:
        notes.append(
            "Immediate feedback shows each answer during an attempt, so a student who "
            "has another attempt left can copy them into it. Choose one attempt, or "
            "feedback after submitting."
        )
    elif attempts_allowed == 0 and due_at is None:
        notes.append(
            "With unlimited attempts, answers are shown only after the due date, or a "
            "second attempt could copy them. This quiz has no due date, so students will "
            "see their marks but never the answers."
        )
    elif attempts_allowed == 0:
        notes.append(
            "With unlimited attempts, answers are shown only after the due date, or a "
            "second attempt could copy them."
        )
    return notes
