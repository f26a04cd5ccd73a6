"""The baseline for bench/web.py: a bare Flask "hello" route, served the same way."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "hello"

    return app
