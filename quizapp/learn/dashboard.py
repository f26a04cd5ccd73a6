"""The student's home page: their classes and the quizzes assigned to them."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from quizapp.access import student_required
from quizapp.learn.blueprint import bp


@bp.get("/")
@student_required
def dashboard() -> str:
    """Classes the student is in."""
    classes = sorted((e.classroom for e in current_user.enrollments), key=lambda c: c.name)
    return render_template("learn/dashboard.html", classes=classes)
