"""One-time form keys: a form that creates something, sent twice, creates it once.

A double click, a reload that posts again, or the same page open in two tabs sends a
create form more than once, and without JavaScript nothing in the browser stops it. So
each create form carries a random key, drawn with the page (`quizapp.forms.OnceField`).
The first request to arrive claims the key, creates, and records where its result lives;
a repeat finds the key taken and is sent there instead.

The claim is an INSERT of the key as a primary key, committed on its own before the
creation: two requests racing for one key cannot both claim it (on PostgreSQL the second
waits for the first's commit on the key's index, on SQLite writers take turns), and a
repeat that arrives while the first is still at work is told so at once. A creation that
fails after the claim gives the key back (`release`), so the corrected form can be sent.
Keys are kept a day: long enough for any repeat, short enough to stay a small table.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from quizapp.clock import now
from quizapp.dialects import insert_for
from quizapp.extensions import db
from quizapp.models import FormKey

KEPT = timedelta(days=1)


def new_key() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Repeat:
    """The form was sent before: where its result lives, or None while it is being made."""

    location: str | None


def claim(user_id: int, key: str | None) -> Repeat | None:
    """Claim the form's key for this user: None if this request is the first (go on and
    create), else the `Repeat`. A form without a key (a page drawn before forms carried
    one) claims nothing and goes on."""
    if not key:
        return None
    at = now()
    db.session.execute(delete(FormKey).where(FormKey.created_at < at - KEPT))
    claimed = db.session.execute(
        insert_for(db.engine.dialect.name)(FormKey)
        .values(key=key, user_id=user_id, created_at=at)
        .on_conflict_do_nothing(index_elements=[FormKey.key])
        .returning(FormKey.key)
    ).first()
    db.session.commit()
    if claimed is not None:
        return None
    first = db.session.execute(
        select(FormKey.user_id, FormKey.location).where(FormKey.key == key)
    ).first()
    if first is None or first.user_id != user_id:  # released meanwhile, or not theirs
        return Repeat(None)
    return Repeat(first.location)


def made(key: str | None, location: str) -> None:
    """Record where the claimed form's result lives (in the caller's transaction)."""
    if key:
        db.session.execute(update(FormKey).where(FormKey.key == key).values(location=location))


def release(key: str | None) -> None:
    """Give a claimed key back after a creation that failed (and commit)."""
    if key:
        db.session.execute(delete(FormKey).where(FormKey.key == key))
        db.session.commit()
