"""A student's study progress in a class: what is due, how they have studied, how well.

The figures come from `quizapp.services.study.progress`; the page is the same macro the
teacher sees for one student (`macros/progress.html`).
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from quizapp.access import enrolled_class, student_required
from quizapp.clock import now
from quizapp.learn.blueprint import bp
from quizapp.services.study import progress as progress_service


@bp.get("/classes/<int:class_id>/progress")
@student_required
def study_progress(class_id: int) -> str:
    """Due today, streak, true retention and cards studied; the forecast and the heatmap."""
    classroom = enrolled_class(class_id)
    figures = progress_service.student_progress(current_user, classroom, now())
    charts = progress_service.charts(figures.forecast, figures.reviews_by_day, figures.today)
    return render_template(
        "learn/progress.html", classroom=classroom, progress=figures, charts=charts
    )
