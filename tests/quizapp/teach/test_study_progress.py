"""The teacher's study progress pages: the class's table with who is behind, one student's
page, and who may see them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from tests.support.pages import figures, table_rows
from tests.support.progress import AGAIN, GOOD, add_card, add_review, enroll
from tests.support.quizzes import Clock
from tests.support.study import StudyWorld, build_world
from tests.support.web import Actions, Factory

AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # Monday 10 March, 10:00 in Rome
EVIL = '<script>alert("x")</script> Mallory'


@pytest.fixture
def world(app: Flask, make: Factory) -> Iterator[StudyWorld]:
    app.config["CLOCK"] = Clock(AT)
    yield build_world(app, make, timezone="Europe/Rome")


def class_url(world: StudyWorld, class_id: int | None = None) -> str:
    return f"/teach/classes/{class_id or world.class_id}/study"


def student_url(world: StudyWorld, student_id: int, class_id: int | None = None) -> str:
    return f"/teach/classes/{class_id or world.class_id}/students/{student_id}/study"


def urls(world: StudyWorld) -> list[str]:
    return [class_url(world), student_url(world, world.student.id)]


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, world: StudyWorld) -> None:
    for address in urls(world):
        response = client.get(address)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(("who", "status"), [("student", 403), ("other", 403), ("teacher", 200)])
def test_roles(client: FlaskClient, act: Actions, world: StudyWorld, who: str, status: int) -> None:
    act.login(getattr(world, who).email)
    for address in urls(world):
        assert client.get(address).status_code == status, address


def test_another_teacher_gets_404(
    client: FlaskClient, act: Actions, world: StudyWorld, make: Factory
) -> None:
    stranger = make.teacher()
    act.login(stranger.email)
    for address in urls(world):
        assert client.get(address).status_code == 404, address


@pytest.mark.parametrize("target", ["other", "teacher", "nobody", "other_class"])
def test_only_students_enrolled_in_the_class_have_a_page(
    client: FlaskClient, act: Actions, world: StudyWorld, target: str
) -> None:
    act.login(world.teacher.email)
    address = {
        "other": student_url(world, world.other.id),  # the teacher's, but in another class
        "teacher": student_url(world, world.teacher.id),
        "nobody": student_url(world, 999999),
        "other_class": student_url(world, world.student.id, world.other_class_id),
    }[target]
    assert client.get(address).status_code == 404


def test_the_class_table_puts_who_is_behind_first(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, make: Factory
) -> None:
    with app.app_context():
        bea = enroll(world, make, "Bea", "Europe/Rome").id
        mallory = enroll(world, make, EVIL, "America/New_York").id
        card = add_card(world, 0, AT + timedelta(hours=2))  # Alice: on track
        add_review(world, card, AT - timedelta(hours=1), GOOD)
        add_review(world, card, AT - timedelta(days=1), AGAIN)
        card = add_card(world, 0, AT - timedelta(days=6), student_id=bea)  # 6 days late
        add_card(world, 1, AT - timedelta(days=6), student_id=bea)
        add_review(world, card, AT - timedelta(days=2), GOOD, student_id=bea)
        card = add_card(world, 0, AT - timedelta(hours=1), student_id=mallory)  # away
        add_review(world, card, AT - timedelta(days=9), GOOD, student_id=mallory)
        db.session.commit()
    act.login(world.teacher.email)
    page = client.get(class_url(world)).get_data(as_text=True)
    assert "<h1>Study progress: History 9B</h1>" in page
    assert figures(page) == {
        "Students": "3",
        "Behind": "2",
        "Due today": "4 2 overdue",
        "Reviews last 7 days": "3",
        "True retention last 30 days": "75.0 % of 4 reviews",
        "Cards studied": "4",
    }
    rows = table_rows(page, 'class="study-table"')
    assert rows == [
        [
            "Bea student4@school.example",
            "Behind 2 cards overdue by more than 3 days",
            "2",
            "2",
            "1",
            "100.0 %",
            "0 days",
            "8 Mar 2025, 09:00 UTC",
        ],
        [
            f"{EVIL} student5@school.example",
            "Behind no study in 7 days, 1 card due",
            "1",
            "0",
            "0",
            "100.0 %",
            "0 days",
            "1 Mar 2025, 09:00 UTC",
        ],
        [
            "Alice student2@school.example",
            "On track",
            "1",
            "0",
            "2",
            "50.0 %",
            "2 days",
            "10 Mar 2025, 08:00 UTC",
        ],
    ]
    # The name is shown as text, never run as markup.
    assert EVIL not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Mallory" in page
    assert f'href="{student_url(world, bea)}"' in page
    assert page.count('role="img"') == 2
    assert '<title id="forecast-title">Cards due in the next 30 days: History 9B</title>' in page
    assert "How “behind” is decided" in page


def test_the_teacher_sees_a_students_own_page(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, make: Factory
) -> None:
    with app.app_context():
        mallory = enroll(world, make, EVIL, "Europe/Rome").id
        card = add_card(world, 0, AT - timedelta(days=5), student_id=mallory)
        add_review(world, card, AT - timedelta(days=1), AGAIN, student_id=mallory)
        db.session.commit()
    act.login(world.teacher.email)
    page = client.get(student_url(world, mallory)).get_data(as_text=True)
    assert EVIL not in page
    assert "Study progress: &lt;script&gt;" in page
    assert figures(page) == {
        "Due today": "1 1 overdue",
        "Streak": "1 day",
        "True retention last 30 days": "0.0 % of 1 review",
        "Cards studied": "1",
        "New cards left": "4",
    }
    assert "1 card overdue by more than 3 days" in page
    assert "1 review in the last 7 days" in page
    assert "Cards due in the next 30 days: &lt;script&gt;" in page  # the chart's title
    assert page.count('role="img"') == 2


def test_the_class_page_links_to_study_progress(
    client: FlaskClient, act: Actions, world: StudyWorld
) -> None:
    act.login(world.teacher.email)
    page = client.get(f"/teach/classes/{world.class_id}").get_data(as_text=True)
    assert f'href="{class_url(world)}"' in page


def test_a_class_with_no_students(client: FlaskClient, act: Actions, make: Factory) -> None:
    teacher = make.teacher()
    empty = make.classroom(teacher, name="Empty")
    act.login(teacher.email)
    page = client.get(f"/teach/classes/{empty.id}/study").get_data(as_text=True)
    assert "Nobody has joined this class yet." in page
    assert "No cards due in the next 30 days" in page
