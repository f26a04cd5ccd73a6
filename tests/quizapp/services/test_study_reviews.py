"""Recording reviews: two tabs, undo, and quizzes feeding study."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import fsrs
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Card, Quiz, QuizQuestion, ReviewSource, User
from quizapp.services import attempts as attempt_service
from quizapp.services import saving, study
from quizapp.services.study import AlreadyReviewed, AlreadyUndone, NothingToUndo, StudyError
from quizapp.services.study import reviews as review_module
from quizapp.services.study.scheduling import next_state, settings_for_class_id
from tests.support.study import (
    CAPITALS,
    T0,
    StudyWorld,
    actors,
    build_world,
    card,
    reviews,
    set_settings,
)
from tests.support.web import Factory

# --------------------------------------------------------------------------- tampering


def test_a_question_not_studied_in_the_class_is_a_lookup_error(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    with app.app_context():
        student, classroom = actors(world)
        with pytest.raises(LookupError):
            study.review(student, classroom, 999_999, 3, T0, None, 0)
        other_class = db.session.get(type(classroom), world.other_class_id)
        with pytest.raises(LookupError):
            study.review(student, other_class, world.question_ids[0], 3, T0, None, 0)  # type: ignore[arg-type]
        for rating in (0, 5):
            with pytest.raises(ValueError):
                study.review(student, classroom, world.question_ids[0], rating, T0, None, 0)
        assert reviews(student.id, classroom.id) == []


# --------------------------------------------------------------------------- two tabs


def test_two_tabs_rating_one_new_card_record_one_review(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 3, T0, 2000, 0)
        db.session.commit()
        first = card(student.id, classroom.id, q0)
        with pytest.raises(AlreadyReviewed, match="already answered in another tab"):
            study.review(student, classroom, q0, 1, T0 + timedelta(seconds=2), 4000, 0)
        db.session.rollback()
        assert card(student.id, classroom.id, q0) == first
        assert len(reviews(student.id, classroom.id)) == 1


def test_two_tabs_rating_one_card_version_record_one_review(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 1, T0, None, 0)
        db.session.commit()
        study.review(student, classroom, q0, 3, T0 + timedelta(minutes=1), None, 1)
        db.session.commit()
        kept = card(student.id, classroom.id, q0)
        for version in (1, 0, 7, -1):  # stale, "new", invented
            with pytest.raises(AlreadyReviewed):
                study.review(student, classroom, q0, 4, T0 + timedelta(minutes=2), None, version)
            db.session.rollback()
        assert card(student.id, classroom.id, q0) == kept
        assert len(reviews(student.id, classroom.id)) == 2


def test_concurrent_reviews_from_two_tabs_leave_one_consistent_state(
    app: Flask, make: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tabs read the card at the same version before either writes (a barrier holds
    each after its read), then both rate it: whatever the ratings and however far the
    card had got, exactly one review is recorded, the other tab is told, and the card is
    as the winner's rating alone makes it. One class for all the examples; each starts
    with no cards."""
    world = build_world(app, make)
    q0 = world.question_ids[0]
    read = review_module._reviewable
    barrier: list[threading.Barrier] = []

    def read_then_wait(*args: Any) -> Any:
        found = read(*args)
        if barrier:
            barrier[0].wait()
        return found

    monkeypatch.setattr(review_module, "_reviewable", read_then_wait)

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        earlier=st.lists(st.sampled_from([1, 2, 3, 4]), max_size=3),
        ratings=st.tuples(st.sampled_from([1, 2, 3, 4]), st.sampled_from([1, 2, 3, 4])),
    )
    def check(earlier: list[int], ratings: tuple[int, int]) -> None:
        barrier.clear()
        with app.app_context():
            db.session.execute(delete(Card).where(Card.student_id == world.student.id))
            db.session.commit()
            student, classroom = actors(world)
            version, at = 0, T0
            for rating in earlier:
                version = study.review(student, classroom, q0, rating, at, None, version).version
                db.session.commit()
                at += timedelta(days=3)
            before = card(world.student.id, world.class_id, q0)
            logged = len(reviews(world.student.id, world.class_id))
            db.session.remove()
        barrier.append(threading.Barrier(2, timeout=10))
        results: dict[int, str] = {}

        def tab(n: int) -> None:
            with app.app_context():
                student, classroom = actors(world)
                try:
                    study.review(student, classroom, q0, ratings[n], at, None, version)
                    db.session.commit()
                    results[n] = "recorded"
                except AlreadyReviewed:
                    db.session.rollback()
                    results[n] = "refused"
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=tab, args=(n,)) for n in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(results.values()) == ["recorded", "refused"]
        winner = ratings[next(n for n, outcome in results.items() if outcome == "recorded")]
        with app.app_context():
            log = reviews(world.student.id, world.class_id)
            assert len(log) == logged + 1 and log[-1]["rating"] == winner
            row = card(world.student.id, world.class_id, q0)
            assert row is not None and row["version"] == version + 1
            fields = ("due", "stability", "difficulty", "state", "step", "last_review", "reps")
            alone = next_state(  # what the winner's rating gives on its own (fuzz aside)
                study.scheduler_for(settings_for_class_id(world.class_id), fuzz=False),
                None if before is None else study.CardState(**{k: before[k] for k in fields}),
                fsrs.Rating(winner),
                at,
            )
            assert row["state"] == alone.state and row["step"] == alone.step
            assert row["reps"] == alone.reps and row["last_review"] == alone.last_review

    check()


