"""The teacher's personal API token: create (shown once), replace, revoke."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from quizapp.access import teacher_required
from quizapp.extensions import db
from quizapp.services import api_tokens
from quizapp.teach.blueprint import bp


class TokenForm(FlaskForm):
    """No fields: the form is its CSRF token and the button pressed."""


@bp.route("/api-token", methods=["GET", "POST"])
@teacher_required
def api_token() -> Response | str:
    """Create or revoke the token that scripts use as `Authorization: Bearer <token>`."""
    form = TokenForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if request.form.get("action") == "revoke":
            api_tokens.revoke(user)
            db.session.commit()
            flash("Your API token is revoked: scripts using it are refused from now on.", "success")
            return redirect(url_for("teach.api_token"))
        token = api_tokens.create(user)
        db.session.commit()
        # Rendered, not redirected: the token is never stored, so this is its one showing,
        # and no cache may keep it.
        response = make_response(
            render_template("teach/results_api_token.html", form=form, token=token)
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("teach/results_api_token.html", form=form, token=None)
