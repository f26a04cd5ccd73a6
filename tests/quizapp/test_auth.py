"""Setup, sign-in, sign-up with a join code, joining, and role checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from quizapp.extensions import LIMITED_BLUEPRINT, db, limiter
from quizapp.models import Bank, Enrollment, Role, User
from quizapp.services import accounts
from tests.support.web import PASSWORD, Actions, Factory


def test_fresh_install_sends_everyone_to_setup(client: Any) -> None:
    assert client.get("/").headers["Location"].endswith("/setup")
    assert client.get("/login").headers["Location"].endswith("/setup")
    page = client.get("/setup").get_data(as_text=True)
    assert "Create the first teacher account" in page


def code_of(app: Flask) -> str:
    return accounts.setup_code(Path(app.instance_path))


def test_setup_creates_the_first_teacher_once_and_adopts_the_sample(
    app: Flask, client: Any, act: Actions
) -> None:
    with app.app_context():
        db.session.add(Bank(owner_id=None, title="Italy–Russia relations"))
        db.session.commit()
    code = code_of(app)
    page = client.get(f"/setup?code={code}").get_data(as_text=True)
    assert f'value="{code}"' in page  # the address printed by `make run` fills it in
    response = act.post(
        "/setup",
        {
            "code": code,
            "name": "Ada Teacher",
            "email": "Ada@School.example",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/teach/")
    with app.app_context():
        user = db.session.query(User).one()
        assert user.email == "ada@school.example" and user.role is Role.TEACHER
        assert user.password_hash != PASSWORD and user.check_password(PASSWORD)
        assert db.session.query(Bank).one().owner_id == user.id
    act.logout()
    assert client.get("/setup").headers["Location"].endswith("/login")  # setup is closed now
    assert not (Path(app.instance_path) / accounts.SETUP_CODE_FILE).exists()


@pytest.mark.parametrize("code", ["", "guess", "x" * 64])
def test_setup_needs_the_code_printed_at_the_machine(app: Flask, act: Actions, code: str) -> None:
    """Whoever reaches /setup first must not become the teacher of someone else's install."""
    code_of(app)
    data = {"name": "Eve", "email": "eve@school.example", "password": PASSWORD}
    page = act.post("/setup", {**data, "confirm": PASSWORD, "code": code}).get_data(as_text=True)
    assert "setup code" in page.lower()
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_the_setup_url_command_prints_the_code_until_setup_is_done(
    app: Flask, make: Factory
) -> None:
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["setup-url", "--base", "http://school.example:8000"]).output
    assert printed.strip() == f"First visit: http://school.example:8000/setup?code={code_of(app)}"
    make.teacher()
    printed = runner.invoke(args=["setup-url"]).output
    assert "set up" in printed and "code" not in printed


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"name": "A", "email": "not-an-email", "password": PASSWORD, "confirm": PASSWORD},
            "Invalid email address",
        ),
        (
            {"name": "A", "email": "a@b.example", "password": "short", "confirm": "short"},
            "between 8 and 200 characters",
        ),
        (
            {"name": "A", "email": "a@b.example", "password": PASSWORD, "confirm": "other one!"},
            "The passwords differ.",
        ),
        (
            {"name": "", "email": "a@b.example", "password": PASSWORD, "confirm": PASSWORD},
            "This field is required.",
        ),
    ],
)
def test_setup_rejects_bad_input_and_creates_nothing(
    app: Flask, act: Actions, data: dict[str, str], error: str
) -> None:
    page = act.post("/setup", {**data, "code": code_of(app)}).get_data(as_text=True)
    assert error in page
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_forms_without_csrf_token_are_refused(client: Any, make: Factory) -> None:
    teacher = make.teacher()
    response = client.post("/login", data={"email": teacher.email, "password": PASSWORD})
    assert response.status_code == 400


def test_login_and_logout(client: Any, act: Actions, make: Factory) -> None:
    teacher = make.teacher()
    assert "do not match" in act.login(teacher.email, "wrong password").get_data(as_text=True)
    response = act.login(teacher.email.upper())
    assert response.headers["Location"].endswith("/teach/")
    assert client.get("/teach/").status_code == 200
    act.logout()
    assert client.get("/teach/").status_code == 302


