"""Score sheets, the quiz overview and the gradebook, built from attempts as dataclasses.

Views render these and the exporters turn them into files; nothing here knows about
HTTP. Times are converted to the teacher's time zone here, once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Classroom,
    Enrollment,
    Quiz,
    User,
)
from quizapp.services import analysis, charts
from quizapp.services.exports import Cell, Column, Kind, Report, Table

GRADEBOOK_POLICY = "best"  # the highest percentage among a student's finished attempts


def zone(user: User) -> ZoneInfo:
    """The user's time zone; UTC if theirs is unknown to this system."""
    try:
        return ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def duration(seconds: int | None) -> str:
    """Time taken as m:ss under an hour and h:mm:ss from an hour on."""
    if seconds is None:
        return ""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class QuestionColumn:
    number: int
    quiz_question_id: int
    prompt: str
    answer: str
    points: float

    @property
    def label(self) -> str:
        return f"Q{self.number}"


@dataclass(frozen=True)
class ScoreRow:
    attempt_id: int
    student_id: int
    name: str
    email: str
    class_name: str
    number: int
    started: datetime  # aware, in the teacher's zone
    finished: datetime | None
    seconds: int | None
    score: float | None  # None while the attempt is in progress: not a score of 0
    max_score: float
    marks: tuple[float | None, ...]  # per question column; None: not answered or not marked

    @property
    def percent(self) -> float | None:
        """Only for finished attempts: a half-done attempt has no percentage yet."""
        if self.finished is None or self.score is None or self.max_score <= 0:
            return None
        return 100.0 * self.score / self.max_score

    @property
    def time_taken(self) -> str:
        return duration(self.seconds)


@dataclass(frozen=True)
class ItemReport:
    column: QuestionColumn
    stats: analysis.ItemStats


@dataclass(frozen=True)
class ScoreSheet:
    quiz_id: int
    title: str
    timezone: str
    columns: list[QuestionColumn]
    rows: list[ScoreRow]

    def finished(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.finished is not None]

    def first_attempts(self) -> list[ScoreRow]:
        """Each student's first finished attempt, the one item analysis uses (as Moodle)."""
        first: dict[int, ScoreRow] = {}
        for row in sorted(self.finished(), key=lambda r: r.number):
            first.setdefault(row.student_id, row)
        return sorted(first.values(), key=lambda r: (r.name.lower(), r.student_id))


@dataclass(frozen=True)
class Overview:
    summary: analysis.Summary  # of the percentages of finished attempts
    bins: list[charts.Bin]
    items: list[ItemReport]
    analysed: int  # students whose first attempt the item analysis used


def _columns(quiz: Quiz) -> list[QuestionColumn]:
    return [
        QuestionColumn(
            number=n,
            quiz_question_id=item.id,
            prompt=item.question.prompt,
            answer=item.question.answer,
            points=item.points,
        )
        for n, item in enumerate(quiz.items, 1)
    ]


def _class_names(quiz: Quiz, student_ids: Iterable[int]) -> dict[int, str]:
    """For attempts that do not record their class: the quiz's classes the student is in."""
    rows = db.session.execute(
        select(Enrollment.student_id, Classroom.name)
        .join(Classroom, Classroom.id == Enrollment.class_id)
        .join(Assignment, Assignment.class_id == Classroom.id)
        .where(Assignment.quiz_id == quiz.id, Enrollment.student_id.in_(list(student_ids)))
        .order_by(Classroom.name)
    ).all()
    names: dict[int, list[str]] = defaultdict(list)
    for student_id, name in rows:
        names[student_id].append(name)
    return {sid: ", ".join(n) for sid, n in names.items()}


