"""The student's home page: their classes, the quizzes assigned to them, and study."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from quizapp.access import student_required
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.learn.blueprint import bp
from quizapp.services import attempts as attempt_service
from quizapp.services import study as study_service
from quizapp.services.attempts import QuizState


@bp.get("/")
@student_required
def dashboard() -> str:
    """Each class the student is in, with its quizzes (not open yet, open, in progress,
    done) and the cards to study today."""
    me, at = current_user._get_current_object(), now()
    classes = attempt_service.assigned(me, at)
    db.session.commit()  # attempts whose time ran out were finished while looking
    study = {group.classroom.id: study_service.queue(me, group.classroom, at) for group in classes}
    return render_template("learn/dashboard.html", classes=classes, study=study, State=QuizState)
