"""The whole product in a real browser, as a teacher and a student use it.

A teacher sets up the install, makes a class and a bank from the sample, approves the
best questions, draws a quiz and publishes it; a student signs up with the join code and
takes the quiz by clicking; the teacher's exported XLSX score sheet holds the score the
student earned. Each main page is screenshotted into docs/screenshots/ and scanned by
axe-core for serious or critical accessibility violations.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from flask import Flask
from openpyxl import load_workbook

from quizapp.extensions import db
from quizapp.models import Quiz
from quizapp.services import accounts
from tests.conftest import SAMPLE
from tests.support.browser import axe_violations, screenshot

TEACHER = {"name": "Ada Teacher", "email": "ada@school.example", "password": "a long password 1"}
STUDENT = {"name": "Sam Student", "email": "sam@school.example", "password": "another password 2"}
RIGHT = 3  # the student answers the first three questions right and the rest wrong


def check_page(page: Any, name: str) -> None:
    """Screenshot the page and fail on any serious accessibility problem."""
    screenshot(page, name)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows"
    problems = axe_violations(page)
    assert problems == [], f"{name}: " + "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in problems
    )


def fill_account(page: Any, person: dict[str, str]) -> None:
    page.get_by_label("Your name").fill(person["name"])
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Password", exact=True).fill(person["password"])
    page.get_by_label("Repeat the password").fill(person["password"])


def answers_by_prompt(app: Flask, quiz_id: int) -> dict[str, tuple[str, list[str]]]:
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None
        return {
            i.question.prompt: (i.question.answer, list(i.question.choices)) for i in quiz.items
        }


def test_teacher_to_student_to_score_sheet(live_server: str, live_app: Flask, browser: Any) -> None:
    teacher = browser.new_context(viewport={"width": 1280, "height": 900})
    page = teacher.new_page()

    # First visit: setup creates the first teacher, with the code `make run` prints.
    page.goto(live_server + "/")
    check_page(page, "01-setup")
    page.get_by_label("Setup code").fill(accounts.setup_code(Path(live_app.instance_path)))
    fill_account(page, TEACHER)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/teach/")

    # A class and its join code.
    page.goto(live_server + "/teach/classes")
    page.get_by_label("Class name").fill("History 9B")
    page.get_by_role("button", name="Create class").click()
    page.wait_for_url(re.compile(r".*/teach/classes/\d+$"))
    code = page.locator(".code").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    check_page(page, "02-class")

    # A bank from the sample, generated in the background with a progress bar.
    page.goto(live_server + "/teach/banks/new")
    check_page(page, "03-new-bank")
    page.get_by_label("Title").fill("Italy and Russia")
    page.get_by_label("Paste the text").fill(SAMPLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Make questions").click()
    page.wait_for_url(re.compile(r".*/teach/banks/\d+$"))
    page.locator("form.approve-top").wait_for(timeout=90_000)
    page.reload()
    page.locator("form.approve-top input[type=number]").fill("12")
    page.locator("form.approve-top").get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    check_page(page, "04-bank")

    # A quiz of five multiple-choice questions, published to the class.
    page.goto(live_server + "/teach/quizzes/new")
    page.get_by_label("Title").fill("Italy and Russia: check-up")
    page.get_by_role("button", name="Create the quiz").click()
    page.wait_for_url(re.compile(r".*/teach/quizzes/\d+$"))
    quiz_url = page.url
    quiz_id = int(quiz_url.rsplit("/", 1)[1])
    page.goto(f"{quiz_url}/draw")
    page.get_by_label("How many questions").fill("5")
    page.get_by_label("Type").select_option("multiple_choice")
    page.get_by_role("button", name="Draw").click()
    page.goto(f"{quiz_url}/publish")
    page.get_by_label("History 9B").check()
    page.get_by_role("button", name="Save").click()
    page.goto(quiz_url)
    check_page(page, "05-quiz")
    answers = answers_by_prompt(live_app, quiz_id)
    assert len(answers) == 5

    # The student signs up with the join code and takes the quiz by clicking.
    student = browser.new_context(viewport={"width": 360, "height": 780})
    spage = student.new_page()
    spage.on("dialog", lambda dialog: dialog.accept())
    spage.goto(f"{live_server}/signup?code={code}")
    check_page(spage, "06-student-signup")
    fill_account(spage, STUDENT)
    spage.get_by_role("button", name="Create my account").click()
    spage.wait_for_url("**/learn/")
    check_page(spage, "07-student-dashboard")
    spage.get_by_role("button", name=re.compile("^Start")).click()
    spage.wait_for_url(re.compile(r".*/learn/attempts/\d+"))
    for number in range(1, 6):
        prompt = spage.locator(".prompt").first.inner_text().strip()
        answer, choices = answers[prompt]
        pick = answer if number <= RIGHT else next(c for c in choices if c != answer)
        spage.locator("label.choice", has_text=pick).first.click()
        if number == 1:
            check_page(spage, "08-taking-a-quiz")
        if number < 5:
            spage.get_by_role("button", name="Next").click()
            spage.wait_for_load_state()
    spage.get_by_role("button", name="Submit my answers").click()
    spage.wait_for_url(re.compile(r".*/result$"))
    assert f"{RIGHT}" in spage.locator("main").inner_text()
    check_page(spage, "09-student-result")

    # The teacher's score sheet holds the same score.
    page.goto(f"{quiz_url}/results")
    check_page(page, "10-results")
    download = page.request.get(f"{quiz_url}/results?format=xlsx")
    assert download.ok
    sheet = load_workbook(io.BytesIO(download.body())).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "Score" in r)
    sam = next(r for r in rows if STUDENT["email"] in r)
    assert sam[header.index("Score")] == RIGHT
    assert sam[header.index("Max")] == 5