def test_student_signs_up_with_a_join_code(app: Flask, act: Actions, make: Factory) -> None:
    teacher = make.teacher()
    classroom = make.classroom(teacher)
    data = {
        "join_code": classroom.join_code.lower(),
        "name": "Sam Student",
        "email": "sam@school.example",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    response = act.post("/signup", data)
    assert response.headers["Location"].endswith("/learn/")
    with app.app_context():
        sam = db.session.query(User).filter_by(email="sam@school.example").one()
        assert sam.role is Role.STUDENT
        assert db.session.query(Enrollment).filter_by(student_id=sam.id).count() == 1


def test_signup_with_a_wrong_code_or_taken_email_is_refused(
    app: Flask, act: Actions, make: Factory
) -> None:
    teacher = make.teacher()
    make.classroom(teacher)
    data = {
        "join_code": "ZZZZZZ",
        "name": "Sam",
        "email": "sam@school.example",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    assert "No class has this code" in act.post("/signup", data).get_data(as_text=True)
    classroom = make.classroom(teacher, name="Other")
    data |= {"join_code": classroom.join_code, "email": teacher.email}
    assert "already exists" in act.post("/signup", data).get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).filter_by(role=Role.STUDENT).count() == 0


def test_student_joins_another_class_once(app: Flask, act: Actions, make: Factory) -> None:
    teacher = make.teacher()
    first = make.classroom(teacher, name="First")
    second = make.classroom(teacher, name="Second")
    student = make.student()
    make.classroom(teacher, name="Third", students=[student])
    act.login(student.email)
    act.post("/join", {"join_code": first.join_code})
    act.post("/join", {"join_code": first.join_code})
    act.post("/join", {"join_code": second.join_code})
    with app.app_context():
        assert db.session.query(Enrollment).filter_by(student_id=student.id).count() == 3


@pytest.mark.parametrize("url", ["/teach/", "/teach/classes", "/teach/banks", "/teach/quizzes"])
def test_students_never_see_teacher_pages(
    client: Any, act: Actions, make: Factory, url: str
) -> None:
    student = make.student()
    act.login(student.email)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/learn/", "/join"])
def test_teachers_are_kept_out_of_student_pages(
    client: Any, act: Actions, make: Factory, url: str
) -> None:
    act.login(make.teacher().email)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/teach/", "/teach/classes", "/learn/", "/join"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Any, make: Factory, url: str) -> None:
    make.teacher()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_teacher_cannot_see_another_teachers_class(
    client: Any, act: Actions, make: Factory
) -> None:
    mine, theirs = make.teacher(), make.teacher()
    their_class = make.classroom(theirs)
    act.login(mine.email)
    assert client.get(f"/teach/classes/{their_class.id}").status_code == 404


def test_names_lose_control_characters(app: Flask) -> None:
    from quizapp.services import accounts

    with app.app_context():
        user = accounts.create_user(
            "Bo\x0bb  Smith\x00", "bo@school.example", PASSWORD, Role.STUDENT
        )
        assert user.name == "Bo b Smith"


def test_guessing_a_password_is_slowed_per_account_not_for_the_class(
    app: Flask, client: Any, act: Actions, make: Factory
) -> None:
    """Ten wrong passwords a minute for one account, then a clear 429; another account
    signing in from the same address (a class behind one school address) is not held."""
    target = make.student(email="target@school.example")
    other = make.student(email="other@school.example")
    for _ in range(10):
        assert act.login(target.email, "wrong password").status_code == 200
    refused = act.login(target.email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert "Retry-After" in refused.headers
    assert act.login(other.email).status_code == 302  # signed in


def test_every_rate_limit_is_declared_where_the_limiter_looks(app: Flask) -> None:
    """The limiter skips requests outside `LIMITED_BLUEPRINT` (quizapp.extensions), so a
    limit declared on a view elsewhere would never be applied: none may be."""
    limited = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "__wrapper-limiter-instance", None) == limiter  # Flask-Limiter's mark
    ]
    assert {"auth.login", "auth.signup", "auth.join"} <= set(limited)
    assert [e for e in limited if e.split(".")[0] != LIMITED_BLUEPRINT] == []


def test_join_is_limited_per_student(app: Flask, client: Any, act: Actions, make: Factory) -> None:
    """Joining is limited under the skip too: the limit is checked by the join view."""
    student = make.student()
    act.login(student.email)
    token = act.token("/join")
    codes = [
        client.post("/join", data={"join_code": f"NOPE{n}", "csrf_token": token}) for n in range(11)
    ]
    assert [r.status_code for r in codes[:10]] == [200] * 10
    assert codes[10].status_code == 429
