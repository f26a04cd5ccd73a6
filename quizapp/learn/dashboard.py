"""The student's home page: their classes and the quizzes assigned to them."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from quizapp.access import student_required
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.learn.blueprint import bp
from quizapp.services import attempts as attempt_service
from quizapp.services.attempts import QuizState


@bp.get("/")
@student_required
def dashboard() -> str:
    """Each class the student is in, with its quizzes: not open yet, open, in progress, done."""
    classes = attempt_service.assigned(current_user._get_current_object(), now())
    db.session.commit()  # attempts whose time ran out were finished while looking
    return render_template("learn/dashboard.html", classes=classes, State=QuizState)
