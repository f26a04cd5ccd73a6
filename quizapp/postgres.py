"""PostgreSQL as a server's database: requests that wrote nothing end with COMMIT, so the
server keeps the statements it has prepared.

psycopg prepares a statement on the server once a connection has run it five times
(`prepare_threshold`); from then on the server neither parses nor plans it again. For the
statements every student runs all the time (rating a card, saving an answer) that is most
of their cost: `bench/study.py` measured a rating's read at 440 µs unprepared and 190 µs
prepared. But psycopg forgets every statement it prepared whenever its connection rolls
back, and Flask-SQLAlchemy ends each request by closing the session, which rolls back.
So every page view wiped its connection's prepared statements, and hardly any statement
ever reached its fifth run.

A transaction that wrote nothing leaves the database the same whether it commits or rolls
back. So a request that did not fail, whose transaction sent no statement but SELECTs and
whose session holds no pending ORM change, commits instead. Anything else (a failed
request, any other statement, a string of several statements, an object added or changed
and not flushed, a connection that was invalidated) is rolled back as before: the decision
errs towards the rollback that was always there. The rule this relies on: quizapp sends
no SELECT with a side effect (a function that writes, `SELECT ... INTO`, `set_config`).

Objects loaded in the request stay readable after it, as they do after a rollback: the
commit does not expire them, since the session is removed right after.

Prepared statements now live as long as their connection. A migration that changes the
type of a column a statement selects makes PostgreSQL refuse that prepared statement
("cached plan must not change result type"), so restart the app servers after migrating,
as a new release does anyway.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from quizapp.extensions import db

WROTE = "quizapp.wrote"
"""Set in a DB-API connection's `info` when its transaction sends anything but a SELECT."""

CONNECTION = "quizapp.connection"
"""The connection of the session's current transaction, in the session's `info`."""

log = logging.getLogger(__name__)


def configure(app: Flask, engine: Engine) -> None:
    """Track what each transaction sends, and end read-only requests with a commit."""

    def began(conn: Connection) -> None:
        conn.info.pop(WROTE, None)

    def sent(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip()[:6].upper() != "SELECT" or ";" in statement:
            conn.info[WROTE] = True

    event.listen(engine, "begin", began)
    event.listen(engine, "before_cursor_execute", sent)
    if not event.contains(db.session, "after_begin", _remember_connection):
        event.listen(db.session, "after_begin", _remember_connection)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before the session is
    # removed (Flask runs teardown functions in reverse order).
    app.teardown_appcontext(_end_read_only)


def _remember_connection(session: Session, _transaction: Any, connection: Connection) -> None:
    session.info[CONNECTION] = connection


def read_only(session: Session) -> bool:
    """Whether the session's open transaction has written nothing and would write nothing
    on commit, so that committing it is the same as rolling it back."""
    connection: Connection | None = session.info.get(CONNECTION)
    return (
        connection is not None
        and not connection.closed
        and not connection.invalidated
        and session.in_transaction()
        and not connection.info.get(WROTE)
        and not (session.new or session.dirty or session.deleted)
    )


def _end_read_only(exc: BaseException | None) -> None:
    """Commit the request's transaction if it wrote nothing. Never raises: Flask does not
    catch a teardown function's error, and Flask-SQLAlchemy's removal of the session,
    which runs next, must still happen (it rolls back whatever was left)."""
    if exc is not None or not db.session.registry.has():
        return
    try:
        session = db.session()
        if not read_only(session):
            return
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
    except Exception:
        log.exception("committing a read-only transaction failed; it is rolled back instead")
