"""Builders for results tests: quizzes, attempts and answers made directly with the models.

They do not go through the services that run attempts, so results tests stand on their
own: each builder commits and returns plain ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Assignment,
    Attempt,
    Bank,
    BankStatus,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    User,
)
from quizapp.services import api_tokens

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
TOKEN_IN_PAGE = re.compile(r"qz_[A-Za-z0-9_-]{20,}")

PROMPTS = (
    ("When did Italy recognise the Soviet Union?", "1924"),
    ("Who led the Expedition of the Thousand?", "Giuseppe Garibaldi"),
    ("Which treaty ended the war?", "The Treaty of Paris"),
)


@dataclass(frozen=True)
class BuiltQuiz:
    id: int
    bank_id: int
    item_ids: list[int]  # quiz_question ids, in quiz order


def bank(
    app: Flask, owner: User, prompts: Sequence[tuple[str, str]] = PROMPTS, title: str = "Treaties"
) -> int:
    with app.app_context():
        row = Bank(
            owner_id=owner.id,
            title=title,
            source_name="notes.txt",
            status=BankStatus.READY,
            sha256="a" * 64,
        )
        for n, (prompt, answer) in enumerate(prompts):
            row.questions.append(
                Question(
                    uid=f"q{n}",
                    type="short_answer",
                    kind="date",
                    prompt=prompt,
                    answer=answer,
                    source_sentence=f"Sentence {n}.",
                    source_index=n,
                    status=QuestionStatus.APPROVED,
                    score=1.0 - n / 10,
                )
            )
        db.session.add(row)
        db.session.commit()
        return row.id


def quiz(
    app: Flask,
    owner: User,
    *,
    points: Sequence[float] = (1, 1, 2),
    classes: Sequence[int] = (),
    title: str = "Unification quiz",
    prompts: Sequence[tuple[str, str]] = PROMPTS,
) -> BuiltQuiz:
    """A quiz over a fresh bank, one item per prompt with these points, published to classes."""
    bank_id = bank(app, owner, prompts[: len(points)])
    with app.app_context():
        questions = db.session.get(Bank, bank_id).questions  # type: ignore[union-attr]
        row = Quiz(owner_id=owner.id, title=title, attempts_allowed=0)
        for position, (question, pts) in enumerate(zip(questions, points, strict=True)):
            row.items.append(QuizQuestion(question_id=question.id, position=position, points=pts))
        for n, class_id in enumerate(classes):
            row.assignments.append(
                Assignment(class_id=class_id, published_at=START + timedelta(seconds=n))
            )
        db.session.add(row)
        db.session.commit()
        return BuiltQuiz(row.id, bank_id, [i.id for i in row.items])


def attempt(
    app: Flask,
    built: BuiltQuiz,
    student: User,
    marks: Sequence[float | None],
    *,
    number: int = 1,
    class_id: int | None = None,
    started: datetime = START,
    seconds: int | None = 330,
) -> int:
    """An attempt with these marks per item (None: unanswered); unfinished if seconds is None,
    and then its answers are saved but not yet marked, as while a student is at it."""
    with app.app_context():
        max_score = db.session.get(Quiz, built.id).max_score  # type: ignore[union-attr]
        row = Attempt(
            quiz_id=built.id,
            student_id=student.id,
            class_id=class_id,
            number=number,
            order=list(built.item_ids),
            started_at=started,
            finished_at=started + timedelta(seconds=seconds) if seconds is not None else None,
            score=sum(m or 0.0 for m in marks),
            max_score=max_score,
        )
        for item_id, mark in zip(built.item_ids, marks, strict=True):
            if mark is not None and seconds is None:
                row.answers.append(Answer(quiz_question_id=item_id, response="x"))
            elif mark is not None:
                row.answers.append(
                    Answer(quiz_question_id=item_id, response="x", correct=mark > 0, mark=mark)
                )
        db.session.add(row)
        db.session.commit()
        return row.id


def set_timezone(app: Flask, user: User, tz: str) -> None:
    with app.app_context():
        db.session.get(User, user.id).timezone = tz  # type: ignore[union-attr]
        db.session.commit()


def give_token(app: Flask, user: User) -> str:
    with app.app_context():
        token = api_tokens.create(db.session.get(User, user.id))  # type: ignore[arg-type]
        db.session.commit()
        return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
