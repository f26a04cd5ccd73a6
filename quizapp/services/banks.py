"""Banks in the database: create from a document, import and export `quizapp.bank/1`,
and merge a re-generated bank into the stored one by stable ids, keeping teacher edits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import select

from questions.bank import SCHEMA
from questions.bank import Bank as EngineBank
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.jobs import jobs
from quizapp.models import Bank, BankStatus, Question, QuestionStatus, User

SAMPLE_NAME = "italy_russia_relations.txt"
SAMPLE_ATTRIBUTION = (
    'Excerpt of the English Wikipedia article "Italy–Russia relations", '
    "text under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
)
GENERATION_JOB = "quizapp.services.generation.run"


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


def create_from_text(owner: User | None, title: str, text: str, source_name: str,
                     attribution: str = "") -> Bank:
    """Store the document and queue its generation; the bank fills in when the job ends."""
    bank = Bank(owner_id=owner.id if owner else None, title=title.strip() or source_name,
                source_name=source_name, source_text=text, attribution=attribution,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                status=BankStatus.QUEUED, progress=0)
    db.session.add(bank)
    db.session.commit()
    jobs.enqueue(GENERATION_JOB, bank.id)
    return bank


def regenerate(bank: Bank) -> None:
    bank.status, bank.progress, bank.error = BankStatus.QUEUED, 0, ""
    db.session.commit()
    jobs.enqueue(GENERATION_JOB, bank.id)


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


def merge(bank: Bank, questions: list[dict[str, Any]]) -> MergeReport:
    """Bring the stored bank in line with a freshly generated one.

    Questions are matched by the engine's stable id. One the teacher edited is never
    overwritten; one the engine no longer makes is retired (kept, since quizzes may use
    it), not deleted.
    """
    stored = {q.uid: q for q in bank.questions if not q.manual}
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
        elif question.edited:
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
    questions = sorted((q for q in bank.questions if not q.retired
                        and q.status is not QuestionStatus.REJECTED),
                       key=lambda q: (-q.score, q.uid))
    return {
        "schema": SCHEMA,
        "generator": {"name": "quizapp", "version": "0.1.0", "nlp_model": ""},
        "documents": [{"id": doc_id, "title": bank.title, "sha256": bank.sha256,
                       "sentences": len({q.source_index for q in bank.questions})}],
        "facts": [],
        "questions": [q.to_bank_json(doc_id) for q in questions],
    }


REQUIRED_QUESTION_KEYS = ("id", "type", "kind", "prompt", "answer")


def import_json(owner: User, raw: bytes, name: str) -> Bank:
    """A new bank from an uploaded `quizapp.bank/1` file."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BankImportError(f"{name} is not a JSON file.") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BankImportError(f"{name} is not a {SCHEMA} bank (its 'schema' key says otherwise).")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise BankImportError(f"{name} holds no questions.")
    for i, q in enumerate(questions, 1):
        if not isinstance(q, dict) or any(not isinstance(q.get(k), str) or not q.get(k)
                                          for k in REQUIRED_QUESTION_KEYS):
            raise BankImportError(f"{name}: question {i} lacks one of {', '.join(REQUIRED_QUESTION_KEYS)}.")
    docs = data.get("documents") or [{}]
    title = str((docs[0] or {}).get("title") or name)[:200]
    bank = Bank(owner_id=owner.id, title=title, source_name=name, status=BankStatus.READY,
                sha256=str((docs[0] or {}).get("sha256") or "")[:64])
    db.session.add(bank)
    merge(bank, questions)
    db.session.commit()
    return bank


def adopt_library(user: User) -> int:
    """Give the install's unowned banks (the bundled sample) to its first teacher."""
    unowned = db.session.scalars(select(Bank).where(Bank.owner_id.is_(None))).all()
    for bank in unowned:
        bank.owner_id = user.id
    return len(unowned)


def seed_sample() -> Bank | None:
    """Create the bundled sample bank once (idempotent by content)."""
    text = sample_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if db.session.scalar(select(Bank.id).where(Bank.sha256 == digest)) is not None:
        return None
    return create_from_text(None, "Italy–Russia relations", text, SAMPLE_NAME, SAMPLE_ATTRIBUTION)
