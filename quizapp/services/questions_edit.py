"""The rules a teacher's question must follow, whether edited or written by hand.

The checks are pure functions over a `QuestionDraft` (what the form holds) and return a
`QuestionValues` (what is stored), so every rule is tested without a request. They follow
the `quizapp.bank/1` contract (`questions.contract`) where a teacher could not notice a
break on their own: an answer missing from the choices, a cloze without its blank, an
answer given away by the prompt.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from quizapp.extensions import db
from quizapp.models import FACT_KINDS, QUESTION_TYPES, Bank, Question, QuestionStatus
from quizapp.services import banks

MIN_CHOICES = 4

ARROW = " → "
BLANK = "_____"
TRUTH = ("True", "False")
ORDERING_MIN, ORDERING_MAX = 3, 5
MAX_PROMPT = 1000
MAX_ANSWER = 300
DEFAULT_PROMPTS = {
    "ordering": "Put these events in chronological order, earliest first.",
}


@dataclass(frozen=True)
class QuestionDraft:
    """A question as the teacher typed it; `choices` holds an ordering's items in order."""

    type: str
    kind: str
    prompt: str
    answer: str = ""
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    source_sentence: str = ""


@dataclass(frozen=True)
class QuestionValues:
    """A checked question, ready to store."""

    type: str
    kind: str
    prompt: str
    answer: str
    accept: tuple[str, ...]
    choices: tuple[str, ...]
    source_sentence: str


@dataclass
class InvalidQuestion(ValueError):
    """The draft breaks rules; `errors` maps a form field name to what to fix."""

    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return " ".join(self.errors.values())


def lines(text: str | None) -> tuple[str, ...]:
    """Non-empty lines of a textarea, each with its spacing tidied."""
    return tuple(" ".join(line.split()) for line in (text or "").splitlines() if line.strip())


def _norm(text: str) -> str:
    """How two answers compare for the rules: case, spacing, dashes, articles ignored."""
    text = unicodedata.normalize("NFKC", text).lower().replace("–", "-").replace("—", "-")
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    text = re.sub(r"[^\w\s'-]", " ", text)
    return " ".join(text.split())


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if _norm(item) not in seen:
            seen.add(_norm(item))
            out.append(item)
    return tuple(out)


def _gives_away(prompt: str, answer: str) -> bool:
    norm_answer = _norm(answer)
    return len(norm_answer) > 3 and bool(
        re.search(r"(?<!\w)" + re.escape(norm_answer) + r"(?!\w)", _norm(prompt))
    )


def shuffled_items(items: tuple[str, ...], seed: str) -> tuple[str, ...]:
    """The ordering's items in an order that is stable for the question and never the answer."""
    out = sorted(items, key=lambda s: hashlib.sha256(f"{seed}\x00{s}".encode()).hexdigest())
    if len(out) > 1 and tuple(out) == items:
        out = out[1:] + out[:1]
    return tuple(out)


