"""Benchmark of the web app under its production server: 100 students saving answers.

Starts quizapp under waitress (the server `make run` uses) on a free local port, with a
fresh SQLite database seeded with a class of students, a quiz and its questions; then
every student signs in, starts the quiz (not timed) and all of them save their answers
at once, as fast as the server lets them (a closed loop: each student sends the next
answer when the last is saved), `--rounds` times over, changing every answer each
round. Beside it, in the same run and under the same server software:

* a bare Flask "hello" route, the ceiling any route can reach on this machine;
* the floor: the same sessions posting the same forms to a route of quizapp that does
  nothing once the session and CSRF token are checked (bench/floor_app.py). What any
  signed-in form post costs; the saves' distance from it is the saving itself.

Reported: answers saved per second, the bare route's requests per second and their
ratio, latency percentiles of the saves (flat out, and at a classroom pace of one
answer per student per second), errors, and lost answers: final answers that are
missing or differ from what the student sent last. The servers are stopped at the end.
Only loopback addresses are used.

    .venv/bin/python bench/web.py [--students 100] [--questions 10] [--rounds 3]

Last line: RESULT answers_per_s=<n> bare_per_s=<n> ratio=<x> p99_ms=<ms> errors=<n> lost=<n>
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "bench password 1"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ITEM = re.compile(r'name="item"[^>]*value="(\d+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(call: str, env: dict[str, str], threads: int) -> Iterator[int]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "waitress",
        "--host=127.0.0.1",
        f"--port={port}",
        f"--threads={threads}",
        "--connection-limit=1000",
        "--call",
        call,
    ]
    # The server's log goes to a file: a pipe nobody reads fills up under load (waitress
    # warns of its task queue on every request) and then stalls the server mid-run.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if proc.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(log.read().decode(errors="replace")) from None
                    time.sleep(0.1)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=10)


class Browser:
    """One student's keep-alive connection with its cookies."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, str]:
        hdrs = dict(headers or {})
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=hdrs)
        resp = self.conn.getresponse()
        text = resp.read().decode("utf-8", "replace")
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, resp.getheader("Location") or "", text


def seed(db_url: str, students: int, questions: int) -> int:
    """A teacher, a class of students, a quiz of multiple-choice questions, published."""
    from flask_migrate import upgrade

    from questions import generate_bank, read_text
    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import (
        Assignment,
        Bank,
        BankStatus,
        Layout,
        QuestionStatus,
        Quiz,
        QuizQuestion,
        Role,
    )
    from quizapp.services import accounts
    from quizapp.services.banks import merge, sample_text

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "bench", "JOBS": "inline"})
    with app.app_context():
        upgrade()
        teacher = accounts.create_user(
            "Bench Teacher", "teacher@bench.example", PASSWORD, Role.TEACHER
        )
        classroom = accounts.create_class(teacher, "Bench class")
        for n in range(students):
            student = accounts.create_user(
                f"Student {n}", f"s{n}@bench.example", PASSWORD, Role.STUDENT
            )
            accounts.enroll(student, classroom)
        bank = Bank(owner_id=teacher.id, title="Bench bank", status=BankStatus.READY)
        db.session.add(bank)
        generated = generate_bank([read_text(sample_text())], types=["multiple_choice"])
        merge(bank, generated.to_json()["questions"])
        db.session.flush()
        quiz = Quiz(
            owner_id=teacher.id, title="Bench quiz", attempts_allowed=0, layout=Layout.ALL_ON_ONE
        )
        db.session.add(quiz)
        db.session.flush()
        for position, q in enumerate(sorted(bank.questions, key=lambda q: -q.score)[:questions]):
            q.status = QuestionStatus.APPROVED
            db.session.add(QuizQuestion(quiz_id=quiz.id, question_id=q.id, position=position))
        db.session.add(Assignment(quiz_id=quiz.id, class_id=classroom.id))
        db.session.commit()
        return quiz.id


def count_kept(db_url: str, last_choice: int) -> int:
    """Answers stored that hold what the student sent last (the choice at `last_choice`
    in the order that attempt shows), the one check that nothing was lost or mixed up."""
    from sqlalchemy import select

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import Answer, QuizQuestion
    from quizapp.services.marking import option_order

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "bench"})
    with app.app_context():
        kept = 0
        for answer, item in db.session.execute(
            select(Answer, QuizQuestion).join(
                QuizQuestion, QuizQuestion.id == Answer.quiz_question_id
            )
        ):
            seed = f"{answer.attempt_id}:{item.id}"
            order = option_order(item.question, shuffle=item.quiz.shuffle_choices, seed=seed)
            kept += answer.response == item.question.choices[order[last_choice]]
        return kept


def prepare(port: int, n: int, quiz_id: int) -> tuple[Browser, str, str, list[str]]:
    """Sign student n in and start the quiz: the part of a session that is not timed."""
    b = Browser(port)
    _, _, page = b.request("GET", "/login")
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    status, _, _ = b.request(
        "POST",
        "/login",
        {"email": f"s{n}@bench.example", "password": PASSWORD, "csrf_token": token},
    )
    assert status == 302, f"login failed for student {n}"
    _, _, page = b.request("GET", "/learn/")
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    status, location, _ = b.request(
        "POST", f"/learn/quizzes/{quiz_id}/start", {"csrf_token": token}
    )
    attempt = re.search(r"/attempts/(\d+)", location)
    assert attempt, f"start failed for student {n}: {status} {location}"
    path = f"/learn/attempts/{attempt.group(1)}"
    _, _, page = b.request("GET", path)
    return b, path, TOKEN.search(page).group(1), ITEM.findall(page)  # type: ignore[union-attr]


