"""SQLite as a server's database: connection pragmas and a queue for its one writer.

SQLite lets one connection write at a time. A second writer is told "busy" and SQLite's
busy handler retries after sleeping 1, 2, 5 ... up to 100 ms, so under a class's worth
of simultaneous saves most of the time goes to sleeping, not writing. Writers in this
process therefore wait their turn on a lock instead, taken at a transaction's first
write and released once the transaction has ended: when the connection goes back to
the pool or starts its next transaction (SQLAlchemy's commit event comes before the
commit itself, too early). The wait is as short as the write before it.

Several server processes (gunicorn workers) share the queue through an advisory lock
on a file beside the database (`flock`): the kernel wakes the next writer as soon as
the lock is free. Other programs that write the file (a CLI command, a backup) still
meet SQLite's own locking, with the busy timeout below. Reads never take the lock: WAL
lets them run beside the writer.
"""

from __future__ import annotations

import fcntl
import os
import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

BUSY_TIMEOUT_S = 10.0
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
HOLDS_LOCK = "quizapp_write_lock"


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

    def __init__(self, database: str | None) -> None:
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
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.threads.release()


def configure(engine: Engine) -> None:
    """Set the pragmas on every new connection and queue the writers."""
    queue = WriterQueue(engine.url.database)

    def before_write(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if conn.info.get(HOLDS_LOCK) or not statement.lstrip().upper().startswith(WRITES):
            return
        if not queue.acquire():
            raise OperationalError(statement, None, Exception("database is locked"))
        conn.info[HOLDS_LOCK] = True

    def release(info: dict[Any, Any]) -> None:
        if info.pop(HOLDS_LOCK, False):
            queue.release()

    def next_transaction(conn: Connection) -> None:
        release(conn.info)

    def returned(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        release(record.info)

    event.listen(engine, "connect", _pragmas)
    event.listen(engine, "before_cursor_execute", before_write)
    event.listen(engine, "begin", next_transaction)
    event.listen(engine, "checkin", returned)
    event.listen(engine, "invalidate", returned)
