"""The student's own settings: their time zone (when their study day starts)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.access import student_required
from quizapp.extensions import db
from quizapp.learn.blueprint import bp
from quizapp.learn.forms import TimezoneForm
from quizapp.services import accounts
from quizapp.services.study import DAY_STARTS_AT_HOUR


@bp.route("/settings", methods=["GET", "POST"])
@student_required
def settings() -> Response | str:
    """Pick a time zone: the study day starts at 4 a.m. in it, and dates show in it."""
    me = current_user._get_current_object()
    form = TimezoneForm(timezone=me.timezone)
    if form.validate_on_submit():
        accounts.set_timezone(me, form.timezone.data or "")
        db.session.commit()
        flash(f"Your time zone is now {me.timezone}.", "success")
        return redirect(url_for("learn.settings"))
    return render_template("learn/settings.html", form=form, day_starts=DAY_STARTS_AT_HOUR)