def run_clients(
    jobs: list[list[tuple[Browser, str, str, list[tuple[str, str]]]]],
    check: bool,
    think: float = 0.0,
) -> tuple[float, list[float], int]:
    """Each inner list is one client's requests, sent one after another; all start at once."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs) + 1)

    def client(requests: list[tuple[Browser, str, str, list[tuple[str, str]]]], k: int) -> None:
        mine: list[float] = []
        failed = 0
        barrier.wait()
        if think:
            time.sleep(think * k / len(jobs))  # students are not in step with each other
        for n, (browser, method, path, form) in enumerate(requests):
            if think and n:
                time.sleep(think)
            t0 = time.perf_counter()
            try:
                status, _, body = browser.request(
                    method, path, form or None, {"Accept": "application/json"} if form else None
                )
                ok = status == 200 and (not check or '"saved":true' in body.replace(" ", ""))
            except (OSError, http.client.HTTPException):
                ok = False
            mine.append(time.perf_counter() - t0)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(j, k)) for k, j in enumerate(jobs)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, errors[0]


def answer_form(token: str, item: str, choice: int) -> list[tuple[str, str]]:
    return [("csrf_token", token), ("item", item), (f"q-{item}", str(choice))]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="times each answer is given")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per server")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    print(f"seeding {args.students} students and a {args.questions}-question quiz ...")
    quiz_id = seed(db_url, args.students, args.questions)
    env = {"DATABASE_URL": db_url, "QUIZAPP_SECRET_KEY": "bench"}

    with server("quizapp:create_app", env, args.threads) as port:
        sessions = [prepare(port, n, quiz_id) for n in range(args.students)]
        # Every student answers every question, then changes every answer, `rounds` times.
        jobs = [
            [
                (browser, "POST", f"{path}/save", answer_form(token, item, r % 2))
                for r in range(args.rounds)
                for item in items
            ]
            for browser, path, token, items in sessions
        ]
        sent = sum(len(j) for j in jobs)
        wall, latencies, errors = run_clients(jobs, check=True)
        # A classroom pace beside the flat-out one: each student changes an answer every
        # second, so the server is not saturated and latency is the time of one save.
        last = args.rounds % 2
        paced = [
            [(browser, "POST", f"{path}/save", answer_form(token, item, last)) for item in items]
            for browser, path, token, items in sessions
        ]
        _, paced_latencies, paced_errors = run_clients(paced, check=True, think=1.0)
    expected = sum(len(items) for *_, items in sessions)
    lost = expected - count_kept(db_url, last)
    answers_per_s = sent / wall

    # The floor: the same sessions posting the same forms to a signed-in route that does
    # nothing, on the same app and server (bench/floor_app.py).
    floor_env = {**env, "PYTHONPATH": str(ROOT / "bench")}
    with server("floor_app:create_app", floor_env, args.threads) as port:
        floor_jobs = []
        for browser, _path, token, items in sessions:
            twin = Browser(port)
            twin.cookies = dict(browser.cookies)
            floor_jobs.append(
                [
                    (twin, "POST", "/bench/noop", answer_form(token, item, r % 2))
                    for r in range(args.rounds)
                    for item in items
                ]
            )
        floor_wall, _, floor_errors = run_clients(floor_jobs, check=True)
    floor_per_s = sent / floor_wall

    with server("hello_app:create_app", {"PYTHONPATH": str(ROOT / "bench")}, args.threads) as port:
        per_client = max(1, sent // args.students)
        bare_jobs = []
        for _ in range(args.students):
            b = Browser(port)
            bare_jobs.append([(b, "GET", "/", [])] * per_client)
        bare_wall, bare_lat, bare_errors = run_clients(bare_jobs, check=False)
    bare_per_s = args.students * per_client / bare_wall

    print(f"server: waitress, {args.threads} threads, SQLite (WAL); {os.cpu_count()} CPUs")
    print(
        f"answers: {sent} saves sent by {args.students} students ({args.rounds} rounds), "
        f"{expected - lost} of {expected} final answers kept, {errors} errors, {wall:.2f} s"
    )
    print(
        f"  throughput {answers_per_s:.0f}/s   p50 {pct(latencies, 50):.1f} ms   "
        f"p95 {pct(latencies, 95):.1f} ms   p99 {pct(latencies, 99):.1f} ms   "
        f"mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    print(
        f"  at a classroom pace (each student saves an answer every second): "
        f"p50 {pct(paced_latencies, 50):.1f} ms   p99 {pct(paced_latencies, 99):.1f} ms   "
        f"errors {paced_errors}"
    )
    print(
        f"bare hello: {args.students * per_client} requests, {bare_errors} errors, "
        f"{bare_per_s:.0f}/s, p99 {pct(bare_lat, 99):.1f} ms"
    )
    print(
        f"floor (signed-in, CSRF-checked post that does nothing): {floor_per_s:.0f}/s, "
        f"{floor_errors} errors; saves run at {answers_per_s / floor_per_s:.2f} of it, and it at "
        f"{floor_per_s / bare_per_s:.2f} of the bare route"
    )
    ratio = answers_per_s / bare_per_s
    print(
        f"targets: ratio >= 0.50 ({'PASS' if ratio >= 0.5 else 'FAIL'}), p99 < 100 ms "
        f"({'PASS' if pct(latencies, 99) < 100 else 'FAIL'}), errors 0 "
        f"({'PASS' if errors == 0 else 'FAIL'}), lost 0 ({'PASS' if lost == 0 else 'FAIL'})"
    )
    print(
        f"RESULT answers_per_s={answers_per_s:.0f} bare_per_s={bare_per_s:.0f} "
        f"ratio={ratio:.2f} p99_ms={pct(latencies, 99):.0f} errors={errors} lost={lost}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
