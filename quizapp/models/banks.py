"""Question banks: one per document (or written by hand), and their questions.

A question keeps the engine's stable id (`uid`), so re-generating a document updates the
questions it made before instead of duplicating them, and never touches one a teacher
edited.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import now
from quizapp.models.base import Base


class BankStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


class QuestionStatus(enum.StrEnum):
    NEW = "new"
    APPROVED = "approved"
    REJECTED = "rejected"


QUESTION_TYPES = ("multiple_choice", "short_answer", "cloze", "true_false", "ordering")
FACT_KINDS = ("date", "actor", "place", "event", "outcome", "number")


class Bank(Base):
    __tablename__ = "banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for the install's library banks (the bundled sample) until a teacher adopts them.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    source_name: Mapped[str] = mapped_column(String(255), default="")
    source_text: Mapped[str] = mapped_column(Text, default="")
    attribution: Mapped[str] = mapped_column(String(500), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[BankStatus] = mapped_column(
        Enum(BankStatus, native_enum=False, length=16), default=BankStatus.READY
    )
    progress: Mapped[int] = mapped_column(default=100)
    error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    generated_at: Mapped[datetime | None] = mapped_column(default=None)

    questions: Mapped[list[Question]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="Question.id"
    )


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("bank_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    accept: Mapped[list[str]] = mapped_column(JSON, default=list)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_sentence: Mapped[str] = mapped_column(Text, default="")
    source_index: Mapped[int] = mapped_column(default=0)
    source_start: Mapped[int] = mapped_column(default=0)
    source_end: Mapped[int] = mapped_column(default=0)
    facts: Mapped[list[str]] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float, default=1.0)
    difficulty: Mapped[str] = mapped_column(String(16), default="medium")
    status: Mapped[QuestionStatus] = mapped_column(
        Enum(QuestionStatus, native_enum=False, length=16), default=QuestionStatus.NEW
    )
    edited: Mapped[bool] = mapped_column(default=False)
    manual: Mapped[bool] = mapped_column(default=False)
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)

    bank: Mapped[Bank] = relationship(back_populates="questions")

    def to_bank_json(self, document_id: str) -> dict[str, Any]:
        """This question in the `quizapp.bank/1` form."""
        return {
            "id": self.uid,
            "document": document_id,
            "facts": list(self.facts or []),
            "type": self.type,
            "kind": self.kind,
            "prompt": self.prompt,
            "answer": self.answer,
            "accept": list(self.accept or []),
            "choices": list(self.choices or []),
            "source": {
                "sentence": self.source_sentence,
                "sentence_index": self.source_index,
                "start": self.source_start,
                "end": self.source_end,
            },
            "score": self.score,
            "difficulty": self.difficulty,
        }
