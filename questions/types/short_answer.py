"""Short answer: a wh-question answered by typing a name, a date or a number."""

from __future__ import annotations

from collections.abc import Iterator

from questions.bank import QuestionTypeName
from questions.types.base import Candidate, Context, register

MAX_ANSWER_WORDS = 6


@register
class ShortAnswer:
    name: QuestionTypeName = "short_answer"

    def generate(self, ctx: Context) -> Iterator[Candidate]:
        for stem in ctx.stems:
            fact = stem.fact
            if fact.kind == "outcome" or fact.subtype == "role":
                continue  # a description is chosen, not typed
            if len(stem.answer.split()) > MAX_ANSWER_WORDS:
                continue
            yield Candidate(
                type=self.name,
                kind=fact.kind,
                prompt=stem.prompt,
                answer=stem.answer,
                facts=(fact,),
                sentence=fact.sentence,
                start=fact.start,
                end=fact.end,
                accept=ctx.accepted(fact, stem.answer),
                variant=stem.wh,
            )
