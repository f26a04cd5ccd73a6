"""A create form sent twice (a double click, a reload that posts again, two tabs of one
page) makes one thing, and the repeat is sent to it; a fresh page makes another."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Bank, Classroom, FormKey, Question, Quiz, User
from quizapp.services import form_keys
from tests.support.web import TOKEN, Actions, Factory, bank_file

ONCE = re.compile(r'name="once" type="hidden" value="([^"]+)"')
SHORT = (
    "The Treaty of Rapallo was signed by Italy and Yugoslavia on 12 November 1920. "
    "In 1924 Italy recognised the Soviet Union."
)


@pytest.fixture
def teacher(make: Factory, act: Actions) -> User:
    user = make.teacher()
    act.login(user.email)
    return user


def fields(client: FlaskClient, url: str) -> dict[str, str]:
    """The CSRF token and the one-time key of the create form on this page."""
    page = client.get(url).get_data(as_text=True)
    token, once = TOKEN.search(page), ONCE.search(page)
    assert token and once, f"no CSRF token or form key on {url}"
    return {"csrf_token": token.group(1) or token.group(2), "once": once.group(1)}


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def bank_upload() -> tuple[io.BytesIO, str]:
    return io.BytesIO(bank_file()), "rome.json"


Form = tuple[str, str, Callable[[], dict[str, Any]], Any]
"""The page with the form, where it posts, its fields, and the model it creates."""


def create_forms(bank_id: int) -> dict[str, Form]:
    return {
        "class": ("/teach/classes", "/teach/classes", lambda: {"name": "History 10B"}, Classroom),
        "quiz": (
            "/teach/quizzes/new",
            "/teach/quizzes/new",
            lambda: {
                "title": "Week 3",
                "attempts_allowed": "1",
                "feedback": "after_submit",
                "layout": "one_per_page",
            },
            Quiz,
        ),
        "document": ("/teach/banks/new", "/teach/banks/new", lambda: {"text": SHORT}, Bank),
        "import": ("/teach/banks", "/teach/banks/import", lambda: {"file": bank_upload()}, Bank),
        "question": (
            f"/teach/banks/{bank_id}/questions/new?type=short_answer",
            f"/teach/banks/{bank_id}/questions/new?type=short_answer",
            lambda: {"kind": "date", "prompt": "When did Rome fall?", "answer": "476"},
            Question,
        ),
    }


@pytest.mark.parametrize("name", ["class", "quiz", "document", "import", "question"])
def test_a_create_form_sent_twice_makes_one_thing(
    app: Flask, client: FlaskClient, teacher: User, make: Factory, name: str
) -> None:
    bank = make.bank(teacher)
    page, action, data, model = create_forms(bank.id)[name]
    before = count(app, model)
    sent = fields(client, page)
    first = client.post(action, data={**sent, **data()}, content_type="multipart/form-data")
    assert first.status_code == 302
    second = client.post(action, data={**sent, **data()}, content_type="multipart/form-data")
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert count(app, model) == before + 1
    shown = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "That form was sent twice: here is what it made the first time." in shown

    again = client.post(action, data={**fields(client, page), **data()})  # a fresh page
    assert again.status_code == 302 and again.headers["Location"] != first.headers["Location"]
    assert count(app, model) == before + 2


def test_a_failed_import_gives_its_key_back(app: Flask, client: FlaskClient, teacher: User) -> None:
    sent = fields(client, "/teach/banks")
    bad = client.post(
        "/teach/banks/import",
        data={**sent, "file": (io.BytesIO(b'{"schema": "nope"}'), "bad.json")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200 and "That form was" not in bad.get_data(as_text=True)
    fixed = client.post(
        "/teach/banks/import",
        data={**sent, "file": bank_upload()},
        content_type="multipart/form-data",
    )
    assert fixed.status_code == 302
    assert count(app, Bank) == 1


def test_a_repeat_while_the_first_is_at_work_is_told_so(
    app: Flask, client: FlaskClient, teacher: User
) -> None:
    sent = fields(client, "/teach/classes")
    with app.app_context():
        assert form_keys.claim(teacher.id, sent["once"]) is None  # the first, not done yet
    response = client.post("/teach/classes", data={**sent, "name": "History 10B"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/teach/classes")
    page = client.get("/teach/classes").get_data(as_text=True)
    assert "That form was already sent and is still being handled." in page
    assert count(app, Classroom) == 0


def test_two_requests_racing_for_one_key_claim_it_once(app: Flask, teacher: User) -> None:
    ready = threading.Barrier(2)
    results: list[object] = []

    def claim() -> None:
        with app.app_context():
            ready.wait(timeout=10)
            results.append(form_keys.claim(teacher.id, "the-same-key"))

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=repr) == [None, form_keys.Repeat(None)]


def test_another_user_s_key_reveals_nothing(app: Flask, teacher: User, make: Factory) -> None:
    other = make.teacher()
    with app.app_context():
        assert form_keys.claim(teacher.id, "k") is None
        form_keys.made("k", "/teach/classes/1")
        db.session.commit()
        assert form_keys.claim(other.id, "k") == form_keys.Repeat(None)
        assert form_keys.claim(teacher.id, "k") == form_keys.Repeat("/teach/classes/1")


def test_keys_are_kept_a_day(app: Flask, teacher: User) -> None:
    with app.app_context():
        assert form_keys.claim(teacher.id, "old") is None
        key = db.session.get(FormKey, "old")
        assert key is not None
        key.created_at -= form_keys.KEPT + timedelta(minutes=1)
        db.session.commit()
        assert form_keys.claim(teacher.id, "new") is None
        assert db.session.get(FormKey, "old") is None
        assert db.session.get(FormKey, "new") is not None
