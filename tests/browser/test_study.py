"""A student studies ten flashcards with the keyboard alone, in Chromium.

Space shows the answer, 1-4 rate it, U undoes the last rating: no mouse, no Tab. The
reviews land in the database as given, undo takes one back, and the study pages pass
axe-core with no serious or critical violation.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from questions import generate_bank, read_text
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Bank,
    BankStatus,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    Review,
    Role,
)
from quizapp.services import accounts
from quizapp.services.banks import merge, sample_text
from tests.support.browser import axe_violations, screenshot

PASSWORD = "study password 1"


def seed(app: Flask) -> tuple[int, int, str]:
    """A class with a closed quiz of 14 questions from the sample, and a student in it."""
    with app.app_context():
        teacher = accounts.create_user("Flo Teacher", "flo@school.example", PASSWORD, Role.TEACHER)
        student = accounts.create_user("Kim Student", "kim@school.example", PASSWORD, Role.STUDENT)
        classroom = accounts.create_class(teacher, "History 10A")
        accounts.enroll(student, classroom)
        bank = Bank(owner_id=teacher.id, title="Italy and Russia", status=BankStatus.READY)
        db.session.add(bank)
        generated = generate_bank([read_text(sample_text())], types=["cloze", "short_answer"])
        merge(bank, generated.to_json()["questions"])
        db.session.flush()
        # Closed yesterday: its answers are out, so its questions are cards.
        quiz = Quiz(owner_id=teacher.id, title="Study set", due_at=now() - timedelta(days=1))
        db.session.add(quiz)
        db.session.flush()
        best = sorted(bank.questions, key=lambda q: (-q.score, q.uid))[:14]
        for position, question in enumerate(best):
            question.status = QuestionStatus.APPROVED
            db.session.add(
                QuizQuestion(quiz_id=quiz.id, question_id=question.id, position=position)
            )
        db.session.add(Assignment(quiz_id=quiz.id, class_id=classroom.id))
        db.session.commit()
        return classroom.id, student.id, student.email


def reviews_of(app: Flask, student_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Review.rating).where(Review.student_id == student_id).order_by(Review.id)
            )
        )


def side(page: Any) -> str:
    return str(page.get_attribute("#study", "data-side"))


def test_a_student_studies_ten_cards_with_the_keyboard(
    live_app: Flask, live_server: str, browser: Any
) -> None:
    class_id, student_id, email = seed(live_app)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/learn/")

    page.goto(f"{live_server}/learn/classes/{class_id}/study")
    assert side(page) == "front"
    assert axe_violations(page) == []
    screenshot(page, "20-study-front")

    ratings = [3, 3, 4, 1, 3, 2, 4, 3, 3, 4]
    for n, rating in enumerate(ratings):
        assert side(page) == "front", f"card {n + 1} did not start on its front"
        prompt = page.inner_text("#study-prompt")
        with page.expect_navigation():
            page.keyboard.press("Space")
        assert side(page) == "back"
        assert page.inner_text("#study-prompt") == prompt  # the same card, turned over
        if n == 0:
            assert axe_violations(page) == []
            screenshot(page, "21-study-back")
        with page.expect_navigation():
            page.keyboard.press(str(rating))
    assert reviews_of(live_app, student_id) == ratings

    with page.expect_navigation():
        page.keyboard.press("u")  # undo the last rating: that card comes back
    assert reviews_of(live_app, student_id) == ratings[:-1]
    assert side(page) == "front"
    with page.expect_navigation():
        page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("3")
    assert reviews_of(live_app, student_id) == [*ratings[:-1], 3]

    page.goto(f"{live_server}/learn/classes/{class_id}/progress")
    assert page.locator("svg[role=img]").count() >= 2  # the forecast and the heatmap
    assert axe_violations(page) == []
    screenshot(page, "22-study-progress")
    context.close()

    teacher = browser.new_context(viewport={"width": 1280, "height": 900})
    page = teacher.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", "flo@school.example")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/teach/")
    page.goto(f"{live_server}/teach/classes/{class_id}/study")
    assert "Kim Student" in page.inner_text("main")
    assert axe_violations(page) == []
    screenshot(page, "23-class-study")
    teacher.close()
