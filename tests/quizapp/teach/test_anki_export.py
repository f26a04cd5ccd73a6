"""The "Download Anki deck" link and route: who may download, what arrives, empty quizzes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Quiz, User
from tests.support.quizzes import approve_every_type, build_quiz
from tests.support.web import Actions, Factory

LINK = "Download Anki deck (.apkg)"


@dataclass
class World:
    teacher: User
    other_teacher: User
    student: User
    quiz_id: int
    empty_quiz_id: int


@pytest.fixture
def world(app: Flask, make: Factory) -> World:
    """A teacher's quiz with one question of each type, and an empty one beside it."""
    teacher = make.teacher(email="tess@school.example")
    bank = make.bank(teacher)
    approve_every_type(app, bank, per_type=1)
    quiz_id = build_quiz(app, teacher, bank, title='Week 3: "Rome"/../etc')
    empty = Quiz(owner_id=teacher.id, title="Not started")
    db.session.add(empty)
    db.session.commit()
    student = make.student(email="sam@school.example")
    return World(teacher, make.teacher(), student, quiz_id, empty.id)


def test_the_owner_downloads_the_deck_from_the_quiz_page(
    client: FlaskClient, act: Actions, world: World
) -> None:
    act.login(world.teacher.email)
    page = client.get(f"/teach/quizzes/{world.quiz_id}").get_data(as_text=True)
    url = f"/teach/quizzes/{world.quiz_id}/anki.apkg"
    assert f'href="{url}">{LINK}</a>' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Week 3 Rome etc.apkg"'
    assert response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        assert "collection.anki2" in archive.namelist()


@pytest.mark.parametrize(("who", "status"), [("other", 404), ("student", 403), ("anonymous", 302)])
def test_nobody_else_gets_the_deck(
    client: FlaskClient, act: Actions, world: World, who: str, status: int
) -> None:
    emails = {"other": world.other_teacher.email, "student": world.student.email}
    if who in emails:
        act.login(emails[who])
    response = client.get(f"/teach/quizzes/{world.quiz_id}/anki.apkg")
    assert response.status_code == status
    assert response.mimetype == "text/html"
    if status == 302:
        assert "/login" in response.headers["Location"]


def test_an_unknown_quiz_is_not_found(client: FlaskClient, act: Actions, world: World) -> None:
    act.login(world.teacher.email)
    assert client.get("/teach/quizzes/999999/anki.apkg").status_code == 404


def test_an_empty_quiz_keeps_the_link_but_says_there_is_nothing_to_export(
    client: FlaskClient, act: Actions, world: World
) -> None:
    act.login(world.teacher.email)
    detail = f"/teach/quizzes/{world.empty_quiz_id}"
    assert LINK in client.get(detail).get_data(as_text=True)
    response = client.get(f"{detail}/anki.apkg")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(detail)
    page = client.get(detail).get_data(as_text=True)
    assert "This quiz has no questions to export." in page
