"""The JSON API: tokens, authorization per role and owner, banks round trip, results."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Bank, Feedback, Quiz, User
from tests.support import results as build
from tests.support.results import bearer
from tests.support.web import Actions, Factory


@pytest.fixture
def make(app: Flask) -> Factory:
    return Factory(app, [])


@pytest.fixture
def teacher(make: Factory) -> User:
    return make.teacher(email="tess@school.example")


def _json_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    message: str = response.get_json()["error"]
    assert message
    return message


# Tokens ----------------------------------------------------------------------------------


def test_token_page_creates_shows_once_stores_hash_and_revokes(
    app: Flask, client: FlaskClient, act: Actions, teacher: User
) -> None:
    act.login(teacher.email)
    page = client.get("/teach/api-token").get_data(as_text=True)
    assert "You have no API token" in page
    response = act.post("/teach/api-token", {"action": "create"})
    assert response.headers["Cache-Control"] == "no-store"
    created = response.get_data(as_text=True)
    match = build.TOKEN_IN_PAGE.search(created)
    assert match
    token = match.group(0)
    with app.app_context():
        stored = db.session.get(User, teacher.id).api_token_hash  # type: ignore[union-attr]
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
    assert token not in client.get("/teach/api-token").get_data(as_text=True)  # shown once
    me = client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200 and me.get_json()["email"] == teacher.email
    # Replacing invalidates the old token.
    replaced = act.post("/teach/api-token", {"action": "create"}).get_data(as_text=True)
    new = build.TOKEN_IN_PAGE.search(replaced).group(0)  # type: ignore[union-attr]
    assert new != token
    _json_error(client.get("/api/v1/me", headers=bearer(token)), 401)
    assert client.get("/api/v1/me", headers=bearer(new)).status_code == 200
    act.post("/teach/api-token", {"action": "revoke"})
    _json_error(client.get("/api/v1/me", headers=bearer(new)), 401)
    with app.app_context():
        assert db.session.get(User, teacher.id).api_token_hash is None  # type: ignore[union-attr]


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("student", 403)])
def test_token_page_is_for_teachers(
    client: FlaskClient, act: Actions, make: Factory, who: str, status: int
) -> None:
    if who == "student":
        act.login(make.student().email)
    assert client.get("/teach/api-token").status_code == status
    assert client.post("/teach/api-token", data={"action": "create"}).status_code in (status, 400)


def test_token_page_needs_csrf(
    app: Flask, client: FlaskClient, act: Actions, teacher: User
) -> None:
    act.login(teacher.email)
    assert client.post("/teach/api-token", data={"action": "create"}).status_code == 400
    with app.app_context():
        assert db.session.get(User, teacher.id).api_token_hash is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer qz_not-a-real-token-at-all"},
        {"Authorization": "Basic dGVzczpwdw=="},
        {"Authorization": "qz_nothing"},
    ],
)
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/banks"),
        ("POST", "/api/v1/banks"),
        ("GET", "/api/v1/results"),
        ("GET", "/api/v1/quizzes/1/results"),
        ("GET", "/api/v1/banks/1"),
    ],
)
def test_missing_or_invalid_token_is_401_json(
    client: FlaskClient, teacher: User, headers: dict[str, str], method: str, url: str
) -> None:
    response = client.open(url, method=method, headers=headers, json={})
    _json_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_session_cookie_alone_is_not_accepted(
    client: FlaskClient, act: Actions, teacher: User
) -> None:
    act.login(teacher.email)
    _json_error(client.post("/api/v1/banks", json={"schema": "quizapp.bank/1"}), 401)
    _json_error(client.get("/api/v1/banks"), 401)


# Roles and owners ------------------------------------------------------------------------


@pytest.fixture
def setting(app: Flask, make: Factory, teacher: User) -> dict[str, Any]:
    other = make.teacher()
    student, classmate = make.student(name="Sam Student"), make.student(name="Cleo Classmate")
    classroom = make.classroom(teacher, students=[student, classmate])
    quiz = build.quiz(app, teacher, classes=[classroom.id])
    build.attempt(app, quiz, student, [1, 0, 2])
    build.attempt(app, quiz, student, [1, None, None], number=2, seconds=None)
    build.attempt(app, quiz, classmate, [0, 0, 0])
    return {
        "teacher": build.give_token(app, teacher),
        "other": build.give_token(app, other),
        "student": build.give_token(app, student),
        "quiz": quiz,
        "student_user": student,
    }


@pytest.mark.parametrize(
    ("who", "method", "url", "status"),
    [
        ("teacher", "GET", "/api/v1/me", 200),
        ("teacher", "GET", "/api/v1/banks", 200),
        ("teacher", "GET", "/api/v1/banks/{bank}", 200),
        ("teacher", "GET", "/api/v1/quizzes/{quiz}/results", 200),
        ("teacher", "GET", "/api/v1/results", 403),
        ("other", "GET", "/api/v1/banks/{bank}", 404),
        ("other", "GET", "/api/v1/quizzes/{quiz}/results", 404),
        ("teacher", "GET", "/api/v1/banks/999999", 404),
        ("teacher", "GET", "/api/v1/quizzes/999999/results", 404),
        ("student", "GET", "/api/v1/me", 200),
        ("student", "GET", "/api/v1/results", 200),
        ("student", "GET", "/api/v1/banks", 403),
        ("student", "GET", "/api/v1/banks/{bank}", 403),
        ("student", "POST", "/api/v1/banks", 403),
        ("student", "GET", "/api/v1/quizzes/{quiz}/results", 403),
        ("teacher", "DELETE", "/api/v1/banks", 405),
    ],
)
def test_authorization_per_role_and_owner(
    client: FlaskClient, setting: dict[str, Any], who: str, method: str, url: str, status: int
) -> None:
    quiz = setting["quiz"]
    response = client.open(
        url.format(bank=quiz.bank_id, quiz=quiz.id),
        method=method,
        headers=bearer(setting[who]),
        json={},
    )
    assert response.status_code == status and response.is_json
    if status >= 400:
        assert "error" in response.get_json()
        assert b"Sentence 0" not in response.get_data()


def test_teacher_reads_the_score_sheet(client: FlaskClient, setting: dict[str, Any]) -> None:
    body = client.get(
        f"/api/v1/quizzes/{setting['quiz'].id}/results", headers=bearer(setting["teacher"])
    ).get_json()
    assert [q["label"] for q in body["questions"]] == ["Q1", "Q2", "Q3"]
    assert body["timezone"] == "UTC"
    rows = [(r["name"], r["attempt"], r["score"], r["percent"], r["marks"]) for r in body["rows"]]
    assert rows == [
        ("Cleo Classmate", 1, 0, 0.0, [0, 0, 0]),
        ("Sam Student", 1, 3, 75.0, [1, 0, 2]),
        ("Sam Student", 2, None, None, [None, None, None]),  # in progress
    ]
    assert body["rows"][1]["started"] == "2025-03-03T09:00:00+00:00"
    assert body["rows"][1]["seconds"] == 330 and body["rows"][2]["finished"] is None


def test_student_reads_only_their_finished_attempts(
    app: Flask, client: FlaskClient, setting: dict[str, Any]
) -> None:
    body = client.get("/api/v1/results", headers=bearer(setting["student"])).get_json()
    assert len(body["results"]) == 1
    (result,) = body["results"]
    assert (result["quiz"], result["attempt"], result["score"], result["percent"]) == (
        "Unification quiz",
        1,
        3,
        75.0,
    )
    # A quiz whose feedback comes after the due date keeps its score hidden until then.
    with app.app_context():
        quiz = db.session.get(Quiz, setting["quiz"].id)
        quiz.feedback = Feedback.AFTER_DUE  # type: ignore[union-attr]
        quiz.due_at = build.START + timedelta(days=3650)  # type: ignore[union-attr]
        db.session.commit()
    (hidden,) = client.get("/api/v1/results", headers=bearer(setting["student"])).get_json()[
        "results"
    ]
    assert hidden["score"] is None and hidden["percent"] is None
    me = client.get("/api/v1/me", headers=bearer(setting["student"])).get_json()
    assert me["role"] == "student" and me["name"] == "Sam Student"


# Banks -----------------------------------------------------------------------------------


def test_bank_list_export_import_round_trip(
    app: Flask, client: FlaskClient, teacher: User, make: Factory
) -> None:
    token = build.give_token(app, teacher)
    bank_id = build.bank(app, teacher, title="Treaties")
    build.bank(app, make.teacher(), title="Someone else's")
    listed = client.get("/api/v1/banks", headers=bearer(token)).get_json()["banks"]
    assert [(b["id"], b["title"], b["questions"]) for b in listed] == [(bank_id, "Treaties", 3)]
    exported = client.get(f"/api/v1/banks/{bank_id}", headers=bearer(token))
    assert exported.status_code == 200
    document = exported.get_json()
    assert document["schema"] == "quizapp.bank/1" and len(document["questions"]) == 3
    created = client.post("/api/v1/banks", headers=bearer(token), json=document)
    assert created.status_code == 201, created.get_data(as_text=True)
    location = created.headers["Location"]
    new_id = created.get_json()["id"]
    assert location.endswith(f"/api/v1/banks/{new_id}") and new_id != bank_id
    again = client.get(location, headers=bearer(token)).get_json()
    key = [(q["id"], q["type"], q["prompt"], q["answer"]) for q in document["questions"]]
    assert [(q["id"], q["type"], q["prompt"], q["answer"]) for q in again["questions"]] == key
    assert again["documents"][0]["title"] == "Treaties"
    with app.app_context():
        assert db.session.get(Bank, new_id).owner_id == teacher.id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b'{"schema": "quizapp.bank/1"}', "text/plain", 415),
        (b"[1, 2]", "application/json", 422),
        (b'{"schema": "other/2", "questions": []}', "application/json", 422),
        (b'{"schema": "quizapp.bank/1", "questions": []}', "application/json", 422),
        (
            json.dumps({"schema": "quizapp.bank/1", "questions": [{"id": "x"}]}).encode(),
            "application/json",
            422,
        ),
    ],
)
def test_malformed_imports_are_refused_with_json_errors(
    app: Flask, client: FlaskClient, teacher: User, body: bytes, content_type: str, status: int
) -> None:
    token = build.give_token(app, teacher)
    response = client.post(
        "/api/v1/banks", headers=bearer(token), data=body, content_type=content_type
    )
    _json_error(response, status)
    with app.app_context():
        assert db.session.query(Bank).count() == 0


def test_oversized_body_is_413_json(app: Flask, client: FlaskClient, teacher: User) -> None:
    token = build.give_token(app, teacher)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/api/v1/banks",
        headers=bearer(token),
        data=b"{" + b" " * 2000 + b"}",
        content_type="application/json",
    )
    _json_error(response, 413)
