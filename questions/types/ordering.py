"""Ordering: put three to five dated events of the document in chronological order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from questions.bank import QuestionTypeName
from questions.dates import DateValue
from questions.facts import Fact
from questions.outcomes import statement
from questions.types.base import Candidate, Context, register

ARROW = " \u2192 "
MAX_ITEM_WORDS = 16
SIZES = (4, 3, 5)
NUMBER_WORDS = {3: "three", 4: "four", 5: "five"}


def _disjoint(a: DateValue, b: DateValue) -> bool:
    return a.end_year < b.start_year or b.end_year < a.start_year


@register
class Ordering:
    name: QuestionTypeName = "ordering"

    def generate(self, ctx: Context) -> Iterator[Candidate]:
        analysis = ctx.analysis
        events: list[tuple[DateValue, str, Fact]] = []
        seen_text: set[str] = set()
        for clause in analysis.clauses:
            if clause.date_entity is None:
                continue
            fact = next(
                (
                    f
                    for f in analysis.facts_in(clause.sentence)
                    if f.kind == "date"
                    and f.sentence == clause.sentence
                    and f.token_start == clause.date_entity[0]
                ),
                None,
            )
            if fact is None or fact.date is None or fact.date.granularity in {"era", "century"}:
                continue
            item = statement(clause, short=True)
            if not 4 <= len(item.split()) <= MAX_ITEM_WORDS or item.lower() in seen_text:
                continue
            seen_text.add(item.lower())
            events.append((fact.date, item, fact))
        events.sort(key=lambda e: (e[0].sort_key, e[1]))
        used: set[str] = set()
        for size in SIZES:
            pool = [e for e in events if e[1] not in used]
            chosen: list[tuple[DateValue, str, Fact]] = []
            # Spread the picks over the whole time line, each clearly apart from the last.
            step = max(1, len(pool) // size)
            for e in pool[::step] + pool:
                if len(chosen) == size:
                    break
                if e in chosen or any(not _disjoint(e[0], c[0]) for c in chosen):
                    continue
                chosen.append(e)
            if len(chosen) < size:
                continue
            chosen.sort(key=lambda e: e[0].sort_key)
            used |= {c[1] for c in chosen}
            items = [c[1] for c in chosen]
            key = "|".join(c[2].id for c in chosen)
            shuffled = sorted(items, key=lambda s: hashlib.sha256(f"{key}{s}".encode()).hexdigest())
            if shuffled == items:
                shuffled = shuffled[1:] + shuffled[:1]
            first = chosen[0][2]
            yield Candidate(
                type=self.name,
                kind="event",
                prompt=f"Put these {NUMBER_WORDS[size]} events in chronological order, "
                "earliest first.",
                answer=ARROW.join(items),
                facts=tuple(c[2] for c in chosen),
                sentence=first.sentence,
                start=first.start,
                end=first.end,
                choices=tuple(shuffled),
                variant=str(size),
            )
