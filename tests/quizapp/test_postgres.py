"""On PostgreSQL a request that wrote nothing ends with COMMIT, so the server keeps the
statements psycopg prepared; anything that wrote, or failed, still rolls back.

The first tests need PostgreSQL (`make test` runs this file on it too); the last ones hold
on either engine: what a request did not commit is never kept.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import event, select, text, update

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from tests.support.web import Actions, Factory


@pytest.fixture
def server(app: Flask) -> Iterator[Flask]:
    """A second app on the test database, each of whose requests has its own app context,
    as in production (pytest-flask keeps one context pushed for the `app` fixture's app,
    and its requests share it, so their teardown never runs)."""
    server = create_app(dict(app.config))
    yield server
    with server.app_context():
        db.engine.dispose()


@pytest.fixture
def ends(server: Flask) -> list[str]:
    """How each transaction of the server's engine ended, in order."""
    ended: list[str] = []
    with server.app_context():
        engine = db.engine
    event.listen(engine, "commit", lambda _conn: ended.append("commit"))
    event.listen(engine, "rollback", lambda _conn: ended.append("rollback"))
    return ended


def needs_postgres(server: Flask) -> None:
    with server.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("psycopg's prepared statements are PostgreSQL's (make test-postgres)")


def routes(app: Flask) -> None:
    """Requests that read, fail, or change something and never commit it."""

    def read() -> str:
        return str(db.session.scalar(select(User.name).order_by(User.id).limit(1)))

    def fail() -> str:
        db.session.scalar(select(User.id).limit(1))
        raise RuntimeError("the request failed")

    def core_write() -> str:
        db.session.execute(update(User).values(name="Changed by Core"))
        return "not committed"

    def orm_change() -> str:
        user = db.session.scalars(select(User).order_by(User.id).limit(1)).one()
        user.name = "Changed on the object"
        return "not committed"

    def write_then_read() -> str:
        db.session.execute(update(User).values(name="Bea"))
        db.session.commit()
        return read()

    def invalidated() -> str:
        name = read()
        db.session.connection().invalidate()  # as after a lost connection the view survived
        return name

    for view in (read, fail, core_write, orm_change, write_then_read, invalidated):
        app.add_url_rule(f"/_probe/{view.__name__}", view_func=view)


def names(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(User.name).order_by(User.id)))


def test_a_read_only_request_commits_and_keeps_prepared_statements(
    server: Flask, make: Factory, ends: list[str]
) -> None:
    needs_postgres(server)
    make.teacher(name="Ada")
    routes(server)
    client = server.test_client()
    for _ in range(7):  # psycopg prepares a statement on its fifth run
        assert client.get("/_probe/read").get_data(as_text=True) == "Ada"
    assert ends == ["commit"] * 7
    with server.app_context():
        prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
    assert any("FROM users" in statement for statement in prepared), prepared


def test_a_student_s_page_views_end_with_commit(
    server: Flask, make: Factory, ends: list[str]
) -> None:
    needs_postgres(server)
    student = make.student()
    client = server.test_client()
    Actions(client).login(student.email)
    ends.clear()
    for _ in range(6):
        assert client.get("/learn/").status_code == 200
    assert ends and "rollback" not in ends


def test_a_failed_request_rolls_back(server: Flask, make: Factory, ends: list[str]) -> None:
    needs_postgres(server)
    make.teacher(name="Ada")
    routes(server)
    with pytest.raises(RuntimeError):
        server.test_client().get("/_probe/fail")
    assert ends == ["rollback"]


@pytest.mark.parametrize("probe", ["core_write", "orm_change"])
def test_what_a_request_did_not_commit_is_not_kept(
    server: Flask, make: Factory, ends: list[str], probe: str
) -> None:
    make.teacher(name="Ada")
    routes(server)
    assert server.test_client().get(f"/_probe/{probe}").status_code == 200
    assert ends == ["rollback"]
    assert names(server) == ["Ada"]


def test_a_transaction_after_a_committed_write_starts_clean(
    server: Flask, make: Factory, ends: list[str]
) -> None:
    needs_postgres(server)
    make.teacher(name="Ada")
    routes(server)
    assert server.test_client().get("/_probe/write_then_read").get_data(as_text=True) == "Bea"
    assert ends == ["commit", "commit"]  # the write's own, then the read's at the end


def test_an_invalidated_connection_is_left_to_the_session_s_removal(
    server: Flask, make: Factory, ends: list[str]
) -> None:
    make.teacher(name="Ada")
    routes(server)
    client = server.test_client()
    assert client.get("/_probe/invalidated").get_data(as_text=True) == "Ada"
    assert "commit" not in ends
    assert client.get("/_probe/read").get_data(as_text=True) == "Ada"  # the app goes on


def test_objects_loaded_in_an_app_context_stay_readable_after_it(
    server: Flask, make: Factory
) -> None:
    """As after the rollback that ended every context before: the read-only commit must
    not expire what the code that ran there still holds (a CLI command, a job, a test)."""
    make.teacher(name="Ada")
    with server.app_context():
        user = db.session.scalars(select(User).order_by(User.id)).first()
    assert user is not None and user.name == "Ada"
