"""quizapp: the web app on top of the question engine.

`create_app(config=None)` builds an app: settings, extensions, blueprints, error pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException

from quizapp import api, auth, cli, learn, postgres, sqlite, teach
from quizapp.config import configure
from quizapp.extensions import csrf, db, limiter, login_manager, migrate
from quizapp.jobs import jobs

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    jobs.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            sqlite.configure(engine)
        elif engine.dialect.name == "postgresql":
            postgres.configure(app, engine)

    app.register_blueprint(auth.bp)
    app.register_blueprint(teach.bp)
    app.register_blueprint(learn.bp)
    app.register_blueprint(api.bp)
    cli.init_app(app)

    @app.errorhandler(400)
    def bad_request(e: HTTPException) -> tuple[str, int]:
        """Say what was wrong with the request (a missing field, a stale form, no CSRF token)."""
        return render_template(
            "errors/error.html",
            code=400,
            message="That request could not be understood.",
            detail=e.description,
        ), 400

    @app.errorhandler(403)
    def forbidden(_e: Exception) -> tuple[str, int]:
        return render_template(
            "errors/error.html", code=403, message="You do not have access to this page."
        ), 403

    @app.errorhandler(404)
    def not_found(_e: Exception) -> tuple[str, int]:
        return render_template(
            "errors/error.html", code=404, message="There is nothing at this address."
        ), 404

    @app.errorhandler(429)
    def too_many(_e: Exception) -> tuple[str, int]:
        return render_template(
            "errors/error.html",
            code=429,
            message="Too many attempts in a short time: wait a minute, then try again.",
        ), 429

    @app.errorhandler(413)
    def too_large(_e: Exception) -> tuple[str, int]:
        return render_template(
            "errors/error.html", code=413, message="That upload is too large: the limit is 2 MB."
        ), 413

    return app
