"""A flashcard's back is the quiz's key: a question becomes a card for a student only when
the quiz's own feedback rule lets that student see its answer, and not before.

Each test looks from the outside, as a student would try it: the study page, its
`?show=` and `?q=` addresses, a rating form with a valid token, and the home page's count.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from quizapp.extensions import db
from quizapp.learn import study as study_views
from quizapp.models import Classroom, Enrollment, Feedback, Quiz, Review, User
from quizapp.services import study
from quizapp.services.study.progress import class_progress
from tests.support.quizzes import Clock, attempt_ids
from tests.support.study import CAPITALS, T0, StudyWorld, build_world
from tests.support.web import Actions, Factory

DUE = T0 + timedelta(days=2)
AFTER_DUE = DUE + timedelta(minutes=1)


class Learner:
    """A signed-in student who can take the world's quiz and look for its cards."""

    def __init__(self, client: FlaskClient, act: Actions, user: User, world: StudyWorld) -> None:
        act.login(user.email)
        self.client, self.user, self.world = client, user, world
        self.csrf = act.token("/learn/")
        self.url = f"/learn/classes/{world.class_id}/study"

    def take(self, app: Flask) -> int:
        """Start the quiz and submit it blank, as the quickest way to see a key would be."""
        started = self.client.post(
            f"/learn/quizzes/{self.world.quiz_id}/start", data={"csrf_token": self.csrf}
        )
        assert started.status_code == 302, started.get_data(as_text=True)
        attempt = attempt_ids(app, self.world.quiz_id, self.user.id)[-1]
        return attempt

    def submit(self, attempt: int) -> None:
        response = self.client.post(
            f"/learn/attempts/{attempt}/submit", data={"csrf_token": self.csrf}
        )
        assert response.status_code == 302

    def cards(self) -> list[int]:
        """The cards study mode would give this student now, in order."""
        with self.client.application.app_context():
            student = db.session.get(User, self.user.id)
            classroom = db.session.get(Classroom, self.world.class_id)
            assert student is not None and classroom is not None
            at = self.client.application.config["CLOCK"]()
            return [e.question_id for e in study.queue(student, classroom, at).entries]

    def sees_no_key(self) -> None:
        """Nothing of the quiz reaches the student through study, by any address."""
        page = self.client.get(self.url).get_data(as_text=True)
        for spec in CAPITALS:
            assert spec.answer not in page and spec.prompt not in page
        for qid in self.world.question_ids:
            for query in ({"show": qid}, {"q": qid}, {"show": qid, "answer": "Rome"}):
                assert self.client.get(self.url, query_string=query).status_code == 404
        qid = self.world.question_ids[0]
        token = study_views._shown_token(self.user.id, self.world.class_id, qid, T0)
        rated = self.client.post(
            f"{self.url}/review",
            data={
                "csrf_token": self.csrf,
                "question": str(qid),
                "version": "0",
                "rating": "3",
                "shown": token,
            },
        )
        assert rated.status_code == 404
        home = self.client.get("/learn/").get_data(as_text=True)
        assert "cards today" not in home

    def sees_the_keys(self) -> None:
        page = self.client.get(self.url).get_data(as_text=True)
        assert CAPITALS[0].prompt in page
        back = self.client.get(self.url, query_string={"show": self.world.question_ids[0]})
        assert back.status_code == 200
        assert f"<strong>{CAPITALS[0].answer}</strong>" in back.get_data(as_text=True)


@pytest.fixture
def clock(app: Flask) -> Clock:
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    return clock


def world_with(app: Flask, make: Factory, **settings: Any) -> tuple[StudyWorld, User]:
    """The study world with its quiz open under these settings, and a second student (Bob)
    in the class."""
    world = build_world(app, make, CAPITALS[:3], due_at=None)
    bob = make.student(name="Bob")
    with app.app_context():
        if settings:
            db.session.execute(update(Quiz).where(Quiz.id == world.quiz_id).values(**settings))
        db.session.add(Enrollment(class_id=world.class_id, student_id=bob.id))
        db.session.commit()
    return world, bob


def test_no_card_before_the_student_submits_then_only_for_them(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    """One attempt, answers after submitting: the card follows the result page."""
    world, bob = world_with(app, make, attempts_allowed=1, feedback=Feedback.AFTER_SUBMIT)
    alice = Learner(client, act, world.student, world)
    alice.sees_no_key()
    attempt = alice.take(app)
    alice.sees_no_key()  # an attempt open: still nothing
    alice.submit(attempt)
    alice.sees_the_keys()
    assert alice.cards() == world.question_ids
    act.logout()
    Learner(client, act, bob, world).sees_no_key()


def test_after_the_due_date_feedback_keeps_cards_until_the_due_date(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    world, bob = world_with(app, make, feedback=Feedback.AFTER_DUE, due_at=DUE)
    alice = Learner(client, act, world.student, world)
    alice.submit(alice.take(app))
    alice.sees_no_key()
    clock.at = AFTER_DUE
    alice.sees_the_keys()
    act.logout()
    # Bob never sat it; the quiz is closed, so its answers are his to learn too.
    Learner(client, act, bob, world).sees_the_keys()


def test_unlimited_attempts_keep_cards_until_the_quiz_closes(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    world, _ = world_with(app, make, attempts_allowed=0, due_at=DUE)
    alice = Learner(client, act, world.student, world)
    alice.submit(alice.take(app))  # an empty submit
    alice.sees_no_key()
    clock.at = AFTER_DUE
    alice.sees_the_keys()


def test_limited_attempts_keep_cards_until_the_last_is_submitted(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    world, _ = world_with(app, make, attempts_allowed=2)
    alice = Learner(client, act, world.student, world)
    alice.submit(alice.take(app))
    alice.sees_no_key()
    clock.at += timedelta(minutes=1)
    last = alice.take(app)
    alice.sees_no_key()
    alice.submit(last)
    alice.sees_the_keys()


def test_an_attempt_still_in_its_grace_period_keeps_the_cards_hidden(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    """At the due date a last save may still be in flight: the key waits for it."""
    world, _ = world_with(app, make, due_at=DUE)
    alice = Learner(client, act, world.student, world)
    alice.take(app)
    clock.at = DUE + timedelta(seconds=10)
    alice.sees_no_key()
    clock.at = DUE + timedelta(minutes=1)
    alice.sees_the_keys()


def test_quiz_mistakes_wait_recorded_until_the_card_is_released(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    """A wrong answer in a quiz whose key waits for the due date is kept for study, and
    comes back as a learning card the moment the answers are out."""
    world, _ = world_with(app, make, feedback=Feedback.AFTER_DUE, due_at=DUE)
    alice = Learner(client, act, world.student, world)
    alice.submit(alice.take(app))
    with app.app_context():
        assert db.session.query(Review).count() == len(world.question_ids)
    assert alice.cards() == []
    clock.at = AFTER_DUE
    assert sorted(alice.cards()) == world.question_ids


def test_the_teachers_figures_count_each_students_own_cards(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    world, _ = world_with(app, make)
    alice = Learner(client, act, world.student, world)
    alice.submit(alice.take(app))
    with app.app_context():
        classroom = db.session.get(Classroom, world.class_id)
        assert classroom is not None
        figures = {s.name: s.new_left for s in class_progress(classroom, T0, "UTC").students}
    # Alice's blank answers are learning cards now; Bob has nothing to learn yet.
    assert figures == {"Alice": 0, "Bob": 0}
