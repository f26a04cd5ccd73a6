"""Who may see what: role checks for views and ownership lookups that 404 otherwise.

Every view goes through one of these, so a student never reaches a teacher page and
nobody reaches another person's data by changing an id in the address.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, session
from flask_login import current_user, login_required
from sqlalchemy import select

from quizapp.extensions import db, login_manager
from quizapp.models import Classroom, Enrollment, Role, User

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdecimal() else None


login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


def role_required(role: Role) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role is not role:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


teacher_required = role_required(Role.TEACHER)
student_required = role_required(Role.STUDENT)


def signed_in_student(view: F) -> F:
    """Like `student_required`, for hot paths that check the account in their own query.

    Saving an answer happens for every answer of every student, so loading the user is
    a query too many: the view gets the id Flask-Login keeps in the session
    (`student_id=`), and its query must only reach rows that belong to that id. When it
    finds nothing the view calls `refuse()`, which applies the full checks (signed in,
    a student) before answering 404, so the answers match `student_required`'s.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        raw = session.get("_user_id")
        if isinstance(raw, str) and raw.isdecimal():
            return view(*args, student_id=int(raw), **kwargs)
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role is not Role.STUDENT:
            abort(403)
        return view(*args, student_id=current_user.id, **kwargs)

    return wrapped  # type: ignore[return-value]


def refuse() -> NoReturn:
    """Answer a request a `signed_in_student` view could not serve: login, 403 or 404."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.role is not Role.STUDENT:
        abort(403)
    abort(404)


def owned(model: type[M], ident: int, *, owner_attr: str = "owner_id") -> M:
    """The row if the current user owns it; 404 otherwise (never reveal that it exists)."""
    row = db.session.get(model, ident)
    if row is None or getattr(row, owner_attr) != current_user.id:
        abort(404)
    return row


def enrolled_class(class_id: int) -> Classroom:
    """The class if the current user is enrolled in it as a student; 404 otherwise."""
    classroom = db.session.scalar(
        select(Classroom)
        .join(Enrollment, Enrollment.class_id == Classroom.id)
        .where(Classroom.id == class_id, Enrollment.student_id == current_user.id)
    )
    if classroom is None:
        abort(404)
    return classroom


def enrolled_student(classroom: Classroom, student_id: int) -> User:
    """A student enrolled in this class (which the caller has checked is theirs); 404
    otherwise, whether the id is nobody, a student of another class or a teacher."""
    student = db.session.scalar(
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.class_id == classroom.id, User.id == student_id)
    )
    if student is None:
        abort(404)
    return student
