"""Who the token belongs to."""

from __future__ import annotations

from typing import TypedDict

from flask import jsonify
from werkzeug.wrappers import Response

from quizapp.api.auth import any_token, api_user
from quizapp.api.blueprint import bp


class MeJSON(TypedDict):
    id: int
    name: str
    email: str
    role: str
    timezone: str


@bp.get("/me")
@any_token
def me() -> Response:
    """The token's owner: any role."""
    user = api_user()
    body: MeJSON = {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "timezone": user.timezone,
    }
    return jsonify(body)
