"""Facts the engine extracts: each kind, normalisation, alias merging, pronouns."""

from __future__ import annotations

from typing import Any

import pytest

from questions.facts import analyse
from questions.reading import read_text


def facts_of(analysis: Any, kind: str) -> dict[str, Any]:
    return {f.text: f for f in analysis.facts if f.kind == kind}


@pytest.mark.parametrize(
    ("text", "normalized", "granularity"),
    [
        ("1686–1699", "1686/1699", "range"),
        ("26 December 1921", "1921-12-26", "day"),
        ("the late 1930s", "193X", "decade"),
        ("October 1964", "1964-10", "month"),
        ("1969", "1969", "year"),
        ("2001–2006 and 2008–2011", "2001/2006,2008/2011", "range"),
        ("2007 and 2008", "2007,2008", "range"),
        ("the Middle Ages", "0500/1499", "era"),
        ("December 2017", "2017-12", "month"),
    ],
)
def test_sample_dates_are_found_and_normalised(
    sample_analysis: Any, text: str, normalized: str, granularity: str
) -> None:
    dates = facts_of(sample_analysis, "date")
    assert text in dates, sorted(dates)
    assert dates[text].normalized == normalized
    assert dates[text].subtype == granularity


def test_fact_offsets_point_into_their_sentence(sample_analysis: Any) -> None:
    for fact in sample_analysis.facts:
        if fact.kind == "outcome":
            continue
        sentence = sample_analysis.sentences[fact.sentence].text
        assert sentence[fact.start : fact.end] == fact.text, fact


@pytest.mark.parametrize(
    ("name", "subtype"),
    [
        ("Francesco Nullo", "person"),
        ("Palmiro Togliatti", "person"),  # the model calls him an organisation
        ("Vladimir Putin", "person"),
        ("Luigi Di Maio", "person"),
        ("Lega Nord", "organisation"),  # the model calls it a person
        ("Christian Democrats", "group"),
        ("Holy League", "organisation"),
        ("Germany", "state"),
        ("Republic of Venice", "state"),
        ("Tsardom of Russia", "state"),
    ],
)
def test_sample_actors_are_typed(sample_analysis: Any, name: str, subtype: str) -> None:
    assert name in sample_analysis.actors, sorted(sample_analysis.actors)
    assert sample_analysis.actors[name].subtype == subtype


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Battle of Krzykawka", "event"), ("Great Turkish War", "event"), ("Sea of Azov", "place")],
)
def test_sample_events_and_places(sample_analysis: Any, name: str, kind: str) -> None:
    assert sample_analysis.actors[name].kind == kind


def test_roles_are_kept_as_attributes(sample_analysis: Any) -> None:
    assert "Russian President" in sample_analysis.actors["Vladimir Putin"].roles
    assert "Foreign Minister" in sample_analysis.actors["Gromyko"].roles


def test_aliases_merge_into_one_canonical_actor(nlp: Any) -> None:
    doc = read_text(
        "Russian President Vladimir Putin met the Italian delegation in Moscow in 2004. "
        "Putin praised the trade agreement signed by both governments in 2005.\n\n"
        "The Soviet Union signed a treaty with Italy in 1924. "
        "Later the USSR expanded its trade with Rome in 1933."
    )
    analysis = analyse(doc)
    putin = analysis.actors["Vladimir Putin"]
    assert {"Putin", "Vladimir Putin"} <= putin.aliases
    assert "Putin" not in analysis.actors
    soviet = [a for a in analysis.actors.values() if "USSR" in a.aliases]
    assert len(soviet) == 1 and "Soviet Union" in soviet[0].aliases


def test_same_surname_different_people_stay_apart(nlp: Any) -> None:
    doc = read_text(
        "Marie Curie discovered polonium in 1898 with her husband. "
        "Pierre Curie died in a street accident in Paris in 1906. "
        "Curie later received a second Nobel Prize in 1911."
    )
    analysis = analyse(doc)
    assert "Marie Curie" in analysis.actors and "Pierre Curie" in analysis.actors
    assert "Curie" not in analysis.actors["Marie Curie"].aliases
    assert "Curie" not in analysis.actors["Pierre Curie"].aliases


def test_outcomes_say_who_did_what(sample_analysis: Any) -> None:
    outcomes = {f.text for f in sample_analysis.facts if f.kind == "outcome"}
    for expected in (
        "expelled two Russian diplomats",
        "won on an anticommunist platform",
        "violated the pact for the second time",
        "formed his government",
    ):
        assert expected in outcomes, sorted(outcomes)


