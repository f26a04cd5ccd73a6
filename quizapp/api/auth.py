"""Bearer-token authentication and JSON errors for the API.

The session cookie is ignored here on purpose: a page open in the browser must not let
another site's script write through the API, and scripts should not hold passwords.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from quizapp.api.blueprint import bp
from quizapp.models import Role, User
from quizapp.services import api_tokens

F = TypeVar("F", bound=Callable[..., Any])


def api_user() -> User:
    user: User = g.api_user
    return user


def token_required(*roles: Role) -> Callable[[F], F]:
    """401 without a valid `Authorization: Bearer` token; 403 for a role not in `roles`."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            user = api_tokens.user_for(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                abort(401)
            if roles and user.role not in roles:
                abort(403)
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


teacher_token = token_required(Role.TEACHER)
any_token = token_required()

MESSAGES = {
    401: "A valid API token is required: send 'Authorization: Bearer <token>'.",
    403: "Your token does not give access to this.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The request body is too large.",
    415: "Send the body as application/json.",
}


def error(status: int, message: str) -> tuple[Response, int]:
    response = jsonify(error=message)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="quizapp"'
    return response, status


def http_error(exc: HTTPException) -> tuple[Response, int]:
    """Every error of the API as `{"error": "..."}` with its status, never an HTML page."""
    status = exc.code or 500
    message = MESSAGES.get(status) or exc.description or exc.name
    return error(status, message)


# Registered per status too: Flask prefers the app's handler for a code (its HTML 403/404
# pages) over a blueprint's handler for a class.
bp.register_error_handler(HTTPException, http_error)
for _code in (400, 401, 403, 404, 405, 413, 415, 422, 500):
    bp.register_error_handler(_code, http_error)


@bp.app_errorhandler(405)
def method_not_allowed(exc: HTTPException) -> tuple[Response, int] | HTTPException:
    """Routing errors never reach a blueprint's handlers: answer JSON for API addresses."""
    if request.path.startswith(f"{bp.url_prefix}/"):
        return http_error(exc)
    return exc
