"""The JSON API under /api/v1, with the same authorization as the pages.

Authenticated by personal tokens (`Authorization: Bearer <token>`), never by the session
cookie, so the blueprint is exempt from CSRF: no browser sends that header by itself.
"""

from quizapp.api import auth, banks, me, results  # noqa: F401  (routes, error handlers)
from quizapp.api.blueprint import bp
from quizapp.extensions import csrf

csrf.exempt(bp)

__all__ = ["bp"]
