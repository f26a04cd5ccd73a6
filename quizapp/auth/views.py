"""Views of the auth area: thin, the rules live in quizapp.services.accounts."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quizapp.access import student_required
from quizapp.auth.forms import JoinForm, LoginForm, SetupForm, SignupForm
from quizapp.extensions import db, limiter
from quizapp.models import Role
from quizapp.services import accounts, banks

bp = Blueprint("auth", __name__)

# Guessing passwords or join codes takes many tries; people need few. The per-address
# limits are generous because a whole class may sit behind one school address.
PER_ACCOUNT = "10 per minute"
PER_ADDRESS = "300 per minute"


def _email() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()[:254]


def _home() -> Response:
    if current_user.is_authenticated:
        endpoint = "teach.dashboard" if current_user.is_teacher else "learn.dashboard"
        return redirect(url_for(endpoint))
    return redirect(url_for("auth.login"))


@bp.get("/")
def index() -> Response:
    """Send each person to their dashboard, or to setup on a fresh install."""
    if not accounts.has_users():
        return redirect(url_for("auth.setup"))
    return _home()


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> Response | str:
    """Create the first teacher; only while the install has no account at all."""
    if accounts.has_users():
        return redirect(url_for("auth.login"))
    instance = Path(current_app.instance_path)
    form = SetupForm(code=request.args.get("code", ""))
    if form.validate_on_submit() and not accounts.setup_code_matches(
        instance, form.code.data or ""
    ):
        form.code.errors = [
            "That is not this install's setup code. It is printed where quizapp was "
            "started (make run); `flask --app quizapp setup-url` prints it again."
        ]
    elif form.validate_on_submit():
        user = accounts.create_user(
            form.name.data or "", form.email.data or "", form.password.data or "", Role.TEACHER
        )
        banks.adopt_library(user)
        db.session.commit()
        accounts.forget_setup_code(instance)
        login_user(user)
        flash("Welcome! Your account is ready; the sample bank is in your banks.", "success")
        return redirect(url_for("teach.dashboard"))
    return render_template("auth/setup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"])
@limiter.limit(PER_ACCOUNT, key_func=_email, methods=["POST"])
def login() -> Response | str:
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return _home()
    if not accounts.has_users():
        return redirect(url_for("auth.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            flash("That email and password do not match an account.", "error")
        else:
            login_user(user)
            return _home()
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out (a POST, so no link on another site can sign anyone out)."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"])
def signup() -> Response | str:
    """A student creates an account with a class join code."""
    if current_user.is_authenticated:
        return _home()
    form = SignupForm(join_code=request.args.get("code", ""))
    if form.validate_on_submit():
        classroom = accounts.class_by_code(form.join_code.data or "")
        if classroom is None:
            form.join_code.errors = ["No class has this code: check it with your teacher."]
        else:
            try:
                user = accounts.create_user(
                    form.name.data or "",
                    form.email.data or "",
                    form.password.data or "",
                    Role.STUDENT,
                )
            except accounts.AccountError as exc:
                form.email.errors = [str(exc)]
            else:
                accounts.enroll(user, classroom)
                db.session.commit()
                login_user(user)
                flash(f"Welcome! You have joined {classroom.name}.", "success")
                return redirect(url_for("learn.dashboard"))
    return render_template("auth/signup.html", form=form)


@bp.route("/join", methods=["GET", "POST"])
@student_required
@limiter.limit(PER_ACCOUNT, key_func=lambda: f"user:{current_user.id}", methods=["POST"])
def join() -> Response | str:
    """A signed-in student joins another class."""
    form = JoinForm()
    if form.validate_on_submit():
        classroom = accounts.class_by_code(form.join_code.data or "")
        if classroom is None:
            form.join_code.errors = ["No class has this code: check it with your teacher."]
        else:
            added = accounts.enroll(current_user._get_current_object(), classroom)
            db.session.commit()
            flash(
                f"You have joined {classroom.name}."
                if added
                else f"You are already in {classroom.name}.",
                "success",
            )
            return redirect(url_for("learn.dashboard"))
    return render_template("auth/join.html", form=form)
