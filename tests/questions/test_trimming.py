"""Stems cut to the clause a question needs, so that they stand without their paragraph."""

from __future__ import annotations

from typing import Any

from questions.engine import generate_bank
from questions.facts import analyse
from questions.reading import read_text
from questions.trimming import self_contained
from questions.types.base import BLANK

FLEMING = (
    "Alexander Fleming was born at Lochfield farm near Darvel in Ayrshire in 1881. "
    "After working in a shipping office for four years, Fleming inherited some money "
    "from an uncle. His elder brother Tom, already a physician, suggested that he follow "
    "the same career, and in 1903 he enrolled at St Mary's Hospital Medical School in "
    "Paddington.\n\n"
    "During the First World War (1914–1918) Fleming served as a captain in the Royal Army "
    "Medical Corps (RAMC) and was mentioned in dispatches."
)


def _statement(analysis: Any, answer: str) -> tuple[str, int, int]:
    for s in analysis.sentences:
        at = s.text.find(answer)
        if at >= 0:
            return self_contained(analysis, s.index, at, at + len(answer))
    raise AssertionError(answer)


def test_the_clause_holding_the_gap_is_kept_and_its_pronoun_named(nlp: Any) -> None:
    analysis = analyse(read_text(FLEMING))
    text, start, end = _statement(analysis, "1903")
    assert text == (
        "In 1903 Alexander Fleming enrolled at St Mary's Hospital Medical School in Paddington."
    )
    assert text[start:end] == "1903"


def test_the_other_clauses_go_with_their_conjunction(nlp: Any) -> None:
    analysis = analyse(read_text(FLEMING))
    text, start, end = _statement(analysis, "Tom")
    assert text == (
        "Alexander Fleming's elder brother Tom, already a physician, suggested that he "
        "follow the same career."
    )
    assert text[start:end] == "Tom"


def test_brackets_that_are_not_the_gap_are_dropped(nlp: Any) -> None:
    analysis = analyse(read_text(FLEMING))
    text, start, end = _statement(analysis, "Royal Army Medical Corps")
    assert "(RAMC)" not in text and "(1914–1918)" not in text
    assert text[start:end] == "Royal Army Medical Corps"
    assert text.startswith("During the First World War Fleming served as a captain")


def test_a_cloze_on_a_later_clause_stands_on_its_own(nlp: Any) -> None:
    bank = generate_bank([read_text(FLEMING)], types=["cloze"])
    prompts = {q.answer: q.prompt for q in bank.questions}
    assert prompts.get("Paddington") == (
        f"In 1903 Alexander Fleming enrolled at St Mary's Hospital Medical School in {BLANK}."
    ), prompts
    # The source of the question stays the whole sentence, with the answer where it was.
    q = next(q for q in bank.questions if q.answer == "Paddington")
    assert q.source.sentence[q.source.start : q.source.end] == "Paddington"
    assert q.source.sentence.startswith("His elder brother Tom")
