"""From documents to a bank: analyse, generate every type, rank, serialise.

This is the engine's one entry point for callers (the CLI, the web app's generation
job): `generate_bank(documents)` returns a `Bank` and knows nothing about where the
documents came from or where the bank goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from questions.bank import Bank, DocumentRecord, FactRecord, Question, Rejection, Source
from questions.checks import failed_check, needs_reparse
from questions.facts import Analysis, analyse, stable_id
from questions.nlp import model_id
from questions.ranking import Ranked, rank, score
from questions.reading import Document, DocumentError
from questions.types import REGISTRY, Candidate, Context


class NoFactsError(DocumentError):
    """The document parsed but held nothing to ask about."""


def _difficulty(c: Candidate) -> str:
    if c.type == "true_false":
        return "easy"
    if c.type == "ordering":
        return "hard" if len(c.choices) >= 4 else "medium"
    if c.type == "short_answer" and (c.kind in {"date", "outcome"} or len(c.answer.split()) > 2):
        return "hard"
    if c.type == "multiple_choice" and c.kind in {"actor", "place"}:
        return "easy"
    return "medium"


def _question(doc_id: str, c: Candidate, value: float, analysis: Analysis) -> Question:
    sentence = analysis.sentences[c.sentence].text
    qid = stable_id("q", c.type, *(f.id for f in c.facts))
    return Question(
        id=qid,
        document=doc_id,
        facts=tuple(f.id for f in c.facts),
        type=c.type,
        kind=c.kind,
        prompt=c.prompt,
        answer=c.answer,
        accept=c.accept,
        choices=c.choices,
        source=Source(sentence=sentence, sentence_index=c.sentence, start=c.start, end=c.end),
        score=value,
        difficulty=_difficulty(c),  # type: ignore[arg-type]
    )


def candidates(
    analysis: Analysis, types: Sequence[str], rejected: list[Rejection] | None = None
) -> list[Ranked]:
    """Every candidate of the requested types that passes the checks, scored.

    Those that fail a check are appended to `rejected` with the check's name and reason.
    """
    ctx = Context(analysis)
    made = [c for name in types for c in REGISTRY[name].generate(ctx)]
    verdicts = [failed_check(c, ctx, stage="text") for c in made]
    survivors = [c for c, v in zip(made, verdicts, strict=True) if v is None]
    ctx.reparse_all([c.prompt for c in survivors if needs_reparse(c)])
    out: list[Ranked] = []
    for c, verdict in zip(made, verdicts, strict=True):
        failed = verdict if verdict is not None else failed_check(c, ctx, stage="reparse")
        if failed is None:
            out.append((analysis.doc_id, c, score(c, analysis)))
        elif rejected is not None:
            rejected.append(
                Rejection(
                    check=failed[0],
                    detail=failed[1],
                    type=c.type,
                    kind=c.kind,
                    prompt=c.prompt,
                    answer=c.answer,
                    document=analysis.doc_id,
                    sentence_index=c.sentence,
                    choices=c.choices,
                )
            )
    return out


def generate_bank(
    documents: Sequence[Document],
    *,
    types: Sequence[str] | None = None,
    max_questions: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Bank:
    """The ranked bank for the documents; raises NoFactsError when none has any facts.

    `progress` is called with a number from 0 to 1 as the work advances (parsing is
    reported to 0.9, the rest once done), for a progress bar on large documents.
    """
    chosen = list(types) if types else sorted(REGISTRY)
    unknown = [t for t in chosen if t not in REGISTRY]
    if unknown:
        raise ValueError(
            f"unknown question type {unknown[0]!r}: choose from " + ", ".join(sorted(REGISTRY))
        )

    def report(base: int) -> Callable[[float], None] | None:
        if progress is None:
            return None
        return lambda share: progress(0.9 * (base + share) / len(documents))

    analyses = [analyse(d, report(i)) for i, d in enumerate(documents)]
    if not any(a.facts for a in analyses):
        names = ", ".join(d.name for d in documents)
        raise NoFactsError(
            f"{names}: no dates, names or events found to ask about; "
            "try a longer text with full sentences."
        )
    by_doc = {a.doc_id: a for a in analyses}
    ranked: list[Ranked] = []
    rejected: list[Rejection] = []
    for analysis in analyses:
        ranked.extend(candidates(analysis, chosen, rejected))
    ranked = rank(ranked)
    if max_questions is not None:
        ranked = ranked[:max_questions]
    questions = tuple(_question(doc_id, c, s, by_doc[doc_id]) for doc_id, c, s in ranked)
    used = {fid for q in questions for fid in q.facts}
    facts = tuple(
        FactRecord(
            id=f.id,
            document=a.doc_id,
            kind=f.kind,
            text=f.text,
            normalized=f.normalized,
            sentence=f.sentence,
            start=f.start,
            end=f.end,
            actors=f.actors,
            outcome=f.outcome,
        )
        for a in analyses
        for f in a.facts
        if f.id in used or max_questions is None
    )
    docs = tuple(
        DocumentRecord(
            id=a.doc_id,
            title=a.document.title,
            sha256=a.document.sha256,
            sentences=len(a.sentences),
            name=a.document.name,
        )
        for a in analyses
    )
    if progress is not None:
        progress(1.0)
    return Bank(
        documents=docs,
        facts=facts,
        questions=questions,
        nlp_model=model_id(),
        rejected=tuple(rejected),
    )
