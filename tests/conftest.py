"""Shared fixtures: the spaCy pipeline and the sample's bank are built once per session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "documents"


# The sample bundled with the app: the suite needs nothing outside the repository.
SAMPLE = ROOT / "quizapp" / "data" / "italy_russia_relations.txt"


def check_bank(bank_json: str) -> list[str]:
    """The bank holds the `quizapp.bank/1` contract (`questions.contract`); fail otherwise."""
    from questions.contract import problems

    found = problems(json.loads(bank_json))
    assert found == [], "\n".join(found)
    return found


@pytest.fixture(scope="session")
def nlp() -> Any:
    from questions.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_document() -> Any:
    from questions.reading import read_path

    return read_path(SAMPLE)


@pytest.fixture(scope="session")
def sample_analysis(nlp: Any, sample_document: Any) -> Any:
    from questions.facts import analyse

    return analyse(sample_document)


@pytest.fixture(scope="session")
def sample_bank(nlp: Any, sample_document: Any) -> Any:
    from questions.engine import generate_bank

    return generate_bank([sample_document])


@pytest.fixture(scope="session")
def sample_bank_json(sample_bank: Any) -> dict[str, Any]:
    return json.loads(sample_bank.dumps())  # type: ignore[no-any-return]
