"""Results over the API: a teacher's score sheet, a student's own finished attempts."""

from __future__ import annotations

from typing import TypedDict

from flask import abort, jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from quizapp.api.auth import api_user, teacher_token, token_required
from quizapp.api.blueprint import bp
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.models import Attempt, Feedback, Quiz, Role
from quizapp.services import scores


class QuestionJSON(TypedDict):
    number: int
    label: str
    prompt: str
    answer: str
    points: float


class RowJSON(TypedDict):
    attempt_id: int
    student_id: int
    name: str
    email: str
    class_name: str
    attempt: int
    started: str
    finished: str | None
    seconds: int | None
    score: float | None
    max_score: float
    percent: float | None
    marks: list[float | None]


class OwnResultJSON(TypedDict):
    quiz_id: int
    quiz: str
    attempt: int
    started: str
    finished: str
    score: float | None
    max_score: float | None
    percent: float | None


@bp.get("/quizzes/<int:quiz_id>/results")
@teacher_token
def quiz_results(quiz_id: int) -> Response:
    """The quiz's score sheet; times ISO 8601 with the teacher's UTC offset."""
    teacher = api_user()
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.owner_id != teacher.id:
        abort(404)
    sheet = scores.score_sheet(quiz, teacher)
    questions: list[QuestionJSON] = [
        {
            "number": c.number,
            "label": c.label,
            "prompt": c.prompt,
            "answer": c.answer,
            "points": c.points,
        }
        for c in sheet.columns
    ]
    rows: list[RowJSON] = [
        {
            "attempt_id": r.attempt_id,
            "student_id": r.student_id,
            "name": r.name,
            "email": r.email,
            "class_name": r.class_name,
            "attempt": r.number,
            "started": r.started.isoformat(),
            "finished": r.finished.isoformat() if r.finished else None,
            "seconds": r.seconds,
            "score": r.score,
            "max_score": r.max_score,
            "percent": r.percent,
            "marks": list(r.marks),
        }
        for r in sheet.rows
    ]
    return jsonify(
        quiz={"id": quiz.id, "title": quiz.title},
        timezone=sheet.timezone,
        questions=questions,
        rows=rows,
    )


def _score_visible(attempt: Attempt) -> bool:
    """Scores of an 'after the due date' quiz stay hidden until it is due, as on the pages."""
    quiz = attempt.quiz
    return quiz.feedback is not Feedback.AFTER_DUE or quiz.due_at is None or quiz.is_past_due(now())


@bp.get("/results")
@token_required(Role.STUDENT)
def own_results() -> Response:
    """The student's finished attempts, newest first."""
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.student_id == api_user().id, Attempt.finished_at.is_not(None))
        .options(selectinload(Attempt.quiz))
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
    ).all()
    results: list[OwnResultJSON] = []
    for a in attempts:
        visible = _score_visible(a)
        assert a.finished_at is not None
        results.append(
            {
                "quiz_id": a.quiz_id,
                "quiz": a.quiz.title,
                "attempt": a.number,
                "started": a.started_at.isoformat(),
                "finished": a.finished_at.isoformat(),
                "score": a.score if visible else None,
                "max_score": a.max_score if visible else None,
                "percent": 100.0 * a.score / a.max_score if visible and a.max_score > 0 else None,
            }
        )
    return jsonify(results=results)
