"""A teacher sets how a class studies: the form on the class page, its validation."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ChoicesDisplay, StudySettings
from tests.support.web import Actions, Factory

VALID = {
    "desired_retention": "0.85",
    "learning_steps": "1m 10m 1h",
    "relearning_steps": "10m",
    "maximum_interval_days": "3650",
    "new_per_day": "10",
    "reviews_per_day": "100",
    "choices_display": "short_answer",
    "quiz_feeds_study": "y",
}


@pytest.fixture
def setup(make: Factory) -> dict[str, Any]:
    teacher, other_teacher, student = make.teacher(), make.teacher(), make.student()
    classroom = make.classroom(teacher, students=[student])
    return {"teacher": teacher, "other": other_teacher, "student": student, "class": classroom}


def url(setup: dict[str, Any]) -> str:
    return f"/teach/classes/{setup['class'].id}/study-settings"


def test_the_class_page_shows_ankis_defaults(
    client: FlaskClient, act: Actions, setup: dict[str, Any]
) -> None:
    act.login(setup["teacher"].email)
    page = client.get(f"/teach/classes/{setup['class'].id}").get_data(as_text=True)
    assert "Save study settings" in page
    assert 'name="desired_retention"' in page and 'value="0.90"' in page
    assert 'value="1m 10m"' in page and 'value="10m"' in page
    assert 'value="20"' in page and 'value="200"' in page and 'value="36500"' in page
    assert '<input checked id="quiz_feeds_study"' in page
    assert '<input checked id="choices_display-0" name="choices_display"' in page
    assert 'aria-describedby="None"' not in page


def test_the_teacher_saves_the_settings(
    app: Flask, client: FlaskClient, act: Actions, setup: dict[str, Any]
) -> None:
    act.login(setup["teacher"].email)
    page = f"/teach/classes/{setup['class'].id}"
    response = act.post(url(setup), {**VALID, "quiz_feeds_study": ""}, token_from=page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}#study")
    assert "Study settings saved." in client.get(page).get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(StudySettings))
        assert row is not None
        assert (row.class_id, row.desired_retention, row.learning_steps) == (
            setup["class"].id,
            0.85,
            "1m 10m 1h",
        )
        assert (row.maximum_interval_days, row.new_per_day, row.reviews_per_day) == (3650, 10, 100)
        assert row.choices_display is ChoicesDisplay.SHORT_ANSWER
        assert row.quiz_feeds_study is False
    # Saving again updates the same row.
    act.post(url(setup), VALID, token_from=page)
    with app.app_context():
        assert db.session.query(StudySettings).count() == 1
        assert db.session.scalar(select(StudySettings.quiz_feeds_study)) is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_steps": "10x"}, "“10x” is not a step: write a whole number and a unit"),
        ({"learning_steps": "10m 1m"}, "“1m” is shorter than the step before it"),
        ({"relearning_steps": "0m"}, "a step must be longer than zero"),
        (
            {"desired_retention": "1.5"},
            "Give a desired retention from 0.70 to 0.99 (0.90: a card comes back when there "
            "is a 90% chance of remembering it).",
        ),
        ({"desired_retention": "lots"}, "Give a desired retention from 0.70 to 0.99"),
        ({"desired_retention": ""}, "a 90% chance of remembering it)."),
        ({"new_per_day": "-1"}, "New cards a day: give a whole number from 0 to 9999."),
        ({"reviews_per_day": "many"}, "Reviews a day: give a whole number from 0 to 99999."),
        ({"maximum_interval_days": "0"}, "Maximum interval: give a whole number from 1 to 36500."),
        ({"choices_display": "both"}, "Not a valid choice"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(
    app: Flask,
    act: Actions,
    setup: dict[str, Any],
    changes: dict[str, str],
    message: str,
) -> None:
    act.login(setup["teacher"].email)
    page = f"/teach/classes/{setup['class'].id}"
    response = act.post(url(setup), {**VALID, **changes}, token_from=page)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert str(escape(message)) in html
    assert 'aria-invalid="true"' in html or "has-error" in html
    with app.app_context():
        assert db.session.query(StudySettings).count() == 0


def test_only_the_classs_teacher_may_change_its_settings(
    client: FlaskClient, act: Actions, setup: dict[str, Any]
) -> None:
    act.login(setup["other"].email)
    assert act.post(url(setup), VALID, token_from="/teach/").status_code == 404
    act.logout()
    act.login(setup["student"].email)
    assert act.post(url(setup), VALID, token_from="/learn/").status_code == 403
    act.logout()
    assert client.post(url(setup), data=VALID).status_code in (302, 400)


def test_the_form_needs_its_csrf_token(
    client: FlaskClient, act: Actions, setup: dict[str, Any]
) -> None:
    act.login(setup["teacher"].email)
    assert client.post(url(setup), data=VALID).status_code == 400
