"""Taking quizzes: start, save as you go, deadlines, submit, results; and who may do what."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from quizapp import sqlite
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Feedback, Layout, Question, Quiz, User
from quizapp.services import attempts as attempt_service
from quizapp.services.attempts import AttemptError, QuizState
from tests.support.quizzes import (
    T0,
    Clock,
    ItemInfo,
    approve_every_type,
    attempt_ids,
    build_quiz,
    form_for,
    hidden_answers,
    items_of,
    merged,
    sign_out,
)
from tests.support.web import Actions, Factory


def esc(text: str) -> str:
    """Text as Jinja writes it into a page."""
    return str(escape(text))


class Student:
    """A signed-in student's requests, with the session's CSRF token read once."""

    def __init__(self, client: FlaskClient, act: Actions, user: User) -> None:
        self.client, self.user = client, user
        act.login(user.email)
        self.csrf = act.token("/learn/")

    def post(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.client.post(url, data={**(data or {}), "csrf_token": self.csrf}, **kw)

    def start(self, quiz_id: int) -> Any:
        return self.post(f"/learn/quizzes/{quiz_id}/start")

    def save(self, attempt_id: int, data: dict[str, Any], *, json: bool = False) -> Any:
        headers = {"Accept": "application/json"} if json else {}
        return self.post(f"/learn/attempts/{attempt_id}/save", data, headers=headers)

    def submit(self, attempt_id: int, data: dict[str, Any] | None = None) -> Any:
        return self.post(f"/learn/attempts/{attempt_id}/submit", data)

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)


@pytest.fixture
def clock(app: Flask) -> Clock:
    clock = Clock()
    app.config["CLOCK"] = clock
    return clock


@pytest.fixture
def world(app: Flask, make: Factory) -> dict[str, Any]:
    """A teacher with a bank (every type approved), a class with two students."""
    teacher = make.teacher()
    bank = make.bank(teacher, approve=20)
    approve_every_type(app, bank, per_type=3)
    alice, bob = make.student(name="Alice"), make.student(name="Bob")
    classroom = make.classroom(teacher, students=[alice, bob])
    return {"teacher": teacher, "bank": bank, "alice": alice, "bob": bob, "class": classroom}


def quiz(app: Flask, world: dict[str, Any], **settings: Any) -> int:
    return build_quiz(
        app, world["teacher"], world["bank"], classes=(world["class"].id,), **settings
    )


def started(app: Flask, quiz_id: int, student: Student) -> int:
    response = student.start(quiz_id)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "/learn/attempts/" in response.headers["Location"]
    return attempt_ids(app, quiz_id, student.user.id)[-1]


def attempt_row(app: Flask, attempt_id: int) -> dict[str, Any]:
    with app.app_context():
        a = db.session.get(Attempt, attempt_id)
        assert a is not None
        return {
            "score": a.score,
            "max": a.max_score,
            "finished_at": a.finished_at,
            "deadline_at": a.deadline_at,
            "answers": {x.quiz_question_id: (x.response, x.correct, x.mark) for x in a.answers},
        }


# --------------------------------------------------------------------------- the whole path


def test_teacher_composes_publishes_and_student_scores_every_type(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    make: Factory,
    world: dict[str, Any],
    clock: Clock,
) -> None:
    act.login(world["teacher"].email)
    response = act.post(
        "/teach/quizzes/new",
        {
            "title": "Italy & Russia",
            "attempts_allowed": "1",
            "feedback": "after_submit",
            "layout": "one_per_page",
            "time_limit_minutes": "",
            "opens_at": "",
            "due_at": "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        quiz_id = db.session.query(Quiz).one().id
        picks = {}
        for qtype in ("multiple_choice", "true_false", "short_answer", "cloze", "ordering"):
            picks[qtype] = [
                q.id
                for q in db.session.query(Question)
                .filter_by(bank_id=world["bank"].id, type=qtype, status="approved")
                .order_by(Question.id)
                .limit(2)
            ]
    ids = [str(i) for ids in picks.values() for i in ids]
    response = act.post(f"/teach/quizzes/{quiz_id}/pick", {"question": ids})
    assert response.status_code == 302
    items = items_of(app, quiz_id)
    assert [i.type for i in items] == [t for t, ids in picks.items() for _ in ids]
    assert len(items) == 9  # the sample has a single ordering question
    points = {f"points-{item.item_id}": "2" if item.type == "ordering" else "1" for item in items}
    act.post(f"/teach/quizzes/{quiz_id}/points", points, token_from=f"/teach/quizzes/{quiz_id}")
    items = items_of(app, quiz_id)
    assert [i.points for i in items] == [1.0] * 8 + [2.0]
    act.post(f"/teach/quizzes/{quiz_id}/publish", {"class": str(world["class"].id)})
    sign_out(act, "/teach/")

    student = Student(client, act, world["alice"])
    assert "Italy &amp; Russia" in student.page("/learn/")
    attempt_id = started(app, quiz_id, student)
    # The first of each pair right, the second wrong: one save per question, as Next does.
    right = {item.item_id: index % 2 == 0 for index, item in enumerate(items)}
    for number, item in enumerate(items, start=1):
        response = student.save(
            attempt_id,
            {
                **form_for(item, right=right[item.item_id], attempt=attempt_id),
                "go": str(number + 1),
            },
        )
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"q={number + 1}")
    response = student.submit(attempt_id)
    assert response.headers["Location"].endswith(f"/learn/attempts/{attempt_id}/result")

    row = attempt_row(app, attempt_id)
    expected = sum(item.points for item in items if right[item.item_id])
    assert row["score"] == expected == 6.0
    assert row["max"] == 10.0 and row["finished_at"] == T0
    for item in items:
        response_text, correct, mark = row["answers"][item.item_id]
        assert correct is right[item.item_id], (item, response_text)
        assert mark == (item.points if right[item.item_id] else 0)

    page = student.page(f"/learn/attempts/{attempt_id}/result")
    assert "6 / 10" in page
    for item in items:
        assert esc(item.answer) in page
    unmarked = page.replace("<mark>", "").replace("</mark>", "")
    for item in items:
        assert esc(item.source) in unmarked
    assert "Finished" in student.page("/learn/")


@pytest.mark.parametrize(
    "qtype", ["multiple_choice", "true_false", "short_answer", "cloze", "ordering"]
)
def test_grading_each_type(app: Flask, world: dict[str, Any], qtype: str) -> None:
    quiz_id = quiz(app, world, types=(qtype,), per_type=1 if qtype == "ordering" else 3)
    with app.app_context():
        for item in db.session.get(Quiz, quiz_id).items:  # type: ignore[union-attr]
            q = item.question
            info = ItemInfo(item.id, q.prompt, q.type, q.kind, q.answer, q.accept, q.choices, "", 1)
            order = attempt_service.shown_order(None, item)
            for right in (True, False):
                form = form_for(info, right=right)
                response = attempt_service.read_response(q, form, item.id, order)
                assert response is not None
                assert attempt_service.is_correct(q, response) is right, (q.prompt, response)
            assert attempt_service.is_correct(q, "") is False
            for spelling in q.accept or []:
                assert attempt_service.is_correct(q, spelling) is (
                    qtype in ("short_answer", "cloze")
                )


def test_ordering_gets_no_partial_credit(app: Flask, world: dict[str, Any]) -> None:
    quiz_id = quiz(app, world, types=("ordering",))
    with app.app_context():
        q = db.session.get(Quiz, quiz_id).items[0].question  # type: ignore[union-attr]
        steps = attempt_service.answer_steps(q.answer)
        almost = [*steps[:-2], steps[-1], steps[-2]]
        assert not attempt_service.is_correct(q, attempt_service.ORDER_SEP.join(almost))
        assert not attempt_service.is_correct(q, attempt_service.ORDER_SEP.join(steps[:-1]))
        assert attempt_service.is_correct(q, attempt_service.ORDER_SEP.join(steps))


# --------------------------------------------------------------------------- starting


def test_two_tabs_starting_share_one_attempt(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world, attempts_allowed=0)
    student = Student(client, act, world["alice"])
    first = started(app, quiz_id, student)
    assert started(app, quiz_id, student) == first
    assert attempt_ids(app, quiz_id, world["alice"].id) == [first]


def test_a_lost_start_race_returns_the_winners_attempt(
    app: Flask, world: dict[str, Any], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other tab inserted attempt 1 after we looked: our insert fails, we re-read."""
    quiz_id = quiz(app, world)
    real = attempt_service.standing
    calls = []

    def stale_then_real(*args: Any) -> attempt_service.Standing:
        calls.append(1)
        if len(calls) == 1:
            other = Attempt(
                quiz_id=quiz_id, student_id=world["alice"].id, number=1, started_at=T0, order=[]
            )
            db.session.add(other)
            db.session.commit()
            return attempt_service.Standing(QuizState.OPEN, 0, 1)
        return real(*args)

    monkeypatch.setattr(attempt_service, "standing", stale_then_real)
    with app.test_request_context():
        q = db.session.get(Quiz, quiz_id)
        student = db.session.get(User, world["alice"].id)
        attempt = attempt_service.start(q, student, None, T0)  # type: ignore[arg-type]
        db.session.commit()
        assert attempt.number == 1 and len(calls) == 2
        assert db.session.query(Attempt).count() == 1


