"""Wrong choices and false statements a strict teacher accepts: of the key's kind, not
true elsewhere in the paragraph, within the life of the person a date is about."""

from __future__ import annotations

import dataclasses
from typing import Any

from questions import dates
from questions.checks import failed_check
from questions.distractors import WELL_KNOWN_STATES, DistractorSource
from questions.engine import generate_bank
from questions.facts import analyse
from questions.reading import read_text
from questions.types import REGISTRY, Context

SNOW = (
    "John Snow (15 March 1813 – 16 June 1858), a physician born in York, was sceptical of "
    "the miasma theory. In 1853 he administered chloroform to Queen Victoria. In 1849 Snow "
    "published a pamphlet on the spread of cholera. Snow died in London in 1858.\n\n"
    "The Lambeth company moved its intake upstream to Thames Ditton in 1852. The Southwark "
    "company drew its water from the Thames at Battersea in 1850. The Chelsea company "
    "filtered its water through sand in 1829."
)


def test_dates_offered_for_a_person_fall_within_their_grown_life(nlp: Any) -> None:
    analysis = analyse(read_text(SNOW))
    source = DistractorSource(analysis)
    fact = next(f for f in analysis.facts if f.text == "1853")
    wrong = source.for_fact(fact)
    assert len(wrong) == 3
    for text in wrong:
        value = dates.parse_date(text)
        assert value is not None and 1813 + 18 <= value.start_year <= 1858, wrong


PEOPLE_AND_COMPANIES = SNOW + (
    "\n\nIn 1854 William Farr compiled the weekly returns of deaths. In 1855 Henry Whitehead "
    "interviewed the families of the victims. In 1856 Edwin Chadwick proposed a national "
    "drainage scheme. In 1857 Joseph Bazalgette designed the intercepting sewers."
)


def test_no_multiple_choice_on_the_acts_of_a_company(nlp: Any) -> None:
    analysis = analyse(read_text(PEOPLE_AND_COMPANIES))
    ctx = Context(analysis)
    outcome_mcs = [c for c in REGISTRY["multiple_choice"].generate(ctx) if c.kind == "outcome"]
    passed = [c.prompt for c in outcome_mcs if failed_check(c, ctx) is None]
    assert not [p for p in passed if "company" in p], passed
    # Snow's acts are still asked about, with other people's acts as wrong choices only.
    snow = [c for c in outcome_mcs if "Snow" in c.prompt]
    assert snow, [c.prompt for c in outcome_mcs]
    company_acts = {"moved its intake", "drew its water", "filtered its water"}
    for c in snow:
        assert not any(act in choice for choice in c.choices for act in company_acts), c.choices


def _false_with(statement: Any, key: str, swapped: str) -> Any:
    """The true/false candidate made false with `swapped` in the key's place (whether the
    engine made it true or false is chosen by the fact's id)."""
    shown = statement.swapped or key
    return dataclasses.replace(
        statement,
        prompt=statement.prompt.replace(shown, swapped),
        answer="False",
        variant="false",
        swapped=swapped,
    )


def test_a_false_statement_never_swaps_in_what_the_paragraph_says(nlp: Any) -> None:
    text = (
        "The second pandemic reached Russia, Europe and North America in 1829. It arrived "
        "in Britain in October 1831 at the port of Sunderland.\n\n"
        "Cholera reached France and Prussia in 1832."
    )
    analysis = analyse(read_text(text))
    ctx = Context(analysis)
    russia = next(c for c in REGISTRY["true_false"].generate(ctx) if c.facts[0].text == "Russia")
    for swapped, reason in [
        ("Sunderland", "same paragraph"),
        ("France", None),
        ("Hamburg", "not both states"),
    ]:
        failed = failed_check(_false_with(russia, "Russia", swapped), ctx)
        if reason is None:
            assert failed is None or failed[0] != "false_swap", failed
        else:
            assert failed is not None and failed[0] == "false_swap" and reason in failed[1]


