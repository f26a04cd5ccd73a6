"""Helpers for web tests: act as a person (sign in, post forms) and build test data."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Bank, BankStatus, Classroom, QuestionStatus, Role, User
from quizapp.services import accounts
from quizapp.services import banks as bank_service

PASSWORD = "correct horse battery"
TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def bank_file(**change: Any) -> bytes:
    """A `quizapp.bank/1` file of one question, as exported; `change` alters it."""
    question = {
        "id": "q-1",
        "type": "cloze",
        "kind": "date",
        "prompt": "Rome fell in _____.",
        "answer": "476",
        "source": {"sentence": "Rome fell in 476."},
        "score": 0.5,
    }
    data = {
        "schema": "quizapp.bank/1",
        "documents": [{"title": "Rome"}],
        "facts": [],
        "questions": [question | change.pop("question", {})],
    } | change
    return json.dumps(data).encode()


class Actions:
    """What a test does as a person: sign in, post a form with its CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def token(self, url: str = "/login") -> str:
        page = self.client.get(url, follow_redirects=True).get_data(as_text=True)
        match = TOKEN.search(page)
        assert match, f"no CSRF token on {url}"
        return match.group(1) or match.group(2)

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": self.token("/login")},
        )

    def logout(self) -> Any:
        return self.client.post("/logout", data={"csrf_token": self.token("/")})

    def post(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        token_from: str | None = None,
        **kwargs: Any,
    ) -> Any:
        payload = dict(data or {})
        payload["csrf_token"] = self.token(token_from or url)
        return self.client.post(url, data=payload, **kwargs)


class Factory:
    """Builders for test data, committed and returned with their ids."""

    def __init__(self, app: Flask, sample: list[dict[str, Any]]) -> None:
        self.app = app
        self.sample = sample
        self.count = 0

    def _n(self) -> int:
        self.count += 1
        return self.count

    def user(self, role: Role, name: str | None = None, email: str | None = None) -> User:
        n = self._n()
        with self.app.app_context():
            user = accounts.create_user(
                name or f"{role.value.title()} {n}",
                email or f"{role.value}{n}@school.example",
                PASSWORD,
                role,
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    def teacher(self, **kw: Any) -> User:
        return self.user(Role.TEACHER, **kw)

    def student(self, **kw: Any) -> User:
        return self.user(Role.STUDENT, **kw)

    def classroom(
        self, teacher: User, name: str = "History 9B", students: list[User] = ()
    ) -> Classroom:  # type: ignore[assignment]
        with self.app.app_context():
            classroom = accounts.create_class(db.session.get(User, teacher.id), name)  # type: ignore[arg-type]
            for s in students:
                accounts.enroll(db.session.get(User, s.id), classroom)  # type: ignore[arg-type]
            db.session.commit()
            db.session.refresh(classroom)
            db.session.expunge(classroom)
            return classroom

    def bank(
        self,
        owner: User,
        *,
        approve: int = 0,
        questions: list[dict[str, Any]] | None = None,
        title: str = "Italy–Russia relations",
    ) -> Bank:
        """A ready bank holding the sample's questions; the first `approve` approved."""
        with self.app.app_context():
            bank = Bank(
                owner_id=owner.id,
                title=title,
                source_name="sample.txt",
                source_text="",
                status=BankStatus.READY,
                sha256="0" * 64,
            )
            db.session.add(bank)
            bank_service.merge(bank, questions if questions is not None else self.sample)
            db.session.flush()
            for q in sorted(bank.questions, key=lambda q: -q.score)[:approve]:
                q.status = QuestionStatus.APPROVED
            db.session.commit()
            db.session.refresh(bank)
            db.session.expunge(bank)
            return bank
