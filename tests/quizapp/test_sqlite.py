"""SQLite's writers wait their turn on a lock, held from the first write to the end of
the transaction, across threads and processes; readers never wait for it."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from quizapp import sqlite


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    engine = create_engine(url, **sqlite.engine_options(url))
    sqlite.configure(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    engine.dispose()


def held_elsewhere(tmp_path: Path) -> bool:
    """Whether another process (here: another open file) would have to wait to write."""
    fd = os.open(tmp_path / "queue.sqlite3-writer.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_the_lock_is_held_from_the_first_write_to_the_end(
    engine: Engine, tmp_path: Path, end: str
) -> None:
    conn = engine.connect()
    conn.execute(text("SELECT count(*) FROM notes"))
    assert not held_elsewhere(tmp_path), "a read must not take the writer's lock"
    conn.execute(text("INSERT INTO notes (body) VALUES ('one')"))
    assert held_elsewhere(tmp_path)
    getattr(conn, end)()
    if end != "close":
        assert not held_elsewhere(tmp_path)
        conn.close()
    assert not held_elsewhere(tmp_path)
    with engine.connect() as check:
        expected = 0 if end in ("rollback", "close") else 1
        assert check.execute(text("SELECT count(*) FROM notes")).scalar() == expected


def test_threads_writing_at_once_all_succeed_one_at_a_time(engine: Engine) -> None:
    inside = 0
    most = 0
    errors: list[Exception] = []
    guard = threading.Lock()

    def writer(n: int) -> None:
        nonlocal inside, most
        try:
            for k in range(20):
                with engine.begin() as conn:
                    conn.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": f"{n}-{k}"})
                    with guard:
                        inside += 1
                        most = max(most, inside)
                    conn.execute(text("SELECT count(*) FROM notes"))
                    with guard:
                        inside -= 1
        except Exception as exc:  # reported below, with the thread's failure
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert most == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM notes")).scalar() == 160


def test_an_autocommit_write_takes_no_turn_and_commits_within_its_statement(
    engine: Engine, tmp_path: Path
) -> None:
    """`autocommit_engine` is for writes of one statement: the statement is its own
    transaction, so it neither waits for the writers' queue nor holds it afterwards."""
    queue = sqlite.queue_for(str(tmp_path / "queue.sqlite3"))
    assert queue.threads.acquire(timeout=5)
    try:
        with sqlite.autocommit_engine(engine).connect() as conn:
            conn.execute(text("INSERT INTO notes (body) VALUES ('alone')"))
            assert not held_elsewhere(tmp_path)
            with engine.connect() as other:  # committed already: another connection sees it
                assert other.execute(text("SELECT body FROM notes")).scalar() == "alone"
    finally:
        queue.threads.release()
    assert sqlite.autocommit_engine(engine) is sqlite.autocommit_engine(engine)


def test_an_in_memory_database_gets_one_connection_and_no_sibling() -> None:
    """`sqlite://` (a database per connection) must still start: no pool to size, and no
    autocommit sibling, which would open a database of its own."""
    engine = create_engine("sqlite://", **sqlite.engine_options("sqlite://"))
    sqlite.configure(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    assert not sqlite.in_file(engine.url)
    with pytest.raises(ValueError, match="in-memory"):
        sqlite.autocommit_engine(engine)
