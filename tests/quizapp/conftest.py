"""Fixtures for the web app: one schema per session (by migrations), clean tables per test.

The suite runs on SQLite by default and on PostgreSQL when QUIZAPP_TEST_DATABASE_URL
is set (`make test` does both). A PostgreSQL run that cannot reach its server fails; it
never skips.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from quizapp import create_app
from quizapp.extensions import db
from tests.conftest import SAMPLE
from tests.support.web import Actions, Factory


def _database_url(tmp: Path) -> str:
    url = os.environ.get("QUIZAPP_TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(tmp_path_factory.mktemp("db"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "JOBS": "inline"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def sample_bank_questions() -> list[dict[str, Any]]:
    """The engine's bank for the sample, made once: tests store it without re-parsing."""
    from questions import generate_bank, read_path

    return json.loads(generate_bank([read_path(SAMPLE)]).dumps())["questions"]  # type: ignore[no-any-return]


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "JOBS": "inline",
            "TESTING": True,
            "SERVER_NAME": "quizapp.test",
        }
    )
    app.instance_path = str(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def act(client: FlaskClient) -> Actions:
    return Actions(client)


@pytest.fixture
def make(app: Flask, sample_bank_questions: list[dict[str, Any]]) -> Factory:
    return Factory(app, sample_bank_questions)