def score_sheet(quiz: Quiz, teacher: User, classroom: Classroom | None = None) -> ScoreSheet:
    """One row per attempt at `quiz`, or only by students of `classroom` if given."""
    tz = zone(teacher)
    columns = _columns(quiz)
    query = (
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id)
        .options(selectinload(Attempt.answers), selectinload(Attempt.student))
    )
    if classroom is not None:
        enrolled = select(Enrollment.student_id).where(Enrollment.class_id == classroom.id)
        query = query.where(
            Attempt.student_id.in_(enrolled),
            (Attempt.class_id.is_(None)) | (Attempt.class_id == classroom.id),
        )
    attempts = db.session.scalars(query).all()
    class_by_id = dict(
        db.session.execute(
            select(Classroom.id, Classroom.name).where(
                Classroom.id.in_({a.class_id for a in attempts if a.class_id is not None})
            )
        ).all()
    )
    fallback = _class_names(quiz, {a.student_id for a in attempts})
    rows = []
    for a in attempts:
        finished = a.finished_at is not None
        marks = {
            ans.quiz_question_id: ans.mark
            for ans in a.answers
            if finished or ans.correct is not None  # saved but not yet marked: no mark
        }
        seconds = (
            int((a.finished_at - a.started_at).total_seconds())
            if a.finished_at is not None
            else None
        )
        rows.append(
            ScoreRow(
                attempt_id=a.id,
                student_id=a.student_id,
                name=a.student.name,
                email=a.student.email,
                class_name=class_by_id.get(a.class_id, "")
                if a.class_id is not None
                else fallback.get(a.student_id, ""),
                number=a.number,
                started=a.started_at.astimezone(tz),
                finished=a.finished_at.astimezone(tz) if a.finished_at else None,
                seconds=seconds,
                score=a.score if finished else None,
                max_score=a.max_score or quiz.max_score,
                marks=tuple(marks.get(c.quiz_question_id) for c in columns),
            )
        )
    rows.sort(key=lambda r: (r.name.lower(), r.student_id, r.number))
    return ScoreSheet(
        quiz_id=quiz.id, title=quiz.title, timezone=tz.key, columns=columns, rows=rows
    )


def class_sheets(classroom: Classroom, teacher: User) -> list[ScoreSheet]:
    """A score sheet per quiz published to the class, limited to the class's students."""
    quizzes = db.session.scalars(
        select(Quiz)
        .join(Assignment)
        .where(Assignment.class_id == classroom.id)
        .order_by(Assignment.published_at, Quiz.id)
    ).all()
    return [score_sheet(q, teacher, classroom) for q in quizzes]


def overview(sheet: ScoreSheet) -> Overview:
    """Summary, histogram and item analysis of a sheet's finished attempts."""
    percents = [r.percent for r in sheet.finished() if r.percent is not None]
    first = sheet.first_attempts()
    marks = [[m or 0.0 for m in r.marks] for r in first]
    stats = analysis.item_analysis(marks, [c.points for c in sheet.columns])
    return Overview(
        summary=analysis.summarise(percents),
        bins=charts.percent_bins(analysis.histogram(percents)),
        items=[ItemReport(c, s) for c, s in zip(sheet.columns, stats, strict=True)],
        analysed=len(first),
    )


# Gradebook ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradebookQuiz:
    quiz_id: int
    title: str


@dataclass(frozen=True)
class GradebookRow:
    student_id: int
    name: str
    email: str
    percents: tuple[float | None, ...]  # per quiz; None: no finished attempt

    @property
    def average(self) -> float | None:
        """The mean over the quizzes attempted, so a missing quiz does not count as zero."""
        done = [p for p in self.percents if p is not None]
        return sum(done) / len(done) if done else None


@dataclass(frozen=True)
class Gradebook:
    class_name: str
    quizzes: list[GradebookQuiz]
    rows: list[GradebookRow]


def gradebook(classroom: Classroom) -> Gradebook:
    """Students × quizzes published to the class: each cell the best finished percentage."""
    quizzes = db.session.scalars(
        select(Quiz)
        .join(Assignment)
        .where(Assignment.class_id == classroom.id)
        .order_by(Assignment.published_at, Quiz.id)
    ).all()
    students = classroom.students
    best: dict[tuple[int, int], float] = {}
    if quizzes and students:
        attempts = db.session.execute(
            select(Attempt.student_id, Attempt.quiz_id, Attempt.score, Attempt.max_score).where(
                Attempt.quiz_id.in_([q.id for q in quizzes]),
                Attempt.student_id.in_([s.id for s in students]),
                Attempt.finished_at.is_not(None),
            )
        ).all()
        for student_id, quiz_id, score, max_score in attempts:
            if max_score > 0:
                key = (student_id, quiz_id)
                best[key] = max(best.get(key, 0.0), 100.0 * score / max_score)
    return Gradebook(
        class_name=classroom.name,
        quizzes=[GradebookQuiz(q.id, q.title) for q in quizzes],
        rows=[
            GradebookRow(s.id, s.name, s.email, tuple(best.get((s.id, q.id)) for q in quizzes))
            for s in students
        ],
    )


