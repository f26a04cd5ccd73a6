"""Results: score sheets per quiz and per class, the gradebook, and their downloads."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user
from werkzeug.utils import secure_filename

from quizapp.access import owned, teacher_required
from quizapp.clock import now
from quizapp.models import Classroom, Quiz
from quizapp.services import charts, scores
from quizapp.services.exports import EXPORTERS, Report
from quizapp.services.exports.base import format_number
from quizapp.teach.blueprint import bp


def _download(report: Report, fmt: str) -> Response:
    """The report as a file in `fmt`; an unknown format is not a page (404)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        abort(404)
    stem = secure_filename(report.filename) or "results"
    name = f"{stem}-{now().astimezone(scores.zone(current_user)).date().isoformat()}"
    return Response(
        exporter.render(report),
        mimetype=exporter.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{exporter.extension}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/quizzes/<int:quiz_id>/results")
@teacher_required
def quiz_results(quiz_id: int) -> Response | str:
    """A quiz's score sheet, overview, histogram and item analysis (or a download)."""
    quiz = owned(Quiz, quiz_id)
    classroom = None
    class_id = request.args.get("class", type=int)
    if class_id is not None:
        classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    sheet = scores.score_sheet(quiz, current_user, classroom)
    fmt = request.args.get("format")
    if fmt:
        return _download(scores.quiz_report(sheet), fmt)
    classes = sorted(
        (a.classroom for a in quiz.assignments if a.classroom.teacher_id == current_user.id),
        key=lambda c: c.name,
    )
    overview = scores.overview(sheet)
    histogram = charts.histogram_svg(overview.bins, title=f"Scores on {quiz.title}")
    return render_template(
        "teach/results_quiz.html",
        quiz=quiz,
        sheet=sheet,
        overview=overview,
        histogram=histogram,
        classroom=classroom,
        classes=classes,
        exporters=EXPORTERS,
    )


@bp.get("/classes/<int:class_id>/results")
@teacher_required
def class_results(class_id: int) -> Response | str:
    """Score sheets of every quiz published to a class, limited to its students."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    sheets = scores.class_sheets(classroom, current_user)
    fmt = request.args.get("format")
    if fmt:
        return _download(scores.class_report(classroom, sheets), fmt)
    return render_template(
        "teach/results_class.html", classroom=classroom, sheets=sheets, exporters=EXPORTERS
    )


@bp.get("/classes/<int:class_id>/gradebook")
@teacher_required
def gradebook(class_id: int) -> Response | str:
    """Students × quizzes of a class, each cell the student's best percentage."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    book = scores.gradebook(classroom)
    fmt = request.args.get("format")
    if fmt:
        return _download(scores.gradebook_report(book), fmt)
    return render_template(
        "teach/results_gradebook.html", classroom=classroom, book=book, exporters=EXPORTERS
    )


@bp.app_template_filter("as_mark")
def as_mark(value: float | None) -> str:
    """2.0 → "2", 0.5 → "0.5", None → "–" (not answered, not attempted)."""
    return "–" if value is None else format_number(value)


@bp.app_template_filter("as_percent")
def as_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"
