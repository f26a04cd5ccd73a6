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
request, any other statement, an object added or changed and not flushed) is rolled back
as before: the decision errs towards the rollback that was always there.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
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
        if statement.lstrip()[:6].upper() != "SELECT":
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
        and session.in_transaction()
        and not connection.info.get(WROTE)
        and not (session.new or session.dirty or session.deleted)
    )


def _end_read_only(exc: BaseException | None) -> None:
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    if not read_only(session):
        return
    try:
        session.commit()
    except SQLAlchemyError:  # the session is removed next, which rolls back
        log.exception("committing a read-only transaction failed")
