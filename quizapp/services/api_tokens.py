"""Personal API tokens: shown once, stored only as their SHA-256.

A leaked database then gives nobody API access; a lost token is revoked and replaced.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User

PREFIX = "qz_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(user: User) -> str:
    """A new token for `user`, replacing any earlier one; the caller shows it once."""
    token = PREFIX + secrets.token_urlsafe(32)
    user.api_token_hash = digest(token)
    return token


def revoke(user: User) -> None:
    user.api_token_hash = None


def user_for(token: str) -> User | None:
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    return db.session.scalar(select(User).where(User.api_token_hash == digest(token)))
