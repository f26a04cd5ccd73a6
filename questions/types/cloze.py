"""Cloze: the source sentence with its most informative span blanked out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from questions.bank import QuestionTypeName
from questions.facts import PRONOUN_TEXTS
from questions.types.base import BLANK, Candidate, Context, register

CLOZE_KINDS = frozenset({"date", "actor", "place", "event", "number"})
MAX_WORDS = 45


@register
class Cloze:
    name: QuestionTypeName = "cloze"

    def generate(self, ctx: Context) -> Iterator[Candidate]:
        analysis = ctx.analysis
        for fact in analysis.facts:
            if fact.kind not in CLOZE_KINDS:
                continue
            if fact.text.lower() in PRONOUN_TEXTS:
                continue  # a resolved "he": the name is not in the sentence to blank or swap
            if fact.date is not None and fact.date.text != fact.text:
                continue  # "two years later" resolved to a year: not a span to blank or swap
            sentence = analysis.sentences[fact.sentence].text
            if len(sentence.split()) > MAX_WORDS:
                continue
            if sentence[fact.start : fact.end] != fact.text:
                continue
            named, start, end = ctx.named_sentence(fact.sentence, fact.start, fact.end)
            prompt = named[:start] + BLANK + named[end:]
            rest = prompt.replace(BLANK, " ")
            if re.search(r"(?<!\w)" + re.escape(fact.text.lower()) + r"(?!\w)", rest.lower()):
                continue  # the answer would still be in the prompt
            yield Candidate(
                type=self.name,
                kind=fact.kind,
                prompt=prompt,
                answer=fact.text,
                facts=(fact,),
                sentence=fact.sentence,
                start=fact.start,
                end=fact.end,
                accept=ctx.accepted(fact, fact.text),
            )
