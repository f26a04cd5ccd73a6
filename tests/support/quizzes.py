"""Helpers for quiz tests: build a published quiz and fill its questions right or wrong."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from quizapp.extensions import db
from quizapp.models import (
    QUESTION_TYPES,
    Assignment,
    Attempt,
    Bank,
    Feedback,
    Layout,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    User,
)
from quizapp.services.attempts import ORDER_SEP, answer_steps, option_order

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


class Clock:
    """A clock a test moves by hand: `app.config["CLOCK"] = clock`."""

    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@dataclass(frozen=True)
class ItemInfo:
    """What a test needs to answer one quiz question (read outside any session)."""

    item_id: int
    prompt: str
    type: str
    kind: str
    answer: str
    accept: list[str]
    choices: list[str]
    source: str
    points: float
    shuffle: bool = True


def approve_every_type(app: Flask, bank: Bank, per_type: int = 2) -> None:
    """Approve the best `per_type` questions of each type, so quizzes can mix all five."""
    with app.app_context():
        for qtype in QUESTION_TYPES:
            rows = (
                db.session.query(Question)
                .filter(Question.bank_id == bank.id, Question.type == qtype)
                .order_by(Question.score.desc(), Question.id)
                .limit(per_type)
                .all()
            )
            for q in rows:
                q.status = QuestionStatus.APPROVED
        db.session.commit()


def build_quiz(
    app: Flask,
    teacher: User,
    bank: Bank,
    *,
    types: tuple[str, ...] = QUESTION_TYPES,
    per_type: int = 1,
    classes: tuple[int, ...] = (),
    title: str = "Unit test",
    **settings: Any,
) -> int:
    """A quiz of the bank's best approved questions, `per_type` of each type, published."""
    settings.setdefault("shuffle_questions", False)
    settings.setdefault("feedback", Feedback.AFTER_SUBMIT)
    settings.setdefault("layout", Layout.ONE_PER_PAGE)
    with app.app_context():
        quiz = Quiz(owner_id=teacher.id, title=title, **settings)
        db.session.add(quiz)
        position = 0
        for qtype in types:
            rows = (
                db.session.query(Question)
                .filter(
                    Question.bank_id == bank.id,
                    Question.type == qtype,
                    Question.status == QuestionStatus.APPROVED,
                )
                .order_by(Question.score.desc(), Question.id)
                .limit(per_type)
                .all()
            )
            assert len(rows) == per_type, f"not enough approved {qtype} questions"
            for q in rows:
                position += 1
                quiz.items.append(QuizQuestion(question_id=q.id, position=position))
        for class_id in classes:
            quiz.assignments.append(Assignment(class_id=class_id))
        db.session.commit()
        return quiz.id


def items_of(app: Flask, quiz_id: int) -> list[ItemInfo]:
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None
        return [
            ItemInfo(
                i.id,
                i.question.prompt,
                i.question.type,
                i.question.kind,
                i.question.answer,
                list(i.question.accept or []),
                list(i.question.choices or []),
                i.question.source_sentence,
                i.points,
                quiz.shuffle_choices,
            )
            for i in quiz.items
        ]


def attempt_ids(app: Flask, quiz_id: int, student_id: int) -> list[int]:
    with app.app_context():
        return [
            a.id
            for a in db.session.query(Attempt)
            .filter_by(quiz_id=quiz_id, student_id=student_id)
            .order_by(Attempt.number)
        ]


def hidden_answers(items: list[ItemInfo]) -> list[str]:
    """Short answers a page must not show: those not also written in any prompt or choice."""
    shown = " ".join([i.prompt for i in items] + [c for i in items for c in i.choices])
    return [i.answer for i in items if i.type == "short_answer" and i.answer not in shown]


def wrong_typed(item: ItemInfo) -> str:
    return "1066" if item.kind != "date" else "Napoleon Bonaparte"


def shown(item: ItemInfo, attempt: int | None) -> list[str]:
    """The item's options in the order the page shows them to this attempt (or a preview)."""
    seed = f"{attempt if attempt is not None else 'preview'}:{item.item_id}"
    order = option_order(item, shuffle=item.shuffle, seed=seed)  # type: ignore[arg-type]
    return [item.choices[i] for i in order]


def form_for(item: ItemInfo, *, right: bool, attempt: int | None = None) -> dict[str, str]:
    """The form fields that answer this question rightly or wrongly, as the page sends them.

    Options are sent as their place in the list shown, as the page does.
    """
    name = f"q-{item.item_id}"
    fields: dict[str, str] = {"item": str(item.item_id)}
    options = shown(item, attempt)
    if item.type in ("multiple_choice", "true_false"):
        pick = item.answer if right else next(c for c in options if c != item.answer)
        fields[name] = str(options.index(pick))
    elif item.type == "ordering":
        steps = answer_steps(item.answer)
        if not right:
            steps = [*steps[1:], steps[0]]
        for place, choice in enumerate(options):
            fields[f"{name}-{place}"] = str(steps.index(choice) + 1)
    else:
        fields[name] = item.answer if right else wrong_typed(item)
    return fields


def merged(*forms: dict[str, str]) -> dict[str, list[str]]:
    """Several questions' fields in one form body (repeated `item` fields kept)."""
    body: dict[str, list[str]] = {}
    for form in forms:
        for key, value in form.items():
            body.setdefault(key, []).append(value)
    return body


__all__ = [
    "ORDER_SEP",
    "T0",
    "Clock",
    "ItemInfo",
    "approve_every_type",
    "attempt_ids",
    "build_quiz",
    "form_for",
    "hidden_answers",
    "items_of",
    "merged",
    "shown",
    "sign_out",
    "wrong_typed",
]


def sign_out(act: Any, home: str) -> None:
    """Sign out with a token read from `home` (the shared `act.logout` reads "/", a redirect)."""
    act.client.post("/logout", data={"csrf_token": act.token(home)})