def test_stems_that_lean_on_their_paragraph_are_dropped(nlp: Any) -> None:

    text = (
        "Marie Curie and Pierre Curie married in Paris in 1895. In December 1898 the couple "
        "announced a second element, radium. Marie Curie moved to the Sorbonne in 1906 and "
        "became the first woman to teach there as a professor in November 1906."
    )
    bank = generate_bank([read_text(text)])
    prompts = [q.prompt for q in bank.questions]
    assert not [p for p in prompts if "the couple" in p or " there " in p], prompts
    assert any(r.check == "context_dependent" and "couple" in r.prompt for r in bank.rejected)


def test_a_name_the_text_never_shows_acting_is_no_person_to_offer(nlp: Any) -> None:
    text = (
        "Alexander Fleming was one of the first doctors in London to administer Salvarsan. "
        "Pope Innocent X condemned the treaties in the bull Zelo Domus Dei. "
        "Almroth Wright founded the inoculation department. Ernst Chain purified the drug. "
        "Howard Florey tested it on mice. Norman Heatley designed the apparatus. "
        "In 1946 Fleming succeeded Almroth Wright as head of the department."
    )
    analysis = analyse(read_text(text))
    # The model takes "Salvarsan" for a person; the text never shows it acting, so it is
    # never offered in a person's place ("the bull Zelo Domus Dei" is read as no person).
    people = {f.text for f in analysis.facts if f.subtype == "person"}
    assert "Salvarsan" in people and "Zelo Domus Dei" not in people, people
    source = DistractorSource(analysis)
    wright = next(f for f in analysis.facts if f.text == "Wright" and f.sentence == 6)
    wrong = source.for_fact(wright, k=5)
    assert "Howard Florey" in wrong, wrong
    assert not {"Salvarsan", "Zelo Domus Dei"} & set(wrong), wrong


def test_a_choice_that_shares_a_name_with_the_question_is_not_offered() -> None:
    from questions.types.multiple_choice import _named_in

    assert _named_in("Fabio Chigi", "Who did Chigi become in 1655?")
    assert _named_in("Alfred Milner", "Who did Milner meet at the Bloemfontein Conference?")
    assert not _named_in("Paul Kruger", "Who did Milner meet at the Bloemfontein Conference?")


def test_wrong_dates_stay_inside_the_storys_frame(nlp: Any) -> None:
    text = (
        "The Albion Flour Mills in London began work in 1786 and burned down in 1791. "
        "Watt moved to Birmingham in 1774.\n\n"
        "The Treaty of Lisbon was signed on 13 December 2007. The treaty entered into "
        "force on 1 December 2009."
    )
    analysis = analyse(read_text(text))
    source = DistractorSource(analysis)
    burned = next(f for f in analysis.facts if f.text == "1791")
    wrong = source.for_fact(burned)
    assert len(wrong) == 3, wrong
    # not before the mills opened, and near the key rather than decades away
    assert all(1786 < int(w) <= 1791 + 12 for w in wrong), wrong
    force = next(f for f in analysis.facts if f.text == "1 December 2009")
    wrong = source.for_fact(force)
    assert len(wrong) == 3, wrong
    for w in wrong:
        value = dates.parse_date(w)
        assert value is not None and value.value > "2007-12-13", wrong


def test_a_person_offered_lived_in_the_questions_time(nlp: Any) -> None:
    text = (
        "In 1853 John Snow administered chloroform to Queen Victoria. In 1854 William Farr "
        "compiled the returns of deaths. In 1855 Henry Whitehead interviewed the families. "
        "In 1858 Joseph Bazalgette designed the sewers. In 2016 Ban Ki-moon apologised for "
        "the organisation's role."
    )
    analysis = analyse(read_text(text))
    source = DistractorSource(analysis)
    snow = next(f for f in analysis.facts if f.text == "John Snow")
    wrong = source.for_fact(snow, k=5)
    assert "Ban Ki-moon" not in wrong, wrong
    assert {"William Farr", "Henry Whitehead"} <= set(wrong), wrong