def test_adjectives_and_pronouns_are_never_facts(sample_analysis: Any) -> None:
    """What a question asks for (a resolved "he" is asked as the person) is never a pronoun."""
    texts = {(f.normalized or f.text).lower() for f in sample_analysis.facts if f.kind != "outcome"}
    assert not texts & {"italian", "russian", "soviet", "polish", "he", "they", "it", "his"}


def test_pronoun_subject_yields_no_clause(sample_analysis: Any) -> None:
    he_sentence = next(
        s.index for s in sample_analysis.sentences if s.text.startswith("He favoured")
    )
    assert not [c for c in sample_analysis.clauses if c.sentence == he_sentence]


def test_numbers_are_facts(nlp: Any) -> None:
    analysis = analyse(
        read_text(
            "In March 2018 the government expelled two Russian diplomats "
            "after a long investigation by the police."
        )
    )
    assert [f.text for f in analysis.facts if f.kind == "number"] == ["two"]


def test_relative_dates_resolve_against_the_last_date(nlp: Any) -> None:
    analysis = analyse(
        read_text(
            "Marie Curie moved to Paris in 1891 to study physics. Two years later she earned a "
            "degree in physics at the Sorbonne. The following year she met Pierre Curie in a "
            "laboratory."
        )
    )
    dates = {f.text: f.normalized for f in analysis.facts if f.kind == "date"}
    assert dates == {"1891": "1891", "Two years later": "1893", "The following year": "1894"}


def test_a_hedged_figure_is_asked_without_its_hedge(nlp: Any) -> None:
    from questions.engine import generate_bank

    text = (
        "In 1892 an epidemic killed about 8,600 people in Hamburg. By 1733 more than 100 "
        "engines had been erected in Britain."
    )
    bank = generate_bank([read_text(text)], types=["cloze", "short_answer"])
    answers = {q.answer: q.prompt for q in bank.questions if q.kind == "number"}
    assert "8,600" in answers and "about 8,600" not in answers, answers
    assert answers["8,600"].startswith(("In 1892 an epidemic killed about _____", "How many"))


def _lists_of(text: str) -> set[tuple[str, ...]]:
    from questions.facts import analyse
    from questions.reading import read_text

    return {f.members for f in analyse(read_text(text)).facts if f.members}


def test_names_joined_by_and_are_one_list_answer(nlp: object) -> None:
    lists = _lists_of(
        "Claude Monet, Pierre-Auguste Renoir, Alfred Sisley and Frédéric Bazille had met "
        "in the early 1860s as students of Charles Gleyre. Frustrated by repeated rejection "
        "from the Salon, Monet, Renoir, Degas, Pissarro, Sisley and Berthe Morisot founded "
        "a society in 1873. The palace was lost with its paintings, including works by "
        "Titian, Rubens and Correggio."
    )
    # the first name before an apposition-parsed list is a member too
    assert ("Claude Monet", "Pierre-Auguste Renoir", "Alfred Sisley", "Frédéric Bazille") in lists
    # "the Salon" is a place before a list of people, and is left out of it
    assert ("Monet", "Renoir", "Degas", "Pissarro", "Sisley", "Berthe Morisot") in lists
    # a name the model did not tag joins the tagged ones
    assert ("Titian", "Rubens", "Correggio") in lists


def test_a_cut_name_or_a_title_is_no_member(nlp: object) -> None:
    lists = _lists_of(
        "In December 2017 Joe Biden accused Russia of helping the opposition Five Stars "
        "Movement and Lega Nord. Because France and the Emperor refused at first to "
        "negotiate, mediators carried proposals between the delegations."
    )
    assert not any("Stars Movement" in m for m in lists), lists
    assert not any("the Emperor" in m or "Emperor" in m for m in lists), lists


def _numbers_of(text: str) -> dict[str, str]:
    from questions.facts import analyse
    from questions.reading import read_text

    return {f.text: f.subtype for f in analyse(read_text(text)).facts if f.kind == "number"}


def test_lengths_of_time_and_ranges_are_quantities(nlp: object) -> None:
    numbers = _numbers_of(
        "At Mafeking the siege lasted 217 days. Two days later the New York Stock Exchange "
        "suspended trading for ten days. The WHO estimates that cholera causes 1.3 to 4 "
        "million cases each year. An estimated 3,500 visitors attended, and by 1800 the "
        "firm had built some 496 engines."
    )
    # the figure is the key; the unit stays in the sentence
    assert numbers.get("217") == "duration" and numbers.get("ten") == "duration", numbers
    # "two days later" is a date, not a length of time
    assert "Two" not in numbers and "two" not in numbers
    assert "1.3 to 4 million" in numbers
    assert "3,500" in numbers and "496" in numbers
