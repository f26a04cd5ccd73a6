"""The day's study queue: due cards first (most overdue first), then new cards.

Built from a handful of SQL queries whatever the number of cards (today's reviews, the
learning cards, the review cards due, the new questions), each bounded by the daily
limits and served by an index: `ix_cards_student_class_due` for cards,
`ix_reviews_student_class_reviewed_at` for today's reviews.

The rules, as in Anki:

* review cards due by the end of the study day (4 a.m. local), oldest due first, at most
  `reviews_per_day` minus the reviews of review cards already done today;
* learning and relearning cards when they are due (they are not limited: they were
  started and must be finished), merged with the reviews by due time;
* then new cards, in the order the teacher published them (publication time, then
  position in the quiz), at most `new_per_day` minus the new cards started today;
* learning cards due within `LEARN_AHEAD` come last, when nothing else is left;
* siblings (cards of the same fact) are buried: a new or review card is left for
  tomorrow when a sibling was reviewed today or is ahead of it in the queue.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import fsrs
from sqlalchemy import Select, func, or_, select

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Card,
    Classroom,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    Review,
    ReviewSource,
    User,
)
from quizapp.services import answer_keys
from quizapp.services.study.cards import sibling_key, studyable
from quizapp.services.study.scheduling import LEARN_AHEAD, StudyDay, settings_for, study_day

BURY_SLACK = 50
"""Rows fetched beyond a limit, so a few buried siblings do not need another query."""

LEARNING_CAP = 1000
"""At most this many learning cards are read at once: a safety bound, never reached by
someone studying (learning cards come from at most a day's new cards and lapses)."""


class CardKind(enum.StrEnum):
    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"


@dataclass(frozen=True)
class QueueEntry:
    """One card in the queue; `version` is 0 for a new card (no row yet)."""

    question_id: int
    kind: CardKind
    version: int
    due: datetime | None
    sibling_key: str


@dataclass(frozen=True)
class Queue:
    """The cards left to study today, in order, and the counts for the header.

    `next_due` is only worked out when nothing is left: when study can go on (a learning
    card's next step, tomorrow's reviews or new cards), for "come back at ...".
    """

    day: StudyDay
    entries: tuple[QueueEntry, ...]
    new: int
    learning: int
    review: int
    next_due: datetime | None = None
    limited: bool = False  # a daily limit held cards back
    last_review_id: int | None = None  # today's last study review: what Undo takes back

    @property
    def current(self) -> QueueEntry | None:
        return self.entries[0] if self.entries else None

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review

    def entry(self, question_id: int) -> QueueEntry | None:
        return next((e for e in self.entries if e.question_id == question_id), None)


@dataclass
class _Today:
    """What today's reviews mean for the queue (one query)."""

    reviews_done: int = 0
    new_done: int = 0
    touched: dict[str, set[int]] = field(default_factory=dict)  # sibling key -> questions
    last_study: int | None = None  # the id of the last study review


def _today(student_id: int, class_id: int, day: StudyDay) -> _Today:
    rows = db.session.execute(
        select(
            Review.id,
            Review.source,
            Review.created_card,
            Review.prior_state,
            Card.sibling_key,
            Card.question_id,
        )
        .join(Card, Card.id == Review.card_id)
        .where(
            Review.student_id == student_id,
            Review.class_id == class_id,
            Review.reviewed_at >= day.start,
            Review.reviewed_at < day.end,
        )
    )
    today = _Today()
    for review_id, source, created, prior_state, key, question_id in rows:
        today.touched.setdefault(key, set()).add(question_id)
        if source is not ReviewSource.STUDY:
            continue
        today.last_study = max(review_id, today.last_study or 0)
        if created:
            today.new_done += 1
        elif prior_state == fsrs.State.Review:
            today.reviews_done += 1
    return today


def _cards(student_id: int, class_id: int, at: datetime) -> Select[int, datetime, int, int, str]:
    """A student's cards in a class whose question is still their card there at `at`."""
    return (
        select(Card.question_id, Card.due, Card.state, Card.version, Card.sibling_key)
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.student_id == student_id,
            Card.class_id == class_id,
            studyable(class_id, student_id, at),
        )
    )


def _new_questions(
    student_id: int, class_id: int, at: datetime
) -> Select[int, int, str, list[str]]:
    """The student's cards in the class with no card row yet, in publication order.

    A question in several published quizzes counts once, at its first publication. The
    questions that already have a card are dropped before ranking, so the window
    function only sorts the new ones (few, once a student is under way).
    """
    has_card = (
        select(Card.id)
        .where(
            Card.student_id == student_id,
            Card.class_id == class_id,
            Card.question_id == QuizQuestion.question_id,
        )
        .exists()
    )
    first = (
        select(
            QuizQuestion.question_id,
            Assignment.published_at,
            Assignment.id.label("assignment_id"),
            QuizQuestion.position,
            func.row_number()
            .over(
                partition_by=QuizQuestion.question_id,
                order_by=(Assignment.published_at, Assignment.id, QuizQuestion.position),
            )
            .label("rank"),
        )
        .join(Assignment, Assignment.quiz_id == QuizQuestion.quiz_id)
        .join(Quiz, Quiz.id == QuizQuestion.quiz_id)
        .where(
            Assignment.class_id == class_id,
            ~has_card,
            answer_keys.released(student_id, at),
        )
        .subquery()
    )
    return (
        select(Question.id, Question.bank_id, Question.uid, Question.facts)
        .join(first, first.c.question_id == Question.id)
        .where(
            first.c.rank == 1,
            Question.status == QuestionStatus.APPROVED,
            Question.retired.is_(False),
        )
        .order_by(first.c.published_at, first.c.assignment_id, first.c.position, Question.id)
    )


