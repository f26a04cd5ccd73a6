"""Quizzes: composed from approved questions, set up and published to classes."""

from __future__ import annotations

import io
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.access import owned, teacher_required
from quizapp.extensions import db
from quizapp.models import FACT_KINDS, QUESTION_TYPES, Bank, Feedback, Layout, Quiz, User
from quizapp.services import anki_deck, answer_keys
from quizapp.services import attempts as attempt_service
from quizapp.services import quizzes as quiz_service
from quizapp.services.quizzes import QuestionFilter, QuizError, QuizSettings
from quizapp.teach.blueprint import bp
from quizapp.teach.once import made, sent_before
from quizapp.teach.quiz_forms import (
    FEEDBACK_LABELS,
    LAYOUT_LABELS,
    TYPE_LABELS,
    DrawForm,
    QuizForm,
)


@bp.app_template_filter("moment")
def moment_filter(value: object, tz_name: str | None = None) -> str:
    """A stored UTC time in the viewer's zone: `{{ quiz.due_at | moment }}`."""
    if not isinstance(value, datetime):
        return ""
    return quiz_service.format_moment(value, tz_name or getattr(current_user, "timezone", None))


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _settings(form: QuizForm) -> QuizSettings:
    tz = _me().timezone
    return QuizSettings(
        title=form.title.data or "",
        time_limit_minutes=form.time_limit_minutes.data,
        attempts_allowed=form.attempts_allowed.data or 0,
        shuffle_questions=bool(form.shuffle_questions.data),
        shuffle_choices=bool(form.shuffle_choices.data),
        feedback=Feedback(form.feedback.data),
        layout=Layout(form.layout.data),
        opens_at=quiz_service.to_utc(form.opens_at.data, tz),
        due_at=quiz_service.to_utc(form.due_at.data, tz),
    )


@bp.get("/quizzes")
@teacher_required
def quizzes() -> str:
    """The teacher's quizzes, newest first."""
    rows = db.session.scalars(
        select(Quiz)
        .where(Quiz.owner_id == current_user.id)
        .order_by(Quiz.created_at.desc(), Quiz.id.desc())
    ).all()
    return render_template("teach/quizzes.html", quizzes=rows)


@bp.route("/quizzes/new", methods=["GET", "POST"])
@teacher_required
def quiz_new() -> Response | str:
    """Create a quiz: its title and settings; questions are added next."""
    form = QuizForm()
    if form.validate_on_submit():
        if repeat := sent_before(form.once.data, "teach.quizzes"):
            return repeat
        quiz = quiz_service.create(_me(), _settings(form))
        db.session.flush()
        flash("Quiz created. Now add questions to it.", "success")
        return made(form.once.data, url_for("teach.quiz_detail", quiz_id=quiz.id))
    return render_template("teach/quiz_form.html", form=form, quiz=None)


@bp.get("/quizzes/<int:quiz_id>")
@teacher_required
def quiz_detail(quiz_id: int) -> str:
    """A quiz: settings, questions with their points and order, classes it is published to."""
    quiz = owned(Quiz, quiz_id)
    return render_template(
        "teach/quiz_detail.html",
        quiz=quiz,
        attempts=quiz_service.attempt_count(quiz),
        draw_form=DrawForm(),
        type_labels=TYPE_LABELS,
        feedback_label=FEEDBACK_LABELS[quiz.feedback],
        layout_label=LAYOUT_LABELS[quiz.layout],
        giveaways=answer_keys.giveaways(quiz),
    )


@bp.route("/quizzes/<int:quiz_id>/settings", methods=["GET", "POST"])
@teacher_required
def quiz_settings(quiz_id: int) -> Response | str:
    """Change a quiz's title and settings."""
    quiz = owned(Quiz, quiz_id)
    form = QuizForm(obj=quiz)
    if request.method == "GET":
        form.opens_at.data = quiz_service.to_local(quiz.opens_at, _me().timezone)
        form.due_at.data = quiz_service.to_local(quiz.due_at, _me().timezone)
        form.feedback.data = quiz.feedback.value
        form.layout.data = quiz.layout.value
    if form.validate_on_submit():
        try:
            quiz_service.update(quiz, _settings(form))
        except QuizError as exc:
            form.due_at.errors = [str(exc)]
        else:
            db.session.commit()
            flash("Settings saved.", "success")
            return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id))
    return render_template(
        "teach/quiz_form.html",
        form=form,
        quiz=quiz,
        giveaways=answer_keys.giveaways(quiz),
    )


def _filter_from_args() -> QuestionFilter:
    bank_id = request.args.get("bank", type=int)
    qtype = request.args.get("type", "")
    kind = request.args.get("kind", "")
    return QuestionFilter(
        bank_id=bank_id,
        type=qtype if qtype in QUESTION_TYPES else None,
        kind=kind if kind in FACT_KINDS else None,
    )


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdecimal()]


@bp.route("/quizzes/<int:quiz_id>/pick", methods=["GET", "POST"])
@teacher_required
def quiz_pick(quiz_id: int) -> Response | str:
    """Pick approved questions from the teacher's banks, filtered by bank, type and kind."""
    quiz = owned(Quiz, quiz_id)
    if request.method == "POST":
        added = quiz_service.add_questions(quiz, _me(), _ints(request.form.getlist("question")))
        db.session.commit()
        if added:
            flash(f"{added} question{'s' if added != 1 else ''} added.", "success")
            return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id))
        flash("Tick at least one question to add.", "error")
    wanted = _filter_from_args()
    questions = db.session.scalars(quiz_service.usable_questions(_me(), wanted)).all()
    banks = db.session.scalars(
        select(Bank).where(Bank.owner_id == current_user.id).order_by(Bank.title, Bank.id)
    ).all()
    in_quiz = {item.question_id for item in quiz.items}
    return render_template(
        "teach/quiz_pick.html",
        quiz=quiz,
        questions=questions,
        banks=banks,
        wanted=wanted,
        in_quiz=in_quiz,
        type_labels=TYPE_LABELS,
        kinds=FACT_KINDS,
    )