def check(draft: QuestionDraft, *, seed: str) -> QuestionValues:
    """The values to store, or `InvalidQuestion` naming each field to fix.

    `seed` (the question's uid) fixes the shuffled order of an ordering question.
    """
    errors: dict[str, str] = {}
    qtype, kind = draft.type, draft.kind
    prompt = " ".join(draft.prompt.split()) or DEFAULT_PROMPTS.get(qtype, "")
    answer = " ".join(draft.answer.split())
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    if qtype not in QUESTION_TYPES:
        raise InvalidQuestion({"type": f"Unknown question type {qtype!r}."})
    if kind not in FACT_KINDS:
        errors["kind"] = "Choose what kind of fact the answer is."
    if not prompt:
        errors["prompt"] = "Write the question."
    elif len(prompt) > MAX_PROMPT:
        errors["prompt"] = f"Keep the question under {MAX_PROMPT} characters."

    if qtype == "true_false":
        answer = next((t for t in TRUTH if t.lower() == answer.lower()), "")
        if not answer:
            errors["answer"] = "Say whether the statement is True or False."
        choices = TRUTH
    elif qtype == "ordering":
        items = draft.choices
        if any("→" in item for item in items):
            errors["choices"] = "An item cannot contain the arrow →; write one item per line."
        elif len(_unique(items)) != len(items):
            errors["choices"] = "Each item must be different from the others."
        elif not ORDERING_MIN <= len(items) <= ORDERING_MAX:
            errors["choices"] = (
                f"List {ORDERING_MIN} to {ORDERING_MAX} items, one per line, "
                f"in the correct order (you gave {len(items)})."
            )
        else:
            answer = ARROW.join(items)
            choices = shuffled_items(items, seed)
    else:
        if not answer:
            errors["answer"] = "Write the correct answer."
        elif len(answer) > MAX_ANSWER:
            errors["answer"] = f"Keep the answer under {MAX_ANSWER} characters."
        elif prompt and _gives_away(prompt, answer):
            errors["answer"] = "The question contains its answer: reword one of them."
        accept = tuple(a for a in _unique(draft.accept) if _norm(a) != _norm(answer))
        if qtype == "multiple_choice":
            choices = draft.choices
            distinct = _unique(choices)
            matches = [c for c in choices if _norm(c) == _norm(answer)]
            if len(distinct) != len(choices):
                errors["choices"] = "Each choice must be different from the others."
            elif len(choices) < MIN_CHOICES:
                # The bank contract (quizapp.bank/1) asks for the answer and three wrong ones.
                errors["choices"] = (
                    "Give at least four choices, one per line: the answer and three wrong ones."
                )
            elif answer and len(matches) != 1:
                errors["choices"] = "The correct answer must be one of the choices, exactly once."
            elif answer:
                choices = tuple(answer if _norm(c) == _norm(answer) else c for c in choices)
        elif qtype == "cloze":
            blanks = len(re.findall(r"_{3,}", prompt))
            if prompt and blanks != 1:
                errors.setdefault(
                    "prompt",
                    f"Mark the missing words with one blank: {BLANK}."
                    if blanks == 0
                    else f"Use one blank {BLANK} only.",
                )
            prompt = re.sub(r"_{3,}", BLANK, prompt)
        elif qtype == "short_answer" and prompt and not prompt.endswith("?"):
            errors.setdefault("prompt", "A short-answer question ends with a question mark.")
    if errors:
        raise InvalidQuestion(errors)
    return QuestionValues(
        type=qtype,
        kind=kind,
        prompt=prompt,
        answer=answer,
        accept=accept,
        choices=choices,
        source_sentence=" ".join(draft.source_sentence.split()),
    )


def draft_of(question: Question) -> QuestionDraft:
    """What the edit form starts from; an ordering shows its items in the correct order."""
    ordering = question.type == "ordering"
    return QuestionDraft(
        type=question.type,
        kind=question.kind,
        prompt=question.prompt,
        answer="" if ordering else question.answer,
        accept=tuple(question.accept or ()),
        choices=tuple(question.answer.split(ARROW)) if ordering else tuple(question.choices or ()),
        source_sentence=question.source_sentence,
    )


def _store(question: Question, values: QuestionValues) -> None:
    question.type, question.kind = values.type, values.kind
    question.prompt, question.answer = values.prompt, values.answer
    question.accept, question.choices = list(values.accept), list(values.choices)


class QuestionInUse(ValueError):
    """The question has been met in quiz attempts: changing it would rewrite past marks."""


def apply_edit(question: Question, draft: QuestionDraft) -> Question:
    """Store a teacher's edit; `edited` keeps it from being overwritten by re-generation.

    A question students have already answered in a quiz is refused: its answer key graded
    them, and their results show it as the correct answer.
    """
    if question.id is not None and banks.taken_question_ids([question.id]):
        raise QuestionInUse(
            "Students have already answered this question in a quiz, so it can no longer "
            "change: write a new question instead (Write a question)."
        )
    values = check(draft, seed=question.uid)
    _store(question, values)
    question.edited = True
    return question


def create_manual(bank: Bank, draft: QuestionDraft) -> Question:
    """A hand-written question, approved at once: the teacher wrote it to be used."""
    uid = "manual-" + secrets.token_hex(8)
    values = check(draft, seed=uid)
    question = Question(
        bank=bank,
        uid=uid,
        manual=True,
        edited=True,
        score=1.0,
        status=QuestionStatus.APPROVED,
        facts=[],
        source_sentence=values.source_sentence,
    )
    if values.source_sentence and values.type != "ordering":
        start = values.source_sentence.lower().find(values.answer.lower())
        if start >= 0:
            question.source_start, question.source_end = start, start + len(values.answer)
    _store(question, values)
    db.session.add(question)
    return question
