"""Shared fixtures: the spaCy pipeline and the sample's bank are built once per session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "documents"


def _find_shared() -> Path:
    for base in (ROOT.parent / "shared", ROOT / "shared"):
        if (base / "BANK_FORMAT.md").exists():
            return base
    raise RuntimeError("../shared/ (sample and check_bank.py) is missing beside the checkout")


SHARED = _find_shared()
SAMPLE = SHARED / "sample" / "italy_russia_relations.txt"
CHECK_BANK = SHARED / "tools" / "check_bank.py"


def check_bank(bank_json: str) -> str:
    """Run the contract checker on a bank; return its report, fail the test on any problem."""
    proc = subprocess.run(
        [sys.executable, str(CHECK_BANK), "-"],
        input=bank_json,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


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