@bp.route("/quizzes/<int:quiz_id>/draw", methods=["GET", "POST"])
@teacher_required
def quiz_draw(quiz_id: int) -> Response | str:
    """Draw N approved questions at random, by type and kind, that are not in the quiz yet."""
    quiz = owned(Quiz, quiz_id)
    form = DrawForm()
    if form.validate_on_submit():
        wanted = QuestionFilter(type=form.type.data or None, kind=form.kind.data or None)
        try:
            added = quiz_service.draw(quiz, _me(), form.count.data or 0, wanted)
        except QuizError as exc:
            form.count.errors = [str(exc)]
        else:
            db.session.commit()
            asked = form.count.data or 0
            note = "" if added == asked else f" (only {added} matched)"
            flash(f"{added} question{'s' if added != 1 else ''} drawn{note}.", "success")
            return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id))
    return render_template("teach/quiz_draw.html", quiz=quiz, form=form)


@bp.post("/quizzes/<int:quiz_id>/items/<int:item_id>/remove")
@teacher_required
def quiz_remove_item(quiz_id: int, item_id: int) -> Response:
    """Take a question out of the quiz (refused once students have attempts)."""
    quiz = owned(Quiz, quiz_id)
    try:
        quiz_service.remove(quiz, item_id)
    except LookupError:
        abort(404)
    except QuizError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Question removed.", "success")
    return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id, _anchor="questions"))


@bp.post("/quizzes/<int:quiz_id>/items/<int:item_id>/move")
@teacher_required
def quiz_move_item(quiz_id: int, item_id: int) -> Response:
    """Move a question up or down."""
    quiz = owned(Quiz, quiz_id)
    try:
        quiz_service.move(quiz, item_id, quiz_service.Move(request.form.get("direction", "")))
    except (LookupError, ValueError):
        abort(404)
    db.session.commit()
    return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id, _anchor=f"item-{item_id}"))


@bp.post("/quizzes/<int:quiz_id>/points")
@teacher_required
def quiz_points(quiz_id: int) -> Response:
    """Save the points of every question."""
    quiz = owned(Quiz, quiz_id)
    points: dict[int, float] = {}
    for item in quiz.items:
        raw = request.form.get(f"points-{item.id}")
        if raw is None:
            continue
        try:
            points[item.id] = float(raw.replace(",", "."))
        except ValueError:
            flash(f"“{raw}” is not a number of points: nothing was changed.", "error")
            return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id, _anchor="questions"))
    try:
        changed = quiz_service.set_points(quiz, points)
    except QuizError as exc:
        flash(f"{exc} Nothing was changed.", "error")
    else:
        db.session.commit()
        flash("Points saved." if changed else "No points changed.", "success")
    return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id, _anchor="questions"))


@bp.route("/quizzes/<int:quiz_id>/publish", methods=["GET", "POST"])
@teacher_required
def quiz_publish(quiz_id: int) -> Response | str:
    """Choose the classes the quiz is published to; unticking a class unpublishes it."""
    quiz = owned(Quiz, quiz_id)
    classes = quiz_service.teacher_classes(_me())
    if request.method == "POST":
        try:
            added, removed = quiz_service.publish(quiz, _me(), _ints(request.form.getlist("class")))
        except QuizError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            parts = [f"published to {added} class{'es' if added != 1 else ''}"] if added else []
            if removed:
                parts.append(f"unpublished from {removed} class{'es' if removed != 1 else ''}")
            flash(("Quiz " + " and ".join(parts) + ".") if parts else "Nothing changed.", "success")
            return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id))
    published = {a.class_id for a in quiz.assignments}
    return render_template(
        "teach/quiz_publish.html", quiz=quiz, classes=classes, published=published
    )


@bp.get("/quizzes/<int:quiz_id>/preview")
@teacher_required
def quiz_preview(quiz_id: int) -> str:
    """The quiz exactly as a student sees it; nothing is stored and no answer is sent."""
    quiz = owned(Quiz, quiz_id)
    items = attempt_service.take_items(quiz, None)
    current = min(max(request.args.get("q", 1, type=int), 1), max(len(items), 1))
    return render_template(
        "learn/take.html", quiz=quiz, items=items, current=current, attempt=None, preview=True
    )


@bp.get("/quizzes/<int:quiz_id>/anki.apkg")
@teacher_required
def quiz_anki(quiz_id: int) -> Response:
    """Download the quiz as an Anki deck; an empty quiz goes back to its page with a note."""
    quiz = owned(Quiz, quiz_id)
    try:
        deck = anki_deck.build_deck(quiz)
    except anki_deck.EmptyQuizError as exc:
        flash(str(exc), "error")
        return redirect(url_for("teach.quiz_detail", quiz_id=quiz.id))
    response = send_file(
        io.BytesIO(deck),
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=anki_deck.filename(quiz),
    )
    response.headers["Cache-Control"] = "no-store"
    return response
