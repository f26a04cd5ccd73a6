"""Taking a quiz: starting attempts, the deadline, grading (saving answers is in `saving`).

Everything here is about the rules, not HTTP, and is tested without a request. Three
promises hold whatever the browser does:

* one unfinished attempt per student and quiz: a double click or a second tab resumes it
  (the unique (quiz, student, number) constraint decides races; the loser re-reads);
* the server owns the clock: after the deadline (plus a short grace for the last request in
  flight) nothing more is saved, and the attempt is finished with what was saved in time;
* what reaches the take page is built from `TakeItem`s, which carry no answer, accepted
  spelling or source sentence until feedback is due (`Reveal`).
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from questions.grading import MAX_RESPONSE_CHARS
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    Classroom,
    Quiz,
    QuizQuestion,
    User,
)
from quizapp.models.attempts import GRACE
from quizapp.services import answer_keys, study
from quizapp.services.answer_keys import Hidden
from quizapp.services.marking import (
    CHOICE_TYPES,
    ORDER_SEP,
    TYPED_TYPES,
    QuestionData,
    answer_steps,
    is_correct,
    option_order,
)


class AttemptError(ValueError):
    """A user-facing refusal: the message is shown as it is."""


class AttemptClosed(AttemptError):
    """The attempt is finished (submitted, or just now by its deadline): show the result."""


class QuizState(enum.StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    CLOSED = "closed"


@dataclass(frozen=True)
class Standing:
    """Where a student stands with one quiz at a moment: what the dashboard shows."""

    state: QuizState
    used: int
    allowed: int  # 0: unlimited
    current: Attempt | None = None  # the unfinished attempt, if any
    last: Attempt | None = None  # the latest finished attempt, if any

    @property
    def left(self) -> int | None:
        return None if self.allowed == 0 else max(0, self.allowed - self.used)


# --------------------------------------------------------------------------- the clock


def expired(attempt: Attempt, at: datetime) -> bool:
    deadline = attempt.deadline
    return deadline is not None and at > deadline + GRACE


def touch(attempt: Attempt, at: datetime) -> bool:
    """Finish the attempt if its time ran out; True if this call finished it.

    Called whenever an attempt is looked at (take, save, submit, dashboard), so an attempt
    abandoned at its deadline is graded with the answers saved in time.
    """
    if attempt.finished_at is None and expired(attempt, at):
        return finish(attempt, attempt.deadline or at)
    return False


def standing(quiz: Quiz, student: User, at: datetime) -> Standing:
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.quiz_id == quiz.id, Attempt.student_id == student.id)
            .order_by(Attempt.number)
        )
    )
    for attempt in attempts:
        touch(attempt, at)
    current = next((a for a in attempts if a.finished_at is None), None)
    finished = [a for a in attempts if a.finished_at is not None]
    last = finished[-1] if finished else None
    used, allowed = len(attempts), quiz.attempts_allowed
    if current is not None:
        state = QuizState.IN_PROGRESS
    elif not quiz.is_open(at):
        state = QuizState.NOT_OPEN
    elif quiz.is_past_due(at):
        state = QuizState.FINISHED if last else QuizState.CLOSED
    elif allowed == 0 or used < allowed:
        state = QuizState.OPEN
    else:
        state = QuizState.FINISHED
    return Standing(state, used, allowed, current, last)


# --------------------------------------------------------------------------- starting


def start(quiz: Quiz, student: User, class_id: int | None, at: datetime) -> Attempt:
    """The student's unfinished attempt, or a new one if the quiz allows it.

    Call it first in a unit of work: on a lost race it rolls the session back and reads
    the winner's attempt, so two tabs clicking "Start" at once share one attempt.
    """
    for _ in range(3):
        current = standing(quiz, student, at)
        if current.current is not None:
            return current.current
        _check_can_start(quiz, current)
        number = current.used + 1
        attempt = Attempt(
            quiz_id=quiz.id,
            student_id=student.id,
            class_id=class_id,
            number=number,
            started_at=at,
            deadline_at=_deadline(quiz, at),
            order=_question_order(quiz, student, number),
        )
        db.session.add(attempt)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            continue
        return attempt
    raise AttemptError("The quiz could not be started just now: please try again.")


def _check_can_start(quiz: Quiz, current: Standing) -> None:
    if current.state is QuizState.NOT_OPEN:
        raise AttemptError("This quiz is not open yet.")
    if current.state is QuizState.CLOSED or (
        current.state is QuizState.FINISHED and current.left != 0
    ):
        raise AttemptError("This quiz is closed: its due date has passed.")
    if current.state is QuizState.FINISHED:
        raise AttemptError(f"You have used all {current.allowed} of your attempts at this quiz.")
    if not quiz.items:
        raise AttemptError("This quiz has no questions yet.")


def _deadline(quiz: Quiz, at: datetime) -> datetime | None:
    """The earlier of the time limit and the due date: a due date closes open attempts too."""
    limits = [at + timedelta(minutes=quiz.time_limit_minutes)] if quiz.time_limit_minutes else []
    if quiz.due_at is not None:
        limits.append(quiz.due_at)
    return min(limits) if limits else None


def _question_order(quiz: Quiz, student: User, number: int) -> list[int]:
    ids = [item.id for item in sorted(quiz.items, key=lambda i: (i.position, i.id))]
    if quiz.shuffle_questions:
        random.Random(f"order:{quiz.id}:{student.id}:{number}").shuffle(ids)
    return ids


# --------------------------------------------------------------------------- saving


def read_response(
    question: QuestionData, form: Mapping[str, str], item_id: int, order: Sequence[int]
) -> str | None:
    """The response to one question in a submitted form; None if the form did not carry it.

    Options arrive as their place in the list shown (`order`, from `option_order`), never as
    the stored index: the stored order of ordering items can be the answer's order reversed,
    so the page must not reveal it. Choices are stored as their text; ordering as the items
    in the chosen order joined by " → " (unplaced items left out, ties in the order shown).
    """
    name = f"q-{item_id}"
    choices = list(question.choices or [])
    if question.type in CHOICE_TYPES:
        raw = form.get(name)
        if raw is None or raw == "":
            return None
        if not raw.isdecimal() or int(raw) >= len(order):
            raise AttemptError("That answer is not one of the options.")
        return choices[order[int(raw)]]
    if question.type == "ordering":
        placed: list[tuple[int, int, int]] = []
        present = False
        for shown, index in enumerate(order):
            raw = form.get(f"{name}-{shown}")
            if raw is None:
                continue
            present = True
            if raw == "":
                continue
            if not raw.isdecimal() or not 1 <= int(raw) <= len(order):
                raise AttemptError(f"Positions go from 1 to {len(order)}.")
            placed.append((int(raw), shown, index))
        if not present:
            return None
        return ORDER_SEP.join(choices[index] for _, _, index in sorted(placed))
    raw = form.get(name)
    return None if raw is None else " ".join(raw.split())[:MAX_RESPONSE_CHARS]


def shown_order(attempt: Attempt | None, item: QuizQuestion) -> list[int]:
    """The options of an item in the order this attempt (or a preview) shows them."""
    seed = f"{attempt.id if attempt is not None else 'preview'}:{item.id}"
    return option_order(item.question, shuffle=item.quiz.shuffle_choices, seed=seed)


def _items_of(attempt: Attempt) -> dict[int, QuizQuestion]:
    """The attempt's questions by id, limited to the ones it was started with."""
    wanted = set(attempt.order or [])
    return {item.id: item for item in attempt.quiz.items if item.id in wanted}


