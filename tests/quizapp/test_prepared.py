"""Prepared statements store and read values exactly as SQLAlchemy does, on SQLite and
PostgreSQL, and their writes take SQLite's writer turn like any other write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, delete, insert, select, update

from quizapp.extensions import db
from quizapp.models import Card, Question, QuestionStatus, Review, ReviewSource
from quizapp.prepared import Prepared
from tests.support.study import StudyWorld, build_world
from tests.support.web import Factory

COLUMNS = tuple(c.key for c in Review.__table__.columns if not c.primary_key)
INSERT = Prepared(lambda: insert(Review).returning(Review.id), keys=COLUMNS)
READ = Prepared(
    lambda: select(*(getattr(Review, c) for c in COLUMNS)).where(Review.id == bindparam("id"))
)
STAMP = Prepared(
    lambda: (
        update(Review)
        .where(Review.id == bindparam("id"))
        .values(reviewed_at=bindparam("at"), source=ReviewSource.QUIZ)
    )
)
APPROVED = Prepared(
    lambda: select(Question.id).where(
        Question.status == QuestionStatus.APPROVED, Question.id == bindparam("id")
    )
)

times = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
reviews = st.fixed_dictionaries(
    {
        "rating": st.integers(1, 4),
        "reviewed_at": times,
        "duration_ms": st.none() | st.integers(0, 60_000),
        "source": st.sampled_from(ReviewSource),
        "created_card": st.booleans(),
        "prior_due": st.none() | times,
        "prior_stability": st.none() | st.floats(0.001, 36500, allow_nan=False),
        "prior_difficulty": st.none() | st.floats(1, 10, allow_nan=False),
        "prior_state": st.none() | st.integers(1, 3),
        "prior_step": st.none() | st.integers(0, 19),
        "prior_last_review": st.none() | times,
        "prior_reps": st.integers(0, 10_000),
    }
)


@pytest.fixture
def world(app: Flask, make: Factory) -> StudyWorld:
    return build_world(app, make)


def a_card(world: StudyWorld) -> int:
    card = Card(
        student_id=world.student.id,
        class_id=world.class_id,
        question_id=world.question_ids[0],
        sibling_key="k",
        due=datetime(2025, 1, 1, tzinfo=UTC),
        state=1,
    )
    db.session.add(card)
    db.session.flush()
    return card.id


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=reviews)
def test_values_written_and_read_match_sqlalchemys_own(
    app: Flask, world: StudyWorld, values: dict[str, Any]
) -> None:
    with app.app_context():
        card_id = a_card(world)
        row = {"card_id": card_id, "student_id": world.student.id, "class_id": world.class_id}
        row |= values
        connection = db.session.connection()
        ((prepared_id,),) = INSERT.all(connection, row)
        orm_id = connection.execute(insert(Review).returning(Review.id), row).scalar_one()
        by_orm = select(*(getattr(Review, c) for c in COLUMNS)).where(Review.id == bindparam("id"))
        for written in (prepared_id, orm_id):
            expected = tuple(connection.execute(by_orm, {"id": written}).one())
            assert expected == tuple(row[c] for c in COLUMNS)  # stored as given
            (read,) = READ.all(connection, {"id": written})
            assert tuple(read) == expected  # and read back the same way
            assert read.source is values["source"] and read._fields == COLUMNS
        db.session.rollback()


def test_updates_count_rows_and_literals_are_bound(app: Flask, world: StudyWorld) -> None:
    with app.app_context():
        card_id = a_card(world)
        connection = db.session.connection()
        at = datetime(2025, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
        row = {"card_id": card_id, "student_id": world.student.id, "class_id": world.class_id}
        review_id = connection.execute(
            insert(Review).returning(Review.id), {**row, "rating": 3, "reviewed_at": at}
        ).scalar_one()
        later = at + timedelta(days=1)
        assert STAMP.run(connection, {"id": review_id, "at": later}) == 1
        assert STAMP.run(connection, {"id": review_id + 1000, "at": later}) == 0
        stored = connection.execute(
            select(Review.reviewed_at, Review.source).where(Review.id == review_id)
        ).one()
        assert tuple(stored) == (later, ReviewSource.QUIZ)
        assert [r.id for r in APPROVED.all(connection, {"id": world.question_ids[1]})] == [
            world.question_ids[1]
        ]
        connection.execute(
            update(Question)
            .where(Question.id == world.question_ids[1])
            .values(status=QuestionStatus.REJECTED)
        )
        assert APPROVED.all(connection, {"id": world.question_ids[1]}) == []
        connection.execute(delete(Review))
        db.session.rollback()


def test_a_prepared_write_takes_the_sqlite_writers_turn(app: Flask, world: StudyWorld) -> None:
    from quizapp import sqlite

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the writer queue is SQLite's; PostgreSQL locks rows")
        queue = sqlite.queue_for(db.engine.url.database or "")
        card_id = a_card(world)  # the ORM's flush takes the turn ...
        db.session.commit()  # ... and the commit gives it back
        assert queue.threads.acquire(blocking=False)
        queue.threads.release()
        row = {"card_id": card_id, "student_id": world.student.id, "class_id": world.class_id}
        INSERT.all(
            db.session.connection(),
            {**row, **{c: None for c in COLUMNS[3:]}}
            | {
                "rating": 1,
                "reviewed_at": datetime(2025, 1, 1, tzinfo=UTC),
                "source": ReviewSource.STUDY,
                "created_card": False,
                "prior_reps": 0,
            },
        )
        assert not queue.threads.acquire(blocking=False), "the write holds the turn"
        db.session.rollback()
        assert queue.threads.acquire(blocking=False), "the rollback gives it back"
        queue.threads.release()


def test_expanding_parameters_are_refused(app: Flask) -> None:
    in_list = Prepared(lambda: select(Card.id).where(Card.id.in_(bindparam("ids", expanding=True))))
    with app.app_context(), pytest.raises(ValueError, match="expanding"):
        in_list.all(db.session.connection(), {"ids": [1, 2]})
