"""Multiple choice: a wh-question with the answer among three same-kind distractors."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from questions.bank import QuestionTypeName
from questions.types.base import Candidate, Context, register

DISTRACTORS = 3
SPARE = 2  # asked for beyond three, for those the prompt rules out
NAMED_KINDS = frozenset({"actor", "place", "event"})


def _named_in(choice: str, prompt: str) -> bool:
    """The choice shares a name with the question: "Fabio Chigi" for "Who did Chigi
    become?" is the subject itself, and "Alfred Milner" is no one Milner met."""
    words = set(re.findall(r"[\w'’-]+", prompt))
    return any(w[:1].isupper() and len(w) > 2 and w in words for w in choice.split())


@register
class MultipleChoice:
    name: QuestionTypeName = "multiple_choice"

    def generate(self, ctx: Context) -> Iterator[Candidate]:
        for stem in ctx.stems:
            fact = stem.fact
            wrong = ctx.distractors.for_fact(fact, k=DISTRACTORS + SPARE, seed=fact.id)
            wrong = [w for w in wrong if w.casefold() != stem.answer.casefold()]
            if fact.kind in NAMED_KINDS:
                wrong = [w for w in wrong if not _named_in(w, stem.prompt)]
            if len(wrong) < DISTRACTORS:
                continue
            choices = sorted(
                [stem.answer, *wrong[:DISTRACTORS]],
                key=lambda c: hashlib.sha256(f"{fact.id}{c}".encode()).hexdigest(),
            )
            in_doc = sum(1 for w in wrong if ctx.analysis.document.text.find(w) >= 0)
            yield Candidate(
                type=self.name,
                kind=fact.kind,
                prompt=stem.prompt,
                answer=stem.answer,
                facts=(fact,),
                sentence=fact.sentence,
                start=fact.start,
                end=fact.end,
                accept=ctx.accepted(fact, stem.answer) if fact.kind != "outcome" else (),
                choices=tuple(choices),
                variant=stem.wh,
                doc_choices=in_doc,
            )
