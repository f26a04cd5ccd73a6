"""The `quizapp.bank/1` contract, checked: what any bank we write or read must hold.

The bank JSON is a public interface (the CLI writes it, the web app imports and exports
it, teachers move it between servers), so its rules live with the engine that defines it
and run from a bare clone: the structure, and the faults a student would notice at once
(a missing or leaked answer, a pronoun as the answer, citation markers, a multiple-choice
question without exactly one right choice among four distinct ones of the same form, a
cloze without its blank). It does not judge whether a question is good; `checks` and
`bench/quality.py` do that.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

SCHEMA = "quizapp.bank/1"
TYPES = frozenset({"cloze", "short_answer", "multiple_choice", "true_false", "ordering"})
KINDS = frozenset({"date", "actor", "place", "event", "outcome", "number"})
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "him",
        "them",
        "we",
        "our",
        "us",
        "who",
        "which",
    ]
)
CITATION = re.compile(r"\[(?:\d+|[a-z]|citation needed|clarification needed|when\?)\]", re.I)
TOP_KEYS = ("generator", "documents", "facts", "questions")
QUESTION_KEYS = ("id", "type", "kind", "prompt", "answer", "source", "score")
ARROW = " \u2192 "


def normalise(text: str) -> str:
    """Text as the contract compares it: case, dashes, quotes, articles and punctuation
    aside (two prompts that differ only so are duplicates)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    text = re.sub(r"[^\w\s'-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _has_digit(text: str) -> bool:
    return bool(re.search(r"\d", text))


def question_problems(q: dict[str, Any], fact_ids: set[str]) -> list[str]:
    """What one question breaks, as short phrases ("fewer than 4 choices")."""
    missing = [f"missing key {key!r}" for key in QUESTION_KEYS if key not in q]
    if missing:
        return missing
    problems: list[str] = []
    qtype = q["type"]
    prompt, answer = str(q["prompt"] or "").strip(), str(q["answer"] or "").strip()
    choices = [str(c) for c in q.get("choices") or []]
    source = q["source"] if isinstance(q["source"], dict) else {}
    if qtype not in TYPES:
        problems.append(f"unknown type {qtype!r}")
    if q["kind"] not in KINDS:
        problems.append(f"unknown kind {q['kind']!r}")
    if not prompt or not answer:
        return [*problems, "empty prompt or answer"]
    score = q["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        problems.append("score not a number in [0, 1]")
    if not source.get("sentence"):
        problems.append("no source sentence")
    problems.extend(
        f"unknown fact {f}" for f in q.get("facts") or [] if fact_ids and f not in fact_ids
    )
    texts = [prompt, answer, *choices, *(q.get("accept") or []), str(source.get("sentence", ""))]
    if any(CITATION.search(str(t)) for t in texts):
        problems.append("citation marker in the question")
    if re.search(r"\s[,.;:?!]", prompt) or "  " in prompt:
        problems.append("broken spacing in the prompt")
    if qtype not in {"true_false", "ordering"}:
        a = normalise(answer)
        if a in PRONOUNS:
            problems.append("pronoun as the answer")
        if len(a) > 3 and re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", normalise(prompt)):
            problems.append("answer appears in the prompt")
    problems.extend(_type_problems(qtype, prompt, answer, choices))
    return problems


def _type_problems(qtype: str, prompt: str, answer: str, choices: list[str]) -> list[str]:
    if qtype == "multiple_choice":
        normed = [normalise(c) for c in choices]
        out = []
        if len(choices) < 4:
            out.append("fewer than 4 choices")
        if normed.count(normalise(answer)) != 1:
            out.append("answer not exactly once among the choices")
        if len(set(normed)) != len(normed):
            out.append("duplicate choices")
        if any(_has_digit(c) != _has_digit(answer) for c in choices):
            out.append("a choice of another form (digits vs words) than the answer")
        return out
    if qtype == "true_false":
        out = [] if answer in {"True", "False"} else ["true_false answer is not True or False"]
        if choices and choices != ["True", "False"]:
            out.append("true_false choices are not ['True', 'False']")
        return out
    if qtype == "cloze" and "_____" not in prompt:
        return ["cloze prompt without a _____ blank"]
    if qtype == "short_answer" and not prompt.endswith("?"):
        return ["short_answer prompt does not end with '?'"]
    if qtype == "ordering":
        out = [] if 3 <= len(choices) <= 5 else ["ordering needs 3 to 5 items"]
        if sorted(answer.split(ARROW)) != sorted(choices):
            out.append("ordering answer is not the choices in some order")
        return out
    return []


def problems(bank: Any) -> list[str]:
    """Every way the bank breaks the contract, one line each; empty when it holds."""
    if not isinstance(bank, dict):
        return ["top level: not a JSON object"]
    out: list[str] = []
    if bank.get("schema") != SCHEMA:
        out.append(f"top level: schema is {bank.get('schema')!r}, not {SCHEMA!r}")
    out.extend(f"top level: missing {key!r}" for key in TOP_KEYS if key not in bank)
    questions = [q for q in bank.get("questions") or [] if isinstance(q, dict)]
    fact_ids = {f.get("id") for f in bank.get("facts") or [] if isinstance(f, dict)}
    ids = [q.get("id") for q in questions]
    if len(set(ids)) != len(ids):
        out.append("top level: question ids are not unique")
    scores = [q["score"] for q in questions if isinstance(q.get("score"), int | float)]
    if scores != sorted(scores, reverse=True):
        out.append("top level: questions are not sorted by score, best first")
    prompts = [normalise(str(q.get("prompt", ""))) for q in questions]
    if len(set(prompts)) != len(prompts):
        out.append(f"top level: {len(prompts) - len(set(prompts))} duplicate prompts")
    for q in questions:
        found = question_problems(q, {f for f in fact_ids if isinstance(f, str)})
        if found:
            out.append(f"{q.get('id')} ({q.get('type')}): {'; '.join(found)}")
    return out