def test_a_false_statement_swaps_a_party_for_a_party(nlp: Any) -> None:
    text = (
        "Voters blamed the Republican Party for the hard times. The New York Stock Exchange "
        "suspended trading for ten days. The Democratic Party won control of the House."
    )
    analysis = analyse(read_text(text))
    ctx = Context(analysis)
    party = next(
        c for c in REGISTRY["true_false"].generate(ctx) if c.facts[0].text == "Republican Party"
    )
    for swapped, passes in [("New York Stock Exchange", False), ("Democratic Party", True)]:
        failed = failed_check(_false_with(party, "Republican Party", swapped), ctx)
        if passes:
            assert failed is None or "same kind" not in failed[1], failed
        else:
            assert failed is not None and failed[0] == "false_swap", failed


def test_names_that_are_places_by_their_own_words() -> None:
    from questions.actors import _not_a_name_of_person

    for place in ("Rouen Cathedral", "Glasgow Green", "moulin de la Galette", "St Paul"):
        assert _not_a_name_of_person(place), place
    for person in ("da Gama", "Christiaan de Wet", "Claude Monet", "Paul Ehrlich"):
        assert not _not_a_name_of_person(person), person


def test_a_false_act_is_only_swapped_where_nothing_of_the_true_one_stays(nlp: Any) -> None:

    text = (
        "In 1756 Voltaire satirised philosophical optimism in Candide. In 1901 Emily "
        "Hobhouse visited the camps. In 1900 Roberts occupied Bloemfontein. In 1899 Churchill "
        "escaped from a prisoner-of-war camp. In 1902 Kitchener ordered troops to burn farms."
    )
    bank = generate_bank([read_text(text)], types=["true_false"])
    for q in bank.questions:
        if q.kind == "outcome" and q.answer == "False":
            assert "in Candide" not in q.prompt, q.prompt


def test_a_quotation_keeps_its_marks_or_the_question_goes(nlp: Any) -> None:

    text = (
        'At the Bloemfontein Conference in 1899, Milner met Kruger; Kruger told him, "It is '
        'our country you want." Boulton declared in 1776: "I sell here, Sir, what all the '
        'world desires to have: power."'
    )
    bank = generate_bank([read_text(text)])
    for q in bank.questions:
        for opening in ("It is our country", "I sell here"):
            at = q.prompt.find(opening)
            assert at <= 0 or q.prompt[at - 1] in '"“', q.prompt


def test_another_act_of_the_same_subject_is_never_the_false_one(nlp: Any) -> None:
    analysis = analyse(
        read_text(
            "John Snow (15 March 1813 – 16 June 1858) was a physician born in York. In 1849 "
            "Snow published a pamphlet on the spread of cholera. Snow, who lived nearby in "
            "Sackville Street, examined the addresses of the victims in 1854. In 1855 William "
            "Farr compiled the returns of deaths. In 1856 Henry Whitehead interviewed the "
            "families."
        )
    )
    source = DistractorSource(analysis)
    examined = next(f for f in analysis.facts if f.text.startswith("examined the addresses"))
    # The model misses "Snow" in "Snow, who lived nearby"; found again or not, his other act
    # is never the false one.
    swapped = source.swapped_outcome(examined)
    assert swapped is None or "pamphlet" not in swapped, swapped


def test_an_undated_sentence_takes_the_time_of_the_story_around_it(nlp: Any) -> None:
    text = (
        "In 1852 Nicholas I inaugurated the New Hermitage museum. The Italian volunteer "
        "Garibaldi Legion fought against Russia, with General Francesco Nullo killed in the "
        "Battle of Krzykawka.\n\n"
        "In 2016 Matteo Renzi suggested that Russian-backed groups spread fake news. In 2018 "
        "Luigi Di Maio expressed gratitude to Russia. In 2021 Mario Draghi formed his "
        "government."
    )
    analysis = analyse(read_text(text))
    source = DistractorSource(analysis)
    nullo = next(f for f in analysis.facts if f.text.endswith("Francesco Nullo"))
    wrong = source.for_fact(nullo, k=5)
    assert not {"Matteo Renzi", "Luigi Di Maio", "Mario Draghi"} & set(wrong), wrong