@pytest.mark.parametrize(("allowed", "starts"), [(1, 1), (2, 2), (0, 4)])
def test_attempts_allowed(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    world: dict[str, Any],
    clock: Clock,
    allowed: int,
    starts: int,
) -> None:
    quiz_id = quiz(app, world, attempts_allowed=allowed)
    student = Student(client, act, world["alice"])
    for _ in range(starts):
        student.submit(started(app, quiz_id, student))
    response = student.start(quiz_id)
    if allowed:
        assert response.headers["Location"].endswith("/learn/")
        assert f"used all {allowed}" in student.page("/learn/")
        assert len(attempt_ids(app, quiz_id, world["alice"].id)) == allowed
    else:
        assert "/learn/attempts/" in response.headers["Location"]


@pytest.mark.parametrize(
    ("offset", "state", "can_start", "shown"),
    [
        (timedelta(hours=-1), QuizState.NOT_OPEN, False, "Not open yet"),
        (timedelta(hours=1), QuizState.OPEN, True, "Due"),
        (timedelta(days=3), QuizState.CLOSED, False, "Closed"),
    ],
)
def test_open_and_due_dates(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    world: dict[str, Any],
    clock: Clock,
    offset: timedelta,
    state: QuizState,
    can_start: bool,
    shown: str,
) -> None:
    quiz_id = quiz(app, world, opens_at=T0, due_at=T0 + timedelta(days=2))
    clock.at = T0 + offset
    student = Student(client, act, world["alice"])
    assert shown in student.page("/learn/")
    with app.app_context():
        standing = attempt_service.standing(
            db.session.get_one(Quiz, quiz_id), db.session.get_one(User, world["alice"].id), clock.at
        )
        assert standing.state is state
    response = student.start(quiz_id)
    assert ("/learn/attempts/" in response.headers["Location"]) is can_start
    assert bool(attempt_ids(app, quiz_id, world["alice"].id)) is can_start