# --------------------------------------------------------------------------- undo


def test_undo_restores_every_field_of_the_card(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 3, T0 - timedelta(days=30), 5000, 0)
        study.review(student, classroom, q0, 3, T0 - timedelta(days=30, minutes=-10), 5000, 1)
        db.session.commit()
        before = card(student.id, classroom.id, q0)
        assert before is not None
        log_before = reviews(student.id, classroom.id)

        outcome = study.review(student, classroom, q0, 1, T0, 8000, before["version"])
        db.session.commit()
        assert card(student.id, classroom.id, q0) != before

        undone = study.undo_last(student, classroom, T0 + timedelta(seconds=30))
        db.session.commit()
        assert undone.question_id == q0 and undone.rating == 1
        after = card(student.id, classroom.id, q0)
        assert after is not None
        # Every field as it was; the version moves on, so a form shown before the undo
        # cannot rate the card a second time.
        assert {k: v for k, v in after.items() if k != "version"} == {
            k: v for k, v in before.items() if k != "version"
        }
        assert after["version"] == outcome.version + 1
        assert reviews(student.id, classroom.id) == log_before


def test_undo_deletes_a_card_its_review_created(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 3, T0, 1000, 0)
        db.session.commit()
        study.undo_last(student, classroom, T0 + timedelta(seconds=5))
        db.session.commit()
        assert card(student.id, classroom.id, q0) is None
        assert reviews(student.id, classroom.id) == []
        queue = study.queue(student, classroom, T0 + timedelta(seconds=6))
        assert queue.new == 5 and queue.current is not None and queue.current.version == 0


