"""The student's progress page: who may see it, its figures, charts and text alternatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from tests.support.pages import figures, table_rows
from tests.support.progress import AGAIN, GOOD, add_card, add_review
from tests.support.quizzes import Clock
from tests.support.study import StudyWorld, build_world
from tests.support.web import Actions, Factory

AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # Monday 10 March, 10:00 in Rome
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world(app: Flask, make: Factory) -> Iterator[StudyWorld]:
    app.config["CLOCK"] = Clock(AT)
    yield build_world(app, make, timezone="Europe/Rome")


def url(world: StudyWorld, class_id: int | None = None) -> str:
    return f"/learn/classes/{class_id or world.class_id}/progress"


def svgs(page: str) -> list[ET.Element]:
    """The page's charts, parsed as XML (a stray `<` from data would fail here)."""
    found = []
    rest = page
    while "<svg" in rest:
        start = rest.index("<svg")
        end = rest.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(rest[start:end]))
        rest = rest[end:]
    return found


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, world: StudyWorld) -> None:
    response = client.get(url(world))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("who", "class_id", "status"),
    [
        ("teacher", None, 403),  # teachers have their own pages
        ("other", None, 404),  # a student of another class
        ("student", 999999, 404),  # no such class
        ("student", "other", 404),  # a class the student is not in
        ("student", None, 200),
    ],
)
def test_only_an_enrolled_student_sees_the_page(
    client: FlaskClient,
    act: Actions,
    world: StudyWorld,
    who: str,
    class_id: int | str | None,
    status: int,
) -> None:
    act.login(getattr(world, who).email)
    target = world.other_class_id if class_id == "other" else class_id
    assert client.get(url(world, target)).status_code == status  # type: ignore[arg-type]


def test_the_page_shows_the_figures_and_both_charts(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld
) -> None:
    with app.app_context():
        card = add_card(world, 0, AT - timedelta(days=1))  # overdue: due today
        add_card(world, 1, AT + timedelta(hours=3))
        add_card(world, 2, AT + timedelta(days=2))
        add_review(world, card, AT - timedelta(hours=2), GOOD)
        add_review(world, card, AT - timedelta(days=1), AGAIN)
        add_review(world, card, AT - timedelta(days=2), GOOD)
        add_review(world, card, AT - timedelta(days=2, hours=1), GOOD)
        db.session.commit()
    act.login(world.student.email)
    page = client.get(url(world)).get_data(as_text=True)
    assert "<h1>Progress: History 9B</h1>" in page
    assert figures(page) == {
        "Due today": "2 1 overdue",
        "Streak": "3 days",
        "True retention last 30 days": "75.0 % of 4 reviews",
        "Cards studied": "3",
        "New cards left": "2",
    }
    forecast, heatmap = svgs(page)
    for chart, title in (
        (forecast, "Cards due in the next 30 days"),
        (heatmap, "Study reviews per day"),
    ):
        assert chart.get("role") == "img"
        assert chart.findtext(f"{NS}title") == title
    assert "3 cards due in the next 30 days: 2 today" in (forecast.findtext(f"{NS}desc") or "")
    assert "4 reviews on 3 of the" in (heatmap.findtext(f"{NS}desc") or "")
    cells = {r.findtext(f"{NS}title") for r in heatmap.iter(f"{NS}rect")}
    assert "2 reviews on 8 Mar 2025" in cells and "1 review on 10 Mar 2025" in cells
    # The text alternatives: the forecast and the months as tables.
    rows = table_rows(page, "The forecast as a table")
    assert rows[0] == ["Today, Mon 10 Mar 2025 (overdue included)", "2"]
    assert rows[2] == ["Wed 12 Mar 2025", "1"] and len(rows) == 30
    assert table_rows(page, "Reviews per month as a table")[0] == ["Mar 2025", "4", "3"]
    assert 'class="chart-scroll" tabindex="0" role="region" aria-label=' in page
    assert f'href="/learn/classes/{world.class_id}/study"' in page


def test_a_student_with_nothing_studied_yet(
    client: FlaskClient, act: Actions, world: StudyWorld
) -> None:
    act.login(world.student.email)
    page = client.get(url(world)).get_data(as_text=True)
    assert figures(page) == {
        "Due today": "0",
        "Streak": "0 days",
        "True retention last 30 days": "— no reviews yet",
        "Cards studied": "0",
        "New cards left": "5",
    }
    assert "No cards due in the next 30 days" in page
    assert "No reviews yet" in page


def test_the_dashboard_and_the_study_page_link_to_it(
    client: FlaskClient, act: Actions, world: StudyWorld
) -> None:
    act.login(world.student.email)
    link = f'href="{url(world)}"'
    assert link in client.get("/learn/").get_data(as_text=True)
    assert link in client.get(f"/learn/classes/{world.class_id}/study").get_data(as_text=True)
