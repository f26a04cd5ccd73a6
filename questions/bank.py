"""The question bank as typed data, and its `quizapp.bank/1` JSON form.

The JSON is a public contract (`BANK_FORMAT.md`): the CLI writes it, the web app imports
and exports it. Serialisation is deterministic (fixed key order, no timestamps), so the
same document always gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

SCHEMA = "quizapp.bank/1"
GENERATOR_NAME = "questions"
GENERATOR_VERSION = "0.1.0"

QuestionTypeName = Literal["cloze", "short_answer", "multiple_choice", "true_false", "ordering"]
Difficulty = Literal["easy", "medium", "hard"]


class SourceJSON(TypedDict):
    sentence: str
    sentence_index: int
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """Where a question comes from: the sentence shown to the student as feedback."""

    sentence: str
    sentence_index: int
    start: int
    end: int

    def to_json(self) -> SourceJSON:
        return {
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class FactRecord:
    id: str
    document: str
    kind: str
    text: str
    normalized: str | None
    sentence: int
    start: int
    end: int
    actors: tuple[str, ...] = ()
    outcome: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "kind": self.kind,
            "text": self.text,
            "normalized": self.normalized,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "actors": list(self.actors),
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class Question:
    id: str
    document: str
    facts: tuple[str, ...]
    type: QuestionTypeName
    kind: str
    prompt: str
    answer: str
    source: Source
    score: float
    difficulty: Difficulty
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "facts": list(self.facts),
            "type": self.type,
            "kind": self.kind,
            "prompt": self.prompt,
            "answer": self.answer,
            "accept": list(self.accept),
            "choices": list(self.choices),
            "source": self.source.to_json(),
            "score": self.score,
            "difficulty": self.difficulty,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Question:
        src = data["source"]
        return cls(
            id=data["id"],
            document=data.get("document", ""),
            facts=tuple(data.get("facts") or ()),
            type=data["type"],
            kind=data["kind"],
            prompt=data["prompt"],
            answer=data["answer"],
            source=Source(
                sentence=src["sentence"],
                sentence_index=int(src.get("sentence_index", 0)),
                start=int(src.get("start", 0)),
                end=int(src.get("end", 0)),
            ),
            score=float(data["score"]),
            difficulty=data.get("difficulty", "medium"),
            accept=tuple(data.get("accept") or ()),
            choices=tuple(data.get("choices") or ()),
        )


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    title: str
    sha256: str
    sentences: int
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "sha256": self.sha256,
            "sentences": self.sentences,
            "name": self.name,
        }


@dataclass(frozen=True)
class Rejection:
    """A candidate question the engine made and dropped, and the check it failed.

    Kept so that a teacher or a developer can see why a fact has no question
    (`python -m questions generate ... --explain`), and so that the quality benchmark
    can count what each check removes.
    """

    check: str
    detail: str
    type: str
    kind: str
    prompt: str
    answer: str
    document: str
    sentence_index: int
    choices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "detail": self.detail,
            "type": self.type,
            "kind": self.kind,
            "prompt": self.prompt,
            "answer": self.answer,
            "choices": list(self.choices),
            "document": self.document,
            "sentence_index": self.sentence_index,
        }


@dataclass(frozen=True)
class Bank:
    documents: tuple[DocumentRecord, ...]
    facts: tuple[FactRecord, ...]
    questions: tuple[Question, ...]
    nlp_model: str
    extra: dict[str, Any] = field(default_factory=dict)
    rejected: tuple[Rejection, ...] = ()

    def rejected_by_check(self) -> dict[str, int]:
        """How many candidates each check dropped, by check name (sorted)."""
        counts: dict[str, int] = {}
        for r in self.rejected:
            counts[r.check] = counts.get(r.check, 0) + 1
        return dict(sorted(counts.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": {
                "name": GENERATOR_NAME,
                "version": GENERATOR_VERSION,
                "nlp_model": self.nlp_model,
            },
            "documents": [d.to_json() for d in self.documents],
            "facts": [f.to_json() for f in self.facts],
            "questions": [q.to_json() for q in self.questions],
            "rejected": self.rejected_by_check(),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"
