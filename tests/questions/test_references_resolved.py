"""Stems that keep their meaning out of the paragraph: names the model missed, owners of
"his" and "its" found in the question itself, roles of institutions, dates the small model
cut, and connectives that answer a sentence the question does not show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from questions.dates import parse_date, resolve_relative
from questions.distractors import DistractorSource
from questions.engine import generate_bank
from questions.facts import analyse
from questions.reading import read_text
from questions.types.base import BLANK

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "devset"


def _bank(text: str, types: list[str] | None = None) -> Any:
    return generate_bank([read_text(text)], types=types or ["cloze", "short_answer"])


def _prompts(text: str, types: list[str] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for q in _bank(text, types).questions:
        out.setdefault(q.answer, []).append(q.prompt)
    return out


def _every(text: str, types: list[str] | None = None) -> list[str]:
    return [p for ps in _prompts(text, types).values() for p in ps]


def test_a_written_date_is_a_date_after_a_time_phrase(nlp: Any) -> None:
    # The small model tags "the night" a time and "August" alone a date: the day was lost.
    text = (
        "John Snow was a physician in London. On the night of 31 August 1854 a severe "
        "outbreak began in Soho, in the London parish of St James."
    )
    dates = [f.text for f in analyse(read_text(text)).facts if f.kind == "date"]
    assert dates == ["31 August 1854"]
    assert any(BLANK in p for p in _prompts(text)["31 August 1854"])


def test_a_life_span_stays_two_dates(nlp: Any) -> None:
    text = (
        "James Watt (19 January 1736 – 25 August 1819) was a Scottish instrument maker. "
        "He improved the steam engine in 1765."
    )
    dates = {f.text for f in analyse(read_text(text)).facts if f.kind == "date"}
    assert {"19 January 1736", "25 August 1819"} <= dates


def test_a_surname_the_model_missed_still_owns_his(nlp: Any) -> None:
    text = (
        "Cholera\n\nJohn Snow, a physician born in York, was sceptical of the miasma theory. "
        "In 1849 Snow published a pamphlet, On the Mode of Communication of Cholera.\n\n"
        "Snow's conclusions were not accepted by the authorities. A committee of the General "
        "Board of Health rejected his explanation in 1855, and the pump handle was later "
        "replaced."
    )
    prompts = _prompts(text)
    asked = "When did a committee of the General Board of Health reject John Snow's explanation?"
    assert asked in prompts["1855"]


def test_the_owner_of_a_subject_owns_the_next_his(nlp: Any) -> None:
    text = (
        "Richard Trevithick was a Cornish mining engineer. Trevithick's road engine carried "
        "passengers at Camborne in 1801, and on 21 February 1804 his locomotive hauled 10 "
        "tons of iron along the Penydarren tramroad."
    )
    prompts = _prompts(text)
    assert any(
        p.startswith(f"On {BLANK} Richard Trevithick's locomotive hauled")
        for p in prompts["21 February 1804"]
    )


def test_a_possessive_in_an_opening_phrase_looks_ahead_to_its_subject(nlp: Any) -> None:
    text = (
        "John Snow was a physician born in York. In the second edition of his book, "
        "published in 1855, Snow compared households supplied by the Lambeth Water Company. "
        "Henry Whitehead was a curate in Soho. After his own inquiry, however, the curate "
        "traced the source of contamination to 40 Broad Street."
    )
    prompts = _prompts(text, ["cloze"])
    # "his" stays: the name follows it, and writing it twice would be clumsy.
    assert (
        f"In the second edition of his book, published in {BLANK}, Snow compared households "
        "supplied by the Lambeth Water Company." in prompts["1855"]
    )
    # "his own inquiry" is the curate's, not Snow's: never written as "John Snow's".
    every = [p for ps in prompts.values() for p in ps]
    assert not any("Snow's own inquiry" in p for p in every)
    assert not any(p.startswith(("However", ",")) for p in every)


def test_its_that_is_the_answer_s_own_is_no_context(nlp: Any) -> None:
    text = (
        "The Peace of Westphalia was signed in 1648. Sweden received Western Pomerania. "
        "Sweden was also promised five million thalers to pay off its army."
    )
    prompts = _prompts(text, ["short_answer", "cloze"])
    assert (
        f"{BLANK} was also promised five million thalers to pay off its army."
        in (prompts["Sweden"])
    )


def test_its_is_never_the_person_s_own(nlp: Any) -> None:
    # "its president" is the bank's, not Douglass's: the question has no owner for "its".
    text = (
        "The Freedman's Savings Bank was founded in 1865. Frederick Douglass, the "
        "abolitionist writer and orator, became its president in March 1874."
    )
    every = _every(text)
    assert not any("its president" in p for p in every)


def test_a_titled_name_owns_his(nlp: Any) -> None:
    text = (
        "Lisbon is the capital of Portugal. On 1 February 1908 King Carlos I and his heir, "
        "Prince Luís Filipe, were shot dead by republican gunmen in Lisbon."
    )
    assert any(
        p.startswith(f"On {BLANK} King Carlos I and his heir")
        for p in _prompts(text, ["cloze"])["1 February 1908"]
    )


def test_a_role_that_names_its_institution_needs_no_article(nlp: Any) -> None:
    text = (
        "Cholera reached London in 1832. The Reverend Henry Whitehead, curate of St Luke's "
        "Church in Berwick Street, at first doubted the theory. Joseph Bazalgette, chief "
        "engineer of the Metropolitan Board of Works, designed the sewers. John Roebuck, "
        "founder of the Carron Company ironworks near Falkirk, financed the patent."
    )
    roles = {f.text: f.normalized for f in analyse(read_text(text)).facts if f.subtype == "role"}
    assert roles["curate of St Luke's Church in Berwick Street"] == "Henry Whitehead"
    assert roles["chief engineer of the Metropolitan Board of Works"] == "Joseph Bazalgette"
    # A phrase that goes on past the name is no role cut at the name.
    assert "founder of the Carron Company" not in roles


def test_a_role_ends_before_the_next_person(nlp: Any) -> None:
    text = (
        "The congress met at Münster in 1644. The mediators were Fabio Chigi, the papal "
        "nuncio, and Alvise Contarini, a Venetian envoy."
    )
    roles = {f.text for f in analyse(read_text(text)).facts if f.subtype == "role"}
    assert "the papal nuncio" in roles
    assert not any("Contarini" in r for r in roles)


def test_one_company_with_two_names_is_one_answer(nlp: Any) -> None:
    text = (
        "John Snow was a physician in London. In 1855 Snow compared households supplied by "
        "the Southwark and Vauxhall Water Company and the Lambeth Water Company."
    )
    names = {f.text for f in analyse(read_text(text)).facts if f.kind == "actor"}
    assert "Southwark and Vauxhall Water Company" in names
    assert "Southwark" not in names


def test_that_summer_is_the_summer_of_the_last_year_told() -> None:
    anchor = parse_date("16 June 1858")
    assert anchor is not None
    value = resolve_relative("That summer", anchor)
    assert value is not None and value.text == "the summer of 1858" and value.value == "1858"


def test_a_participle_aside_does_not_enter_the_stem(nlp: Any) -> None:
    text = (
        "James Watt was a Scottish engineer. Watt responded with a series of improvements: "
        "the sun and planet gear (patented 1781), devised with the firm's employee William "
        "Murdoch, which turned the beam's up-and-down motion into rotary motion; the "
        "double-acting engine (1782), in which steam pushed the piston in both directions."
    )
    every = _every(text, ["short_answer"])
    assert not any("responded devised" in p for p in every)


def test_an_adverb_that_carries_the_meaning_stays_before_the_verb(nlp: Any) -> None:
    # Cholera spread beyond South Asia many times; it first did so in 1817.
    text = (
        "Outbreaks of cholera kill thousands each year. "
        "Cholera had long been endemic in the Ganges delta, but it first spread beyond South "
        "Asia in 1817, beginning the first of seven pandemics."
    )
    assert "When did cholera first spread beyond South Asia?" in _prompts(text)["1817"]


def test_a_kinship_is_no_wrong_answer_for_what_someone_was(nlp: Any) -> None:
    text = (
        "Alexander Fleming was born in 1881 at Lochfield. His mother was Grace Morton, the "
        "daughter of a neighbouring farmer. In 1941 Albert Alexander, an Oxford policeman, "
        "was treated with penicillin. Howard Florey, an Australian pathologist, led the "
        "work in 1939. Ernst Chain, a German-born biochemist, joined him in 1939. Almroth "
        "Wright, a pioneer in vaccine therapy, taught Fleming in 1906."
    )
    bank = generate_bank([read_text(text)], types=["multiple_choice"])
    who = [q for q in bank.questions if q.prompt.startswith("Who was ")]
    assert who
    for q in who:
        if "daughter" not in q.answer:
            assert not any("daughter" in c for c in q.choices), q.choices


def test_an_act_without_an_object_is_an_outcome_when_dated(nlp: Any) -> None:
    text = (
        "Cecil Rhodes was the Prime Minister of the Cape Colony. The raid failed in 1895. "
        "Cecil Rhodes resigned in January 1896."
    )
    bank = generate_bank([read_text(text)], types=["short_answer", "true_false"])
    outcomes = {f.text for f in bank.facts if f.kind == "outcome"}
    assert "resigned" in outcomes


def test_a_relative_day_followed_by_its_date_becomes_on(nlp: Any) -> None:
    text = (
        "John Snow was a physician. On 31 August 1854 an outbreak began in Soho. Snow "
        "presented his findings to the Board of Guardians on 7 September, and the handle of "
        "the pump was removed the following day, 8 September 1854."
    )
    prompts = _prompts(text, ["cloze", "short_answer"])
    assert f"The handle of the pump was removed on {BLANK}." in prompts["8 September 1854"]
    every = [p for ps in prompts.values() for p in ps]
    assert not any("the following day" in p for p in every)


def test_a_participle_without_its_auxiliary_asks_no_subject_question(nlp: Any) -> None:
    # "... as did at least 14,000 Black Africans held in separate camps": no finite verb, so
    # no "Which group held in separate camps?".
    text = (DEVSET / "boer_war.txt").read_text(encoding="utf-8")
    bank = generate_bank([read_text(text)], types=["short_answer"])
    assert not any("held in separate camps" in q.prompt for q in bank.questions)


def test_a_possessor_in_a_reported_story_is_not_the_next_him(nlp: Any) -> None:
    text = (
        "Alexander Fleming\n\n"
        "Alexander Fleming died in London on 11 March 1955. A popular story that his father "
        "had saved the young Winston Churchill from drowning, and that Churchill's father "
        "paid for Fleming's education, is a myth. In 1999 Time magazine named him one of the "
        "100 most important people of the 20th century."
    )
    every = _every(text, ["cloze"])
    assert not any("named Winston Churchill" in p for p in every), every


def test_a_person_born_later_is_no_wrong_answer(nlp: Any) -> None:
    text = (
        "Steam engine\n\n"
        "Thomas Savery (c. 1650 – 15 May 1715) was an English military engineer. Savery "
        "showed a model to the Royal Society in 1699. Engineers such as James Watt and Matthew "
        "Boulton later admired the design. Thomas Newcomen (1664 – 5 August 1729) "
        "built an engine in 1712. James Watt (19 January 1736 – 25 August 1819) improved it "
        "in 1765. Matthew Boulton (3 September 1728 – 17 August 1809) backed Watt in 1775. "
        "John Smeaton (8 June 1724 – 28 October 1792) tested engines in 1769."
    )
    analysis = analyse(read_text(text))
    savery = next(
        f
        for f in analysis.facts
        if f.normalized == "Thomas Savery"
        and "Royal Society" in analysis.sentences[f.sentence].text
    )
    wrong = DistractorSource(analysis).for_fact(savery, k=5)
    assert "Thomas Newcomen" in wrong, wrong
    assert not {"James Watt", "Matthew Boulton"} & set(wrong), wrong


def test_where_is_not_asked_when_the_question_names_a_place(nlp: Any) -> None:
    text = (
        "Cholera first spread beyond South Asia in 1817. The second pandemic reached Russia "
        "and Europe. It arrived in Britain in October 1831 at the port of Sunderland."
    )
    every = _every(text, ["short_answer"])
    assert not any(p.startswith("Where") and "Sunderland" in p for p in every), every


def test_an_unnamed_past_event_is_vague_but_a_placed_or_generic_one_is_not(nlp: Any) -> None:
    text = (
        "Italy recognised the Soviet Union in 1924. A preliminary trade agreement had been "
        "made on 26 December 1921. On the night of 31 August 1854 a severe outbreak began in "
        "Soho. In severe cases an adult can lose 10 litres of fluid a day."
    )
    bank = _bank(text)
    prompts = [q.prompt for q in bank.questions]
    assert "When was a preliminary trade agreement made?" not in prompts
    assert any(
        r.check == "vague_subject" and "a preliminary trade agreement" in r.detail.lower()
        for r in bank.rejected
    )
    assert "When did a severe outbreak begin in Soho?" in prompts
    assert not any("an adult" in r.detail for r in bank.rejected)
    assert not any("fluid day" in p for p in prompts), prompts


def test_a_date_the_document_gives_twice_for_the_same_act_is_not_asked(nlp: Any) -> None:
    text = (
        "Marie Curie\n\n"
        "Marie Curie was a physicist. In July 1898, she and Pierre announced a new element, "
        "which they named polonium. In December 1898 the couple announced a second element, "
        "radium. In 1903 Marie Curie received the Nobel Prize in Physics."
    )
    bank = _bank(text)
    asked = [q.prompt for q in bank.questions if q.answer in {"July 1898", "December 1898"}]
    assert not any(p.startswith("When") for p in asked), asked
    assert any(r.check == "ambiguous_date" for r in bank.rejected)
    # The cloze keeps the sentence that says which element, so the fact is still asked.
    assert any(BLANK in p for p in asked)


def test_an_acronym_dropped_from_the_prompt_no_longer_blocks_the_gap(nlp: Any) -> None:
    # Trimming drops "(RAMC)" from the prompt, so nothing after the gap gives it away; a
    # prompt that keeps the bracket is still refused.
    text = (
        "Alexander Fleming\n\nAlexander Fleming was a Scottish physician. During the First "
        "World War Fleming served as a captain in the Royal Army Medical Corps (RAMC) and "
        "was mentioned in dispatches."
    )
    prompts = _prompts(text, ["cloze"]).get("Royal Army Medical Corps", [])
    assert prompts, "the name of the unit is asked"
    assert all("RAMC" not in p for p in prompts)


def test_a_common_word_opening_the_sentence_is_no_antecedent(nlp: Any) -> None:
    # "Modern" is not a name: "its magnitude" still has nothing to refer to. "Watt's" is
    # a name, though the document also writes the unit "watt".
    text = (
        "Lisbon\n\nThe city was struck by an earthquake on 1 November 1755. Modern estimates "
        "put its magnitude between 8.5 and 9.0, with an epicentre in the Atlantic Ocean some "
        "200 km west-southwest of Cape St. Vincent. The modern estimates differ.\n\n"
        "James Watt improved the steam engine. Watt's first backer, John Roebuck, founder of "
        "the Carron Company ironworks near Falkirk, financed his patent in 1769. The watt "
        "is named after him."
    )
    every = _every(text, ["cloze"])
    assert not any("its magnitude" in p for p in every)
    assert any(p.startswith("Watt's first backer") and "his patent" in p for p in every)


def test_its_beside_a_person_subject_is_the_thing_before(nlp: Any) -> None:
    # A person cannot be "its": Douglass became the bank's president, and the bank keeps
    # its whole name and its article.
    text = (
        "Panic of 1873\n\nThe Freedman's Savings and Trust Company, chartered by Congress in "
        "1865 to serve formerly enslaved people, was among the institutions weakened by the "
        "crisis. Frederick Douglass, the abolitionist writer and orator, became its president "
        "in March 1874 and deposited $10,000 of his own money in an attempt to restore "
        "confidence."
    )
    prompts = _prompts(text)
    asked = (
        "When did Frederick Douglass become the Freedman's Savings and Trust Company's president?"
    )
    assert asked in prompts["March 1874"]
    assert "Freedman's Savings and Trust Company" in prompts
    assert "Trust Company" not in prompts


def test_a_when_question_keeps_no_when_clause_and_a_first_name_owns_him(nlp: Any) -> None:
    text = (
        "Marie Curie\n\nIn the spring of 1894 Marie met Pierre Curie, a physicist. On 19 "
        "April 1906, Pierre was killed when a horse-drawn wagon struck him in a Paris street."
    )
    prompts = _prompts(text, ["short_answer", "cloze"])["19 April 1906"]
    assert "When was Pierre killed?" in prompts
    assert not any("killed when" in p and p.startswith("When") for p in prompts)
    # "him" stays: the sentence has just named Pierre.
    assert all("struck Pierre Curie" not in p for p in prompts)


def test_an_object_pronoun_never_means_a_party_of_its_own_clause(nlp: Any) -> None:
    # "alongside it" is not Spain, whom the same clause names: the question "Which group
    # would continue fighting Spain alongside it?" leaves "it" (France) behind. With the
    # gap on France, the sentence itself says what "it" is.
    text = (
        "The Peace of Münster was signed on 30 January 1648. The agreement was a blow to "
        "France, which had hoped the Dutch would continue fighting Spain alongside it. "
        "France itself kept fighting Spain until 1659."
    )
    bank = _bank(text)
    prompts = [q.prompt for q in bank.questions]
    assert not any(p.endswith("alongside it?") for p in prompts), prompts
    assert any(r.check == "context_dependent" and "own clause" in r.detail for r in bank.rejected)
    assert any(p.startswith(f"The agreement was a blow to {BLANK}") for p in prompts), prompts


def test_an_unnamed_the_noun_as_object_leaves_a_wh_question_vague(nlp: Any) -> None:
    # "the victims" of what? "the district" which? The cloze keeps its sentence around
    # them and stays; "from the west" and "the biochemist Norman Heatley" are not vague.
    text = (
        "John Snow studied cholera in London in 1854. He examined the addresses of the "
        "victims. Roberts meanwhile advanced from the west in 1900. "
        "Together with the biochemist Norman Heatley they purified the drug in 1940."
    )
    bank = _bank(text, ["short_answer", "cloze"])
    prompts = [q.prompt for q in bank.questions]
    assert "Who examined the addresses of the victims?" not in prompts, prompts
    assert any(r.check == "vague_subject" and "the victims" in r.detail for r in bank.rejected)
    assert any("advanced from the west" in p for p in prompts), prompts
    assert any(q.answer == "Norman Heatley" for q in bank.questions), prompts
