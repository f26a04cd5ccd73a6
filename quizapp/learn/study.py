"""Studying a class's cards: the front, the back with four rating buttons, undo.

Everything works with plain links and forms: "Show answer" is a GET of the same page with
`?show=<question id>` (it changes nothing, so a reload or the back button is harmless);
rating and undo are POSTs that redirect to the next card. `static/js/study.js` only adds
keys. The rules (queue, scheduling, concurrency) are in `quizapp.services.study`.

The time taken is measured from the front being shown to the rating: the front carries a
signed "shown at" token (with the student, class and question in it) through the reveal
to the rating form, so it cannot be edited and needs no server-side state.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from quizapp.access import enrolled_class, student_required
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.learn.blueprint import bp
from quizapp.models import User
from quizapp.services import study as study_service
from quizapp.services.study import AlreadyReviewed, StudyError

SHOWN_SALT = "quizapp.study.shown"
RATINGS = {"1", "2", "3", "4"}
GOOD = 3


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SHOWN_SALT)  # type: ignore[arg-type]


def _shown_token(student_id: int, class_id: int, question_id: int, at: datetime) -> str:
    return _signer().dumps([student_id, class_id, question_id, int(at.timestamp() * 1000)])


def _shown_at(token: str | None, class_id: int, question_id: int) -> datetime | None:
    """When this student was shown this card's front, if the token is theirs and intact."""
    try:
        student_id, cid, qid, millis = _signer().loads(token or "")
    except (BadSignature, TypeError, ValueError):
        return None
    if (student_id, cid, qid) != (current_user.id, class_id, question_id):
        return None
    if not isinstance(millis, int):
        return None
    return datetime.fromtimestamp(millis / 1000, UTC)


def _question_id(raw: str | None, *, missing: str) -> int:
    """An id from the query or form: absent or not a number is a 400 saying what is wrong."""
    if raw is None or raw == "":
        abort(400, description=missing)
    if not raw.isdecimal() or len(raw) > 18:
        abort(400, description="That card number is not valid.")
    return int(raw)


def _study_url(class_id: int, question_id: int | None = None) -> str:
    """The study page: the next card, or this card's front (`?q=`).

    Built from the class id of the address, not from the Classroom: after a commit the
    ORM object is expired, and reading its id would cost a query for nothing.
    """
    return url_for("learn.study", class_id=class_id, q=question_id)


@bp.get("/classes/<int:class_id>/study")
@student_required
def study(class_id: int) -> str:
    """The next card's front; with `?show=<id>` that card's back and the rating buttons."""
    classroom = enrolled_class(class_id)
    me, at = _me(), now()
    queue = study_service.queue(me, classroom, at)
    settings = study_service.settings_for(classroom)
    shown = request.args.get("show")
    wanted = request.args.get("q")
    if shown is not None:
        question_id = _question_id(shown, missing="Which card? The address has no card number.")
    elif wanted is not None:  # a given card's front (the one just undone)
        question_id = _question_id(wanted, missing="Which card? The address has no card number.")
    elif queue.current is not None:
        question_id = queue.current.question_id
    else:
        return render_template("learn/study_done.html", classroom=classroom, queue=queue)
    question = study_service.studyable_question(classroom.id, me.id, question_id, at)
    if question is None:
        abort(404)
    face = study_service.face(question, settings.choices_display)
    entry = queue.entry(question_id)
    context = {
        "classroom": classroom,
        "queue": queue,
        "face": face,
        "kind": entry.kind.value if entry else None,
    }
    if shown is None:
        token = _shown_token(me.id, classroom.id, question_id, at)
        return render_template("learn/study.html", token=token, **context)
    token = request.args.get("t") or ""
    if _shown_at(token, classroom.id, question_id) is None:
        token = _shown_token(me.id, classroom.id, question_id, at)  # the clock starts now
    card = study_service.stored_card(me.id, classroom.id, question_id)
    verdict = study_service.check_answer(
        question,
        study_service.read_answer(face, request.args.get("answer")),
        settings.choices_display,
    )
    return render_template(
        "learn/study_back.html",
        token=token,
        version=card.version if card else 0,
        buttons=study_service.rating_buttons(settings, card.state if card else None, at),
        verdict=verdict,
        proposed=verdict.proposed if verdict else GOOD,
        **context,
    )


@bp.post("/classes/<int:class_id>/study/review")
@student_required
def study_review(class_id: int) -> Response:
    """Record a rating of the card shown, then show the next card."""
    classroom = enrolled_class(class_id)
    at = now()
    question_id = _question_id(request.form.get("question"), missing="The form has no card.")
    version_raw = request.form.get("version", "")
    if not version_raw.isdecimal() or len(version_raw) > 18:
        abort(400, description="The form has no valid card version: show the card again.")
    rating = request.form.get("rating", "")
    if rating not in RATINGS:
        abort(400, description="Rate the card 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).")
    shown_at = _shown_at(request.form.get("shown"), classroom.id, question_id)
    if shown_at is None:
        abort(400, description="This card's page was changed or is out of date: show it again.")
    try:
        study_service.review(
            _me(),
            classroom,
            question_id,
            int(rating),
            at,
            study_service.time_taken_ms(shown_at, at),
            int(version_raw),
        )
    except LookupError:
        abort(404)
    except AlreadyReviewed as exc:
        db.session.rollback()
        flash(f"{exc} Here is the next one.", "warning")
    else:
        db.session.commit()
    return redirect(_study_url(class_id), code=303)


@bp.post("/classes/<int:class_id>/study/undo")
@student_required
def study_undo(class_id: int) -> Response:
    """Undo the rating the page offered (today's last) and show that card again."""
    classroom = enrolled_class(class_id)
    shown = request.form.get("review")
    if shown is None:  # a page from before undo named its rating: ask again, undo nothing
        flash("That page was out of date, so nothing was undone: press Undo again.", "warning")
        return redirect(_study_url(class_id), code=303)
    if shown and (not shown.isdecimal() or len(shown) > 18):
        abort(400, description="This undo form was changed: reload the page.")
    try:
        undone = study_service.undo_last(_me(), classroom, now(), shown=int(shown or 0))
    except StudyError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return redirect(_study_url(class_id), code=303)
    db.session.commit()
    label = study_service.RATING_LABELS[undone.rating]
    flash(f"Undone: your “{label}”. The card is back as it was.", "success")
    return redirect(_study_url(class_id, undone.question_id), code=303)
