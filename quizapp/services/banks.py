"""Banks in the database: create from a document, import and export `quizapp.bank/1`,
and merge a re-generated bank into the stored one by stable ids, keeping teacher edits.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any, TypedDict

from sqlalchemy import Select, func, or_, select, update

from questions.bank import SCHEMA
from questions.bank import Bank as EngineBank
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.jobs import jobs
from quizapp.models import (
    FACT_KINDS,
    QUESTION_TYPES,
    Attempt,
    Bank,
    BankStatus,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    User,
)

SAMPLE_NAME = "italy_russia_relations.txt"
SAMPLE_ATTRIBUTION = (
    'Excerpt of the English Wikipedia article "Italy–Russia relations", '
    "text under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
)
GENERATION_JOB = "quizapp.services.generation.run"


class BankInUseError(ValueError):
    """A bank whose questions a quiz uses cannot be deleted; the message says which quiz."""


class BankImportError(ValueError):
    """An uploaded bank file is not a valid `quizapp.bank/1` bank; the message says why."""


@dataclass(frozen=True)
class MergeReport:
    added: int
    updated: int
    kept_edited: int
    retired: int


def sample_text() -> str:
    return resources.files("quizapp.data").joinpath(SAMPLE_NAME).read_text(encoding="utf-8")


def create_from_text(
    owner: User | None,
    title: str,
    text: str,
    source_name: str,
    attribution: str = "",
    *,
    enqueue: bool = True,
) -> Bank:
    """Store the document and queue its generation; the bank fills in when the job ends.

    With `enqueue=False` the caller runs the job itself (the CLI, which must not exit
    before a background thread is done).
    """
    bank = Bank(
        owner_id=owner.id if owner else None,
        title=title.strip() or source_name,
        source_name=source_name,
        source_text=text,
        attribution=attribution,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        status=BankStatus.QUEUED,
        progress=0,
    )
    db.session.add(bank)
    db.session.commit()
    if enqueue:
        jobs.enqueue(GENERATION_JOB, bank.id)
    return bank


BUSY = (BankStatus.QUEUED, BankStatus.RUNNING)


def regenerate(bank: Bank) -> bool:
    """Queue the bank's generation again; False if it is queued or running already.

    One conditional UPDATE decides, not a read then a write: of two clicks (or two tabs,
    or two app servers) the second finds the status changed already (on PostgreSQL it
    waits for the first to commit, then re-reads the row), so one job runs, not two
    merging into the same bank at once.
    """
    queued = db.session.execute(
        update(Bank)
        .where(Bank.id == bank.id, Bank.status.not_in(BUSY))
        .values(status=BankStatus.QUEUED, progress=0, error="")
    )
    db.session.commit()
    if queued.rowcount != 1:  # type: ignore[attr-defined]
        return False
    jobs.enqueue(GENERATION_JOB, bank.id)
    return True


def _apply(question: Question, data: dict[str, Any]) -> None:
    source = data.get("source") or {}
    question.type = data["type"]
    question.kind = data["kind"]
    question.prompt = data["prompt"]
    question.answer = data["answer"]
    question.accept = list(data.get("accept") or [])
    question.choices = list(data.get("choices") or [])
    question.source_sentence = source.get("sentence", "")
    question.source_index = int(source.get("sentence_index", 0))
    question.source_start = int(source.get("start", 0))
    question.source_end = int(source.get("end", 0))
    question.facts = list(data.get("facts") or [])
    question.score = float(data.get("score", 0.0))
    question.difficulty = data.get("difficulty", "medium")


def taken_question_ids(question_ids: list[int]) -> set[int]:
    """Questions that students have met in a quiz attempt: their wording and key are frozen,
    so marks already given and feedback already shown keep meaning what they meant."""
    if not question_ids:
        return set()
    rows = db.session.scalars(
        select(QuizQuestion.question_id)
        .join(Attempt, Attempt.quiz_id == QuizQuestion.quiz_id)
        .where(QuizQuestion.question_id.in_(question_ids))
        .distinct()
    )
    return set(rows)


def merge(bank: Bank, questions: list[dict[str, Any]]) -> MergeReport:
    """Bring the stored bank in line with a freshly generated one.

    Questions are matched by the engine's stable id. One the teacher edited is never
    overwritten; one the engine no longer makes is retired (kept, since quizzes may use
    it), not deleted.
    """
    stored = {q.uid: q for q in bank.questions if not q.manual}
    frozen = taken_question_ids([q.id for q in stored.values() if q.id is not None])
    added = updated = kept = 0
    seen: set[str] = set()
    for data in questions:
        uid = data["id"]
        seen.add(uid)
        question = stored.get(uid)
        if question is None:
            question = Question(bank=bank, uid=uid)
            _apply(question, data)
            db.session.add(question)
            added += 1
        elif question.edited or question.id in frozen:
            question.retired = False
            kept += 1
        else:
            _apply(question, data)
            question.retired = False
            updated += 1
    retired = 0
    for uid, question in stored.items():
        if uid not in seen and not question.retired:
            question.retired = True
            retired += 1
    return MergeReport(added=added, updated=updated, kept_edited=kept, retired=retired)


def store_generated(bank: Bank, generated: EngineBank) -> MergeReport:
    data = generated.to_json()
    report = merge(bank, data["questions"])
    bank.status, bank.progress, bank.error = BankStatus.READY, 100, ""
    bank.generated_at = now()
    return report


def export_json(bank: Bank) -> dict[str, Any]:
    """The bank in `quizapp.bank/1` form, teacher edits and hand-written questions included."""
    doc_id = f"doc-{bank.sha256[:12]}" if bank.sha256 else f"doc-bank{bank.id}"
    questions = sorted(
        (q for q in bank.questions if not q.retired and q.status is not QuestionStatus.REJECTED),
        key=lambda q: (-q.score, q.uid),
    )
    return {
        "schema": SCHEMA,
        "generator": {"name": "quizapp", "version": "0.1.0", "nlp_model": ""},
        "documents": [
            {
                "id": doc_id,
                "title": bank.title,
                "sha256": bank.sha256,
                "sentences": len({q.source_index for q in bank.questions}),
            }
        ],
        "facts": [],
        "questions": [q.to_bank_json(doc_id) for q in questions],
    }


REQUIRED_QUESTION_KEYS = ("id", "type", "kind", "prompt", "answer")
TRUTH = ("True", "False")
ORDER_ARROW = " → "
MAX_IMPORT_QUESTIONS = 5000


def _import_problem(q: Any) -> str | None:
    """What makes one imported question unusable, in words; None when it is fine."""
    if not isinstance(q, dict):
        return "is not an object"
    missing = [k for k in REQUIRED_QUESTION_KEYS if not isinstance(q.get(k), str) or not q[k]]
    if missing:
        return f"lacks {', '.join(missing)}"
    if len(q["id"]) > 64:
        return "has an id longer than 64 characters"
    if q["type"] not in QUESTION_TYPES:
        return f"has an unknown type {q['type'][:40]!r}"
    if q["kind"] not in FACT_KINDS:
        return f"has an unknown kind {q['kind'][:40]!r}"
    for key in ("accept", "choices", "facts"):
        value = q.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            return f"has a {key!r} that is not a list of texts"
    score = q.get("score", 0.0)
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        return "has a score that is not a number from 0 to 1"
    source = q.get("source", {})
    if (
        not isinstance(source, dict)
        or not isinstance(source.get("sentence", ""), str)
        or any(
            isinstance(source.get(k, 0), bool) or not isinstance(source.get(k, 0), int)
            for k in ("sentence_index", "start", "end")
        )
    ):
        return "has a malformed 'source'"
    if not isinstance(q.get("difficulty", "medium"), str) or len(q.get("difficulty", "")) > 16:
        return "has a malformed 'difficulty'"
    return _type_problem(q["type"], q["prompt"], q["answer"], list(q.get("choices") or []))


def _type_problem(qtype: str, prompt: str, answer: str, choices: list[str]) -> str | None:
    """What breaks the contract of the question's type (`questions.contract`), which
    the quiz and study pages rely on to show and mark it; None when it holds."""
    if qtype == "cloze" and len(re.findall(r"_{3,}", prompt)) != 1:
        return "is a cloze question without exactly one blank _____ in its prompt"
    if qtype == "true_false" and (answer not in TRUTH or choices not in ([], list(TRUTH))):
        return 'is a true/false question whose answer is not "True" or "False"'
    if qtype == "multiple_choice" and (
        len(choices) < 4 or len(set(choices)) != len(choices) or choices.count(answer) != 1
    ):
        return "is a multiple-choice question without its answer once among 4 distinct choices"
    if qtype == "ordering" and (
        len(choices) < 2
        or len(set(choices)) != len(choices)
        or sorted(s.strip() for s in answer.split(ORDER_ARROW.strip())) != sorted(choices)
    ):
        return "is an ordering question whose answer does not order its choices"
    return None


def import_json(owner: User, raw: bytes, name: str) -> Bank:
    """A new bank from an uploaded `quizapp.bank/1` file; any unusable part refuses it all."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BankImportError(f"{name} is not a JSON file: export the bank again.") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BankImportError(f"{name} is not a {SCHEMA} bank (its 'schema' key says otherwise).")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise BankImportError(f"{name} holds no questions.")
    if len(questions) > MAX_IMPORT_QUESTIONS:
        raise BankImportError(f"{name} holds over {MAX_IMPORT_QUESTIONS} questions: split it.")
    for i, q in enumerate(questions, 1):
        problem = _import_problem(q)
        if problem:
            raise BankImportError(f"{name}: question {i} {problem}.")
    if len({q["id"] for q in questions}) != len(questions):
        raise BankImportError(f"{name}: two questions share an id; each needs its own.")
    docs = data.get("documents")
    doc = docs[0] if isinstance(docs, list) and docs and isinstance(docs[0], dict) else {}
    title = " ".join(str(doc.get("title") or name).split())[:200] or name[:200]
    bank = Bank(
        owner_id=owner.id,
        title=title,
        source_name=name[:255],
        status=BankStatus.READY,
        sha256=str(doc.get("sha256") or "")[:64],
        generated_at=now(),
    )
    db.session.add(bank)
    merge(bank, questions)
    for question in bank.questions:
        question.manual = question.uid.startswith("manual-")
    db.session.commit()
    return bank


