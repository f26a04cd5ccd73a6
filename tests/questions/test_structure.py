"""Questions read again as questions: what the transformation breaks and only the parse of
the finished question shows, and the misparses of the source that cause it."""

from __future__ import annotations

import dataclasses
from typing import Any

from questions.engine import generate_bank
from questions.reading import read_text


def _bank(text: str) -> Any:
    return generate_bank([read_text(text)], types=["short_answer", "multiple_choice"])


def test_a_passive_with_an_object_it_cannot_take_is_refused(nlp: Any) -> None:
    # The colon starts a new clause: Britain did not drive down farm incomes, and "was
    # affected cheap grain" is no English.
    text = (
        "The Panic of 1873 began in Vienna. Britain, until then the world's leading "
        "industrial power, was especially affected: cheap grain from the American prairies "
        "drove down farm incomes, and a Royal Commission was appointed in 1885. Sweden was "
        "promised five million thalers in 1648."
    )
    bank = _bank(text)
    prompts = [q.prompt for q in bank.questions]
    assert not any("affected cheap grain" in p for p in prompts), prompts
    assert not any(q.answer == "Britain" and "farm incomes" in q.prompt for q in bank.questions)
    # a verb that takes two objects keeps one in the passive
    assert any("promised five million thalers" in p for p in prompts), prompts


def test_the_subject_follows_the_auxiliary(nlp: Any) -> None:
    # The parse hung "at Paardeberg" on the subject; the question must not start
    # "When did at Paardeberg ...".
    text = (
        "The Second Boer War began in 1899. Kimberley was relieved by cavalry under General "
        "John French on 15 February 1900, and at Paardeberg the Boer general Piet Cronjé "
        "surrendered with about 4,000 men on 27 February 1900."
    )
    prompts = [q.prompt for q in _bank(text).questions]
    assert not any(p.startswith("When did at") for p in prompts), prompts
    asked = [p for p in prompts if p.startswith("When did") and "Cronjé surrender" in p]
    assert asked, prompts
    # "the Boer general" is Cronjé's title, never part of the place
    assert not any("Paardeberg the Boer general" in p for p in asked), asked


def test_the_structure_check_reads_the_finished_question(nlp: Any) -> None:
    from questions.checks import failed_check
    from questions.facts import analyse
    from questions.types import REGISTRY, Context

    ctx = Context(analyse(read_text("Roberts occupied Bloemfontein on 13 March 1900.")))
    question = next(
        c for c in REGISTRY["short_answer"].generate(ctx) if c.prompt.startswith("When")
    )
    assert failed_check(question, ctx) is None
    broken = dataclasses.replace(question, prompt="When did at Bloemfontein Roberts arrive?")
    assert failed_check(broken, ctx) == ("structure", "'did at': no subject after the auxiliary")


def test_a_reduced_relative_is_not_asked_as_the_main_verb(nlp: Any) -> None:
    # "passed in 1699" describes the Act; the sentence's verb is "extended"
    text = (
        "Savery showed a model to the Royal Society in 1699, and in 1702 he described the "
        "engine in a booklet entitled The Miner's Friend. An Act of Parliament passed in "
        "1699 extended his patent until 1733, giving him rights over any engine that "
        "raised water by fire."
    )
    prompts = [q.prompt for q in _bank(text).questions]
    assert "When did an Act of Parliament pass?" not in prompts, prompts


def test_a_date_inside_a_relative_clause_does_not_date_the_main_verb(nlp: Any) -> None:
    # The late 12th century is when the merchants formed the associations, not when the
    # league "grew".
    text = (
        "Hanseatic League\n\nThe Hanseatic League was a commercial and defensive network of "
        "merchant guilds. It grew out of the associations that German merchants formed in "
        "the late 12th century to travel and trade together in safety."
    )
    prompts = [q.prompt for q in _bank(text).questions]
    assert not any(p.startswith("When did the Hanseatic League grow") for p in prompts), prompts
