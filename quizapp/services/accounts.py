"""Accounts and classes: the rules that are not about HTTP."""

from __future__ import annotations

import hmac
import re
import secrets
from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Classroom, Enrollment, Role, User, new_join_code


class AccountError(ValueError):
    """A user-facing problem: the message is shown as it is."""


SETUP_CODE_FILE = "setup_code"


def setup_code(instance: Path) -> str:
    """The install's one-time setup code, created on first use (owner-only file).

    Whoever opens /setup first becomes the teacher, so setup asks for this code, which
    only someone at the machine can read: `make run` prints the setup address with it.
    """
    path = instance / SETUP_CODE_FILE
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(9), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def setup_code_matches(instance: Path, given: str) -> bool:
    return hmac.compare_digest(given.strip().encode(), setup_code(instance).encode())


def forget_setup_code(instance: Path) -> None:
    (instance / SETUP_CODE_FILE).unlink(missing_ok=True)


def has_users() -> bool:
    return db.session.scalar(select(func.count(User.id))) != 0


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_name(name: str) -> str:
    """A display name without control characters (they break spreadsheets and screens)."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", name).split())


def create_user(name: str, email: str, password: str, role: Role) -> User:
    email = User.normalise_email(email)
    name = clean_name(name)
    if not name:
        raise AccountError("Write your name.")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("An account with this email already exists: sign in instead.")
    user = User(name=name, email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AccountError("An account with this email already exists: sign in instead.") from None
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == User.normalise_email(email)))
    if user is None or not user.check_password(password):
        return None
    return user


def class_by_code(code: str) -> Classroom | None:
    code = code.strip().upper().replace(" ", "").replace("-", "")
    return db.session.scalar(select(Classroom).where(Classroom.join_code == code))


def enroll(student: User, classroom: Classroom) -> bool:
    """Add the student to the class; False if already in it."""
    exists = db.session.scalar(
        select(Enrollment.id).where(
            Enrollment.class_id == classroom.id, Enrollment.student_id == student.id
        )
    )
    if exists is not None:
        return False
    db.session.add(Enrollment(class_id=classroom.id, student_id=student.id))
    db.session.flush()
    return True


def create_class(teacher: User, name: str) -> Classroom:
    for _ in range(10):
        code = new_join_code()
        if class_by_code(code) is None:
            break
    classroom = Classroom(name=clean_name(name), teacher_id=teacher.id, join_code=code)
    db.session.add(classroom)
    db.session.flush()
    return classroom


@cache
def timezone_names() -> tuple[str, ...]:
    """The IANA zones this machine knows, sorted; read once (it walks the tz database)."""
    return tuple(sorted(available_timezones()))


def set_timezone(user: User, name: str) -> None:
    """Set the user's time zone (their study day starts at 4 a.m. in it; dates show in it)."""
    if name not in timezone_names():
        raise AccountError(f"{name!r} is not a time zone this server knows.")
    user.timezone = name
    db.session.flush()
