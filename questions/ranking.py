"""Score, de-duplicate and sort candidates: overgenerate, then keep the best.

The score is the engine's confidence that a teacher would use the question as it is. It
blends five judgements made from the candidate alone (no second parse, so ranking stays
cheap next to spaCy): how informative the answer is (the document's topic, asked about
in every other sentence, is a poor answer), whether the prompt can be answered without
guessing what "he" or "this" means, grammaticality heuristics, the quality of the
distractors, and how hard the source sentence is to read.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from questions.contract import normalise
from questions.facts import Analysis
from questions.types.base import BLANK, Candidate

TYPE_WEIGHT = {
    "short_answer": 1.0,
    "multiple_choice": 1.0,
    "cloze": 0.93,
    "ordering": 0.95,
    "true_false": 0.88,
}
KIND_WEIGHT = {
    ("date", "day"): 0.95,
    ("date", "month"): 0.92,
    ("date", "year"): 0.9,
    ("date", "range"): 0.88,
    ("date", "decade"): 0.8,
    ("date", "century"): 0.75,
    ("date", "era"): 0.7,
    ("actor", "person"): 0.95,
    ("actor", "organisation"): 0.85,
    ("actor", "group"): 0.75,
    ("actor", "state"): 0.8,
    ("event", "event"): 0.95,
    ("place", "place"): 0.75,
    ("number", "cardinal"): 0.75,
    ("outcome", "action"): 0.9,
}
UNRESOLVED = re.compile(r"\b(he|she|they|him|his|her|their|them|it|this|these|those)\b", re.I)
LEADING_DEMONSTRATIVE = re.compile(r"^(this|that|these|those|it|he|she|they|his|her|their)\b", re.I)
SENTENCE_PENALTY = 0.94
FACT_PENALTY = 0.8
SHAPE_PENALTY = 0.985
PER_FACT = 3


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text) if any(ch.isalnum() for ch in w)]


def informativeness(c: Candidate, analysis: Analysis) -> float:
    fact = c.facts[0]
    if c.type == "ordering":
        return 0.9
    weight = KIND_WEIGHT.get((fact.kind, fact.subtype), 0.7)
    freq = analysis.frequency(fact)
    weight *= 1.0 - min(0.7, 1.6 * freq)
    if normalise(c.answer) and normalise(c.answer) in normalise(analysis.document.title):
        weight *= 0.5
    return weight


def answerability(c: Candidate) -> float:
    prompt = c.prompt.replace(BLANK, " ")
    score = 1.0
    if LEADING_DEMONSTRATIVE.match(prompt.strip()):
        score -= 0.7
    else:
        m = UNRESOLVED.search(prompt)
        if m is not None:
            before = prompt[: m.start()]
            if not re.search(r"\b[A-Z][a-z]+", before[1:]):
                score -= 0.5
            else:
                score -= 0.1
    if len(_words(prompt)) < 5:
        score -= 0.3
    if c.type in {"multiple_choice", "short_answer"} and re.fullmatch(
        r"What \w+ .{0,40} do\?", prompt
    ):
        score -= 0.3  # "What did X do?" with no time or place is vague
    return max(score, 0.0)


def grammaticality(c: Candidate) -> float:
    prompt = c.prompt
    words = _words(prompt)
    score = 1.0
    if len(words) > 24:
        score -= min(0.4, (len(words) - 24) * 0.03)  # a run-on stem is hard to read
    if "(" in prompt or "“" in prompt or '"' in prompt:
        score -= 0.15
    lowered = [w.lower() for w in words]
    if any(a == b for a, b in itertools.pairwise(lowered)):
        score -= 0.3
    if c.type in {"short_answer", "multiple_choice"}:
        score -= 0.08 * prompt.count(",")
        if len(words) < 5:
            score -= 0.3
        if re.search(r"\b(did|does|do|was|were)\s+\w+\s+(did|does|do)\b", prompt):
            score -= 0.4
        if prompt.endswith(" do?") and len(words) < 6:
            score -= 0.2
    if c.type == "ordering" or c.type == "multiple_choice":
        longest = max((len(_words(x)) for x in c.choices), default=0)
        if longest > 14:
            score -= 0.15
    return max(score, 0.0)


def distractor_quality(c: Candidate) -> float:
    if c.type == "multiple_choice":
        if c.kind == "date":
            return 0.9
        return 0.55 + 0.15 * min(c.doc_choices, 3)
    if c.type == "true_false":
        return 0.9 if c.variant == "false" and c.doc_choices else 0.75
    return 0.85


def readability(c: Candidate, analysis: Analysis) -> float:
    n = len(_words(analysis.sentences[c.sentence].text))
    if n < 8:
        return 0.6
    if n <= 30:
        return 1.0
    return max(0.4, 1.0 - (n - 30) * 0.02)


def form_preference(c: Candidate) -> float:
    """Split wh-questions between typing and choosing, so a bank holds both.

    A stem becomes one question only (prompts are unique), so each fact with a short,
    typable answer (a name, a date) leans to short answer or to multiple choice by its id:
    deterministic, and about half each. Outcomes are always chosen, never typed.
    """
    if c.type not in {"short_answer", "multiple_choice"} or c.kind == "outcome":
        return 0.0
    typable = len(c.answer.split()) <= 3
    leans_typed = typable and int(hashlib.sha256(c.facts[0].id.encode()).hexdigest(), 16) % 2 == 0
    return 0.04 if leans_typed == (c.type == "short_answer") else 0.0


def score(c: Candidate, analysis: Analysis) -> float:
    value = form_preference(c) + (
        0.3 * informativeness(c, analysis)
        + 0.25 * answerability(c)
        + 0.2 * grammaticality(c)
        + 0.1 * distractor_quality(c)
        + 0.15 * readability(c, analysis)
    )
    return max(0.0, min(1.0, value * TYPE_WEIGHT.get(c.type, 0.9)))


Ranked = tuple[str, Candidate, float]


def _states_the_act(c: Candidate, kept: Candidate) -> bool:
    """The same true statement made from an outcome and from a name in it ("Piet Cronjé
    surrendered with about 4,000 men on 27 February 1900."): the student is asked whether
    the act happened, so the bank records it as the outcome question."""
    return (
        c is not kept
        and c.type == kept.type == "true_false"
        and c.answer == kept.answer == "True"
        and c.kind == "outcome"
        and kept.kind != "outcome"
    )


def rank(scored: Iterable[Ranked]) -> list[Ranked]:
    """Best per fact and type, one per prompt, at most `PER_FACT` per fact, sorted best
    first with variety.

    Items are (document id, candidate, score). A sentence's second question costs a
    little and a fact's second question costs more, so the top of the bank covers the
    whole document with different facts: a teacher approving "the best 20" gets twenty
    things asked, not one date asked three ways. A bank keeps a few forms per fact (a
    typed one, a chosen one, a statement), not every form the engine can make.
    """
    best: dict[tuple[str, str, str], Ranked] = {}
    for doc_id, c, s in scored:
        key = ("|".join(f.id for f in c.facts), c.type, c.variant if c.type == "ordering" else "")
        if key not in best or s > best[key][2]:
            best[key] = (doc_id, c, s)
    by_prompt: dict[str, Ranked] = {}
    for item in sorted(best.values(), key=lambda r: (-r[2], r[1].prompt, r[1].type)):
        kept = by_prompt.setdefault(normalise(item[1].prompt), item)
        if _states_the_act(item[1], kept[1]):
            by_prompt[normalise(item[1].prompt)] = (item[0], item[1], kept[2])
    ordered = sorted(by_prompt.values(), key=lambda r: (-r[2], r[1].prompt, r[1].type))
    seen: Counter[tuple[str, int]] = Counter()
    asked: Counter[str] = Counter()
    shapes: Counter[tuple[str, str]] = Counter()
    out: list[Ranked] = []
    for doc_id, c, s in ordered:
        fact = "|".join(f.id for f in c.facts)
        if asked[fact] >= PER_FACT:
            continue
        place = (doc_id, c.sentence)
        shape = (c.type, c.kind)
        factor = (
            SENTENCE_PENALTY ** seen[place]
            * FACT_PENALTY ** asked[fact]
            * SHAPE_PENALTY ** min(shapes[shape], 8)
        )
        out.append((doc_id, c, round(s * factor, 3)))
        seen[place] += 1
        asked[fact] += 1
        shapes[shape] += 1
    out.sort(key=lambda r: (-r[2], r[1].prompt, r[1].type))
    return out