def test_undo_goes_back_one_review_at_a_time(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        snapshots = []
        plan = [(q[0], 3), (q[1], 1), (q[0], 3), (q[2], 4)]
        for n, (qid, rating) in enumerate(plan):
            snapshots.append((qid, card(student.id, classroom.id, qid)))
            current = card(student.id, classroom.id, qid)
            version = current["version"] if current else 0
            at = T0 + timedelta(minutes=10 * n)
            study.review(student, classroom, qid, rating, at, 0, version)
            db.session.commit()
        for qid, before in reversed(snapshots):
            assert study.undo_last(student, classroom, T0 + timedelta(hours=1)).question_id == qid
            db.session.commit()
            after = card(student.id, classroom.id, qid)
            if before is None:
                assert after is None
            else:
                assert after is not None
                assert {k: v for k, v in after.items() if k != "version"} == {
                    k: v for k, v in before.items() if k != "version"
                }
        with pytest.raises(NothingToUndo):
            study.undo_last(student, classroom, T0 + timedelta(hours=1))


def test_undo_is_for_todays_study_reviews_only(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q = world.question_ids
    day2 = T0 + timedelta(days=1)
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q[0], 3, T0, None, 0)
        db.session.commit()
        with pytest.raises(NothingToUndo):  # yesterday's review stays
            study.undo_last(student, classroom, T0 + timedelta(days=1))

        # A quiz mistake is not undone: undo skips it for the last study review.
        study.review(student, classroom, q[1], 3, T0 + timedelta(days=1), None, 0)
        study.record_quiz_mistakes(student.id, classroom.id, [q[2]], day2 + timedelta(hours=1))
        db.session.commit()
        undone = study.undo_last(student, classroom, T0 + timedelta(days=1, hours=2))
        assert undone.question_id == q[1]
        db.session.commit()
        assert card(student.id, classroom.id, q[2]) is not None

        # Once a quiz has changed the card since, its study rating stays.
        study.review(student, classroom, q[3], 3, T0 + timedelta(days=1, hours=3), None, 0)
        study.record_quiz_mistakes(student.id, classroom.id, [q[3]], day2 + timedelta(hours=4))
        db.session.commit()
        with pytest.raises(StudyError, match="answered in a quiz since"):
            study.undo_last(student, classroom, T0 + timedelta(days=1, hours=5))


def test_undo_takes_back_only_the_rating_the_page_offered(app: Flask, make: Factory) -> None:
    """The queue names today's last study review (quiz mistakes are not offered); an undo
    naming any other review (a second click, a stale tab) changes nothing."""
    world = build_world(app, make)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        assert study.queue(student, classroom, T0).last_review_id is None
        first = study.review(student, classroom, q[0], 3, T0, None, 0)
        second = study.review(student, classroom, q[1], 3, T0 + timedelta(minutes=1), None, 0)
        study.record_quiz_mistakes(student.id, classroom.id, [q[2]], T0 + timedelta(minutes=2))
        db.session.commit()
        at = T0 + timedelta(minutes=3)
        assert study.queue(student, classroom, at).last_review_id == second.review_id

        log = reviews(student.id, classroom.id)
        for stale in (first.review_id, 0):
            with pytest.raises(AlreadyUndone):
                study.undo_last(student, classroom, at, shown=stale)
            assert reviews(student.id, classroom.id) == log

        assert study.undo_last(student, classroom, at, shown=second.review_id).question_id == q[1]
        db.session.commit()
        with pytest.raises(AlreadyUndone):  # the same form, posted again
            study.undo_last(student, classroom, at, shown=second.review_id)
        assert study.queue(student, classroom, at).last_review_id == first.review_id
        assert study.undo_last(student, classroom, at, shown=first.review_id).question_id == q[0]
        db.session.commit()
        with pytest.raises(AlreadyUndone):
            study.undo_last(student, classroom, at, shown=first.review_id)
        with pytest.raises(NothingToUndo):  # the page offered nothing, and there is nothing
            study.undo_last(student, classroom, at, shown=0)

        # A page shown before the day ended offers a rating that is yesterday's now.
        late = study.review(student, classroom, q[3], 3, T0 + timedelta(hours=3), None, 0)
        db.session.commit()
        with pytest.raises(NothingToUndo):
            study.undo_last(student, classroom, T0 + timedelta(days=1), shown=late.review_id)


def test_a_stale_undo_never_takes_back_a_newer_rating(app: Flask, make: Factory) -> None:
    """Undo deletes the last review, and the next one must not get its id: a tab still
    offering the deleted one would then undo the new rating (SQLite gives a deleted last
    row's id again unless the table is AUTOINCREMENT)."""
    world = build_world(app, make)
    q = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        first = study.review(student, classroom, q[0], 3, T0, None, 0)
        db.session.commit()
        study.undo_last(student, classroom, T0 + timedelta(minutes=1), shown=first.review_id)
        db.session.commit()
        second = study.review(student, classroom, q[1], 3, T0 + timedelta(minutes=2), None, 0)
        db.session.commit()
        assert second.review_id != first.review_id
        with pytest.raises(AlreadyUndone):  # the tab that still offers the first rating
            study.undo_last(student, classroom, T0 + timedelta(minutes=3), shown=first.review_id)
        assert len(reviews(student.id, classroom.id)) == 1


def test_a_rating_form_from_before_an_undo_is_refused(app: Flask, make: Factory) -> None:
    world = build_world(app, make)
    q0 = world.question_ids[0]
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 1, T0, None, 0)
        study.review(student, classroom, q0, 3, T0 + timedelta(minutes=1), None, 1)
        study.undo_last(student, classroom, T0 + timedelta(minutes=2))
        db.session.commit()
        with pytest.raises(AlreadyReviewed):
            study.review(student, classroom, q0, 3, T0 + timedelta(minutes=3), None, 1)


# --------------------------------------------------------------------------- quizzes feed study


