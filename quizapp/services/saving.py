"""Saving answers as they are given: the hot path of the whole app.

Every answer of every student in a class lands here, often all at once when a teacher
says "start now". So saving reads what it needs in one statement (the attempt with its
ownership and assignment check, joined to the questions asked about and their saved
answers) and writes the changes with one guarded upsert, without the ORM's unit of work.
The rules are the ones `quizapp.services.attempts` states for the rest of the attempt's
life; this module only applies them cheaply.

The upsert's own condition is what keeps a save from overwriting a graded answer:
`finish()` marks every answer of the attempt (inserting a marked blank for each question
left unanswered), and a marked answer (`correct` set) is never updated here. So a save
racing a submit cannot change an answer after grading, whichever comes first.

On SQLite a save is one autocommit statement, outside any transaction. SQLite has one
writer at a time, and a writer that holds the lock while Python code runs between its
statements holds it for as long as that thread waits for the GIL: with a class's worth
of threads that is milliseconds per save, and every other save queues behind it. One
autocommit statement takes the lock, writes and commits inside one call into SQLite, so
the lock is held for microseconds whatever the other threads do. (No RETURNING on SQLite
for that reason: it commits only once Python has stepped past its last row.) On
PostgreSQL the save runs in the request's transaction with the attempt row locked, as
rows lock there without a global writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, and_, bindparam, exists, select
from sqlalchemy.engine import Connection

from quizapp import sqlite as sqlite_file
from quizapp.dialects import insert_for
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Assignment,
    Attempt,
    Enrollment,
    Feedback,
    Question,
    Quiz,
    QuizQuestion,
)
from quizapp.models.attempts import GRACE
from quizapp.prepared import Prepared
from quizapp.services.attempts import AttemptClosed, AttemptError, read_response, touch
from quizapp.services.marking import is_correct, option_order


@cache
def _query(lock: bool, one: bool = False) -> Executable:
    """The attempt, if it is this student's and its quiz is still published to their
    class, with one row per question asked about and the answer saved to it so far.

    The questions are `ids` (a list), or with `one` the single `item`, as every change
    saved from the page while a student answers is."""
    assigned = (
        exists()
        .where(
            Assignment.quiz_id == Attempt.quiz_id,
            Enrollment.class_id == Assignment.class_id,
            Enrollment.student_id == Attempt.student_id,
        )
        .correlate(Attempt)
    )
    query = (
        select(
            Attempt.order,
            Attempt.finished_at,
            Attempt.deadline_at,
            Quiz.due_at,
            Quiz.feedback,
            Quiz.shuffle_choices,
            QuizQuestion.id,
            QuizQuestion.points,
            Question.type,
            Question.kind,
            Question.answer,
            Question.accept,
            Question.choices,
            Answer.response,
            Answer.correct,
        )
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .outerjoin(
            QuizQuestion,
            and_(
                QuizQuestion.quiz_id == Attempt.quiz_id,
                QuizQuestion.id == bindparam("item")
                if one
                else QuizQuestion.id.in_(bindparam("ids", expanding=True)),
            ),
        )
        .outerjoin(Question, Question.id == QuizQuestion.question_id)
        .outerjoin(
            Answer,
            and_(Answer.attempt_id == Attempt.id, Answer.quiz_question_id == QuizQuestion.id),
        )
        .where(
            Attempt.id == bindparam("attempt_id"),
            Attempt.student_id == bindparam("student_id"),
            assigned,
        )
    )
    return query.with_for_update(of=Attempt) if lock else query


@cache
def _upsert(dialect: str) -> Executable:
    """Insert the answer, or update it unless it is already marked (checked or graded)."""
    statement = insert_for(dialect)(Answer)
    statement = statement.on_conflict_do_update(
        index_elements=[Answer.attempt_id, Answer.quiz_question_id],
        set_={
            "response": statement.excluded.response,
            "saved_at": statement.excluded.saved_at,
            "correct": statement.excluded.correct,
            "mark": statement.excluded.mark,
        },
        where=Answer.correct.is_(None),
    )
    # PostgreSQL: RETURNING says whether the row was written (psycopg reports rowcount -1
    # for an upsert). SQLite: its change count says so, and RETURNING would keep the
    # write lock past the statement (see the module doc).
    return statement.returning(Answer.id) if dialect == "postgresql" else statement


_READ_ONE = Prepared(lambda: _query(lock=False, one=True))
_UPSERT_SQLITE = Prepared(
    lambda: _upsert("sqlite"),
    keys=("attempt_id", "quiz_question_id", "response", "saved_at", "correct", "mark"),
)
"""The statements of a save of one change on SQLite, the path every student's every
answer takes, run as prepared statements (`quizapp.prepared`)."""


def _read(
    connection: Connection, attempt_id: int, student_id: int, ids: list[int], lock: bool
) -> list[Any]:
    params: dict[str, Any] = {"attempt_id": attempt_id, "student_id": student_id}
    if len(ids) == 1 and not lock:
        return _READ_ONE.all(connection, {**params, "item": ids[0]})
    return list(connection.execute(_query(lock), {**params, "ids": ids}).all())


def _written(connection: Connection, change: dict[str, Any]) -> bool:
    """Upsert one answer; False when it was already marked, so nothing changed."""
    if connection.dialect.name == "sqlite":
        return _UPSERT_SQLITE.run(connection, change) == 1
    return connection.execute(_upsert(connection.dialect.name), change).scalar() is not None


def save_answers(
    student_id: int,
    attempt_id: int,
    form: Mapping[str, str],
    item_ids: list[int],
    at: datetime,
) -> int:
    """Save the responses to these questions found in the form; returns how many changed.

    A save on its own: on SQLite it commits as it writes (one autocommit statement per
    answer changed, see the module doc); on PostgreSQL it writes in the request's
    transaction, which the caller commits. Raises LookupError when the attempt is not
    this student's (or its quiz is no longer published to them) or an id is not a
    question of the attempt: a tampered form, a 404. Raises AttemptClosed when the
    attempt is finished, finishing it first if its time ran out; AttemptError for a
    refusal the student should read. With immediate feedback a non-empty answer is
    graded and locked when the form asks to check it ("check").
    """
    engine = db.engine
    if engine.dialect.name == "sqlite" and sqlite_file.in_file(engine.url):
        with sqlite_file.autocommit_engine(engine).connect() as connection:
            return _save(connection, student_id, attempt_id, form, item_ids, at)
    return save_in_transaction(student_id, attempt_id, form, item_ids, at)


def save_in_transaction(
    student_id: int,
    attempt_id: int,
    form: Mapping[str, str],
    item_ids: list[int],
    at: datetime,
) -> int:
    """`save_answers` inside the request's transaction: for a submit, which saves what the
    form carries and grades it in one transaction."""
    return _save(db.session.connection(), student_id, attempt_id, form, item_ids, at)


def _save(
    connection: Connection,
    student_id: int,
    attempt_id: int,
    form: Mapping[str, str],
    item_ids: list[int],
    at: datetime,
) -> int:
    lock = connection.dialect.name == "postgresql"
    ids = sorted(set(item_ids))
    rows = _read(connection, attempt_id, student_id, ids, lock)
    if not rows:
        raise LookupError(attempt_id)
    attempt = rows[0]
    _check_open(attempt_id, attempt, at)
    if not set(ids) <= set(attempt.order or []):
        raise LookupError(item_ids)
    if not ids:
        return 0
    rows_by_id = {row.id: row for row in rows if row.id is not None}
    if len(rows_by_id) != len(ids):
        raise LookupError(item_ids)
    check = attempt.feedback is Feedback.IMMEDIATE and form.get("check") is not None
    changes = []
    for item_id in dict.fromkeys(item_ids):
        row = rows_by_id[item_id]
        order = option_order(row, shuffle=attempt.shuffle_choices, seed=f"{attempt_id}:{item_id}")
        response = read_response(row, form, item_id, order)
        if response is None:
            continue
        change = _change(row, response, check=check and bool(response))
        if change is not None:
            changes.append({"attempt_id": attempt_id, "quiz_question_id": item_id, **change})
    for change in changes:
        if not _written(connection, {**change, "saved_at": at}):
            raise AttemptClosed(
                "This attempt is already submitted: its answers can no longer change."
            )
    return len(changes)


def _check_open(attempt_id: int, attempt: Any, at: datetime) -> None:
    if attempt.finished_at is not None:
        raise AttemptClosed("This attempt is already submitted: its answers can no longer change.")
    deadlines = [d for d in (attempt.deadline_at, attempt.due_at) if d is not None]
    if deadlines and at > min(deadlines) + GRACE:
        orm_attempt = db.session.get(Attempt, attempt_id)
        if orm_attempt is not None:
            touch(orm_attempt, at)
        raise AttemptClosed("Time is up: the answers you saved in time have been submitted.")


def _change(row: Any, response: str, *, check: bool) -> dict[str, Any] | None:
    """The values to write for this response, or None when nothing changes."""
    if row.correct is not None:
        if row.response == response:
            return None
        raise AttemptError("You have already checked this answer: it cannot change now.")
    if row.response == response and not check:
        return None
    if not check:
        return {"response": response, "correct": None, "mark": 0.0}
    correct = is_correct(row, response)
    return {"response": response, "correct": correct, "mark": row.points if correct else 0.0}
