"""Settings: safe defaults, then `QUIZAPP_*` environment variables, then the caller's.

`DATABASE_URL` and `REDIS_URL` are read as such because every host names them so. The
secret key is generated on first run into the instance folder (never committed).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from quizapp import sqlite

DEFAULTS: dict[str, Any] = {
    "MAX_DOCUMENT_BYTES": 2_000_000,
    "MAX_CONTENT_LENGTH": 3_000_000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "JOBS": "thread",  # "thread" in-process, "inline" (tests), "rq" when REDIS_URL is set
    "REDIS_URL": None,
    "SAMPLE_ON_SETUP": True,
    # Sign-in attempts are counted per process unless REDIS_URL is set; then the app
    # servers share the counts there.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
}


def database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance / 'quizapp.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def engine_options(url: str) -> dict[str, Any]:
    """SQLite connections that queue their writes (`quizapp.sqlite`). Elsewhere, pooled
    connections are tested before use, as a server can drop them (restarts, idle
    timeouts); a SQLite file cannot, and the test would cost every request a query."""
    return sqlite.engine_options(url) if url.startswith("sqlite") else {"pool_pre_ping": True}


def secret_key(instance: Path) -> str:
    """The key kept in the instance folder, created on first run with owner-only access."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def configure(app: Flask, override: dict[str, Any] | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(instance)
    if os.environ.get("REDIS_URL"):
        app.config["REDIS_URL"] = os.environ["REDIS_URL"]
        app.config["JOBS"] = "rq"
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    app.config.from_prefixed_env("QUIZAPP")
    if override:
        app.config.update(override)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in app.config:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
            app.config["SQLALCHEMY_DATABASE_URI"]
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(instance)
