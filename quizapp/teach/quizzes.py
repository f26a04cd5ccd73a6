"""Quizzes: composed from approved questions, set up and published to classes."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from quizapp.access import teacher_required
from quizapp.extensions import db
from quizapp.models import Quiz
from quizapp.teach.blueprint import bp


@bp.get("/quizzes")
@teacher_required
def quizzes() -> str:
    """The teacher's quizzes, newest first."""
    rows = db.session.scalars(select(Quiz).where(Quiz.owner_id == current_user.id)
                              .order_by(Quiz.created_at.desc(), Quiz.id.desc())).all()
    return render_template("teach/quizzes.html", quizzes=rows)
