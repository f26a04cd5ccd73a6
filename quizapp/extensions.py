"""Flask extensions, created once here and bound to an app in `create_app`.

Nothing imports the app object; code that needs it uses `current_app`.
"""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from quizapp.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(get_remote_address)

LIMITED_BLUEPRINT = "auth"
"""Where every rate limit is declared: signing in, signing up and joining a class."""


@limiter.request_filter
def _nothing_to_limit() -> bool:
    """Elsewhere the limiter has nothing to check, so it is not asked to.

    Its per-request work (resolving default, blueprint and meta limits and their
    exemptions) costs a save as much as parsing its form, on every request of every
    student. `tests/quizapp/test_auth.py` checks that no limit is declared outside.
    """
    return request.blueprint != LIMITED_BLUEPRINT