def take_quiz(
    app: Flask, world: StudyWorld, answers: dict[int, str], at: Any, quiz_id: int | None = None
) -> None:
    """Answer a quiz's questions (by question id) and submit, through the quiz service:
    the world's quiz unless another is named."""
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id or world.quiz_id)
        student = db.session.get(User, world.student.id)
        assert quiz is not None and student is not None
        attempt = attempt_service.start(quiz, student, world.class_id, at)
        by_question = {item.question_id: item.id for item in quiz.items}
        form = {f"q-{by_question[qid]}": text for qid, text in answers.items()}
        saving.save_in_transaction(student.id, attempt.id, form, list(by_question.values()), at)
        attempt_service.submit(attempt, at + timedelta(minutes=5))
        db.session.commit()


def open_quiz_again(app: Flask, world: StudyWorld) -> int:
    """A second quiz of the world's questions, open (no due date) and published to its class."""
    with app.app_context():
        quiz = Quiz(owner_id=world.teacher.id, title="Capitals again", shuffle_questions=False)
        for position, qid in enumerate(world.question_ids, start=1):
            quiz.items.append(QuizQuestion(question_id=qid, position=position))
        quiz.assignments.append(Assignment(class_id=world.class_id, published_at=T0))
        db.session.add(quiz)
        db.session.commit()
        return quiz.id


def test_a_wrong_quiz_answer_makes_the_card_due_soon(app: Flask, make: Factory) -> None:
    world = build_world(app, make, CAPITALS[:2], due_at=None)
    q0, q1 = world.question_ids
    take_quiz(app, world, {q0: "Berlin", q1: "Paris"}, T0)
    finished = T0 + timedelta(minutes=5)
    with app.app_context():
        row = card(world.student.id, world.class_id, q0)
        assert row is not None
        assert (row["state"], row["step"]) == (int(fsrs.State.Learning), 0)
        assert row["due"] == finished + timedelta(minutes=1)  # the first learning step
        assert card(world.student.id, world.class_id, q1) is None  # right: nothing
        (entry,) = reviews(world.student.id, world.class_id)
        assert (entry["rating"], entry["source"], entry["reviewed_at"]) == (
            1,
            ReviewSource.QUIZ,
            finished,
        )
        # It is in the study queue, as a learning card, and its sibling-free peer is new.
        student, classroom = actors(world)
        queue = study.queue(student, classroom, finished + timedelta(minutes=1))
        assert [(e.question_id, e.kind) for e in queue.entries] == [
            (q0, study.CardKind.LEARNING),
            (q1, study.CardKind.NEW),
        ]


def test_a_lapse_in_a_quiz_sends_a_review_card_to_relearning(app: Flask, make: Factory) -> None:
    world = build_world(app, make, CAPITALS[:2])
    q0, q1 = world.question_ids
    with app.app_context():
        student, classroom = actors(world)
        study.review(student, classroom, q0, 4, T0 - timedelta(days=3), None, 0)
        db.session.commit()
    again = open_quiz_again(app, world)
    take_quiz(app, world, {q0: "", q1: "Paris"}, T0, again)  # left blank: wrong
    with app.app_context():
        row = card(world.student.id, world.class_id, q0)
        assert row is not None
        assert (row["state"], row["step"]) == (int(fsrs.State.Relearning), 0)
        assert row["due"] == T0 + timedelta(minutes=5 + 10)  # the relearning step


def test_quizzes_feed_study_only_when_the_class_says_so(app: Flask, make: Factory) -> None:
    world = build_world(app, make, CAPITALS[:2], due_at=None)
    with app.app_context():
        set_settings(world.class_id, quiz_feeds_study=False)
    take_quiz(app, world, {qid: "Berlin" for qid in world.question_ids}, T0)
    with app.app_context():
        assert reviews(world.student.id, world.class_id) == []
        assert db.session.query(Attempt).one().finished_at is not None


def test_finishing_twice_feeds_study_once(app: Flask, make: Factory) -> None:
    world = build_world(app, make, CAPITALS[:1], due_at=None)
    take_quiz(app, world, {world.question_ids[0]: "Berlin"}, T0)
    with app.app_context():
        attempt = db.session.query(Attempt).one()
        assert attempt_service.finish(attempt, T0 + timedelta(hours=1)) is False
        db.session.commit()
        assert len(reviews(world.student.id, world.class_id)) == 1
