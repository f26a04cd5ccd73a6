"""The teacher's home page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from quizapp.access import teacher_required
from quizapp.extensions import db
from quizapp.models import Bank, Classroom, Quiz
from quizapp.teach.blueprint import bp


@bp.get("/")
@teacher_required
def dashboard() -> str:
    """Classes, banks and quizzes at a glance."""
    classes = db.session.scalars(
        select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name)
    ).all()
    banks = db.session.scalars(
        select(Bank)
        .where(Bank.owner_id == current_user.id)
        .order_by(Bank.created_at.desc())
        .limit(5)
    ).all()
    quizzes = db.session.scalars(
        select(Quiz)
        .where(Quiz.owner_id == current_user.id)
        .order_by(Quiz.created_at.desc())
        .limit(5)
    ).all()
    return render_template("teach/dashboard.html", classes=classes, banks=banks, quizzes=quizzes)
