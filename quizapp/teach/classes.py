"""Classes: create them, see their join code and roster, set how their students study."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.access import owned, teacher_required
from quizapp.extensions import db
from quizapp.models import ChoicesDisplay, Classroom
from quizapp.services import accounts
from quizapp.services import study as study_service
from quizapp.teach.blueprint import bp
from quizapp.teach.forms import ClassForm, StudySettingsForm
from quizapp.teach.once import made, sent_before


@bp.route("/classes", methods=["GET", "POST"])
@teacher_required
def classes() -> Response | str:
    """List the teacher's classes and create a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        if repeat := sent_before(form.once.data, "teach.classes"):
            return repeat
        classroom = accounts.create_class(current_user._get_current_object(), form.name.data or "")
        db.session.flush()
        flash(f"Class {classroom.name} created. Its join code is {classroom.join_code}.", "success")
        return made(form.once.data, url_for("teach.class_detail", class_id=classroom.id))
    rows = db.session.scalars(
        select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name)
    ).all()
    return render_template("teach/classes.html", classes=rows, form=form)


def _study_form(classroom: Classroom) -> StudySettingsForm:
    """The form filled with the class's settings (Anki's defaults until first saved)."""
    settings = study_service.settings_for(classroom)
    return StudySettingsForm(
        desired_retention=Decimal(str(settings.desired_retention)),
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval_days=settings.maximum_interval_days,
        new_per_day=settings.new_per_day,
        reviews_per_day=settings.reviews_per_day,
        choices_display=settings.choices_display.value,
        quiz_feeds_study=settings.quiz_feeds_study,
    )


@bp.get("/classes/<int:class_id>")
@teacher_required
def class_detail(class_id: int) -> str:
    """A class: its join code, students, published quizzes and study settings."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    return render_template(
        "teach/class_detail.html", classroom=classroom, study_form=_study_form(classroom)
    )


@bp.post("/classes/<int:class_id>/study-settings")
@teacher_required
def class_study_settings(class_id: int) -> Response | tuple[str, int]:
    """Save the class's study settings; the page again with the errors otherwise."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    form = StudySettingsForm()
    if not form.validate_on_submit():
        page = render_template("teach/class_detail.html", classroom=classroom, study_form=form)
        return page, 400
    study_service.save_settings(
        classroom,
        study_service.SettingsValues(
            desired_retention=float(form.desired_retention.data or 0),
            learning_steps=form.learning_steps.data or "",
            relearning_steps=form.relearning_steps.data or "",
            maximum_interval_days=form.maximum_interval_days.data or 0,
            new_per_day=form.new_per_day.data or 0,
            reviews_per_day=form.reviews_per_day.data or 0,
            choices_display=ChoicesDisplay(form.choices_display.data),
            quiz_feeds_study=bool(form.quiz_feeds_study.data),
        ),
    )
    db.session.commit()
    flash("Study settings saved. Cards already scheduled keep their dates.", "success")
    return redirect(url_for("teach.class_detail", class_id=classroom.id, _anchor="study"))