def _pages(query: Select[*tuple[Any, ...]], wanted: int) -> Iterator[Any]:
    """The query's rows, fetched a limit-sized page at a time (plus slack for burying)."""
    offset = 0
    while True:
        size = wanted + BURY_SLACK
        rows = db.session.execute(query.limit(size).offset(offset)).all()
        yield from rows
        if len(rows) < size:
            return
        offset += size


def _pick(
    rows: Iterator[Any],
    wanted: int,
    make: Callable[[Any], QueueEntry],
    buried: Callable[[QueueEntry], bool],
    taken: set[str],
) -> tuple[list[QueueEntry], bool]:
    """Up to `wanted` unburied entries, adding their sibling keys to `taken`; and whether
    more were left (a daily limit held them back)."""
    picked: list[QueueEntry] = []
    for row in rows:
        entry = make(row)
        if buried(entry):
            continue
        if len(picked) == wanted:
            return picked, True
        picked.append(entry)
        taken.add(entry.sibling_key)
    return picked, False


def queue(student: User, classroom: Classroom, at: datetime) -> Queue:
    """The student's queue in the class at `at` (see the module doc for the rules)."""
    settings = settings_for(classroom)
    day = study_day(at, student.timezone)
    today = _today(student.id, classroom.id, day)
    cards = _cards(student.id, classroom.id, at)

    learning = [
        QueueEntry(r.question_id, CardKind.LEARNING, r.version, r.due, r.sibling_key)
        for r in db.session.execute(
            cards.where(Card.state != int(fsrs.State.Review), Card.due <= at + LEARN_AHEAD)
            .order_by(Card.due, Card.id)
            .limit(LEARNING_CAP)
        )
    ]
    taken = {e.sibling_key for e in learning}

    def buried(entry: QueueEntry) -> bool:
        others = today.touched.get(entry.sibling_key, set()) - {entry.question_id}
        return entry.sibling_key in taken or bool(others)

    reviews_left = max(0, settings.reviews_per_day - today.reviews_done)
    due_reviews = cards.where(
        Card.state == int(fsrs.State.Review),
        Card.due < day.end,
        or_(Card.last_review.is_(None), Card.last_review < day.start),
    ).order_by(Card.due, Card.id)
    reviews, reviews_held = _pick(
        _pages(due_reviews, reviews_left),
        reviews_left,
        lambda r: QueueEntry(r.question_id, CardKind.REVIEW, r.version, r.due, r.sibling_key),
        buried,
        taken,
    )

    new_left = max(0, settings.new_per_day - today.new_done)
    new, new_held = _pick(
        _pages(_new_questions(student.id, classroom.id, at), new_left),
        new_left,
        lambda r: QueueEntry(
            r.id, CardKind.NEW, 0, None, sibling_key(r.bank_id, r.uid, list(r.facts or []))
        ),
        buried,
        taken,
    )

    due_now = sorted(
        [e for e in learning if e.due is not None and e.due <= at] + reviews,
        key=lambda e: e.due or at,
    )
    ahead = [e for e in learning if e.due is not None and e.due > at]
    entries = tuple(due_now + new + ahead)
    result = Queue(
        day=day,
        entries=entries,
        new=len(new),
        learning=len(learning),
        review=len(reviews),
        limited=reviews_held or new_held,
        last_review_id=today.last_study,
    )
    if entries:
        return result
    return replace(
        result,
        new=0,
        learning=0,
        review=0,
        next_due=_next_due(student.id, classroom.id, day, at),
    )


def _next_due(student_id: int, class_id: int, day: StudyDay, at: datetime) -> datetime | None:
    """When the next card can be studied, once today's queue is empty.

    A learning card at its due time; a review card or a new card no earlier than the
    next study day (today's were done, held back by a limit, or buried).
    """
    cards = _cards(student_id, class_id, at).subquery()
    soonest_learning, soonest_review = db.session.execute(
        select(
            func.min(cards.c.due).filter(cards.c.state != int(fsrs.State.Review)),
            func.min(cards.c.due).filter(cards.c.state == int(fsrs.State.Review)),
        )
    ).one()
    candidates = []
    if soonest_learning is not None:
        candidates.append(soonest_learning)
    if soonest_review is not None:
        candidates.append(max(soonest_review, day.end))
    if db.session.execute(_new_questions(student_id, class_id, at).limit(1)).first() is not None:
        candidates.append(day.end)
    return min(candidates) if candidates else None