def test_a_name_the_model_cut_from_a_longer_one_is_never_a_wrong_choice(nlp: object) -> None:

    text = (
        "The Holy Roman Empire fought Sweden in 1630. France joined the war in 1635. "
        "Spain fought France until 1659. The pope condemned the treaties in the bull "
        "Zelo Domus Dei in 1650."
    )
    source = DistractorSource(analyse(read_text(text)))
    assert "Empire" not in source.analysis.actors or "Empire" in source.fragments
    assert all(" " in f or f in {"Empire", "Dei", "Domus", "Zelo"} for f in source.fragments)
    for fact in source.analysis.facts:
        assert not {"Empire", "Dei"} & set(source.for_fact(fact, k=3, seed=fact.id))


def test_a_list_of_places_swaps_in_a_whole_place_of_the_same_order(nlp: object) -> None:
    """Not the last word of a longer name ("Dei"), not "the Empire" said short, and not a
    continent among towns: each gives the false statement away."""

    text = (
        "The treaties were signed in the cities of Osnabrück and Münster in 1648. "
        "The Holy Roman Empire lost land to Sweden, and the Empire was weakened. "
        "Pope Innocent X condemned them in the bull Zelo Domus Dei in 1650. "
        "Envoys came from Hamburg, Breisach and Lübeck, and others from Europe and Asia."
    )
    source = DistractorSource(analyse(read_text(text)))
    cities = next(f for f in source.analysis.facts if f.members and "Münster" in f.members)
    wrong = source.for_fact(cities, k=3, seed=cities.id)
    assert wrong, "no false list offered"
    for choice in wrong:
        assert not {"Dei", "Empire", "Europe", "Asia"} & set(choice.split(" and ")), choice
    for fact in source.analysis.facts:
        if fact.kind == "place" and fact.text in {"Hamburg", "Breisach", "Lübeck"}:
            offered = source.for_fact(fact, k=3, seed=fact.id)
            assert not {"Europe", "Asia", "Empire"} & set(offered), (fact.text, offered)


def test_a_monarch_is_never_a_wrong_answer_for_a_commoners_deed(nlp: object) -> None:
    """ "George VI" among scientists for who discovered lysozyme: the rank gives it away."""

    text = (
        "Alexander Fleming discovered lysozyme in 1921. Howard Florey began work on "
        "penicillin in 1939. Ernst Chain purified the drug in 1940. Almroth Wright "
        "retired in 1946. Fleming was knighted by George VI in 1944, and Florey was "
        "received by Queen Mary in 1945."
    )
    source = DistractorSource(analyse(read_text(text)))
    for fact in source.analysis.facts:
        if fact.subtype == "person" and fact.normalized in {"Alexander Fleming", "Howard Florey"}:
            offered = source.for_fact(fact, k=3, seed=fact.id)
            assert not {"George VI", "Queen Mary"} & set(offered), offered


def test_a_verb_of_saying_without_its_words_is_no_question(nlp: object) -> None:

    text = (
        "Alexander Fleming returned to his laboratory on 3 September 1928. He found that "
        'one culture had been contaminated with a fungus. "That\'s funny," he is reported '
        "to have said. He grew the mould in pure culture in 1928."
    )
    bank = generate_bank([read_text(text)])
    assert not any(q.prompt.endswith("said?") for q in bank.questions)
    assert any(r.check == "grammar" and "saying" in r.detail for r in bank.rejected)


