"""Wh-question stems: the questions a clause can answer, each tied to the fact it asks for.

Short-answer and multiple-choice questions share these stems; a stem is a prompt, the
answer, the fact and the kind of wh-phrase. Each is made by moving one phrase of the
clause (subject, object, date, event, number) with `questions.outcomes.question_moving`.
"""

from __future__ import annotations

from dataclasses import dataclass

from questions.distractors import known_state
from questions.facts import Analysis, Fact
from questions.outcomes import Clause, outcome_question, question_moving, when_question

WH_BY_SUBTYPE = {
    "person": "Who",
    "state": "Which country",
    "group": "Which group",
    "place": "Where",
    "event": "Which event",
}
ORG_HEADS = (
    "party",
    "movement",
    "league",
    "union",
    "government",
    "army",
    "company",
    "church",
    "alliance",
    "legion",
    "coalition",
    "university",
    "council",
)
EVENT_HEADS = (
    "battle",
    "war",
    "siege",
    "treaty",
    "revolution",
    "uprising",
    "crisis",
    "congress",
    "conference",
    "rebellion",
    "crusade",
    "pact",
    "agreement",
    "convention",
    "accord",
    "charter",
    "edict",
    "act",
    "peace",
)
# A peace is a treaty to a student: "Which treaty did the treaties confirm?", not "Which peace".
EVENT_NOUN = {"peace": "treaty"}


@dataclass(frozen=True)
class Stem:
    prompt: str
    answer: str
    fact: Fact
    clause_sentence: int
    wh: str


def _org_wh(name: str) -> str:
    words = [w.lower() for w in name.split()]
    for head in ORG_HEADS:
        if head in words:
            return f"Which {head}"
    return "Which organisation"


def _event_noun(name: str) -> str:
    words = [w.lower() for w in name.split()]
    for head in EVENT_HEADS:
        if head in words:
            return EVENT_NOUN.get(head, head)
    return "event"


LIST_WH = {
    "person": "Who",
    "state": "Which countries",
    "organisation": "Which organisations",
    "group": "Which groups",
    "place": "Which places",
}


def wh_for(fact: Fact) -> str:
    if fact.members:
        heads = {m.split()[-1].lower() for m in fact.members}
        if len(heads) == 1 and heads <= set(ORG_HEADS) | {"school", "college"}:
            return f"Which {heads.pop()}s"  # "Which schools"
        if all(known_state(m) for m in fact.members):
            return "Which countries"  # "Sweden and France" as guarantors are powers
        return LIST_WH.get(fact.subtype, "Which")
    if fact.kind == "actor" and fact.subtype == "organisation":
        return _org_wh(fact.text)
    if fact.kind == "event":
        return f"Which {_event_noun(fact.text)}"
    return WH_BY_SUBTYPE.get(fact.subtype, "What")


def _covers(clause: Clause, fact: Fact, tokens: list[int]) -> bool:
    """The phrase `tokens` is the fact, give or take its article and titles."""
    if fact.members:
        doc = clause.doc
        words = [i for i in tokens if not (doc[i].is_punct or doc[i].pos_ in {"DET", "CCONJ"})]
        return bool(words) and all(fact.token_start <= i < fact.token_end for i in words)
    if not tokens or any(clause.doc[i].dep_ == "cc" for i in tokens):
        return False
    roots = [i for i in tokens if clause.doc[i].head.i not in tokens]
    return len(roots) == 1 and fact.token_start <= roots[0] < fact.token_end


def _phrases(clause: Clause) -> list[list[int]]:
    """The body split into its top-level phrases (objects and prepositional phrases)."""
    doc = clause.doc
    body = set(clause.body)
    tops = [i for i in clause.body if doc[i].head.i == clause.verb]
    out: list[list[int]] = []
    for top in tops:
        out.append(sorted(i for i in (t.i for t in doc[top].subtree) if i in body))
    return out


