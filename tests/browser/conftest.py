"""A real server and a real browser: waitress serving the app, Playwright driving Chromium.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run) and axe-core from
the npm registry (`npm install`, done by `make test`). Without them these tests are
skipped with the reason printed, except where QUIZAPP_REQUIRE_BROWSER=1 (CI), where a
missing piece is a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from waitress.server import create_server

from quizapp import create_app
from tests.support.browser import AXE, CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
    if not AXE.exists():
        return f"{AXE} not found: run `npm install` in the repository root"
    return None


@pytest.fixture(scope="session")
def browser_ready() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("QUIZAPP_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_app(browser_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app the live server runs, for tests that check what it stored."""
    tmp = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'live.sqlite3'}",
            "SECRET_KEY": "browser-test",
            "JOBS": "thread",
        }
    )
    app.instance_path = str(tmp)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The app under waitress on a free local port, with its own database."""
    server = create_server(live_app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="session")
def browser(browser_ready: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
