"""Banks of questions: from documents, reviewed and edited by the teacher."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from quizapp.access import teacher_required
from quizapp.extensions import db
from quizapp.models import Bank
from quizapp.teach.blueprint import bp


@bp.get("/banks")
@teacher_required
def banks() -> str:
    """The teacher's banks, newest first."""
    rows = db.session.scalars(select(Bank).where(Bank.owner_id == current_user.id)
                              .order_by(Bank.created_at.desc(), Bank.id.desc())).all()
    return render_template("teach/banks.html", banks=rows)
