"""Which questions are cards in a class, how a card is shown, and typed answers checked.

A question is in a class's deck while it is approved, not retired, and in a quiz published
to that class. It is a card for a student only once that student may see its answer under
the quiz's own feedback rule (`quizapp.services.answer_keys`): a flashcard's back is the
key, so studying must never show it earlier than the quiz's result page would. Quiz
mistakes are still recorded for a question in the deck; the card waits until it is
released. Unpublishing the quiz or retiring the question takes the card out of study
without deleting its history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import fsrs
from sqlalchemy import ColumnElement, Exists, and_, select
from sqlalchemy.orm import InstrumentedAttribute

from questions.grading import MAX_RESPONSE_CHARS, grade
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Card,
    ChoicesDisplay,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
)
from quizapp.services import answer_keys
from quizapp.services.answer_keys import StudentRef
from quizapp.services.marking import answer_steps, is_correct, option_order
from quizapp.services.study.scheduling import CardState

QuestionRef = ColumnElement[int] | InstrumentedAttribute[int]

# --------------------------------------------------------------------------- which questions


def published_in(
    class_id: int, question_id: QuestionRef, released: ColumnElement[bool] | None = None
) -> Exists:
    """EXISTS: the question is in some quiz published to the class (and, given `released`
    from `answer_keys`, one whose answers the student may see)."""
    query = (
        select(QuizQuestion.id)
        .join(Assignment, Assignment.quiz_id == QuizQuestion.quiz_id)
        .where(Assignment.class_id == class_id, QuizQuestion.question_id == question_id)
    )
    if released is not None:
        query = query.join(Quiz, Quiz.id == QuizQuestion.quiz_id).where(released)
    return query.exists()


def in_deck(class_id: int, released: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """The condition on `Question` for being in the class's deck (and, given `released`,
    in a quiz whose answers the student may see: see the module doc)."""
    return and_(
        Question.status == QuestionStatus.APPROVED,
        Question.retired.is_(False),
        published_in(class_id, Question.id, released),
    )


def studyable(
    class_id: int, student_id: StudentRef, at: datetime | None = None
) -> ColumnElement[bool]:
    """The condition on `Question` for being the student's card in the class at `at`
    (without `at`, at the moment bound by `answer_keys.bound_moment`)."""
    released = (
        answer_keys.released_bound(student_id)
        if at is None
        else answer_keys.released(student_id, at)
    )
    return in_deck(class_id, released)


def studyable_question(
    class_id: int, student_id: int, question_id: int, at: datetime
) -> Question | None:
    """The question if it is the student's card in this class; None for any other id (a 404)."""
    return db.session.scalar(
        select(Question).where(Question.id == question_id, studyable(class_id, student_id, at))
    )


def in_deck_ids(class_id: int, question_ids: Sequence[int]) -> list[Question]:
    """Those of these questions that are in the class's deck, in one query."""
    if not question_ids:
        return []
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.id.in_(set(question_ids)), in_deck(class_id))
            .order_by(Question.id)
        )
    )


def sibling_key(bank_id: int, uid: str, facts: Sequence[str] | None) -> str:
    """Cards of the same fact are siblings: the bank and the question's first fact id,
    or its own uid when it has no fact (then it has no siblings)."""
    return f"{bank_id}:{facts[0] if facts else uid}"[:160]


def key_of(question: Question) -> str:
    return sibling_key(question.bank_id, question.uid, question.facts)


# --------------------------------------------------------------------------- stored cards


@dataclass(frozen=True)
class StoredCard:
    """A card row as read for one review: its id, its version, and its scheduling state."""

    id: int
    version: int
    state: CardState


_STATE_COLUMNS = (
    Card.id,
    Card.version,
    Card.due,
    Card.stability,
    Card.difficulty,
    Card.state,
    Card.step,
    Card.last_review,
    Card.reps,
)


