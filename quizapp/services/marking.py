"""How a stored question is shown and marked: the order of its options, and whether a
response answers it.

Quizzes and study both need these, so they live apart from either: study must not import
the quiz rules, and finishing a quiz feeds study.
"""

from __future__ import annotations

import random
from typing import Protocol

from questions.grading import grade

ORDER_SEP = " → "
"""How an ordering answer is written: the engine's `answer` and our stored responses alike."""

CHOICE_TYPES = ("multiple_choice", "true_false")
TYPED_TYPES = ("short_answer", "cloze")


class QuestionData(Protocol):
    """What grading and reading a response need of a question: a row or a model alike."""

    @property
    def type(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def accept(self) -> list[str]: ...
    @property
    def choices(self) -> list[str]: ...


def option_order(question: QuestionData, *, shuffle: bool, seed: str) -> list[int]:
    """Indexes of `question.choices` in the order shown.

    True/false keeps "True, False". Ordering items are always shuffled, and never shown in
    the right order (that would give the answer away); other choices follow the quiz.
    """
    order = list(range(len(question.choices or [])))
    if question.type == "true_false":
        return order
    if question.type == "ordering" or shuffle:
        random.Random(seed).shuffle(order)
    if question.type == "ordering" and len(order) > 1:
        steps = answer_steps(question.answer)
        if [question.choices[i] for i in order] == steps:
            order = order[1:] + order[:1]
    return order


def answer_steps(text: str) -> list[str]:
    return [step for step in (s.strip() for s in text.split(ORDER_SEP.strip())) if step]


def is_correct(question: QuestionData, response: str) -> bool:
    """Whether a stored response answers the question.

    Ordering gets full marks only for the exact order and nothing otherwise: partial
    credit for "mostly in order" rewards guessing on four items and makes a mark harder
    to explain to a student than right/wrong.
    """
    if not response.strip():
        return False
    if question.type in CHOICE_TYPES:
        return response == question.answer
    if question.type == "ordering":
        return answer_steps(response) == answer_steps(question.answer)
    return grade(
        response,
        question.answer,
        accept=list(question.accept or []),
        kind=question.kind,
        choices=list(question.choices or []),
    ).correct
