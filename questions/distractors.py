"""Wrong answers that are worth choosing: the same kind and form as the answer, never true.

Distractors come from the document first (a person for a person, a state for a state,
another of its outcomes for an outcome), because a student who read the text finds them
plausible; only dates and states fall back to made-up or well-known values. A candidate
is never an alias of the answer, never in the answer's own sentence, never the subject
of the same kind of event elsewhere in the document (it could be true as well), and has
digits exactly when the answer does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from questions import dates
from questions.actors import STATE_ALIASES
from questions.facts import Analysis, Fact

WELL_KNOWN_STATES: tuple[str, ...] = (
    "Austria", "Belgium", "Brazil", "Canada", "China", "Denmark", "Egypt", "France",
    "Germany", "Greece", "Hungary", "India", "Iran", "Japan", "Mexico", "Netherlands",
    "Norway", "Poland", "Portugal", "Romania", "Spain", "Sweden", "Switzerland", "Turkey",
    "Ukraine", "United Kingdom", "United States", "Italy", "Russia", "Serbia", "Bulgaria",
    "Finland", "Argentina", "Australia", "Ottoman Empire", "Prussia",
)
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")


def _digit(text: str) -> bool:
    return bool(re.search(r"\d", text))


def _order(seed: str, items: Iterable[str]) -> list[str]:
    """A deterministic shuffle: sorted by a hash of the seed and the item."""
    return sorted(items, key=lambda s: hashlib.sha256(f"{seed}\x1f{s}".encode()).hexdigest())


def _norm(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.lower()).strip()


class DistractorSource:
    """Finds distractors for the facts of one analysed document."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.by_sentence: dict[int, list[Fact]] = {}
        for f in analysis.facts:
            self.by_sentence.setdefault(f.sentence, []).append(f)

    def aliases(self, fact: Fact) -> set[str]:
        """Every name the answer goes by, normalised."""
        names = {fact.text, fact.normalized or fact.text}
        actor = self.analysis.actors.get(fact.normalized or "")
        if actor is not None:
            names |= actor.aliases | {actor.name}
        for group in STATE_ALIASES:
            if names & group:
                names |= group
        return {_norm(n) for n in names}

    def also_true(self, fact: Fact) -> set[str]:
        """Names the document puts in the answer's place: same sentence, same verb."""
        out = {_norm(f.normalized or f.text) for f in self.by_sentence.get(fact.sentence, [])}
        verbs = {c.verb_token.lemma_ for c in self.analysis.clauses if c.sentence == fact.sentence}
        for clause in self.analysis.clauses:
            if clause.sentence != fact.sentence and clause.verb_token.lemma_ in verbs:
                for f in self.by_sentence.get(clause.sentence, []):
                    out.add(_norm(f.normalized or f.text))
        return out

    def for_fact(self, fact: Fact, *, k: int = 3, seed: str = "") -> list[str]:
        """Up to k distractors for the fact, best first."""
        if fact.kind == "date" and fact.date is not None:
            avoid = [f.date for f in self.by_sentence.get(fact.sentence, [])
                     if f.date is not None and f.id != fact.id]
            return dates.distractors(fact.date, k=k, seed=seed or fact.id, avoid=avoid)
        if fact.kind == "number":
            return self._numbers(fact, k)
        if fact.kind == "outcome":
            return self._outcomes(fact, k, seed or fact.id)
        return self._names(fact, k, seed or fact.id)

    def _names(self, fact: Fact, k: int, seed: str) -> list[str]:
        banned = self.aliases(fact) | self.also_true(fact)
        same: list[str] = []
        near: list[str] = []
        for actor in self.analysis.actors.values():
            name = actor.name
            if _norm(name) in banned or any(_norm(a) in banned for a in actor.aliases):
                continue
            if _digit(name) != _digit(fact.text) or len(name) < 2:
                continue
            if actor.kind == fact.kind and actor.subtype == fact.subtype:
                same.append(name)
            elif {actor.subtype, fact.subtype} <= {"state", "place"} or \
                    {actor.subtype, fact.subtype} <= {"organisation", "group"}:
                near.append(name)
        picked = _order(seed, same)[:k]
        if len(picked) < k:
            picked += _order(seed, near)[: k - len(picked)]
        if len(picked) < k and fact.subtype in {"state", "place"}:
            pool = [s for s in WELL_KNOWN_STATES if _norm(s) not in banned and s not in picked]
            picked += _order(seed, pool)[: k - len(picked)]
        return picked

    def _numbers(self, fact: Fact, k: int) -> list[str]:
        text = fact.text.strip().lower()
        if text in NUMBER_WORDS:
            i = NUMBER_WORDS.index(text)
            pool = [w for j, w in enumerate(NUMBER_WORDS) if j != i and abs(j - i) <= 4]
            pool.sort(key=lambda w: (abs(NUMBER_WORDS.index(w) - i), NUMBER_WORDS.index(w)))
            return pool[:k]
        m = re.fullmatch(r"(\d+)", text)
        if not m:
            return []
        n = int(m.group(1))
        steps = [n + d for d in (1, -1, 2, -2, 5, -5, 10) if n + d > 0]
        return [str(s) for s in steps[:k]]

    def _outcomes(self, fact: Fact, k: int, seed: str) -> list[str]:
        subject = set(fact.actors)
        banned = {_norm(fact.text)}
        pool: list[str] = []
        first = fact.text.split()[0] if fact.text else ""
        past = first.endswith("ed") or first.lower() in {"made", "won", "took", "fought", "saw",
                                                          "gave", "led", "held", "became"}
        for other in self.analysis.facts:
            if other.kind != "outcome" or other.sentence == fact.sentence:
                continue
            if subject & set(other.actors) or _norm(other.text) in banned:
                continue
            if _digit(other.text) != _digit(fact.text):
                continue
            words = len(other.text.split())
            if not 2 <= words <= 16:
                continue
            o_first = other.text.split()[0]
            if (o_first.endswith("ed") or o_first.lower() in {"made", "won", "took", "fought",
                                                              "saw", "gave", "led", "held",
                                                              "became"}) != past:
                continue
            pool.append(other.text)
            banned.add(_norm(other.text))
        size = len(fact.text.split())
        pool.sort(key=lambda t: (abs(len(t.split()) - size) // 3,
                                 hashlib.sha256(f"{seed}{t}".encode()).hexdigest()))
        return pool[:k]
