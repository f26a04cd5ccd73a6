"""Tests for questions.grading: normalisation and the verdict on typed answers."""

# Dashes and diacritics are the subject: ambiguous characters are deliberate.

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questions.grading import MAX_RESPONSE_CHARS, grade, normalise, surnames


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Palmiro Togliatti", "palmiro togliatti"),
        ("  The   Soviet Union ", "soviet union"),
        ("an apple", "apple"),
        ("the", "the"),
        ("Ryžov", "ryzov"),
        ("Détente", "detente"),
        ("1686–1699", "1686-1699"),
        ("1686—1699", "1686-1699"),
        ("Austria-Hungary", "austria-hungary"),
        ("- Rome -", "rome"),
        ("“Holy League”", "holy league"),
        ("O’Brien", "obrien"),
        ("U.S.A.", "usa"),
        ("George W. Bush", "george w bush"),
        ("3.5 million", "3.5 million"),
        ("1,000", "1000"),
        ("Dec 26, 1921", "dec 26 1921"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Vladimir Putin", ["Putin"]),
        ("Luigi Di Maio", ["Di Maio"]),
        ("George W. Bush", ["Bush"]),
        ("Martin Luther King Jr.", ["King"]),
        ("Nikita Ryžov", ["Ryžov"]),
        ("Soviet Union", []),
        ("Italian Communist Party", []),
        ("Republic of Venice", []),
        ("Five Star Movement", []),
        ("Ottoman Empire", []),
        ("Great Britain", []),
        ("John XXIII", []),
        ("Italy", []),
        ("Garibaldi Legion", []),
    ],
)
def test_surnames(name: str, expected: list[str]) -> None:
    assert surnames(name) == expected


PUTIN_CHOICES = ["Vladimir Putin", "Boris Yeltsin", "Dmitry Medvedev", "Mikhail Gorbachev"]

GRADE_CASES: list[tuple[str, str, dict[str, Any], bool, bool, str]] = [
    # response, answer, options, correct, exact, reason contains
    ("palmiro togliatti", "Palmiro Togliatti", {}, True, True, "matches the answer"),
    ("THE SOVIET UNION", "Soviet Union", {}, True, True, "matches the answer"),
    ("soviet union", "the Soviet Union", {}, True, True, "matches"),
    ("Ryzov", "Nikita Ryžov", {}, True, True, "surname"),
    ("Nikita Ryzov", "Nikita Ryžov", {}, True, True, "matches the answer"),
    ("Putin", "Vladimir Putin", {"choices": PUTIN_CHOICES}, True, True, "surname"),
    ("Di Maio", "Luigi Di Maio", {}, True, True, "surname"),
    ("Bush", "George W. Bush", {}, True, True, "surname"),
    ("Union", "Soviet Union", {}, False, False, ""),
    ("Union", "Soviet Union", {"kind": "actor"}, False, False, ""),
    ("Putin", "Vladimir Putin", {"kind": "place"}, False, False, ""),
    (
        "Bush",
        "George W. Bush",
        {"choices": ["George W. Bush", "George H. W. Bush"]},
        False,
        False,
        "",
    ),
    ("Bush", "George W. Bush", {"choices": ["George W. Bush", "Bush"]}, False, False, "another"),
    ("Togliati", "Palmiro Togliatti", {}, True, False, "close spelling of 'Palmiro Togliatti'"),
    ("Palmiro Togliati", "Palmiro Togliatti", {}, True, False, "close spelling"),
    ("Krzykawa", "Krzykawka", {}, True, False, "close spelling"),
    ("Putn", "Vladimir Putin", {}, True, False, "close spelling"),
    ("Ptn", "Vladimir Putin", {}, False, False, ""),
    ("Togliatti", "Palmiro Togliatti", {"kind": "event"}, False, False, ""),
    ("Brezhnev", "Palmiro Togliatti", {}, False, False, "does not match"),
    ("Oca", "Oka", {"kind": "place"}, False, False, ""),  # no typos under 4 characters
    ("Rame", "Rome", {"kind": "place"}, True, False, "close spelling"),
    ("Gromkyo", "Gromyko", {}, False, False, ""),  # two edits in a short word
    (
        "Krzykawa",
        "Krzykawka",
        {"choices": ["Krzykawka", "Krzykawa", "Warsaw"]},
        False,
        False,
        "another choice",
    ),
    ("Yeltsn", "Vladimir Putin", {"choices": PUTIN_CHOICES}, False, False, ""),
    ("Boris Yeltsin", "Vladimir Putin", {"choices": PUTIN_CHOICES}, False, False, "another"),
    ("26 December 1921", "26 December 1921", {"kind": "date"}, True, True, "matches"),
    ("Dec 26, 1921", "26 December 1921", {"kind": "date"}, True, True, "same date"),
    ("1921-12-26", "26 December 1921", {}, True, True, "same date"),
    ("26 Decmber 1921", "26 December 1921", {"kind": "date"}, True, False, "close spelling"),
    ("27 December 1921", "26 December 1921", {"kind": "date"}, False, False, ""),
    ("1686-1699", "1686–1699", {"kind": "date"}, True, True, "matches"),
    ("1686 to 1699", "1686–1699", {"kind": "date"}, True, True, "same date"),
    ("1922", "1921", {"kind": "date"}, False, False, "different date"),
    ("1964", "1968", {"kind": "date"}, False, False, "different date"),
    ("1964", "1968", {"kind": "number"}, False, False, ""),
    ("1930s", "the late 1930s", {"kind": "date"}, True, True, "same date"),
    ("the early 1930s", "the late 1930s", {"kind": "date"}, False, False, ""),
    ("nineteenth century", "the 19th century", {"kind": "date"}, True, True, "same date"),
    (
        "1868",
        "1866",
        {"kind": "date", "choices": ["1866", "1868", "1870", "1872"]},
        False,
        False,
        "another choice",
    ),
    ("31 years", "30 years", {"kind": "number"}, False, False, "different number"),
    ("30 yeras", "30 years", {"kind": "number"}, True, False, "close spelling"),
    ("Dec 26, 1921", "26 December 1921", {"accept": ["Dec 26, 1921"]}, True, True, "matches"),
    ("USSR", "Soviet Union", {"accept": ["USSR", "Soviet Russia"]}, True, True, "matches 'USSR'"),
    ("", "Palmiro Togliatti", {}, False, False, "empty answer"),
    ("   \t", "Palmiro Togliatti", {}, False, False, "empty answer"),
]


@pytest.mark.parametrize(
    ("response", "answer", "options", "correct", "exact", "reason"), GRADE_CASES
)
def test_grade(
    response: str, answer: str, options: dict[str, Any], correct: bool, exact: bool, reason: str
) -> None:
    verdict = grade(response, answer, **options)
    assert (verdict.correct, verdict.exact) == (correct, exact), verdict
    assert reason in verdict.reason
    assert (verdict.matched is not None) == correct


def test_long_input_is_bounded() -> None:
    verdict = grade("Togliatti " * 10_000, "Palmiro Togliatti")
    assert not verdict.correct
    assert grade("x" * (MAX_RESPONSE_CHARS * 20), "Palmiro Togliatti").correct is False


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
        min_size=1,
        max_size=40,
    ).filter(lambda s: any(ch.isalnum() for ch in s) and s.isprintable())
)
def test_answer_is_always_right(text: str) -> None:
    verdict = grade(text, text)
    assert verdict.correct and verdict.exact
