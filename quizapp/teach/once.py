"""Create forms sent twice make one thing: the form's key field and the views' check.

The rule is `quizapp.services.form_keys`; this is its form field and what a view says
to the teacher whose form arrived a second time.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import HiddenField

from quizapp.extensions import db
from quizapp.services import form_keys


class OnceField(HiddenField):
    """A fresh key with each page drawn; a page drawn again after an error keeps its own."""

    def __init__(self, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(label, default=form_keys.new_key, **kwargs)


def sent_before(key: str | None, elsewhere: str) -> Response | None:
    """Claim the form's key; None for the first request, else the redirect for a repeat:
    to what the first one made, or to `elsewhere` (an endpoint) while it is being made."""
    repeat = form_keys.claim(current_user.id, key)
    if repeat is None:
        return None
    if repeat.location:
        flash("That form was sent twice: here is what it made the first time.", "info")
        return redirect(repeat.location)
    flash("That form was already sent and is still being handled.", "info")
    return redirect(url_for(elsewhere))


def made(key: str | None, location: str) -> Response:
    """Record where the first sending of the form made its thing (so a repeat is sent
    there), commit, and go there."""
    form_keys.made(key, location)
    db.session.commit()
    return redirect(location)
