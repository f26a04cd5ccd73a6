"""The day's study queue: order, daily limits, the 4 a.m. day, burying siblings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
from flask import Flask
from sqlalchemy import update

from quizapp.extensions import db
from quizapp.models import Card, ChoicesDisplay, Question, StudySettings
from quizapp.services import study
from quizapp.services.study import CardKind
from tests.support.study import T0, Spec, actors, build_world, card, set_settings
from tests.support.web import Factory


def ids(queue: study.Queue) -> list[int]:
    return [e.question_id for e in queue.entries]


def test_new_cards_come_in_publication_order(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    with app.app_context():
        student, classroom = actors(world)
        queue = study.queue(student, classroom, T0)
        assert ids(queue) == world.question_ids
        assert {e.kind for e in queue.entries} == {CardKind.NEW}
        assert (queue.new, queue.learning, queue.review) == (5, 0, 0)
        assert queue.current is not None and queue.current.version == 0


def test_a_later_publication_comes_after_and_a_question_counts_once(
    app: Flask, make: Factory
) -> None:
    world = build_world(app, make)
    with app.app_context():
        from quizapp.models import Assignment, Quiz, QuizQuestion

        later = Quiz(
            owner_id=world.teacher.id, title="Later quiz", due_at=T0 + timedelta(minutes=90)
        )
        db.session.add(later)
        extra = Question(
            bank_id=world.bank_id,
            uid="late",
            type="short_answer",
            kind="place",
            prompt="What is the capital of Portugal?",
            answer="Lisbon",
            status="approved",
        )
        # The later quiz repeats the first question and adds a new one before it.
        later.items.append(QuizQuestion(question=extra, position=1))
        later.items.append(QuizQuestion(question_id=world.question_ids[0], position=2))
        later.assignments.append(
            Assignment(class_id=world.class_id, published_at=T0 + timedelta(hours=1))
        )
        db.session.commit()
        student, classroom = actors(world)
        queue = study.queue(student, classroom, T0 + timedelta(hours=2))
        assert ids(queue) == [*world.question_ids, extra.id]


def test_only_approved_live_questions_of_published_quizzes_are_cards(
    app: Flask, make: Factory
) -> None:
    world = build_world(app, make)
    q = world.question_ids
    with app.app_context():
        db.session.get(Question, q[0]).retired = True  # type: ignore[union-attr]
        db.session.get(Question, q[1]).status = "rejected"  # type: ignore[union-attr]
        db.session.commit()
        student, classroom = actors(world)
        assert ids(study.queue(student, classroom, T0)) == q[2:]
        # Another class of the same teacher has nothing published: no cards.
        other = db.session.get(type(classroom), world.other_class_id)
        assert study.queue(student, other, T0).entries == ()  # type: ignore[arg-type]


def test_learning_review_lapse_relearning(app: Flask, make: Factory) -> None:
    """One card driven through every state by an explicit clock."""
    world = build_world(app, make, settings={"new_per_day": 1})
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        # New -> learning, step 1 of "1m 10m": due in 10 minutes.
        first = study.review(student, classroom, q0, 3, T0, 4000, 0)
        db.session.commit()
        row = card(student.id, classroom.id, q0)
        assert row is not None
        assert (row["state"], row["step"], row["reps"], row["version"]) == (1, 1, 1, 1)
        assert row["due"] == T0 + timedelta(minutes=10)
        assert first.version == 1

        # Nothing else is left (the daily new limit is 1): it may be learnt ahead.
        queue = study.queue(student, classroom, T0 + timedelta(minutes=1))
        assert ids(queue) == [q0]
        assert queue.current is not None and queue.current.kind is CardKind.LEARNING
        assert (queue.new, queue.learning, queue.review) == (0, 1, 0)

        # Good at the last step graduates it: review state, due in a day or more.
        at = T0 + timedelta(minutes=10)
        study.review(student, classroom, q0, 3, at, 3000, 1)
        db.session.commit()
        row = card(student.id, classroom.id, q0)
        assert row is not None
        assert (row["state"], row["step"]) == (int(fsrs.State.Review), None)
        assert row["due"] - at >= timedelta(days=1)
        graduated_stability = row["stability"]

        # Not due again today; due on the day of its due date, as a review card.
        assert ids(study.queue(student, classroom, at + timedelta(hours=1))) == []
        later = row["due"] + timedelta(hours=1)
        queue = study.queue(student, classroom, later)
        assert queue.current is not None
        assert (queue.current.question_id, queue.current.kind) == (q0, CardKind.REVIEW)

        # A lapse: Again sends it to relearning, due after the 10-minute relearning step.
        study.review(student, classroom, q0, 1, later, 9000, 2)
        db.session.commit()
        row = card(student.id, classroom.id, q0)
        assert row is not None
        assert (row["state"], row["step"]) == (int(fsrs.State.Relearning), 0)
        assert row["due"] == later + timedelta(minutes=10)
        assert row["stability"] < graduated_stability

        # Relearnt: back to review.
        study.review(student, classroom, q0, 3, later + timedelta(minutes=10), 2000, 3)
        db.session.commit()
        row = card(student.id, classroom.id, q0)
        assert row is not None
        assert (row["state"], row["step"], row["reps"], row["version"]) == (2, None, 4, 4)


def test_most_overdue_first_then_new(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        for qid in q[:4]:
            study.review(student, classroom, qid, 4, T0 - timedelta(days=60), None, 0)
        db.session.commit()
        dues = {
            q[0]: T0 - timedelta(days=1),
            q[1]: T0 - timedelta(days=5),
            q[2]: T0 + timedelta(hours=8),  # later today: due today all the same
            q[3]: T0 - timedelta(days=3),
        }
        for qid, due in dues.items():
            db.session.execute(update(Card).where(Card.question_id == qid).values(due=due))
        db.session.commit()
        queue = study.queue(student, classroom, T0)
        assert ids(queue) == [q[1], q[3], q[0], q[2], q[4]]
        assert [e.kind for e in queue.entries] == [CardKind.REVIEW] * 4 + [CardKind.NEW]
        assert (queue.new, queue.learning, queue.review) == (1, 0, 4)


def test_a_learning_card_due_now_is_merged_by_due_time(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q[0], 4, T0 - timedelta(days=60), None, 0)
        study.review(student, classroom, q[1], 1, T0 - timedelta(minutes=5), None, 0)
        db.session.execute(
            update(Card).where(Card.question_id == q[0]).values(due=T0 - timedelta(days=2))
        )
        db.session.commit()
        queue = study.queue(student, classroom, T0)
        assert ids(queue)[:2] == [q[0], q[1]]
        assert [e.kind for e in queue.entries[:2]] == [CardKind.REVIEW, CardKind.LEARNING]


def test_daily_limits_hold_cards_back_until_the_next_day(app: Flask, make: Factory) -> None:
    world = build_world(app, make, settings={"new_per_day": 2, "reviews_per_day": 2})
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        queue = study.queue(student, classroom, T0)
        assert ids(queue) == q[:2]
        assert queue.limited

        # Two new cards started today: no more new ones until tomorrow.
        study.review(student, classroom, q[0], 4, T0, None, 0)
        study.review(student, classroom, q[1], 4, T0, None, 0)
        db.session.commit()
        queue = study.queue(student, classroom, T0 + timedelta(minutes=1))
        assert queue.entries == ()
        assert queue.limited
        assert queue.next_due == queue.day.end  # the new cards left, tomorrow

        tomorrow = T0 + timedelta(days=1)
        study.review(student, classroom, q[2], 4, tomorrow, None, 0)
        db.session.commit()
        # Long after, three review cards are due but only two reviews a day are allowed.
        much_later = T0 + timedelta(days=400)
        queue = study.queue(student, classroom, much_later)
        reviews = [e for e in queue.entries if e.kind is CardKind.REVIEW]
        assert len(reviews) == 2 and queue.review == 2
        study.review(student, classroom, reviews[0].question_id, 3, much_later, None, 1)
        db.session.commit()
        queue = study.queue(student, classroom, much_later + timedelta(minutes=1))
        assert queue.review == 1


def test_the_day_starts_at_4am_in_the_students_zone(app: Flask, make: Factory) -> None:
    """A student in New York (UTC-4 in March): 3:30 a.m. is still the day before."""
    world = build_world(app, make, timezone="America/New_York", settings={"new_per_day": 1})
    q = world.question_ids
    night = datetime(2025, 3, 11, 7, 30, tzinfo=UTC)  # 3:30 EDT
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q[0], 4, night, None, 0)
        db.session.commit()
        # 3:50: the same study day, whose one new card is done.
        queue = study.queue(student, classroom, night + timedelta(minutes=20))
        assert queue.new == 0
        assert queue.day.end == datetime(2025, 3, 11, 8, 0, tzinfo=UTC)
        # 4:10: a new day, a new card.
        queue = study.queue(student, classroom, night + timedelta(minutes=40))
        assert queue.new == 1 and ids(queue) == [q[1]]


def test_siblings_are_buried_for_the_day(app: Flask, make: Factory) -> None:
    specs = [
        Spec("Who founded Rome?", "Romulus", ("f-rome",)),
        Spec("When was Rome founded?", "753 BC", ("f-rome",), kind="date"),
        Spec("What is the capital of France?", "Paris", ("f-france",)),
        Spec("Which river crosses Rome?", "Tiber", ()),
    ]
    world = build_world(app, make, specs)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        # The second card of the fact waits: its sibling is ahead of it in the queue.
        assert ids(study.queue(student, classroom, T0)) == [q[0], q[2], q[3]]
        study.review(student, classroom, q[0], 4, T0, None, 0)
        db.session.commit()
        # Its sibling was reviewed today: still buried.
        assert ids(study.queue(student, classroom, T0 + timedelta(minutes=5))) == [q[2], q[3]]
        # Tomorrow it comes back.
        tomorrow = T0 + timedelta(days=1)
        assert q[1] in ids(study.queue(student, classroom, tomorrow))


def test_due_review_siblings_are_buried_too(app: Flask, make: Factory) -> None:
    specs = [
        Spec("Who founded Rome?", "Romulus", ("f-rome",)),
        Spec("When was Rome founded?", "753 BC", ("f-rome",), kind="date"),
    ]
    world = build_world(app, make, specs)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q[0], 4, T0 - timedelta(days=90), None, 0)
        study.review(student, classroom, q[1], 4, T0 - timedelta(days=89), None, 0)
        for qid, days in ((q[0], 2), (q[1], 3)):  # both due; the second more overdue
            db.session.execute(
                update(Card).where(Card.question_id == qid).values(due=T0 - timedelta(days=days))
            )
        db.session.commit()
        queue = study.queue(student, classroom, T0)
        assert ids(queue) == [q[1]]
        assert queue.review == 1


def test_when_nothing_is_left_the_next_due_time_is_known(app: Flask, make: Factory) -> None:
    world = build_world(app, make, [Spec("What is the capital of Italy?", "Rome", ("f",))])
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 1, T0, None, 0)  # Again: due in a minute
        study.review(student, classroom, q0, 3, T0 + timedelta(minutes=1), None, 1)
        db.session.commit()
        # Due at +11 minutes: within the learn-ahead window at +1 minute...
        assert ids(study.queue(student, classroom, T0 + timedelta(minutes=1))) == [q0]
        set_settings(world.class_id, learning_steps="1m 1h")
        study.review(student, classroom, q0, 1, T0 + timedelta(minutes=2), None, 2)
        study.review(student, classroom, q0, 3, T0 + timedelta(minutes=3), None, 3)
        db.session.commit()
        row = card(student.id, classroom.id, q0)
        assert row is not None and row["due"] == T0 + timedelta(minutes=63)
        queue = study.queue(student, classroom, T0 + timedelta(minutes=4))
        assert queue.entries == ()
        assert queue.next_due == T0 + timedelta(minutes=63)


def test_settings_default_to_ankis_until_saved(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    with app.app_context():
        _student, classroom = actors(world)
        settings = study.settings_for(classroom)
        assert settings.id is None  # nothing written on read
        assert (settings.desired_retention, settings.learning_steps) == (0.9, "1m 10m")
        assert (settings.new_per_day, settings.reviews_per_day) == (20, 200)
        assert settings.choices_display is ChoicesDisplay.CHOICES
        assert settings.quiz_feeds_study is True
        assert db.session.query(StudySettings).count() == 0

        values = study.SettingsValues(
            desired_retention=0.85,
            learning_steps="2M  20m",
            relearning_steps="5m",
            maximum_interval_days=1000,
            new_per_day=5,
            reviews_per_day=50,
            choices_display=ChoicesDisplay.SHORT_ANSWER,
            quiz_feeds_study=False,
        )
        study.save_settings(classroom, values)
        db.session.commit()
        saved = study.settings_for(classroom)
        assert saved.id is not None
        assert (saved.learning_steps, saved.new_per_day) == ("2m 20m", 5)
        assert saved.choices_display is ChoicesDisplay.SHORT_ANSWER
