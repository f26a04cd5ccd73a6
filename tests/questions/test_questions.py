"""Questions the engine makes: every type, distractor rules, gold coverage, contract, ranking."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from questions.engine import NoFactsError, generate_bank
from questions.facts import analyse
from questions.grading import normalise
from questions.reading import read_path, read_text
from questions.stems import stems_for
from questions.types import BLANK
from tests.conftest import DOCUMENTS, check_bank

OUR_DOCUMENTS = ["science_history.md", "biography.txt", "encyclopedia_entry.html"]

# The sample's key facts, as a teacher would list them: (what the answer must be, a phrase
# of the sentence it comes from). Outcomes are included: "what happened", not only who/when.
# Not listed: "1852" (New Hermitage) and "1958–1963" (third legislature), whose sentences
# open with "He" and "The first phase", which nothing in the excerpt resolves: a question
# on them only makes sense inside the original article, so the engine drops it.
GOLD: list[tuple[str, str]] = [
    ("1686–1699", "Republic of Venice"),
    ("26 December 1921", "preliminary trade agreement"),
    ("the late 1930s", "Lebensraum"),
    ("October 1964", "dismissed"),
    ("1969", "secret report"),
    ("2001–2006 and 2008–2011", "Berlusconi"),
    ("2007 and 2008", "anti-missile"),
    ("December 2017", "Joe Biden"),
    ("March 2018", "Skripal"),
    ("2021", "naval captain"),
    ("the Middle Ages", "maritime republics"),
    ("Francesco Nullo", "Krzykawka"),
    ("Palmiro Togliatti", "leaderless"),
    ("Khrushchev", "dismissed"),
    ("Nikita Ryžov", "secret report"),
    ("Gromyko", "secret report"),
    ("Vladimir Putin", "Berlusconi"),
    ("Matteo Renzi", "fake news"),
    ("Joe Biden", "December 2017"),
    ("Paolo Gentiloni", "Skripal"),
    ("Luigi Di Maio", "gratitude"),
    ("Mario Draghi", "2021"),
    ("Christian Democrats", "anticommunist"),
    ("Lega Nord", "Joe Biden"),
    ("Germany", "Lebensraum"),
    ("Battle of Krzykawka", "Nullo"),
    ("Great Turkish War", "Holy League"),
    ("Holy League", "Great Turkish War"),
    ("Sea of Azov", "Portus Pisanus"),
    ("expelled two Russian diplomats", "Skripal"),
    ("accused Russia of helping the opposition Five Stars Movement and Lega Nord", "Biden"),
    ("won on an anticommunist platform", "Christian Democrats"),
    ("violated the pact for the second time", "Finland"),
    ("formed his government", "Draghi"),
    ("ruled the towns of Portus Pisanus and Tana", "Middle Ages"),
]


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def date_shape(text: str) -> str:
    """ "26 December 1921" and "6 March 1919" have the same shape: day month year."""
    return re.sub(r"\d+", "9", re.sub(MONTHS, "M", text))


def answers_in(bank: dict[str, Any]) -> set[tuple[str, str]]:
    return {(normalise(q["answer"]), q["source"]["sentence"]) for q in bank["questions"]}


def test_gold_facts_are_covered(sample_bank_json: dict[str, Any]) -> None:
    found = answers_in(sample_bank_json)
    missing = [
        (a, ctx)
        for a, ctx in GOLD
        if not any(ans == normalise(a) and ctx in sent for ans, sent in found)
    ]
    coverage = 1 - len(missing) / len(GOLD)
    assert coverage >= 0.9, f"coverage {coverage:.0%}, missing {missing}"


def test_sample_bank_passes_the_contract(sample_bank: Any) -> None:
    assert check_bank(sample_bank.dumps()) == []


@pytest.fixture(scope="module", params=OUR_DOCUMENTS)
def document_bank(request: pytest.FixtureRequest, nlp: Any) -> Any:
    return generate_bank([read_path(DOCUMENTS / request.param)])


def test_our_documents_give_valid_varied_banks(document_bank: Any) -> None:
    check_bank(document_bank.dumps())
    types = {q.type for q in document_bank.questions}
    assert {"cloze", "short_answer", "multiple_choice", "true_false"} <= types
    assert len(document_bank.questions) >= 30


def test_every_type_is_made_from_the_sample(sample_bank_json: dict[str, Any]) -> None:
    types = {q["type"] for q in sample_bank_json["questions"]}
    assert types == {"cloze", "short_answer", "multiple_choice", "true_false", "ordering"}


def test_determinism_same_document_same_bytes(sample_document: Any, sample_bank: Any) -> None:
    again = generate_bank([sample_document])
    assert again.dumps() == sample_bank.dumps()


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "When were the Republic of Venice and Tsardom of Russia allies as part of the Holy "
            "League in the Great Turkish War against the Ottoman Empire?",
            "1686–1699",
        ),
        ("Who was killed in the Battle of Krzykawka?", "Francesco Nullo"),
        ("In which battle was General Francesco Nullo killed?", "Battle of Krzykawka"),
        (
            "When did the Italian government expel two Russian diplomats after the Skripal "
            "poisoning case in the United Kingdom?",
            "March 2018",
        ),
        (
            "What did the Italian government do in March 2018 after the Skripal poisoning case in "
            "the United Kingdom?",
            "expelled two Russian diplomats",
        ),
        # "When was a preliminary trade agreement made?" (between whom?) is vague: not asked.
        ("When did Mario Draghi form his government?", "2021"),
        ("Which group won on an anticommunist platform?", "Christian Democrats"),
    ],
)
def test_wh_questions_by_transformation(
    sample_bank_json: dict[str, Any], prompt: str, answer: str
) -> None:
    by_prompt = {q["prompt"]: q for q in sample_bank_json["questions"]}
    assert prompt in by_prompt, "\n".join(sorted(by_prompt))
    assert by_prompt[prompt]["answer"] == answer


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Marie Curie discovered polonium in 1898.", "When did Marie Curie discover polonium?"),
        (
            "The Treaty of Stralsund was signed by Denmark in 1370.",
            "When was the Treaty of Stralsund signed by Denmark?",
        ),
        ("The Normans had built the castle in 1070.", "When did the Normans build the castle?"),
        (
            "Charles Darwin publishes his theory in 1859.",
            "When does Charles Darwin publish his theory?",
        ),
        ("Alexander Fleming discovered penicillin in 1928.", "Who discovered penicillin in 1928?"),
    ],
)
def test_inversion_do_support_and_passives(nlp: Any, sentence: str, expected: str) -> None:
    analysis = analyse(read_text(sentence))
    prompts = {s.prompt for c in analysis.clauses for s in stems_for(analysis, c)}
    assert expected in prompts, prompts


def test_multiple_choice_distractors_follow_the_rules(
    sample_analysis: Any, sample_bank_json: dict[str, Any]
) -> None:
    actors = sample_analysis.actors
    mcs = [q for q in sample_bank_json["questions"] if q["type"] == "multiple_choice"]
    assert len(mcs) >= 12  # fewer than before: no choices are offered unless three are fair
    for q in mcs:
        choices = q["choices"]
        assert len(choices) >= 4 and choices.count(q["answer"]) == 1
        wrong = [c for c in choices if c != q["answer"]]
        if q["kind"] == "date" and re.search(r"\d", q["answer"]):  # eras are named, not dated
            assert all(date_shape(c) == date_shape(q["answer"]) for c in wrong), q
        if q["kind"] == "actor" and q["answer"] in actors:
            answer_actor = actors[q["answer"]]
            for c in wrong:
                assert c not in answer_actor.aliases, q  # never an alias of the answer
                if c in actors and answer_actor.subtype == "person":
                    assert actors[c].subtype == "person", q
        for c in wrong:
            assert c not in q["source"]["sentence"] or q["kind"] == "outcome", q


def test_distractors_never_name_the_answer_by_another_name(nlp: Any) -> None:
    doc = read_text(
        "The Soviet Union signed a trade treaty with Italy in 1924. Germany invaded Poland in "
        "1939. France declared war on Germany in 1939. The USSR launched Sputnik in 1957. "
        "Japan attacked the United States at Pearl Harbor in 1941. Spain joined NATO in 1982."
    )
    bank = generate_bank([doc], types=["multiple_choice"])
    for q in bank.questions:
        if q.answer in {"Soviet Union", "USSR"}:
            assert not {"Soviet Union", "USSR"} & (set(q.choices) - {q.answer})


def _from_source(statement: str, source: str) -> bool:
    """The statement is the source sentence, or a part of it that stands alone: its words
    are the source's, give or take a name written for a pronoun and a year written for a
    relative date ("In 1945 Fleming ..." for "The following year he ...")."""
    said = {w.lower() for w in re.findall(r"\w+", source)}
    added = [
        w
        for w in re.findall(r"\w+", statement)
        if w.lower() not in said and not w[:1].isupper() and not w.isdigit() and w != "s"
    ]
    return not added


def test_true_false_changes_one_fact_or_none(sample_bank_json: dict[str, Any]) -> None:
    tfs = [q for q in sample_bank_json["questions"] if q["type"] == "true_false"]
    assert {q["answer"] for q in tfs} == {"True", "False"}
    tf_true = {q["prompt"] for q in tfs if q["answer"] == "True"}
    for q in tfs:
        source = q["source"]["sentence"]
        if q["kind"] == "outcome":
            # What someone did, stated on its own: true in the source's own words, false
            # with another act of the document in its place.
            words = set(re.findall(r"\w+", q["prompt"].lower()))
            in_source = words <= set(re.findall(r"\w+", source.lower()))
            assert in_source == (q["answer"] == "True"), (q["prompt"], source)
            continue
        assert source[q["source"]["start"] : q["source"]["end"]]
        if q["answer"] == "True":
            assert _from_source(q["prompt"], source), (q["prompt"], source)
        else:
            # One fact swapped for one the sentence does not hold.
            new = {w.lower() for w in re.findall(r"\w+", q["prompt"])} - {
                w.lower() for w in re.findall(r"\w+", source)
            }
            assert new and q["prompt"] not in tf_true, q


def test_cloze_blank_restores_the_sentence(sample_bank_json: dict[str, Any]) -> None:
    clozes = [q for q in sample_bank_json["questions"] if q["type"] == "cloze"]
    assert clozes
    for q in clozes:
        assert q["prompt"].count(BLANK) == 1
        source = q["source"]["sentence"]
        assert source[q["source"]["start"] : q["source"]["end"]] == q["answer"]
        assert _from_source(q["prompt"].replace(BLANK, q["answer"]), source), q
        assert normalise(q["answer"]) not in {"italian", "italy russia relations"}


def test_ordering_answer_is_chronological(
    sample_analysis: Any, sample_bank_json: dict[str, Any]
) -> None:
    orderings = [q for q in sample_bank_json["questions"] if q["type"] == "ordering"]
    assert orderings
    dates = {f.id: f.date for f in sample_analysis.facts if f.date is not None}
    for q in orderings:
        items = q["answer"].split(" → ")
        assert sorted(items) == sorted(q["choices"]) and items != q["choices"]
        keys = [dates[fid].sort_key for fid in q["facts"]]
        assert keys == sorted(keys)


def test_ranked_best_first_and_top_is_clean(sample_bank_json: dict[str, Any]) -> None:
    questions = sample_bank_json["questions"]
    scores = [q["score"] for q in questions]
    assert scores == sorted(scores, reverse=True)
    top = questions[:30]
    assert len({q["type"] for q in top}) >= 3
    for q in top:
        assert not re.match(r"(He|She|They|It|This|These)\b", q["prompt"]), q["prompt"]
        assert len(q["prompt"].split()) <= 40


def test_one_question_per_fact_and_type(sample_bank_json: dict[str, Any]) -> None:
    keys = [(tuple(q["facts"]), q["type"]) for q in sample_bank_json["questions"]]
    assert len(keys) == len(set(keys))


def test_stable_ids_survive_an_edit_elsewhere(
    nlp: Any, sample_document: Any, sample_bank: Any
) -> None:
    text = sample_document.text + "\n\nNapoleon invaded Russia in 1812 with a large army."
    edited = generate_bank([read_text(text, name="edited")])
    before = {q.id: q.prompt for q in sample_bank.questions}
    after = {q.id: q.prompt for q in edited.questions}
    shared = set(before) & set(after)
    assert len(shared) >= 0.8 * len(before)
    assert all(before[i] == after[i] for i in shared)


def test_types_and_max_are_honoured(sample_document: Any) -> None:
    bank = generate_bank([sample_document], types=["cloze", "ordering"], max_questions=7)
    assert len(bank.questions) == 7
    assert {q.type for q in bank.questions} <= {"cloze", "ordering"}


def test_text_without_facts_is_refused(nlp: Any) -> None:
    with pytest.raises(NoFactsError, match="no dates, names or events"):
        generate_bank([read_text("hello there my friend. it is nice to see you again today.")])


def test_engine_never_imports_the_web_stack() -> None:
    code = (
        "import sys, questions, questions.engine, questions.cli; "
        "bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