def stems_for(analysis: Analysis, clause: Clause) -> list[Stem]:
    """Every wh-question the clause supports, with its answer fact."""
    out: list[Stem] = []
    facts = analysis.facts_in(clause.sentence)
    doc = clause.doc

    def add(prompt: str | None, answer: str, fact: Fact, wh: str) -> None:
        if prompt and answer:
            out.append(
                Stem(
                    prompt=prompt, answer=answer, fact=fact, clause_sentence=clause.sentence, wh=wh
                )
            )

    for fact in facts:
        if fact.kind in {"actor", "event"} and _covers(clause, fact, clause.subject):
            wh = wh_for(fact)
            if wh == "Where":
                continue
            add(
                question_moving(clause, set(clause.subject), wh),
                fact.normalized or fact.text,
                fact,
                wh,
            )
    for phrase in _phrases(clause):
        top = next(i for i in phrase if doc[i].head.i == clause.verb)
        tok = doc[top]
        for fact in facts:
            if fact.kind not in {"actor", "event", "place", "number"}:
                continue
            if (
                tok.dep_ in {"dobj", "attr"}
                and fact.kind in {"actor", "event"}
                and _covers(clause, fact, phrase)
            ):
                add(
                    question_moving(clause, set(phrase), wh_for(fact)),
                    fact.normalized or fact.text,
                    fact,
                    wh_for(fact),
                )
            elif (
                tok.dep_ == "prep"
                and fact.kind in {"event", "place"}
                and len(phrase) > 1
                and _covers(clause, fact, phrase[1:])
            ):
                places = [f for f in facts if f.kind == "place" and f.token_start in clause.body]
                elsewhere = [
                    i
                    for i in (*clause.body, *clause.adjuncts)
                    if i not in phrase and doc[i].ent_type_ in {"GPE", "LOC", "FAC"}
                ]  # "Where did it arrive at the port of Sunderland?" names a place already
                if (
                    fact.kind == "place"
                    and tok.lower_ in {"in", "at"}
                    and len(places) == 1
                    and not elsewhere
                ):
                    wh = "Where"
                elif fact.kind == "event":
                    wh = f"{tok.lower_.capitalize()} which {_event_noun(fact.text)}"
                else:
                    continue
                add(
                    question_moving(clause, set(phrase), wh), fact.normalized or fact.text, fact, wh
                )
            elif (
                fact.kind == "number"
                and tok.dep_ == "dobj"
                and fact.token_start in phrase
                and doc[fact.token_start].head.i == top
            ):
                after = [i for i in phrase if i >= fact.token_end]
                cut = next((i for i in after if doc[i].pos_ == "DET"), None)
                rest = [i for i in after if cut is None or i < cut]
                # the counted noun, up to another phrase ("litres of fluid", not "litres of
                # fluid day" from "... a day"); a hedge before the figure leaves with it
                noun = clause.text(rest)
                counted = (
                    rest
                    and doc[rest[0]].pos_ in {"NOUN", "ADJ"}
                    and not any(doc[i].dep_ == "cc" for i in rest)
                )
                if fact.subtype == "cardinal" and counted and noun[:1].islower():
                    add(
                        question_moving(clause, set(phrase), f"How many {noun}"),
                        fact.text,
                        fact,
                        "How many",
                    )
    if clause.date_entity is not None:
        date_fact = next(
            (f for f in facts if f.kind == "date" and f.token_start == clause.date_entity[0]), None
        )
        if date_fact is not None:
            answer = date_fact.date.text if date_fact.date is not None else date_fact.text
            add(when_question(clause), answer, date_fact, "When")
    asked = outcome_question(clause)
    if asked is not None:
        outcome = next(
            (f for f in facts if f.kind == "outcome" and f.token_start == clause.verb), None
        )
        if outcome is not None:
            wh = "What happened" if asked[0].startswith("What happened") else "What did"
            add(asked[0], asked[1], outcome, wh)
    return out


def role_stems(analysis: Analysis) -> list[Stem]:
    """ "Who was Howard Florey?" for a person the document describes once, by apposition."""
    roles = [f for f in analysis.facts if f.subtype == "role"]
    per_person: dict[str, set[str]] = {}
    for f in roles:
        per_person.setdefault(f.normalized or "", set()).add(f.text.lower())
    out: list[Stem] = []
    for f in roles:
        person = f.normalized or ""
        if len(per_person[person]) != 1:
            continue  # described twice: which description is the answer?
        out.append(
            Stem(
                prompt=f"Who was {person}?",
                answer=f.text[:1].lower() + f.text[1:],
                fact=f,
                clause_sentence=f.sentence,
                wh="Who was",
            )
        )
    return out


def all_stems(analysis: Analysis) -> list[Stem]:
    out: list[Stem] = []
    for clause in analysis.clauses:
        out.extend(stems_for(analysis, clause))
    out.extend(role_stems(analysis))
    return out