# Reports for the exporters ---------------------------------------------------------------

_SHEET_COLUMNS = [
    Column("Name", width=24),
    Column("Email", width=28),
    Column("Class", width=16),
    Column("Attempt", Kind.INTEGER),
    Column("Started", Kind.DATETIME),
    Column("Finished", Kind.DATETIME),
    Column("Time taken"),
    Column("Score", Kind.NUMBER),
    Column("Max", Kind.NUMBER),
    Column("Percent", Kind.PERCENT),
]


def _naive(value: datetime | None) -> datetime | None:
    """Spreadsheets have no time zones: the local wall time, as the page shows it."""
    return value.replace(tzinfo=None) if value is not None else None


def _sheet_table(sheet: ScoreSheet, name: str) -> Table:
    columns = [
        *_SHEET_COLUMNS,
        *(Column(c.label, Kind.NUMBER, width=6, note=c.prompt) for c in sheet.columns),
    ]
    rows: list[list[Cell]] = [
        [
            r.name,
            r.email,
            r.class_name,
            r.number,
            _naive(r.started),
            _naive(r.finished),
            r.time_taken,
            r.score,
            r.max_score,
            r.percent,
            *r.marks,
        ]
        for r in sheet.rows
    ]
    return Table(name, columns, rows)


def _questions_table(sheets: Sequence[tuple[ScoreSheet, Overview]], name: str) -> Table:
    several = len(sheets) > 1
    columns = [
        *([Column("Quiz", width=24)] if several else []),
        Column("Question"),
        Column("Prompt", width=60),
        Column("Answer", width=30),
        Column("Points", Kind.NUMBER),
        Column("Facility", Kind.PERCENT),
        Column("Discrimination", Kind.PERCENT),
        Column("Flags", width=24),
    ]
    rows: list[list[Cell]] = []
    for sheet, ov in sheets:
        for item in ov.items:
            s = item.stats
            rows.append(
                [
                    *([sheet.title] if several else []),
                    item.column.label,
                    item.column.prompt,
                    item.column.answer,
                    item.column.points,
                    s.facility,
                    s.discrimination,
                    ", ".join(s.flags),
                ]
            )
    return Table(name, columns, rows, in_csv=False)


def quiz_report(sheet: ScoreSheet) -> Report:
    """Scores (prompts in the CSV's second header row) and a Questions legend for Excel."""
    return Report(
        filename=f"{sheet.title} scores",
        tables=[
            _sheet_table(sheet, "Scores"),
            _questions_table([(sheet, overview(sheet))], "Questions"),
        ],
    )


def class_report(classroom: Classroom, sheets: Sequence[ScoreSheet]) -> Report:
    """One table (sheet, or CSV block) per quiz, and one Questions legend."""
    tables = [_sheet_table(s, s.title) for s in sheets]
    tables.append(_questions_table([(s, overview(s)) for s in sheets], "Questions"))
    return Report(filename=f"{classroom.name} scores", tables=tables)


def gradebook_report(book: Gradebook) -> Report:
    columns = [
        Column("Name", width=24),
        Column("Email", width=28),
        *(Column(q.title, Kind.PERCENT) for q in book.quizzes),
        Column("Average", Kind.PERCENT),
    ]
    rows: list[list[Cell]] = [[r.name, r.email, *r.percents, r.average] for r in book.rows]
    return Report(
        filename=f"{book.class_name} gradebook", tables=[Table("Gradebook", columns, rows)]
    )
