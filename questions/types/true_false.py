"""True or false: the source sentence as it is, or with one fact swapped for a wrong one.

Which of the two a fact gets is decided by its id, so a bank is stable and holds both
kinds in about equal numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from questions.bank import QuestionTypeName
from questions.facts import PRONOUN_TEXTS
from questions.outcomes import statement
from questions.types.base import Candidate, Context, register

TF_KINDS = frozenset({"date", "actor", "place", "event", "number"})
MAX_WORDS = 40
# What may follow an outcome in a statement whose act is swapped: nothing, or its date.
DATED_TAIL = re.compile(r"(?:,?\s*(?:in|on|during|by|from|between)\s+[^,]*\d{3,4}[^,]*)?\s*")


@register
class TrueFalse:
    name: QuestionTypeName = "true_false"

    def generate(self, ctx: Context) -> Iterator[Candidate]:
        yield from self._outcomes(ctx)
        analysis = ctx.analysis
        for fact in analysis.facts:
            if fact.kind not in TF_KINDS:
                continue
            if fact.text.lower() in PRONOUN_TEXTS:
                continue  # a resolved "he": the name is not in the sentence to blank or swap
            if fact.date is not None and fact.date.text != fact.text:
                continue  # "two years later" resolved to a year: not a span to blank or swap
            sentence = analysis.sentences[fact.sentence].text
            if len(sentence.split()) > MAX_WORDS or sentence[fact.start : fact.end] != fact.text:
                continue
            make_false = int(hashlib.sha256(fact.id.encode()).hexdigest(), 16) % 2 == 0
            sentence, start, end = ctx.named_sentence(fact.sentence, fact.start, fact.end)
            if not make_false:
                yield Candidate(
                    type=self.name,
                    kind=fact.kind,
                    prompt=sentence,
                    answer="True",
                    facts=(fact,),
                    sentence=fact.sentence,
                    start=fact.start,
                    end=fact.end,
                    choices=("True", "False"),
                    variant="true",
                )
                continue
            wrong = ctx.distractors.for_fact(fact, k=3, seed=fact.id)
            actor = analysis.actors.get(fact.normalized or "")
            for candidate in wrong:
                other = analysis.actors.get(candidate)
                if actor is not None and other is not None and other.article != actor.article:
                    continue  # "support from Soviet Union" would give the lie away
                prompt = sentence[:start] + candidate + sentence[end:]
                yield Candidate(
                    type=self.name,
                    kind=fact.kind,
                    prompt=prompt,
                    answer="False",
                    facts=(fact,),
                    sentence=fact.sentence,
                    start=fact.start,
                    end=fact.start + len(candidate),
                    choices=("True", "False"),
                    variant="false",
                    doc_choices=int(other is not None or fact.kind == "date"),
                    swapped=candidate,
                )
                break

    def _outcomes(self, ctx: Context) -> Iterator[Candidate]:
        """What someone did, stated as the text says it or with another act of the same
        kind of subject ("Emily Hobhouse visited the camps in 1901." / "... occupied
        Bloemfontein in 1901."): outcomes need a form that asks them even when three good
        multiple-choice distractors cannot be found."""
        analysis = ctx.analysis
        by_verb = {(c.sentence, c.verb): c for c in analysis.clauses}
        for fact in analysis.facts:
            clause = by_verb.get((fact.sentence, fact.token_start))
            if fact.kind != "outcome" or clause is None:
                continue
            true = statement(clause, with_date=True)
            if fact.text not in true or not 6 <= len(true.split()) <= MAX_WORDS:
                continue
            make_false = int(hashlib.sha256(fact.id.encode()).hexdigest(), 16) % 2 == 0
            after = true.rstrip(".").split(fact.text, 1)[1]
            if not DATED_TAIL.fullmatch(after):
                make_false = False  # "... satirised optimism in Candide": another act
                # would keep "in Candide", so only the true statement is fair
            swap = ctx.distractors.swapped_outcome(fact) if make_false else None
            wrong = [swap] if swap else []
            prompt = true.replace(fact.text, wrong[0], 1) if wrong else true
            yield Candidate(
                type=self.name,
                kind=fact.kind,
                prompt=prompt.rstrip(".") + ".",
                answer="False" if wrong else "True",
                facts=(fact,),
                sentence=fact.sentence,
                start=fact.start,
                end=fact.end,
                choices=("True", "False"),
                variant="false" if wrong else "true",
                doc_choices=int(bool(wrong)),
                swapped=wrong[0] if wrong else "",
            )