def test_a_place_is_offered_beside_places_of_its_own_form(nlp: object) -> None:
    """Not a word that only describes ("Germanic peoples"), not "the Visigoths" beside
    England, not Britain where the key is England, and only countries beside a country."""

    text = (
        "Lisbon\n\nThe city was held by Germanic peoples, first the Suebi and then the "
        "Visigoths. Vasco da Gama reached Calicut in India in 1498. Lisbon was the centre "
        "of trade with Brazil in 1600. In 1908 King Carlos was shot. Britain protected "
        "Lisbon in 1810. The young King Manuel II went into exile in England in 1910. "
        "Philip II of Spain claimed the throne in 1580."
    )
    source = DistractorSource(analyse(read_text(text)))
    england = next(f for f in source.analysis.facts if f.text == "England")
    offered = source.for_fact(england, k=3, seed=england.id)
    assert len(offered) == 3, offered
    assert not {"Germanic", "Visigoths", "Britain", "Suebi"} & set(offered), offered
    assert all(o in WELL_KNOWN_STATES for o in offered), offered


def test_people_offered_are_those_told_of_near_the_question(nlp: object) -> None:
    """An American bank's president among Americans of the same section, not the German
    chancellor of another; a Russian president is never offered among Italian ministers."""

    text = (
        "In Germany, Chancellor Otto von Bismarck introduced protective tariffs in 1879. "
        "Jules Méline raised French tariffs in 1892.\n\n"
        "Ulysses S. Grant vetoed the Inflation Bill in April 1874. Treasury Secretary "
        "William A. Richardson released greenbacks in 1873. Frederick Douglass became the "
        "bank's president in March 1874. Rutherford B. Hayes sent troops in 1877.\n\n"
        "Italian Prime Minister Matteo Renzi accused the movement in 2016. Italian Foreign "
        "Minister Luigi Di Maio thanked Russia in 2020. Russian President Vladimir Putin "
        "replied in 2020."
    )
    source = DistractorSource(analyse(read_text(text)))
    facts = {f.normalized: f for f in source.analysis.facts if f.subtype == "person"}
    douglass = facts["Frederick Douglass"]
    offered = source.for_fact(douglass, k=3, seed=douglass.id)
    assert set(offered) == {"Ulysses S. Grant", "William A. Richardson", "Rutherford B. Hayes"}
    renzi = facts["Matteo Renzi"]
    assert "Vladimir Putin" not in source.for_fact(renzi, k=3, seed=renzi.id)


def test_a_wrong_count_differs_by_a_share_and_keeps_to_the_bound(nlp: object) -> None:
    """ "495" beside "some 496" is no wrong answer, and "more than 75" is as true as "more
    than 100"."""

    text = (
        "By 1800 the firm had built some 496 engines. By 1733 more than 100 engines had "
        "been erected in Britain. The group held eight exhibitions between 1874 and 1886."
    )
    source = DistractorSource(analyse(read_text(text)))
    numbers = {f.text: f for f in source.analysis.facts if f.kind == "number"}
    built = source.for_fact(numbers["496"], k=3)
    assert len(built) == 3 and all(abs(int(w) - 496) >= 100 for w in built), built
    erected = source.for_fact(numbers["100"], k=3)
    assert erected and all(int(w) > 100 for w in erected), erected
    assert source.for_fact(numbers["eight"], k=3) == ["seven", "nine", "six"]


def test_a_date_question_does_not_name_the_year_it_asks_for(nlp: object) -> None:

    text = (
        "Panic of 1873\n\n"
        "The Panic of 1873 was a financial crisis that triggered a depression. It began "
        "with the collapse of the Vienna Stock Exchange in May 1873. Two years later, on "
        "5 October 1875, the bank of Jay Cooke was sold to Henry Clews in New York."
    )
    bank = generate_bank([read_text(text)])
    prompts = [q.prompt for q in bank.questions]
    assert "When did the Panic of 1873 begin?" not in prompts
    assert any(r.check == "answer_in_prompt" and "1873" in r.detail for r in bank.rejected)
    # "Two years later, on 5 October 1875" is told once, not "In 1875, on 5 October 1875"
    assert not any("In 1875, on" in p for p in prompts), prompts
