"""How a class is studying: the class's totals and charts, each student's row, who is behind,
and one student's own progress page as they see it."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from quizapp.access import enrolled_student, owned, teacher_required
from quizapp.clock import now
from quizapp.models import Classroom
from quizapp.services.study import progress as progress_service
from quizapp.teach.blueprint import bp

RULES = {
    "grace_days": progress_service.OVERDUE_GRACE_DAYS,
    "away_days": progress_service.AWAY_DAYS,
    "recent_days": progress_service.RECENT_DAYS,
    "retention_days": progress_service.RETENTION_DAYS,
}


@bp.get("/classes/<int:class_id>/study")
@teacher_required
def class_study(class_id: int) -> str:
    """The class's study progress and a row per student, those who are behind first."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    figures = progress_service.class_progress(classroom, now(), current_user.timezone)
    charts = progress_service.charts(
        figures.forecast,
        figures.reviews_by_day,
        figures.today,
        who=classroom.name,
        heatmap_end=figures.heatmap_end,
    )
    return render_template(
        "teach/class_study.html",
        classroom=classroom,
        progress=figures,
        charts=charts,
        rules=RULES,
    )


@bp.get("/classes/<int:class_id>/students/<int:student_id>/study")
@teacher_required
def student_study(class_id: int, student_id: int) -> str:
    """One student's study progress in the class, as the student sees it."""
    classroom = owned(Classroom, class_id, owner_attr="teacher_id")
    student = enrolled_student(classroom, student_id)
    figures = progress_service.student_progress(student, classroom, now())
    charts = progress_service.charts(
        figures.forecast, figures.reviews_by_day, figures.today, who=student.name
    )
    return render_template(
        "teach/student_study.html",
        classroom=classroom,
        student=student,
        progress=figures,
        charts=charts,
        rules=RULES,
    )
