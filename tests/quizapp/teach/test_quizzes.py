"""Composing quizzes: settings, picking and drawing questions, order, points, publishing,
the student's-eye preview; and that nobody reaches another teacher's quiz."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Feedback,
    Layout,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    User,
)
from quizapp.services import quizzes as quiz_service
from quizapp.services.quizzes import QuestionFilter, QuizError
from tests.support.quizzes import (
    T0,
    approve_every_type,
    build_quiz,
    hidden_answers,
    items_of,
    sign_out,
)
from tests.support.web import Actions, Factory

FORM = {
    "title": "Week 3",
    "time_limit_minutes": "",
    "attempts_allowed": "1",
    "shuffle_questions": "y",
    "shuffle_choices": "y",
    "feedback": "after_submit",
    "layout": "one_per_page",
    "opens_at": "",
    "due_at": "",
}


def esc(text: str) -> str:
    return str(escape(text))


@pytest.fixture
def teacher(app: Flask, act: Actions, make: Factory) -> dict[str, Any]:
    """A signed-in teacher with a bank (20 approved + some of every type) and a class."""
    user = make.teacher()
    bank = make.bank(user, approve=20)
    approve_every_type(app, bank, per_type=3)
    classroom = make.classroom(user)
    act.login(user.email)
    return {"user": user, "bank": bank, "class": classroom}


def new_quiz(app: Flask, act: Actions, **fields: str) -> int:
    response = act.post("/teach/quizzes/new", {**FORM, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return db.session.query(Quiz).order_by(Quiz.id.desc()).first().id  # type: ignore[union-attr]


def question_ids(app: Flask, bank_id: int, **filters: Any) -> list[int]:
    with app.app_context():
        return [
            q.id
            for q in db.session.query(Question)
            .filter_by(bank_id=bank_id, **filters)
            .order_by(Question.id)
        ]


# --------------------------------------------------------------------------- settings


def test_new_quiz_reads_dates_in_the_teachers_time_zone(
    app: Flask, client: FlaskClient, act: Actions, teacher: dict[str, Any]
) -> None:
    # pytest-flask keeps one app context (and so one session and one `g`) for the whole
    # test, shared by the requests: change the signed-in user through that session.
    db.session.get(User, teacher["user"].id).timezone = "Europe/Rome"  # type: ignore[union-attr]
    db.session.commit()
    quiz_id = new_quiz(
        app,
        act,
        title="Dates",
        time_limit_minutes="20",
        attempts_allowed="0",
        shuffle_questions="",
        feedback="after_due",
        layout="all_on_one",
        opens_at="2025-03-10T09:00",
        due_at="2025-07-01T18:30",
    )
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None
        assert quiz.opens_at == datetime(2025, 3, 10, 8, 0, tzinfo=UTC)  # CET
        assert quiz.due_at == datetime(2025, 7, 1, 16, 30, tzinfo=UTC)  # CEST
        assert (quiz.time_limit_minutes, quiz.attempts_allowed) == (20, 0)
        assert quiz.shuffle_questions is False and quiz.shuffle_choices is True
        assert quiz.feedback is Feedback.AFTER_DUE and quiz.layout is Layout.ALL_ON_ONE
    page = client.get(f"/teach/quizzes/{quiz_id}/settings").get_data(as_text=True)
    assert 'value="2025-03-10T09:00"' in page and 'value="2025-07-01T18:30"' in page
    detail = client.get(f"/teach/quizzes/{quiz_id}").get_data(as_text=True)
    assert "10 Mar 2025, 09:00 CET" in detail and "1 Jul 2025, 18:30 CEST" in detail


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title": ""}, "This field is required."),
        ({"attempts_allowed": ""}, "0 (unlimited) to 100"),
        ({"attempts_allowed": "-1"}, "0 (unlimited) to 100"),
        ({"time_limit_minutes": "0"}, "between 1 and 600"),
        ({"opens_at": "2025-03-10T09:00", "due_at": "2025-03-09T09:00"}, "after the opening date"),
        ({"due_at": "tomorrow"}, "Not a valid datetime value"),
    ],
)
def test_bad_settings_are_explained_and_keep_the_input(
    app: Flask, act: Actions, teacher: dict[str, Any], fields: dict[str, str], error: str
) -> None:
    page = act.post("/teach/quizzes/new", {**FORM, "title": "Keep me", **fields})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and error in text
    if fields.get("title") != "":
        assert 'value="Keep me"' in text
    with app.app_context():
        assert db.session.query(Quiz).count() == 0


def test_settings_can_be_changed(app: Flask, act: Actions, teacher: dict[str, Any]) -> None:
    quiz_id = new_quiz(app, act)
    url = f"/teach/quizzes/{quiz_id}/settings"
    response = act.post(
        url, {**FORM, "title": "Renamed", "attempts_allowed": "3", "feedback": "immediate"}
    )
    assert response.status_code == 302
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None and quiz.title == "Renamed" and quiz.attempts_allowed == 3
        assert quiz.feedback is Feedback.IMMEDIATE and quiz.shuffle_questions is True


# --------------------------------------------------------------------------- composing


def test_pick_filters_and_adds_in_order_ignoring_tampered_ids(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, teacher: dict[str, Any]
) -> None:
    quiz_id = new_quiz(app, act)
    url = f"/teach/quizzes/{quiz_id}/pick"
    page = client.get(f"{url}?type=short_answer").get_data(as_text=True)
    approved_short = question_ids(
        app, teacher["bank"].id, type="short_answer", status=QuestionStatus.APPROVED
    )
    approved_mc = question_ids(
        app, teacher["bank"].id, type="multiple_choice", status=QuestionStatus.APPROVED
    )
    assert all(f'value="{i}"' in page for i in approved_short)
    assert not any(f'name="question" value="{i}"' in page for i in approved_mc)
    unapproved = question_ids(app, teacher["bank"].id, status=QuestionStatus.NEW)[0]
    other_bank = make.bank(make.teacher(), approve=5)
    foreign = question_ids(app, other_bank.id, status=QuestionStatus.APPROVED)[0]
    with app.app_context():
        retired = db.session.get(Question, approved_mc[1])
        retired.retired = True  # type: ignore[union-attr]
        db.session.commit()
    wanted = [approved_short[1], approved_mc[0], approved_short[0]]
    body = {"question": [str(i) for i in [*wanted, unapproved, foreign, approved_mc[1]]]}
    response = act.post(f"{url}?type=short_answer", body)
    assert response.status_code == 302
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert [i.question_id for i in quiz.items] == wanted  # type: ignore[union-attr]
        assert [i.position for i in quiz.items] == [1, 2, 3]  # type: ignore[union-attr]
    act.post(url, {"question": [str(wanted[0])]})  # already in: not added twice
    assert len(items_of(app, quiz_id)) == 3


def test_draw_is_reproducible_and_respects_filters(
    app: Flask, act: Actions, teacher: dict[str, Any]
) -> None:
    quiz_id = new_quiz(app, act)
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        owner = db.session.get(User, teacher["user"].id)
        wanted = QuestionFilter(type="cloze")
        assert quiz_service.draw(quiz, owner, 3, wanted) == 3  # type: ignore[arg-type]
        first = [i.question_id for i in quiz.items]  # type: ignore[union-attr]
        db.session.rollback()
        quiz_service.draw(quiz, owner, 3, wanted)  # type: ignore[arg-type]
        assert [i.question_id for i in quiz.items] == first  # type: ignore[union-attr]
        assert {i.question.type for i in quiz.items} == {"cloze"}  # type: ignore[union-attr]
        db.session.rollback()
    response = act.post(
        f"/teach/quizzes/{quiz_id}/draw", {"count": "50", "type": "short_answer", "kind": ""}
    )
    assert response.status_code == 302
    drawn = items_of(app, quiz_id)
    approved = question_ids(
        app, teacher["bank"].id, type="short_answer", status=QuestionStatus.APPROVED
    )
    assert sorted(i.item_id for i in drawn) and len(drawn) == len(approved)
    again = act.post(
        f"/teach/quizzes/{quiz_id}/draw", {"count": "2", "type": "short_answer", "kind": ""}
    )
    assert "No approved question" in again.get_data(as_text=True)
    assert (
        act.post(
            f"/teach/quizzes/{quiz_id}/draw", {"count": "0", "type": "", "kind": ""}
        ).status_code
        == 200
    )


def test_move_remove_and_points(
    app: Flask, client: FlaskClient, act: Actions, teacher: dict[str, Any]
) -> None:
    quiz_id = build_quiz(
        app, teacher["user"], teacher["bank"], types=("short_answer", "cloze", "true_false")
    )
    first, second, third = (i.item_id for i in items_of(app, quiz_id))
    detail = f"/teach/quizzes/{quiz_id}"
    act.post(f"{detail}/items/{third}/move", {"direction": "up"}, token_from=detail)
    assert [i.item_id for i in items_of(app, quiz_id)] == [first, third, second]
    act.post(f"{detail}/items/{first}/move", {"direction": "up"}, token_from=detail)  # no-op
    assert [i.item_id for i in items_of(app, quiz_id)] == [first, third, second]
    assert (
        act.post(
            f"{detail}/items/{first}/move", {"direction": "sideways"}, token_from=detail
        ).status_code
        == 404
    )
    act.post(
        f"{detail}/points", {f"points-{first}": "2.5", f"points-{third}": "3"}, token_from=detail
    )
    assert [i.points for i in items_of(app, quiz_id)] == [2.5, 3.0, 1.0]
    bad = act.post(
        f"{detail}/points", {f"points-{first}": "lots"}, token_from=detail, follow_redirects=True
    )
    assert "is not a number of points" in bad.get_data(as_text=True)
    bad = act.post(
        f"{detail}/points", {f"points-{first}": "-1"}, token_from=detail, follow_redirects=True
    )
    assert "between 0 and 100" in bad.get_data(as_text=True)
    assert items_of(app, quiz_id)[0].points == 2.5
    act.post(f"{detail}/items/{third}/remove", token_from=detail)
    assert [i.item_id for i in items_of(app, quiz_id)] == [first, second]
    assert act.post(f"{detail}/items/{third}/remove", token_from=detail).status_code == 404
    with app.app_context():
        assert [i.position for i in db.session.get(Quiz, quiz_id).items] == [1, 2]  # type: ignore[union-attr]


def test_questions_and_points_are_frozen_once_attempts_exist(
    app: Flask, act: Actions, make: Factory, teacher: dict[str, Any]
) -> None:
    quiz_id = build_quiz(
        app,
        teacher["user"],
        teacher["bank"],
        types=("short_answer", "cloze"),
        classes=(teacher["class"].id,),
    )
    first, _ = (i.item_id for i in items_of(app, quiz_id))
    student = make.student()
    with app.app_context():
        db.session.add(
            Attempt(quiz_id=quiz_id, student_id=student.id, order=[first], started_at=T0)
        )
        db.session.commit()
    detail = f"/teach/quizzes/{quiz_id}"
    page = act.post(
        f"{detail}/items/{first}/remove", token_from=detail, follow_redirects=True
    ).get_data(as_text=True)
    assert "cannot be removed" in page
    page = act.post(
        f"{detail}/points", {f"points-{first}": "5"}, token_from=detail, follow_redirects=True
    ).get_data(as_text=True)
    assert "points are fixed" in page
    assert [i.points for i in items_of(app, quiz_id)] == [1.0, 1.0]
    assert (
        act.post(
            f"/teach/quizzes/{quiz_id}/pick",
            {
                "question": [
                    str(
                        question_ids(
                            app,
                            teacher["bank"].id,
                            type="multiple_choice",
                            status=QuestionStatus.APPROVED,
                        )[0]
                    )
                ]
            },
        ).status_code
        == 302
    )
    assert len(items_of(app, quiz_id)) == 3  # adding is fine: started attempts keep their list
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        with pytest.raises(QuizError):
            quiz_service.remove(quiz, first)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- publishing


def test_publish_and_unpublish(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, teacher: dict[str, Any]
) -> None:
    empty = new_quiz(app, act, title="Empty")
    page = act.post(f"/teach/quizzes/{empty}/publish", {"class": str(teacher["class"].id)})
    assert "at least one question" in page.get_data(as_text=True)
    quiz_id = build_quiz(app, teacher["user"], teacher["bank"], types=("cloze",))
    second = make.classroom(teacher["user"], name="History 10A")
    foreign = make.classroom(make.teacher(), name="Not mine")
    url = f"/teach/quizzes/{quiz_id}/publish"
    form = client.get(url).get_data(as_text=True)
    assert "History 9B" in form and "History 10A" in form and "Not mine" not in form
    act.post(url, {"class": [str(teacher["class"].id), str(second.id), str(foreign.id)]})
    with app.app_context():
        published = {a.class_id for a in db.session.query(Assignment).filter_by(quiz_id=quiz_id)}
    assert published == {teacher["class"].id, second.id}
    detail = client.get(f"/teach/quizzes/{quiz_id}").get_data(as_text=True)
    assert "History 10A" in detail
    act.post(url, {"class": [str(second.id)]})
    with app.app_context():
        published = {a.class_id for a in db.session.query(Assignment).filter_by(quiz_id=quiz_id)}
    assert published == {second.id}


# --------------------------------------------------------------------------- preview


@pytest.mark.parametrize("layout", ["one_per_page", "all_on_one"])
def test_preview_shows_the_student_page_without_answers_or_storing(
    app: Flask, client: FlaskClient, act: Actions, teacher: dict[str, Any], layout: str
) -> None:
    quiz_id = build_quiz(
        app,
        teacher["user"],
        teacher["bank"],
        types=("short_answer", "cloze", "multiple_choice"),
        per_type=3,
        layout=Layout(layout),
    )
    items = items_of(app, quiz_id)
    secret = hidden_answers(items)
    assert secret
    pages = [
        client.get(f"/teach/quizzes/{quiz_id}/preview?q={n}").get_data(as_text=True)
        for n in range(1, len(items) + 1)
    ]
    for page in pages:
        assert "Preview" in page and "<fieldset" in page
        for item in items:
            assert esc(item.source) not in page
        for answer in secret:
            assert esc(answer) not in page
    everything = "".join(pages)
    assert all(esc(i.prompt) in everything for i in items)
    with app.app_context():
        assert db.session.query(Attempt).count() == 0


# --------------------------------------------------------------------------- who may do what


ROUTES = [
    ("get", "/teach/quizzes/{quiz}"),
    ("get", "/teach/quizzes/{quiz}/settings"),
    ("post", "/teach/quizzes/{quiz}/settings"),
    ("get", "/teach/quizzes/{quiz}/pick"),
    ("post", "/teach/quizzes/{quiz}/pick"),
    ("get", "/teach/quizzes/{quiz}/draw"),
    ("post", "/teach/quizzes/{quiz}/draw"),
    ("post", "/teach/quizzes/{quiz}/items/{item}/remove"),
    ("post", "/teach/quizzes/{quiz}/items/{item}/move"),
    ("post", "/teach/quizzes/{quiz}/points"),
    ("get", "/teach/quizzes/{quiz}/publish"),
    ("post", "/teach/quizzes/{quiz}/publish"),
    ("get", "/teach/quizzes/{quiz}/preview"),
]


@pytest.mark.parametrize(("method", "url"), ROUTES)
@pytest.mark.parametrize("who", ["other_teacher", "student", "anonymous"])
def test_only_the_owner_reaches_a_quiz(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    make: Factory,
    teacher: dict[str, Any],
    who: str,
    method: str,
    url: str,
) -> None:
    quiz_id = build_quiz(
        app,
        teacher["user"],
        teacher["bank"],
        types=("cloze", "short_answer"),
        classes=(teacher["class"].id,),
    )
    item_id = items_of(app, quiz_id)[0].item_id
    sign_out(act, "/teach/")
    expected = {"other_teacher": 404, "student": 403, "anonymous": 302}[who]
    token = act.token("/login")
    if who == "other_teacher":
        act.login(make.teacher().email)
        token = act.token("/teach/")
    elif who == "student":
        act.login(make.student().email)
        token = act.token("/learn/")
    target = url.format(quiz=quiz_id, item=item_id)
    data = {
        "csrf_token": token,
        "direction": "down",
        "title": "Hacked",
        "attempts_allowed": "1",
        "feedback": "after_submit",
        "layout": "one_per_page",
        "count": "1",
        f"points-{item_id}": "9",
        "class": [],
    }
    response = client.post(target, data=data) if method == "post" else client.get(target)
    assert response.status_code == expected
    if who == "anonymous":
        assert "/login" in response.headers["Location"]
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None and quiz.title == "Unit test" and len(quiz.items) == 2
        assert quiz.items[0].points == 1.0 and len(quiz.assignments) == 1


def test_quiz_pages_need_csrf(
    app: Flask, client: FlaskClient, act: Actions, teacher: dict[str, Any]
) -> None:
    assert client.post("/teach/quizzes/new", data=FORM).status_code == 400
    quiz_id = build_quiz(app, teacher["user"], teacher["bank"], types=("cloze",))
    item = items_of(app, quiz_id)[0].item_id
    assert client.post(f"/teach/quizzes/{quiz_id}/items/{item}/remove").status_code == 400
    assert len(items_of(app, quiz_id)) == 1


def test_titles_and_prompts_are_escaped(
    app: Flask, client: FlaskClient, act: Actions, teacher: dict[str, Any]
) -> None:
    quiz_id = new_quiz(app, act, title='<img src=x onerror="alert(1)">')
    build = build_quiz(app, teacher["user"], teacher["bank"], types=("cloze",))
    with app.app_context():
        db.session.get(Quiz, build).items[0].question.prompt = "<script>x()</script> _____"  # type: ignore[union-attr]
        db.session.commit()
    for url in ("/teach/quizzes", f"/teach/quizzes/{quiz_id}", "/teach/"):
        page = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in page and "&lt;img src=x" in page
    for url in (f"/teach/quizzes/{build}", f"/teach/quizzes/{build}/preview"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>x()" not in page and "&lt;script&gt;x()" in page


def test_quiz_list_and_detail(
    app: Flask, client: FlaskClient, act: Actions, teacher: dict[str, Any]
) -> None:
    quiz_id = build_quiz(
        app,
        teacher["user"],
        teacher["bank"],
        types=("cloze", "true_false"),
        classes=(teacher["class"].id,),
        due_at=T0 + timedelta(days=1),
    )
    listing = client.get("/teach/quizzes").get_data(as_text=True)
    assert f"/teach/quizzes/{quiz_id}" in listing and "History 9B" in listing
    detail = client.get(f"/teach/quizzes/{quiz_id}").get_data(as_text=True)
    for item in items_of(app, quiz_id):
        assert esc(item.prompt) in detail and f'name="points-{item.item_id}"' in detail
    assert "11 Mar 2025, 09:00 UTC" in detail and "Questions (2, 2 points)" in detail
    with app.app_context():
        assert db.session.query(QuizQuestion).count() == 2
