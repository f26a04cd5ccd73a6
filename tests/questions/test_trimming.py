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


BOERS = (
    "Kimberley was relieved by cavalry under General John French on 15 February 1900, and "
    "at Paardeberg the Boer general Piet Cronjé surrendered with about 4,000 men on 27 "
    "February. Ladysmith was relieved the following day, after 118 days under siege.\n\n"
    "In December 1899 the Boers won three battles. During the same month the young Winston "
    "Churchill escaped from a prisoner-of-war camp in Pretoria."
)
PENICILLIN = (
    "Alexander Fleming grew the mould in pure culture. The mould was identified as a "
    'species of Penicillium, and after several months of calling it "mould juice", he '
    "named the substance penicillin on 7 March 1929. By 1940 Fleming had given up his "
    "attempts to develop the drug, although he continued to send samples of the mould to "
    "researchers who asked for them."
)


def test_a_relative_date_is_written_as_the_date_it_names(nlp: Any) -> None:
    analysis = analyse(read_text(BOERS))
    text, start, end = _statement(analysis, "Pretoria")
    assert text == (
        "In December 1899 the young Winston Churchill escaped from a prisoner-of-war camp "
        "in Pretoria."
    )
    assert text[start:end] == "Pretoria"
    bank = generate_bank([read_text(BOERS)], types=["short_answer"])
    prompts = {q.prompt: q.answer for q in bank.questions}
    # "the following day" after "27 February" (of 1900, the year the paragraph gives)
    ladysmith = [a for p, a in prompts.items() if p.startswith("When was Ladysmith relieved")]
    assert ladysmith == ["28 February 1900"], prompts
    assert not any("the following" in p or "the same" in p for p in prompts), prompts
    # The relative phrase itself is no accepted answer out of its paragraph.
    assert all("the following day" not in q.accept for q in bank.questions)


def test_an_aside_that_points_outside_the_sentence_is_dropped(nlp: Any) -> None:
    analysis = analyse(read_text(PENICILLIN))
    text, start, end = _statement(analysis, "7 March 1929")
    assert text == "Alexander Fleming named the substance penicillin on 7 March 1929."
    assert text[start:end] == "7 March 1929"
    text, _, _ = _statement(analysis, "1940")
    assert text == "By 1940 Fleming had given up his attempts to develop the drug."


def test_a_year_that_is_part_of_an_events_name_is_no_gap(nlp: Any) -> None:
    text = (
        "After the 2010 Haiti earthquake, cholera was introduced to Haiti by peacekeepers "
        "from Nepal. Cholera had long been endemic in Bengal, but it first spread beyond "
        "South Asia in 1817, beginning the first of seven pandemics recorded since then."
    )
    bank = generate_bank([read_text(text)], types=["cloze", "short_answer"])
    prompts = {q.prompt: q.answer for q in bank.questions}
    assert not any(a == "2010" for a in prompts.values()), prompts
    assert any(r.check == "trivial_gap" and r.answer == "2010" for r in bank.rejected)
    # "it" is the common noun, written as the text writes it inside sentences; the aside
    # that leans on "since then" goes.
    assert prompts.get("When did cholera first spread beyond South Asia?") == "1817", prompts


def test_asides_that_comment_and_cut_coordinations_leave_the_stem(nlp: Any) -> None:
    text = (
        "In May 1498 Vasco da Gama reached Calicut in India, opening a sea route that made "
        "the city a leading European market for spices. In 1876 unemployment peaked at an "
        "estimated 14 per cent, although contemporary figures are unreliable. The Treaty of "
        "Osnabrück settled matters between the Emperor, the imperial estates and Sweden in "
        "1648. Sweden and France were named as guarantors of the peace in 1648."
    )
    bank = generate_bank([read_text(text)])
    prompts = [q.prompt for q in bank.questions]
    assert not any("opening a sea route" in p or "although" in p for p in prompts), prompts
    assert any("Calicut" in p for p in prompts), prompts
    assert not any(p.rstrip(".?").endswith("between the Emperor") for p in prompts), prompts
    assert not any(p.startswith("Which places") for p in prompts), prompts


def test_an_aside_between_subject_and_verb_takes_both_its_commas(nlp: Any) -> None:
    # "Boulton, urged Watt" is no English; "died in the camps, as did ..." keeps its comma
    text = (
        "Boulton, foreseeing a larger market in mills than in mines, urged Watt to produce "
        "an engine that could turn machinery in 1781. About 26,000 Boer women and children "
        "died in the camps, most of them under the age of sixteen, as did at least 14,000 "
        "Black Africans held in separate camps in 1901."
    )
    analysis = analyse(read_text(text))
    urged, _, _ = _statement(analysis, "Watt")
    assert urged.startswith("Boulton urged Watt to produce"), urged
    died, _, _ = _statement(analysis, "Black Africans")
    assert "died in the camps, as did" in died, died


def test_a_word_of_a_name_with_of_or_for_is_no_gap(nlp: Any) -> None:
    text = (
        "Panic of 1873\n\nSome historians have linked the search for new markets to the "
        "Scramble for Africa of the 1880s. The Peace of Westphalia was signed in 1648."
    )
    bank = generate_bank([read_text(text)], types=["cloze"])
    assert not any(q.answer in {"Scramble", "Peace"} for q in bank.questions)
    reasons = [r.detail for r in bank.rejected if r.check == "trivial_gap"]
    assert any("Scramble for Africa" in r for r in reasons), reasons