def adopt_library(user: User) -> int:
    """Give the install's unowned banks (the bundled sample) to its first teacher."""
    unowned = db.session.scalars(select(Bank).where(Bank.owner_id.is_(None))).all()
    for bank in unowned:
        bank.owner_id = user.id
    return len(unowned)


def seed_sample(*, enqueue: bool = True) -> Bank | None:
    """Create the bundled sample bank once (idempotent by content)."""
    text = sample_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if db.session.scalar(select(Bank.id).where(Bank.sha256 == digest)) is not None:
        return None
    return create_from_text(
        None, "Italy–Russia relations", text, SAMPLE_NAME, SAMPLE_ATTRIBUTION, enqueue=enqueue
    )


# --------------------------------------------------------------------------------------
# Reviewing a bank: filters, counts, approval, deletion
# --------------------------------------------------------------------------------------


class BankProgress(TypedDict):
    """What the bank page polls while a bank is generated."""

    status: str
    progress: int
    error: str
    questions: int


@dataclass(frozen=True)
class QuestionFilter:
    """Which questions of a bank the teacher is looking at; None means any."""

    type: str | None = None
    kind: str | None = None
    status: QuestionStatus | None = None
    min_score: float | None = None
    text: str = ""
    include_retired: bool = False


def progress_of(bank: Bank) -> BankProgress:
    count = db.session.scalar(
        select(func.count(Question.id)).where(
            Question.bank_id == bank.id, Question.retired.is_(False)
        )
    )
    return {
        "status": bank.status.value,
        "progress": bank.progress,
        "error": bank.error,
        "questions": int(count or 0),
    }


