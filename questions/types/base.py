"""The one interface every question type implements, and the registry that finds them.

A type turns an `Analysis` into `Candidate`s; ranking, de-duplication, ids and the bank
format are shared. To add a type, write one module in this package that defines a class
with `name` and `generate()` and decorates it with `@register`.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc

from questions.bank import QuestionTypeName
from questions.coref import lower_case_words
from questions.distractors import DistractorSource
from questions.facts import PRONOUN_TEXTS, Analysis, Fact
from questions.nlp import load_pipeline
from questions.stems import Stem, all_stems
from questions.trimming import self_contained

BLANK = "_____"


@dataclass(frozen=True)
class Candidate:
    """A generated question before ranking: what it asks and why it might be good."""

    type: QuestionTypeName
    kind: str
    prompt: str
    answer: str
    facts: tuple[Fact, ...]
    sentence: int
    start: int
    end: int
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    variant: str = ""
    doc_choices: int = 0
    features: dict[str, float] = field(default_factory=dict)
    swapped: str = ""  # a false true/false statement: what stands in for the fact


TOPIC_NOUN_COUNT = 5


class Context:
    """Per-document state shared by the types: stems and distractors, built once."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.distractors = DistractorSource(analysis)
        self._reparsed: dict[str, Doc] = {}

    def reparse(self, text: str) -> Doc:
        """A finished question parsed on its own, once per distinct text."""
        if text not in self._reparsed:
            self.reparse_all([text])
        return self._reparsed[text]

    def reparse_all(self, texts: Sequence[str]) -> None:
        """Parse the questions in one batch (a call per question costs several times
        more), with tags and dependencies only: the entities, the coarse parts of speech
        and the lemmas cost a third more and the checks on a question do not need them."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._reparsed))
        nlp = load_pipeline()
        with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
            for text, doc in zip(todo, nlp.pipe(todo, batch_size=256), strict=True):
                self._reparsed[text] = doc

    @functools.cached_property
    def stems(self) -> list[Stem]:
        return all_stems(self.analysis)

    @functools.cached_property
    def _paragraphs(self) -> dict[int, str]:
        out: dict[int, list[str]] = {}
        for s in self.analysis.sentences:
            out.setdefault(s.paragraph, []).append(s.text)
        return {p: " ".join(texts) for p, texts in out.items()}

    @functools.cached_property
    def lower_words(self) -> frozenset[str]:
        return lower_case_words(self.analysis.docs)

    @functools.cached_property
    def actor_words(self) -> frozenset[str]:
        """Every word of every actor's name ("Watt" is a name, though "watt" is a unit)."""
        return frozenset(w for a in self.analysis.actors.values() for w in a.name.split())

    @functools.cached_property
    def topic_nouns(self) -> frozenset[str]:
        """Common nouns the document keeps coming back to ("the mould" in a life of
        Fleming): the reader knows which one is meant without a name."""
        counts: Counter[str] = Counter(
            tok.lemma_.lower() for doc in self.analysis.docs for tok in doc if tok.pos_ == "NOUN"
        )
        return frozenset(noun for noun, n in counts.items() if n >= TOPIC_NOUN_COUNT)

    @functools.cached_property
    def dated_acts(self) -> dict[tuple[str, str], list[tuple[int, str, str | None]]]:
        """(verb lemma, lemma of what it acts on) -> (sentence, date value, named subject)
        of each dated clause: "announced a new element" in July 1898 and "announced a
        second element" in December 1898 are the same act told twice with two dates."""
        out: dict[tuple[str, str], list[tuple[int, str, str | None]]] = {}
        for clause in self.analysis.clauses:
            if clause.date_entity is None:
                continue
            verb = clause.verb_token
            acted = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ == ("nsubjpass" if clause.passive else "dobj") and c.pos_ == "NOUN"
                ),
                None,
            )
            date = next(
                (
                    f.normalized
                    for f in self.analysis.facts_in(clause.sentence)
                    if f.kind == "date" and f.token_start == clause.date_entity[0]
                ),
                None,
            )
            if acted is None or date is None:
                continue
            root = clause.subject_root
            named = root.text if root is not None and root.pos_ == "PROPN" else None
            key = (verb.lemma_.lower(), acted.lemma_.lower())
            out.setdefault(key, []).append((clause.sentence, date, named))
        return out

    def paragraph_text(self, paragraph: int) -> str:
        """The paragraph's sentences as one text (built once per document)."""
        return self._paragraphs.get(paragraph, "")

    def named_sentence(self, index: int, start: int, end: int) -> tuple[str, int, int]:
        """The sentence as a question can show it on its own (see `trimming`), with the
        span (start, end) of the original sentence moved to match."""
        return self_contained(self.analysis, index, start, end)

    def accepted(self, fact: Fact, answer: str) -> tuple[str, ...]:
        """Other spellings a typed answer may use: the actor's aliases, other date forms."""
        from questions import dates

        if fact.subtype == "role":
            return ()  # a description is chosen, and the person it describes is no answer
        out: list[str] = []
        if fact.members and len(fact.members) <= 3:
            out.extend(_orders(fact.members))
        if fact.kind == "date" and fact.date is not None:
            out = [s for s in dates.spellings(fact.date)]
        actor = self.analysis.actors.get(fact.normalized or "")
        if actor is not None:
            out.extend(sorted(actor.aliases))
            out.append(actor.name)
        relative = fact.date is not None and dates.parse_date(fact.text) is None
        if fact.text != answer and fact.text.lower() not in PRONOUN_TEXTS and not relative:
            out.append(fact.text)  # "the following year" is no answer out of its paragraph
        seen = {answer.casefold()}
        unique: list[str] = []
        for a in out:
            if a and a.casefold() not in seen:
                seen.add(a.casefold())
                unique.append(a)
        return tuple(unique)


def join_list(items: Sequence[str]) -> str:
    """ "A and B", "A, B and C": a list written as the text writes one."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _orders(members: Sequence[str]) -> list[str]:
    """Every order of a short list, so a typed answer may name the members in any order."""
    return [join_list(p) for p in itertools.permutations(members)]


class QuestionType(Protocol):
    name: QuestionTypeName

    def generate(self, ctx: Context) -> Iterator[Candidate]: ...


REGISTRY: dict[str, QuestionType] = {}


def register(cls: Callable[[], QuestionType]) -> Callable[[], QuestionType]:
    instance = cls()
    REGISTRY[instance.name] = instance
    return cls
