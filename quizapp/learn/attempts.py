"""Taking a quiz: start, answer (saved as given), submit, see the result.

Views stay thin: the rules (deadlines, one open attempt, grading, what may be shown) are
in `quizapp.services.attempts`. Every view reaches an attempt through `_mine`, so another
student's attempt id is a 404.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from quizapp.access import refuse, signed_in_student, student_required
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.learn.blueprint import bp
from quizapp.models import Attempt, Layout, User
from quizapp.services import attempts as attempt_service
from quizapp.services import quizzes as quiz_service
from quizapp.services import saving
from quizapp.services.attempts import AttemptClosed, AttemptError


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _mine(attempt_id: int, *, assigned: bool = True, lock: bool = False) -> Attempt:
    """The current student's attempt; 404 for anyone else's or a quiz no longer theirs.

    With `lock`, the attempt row is locked for the rest of the request (FOR UPDATE on
    PostgreSQL), so a save and a submit of the same attempt cannot interleave.
    """
    attempt = db.session.get(
        Attempt,
        attempt_id,
        options=[joinedload(Attempt.quiz)],
        with_for_update={"of": Attempt} if lock else None,
        populate_existing=lock,
    )
    if attempt is None or attempt.student_id != current_user.id:
        abort(404)
    if assigned and quiz_service.assignment_for(_me(), attempt.quiz_id) is None:
        abort(404)
    return attempt


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _item_ids() -> list[int]:
    ids = request.form.getlist("item")
    if not all(v.isdecimal() for v in ids):
        abort(404)
    return [int(v) for v in ids]


def _take_url(attempt_id: int, number: int) -> str:
    """Back to question `number`: its own page, or its place on the all-on-one page."""
    attempt = db.session.get(Attempt, attempt_id)
    one_per_page = attempt is None or attempt.quiz.layout is Layout.ONE_PER_PAGE
    anchor = None if one_per_page else f"item-{number}"
    return url_for("learn.attempt_take", attempt_id=attempt_id, q=number, _anchor=anchor)


def _result_url(attempt: Attempt) -> str:
    return url_for("learn.attempt_result", attempt_id=attempt.id)


@bp.post("/quizzes/<int:quiz_id>/start")
@student_required
def attempt_start(quiz_id: int) -> Response:
    """Start the quiz, or resume the attempt already started (double clicks, other tabs)."""
    assignment = quiz_service.assignment_for(_me(), quiz_id)
    if assignment is None:
        abort(404)
    quiz, class_id = assignment.quiz, assignment.class_id
    try:
        attempt = attempt_service.start(quiz, _me(), class_id, now())
    except AttemptError as exc:
        db.session.commit()
        flash(str(exc), "error")
        return redirect(url_for("learn.dashboard"))
    db.session.commit()
    return redirect(url_for("learn.attempt_take", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@student_required
def attempt_take(attempt_id: int) -> Response | str:
    """The questions: one per screen (`?q=N`) or all on one page, as the quiz says."""
    attempt = _mine(attempt_id)
    if attempt_service.touch(attempt, now()):
        db.session.commit()
        flash("Time is up: the answers you saved in time have been submitted.", "warning")
    if attempt.finished_at is not None:
        return redirect(_result_url(attempt))
    items = attempt_service.take_items(attempt.quiz, attempt)
    current = min(max(request.args.get("q", 1, type=int), 1), max(len(items), 1))
    return render_template(
        "learn/take.html",
        quiz=attempt.quiz,
        items=items,
        current=current,
        attempt=attempt,
        preview=False,
    )


@bp.post("/attempts/<int:attempt_id>/save")
@signed_in_student
def attempt_save(attempt_id: int, student_id: int) -> Response | tuple[Response, int]:
    """Save the answers in the form (each Next/Save, or one change at a time from take.js)."""
    back = request.form.get("go", type=int) or request.form.get("at", type=int) or 1
    try:
        saving.save_answers(student_id, attempt_id, request.form, _item_ids(), now())
    except LookupError:
        db.session.rollback()
        refuse()
    except AttemptClosed as exc:
        db.session.commit()
        result = url_for("learn.attempt_result", attempt_id=attempt_id)
        if _wants_json():
            return jsonify(saved=False, error=str(exc), redirect=result), 409
        flash(str(exc), "warning")
        return redirect(result)
    except AttemptError as exc:
        db.session.rollback()
        if _wants_json():
            return jsonify(saved=False, error=str(exc)), 400
        flash(str(exc), "error")
        back = request.form.get("at", type=int) or back
    else:
        db.session.commit()
        if _wants_json():
            return jsonify(saved=True)
        if request.form.get("action") == "save":
            flash("Your answers are saved.", "success")
    return redirect(_take_url(attempt_id, back))


@bp.post("/attempts/<int:attempt_id>/submit")
@student_required
def attempt_submit(attempt_id: int) -> Response:
    """Save what the form carries, then finish and grade; submitting twice changes nothing."""
    attempt = _mine(attempt_id, lock=True)
    at = now()
    try:
        saving.save_in_transaction(current_user.id, attempt.id, request.form, _item_ids(), at)
    except LookupError:
        abort(404)
    except AttemptClosed:
        pass  # already finished, or finished now by its deadline: show the result
    except AttemptError as exc:
        db.session.rollback()
        flash(f"{exc} Nothing was submitted.", "error")
        return redirect(
            url_for(
                "learn.attempt_take", attempt_id=attempt.id, q=request.form.get("at", type=int) or 1
            )
        )
    attempt_service.submit(attempt, at)
    db.session.commit()
    return redirect(_result_url(attempt))


@bp.get("/attempts/<int:attempt_id>/result")
@student_required
def attempt_result(attempt_id: int) -> Response | str:
    """The score, and each answer with the right one and its source, when feedback allows."""
    attempt = _mine(attempt_id, assigned=False)
    at = now()
    if attempt_service.touch(attempt, at):
        db.session.commit()
    if attempt.finished_at is None:
        return redirect(url_for("learn.attempt_take", attempt_id=attempt.id))
    hidden = attempt_service.answers_hidden(attempt, at)
    visible = hidden is None
    items = attempt_service.take_items(attempt.quiz, attempt, reveal=visible)
    return render_template(
        "learn/result.html",
        attempt=attempt,
        quiz=attempt.quiz,
        items=items,
        visible=visible,
        hidden=hidden.value if hidden else None,
    )
