"""The browser harness itself: first visit, setup, and an accessibility scan."""

from __future__ import annotations

from typing import Any

from tests.support.browser import axe_violations


def test_first_visit_shows_setup_and_it_is_accessible(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(live_server + "/")
    assert page.url.endswith("/setup")
    assert page.get_by_role("heading", name="Welcome to quizapp").is_visible()
    assert axe_violations(page) == []
    # Nothing overflows a 360 px phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()