def stored_cards(
    student_id: int, class_id: int, question_ids: Sequence[int]
) -> dict[int, StoredCard]:
    """The student's card rows for these questions, by question id, in one query.

    Read as values, never as cached ORM objects: a review must see the version as the
    database has it now.
    """
    if not question_ids:
        return {}
    rows = db.session.execute(
        select(Card.question_id, *_STATE_COLUMNS).where(
            Card.student_id == student_id,
            Card.class_id == class_id,
            Card.question_id.in_(set(question_ids)),
        )
    )
    return {row.question_id: stored_from_row(row, row.id) for row in rows}


def stored_from_row(row: Any, card_id: int) -> StoredCard:
    """A card read as a row holding the state columns (`version`, `due`, ... `reps`)."""
    return StoredCard(
        id=card_id,
        version=row.version,
        state=CardState(
            due=row.due,
            stability=row.stability,
            difficulty=row.difficulty,
            state=row.state,
            step=row.step,
            last_review=row.last_review,
            reps=row.reps,
        ),
    )


def stored_card(student_id: int, class_id: int, question_id: int) -> StoredCard | None:
    return stored_cards(student_id, class_id, [question_id]).get(question_id)


# --------------------------------------------------------------------------- showing a card


@dataclass(frozen=True)
class Face:
    """A card as the study page shows it: the front, and the back once revealed.

    `options` are the choices shown (multiple choice with choices, true/false), their
    values being places in this list; `items` are an ordering question's items, shuffled
    and never in the right order; `typed` says the front offers a text box.
    """

    question_id: int
    type: str
    prompt: str
    options: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    typed: bool = False
    answer: str = ""
    answer_steps: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    source_before: str = ""
    source_mark: str = ""
    source_after: str = ""

    @property
    def answerable(self) -> bool:
        """Whether the front asks for an answer (a text box or a choice)."""
        return self.typed or bool(self.options)


def face(question: Question, display: ChoicesDisplay) -> Face:
    choices = list(question.choices or [])
    shown = [choices[i] for i in option_order(question, shuffle=True, seed=f"study:{question.id}")]
    options: list[str] = []
    items: list[str] = []
    typed = False
    if question.type == "true_false" or (
        question.type == "multiple_choice" and display is ChoicesDisplay.CHOICES
    ):
        options = shown
    elif question.type == "ordering":
        items = shown
    else:
        typed = True
    sentence = question.source_sentence or ""
    start, end = question.source_start, question.source_end
    if not 0 <= start < end <= len(sentence):
        start = end = len(sentence)
    return Face(
        question_id=question.id,
        type=question.type,
        prompt=question.prompt,
        options=options,
        items=items,
        typed=typed,
        answer=question.answer,
        answer_steps=answer_steps(question.answer) if question.type == "ordering" else [],
        accept=list(question.accept or []),
        source_before=sentence[:start],
        source_mark=sentence[start:end],
        source_after=sentence[end:],
    )


@dataclass(frozen=True)
class Verdict:
    """The grader's verdict on a typed (or picked) answer, and the rating it proposes."""

    response: str
    correct: bool

    @property
    def proposed(self) -> int:
        """Wrong proposes Again, right proposes Good; the student may still press another."""
        return int(fsrs.Rating.Good if self.correct else fsrs.Rating.Again)


def read_answer(card: Face, raw: str | None) -> str:
    """The response a front's form carries: a picked option's text, or the typed text."""
    if raw is None:
        return ""
    if card.options:
        return card.options[int(raw)] if raw.isdecimal() and int(raw) < len(card.options) else ""
    return " ".join(raw.split())[:MAX_RESPONSE_CHARS] if card.typed else ""


def check_answer(question: Question, response: str, display: ChoicesDisplay) -> Verdict | None:
    """Grade a response with the engine's grader; None when there is nothing to grade.

    A multiple-choice question studied as short answer is graded like a typed answer,
    with its choices passed so that another choice's text is never accepted.
    """
    if not response.strip() or question.type == "ordering":
        return None
    if question.type == "multiple_choice" and display is ChoicesDisplay.SHORT_ANSWER:
        correct = grade(
            response,
            question.answer,
            accept=list(question.accept or []),
            kind=question.kind,
            choices=list(question.choices or []),
        ).correct
    else:
        correct = is_correct(question, response)
    return Verdict(response=response, correct=correct)
