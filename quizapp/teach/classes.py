"""Classes: create them, see their join code and roster."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.access import owned, teacher_required
from quizapp.extensions import db
from quizapp.models import Classroom
from quizapp.services import accounts
from quizapp.teach.blueprint import bp
from quizapp.teach.forms import ClassForm


@bp.route("/classes", methods=["GET", "POST"])
@teacher_required
def classes() -> Response | str:
    """List the teacher's classes and create a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = accounts.create_class(current_user._get_current_object(), form.name.data or "")
        db.session.commit()
        flash(f"Class {classroom.name} created. Its join code is {classroom.join_code}.", "success")
        return redirect(url_for("teach.class_detail", class_id=classroom.id))
    rows = db.session.scalars(
        select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name)
    ).all()
    return render_template("teach/classes.html", classes=rows, form=form)


@bp.get("/classes/<int:class_id>")
@teacher_required
def class_detail(class_id: int) -> str:
    """A class: its join code, its students and the quizzes published to it."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    return render_template("teach/class_detail.html", classroom=classroom)