def test_dashboard_lists_only_the_students_classes(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, world: dict[str, Any]
) -> None:
    quiz(app, world, title="Ours")
    other_class = make.classroom(world["teacher"], name="Other class")
    quiz(app, {**world, "class": other_class}, title="Theirs")
    page = Student(client, act, world["alice"]).page("/learn/")
    assert "Ours" in page and "Theirs" not in page and "Other class" not in page


# --------------------------------------------------------------------------- saving


def test_saving_is_an_idempotent_upsert(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world, types=("short_answer",))
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    form = form_for(item, right=False, attempt=attempt_id)
    assert student.save(attempt_id, form, json=True).get_json() == {"saved": True}
    clock.at += timedelta(minutes=1)
    assert student.save(attempt_id, form, json=True).status_code == 200
    with app.app_context():
        answers = db.session.query(Answer).all()
        assert len(answers) == 1 and answers[0].saved_at == T0  # unchanged: nothing new
    student.save(attempt_id, form_for(item, right=True, attempt=attempt_id), json=True)
    with app.app_context():
        answer = db.session.query(Answer).one()
        assert answer.response == item.answer and answer.saved_at == clock.at


def test_a_save_on_sqlite_commits_by_itself_and_never_queues_for_the_writers_turn(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    """A save is one autocommit statement on SQLite (quizapp.services.saving): it must not
    wait behind the writer queue, whose turn a transaction can hold while its thread
    waits for the GIL, nor leave anything for the request to commit."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL saves in the request's transaction, with the row locked")
        queue = sqlite.queue_for(engine.url.database or "")
    quiz_id = quiz(app, world, types=("short_answer",))
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    assert queue.threads.acquire(timeout=5), "the writer queue should be free"
    try:
        t0 = time.monotonic()
        saved = student.save(attempt_id, form_for(item, right=True, attempt=attempt_id), json=True)
        waited = time.monotonic() - t0
    finally:
        queue.threads.release()
    assert saved.get_json() == {"saved": True}
    assert waited < sqlite.BUSY_TIMEOUT_S / 2, f"the save waited {waited:.1f} s for the queue"
    with app.app_context(), db.engine.connect() as other:
        stored = other.execute(select(Answer.response).where(Answer.attempt_id == attempt_id))
        assert stored.scalar_one() == item.answer


def test_json_save_needs_the_csrf_header_or_field(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world, types=("short_answer",))
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    url = f"/learn/attempts/{attempt_id}/save"
    assert client.post(url, data=form_for(item, right=True, attempt=attempt_id)).status_code == 400
    response = client.post(
        url,
        data=form_for(item, right=True, attempt=attempt_id),
        headers={"X-CSRFToken": student.csrf, "Accept": "application/json"},
    )
    assert response.status_code == 200 and response.get_json() == {"saved": True}


def test_forms_without_csrf_are_refused(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world)
    student = Student(client, act, world["alice"])
    assert client.post(f"/learn/quizzes/{quiz_id}/start").status_code == 400
    attempt_id = started(app, quiz_id, student)
    assert client.post(f"/learn/attempts/{attempt_id}/submit").status_code == 400
    assert attempt_row(app, attempt_id)["finished_at"] is None


def test_timer_refuses_late_saves_and_finishes_with_earlier_answers(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(
        app, world, types=("short_answer", "cloze", "multiple_choice"), time_limit_minutes=10
    )
    first, second, third = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    assert attempt_row(app, attempt_id)["deadline_at"] == T0 + timedelta(minutes=10)
    assert 'data-deadline="2025-03-10T09:10:00+00:00"' in student.page(
        f"/learn/attempts/{attempt_id}"
    )

    clock.at = T0 + timedelta(minutes=5)
    assert (
        student.save(
            attempt_id, form_for(first, right=True, attempt=attempt_id), json=True
        ).status_code
        == 200
    )
    clock.at = T0 + timedelta(minutes=10, seconds=20)  # within the grace: the request was sent
    assert (
        student.save(
            attempt_id, form_for(second, right=True, attempt=attempt_id), json=True
        ).status_code
        == 200
    )
    clock.at = T0 + timedelta(minutes=10, seconds=31)
    late = student.save(attempt_id, form_for(third, right=True, attempt=attempt_id), json=True)
    assert late.status_code == 409 and "Time is up" in late.get_json()["error"]
    assert late.get_json()["redirect"].endswith(f"/learn/attempts/{attempt_id}/result")

    row = attempt_row(app, attempt_id)
    assert row["finished_at"] == T0 + timedelta(minutes=10)
    assert row["score"] == 2.0 and row["max"] == 3.0
    assert row["answers"][third.item_id] == ("", False, 0.0)
    # A late submit carrying the answer changes nothing either.
    student.submit(attempt_id, form_for(third, right=True, attempt=attempt_id))
    assert attempt_row(app, attempt_id) == row


def test_abandoned_attempt_is_finished_when_next_looked_at(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world, types=("short_answer",), time_limit_minutes=5)
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    student.save(attempt_id, form_for(item, right=True, attempt=attempt_id))
    clock.at = T0 + timedelta(hours=1)
    response = client.get(f"/learn/attempts/{attempt_id}")
    assert response.headers["Location"].endswith("/result")
    row = attempt_row(app, attempt_id)
    assert row["finished_at"] == T0 + timedelta(minutes=5) and row["score"] == 1.0


def test_due_date_cuts_the_time_limit(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world, time_limit_minutes=60, due_at=T0 + timedelta(minutes=15))
    attempt_id = started(app, quiz_id, Student(client, act, world["alice"]))
    assert attempt_row(app, attempt_id)["deadline_at"] == T0 + timedelta(minutes=15)


def test_double_submit_grades_once(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world)
    items = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    body = merged(*(form_for(i, right=True, attempt=attempt_id) for i in items))
    first = student.submit(attempt_id, body)
    row = attempt_row(app, attempt_id)
    assert row["score"] == len(items)
    clock.at += timedelta(minutes=2)
    second = student.submit(
        attempt_id, merged(*(form_for(i, right=False, attempt=attempt_id) for i in items))
    )
    assert first.headers["Location"] == second.headers["Location"]
    assert attempt_row(app, attempt_id) == row
    with app.app_context():
        assert db.session.query(Answer).count() == len(items)
        assert attempt_service.submit(db.session.get(Attempt, attempt_id), clock.at) is False  # type: ignore[arg-type]
    saved = student.save(attempt_id, form_for(items[0], right=False, attempt=attempt_id), json=True)
    assert saved.status_code == 409 and "already submitted" in saved.get_json()["error"]


def test_unanswered_questions_score_zero(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world)
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    student.submit(attempt_id)
    row = attempt_row(app, attempt_id)
    assert row["score"] == 0 and row["max"] == 5
    assert all(v == ("", False, 0.0) for v in row["answers"].values())


# --------------------------------------------------------------------------- feedback


def test_immediate_feedback_locks_a_checked_answer(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world, types=("short_answer",), per_type=2, feedback=Feedback.IMMEDIATE)
    first, second = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    page = student.page(f"/learn/attempts/{attempt_id}")
    assert "Check answer" in page and esc(first.answer) not in page
    # Moving on saves without checking: the answer can still change.
    student.save(attempt_id, {**form_for(first, right=False, attempt=attempt_id), "go": "2"})
    assert esc(first.answer) not in student.page(f"/learn/attempts/{attempt_id}?q=1")
    assert attempt_row(app, attempt_id)["answers"][first.item_id][1] is None
    student.save(attempt_id, {**form_for(first, right=False, attempt=attempt_id), "check": "1"})
    page = student.page(f"/learn/attempts/{attempt_id}?q=1")
    assert "Not quite" in page and esc(first.answer) in page
    assert " disabled" in page
    assert esc(second.answer) not in student.page(f"/learn/attempts/{attempt_id}?q=2")
    refused = student.save(attempt_id, form_for(first, right=True, attempt=attempt_id), json=True)
    assert refused.status_code == 400 and "cannot change" in refused.get_json()["error"]
    assert attempt_row(app, attempt_id)["answers"][first.item_id][1] is False


def test_after_due_feedback_shows_only_the_score_until_the_due_date(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(
        app,
        world,
        types=("short_answer",),
        feedback=Feedback.AFTER_DUE,
        due_at=T0 + timedelta(days=1),
    )
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    student.submit(attempt_id, form_for(item, right=False, attempt=attempt_id))
    url = f"/learn/attempts/{attempt_id}/result"
    page = student.page(url)
    assert "0 / 1" in page and "shown after the due date" in page
    assert esc(item.answer) not in page
    clock.at = T0 + timedelta(days=1, minutes=1)
    assert esc(item.answer) in student.page(url)


# --------------------------------------------------------------------------- the page itself


@pytest.mark.parametrize("layout", [Layout.ONE_PER_PAGE, Layout.ALL_ON_ONE])
def test_take_page_never_contains_answers_or_sources(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], layout: Layout
) -> None:
    quiz_id = quiz(app, world, types=("short_answer", "cloze"), per_type=3, layout=layout)
    items = items_of(app, quiz_id)
    secret = hidden_answers(items)
    assert len(secret) >= 2
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    pages = [student.page(f"/learn/attempts/{attempt_id}?q={n}") for n in range(1, 7)]
    for page in pages:
        for item in items:
            assert esc(item.source) not in page
            for spelling in item.accept:
                assert f'value="{esc(spelling)}"' not in page
        for answer in secret:
            assert esc(answer) not in page
    if layout is Layout.ALL_ON_ONE:
        assert all(f'name="q-{i.item_id}"' in pages[0] for i in items)
    else:
        assert pages[0].count('name="item"') == 1 and 'aria-current="step"' in pages[0]


def test_take_page_is_labelled_and_keyboard_usable(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world, layout=Layout.ALL_ON_ONE)
    items = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    page = student.page(f"/learn/attempts/{started(app, quiz_id, student)}")
    assert page.count("<fieldset") == len(items) and page.count("<legend>") == len(items)
    ordering = next(i for i in items if i.type == "ordering")
    for index in range(len(ordering.choices)):
        assert f'<label for="a-{ordering.item_id}-{index}">' in page
        assert f'<select id="a-{ordering.item_id}-{index}"' in page
    # Options are named by their place on the page, which tells nothing of the stored order.
    places = [page.index(f'<select id="a-{ordering.item_id}-{k}"') for k in range(4)]
    assert places == sorted(places)
    typed = next(i for i in items if i.type == "short_answer")
    assert f'<label for="a-{typed.item_id}">' in page
    assert 'role="status" aria-live="polite"' in page and "js/take.js" in page


def test_answers_are_shown_back_on_the_page(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world, layout=Layout.ALL_ON_ONE, shuffle_choices=False)
    items = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    student.save(attempt_id, merged(*(form_for(i, right=False, attempt=attempt_id) for i in items)))
    page = student.page(f"/learn/attempts/{attempt_id}")
    typed = next(i for i in items if i.type == "short_answer")
    mc = next(i for i in items if i.type == "multiple_choice")
    assert (
        f'value="{form_for(typed, right=False, attempt=attempt_id)[f"q-{typed.item_id}"]}"' in page
    )
    chosen = form_for(mc, right=False, attempt=attempt_id)[f"q-{mc.item_id}"]
    assert f'name="q-{mc.item_id}" value="{chosen}" checked' in page


def test_user_text_is_escaped(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world, types=("short_answer",), title="<b>bold</b>")
    item = items_of(app, quiz_id)[0]
    with app.app_context():
        q = db.session.get(Quiz, quiz_id).items[0].question  # type: ignore[union-attr]
        q.prompt = "Who wrote <script>alert(1)</script>?"
        db.session.commit()
    student = Student(client, act, world["alice"])
    assert "<b>bold</b>" not in student.page("/learn/")
    attempt_id = started(app, quiz_id, student)
    student.save(attempt_id, {"item": str(item.item_id), f"q-{item.item_id}": '"><img src=x>'})
    page = student.page(f"/learn/attempts/{attempt_id}")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x>" not in page and "&#34;&gt;&lt;img src=x&gt;" in page


# --------------------------------------------------------------------------- who may do what


def test_tampered_ids_are_404(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, world: dict[str, Any]
) -> None:
    quiz_id = quiz(app, world)
    other_quiz = quiz(app, world, title="Other")
    foreign = items_of(app, other_quiz)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    assert (
        student.save(
            attempt_id, {"item": str(foreign.item_id), f"q-{foreign.item_id}": "x"}
        ).status_code
        == 404
    )
    assert student.save(attempt_id, {"item": "abc"}).status_code == 404
    mc = next(i for i in items_of(app, quiz_id) if i.type == "multiple_choice")
    bad = student.save(attempt_id, {"item": str(mc.item_id), f"q-{mc.item_id}": "99"}, json=True)
    assert bad.status_code == 400 and "not one of the options" in bad.get_json()["error"]
    assert student.start(987654).status_code == 404
    unpublished = build_quiz(app, world["teacher"], world["bank"], title="Draft")
    assert student.start(unpublished).status_code == 404


@pytest.mark.parametrize("action", ["take", "save", "submit", "result"])
def test_another_students_attempt_is_404(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], action: str
) -> None:
    quiz_id = quiz(app, world)
    attempt_id = started(app, quiz_id, Student(client, act, world["alice"]))
    item = items_of(app, quiz_id)[0].item_id
    sign_out(act, "/learn/")
    bob = Student(client, act, world["bob"])
    response = {
        "take": lambda: client.get(f"/learn/attempts/{attempt_id}"),
        "save": lambda: bob.save(attempt_id, {"item": str(item), f"q-{item}": "x"}, json=True),
        "submit": lambda: bob.submit(attempt_id),
        "result": lambda: client.get(f"/learn/attempts/{attempt_id}/result"),
    }[action]()
    assert response.status_code == 404
    assert attempt_row(app, attempt_id)["finished_at"] is None


@pytest.mark.parametrize("who", ["teacher", "anonymous"])
@pytest.mark.parametrize(
    "method,url",
    [
        ("post", "/learn/quizzes/{quiz}/start"),
        ("get", "/learn/attempts/{attempt}"),
        ("post", "/learn/attempts/{attempt}/save"),
        ("post", "/learn/attempts/{attempt}/submit"),
        ("get", "/learn/attempts/{attempt}/result"),
    ],
)
def test_teachers_cannot_take_quizzes(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    world: dict[str, Any],
    who: str,
    method: str,
    url: str,
) -> None:
    quiz_id = quiz(app, world)
    attempt_id = started(app, quiz_id, Student(client, act, world["alice"]))
    sign_out(act, "/learn/")
    csrf = act.token("/login")
    if who == "teacher":
        act.login(world["teacher"].email)
        csrf = act.token("/teach/")
    target = url.format(quiz=quiz_id, attempt=attempt_id)
    response = (
        client.post(target, data={"csrf_token": csrf}) if method == "post" else client.get(target)
    )
    if who == "teacher":
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert len(attempt_ids(app, quiz_id, world["alice"].id)) == 1


def test_service_refuses_a_closed_quiz_without_a_request(app: Flask, world: dict[str, Any]) -> None:
    quiz_id = quiz(app, world, due_at=T0)
    with app.app_context():
        q = db.session.get(Quiz, quiz_id)
        student = db.session.get(User, world["alice"].id)
        with pytest.raises(AttemptError, match="closed"):
            attempt_service.start(q, student, None, T0 + timedelta(seconds=1))  # type: ignore[arg-type]


def test_a_due_date_set_later_closes_attempts_already_open(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world)  # no time limit, no due date: the attempt has no deadline
    items = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    assert (
        student.save(
            attempt_id, form_for(items[0], right=True, attempt=attempt_id), json=True
        ).status_code
        == 200
    )
    with app.app_context():
        db.session.get(Quiz, quiz_id).due_at = clock.at + timedelta(minutes=5)  # type: ignore[union-attr]
        db.session.commit()
    clock.at += timedelta(minutes=10)
    late = student.save(attempt_id, form_for(items[1], right=True, attempt=attempt_id), json=True)
    assert late.status_code == 409
    row = attempt_row(app, attempt_id)
    assert row["finished_at"] == T0 + timedelta(minutes=5)
    assert row["score"] == 1


def test_answers_wait_while_limited_attempts_remain(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    """Showing the key after attempt 1 of 2 would make attempt 2 a copying exercise."""
    quiz_id = quiz(app, world, attempts_allowed=2, types=("short_answer",), per_type=2)
    items = items_of(app, quiz_id)
    student = Student(client, act, world["alice"])
    first = started(app, quiz_id, student)
    student.submit(first, merged(*(form_for(i, right=False, attempt=first) for i in items)))
    page = student.page(f"/learn/attempts/{first}/result")
    assert "once you have used all your attempts" in page
    assert all(esc(i.answer) not in page for i in items)
    clock.at += timedelta(minutes=1)
    second = started(app, quiz_id, student)
    student.submit(second, merged(*(form_for(i, right=True, attempt=second) for i in items)))
    page = student.page(f"/learn/attempts/{second}/result")
    assert "once you have used all your attempts" not in page
    assert all(esc(i.answer) in page for i in items)


def test_unlimited_attempts_keep_the_answers_until_the_quiz_closes(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    """An empty submit of a quiz that can be retaken must not hand over its key."""
    quiz_id = quiz(
        app, world, attempts_allowed=0, types=("short_answer",), due_at=T0 + timedelta(days=1)
    )
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    student.submit(attempt_id)
    url = f"/learn/attempts/{attempt_id}/result"
    page = student.page(url)
    assert "can be taken again" in page and "after its due date" in page
    assert esc(item.answer) not in page
    clock.at = T0 + timedelta(days=1, minutes=1)
    assert esc(item.answer) in student.page(url)


def test_unlimited_attempts_without_a_due_date_never_show_the_answers(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    quiz_id = quiz(app, world, attempts_allowed=0, types=("short_answer",))
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    attempt_id = started(app, quiz_id, student)
    student.submit(attempt_id, form_for(item, right=False, attempt=attempt_id))
    clock.at = T0 + timedelta(days=400)
    page = student.page(f"/learn/attempts/{attempt_id}/result")
    assert "0 / 1" in page and "its answers are not shown" in page
    assert esc(item.answer) not in page


def test_an_open_attempt_hides_the_answers_of_the_earlier_one(
    app: Flask, client: FlaskClient, act: Actions, world: dict[str, Any], clock: Clock
) -> None:
    """Starting the last attempt must not unlock the first one's key in another tab."""
    quiz_id = quiz(app, world, attempts_allowed=2, types=("short_answer",))
    item = items_of(app, quiz_id)[0]
    student = Student(client, act, world["alice"])
    first = started(app, quiz_id, student)
    student.submit(first)
    clock.at += timedelta(minutes=1)
    second = started(app, quiz_id, student)
    page = student.page(f"/learn/attempts/{first}/result")
    assert "while you have an attempt at this quiz open" in page
    assert esc(item.answer) not in page
    student.submit(second)
    assert esc(item.answer) in student.page(f"/learn/attempts/{first}/result")


@pytest.mark.parametrize(
    ("settings", "warning"),
    [
        ({"attempts_allowed": 0}, "will see their marks but never the answers"),
        ({"attempts_allowed": 0, "due_at": T0 + timedelta(days=1)}, "only after the due date"),
        ({"attempts_allowed": 2, "feedback": Feedback.IMMEDIATE}, "can copy them into it"),
        ({"attempts_allowed": 1}, None),
    ],
)
def test_the_teacher_is_warned_when_settings_give_answers_away(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    world: dict[str, Any],
    settings: dict[str, Any],
    warning: str | None,
) -> None:
    quiz_id = quiz(app, world, types=("short_answer",), **settings)
    act.login(world["teacher"].email)
    for url in (f"/teach/quizzes/{quiz_id}", f"/teach/quizzes/{quiz_id}/settings"):
        page = client.get(url).get_data(as_text=True)
        if warning is None:
            assert "flash-warning" not in page
        else:
            assert warning in page
