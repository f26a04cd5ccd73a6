"""Score sheets, downloads, the overview, the gradebook and who may see them."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from quizapp.extensions import db
from quizapp.models import Classroom, Quiz, User
from quizapp.services import scores
from tests.support import results as build
from tests.support.web import Actions, Factory


@dataclass
class World:
    teacher: User
    other_teacher: User
    students: dict[str, User]
    class_id: int
    quiz: build.BuiltQuiz


@pytest.fixture
def make(app: Flask) -> Factory:
    """Users and classes only: these tests build their own small banks."""
    return Factory(app, [])


@pytest.fixture
def world(app: Flask, make: Factory) -> World:
    """Four students; marks out of 1, 1 and 2 points; Ben tried twice, Dee is still at it."""
    teacher = make.teacher(name="Tess Teacher", email="tess@school.example")
    build.set_timezone(app, teacher, "Europe/Rome")
    names = ["Ada Lovelace", "Ben Okafor", "Cy Zhou", "Dee Ñúñez"]
    students = {
        n.split()[0]: make.student(name=n, email=f"{n.split()[0].lower()}@school.example")
        for n in names
    }
    classroom = make.classroom(teacher, "History 9B", students=list(students.values()))
    quiz = build.quiz(app, teacher, classes=[classroom.id])
    build.attempt(app, quiz, students["Ada"], [1, 1, 2], class_id=classroom.id, seconds=330)
    build.attempt(app, quiz, students["Ben"], [1, 0, 1], seconds=600)
    build.attempt(app, quiz, students["Ben"], [1, 1, 2], number=2, seconds=59)
    build.attempt(app, quiz, students["Cy"], [0, 1, None], seconds=3723)
    build.attempt(app, quiz, students["Dee"], [1, None, None], seconds=None)
    return World(teacher, make.teacher(), students, classroom.id, quiz)


def _csv(response: Any) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# The score sheet ------------------------------------------------------------------------


def test_score_sheet_rows(app: Flask, world: World) -> None:
    with app.app_context():
        teacher = db.session.get(User, world.teacher.id)
        sheet = scores.score_sheet(db.session.get(Quiz, world.quiz.id), teacher)  # type: ignore[arg-type]
    assert [(r.name, r.number) for r in sheet.rows] == [
        ("Ada Lovelace", 1),
        ("Ben Okafor", 1),
        ("Ben Okafor", 2),
        ("Cy Zhou", 1),
        ("Dee Ñúñez", 1),
    ]
    ada, ben1, _, cy, dee = sheet.rows
    assert (ada.score, ada.max_score, ada.percent, ada.marks) == (4, 4, 100.0, (1, 1, 2))
    assert ben1.percent == 50.0 and cy.marks == (0, 1, None) and cy.percent == 25.0
    assert dee.finished is None and dee.percent is None and dee.time_taken == ""
    assert dee.score is None and dee.marks == (None, None, None)  # saved is not marked
    assert ada.started.isoformat() == "2025-03-03T10:00:00+01:00"  # Europe/Rome
    assert (ada.time_taken, cy.time_taken) == ("05:30", "1:02:03")
    assert {r.class_name for r in sheet.rows} == {"History 9B"}  # recorded or by enrolment
    assert [c.label for c in sheet.columns] == ["Q1", "Q2", "Q3"]


def test_quiz_page_shows_sheet_overview_histogram_and_item_analysis(
    client: FlaskClient, act: Actions, world: World
) -> None:
    act.login(world.teacher.email)
    page = client.get(f"/teach/quizzes/{world.quiz.id}/results").get_data(as_text=True)
    assert "Ada Lovelace" in page and "Dee Ñúñez" in page and "in progress" in page
    assert "2025-03-03 10:00" in page and "Europe/Rome" in page
    # Finished attempts 100, 50, 100, 25: mean 68.75, median 75.
    assert "68.8 %" in page and "75.0 %" in page and "25.0 %" in page
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg and 'role="img"' in svg.group(0)
    counts = [int(c) for c in re.findall(r'data-count="(\d+)"', svg.group(0))]
    assert counts == [0, 0, 1, 0, 0, 1, 0, 0, 0, 2]
    assert "first finished attempt" in page
    # Item analysis of first attempts (Ada 1,1,2; Ben 1,0,1; Cy 0,1,0): Q2 discriminates
    # negatively, −100/√28 = −18.9 %.
    assert "-18.9 %" in page and "negative discrimination" in page
    assert "<h2>Score sheet</h2>" in page


def test_quiz_csv_download(client: FlaskClient, act: Actions, world: World) -> None:
    act.login(world.teacher.email)
    response = client.get(f"/teach/quizzes/{world.quiz.id}/results?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert ".csv" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Name",
        "Email",
        "Class",
        "Attempt",
        "Started",
        "Finished",
        "Time taken",
        "Score",
        "Max",
        "Percent",
        "Q1",
        "Q2",
        "Q3",
    ]
    assert rows[1][:10] == [""] * 10
    assert rows[1][10] == "When did Italy recognise the Soviet Union?"
    ada = rows[2]
    assert ada == [
        "Ada Lovelace",
        "ada@school.example",
        "History 9B",
        "1",
        "2025-03-03 10:00",
        "2025-03-03 10:05",
        "05:30",
        "4",
        "4",
        "100.0",
        "1",
        "1",
        "2",
    ]
    assert rows[3][7:] == ["2", "4", "50.0", "1", "0", "1"]
    assert rows[5][0] == "Cy Zhou" and rows[5][-3:] == ["0", "1", ""]
    assert rows[6][0] == "Dee Ñúñez" and rows[6][5] == "" and rows[6][9] == ""
    assert len(rows) == 7


def test_quiz_xlsx_download(client: FlaskClient, act: Actions, world: World) -> None:
    act.login(world.teacher.email)
    response = client.get(f"/teach/quizzes/{world.quiz.id}/results?format=xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Scores", "Questions"]
    sheet = book["Scores"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet["J1"].value == "Percent"
    assert [sheet.cell(row=r, column=1).value for r in range(2, 7)] == [
        "Ada Lovelace",
        "Ben Okafor",
        "Ben Okafor",
        "Cy Zhou",
        "Dee Ñúñez",
    ]
    assert sheet["H2"].value == 4 and sheet["I2"].value == 4  # numbers, not text
    assert sheet["J3"].value == pytest.approx(0.5) and sheet["J3"].number_format == "0.0%"
    assert [sheet.cell(row=5, column=c).value for c in (11, 12, 13)] == [0, 1, None]
    assert sheet["E2"].value == datetime(2025, 3, 3, 10, 0)
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["J6"].value is None  # in progress: no percentage yet
    assert sheet["H6"].value is None and sheet["K6"].value is None  # nor a score of 0
    assert sheet.column_dimensions["A"].width >= 20
    legend = book["Questions"]
    assert [c.value for c in legend[1]] == [
        "Question",
        "Prompt",
        "Answer",
        "Points",
        "Facility",
        "Discrimination",
        "Flags",
    ]
    assert legend["A2"].value == "Q1" and legend["C3"].value == "Giuseppe Garibaldi"
    assert legend["E2"].value == pytest.approx(2 / 3) and legend["E2"].number_format == "0.0%"
    assert legend["F2"].value == pytest.approx(0.5)
    assert legend["G3"].value == "negative discrimination"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]
)
def test_exports_neutralise_formulas(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, name: str
) -> None:
    teacher = make.teacher()
    student = make.student(name=name)
    quiz = build.quiz(app, teacher, prompts=[("=1+1", "x"), ("b", "y"), ("c", "z")])
    build.attempt(app, quiz, student, [1, 0, 1])
    act.login(teacher.email)
    url = f"/teach/quizzes/{quiz.id}/results?format="
    rows = _csv(client.get(url + "csv"))
    assert rows[2][0] == "'" + name and rows[1][10] == "'=1+1"
    data = client.get(url + "xlsx").get_data()
    book = load_workbook(io.BytesIO(data))
    cell = book["Scores"]["A2"]
    assert cell.value == name and cell.data_type == "s"  # shown as typed, as text
    assert book["Questions"]["B2"].value == "=1+1" and book["Questions"]["B2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in package.read(n) for n in sheets)  # no formulas


def test_unknown_format_is_404(client: FlaskClient, act: Actions, world: World) -> None:
    act.login(world.teacher.email)
    assert client.get(f"/teach/quizzes/{world.quiz.id}/results?format=pdf").status_code == 404


def test_quiz_results_filtered_by_class(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, world: World
) -> None:
    outsider = make.student(name="Zed Other")
    other_class = make.classroom(world.teacher, "Latin 10A", students=[outsider])
    build.attempt(app, world.quiz, outsider, [0, 0, 0], class_id=other_class.id)
    act.login(world.teacher.email)
    everyone = client.get(f"/teach/quizzes/{world.quiz.id}/results").get_data(as_text=True)
    assert "Zed Other" in everyone
    only = client.get(f"/teach/quizzes/{world.quiz.id}/results?class={world.class_id}")
    assert "Zed Other" not in only.get_data(as_text=True)
    assert "Ada Lovelace" in only.get_data(as_text=True)
    links = re.findall(r'href="([^"]*format=csv[^"]*)"', only.get_data(as_text=True))
    assert links and f"class={world.class_id}" in links[0]  # downloads keep the filter
    rows = _csv(client.get(links[0].replace("&amp;", "&")))
    assert [r[0] for r in rows[2:]] == [
        "Ada Lovelace",
        "Ben Okafor",
        "Ben Okafor",
        "Cy Zhou",
        "Dee Ñúñez",
    ]
    foreign = make.classroom(world.other_teacher, "Not yours")
    assert (
        client.get(f"/teach/quizzes/{world.quiz.id}/results?class={foreign.id}").status_code == 404
    )


# Per class -------------------------------------------------------------------------------


def test_class_results_page_and_downloads(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, world: World
) -> None:
    second = build.quiz(
        app, world.teacher, points=(1, 1), title="Second: quiz/two", classes=[world.class_id]
    )
    build.attempt(app, second, world.students["Cy"], [1, 1])
    unpublished = build.quiz(app, world.teacher, points=(1,), title="Unpublished")
    build.attempt(app, unpublished, world.students["Ada"], [1])
    act.login(world.teacher.email)
    base = f"/teach/classes/{world.class_id}/results"
    page = client.get(base).get_data(as_text=True)
    assert "Unification quiz" in page and "Second: quiz/two" in page
    assert "Unpublished" not in page
    rows = _csv(client.get(base + "?format=csv"))
    assert rows[0] == ["Unification quiz"] and rows[1][0] == "Name" and rows[3][0] == "Ada Lovelace"
    second_block = rows.index(["Second: quiz/two"])
    assert rows[second_block - 1] == []
    assert rows[second_block + 3][:1] == ["Cy Zhou"] and rows[second_block + 3][-2:] == ["1", "1"]
    book = load_workbook(io.BytesIO(client.get(base + "?format=xlsx").get_data()))
    assert book.sheetnames == ["Unification quiz", "Second  quiz two", "Questions"]
    assert book["Second  quiz two"]["A2"].value == "Cy Zhou"
    assert book["Questions"]["A1"].value == "Quiz"
    assert book["Questions"].max_row == 1 + 3 + 2


# Gradebook -------------------------------------------------------------------------------


def test_gradebook_best_percentage_blank_when_not_attempted(
    app: Flask, client: FlaskClient, act: Actions, world: World
) -> None:
    second = build.quiz(
        app, world.teacher, points=(1, 1), title="Second quiz", classes=[world.class_id]
    )
    build.attempt(app, second, world.students["Ada"], [1, 0])
    with app.app_context():
        book = scores.gradebook(db.session.get(Classroom, world.class_id))  # type: ignore[arg-type]
    assert [q.title for q in book.quizzes] == ["Unification quiz", "Second quiz"]
    cells = {r.name: r.percents for r in book.rows}
    assert cells == {
        "Ada Lovelace": (100.0, 50.0),
        "Ben Okafor": (100.0, None),
        "Cy Zhou": (25.0, None),
        "Dee Ñúñez": (None, None),
    }
    act.login(world.teacher.email)
    base = f"/teach/classes/{world.class_id}/gradebook"
    page = client.get(base).get_data(as_text=True)
    assert "best" in page and "75.0 %" in page  # Ada's average of 100 and 50
    rows = _csv(client.get(base + "?format=csv"))
    assert rows[0] == ["Name", "Email", "Unification quiz", "Second quiz", "Average"]
    assert rows[1] == ["Ada Lovelace", "ada@school.example", "100.0", "50.0", "75.0"]
    assert rows[4] == ["Dee Ñúñez", "dee@school.example", "", "", ""]
    sheet = load_workbook(io.BytesIO(client.get(base + "?format=xlsx").get_data()))["Gradebook"]
    assert sheet["C3"].value == pytest.approx(1.0) and sheet["D3"].value is None
    assert sheet["C3"].number_format == "0.0%"


# Who may see what ------------------------------------------------------------------------

ROUTES = [
    "/teach/quizzes/{quiz}/results",
    "/teach/quizzes/{quiz}/results?format=csv",
    "/teach/quizzes/{quiz}/results?format=xlsx",
    "/teach/classes/{cls}/results",
    "/teach/classes/{cls}/results?format=xlsx",
    "/teach/classes/{cls}/gradebook",
    "/teach/classes/{cls}/gradebook?format=csv",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("who", "status"), [("owner", 200), ("other", 404), ("student", 403), ("anonymous", 302)]
)
def test_results_authorization(
    client: FlaskClient, act: Actions, world: World, route: str, who: str, status: int
) -> None:
    emails = {
        "owner": world.teacher.email,
        "other": world.other_teacher.email,
        "student": world.students["Ada"].email,
    }
    if who in emails:
        act.login(emails[who])
    response = client.get(route.format(quiz=world.quiz.id, cls=world.class_id))
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]
    if status != 200:
        assert b"ben@school.example" not in response.get_data()


@pytest.mark.parametrize(
    "route", ["/teach/quizzes/999999/results", "/teach/classes/999999/gradebook"]
)
def test_missing_ids_are_404(client: FlaskClient, act: Actions, world: World, route: str) -> None:
    act.login(world.teacher.email)
    assert client.get(route).status_code == 404


def test_user_text_is_escaped(app: Flask, client: FlaskClient, act: Actions, make: Factory) -> None:
    teacher = make.teacher()
    student = make.student(name="<script>alert(1)</script>")
    quiz = build.quiz(app, teacher, prompts=[("<b>bold</b>?", "<i>x</i>"), ("b", "y"), ("c", "z")])
    build.attempt(app, quiz, student, [1, 0, 0])
    act.login(teacher.email)
    page = client.get(f"/teach/quizzes/{quiz.id}/results").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "<i>x</i>" not in page
