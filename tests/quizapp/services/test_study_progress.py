"""Study progress from cards and reviews with explicit times, in zones that change their clocks.

Every card and review is written with its own due or review time, so each test says exactly
which study day (4 a.m. to 4 a.m. on the student's wall clock) it expects a time to fall in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import event, insert

from quizapp.extensions import db
from quizapp.models import Classroom, Question, Review, ReviewSource, User
from quizapp.services import study as study_service
from quizapp.services.study import progress
from quizapp.services.study.progress import Behind
from tests.support.progress import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    LEARNING,
    RELEARNING,
    add_card,
    add_review,
    enroll,
    review_row,
)
from tests.support.study import StudyWorld, actors, build_world
from tests.support.web import Factory

ROME = ZoneInfo("Europe/Rome")
AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # Monday 10 March, 10:00 in Rome
TODAY = date(2025, 3, 10)


def rome(*args: int) -> datetime:
    """A wall-clock time in Rome as an aware UTC time."""
    return datetime(*args, tzinfo=ROME).astimezone(UTC)  # type: ignore[misc]


def progress_of(world: StudyWorld, at: datetime = AT) -> progress.StudentProgress:
    db.session.commit()
    student, classroom = actors(world)
    return progress.student_progress(student, classroom, at)


@pytest.fixture
def world(app: Flask, make: Factory) -> Iterator[StudyWorld]:
    world = build_world(app, make, timezone="Europe/Rome")
    with app.app_context():
        yield world


# --------------------------------------------------------------------------- the forecast


def test_forecast_buckets_cards_by_the_students_4_am_day(world: StudyWorld) -> None:
    add_card(world, 0, rome(2025, 3, 11, 3, 30))  # before 4 a.m. tomorrow: still today
    add_card(world, 1, rome(2025, 3, 11, 4, 0))  # tomorrow's first second
    add_card(world, 2, rome(2025, 3, 9, 12, 0))  # overdue since yesterday: counted today
    add_card(world, 3, rome(2025, 4, 8, 12, 0))  # the 30th day (index 29)
    add_card(world, 4, rome(2025, 4, 9, 12, 0))  # beyond the forecast
    p = progress_of(world)
    assert p.today == TODAY
    assert len(p.forecast) == 30
    assert p.forecast[0] == 2 and p.due_today == 2
    assert p.forecast[1] == 1 and p.forecast[29] == 1
    assert sum(p.forecast) == 4
    assert (p.overdue, p.overdue_long) == (1, 0)
    assert p.studied == 5 and p.new_left == 0


def test_forecast_follows_the_clock_change_of_the_students_zone(world: StudyWorld) -> None:
    # Rome moves to summer time at 2 a.m. on Sunday 30 March: study day 29 March lasts 23 h.
    add_card(world, 0, rome(2025, 3, 30, 3, 30))  # summer time already, before 4: the 29th
    add_card(world, 1, rome(2025, 3, 30, 4, 30))  # 02:30 UTC: the 30th (UTC+1 would say 29th)
    add_card(world, 2, rome(2025, 3, 31, 3, 59))  # the last minute of the 30th
    add_card(world, 3, rome(2025, 3, 29, 4, 0))  # the first second of the 29th
    p = progress_of(world)
    assert p.forecast[19] == 2  # 29 March is today + 19
    assert p.forecast[20] == 2
    assert sum(p.forecast) == 4


def test_overdue_for_more_than_three_days_is_late(world: StudyWorld) -> None:
    add_card(world, 0, rome(2025, 3, 7, 3, 59))  # study day 6 March: 4 days ago
    add_card(world, 1, rome(2025, 3, 7, 4, 0))  # study day 7 March: 3 days ago
    add_card(world, 2, rome(2025, 3, 10, 4, 0))  # due this morning: not overdue
    p = progress_of(world)
    assert p.due_today == 3
    assert (p.overdue, p.overdue_long) == (2, 1)
    assert p.behind == (Behind.OVERDUE, Behind.AWAY)  # and no study this week


@pytest.mark.parametrize(
    ("last_study", "behind"),
    [
        (rome(2025, 3, 4, 4, 0), ()),  # study day 4 March: the 7th day back, today included
        (rome(2025, 3, 4, 3, 59), (Behind.AWAY,)),  # study day 3 March: 7 whole days away
        (None, (Behind.AWAY,)),  # never studied, though a quiz mistake put a card here
    ],
)
def test_away_for_seven_days_with_cards_due(
    world: StudyWorld, last_study: datetime | None, behind: tuple[Behind, ...]
) -> None:
    card = add_card(world, 0, rome(2025, 3, 10, 5, 0))
    add_review(world, card, rome(2025, 3, 9, 12, 0), AGAIN, source=ReviewSource.QUIZ)
    if last_study is not None:
        add_review(world, card, last_study)
    assert progress_of(world).behind == behind


def test_only_questions_that_are_still_cards_count(world: StudyWorld, make: Factory) -> None:
    other = make.student(name="Zed")
    add_card(world, 0, AT)
    add_card(world, 1, AT)
    db.session.get(Question, world.question_ids[1]).retired = True  # type: ignore[union-attr]
    add_card(world, 2, AT, student_id=other.id)  # not enrolled here, not counted for Alice
    p = progress_of(world)
    assert p.due_today == 1 and p.studied == 1
    assert p.new_left == 3  # five questions, one retired, one studied


def test_a_student_with_nothing_yet(world: StudyWorld) -> None:
    p = progress_of(world)
    assert p.forecast == (0,) * 30
    assert p.reviews_by_day == {}
    assert p.retention.rate is None and p.retention.text == "—"
    assert (p.streak, p.studied, p.new_left, p.reviews_recent) == (0, 0, 5, 0)
    assert p.last_studied is None and p.behind == ()


def test_a_student_outside_the_class_is_not_found(world: StudyWorld) -> None:
    oscar = db.session.get(User, world.other.id)
    classroom = db.session.get(Classroom, world.class_id)
    with pytest.raises(LookupError):
        progress.student_progress(oscar, classroom, AT)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- reviews per day


def test_heatmap_counts_study_reviews_per_study_day(world: StudyWorld) -> None:
    card = add_card(world, 0, AT + timedelta(days=3))
    add_review(world, card, rome(2025, 3, 10, 9, 0))
    add_review(world, card, rome(2025, 3, 10, 3, 59))  # before 4 a.m.: Sunday's day
    add_review(world, card, rome(2025, 3, 9, 4, 0))
    add_review(world, card, rome(2025, 3, 9, 22, 0), AGAIN, source=ReviewSource.QUIZ)
    add_review(world, card, rome(2024, 3, 11, 12, 0))  # the heatmap's first cell, a Monday
    add_review(world, card, rome(2024, 3, 10, 12, 0))  # before it: not read
    add_review(world, card, rome(2025, 3, 11, 4, 0))  # tomorrow (a clock ahead): not read
    p = progress_of(world)
    assert p.reviews_by_day == {
        date(2025, 3, 10): 1,
        date(2025, 3, 9): 2,
        date(2024, 3, 11): 1,
    }
    assert p.reviews_recent == 3
    assert p.streak == 2
    assert p.last_studied == rome(2025, 3, 11, 4, 0)  # the newest study review, whenever


@pytest.mark.parametrize(
    "tz_name",
    ["Europe/Rome", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"],
)
def test_every_review_lands_on_the_day_study_day_gives_it(
    app: Flask, make: Factory, tz_name: str
) -> None:
    """Reviews every 47 minutes across both clock changes of 2025 in each zone (Lord Howe's
    move by half an hour) are counted on exactly the days `study_day` puts them in."""
    world = build_world(app, make, timezone=tz_name)
    at = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
    zone = ZoneInfo(tz_name)
    with app.app_context():
        card = add_card(world, 0, at)
        expected: Counter[date] = Counter()
        rows = []
        for start in (datetime(2025, 3, 6, tzinfo=UTC), datetime(2025, 10, 2, tzinfo=UTC)):
            moment = start
            while moment < start + timedelta(days=34):
                rows.append(review_row(world, card, moment))
                expected[
                    study_service.study_day(moment, tz_name).start.astimezone(zone).date()
                ] += 1
                moment += timedelta(minutes=47)
        db.session.execute(insert(Review), rows)
        p = progress_of(world, at)
        assert p.reviews_by_day == dict(expected)


def test_the_long_day_of_the_autumn_clock_change(world: StudyWorld) -> None:
    # Rome goes back to winter time at 3 a.m. on 26 October: study day 25 October lasts 25 h.
    card = add_card(world, 0, AT)
    add_review(world, card, datetime(2025, 10, 25, 1, 59, tzinfo=UTC))  # 03:59 CEST: the 24th
    add_review(world, card, datetime(2025, 10, 25, 2, 0, tzinfo=UTC))  # 04:00 CEST: the 25th
    add_review(world, card, datetime(2025, 10, 26, 2, 30, tzinfo=UTC))  # 03:30 CET: the 25th
    add_review(world, card, datetime(2025, 10, 26, 3, 0, tzinfo=UTC))  # 04:00 CET: the 26th
    p = progress_of(world, datetime(2025, 10, 27, 12, 0, tzinfo=UTC))
    assert p.reviews_by_day == {date(2025, 10, 24): 1, date(2025, 10, 25): 2, date(2025, 10, 26): 1}


# --------------------------------------------------------------------------- retention, streak


def test_true_retention_counts_review_state_study_reviews_of_30_days(world: StudyWorld) -> None:
    card = add_card(world, 0, AT)
    add_review(world, card, AT - timedelta(hours=1), GOOD)
    add_review(world, card, AT - timedelta(days=2), HARD)
    add_review(world, card, AT - timedelta(days=3), EASY)
    add_review(world, card, AT - timedelta(days=4), AGAIN)  # a lapse: failed
    add_review(world, card, AT - timedelta(days=5), AGAIN, prior_state=LEARNING)  # excluded
    add_review(world, card, AT - timedelta(days=5), AGAIN, prior_state=RELEARNING)  # excluded
    add_review(world, card, AT - timedelta(days=6), GOOD, prior_state=None)  # a new card
    add_review(world, card, AT - timedelta(days=7), AGAIN, source=ReviewSource.QUIZ)
    add_review(world, card, rome(2025, 2, 9, 12, 0), AGAIN)  # 29 days back: counted
    add_review(world, card, rome(2025, 2, 8, 12, 0), AGAIN)  # 30 days back: not
    p = progress_of(world)
    assert (p.retention.passed, p.retention.failed) == (3, 2)
    assert p.retention.rate == pytest.approx(0.6)
    assert p.retention.text == "60.0 %"


def test_retention_without_review_state_reviews_is_none(world: StudyWorld) -> None:
    card = add_card(world, 0, AT)
    add_review(world, card, AT - timedelta(hours=1), AGAIN, prior_state=LEARNING)
    add_review(world, card, AT - timedelta(hours=2), GOOD, prior_state=None)
    p = progress_of(world)
    assert p.retention.rate is None
    assert p.reviews_by_day == {TODAY: 2}


def test_streak_counts_days_in_a_row_ending_today_or_yesterday(world: StudyWorld) -> None:
    card = add_card(world, 0, AT + timedelta(days=5))
    for day in (9, 8, 7, 5):  # Sunday, Saturday, Friday; nothing on Thursday
        add_review(world, card, rome(2025, 3, day, 20, 0))
    add_review(world, card, rome(2025, 3, 6, 20, 0), source=ReviewSource.QUIZ)  # not study
    assert progress_of(world).streak == 3  # today is not over: the streak still stands
    add_review(world, card, rome(2025, 3, 11, 1, 0))  # past midnight: still today's day
    assert progress_of(world).streak == 4
    assert progress_of(world, AT + timedelta(days=2)).streak == 0  # a whole day missed


def test_a_real_review_shows_up(world: StudyWorld) -> None:
    """Through the study service, at an explicit time: the new card is studied, not new."""
    student, classroom = actors(world)
    study_service.review(student, classroom, world.question_ids[0], GOOD, AT, 3000, 0)
    p = progress_of(world)
    assert p.studied == 1 and p.new_left == 4
    assert p.reviews_by_day == {TODAY: 1} and p.streak == 1
    assert p.retention.rate is None  # a new card's first review is not a retention test
    assert p.due_today == 1  # its learning step comes back within minutes


# --------------------------------------------------------------------------- the class


def test_the_teacher_table_puts_who_is_behind_first(world: StudyWorld, make: Factory) -> None:
    # Alice (world.student) is on track: she studied today and has one card due.
    bea = enroll(world, make, "Bea", "Europe/Rome").id  # a card 5 days late, studies daily
    carl = enroll(world, make, "Carl", "America/New_York").id  # away 8 days, cards due
    dora = enroll(world, make, "<b>Dora</b>", "Europe/Rome").id  # away, but nothing due
    eve = enroll(world, make, "Eve", "Europe/Rome").id  # 2 days late (grace), studied today

    card = add_card(world, 0, AT + timedelta(hours=2))
    add_review(world, card, AT - timedelta(hours=1), GOOD)
    add_review(world, card, AT - timedelta(days=1), AGAIN)

    card = add_card(world, 0, AT - timedelta(days=5), student_id=bea)
    add_card(world, 1, AT - timedelta(days=1), student_id=bea)
    add_review(world, card, AT - timedelta(hours=3), EASY, student_id=bea)

    card = add_card(world, 0, AT - timedelta(days=1), student_id=carl)
    add_review(world, card, AT - timedelta(days=8), HARD, student_id=carl)

    card = add_card(world, 0, AT + timedelta(days=9), student_id=dora)
    add_review(world, card, AT - timedelta(days=20), GOOD, student_id=dora)

    card = add_card(world, 0, AT - timedelta(days=2), student_id=eve)
    add_card(world, 1, AT - timedelta(days=2), student_id=eve)
    add_card(world, 2, AT - timedelta(days=2), student_id=eve)
    add_review(world, card, AT - timedelta(hours=1), prior_state=LEARNING, student_id=eve)
    db.session.commit()

    classroom = db.session.get(Classroom, world.class_id)
    cp = progress.class_progress(classroom, AT, "Europe/Rome")  # type: ignore[arg-type]
    table = {s.name: s for s in cp.students}
    assert [s.name for s in cp.students] == ["Bea", "Carl", "<b>Dora</b>", "Alice", "Eve"]
    assert [s.name for s in cp.behind] == ["Bea", "Carl"]
    assert table["Bea"].behind == (Behind.OVERDUE,)
    assert table["Carl"].behind == (Behind.AWAY,)
    assert not table["<b>Dora</b>"].is_behind and not table["Eve"].is_behind
    # Dora sorts before Alice only by her name's "<": the rest are alphabetical.

    a, b, c, e = table["Alice"], table["Bea"], table["Carl"], table["Eve"]
    assert (a.due_today, a.overdue, a.reviews_recent, a.streak) == (1, 0, 2, 2)
    assert a.retention.text == "50.0 %"
    assert a.last_studied == AT - timedelta(hours=1)
    assert (b.due_today, b.overdue, b.overdue_long, b.streak) == (2, 2, 1, 1)
    assert b.retention.text == "100.0 %"
    assert (c.due_today, c.overdue, c.reviews_recent, c.streak) == (1, 1, 0, 0)
    assert c.today == date(2025, 3, 10)  # 5 a.m. in New York: already Monday's day
    assert c.last_studied == AT - timedelta(days=8)
    assert (e.due_today, e.overdue, e.overdue_long) == (3, 3, 0)

    assert cp.today == TODAY
    assert cp.due_today == 1 + 2 + 1 + 0 + 3
    assert cp.forecast[0] == cp.due_today and sum(cp.forecast) == 8  # Dora's is in 9 days
    assert cp.forecast[9] == 1 and cp.overdue == 6
    assert (cp.retention.passed, cp.retention.failed) == (4, 1)
    assert cp.reviews_by_day == {
        TODAY: 3,
        date(2025, 3, 9): 1,
        date(2025, 3, 2): 1,  # Carl's, at 4 a.m. sharp in New York
        date(2025, 2, 18): 1,
    }
    assert cp.reviews_recent == 4


def test_a_class_with_several_zones_counts_each_in_its_own_day(
    world: StudyWorld, make: Factory
) -> None:
    ny = enroll(world, make, "Nora", "America/New_York").id
    card = add_card(world, 0, AT, student_id=ny)
    # 02:00 UTC Monday is 10 p.m. Sunday in New York and 3 a.m. Monday in Rome.
    moment = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
    add_review(world, card, moment, student_id=ny)
    card = add_card(world, 0, AT)
    add_review(world, card, moment)
    db.session.commit()
    classroom = db.session.get(Classroom, world.class_id)
    cp = progress.class_progress(classroom, AT, "UTC")  # type: ignore[arg-type]
    days = {s.name: s.reviews_by_day for s in cp.students}
    assert days == {"Alice": {date(2025, 3, 9): 1}, "Nora": {date(2025, 3, 9): 1}}
    assert cp.reviews_by_day == {date(2025, 3, 9): 2}


def test_an_empty_class(app: Flask, make: Factory) -> None:
    teacher = make.teacher()
    empty = make.classroom(teacher, name="Empty")
    with app.app_context():
        classroom = db.session.get(Classroom, empty.id)
        cp = progress.class_progress(classroom, AT, "UTC")  # type: ignore[arg-type]
    assert cp.students == () and cp.forecast == (0,) * 30 and cp.retention.rate is None


def test_the_queries_do_not_grow_with_the_class(world: StudyWorld, make: Factory) -> None:
    others = [
        enroll(world, make, f"S{n}", "Asia/Tokyo" if n % 2 else "Europe/Rome").id for n in range(6)
    ]
    for n, student_id in enumerate(others):
        card = add_card(world, n % 5, AT, student_id=student_id)
        for day in range(0, 40, 3):
            add_review(world, card, AT - timedelta(days=day), AGAIN, student_id=student_id)
    db.session.commit()
    student, classroom = actors(world)
    assert student.timezone and classroom.id  # loaded before counting
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        cp = progress.class_progress(classroom, AT, "UTC")
        statements_for_class = len(statements)
        progress.student_progress(student, classroom, AT)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(cp.students) == 7
    assert statements_for_class == 3  # students (with their card counts), cards, reviews
    assert len(statements) == 6
    assert all(s.reviews_recent == 3 for s in cp.students if s.name.startswith("S"))


# --------------------------------------------------------------------------- the calendar


def test_the_calendar_agrees_with_study_day_around_the_clock_changes() -> None:
    for tz_name in ("Europe/Rome", "America/New_York", "Australia/Lord_Howe"):
        at = datetime(2025, 6, 1, 12, tzinfo=UTC)
        calendar = progress.study_calendar(at, tz_name, -200, 200)
        for index in range(-200, 200):
            start = calendar.start(index)
            assert study_service.study_day(start, tz_name).start == start
            assert study_service.study_day(start - timedelta(seconds=1), tz_name).end == start
        lengths = {run.seconds for run in calendar.runs(-200, 200)}
        hour = 1800 if tz_name == "Australia/Lord_Howe" else 3600  # its clocks move 30 min
        assert lengths == {86400, 86400 - hour, 86400 + hour}


def test_months_sum_the_heatmap_newest_first() -> None:
    found = progress.months(
        {date(2025, 3, 2): 4, date(2025, 3, 9): 1, date(2025, 1, 31): 2, date(2024, 1, 1): 9},
        date(2025, 1, 6),
        date(2025, 3, 10),
    )
    assert [(m.label, m.reviews, m.days) for m in found] == [
        ("Mar 2025", 5, 2),
        ("Feb 2025", 0, 0),
        ("Jan 2025", 2, 1),
    ]