def filtered(bank: Bank, wanted: QuestionFilter) -> Select[tuple[Question]]:
    """The bank's questions matching the filter, best score first (ties: oldest first)."""
    query = select(Question).where(Question.bank_id == bank.id)
    if not wanted.include_retired:
        query = query.where(Question.retired.is_(False))
    if wanted.type:
        query = query.where(Question.type == wanted.type)
    if wanted.kind:
        query = query.where(Question.kind == wanted.kind)
    if wanted.status is not None:
        query = query.where(Question.status == wanted.status)
    if wanted.min_score is not None:
        query = query.where(Question.score >= wanted.min_score)
    text = " ".join(wanted.text.split())
    if text:
        query = query.where(
            or_(
                *(
                    column.icontains(text, autoescape=True)
                    for column in (Question.prompt, Question.answer, Question.source_sentence)
                )
            )
        )
    return query.order_by(Question.score.desc(), Question.id)


def status_counts(bank: Bank) -> dict[QuestionStatus, int]:
    """How many current (not retired) questions are new, approved, rejected."""
    rows = db.session.execute(
        select(Question.status, func.count(Question.id))
        .where(Question.bank_id == bank.id, Question.retired.is_(False))
        .group_by(Question.status)
    ).all()
    counts = dict.fromkeys(QuestionStatus, 0)
    counts.update({status: int(n) for status, n in rows})
    return counts


def retired_count(bank: Bank) -> int:
    return int(
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id == bank.id, Question.retired.is_(True)
            )
        )
        or 0
    )


def approve_top(bank: Bank, wanted: QuestionFilter, n: int) -> int:
    """Approve the `n` best new questions the filter shows; returns how many changed."""
    wanted = replace(wanted, status=QuestionStatus.NEW)
    chosen = db.session.scalars(filtered(bank, wanted).limit(max(0, n))).all()
    for question in chosen:
        question.status = QuestionStatus.APPROVED
    return len(chosen)


def quiz_using(bank: Bank) -> str | None:
    """The title of a quiz that uses one of the bank's questions, if any does."""
    return db.session.scalar(
        select(Quiz.title)
        .join(QuizQuestion, QuizQuestion.quiz_id == Quiz.id)
        .join(Question, Question.id == QuizQuestion.question_id)
        .where(Question.bank_id == bank.id)
        .limit(1)
    )


def delete(bank: Bank) -> None:
    """Delete a bank and its questions, unless a quiz still uses them."""
    title = quiz_using(bank)
    if title is not None:
        raise BankInUseError(
            f"The quiz “{title}” uses questions from this bank: remove them from "
            "the quiz (or delete the quiz) first."
        )
    db.session.delete(bank)
