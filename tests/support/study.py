"""Helpers for study tests: a class with a published quiz of hand-made questions, and
readers that take a card or its reviews out of the database as plain values."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Bank,
    BankStatus,
    Card,
    Classroom,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    Review,
    StudySettings,
    User,
)
from tests.support.web import Factory

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # a Monday, 9 a.m. UTC
CLOSED = datetime(2024, 9, 1, tzinfo=UTC)
"""When the study world's quiz closed: its answers are open to its class from then on."""


@dataclass(frozen=True)
class Spec:
    """One hand-made question: short answer unless said otherwise."""

    prompt: str
    answer: str
    facts: tuple[str, ...] = ()
    type: str = "short_answer"
    kind: str = "actor"
    choices: tuple[str, ...] = ()
    source: str = ""


CAPITALS = [
    Spec("What is the capital of Italy?", "Rome", ("f-italy",)),
    Spec("What is the capital of France?", "Paris", ("f-france",)),
    Spec("What is the capital of Spain?", "Madrid", ("f-spain",)),
    Spec("What is the capital of Austria?", "Vienna", ("f-austria",)),
    Spec("What is the capital of Greece?", "Athens", ("f-greece",)),
]


@dataclass(frozen=True)
class StudyWorld:
    teacher: User
    student: User
    other: User  # a student of another class of the same teacher
    class_id: int
    other_class_id: int
    bank_id: int
    quiz_id: int
    question_ids: list[int]


def build_world(
    app: Flask,
    make: Factory,
    specs: list[Spec] = CAPITALS,
    *,
    timezone: str = "UTC",
    settings: dict[str, Any] | None = None,
    published_at: datetime = T0,
    due_at: datetime | None = CLOSED,
) -> StudyWorld:
    """A teacher, a class with one student, a bank of `specs` (all approved) in one quiz
    published to the class and due at `due_at` (by default long closed, so its questions
    are cards), and another class with another student."""
    teacher = make.teacher()
    student, other = make.student(name="Alice"), make.student(name="Oscar")
    classroom = make.classroom(teacher, students=[student])
    other_class = make.classroom(teacher, name="Other class", students=[other])
    with app.app_context():
        db.session.get(User, student.id).timezone = timezone  # type: ignore[union-attr]
        bank = Bank(owner_id=teacher.id, title="Capitals", status=BankStatus.READY)
        db.session.add(bank)
        questions = []
        for n, spec in enumerate(specs):
            sentence = spec.source or f"{spec.answer} is the answer {n}."
            start = sentence.find(spec.answer)
            questions.append(
                Question(
                    bank=bank,
                    uid=f"q{n:03d}",
                    type=spec.type,
                    kind=spec.kind,
                    prompt=spec.prompt,
                    answer=spec.answer,
                    choices=list(spec.choices),
                    facts=list(spec.facts),
                    source_sentence=sentence,
                    source_start=max(start, 0),
                    source_end=max(start, 0) + len(spec.answer) if start >= 0 else 0,
                    status=QuestionStatus.APPROVED,
                )
            )
        quiz = Quiz(
            owner_id=teacher.id, title="Capitals quiz", shuffle_questions=False, due_at=due_at
        )
        db.session.add(quiz)
        for position, question in enumerate(questions, start=1):
            quiz.items.append(QuizQuestion(question=question, position=position))
        quiz.assignments.append(Assignment(class_id=classroom.id, published_at=published_at))
        if settings:
            db.session.add(StudySettings(class_id=classroom.id, **settings))
        db.session.commit()
        ids = [q.id for q in questions]
        world = StudyWorld(
            teacher, student, other, classroom.id, other_class.id, bank.id, quiz.id, ids
        )
    return world


def rows(model: type[Any], **where: Any) -> list[dict[str, Any]]:
    """Rows of a table as dicts of their columns, read fresh (no cached ORM state)."""
    query = select(model).filter_by(**where).order_by(model.id)
    objects = db.session.scalars(query.execution_options(populate_existing=True)).all()
    columns = [c.key for c in model.__table__.columns]
    return [{c: getattr(o, c) for c in columns} for o in objects]


def card(student_id: int, class_id: int, question_id: int) -> dict[str, Any] | None:
    found = rows(Card, student_id=student_id, class_id=class_id, question_id=question_id)
    return found[0] if found else None


def reviews(student_id: int, class_id: int) -> list[dict[str, Any]]:
    return rows(Review, student_id=student_id, class_id=class_id)


def actors(world: StudyWorld) -> tuple[User, Classroom]:
    """The student and the class as rows of the current session."""
    student = db.session.get(User, world.student.id)
    classroom = db.session.get(Classroom, world.class_id)
    assert student is not None and classroom is not None
    return student, classroom


def set_settings(class_id: int, **values: Any) -> None:
    row = db.session.scalar(select(StudySettings).where(StudySettings.class_id == class_id))
    if row is None:
        row = StudySettings(class_id=class_id)
        db.session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    db.session.commit()


def as_dict(value: Any) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in fields(value)}
