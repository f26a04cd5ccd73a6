"""Benchmark of study mode: one student with 10,000 cards and 100,000 reviews behind them.

Builds a fresh SQLite database (or the one `--database-url` names) holding one class
with 11,000 approved questions published in 110 quizzes, and one student in it with a
card for 10,000 of them (most in review, spread from a month overdue to a year ahead;
some in learning) and 100,000 review-log rows over the past year, a few of them today.
Then it times, in the same run:

* building the day's queue (`quizapp.services.study.queue`), beside the bare SQL it
  needs: the very statements the service sent, caught on the way out and replayed on
  the DB-API connection with no Python around them;
* recording one review and committing it (`review` + commit), beside the same
  statements replayed and committed bare. Each bare replay rates a different card,
  in the state the service saw, so both sides write a real review. The statements are
  caught from a second app on the same database, whose rating is rolled back there:
  on PostgreSQL a rollback makes psycopg forget the statements it prepared, and neither
  the measured app's connection nor the bare one ever rolls back in a server's life
  (`quizapp.postgres`), so neither may here.

The review's time is also split, in the same run, into what the libraries we build on
cost by themselves: py-fsrs's `review_card`, and the SQLAlchemy Session's commit beside
the driver's own commit. Their sum over the bare SQL is the floor of the ratio: the best
it could be if our own code cost nothing; the ratio without them is our code's alone.

Figures are medians over `--runs` repetitions. Last line:
RESULT queue_ms=<ms> review_ms=<ms> queue_ratio=<x> review_ratio=<x>

    .venv/bin/python bench/study.py [--cards 10000] [--reviews 100000] [--runs 50]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
PER_QUIZ = 100
NEW_QUESTIONS = 1000  # published but never studied: the new cards of the queue
TODAY = 30  # reviews already done today


def seed(app: Any, cards: int, reviews: int) -> tuple[int, int]:
    """The class and the student; bulk inserts, as a year of study would leave them."""
    from sqlalchemy import insert

    from quizapp.extensions import db
    from quizapp.models import (
        Assignment,
        Bank,
        BankStatus,
        Card,
        Question,
        QuestionStatus,
        Quiz,
        QuizQuestion,
        Review,
        ReviewSource,
        Role,
    )
    from quizapp.services import accounts

    rng = random.Random(20261125)
    with app.app_context():
        teacher = accounts.create_user("Bench Teacher", "t@bench.example", "x" * 12, Role.TEACHER)
        student = accounts.create_user("Bench Student", "s@bench.example", "x" * 12, Role.STUDENT)
        student.timezone = "Europe/Rome"
        classroom = accounts.create_class(teacher, "Bench class")
        accounts.enroll(student, classroom)
        bank = Bank(owner_id=teacher.id, title="Bench bank", status=BankStatus.READY)
        db.session.add(bank)
        db.session.flush()
        total = cards + NEW_QUESTIONS
        db.session.execute(
            insert(Question),
            [
                {
                    "bank_id": bank.id,
                    "uid": f"q{i:06d}",
                    "type": "short_answer",
                    "kind": "date",
                    "prompt": f"When did event {i} happen?",
                    "answer": f"{1800 + i % 200}",
                    "accept": [],
                    "choices": [],
                    "facts": [f"f{i}"],
                    "status": QuestionStatus.APPROVED,
                    "source_sentence": f"Event {i} happened in {1800 + i % 200}.",
                    "created_at": NOW - timedelta(days=400),
                    "updated_at": NOW - timedelta(days=400),
                }
                for i in range(total)
            ],
        )
        question_ids = sorted(q.id for q in bank.questions)
        quiz_rows = [  # each closed a week after it was published: its answers are cards
            {
                "owner_id": teacher.id,
                "title": f"Quiz {n}",
                "created_at": NOW - timedelta(days=400),
                "due_at": NOW - timedelta(days=380 - n - 7),
            }
            for n in range(-(-total // PER_QUIZ))
        ]
        db.session.execute(insert(Quiz), quiz_rows)
        quiz_ids = sorted(q.id for q in db.session.query(Quiz).all())
        db.session.execute(
            insert(QuizQuestion),
            [
                {"quiz_id": quiz_ids[i // PER_QUIZ], "question_id": qid, "position": i % PER_QUIZ}
                for i, qid in enumerate(question_ids)
            ],
        )
        db.session.execute(
            insert(Assignment),
            [
                {
                    "quiz_id": qid,
                    "class_id": classroom.id,
                    "published_at": NOW - timedelta(days=380 - n),
                }
                for n, qid in enumerate(quiz_ids)
            ],
        )
        card_rows = []
        for i, qid in enumerate(question_ids[:cards]):
            learning = i % 33 == 0
            due = (
                NOW + timedelta(minutes=rng.uniform(-60, 60))
                if learning
                else NOW + timedelta(days=rng.uniform(-30, 365))
            )
            card_rows.append(
                {
                    "student_id": student.id,
                    "class_id": classroom.id,
                    "question_id": qid,
                    "sibling_key": f"{bank.id}:f{i}",
                    "due": due,
                    "stability": rng.uniform(0.5, 400),
                    "difficulty": rng.uniform(1, 10),
                    "state": 1 if learning else 2,
                    "step": 0 if learning else None,
                    "last_review": NOW - timedelta(days=rng.uniform(1, 60)),
                    "reps": rng.randint(1, 30),
                    "version": rng.randint(1, 30),
                    "created_at": NOW - timedelta(days=370),
                }
            )
        db.session.execute(insert(Card), card_rows)
        card_ids = [c.id for c in db.session.query(Card.id).order_by(Card.id)]
        day_start = NOW.replace(hour=3, minute=0)  # 4 a.m. in Rome
        batch: list[dict[str, Any]] = []
        for n in range(reviews):
            when = (
                day_start + timedelta(minutes=rng.uniform(0, 600))
                if n < TODAY
                else day_start - timedelta(minutes=rng.uniform(1, 365 * 24 * 60))
            )
            batch.append(
                {
                    "card_id": card_ids[rng.randrange(len(card_ids))],
                    "student_id": student.id,
                    "class_id": classroom.id,
                    "rating": rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0],
                    "reviewed_at": when,
                    "duration_ms": rng.randint(1500, 20000),
                    "source": ReviewSource.STUDY,
                    "created_card": False,
                    "prior_state": 2,
                    "prior_reps": 1,
                }
            )
            if len(batch) == 10_000:
                db.session.execute(insert(Review), batch)
                batch = []
        if batch:
            db.session.execute(insert(Review), batch)
        db.session.commit()
        # A year of use leaves the planner statistics a bulk load does not: gather them.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        return classroom.id, student.id


@contextmanager
def caught(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """The statements sent to the database meanwhile, with their parameters."""
    from sqlalchemy import event

    sent: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", catch)


def replay(
    raw: Any, statements: list[tuple[str, Any]], *, commit: bool, commits: list[float] | None = None
) -> None:
    cursor = raw.cursor()
    for statement, parameters in statements:
        cursor.execute(statement, parameters)
        if cursor.description is not None:
            cursor.fetchall()
    cursor.close()
    if commit:
        t0 = time.perf_counter()
        raw.commit()
        if commits is not None:
            commits.append((time.perf_counter() - t0) * 1000)


@contextmanager
def fsrs_timed() -> Iterator[list[float]]:
    """The time each call of py-fsrs's `Scheduler.review_card` takes meanwhile."""
    import fsrs

    spent: list[float] = []
    original = fsrs.Scheduler.review_card

    def review_card(self: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent.append((time.perf_counter() - t0) * 1000)

    fsrs.Scheduler.review_card = review_card  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        fsrs.Scheduler.review_card = original  # type: ignore[method-assign]


def timed(action: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import Classroom, User
    from quizapp.services import study

    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'study.sqlite3'}"
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "JOBS": "inline"}
    app, catcher = create_app(config), create_app(config)
    with app.app_context():
        upgrade()
    t0 = time.perf_counter()
    class_id, student_id = seed(app, args.cards, args.reviews)
    print(
        f"seeded {args.cards} cards, {NEW_QUESTIONS} new questions and {args.reviews} reviews "
        f"in {time.perf_counter() - t0:.1f} s ({url.split(':')[0]})"
    )

    with app.app_context():
        engine = db.engine

        def people() -> tuple[User, Classroom]:
            db.session.remove()
            student, classroom = (
                db.session.get(User, student_id),
                db.session.get(Classroom, class_id),
            )
            assert student is not None and classroom is not None
            return student, classroom

        # The queue, through the service and bare.
        student, classroom = people()
        with caught(engine) as queue_sql:
            first = study.queue(student, classroom, NOW)
        db.session.commit()  # it wrote nothing: a commit, as a request ends (see above)
        service_q, bare_q = [], []
        raw = engine.raw_connection()
        for _ in range(args.runs):
            student, classroom = people()
            service_q.append(timed(lambda s=student, c=classroom: study.queue(s, c, NOW)))
            db.session.commit()
            bare_q.append(timed(lambda: replay(raw, queue_sql, commit=False)))
            raw.commit()

        # One review each way, on different cards in the same state.
        reviews = [e for e in first.entries if e.kind is study.CardKind.REVIEW]
        if len(reviews) < 2 * args.runs:
            raise SystemExit(f"only {len(reviews)} review cards due: lower --runs")
        service_r, bare_r, fsrs_r = [], [], []
        session_commits: list[float] = []
        driver_commits: list[float] = []

        def rating(entry: study.QueueEntry, commit: bool) -> Callable[[], None]:
            """A review of this card by a freshly loaded student, as a request makes it."""
            student, classroom = people()

            def rate() -> None:
                study.review(student, classroom, entry.question_id, 3, NOW, 4000, entry.version)
                if commit:
                    t0 = time.perf_counter()
                    db.session.commit()
                    session_commits.append((time.perf_counter() - t0) * 1000)

            return rate

        with fsrs_timed() as fsrs_ms:
            for k in range(args.runs):
                bare_card, service_card = reviews[2 * k], reviews[2 * k + 1]
                with catcher.app_context():
                    rate = rating(bare_card, commit=False)
                    with caught(db.engine) as review_sql:
                        rate()
                    db.session.rollback()
                bare_r.append(
                    timed(
                        lambda sql=review_sql: replay(raw, sql, commit=True, commits=driver_commits)
                    )
                )
                fsrs_ms.clear()
                service_r.append(timed(rating(service_card, commit=True)))
                (spent_in_fsrs,) = fsrs_ms
                fsrs_r.append(spent_in_fsrs)
        raw.close()

    queue_ms, bare_queue_ms = statistics.median(service_q), statistics.median(bare_q)
    review_ms, bare_review_ms = statistics.median(service_r), statistics.median(bare_r)
    queue_ratio, review_ratio = queue_ms / bare_queue_ms, review_ms / bare_review_ms
    print(
        f"queue: {len(first.entries)} cards today ({first.review} review, {first.learning} "
        f"learning, {first.new} new) in {len(queue_sql)} statements"
    )
    print(
        f"  service {queue_ms:.2f} ms (p95 {statistics.quantiles(service_q, n=20)[-1]:.2f})   "
        f"bare SQL {bare_queue_ms:.2f} ms   ratio {queue_ratio:.2f}"
    )
    print(f"review: {len(review_sql)} statements and a commit")
    print(
        f"  service {review_ms:.2f} ms (p95 {statistics.quantiles(service_r, n=20)[-1]:.2f})   "
        f"bare SQL {bare_review_ms:.2f} ms   ratio {review_ratio:.2f}"
    )
    fsrs_ms_median = statistics.median(fsrs_r)
    commit_extra = statistics.median(session_commits) - statistics.median(driver_commits)
    floor = (bare_review_ms + fsrs_ms_median + commit_extra) / bare_review_ms
    ours = (review_ms - fsrs_ms_median - commit_extra) / bare_review_ms
    print(
        f"  of the service's time, libraries: py-fsrs review_card {fsrs_ms_median:.3f} ms, "
        f"Session commit {statistics.median(session_commits):.3f} ms against the driver's "
        f"{statistics.median(driver_commits):.3f} ms; ratio floor {floor:.2f}, "
        f"ratio without them {ours:.2f}"
    )
    print(
        f"targets: queue < 50 ms ({'PASS' if queue_ms < 50 else 'FAIL'}), review < 10 ms "
        f"({'PASS' if review_ms < 10 else 'FAIL'}), within 2x of bare SQL "
        f"({'PASS' if max(queue_ratio, review_ratio) <= 2 else 'FAIL'})"
    )
    print(
        f"RESULT queue_ms={queue_ms:.2f} review_ms={review_ms:.2f} "
        f"queue_ratio={queue_ratio:.2f} review_ratio={review_ratio:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
