"""SQLite as a server's database: connection pragmas and a queue for its one writer.

SQLite lets one connection write at a time. A second writer is told "busy" and SQLite's
busy handler retries after sleeping 1, 2, 5 ... up to 100 ms, so under a class's worth
of simultaneous saves most of the time goes to sleeping, not writing. Writers therefore
wait their turn on a lock instead, taken at a transaction's first write and given back
the moment the transaction ends (commit, rollback or close of the connection), so the
next writer starts as soon as the last one is done. Threads queue on a lock, server
processes (gunicorn workers, a second waitress) on an advisory lock on a file beside
the database (`flock`), which the kernel hands to the next waiter. Other programs that
write the file (a CLI command, a backup) still meet SQLite's own locking, with the busy
timeout below. Reads never take the lock: WAL lets them run beside the writer.

A write that is one statement needs no queue at all: on a connection in autocommit mode
(`autocommit_engine`) the statement takes SQLite's lock, writes and commits inside one
call into SQLite, without the GIL, so the lock is never held while Python code runs.
Saving an answer, the one write every student makes all the time, is such a write.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import URL, create_engine, event, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

BUSY_TIMEOUT_S = 10.0
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, foreign keys on, and a wait instead of 'database is locked'."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class WriterQueue:
    """One writer at a time: threads queue on a lock, processes on a file lock."""

    def __init__(self, database: str) -> None:
        self.threads = threading.Lock()
        self.path = f"{database}-writer.lock" if database and database != ":memory:" else None
        self.fd: int | None = None
        self.pid = 0

    def acquire(self) -> bool:
        if not self.threads.acquire(timeout=BUSY_TIMEOUT_S):
            return False
        if self.path is not None:
            if self.pid != os.getpid():  # a forked worker needs its own open file
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                self.pid = os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)  # type: ignore[arg-type]
        return True

    def release(self) -> None:
        if self.path is not None and self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.threads.release()


_queues: dict[str, WriterQueue] = {}
_queues_lock = threading.Lock()


def queue_for(database: str) -> WriterQueue:
    """The queue of this database file: one per file and process, whichever engine asks."""
    key = database if database == ":memory:" else os.path.realpath(database)
    with _queues_lock:
        return _queues.setdefault(key, WriterQueue(key))


class QueuedConnection(sqlite3.Connection):
    """A DB-API connection that gives the writer's turn back once its transaction has
    really ended: SQLAlchemy's commit event fires before the commit, too early."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self.queue = queue_for(str(database))
        self.holding = False

    def take_turn(self) -> bool:
        if not self.holding:
            self.holding = self.queue.acquire()
        return self.holding

    def _give_turn_back(self) -> None:
        if self.holding:
            self.holding = False
            self.queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._give_turn_back()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._give_turn_back()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._give_turn_back()


POOL_SIZE = 20
"""Connections kept open per engine: more than a server has threads (waitress runs 8).
A connection opened past the pool is closed on return, and with it every statement it
had prepared, so each request over the pool would pay for connecting and compiling."""


def engine_options(url: str | URL) -> dict[str, Any]:
    """What `create_engine` needs for SQLite connections that queue their writes (and, for
    a file, a pool as large as `POOL_SIZE`; an in-memory database has one connection)."""
    options: dict[str, Any] = {"connect_args": {"factory": QueuedConnection}}
    if in_file(url):
        options |= {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE}
    return options


def in_file(url: str | URL) -> bool:
    """Whether the database is a file, which other connections (and engines) can open."""
    database = make_url(url).database
    return (
        bool(database) and database != ":memory:" and not str(database).startswith("file::memory:")
    )


def configure(engine: Engine) -> None:
    """Set the pragmas on every new connection and make writers wait for their turn."""

    def before_write(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip()[:7].upper().startswith(WRITES):
            return
        raw = conn.connection.dbapi_connection
        if not isinstance(raw, QueuedConnection) or raw.isolation_level is None:
            return  # autocommit: the statement is its own transaction, over within the call
        if not raw.take_turn():
            raise OperationalError(statement, None, Exception("database is locked"))

    event.listen(engine, "connect", _pragmas)
    event.listen(engine, "before_cursor_execute", before_write)


_autocommit: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()
_autocommit_lock = threading.Lock()


def autocommit_engine(engine: Engine) -> Engine:
    """A sibling of `engine` on the same file whose connections are always in autocommit
    mode, for writes of one statement each (see the module doc); disposed with it.

    A sibling rather than `engine.execution_options(isolation_level="AUTOCOMMIT")`, which
    switches a pooled connection back on its return with `PRAGMA read_uncommitted`:
    SQLite then expires every statement that connection had prepared, and compiling the
    next ones again costs more than the statements themselves.
    """
    with _autocommit_lock:
        sibling = _autocommit.get(engine)
        if sibling is None:
            if not in_file(engine.url):
                raise ValueError("an in-memory database cannot be opened by another engine")
            sibling = create_engine(
                engine.url, isolation_level="AUTOCOMMIT", **engine_options(engine.url)
            )
            configure(sibling)
            event.listen(engine, "engine_disposed", lambda _engine: sibling.dispose())
            _autocommit[engine] = sibling
        return sibling