# --------------------------------------------------------------------------- grading


def _mark(answer: Answer, item: QuizQuestion) -> None:
    answer.correct = is_correct(item.question, answer.response)
    answer.mark = item.points if answer.correct else 0.0


def submit(attempt: Attempt, at: datetime) -> bool:
    """Finish and grade the attempt; False if it was already finished (double submit).

    After the deadline the attempt is finished at its deadline, with the answers saved by
    then: the form sent with a late submit is not read.
    """
    if attempt.finished_at is None and touch(attempt, at):
        return True
    return finish(attempt, at)


def finish(attempt: Attempt, finished_at: datetime) -> bool:
    """Mark the attempt finished and grade it, once: a conditional UPDATE picks one winner.

    Two submits racing both run the UPDATE; the database lets only one change the row, so
    grading happens once and both requests then show the same result. The questions
    missed are then recorded for study (`study.record_quiz_mistakes`), once too.
    """
    db.session.flush()
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        .values(finished_at=finished_at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.refresh(attempt)
        return False
    db.session.refresh(attempt)
    items = _items_of(attempt)
    answers = {a.quiz_question_id: a for a in attempt.answers}
    score = maximum = 0.0
    wrong: list[int] = []
    for item_id in attempt.order or []:
        item = items.get(item_id)
        if item is None:
            continue
        answer = answers.get(item_id)
        if answer is None:
            answer = Answer(quiz_question_id=item_id, response="")
            attempt.answers.append(answer)
        _mark(answer, item)
        score += answer.mark
        maximum += item.points
        if not answer.correct:
            wrong.append(item.question_id)
    attempt.score, attempt.max_score = score, maximum
    db.session.flush()
    # Quizzes feed study: each question missed (or left blank) comes back soon as a card.
    study.record_quiz_mistakes(attempt.student_id, attempt.class_id, wrong, finished_at)
    return True


# --------------------------------------------------------------------------- what pages show


@dataclass(frozen=True)
class Option:
    value: str  # index into the question's choices
    label: str


@dataclass(frozen=True)
class Reveal:
    """Feedback on one question: only built once the quiz's feedback setting allows it."""

    correct: bool
    mark: float
    response: str
    answer: str
    source_before: str
    source_mark: str
    source_after: str


@dataclass(frozen=True)
class TakeItem:
    """One question as a student sees it: no answer, no accepted spelling, no source."""

    number: int
    item_id: int
    type: str
    prompt: str
    points: float
    options: list[Option] = field(default_factory=list)
    text: str = ""  # typed response
    selected: str | None = None  # value of the chosen option
    positions: dict[str, int] = field(default_factory=dict)  # ordering: value -> position
    answered: bool = False
    locked: bool = False
    reveal: Reveal | None = None


def take_items(quiz: Quiz, attempt: Attempt | None, *, reveal: bool = False) -> list[TakeItem]:
    """The questions of an attempt (or of a preview when `attempt` is None), in its order.

    `reveal` adds feedback to every answered question (the result page); otherwise only
    answers locked by immediate feedback carry it.
    """
    by_id = {item.id: item for item in quiz.items}
    if attempt is not None:
        order = [by_id[i] for i in attempt.order or [] if i in by_id]
        answers = {a.quiz_question_id: a for a in attempt.answers}
    else:
        order = sorted(quiz.items, key=lambda i: (i.position, i.id))
        if quiz.shuffle_questions:
            random.Random(f"preview:{quiz.id}").shuffle(order)
        answers = {}
    return [
        _take_item(number, item, answers.get(item.id), shown_order(attempt, item), reveal)
        for number, item in enumerate(order, start=1)
    ]


def _take_item(
    number: int, item: QuizQuestion, answer: Answer | None, shown: list[int], reveal: bool
) -> TakeItem:
    """One question for the page; option values are places in the list shown (see above)."""
    question = item.question
    choices = list(question.choices or [])
    response = answer.response if answer is not None else ""
    options = [Option(str(k), choices[i]) for k, i in enumerate(shown)]
    selected: str | None = None
    positions: dict[str, int] = {}
    if question.type in CHOICE_TYPES and response in choices:
        selected = str(shown.index(choices.index(response)))
    if question.type == "ordering":
        steps = answer_steps(response)
        positions = {
            str(k): steps.index(choices[i]) + 1 for k, i in enumerate(shown) if choices[i] in steps
        }
    locked = answer is not None and answer.correct is not None
    revealed = answer is not None and (reveal or locked)
    return TakeItem(
        number=number,
        item_id=item.id,
        type=question.type,
        prompt=question.prompt,
        points=item.points,
        options=options,
        text=response if question.type in TYPED_TYPES else "",
        selected=selected,
        positions=positions,
        answered=bool(response),
        locked=locked,
        reveal=_reveal(item, answer) if revealed and answer is not None else None,
    )


def _reveal(item: QuizQuestion, answer: Answer) -> Reveal:
    q = item.question
    sentence, start, end = q.source_sentence or "", q.source_start, q.source_end
    if not 0 <= start < end <= len(sentence):
        start = end = len(sentence)
    correct = bool(answer.correct) if answer.correct is not None else is_correct(q, answer.response)
    return Reveal(
        correct=correct,
        mark=answer.mark,
        response=answer.response,
        answer=q.answer,
        source_before=sentence[:start],
        source_mark=sentence[start:end],
        source_after=sentence[end:],
    )


def answers_hidden(attempt: Attempt, at: datetime) -> Hidden | None:
    """Why the result page may not show the answers yet, or None when it may
    (the rule is `answer_keys`, the same as for study cards)."""
    if attempt.finished_at is None:
        return Hidden.UNFINISHED
    return answer_keys.hidden(attempt.quiz, attempt.student_id, at)


def details_visible(attempt: Attempt, at: datetime) -> bool:
    """Whether the result page may show answers (see `answers_hidden`)."""
    return answers_hidden(attempt, at) is None


# --------------------------------------------------------------------------- the dashboard


@dataclass(frozen=True)
class AssignedQuiz:
    quiz: Quiz
    standing: Standing


@dataclass(frozen=True)
class ClassQuizzes:
    classroom: Classroom
    quizzes: list[AssignedQuiz]


def assigned(student: User, at: datetime) -> list[ClassQuizzes]:
    """For each class the student is in, the quizzes published to it and where they stand.

    Looking finishes attempts whose time ran out, so the states shown are true.
    """
    classes = sorted((e.classroom for e in student.enrollments), key=lambda c: (c.name, c.id))
    far = datetime.max.replace(tzinfo=UTC)
    result = []
    for classroom in classes:
        quizzes = sorted(
            (a.quiz for a in classroom.assignments),
            key=lambda q: (q.due_at or far, q.title.casefold(), q.id),
        )
        result.append(
            ClassQuizzes(classroom, [AssignedQuiz(q, standing(q, student, at)) for q in quizzes])
        )
    return result
