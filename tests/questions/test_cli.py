"""Tests of the command line `python -m questions generate`, run as a user would run it.

Each run is a fresh process that loads spaCy (about 1.5 s), so every successful
invocation is made once in a module-scoped fixture and shared by the tests that read it.
Most user errors are found while reading the files, before spaCy is loaded, so they
are cheap to run one by one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DOCUMENTS, ROOT, SAMPLE, check_bank

CSV_HEADER = [
    "id",
    "type",
    "kind",
    "score",
    "difficulty",
    "prompt",
    "answer",
    "accept",
    "choices",
    "source_sentence",
]


def run_cli(*args: str | Path, hash_seed: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    return subprocess.run(
        [sys.executable, "-m", "questions", "generate", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=300,
    )


def succeeded(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr}"
    assert proc.stderr == ""
    return proc.stdout


# --------------------------------------------------------------------------------------
# Successful runs (one subprocess each, shared through fixtures)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def json_stdout() -> str:
    return succeeded(run_cli(SAMPLE, "--format", "json", hash_seed="1"))


@pytest.fixture(scope="module")
def bank(json_stdout: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json_stdout)
    return data


@pytest.fixture(scope="module")
def out_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes]:
    """A second process (another hash seed) writing the same bank with --out."""
    out = tmp_path_factory.mktemp("cli") / "bank.json"
    stdout = succeeded(run_cli(SAMPLE, "--format", "json", "--out", out, hash_seed="2"))
    return stdout, out.read_bytes()


def test_json_to_stdout_passes_the_contract_checker(json_stdout: str, bank: dict[str, Any]) -> None:
    check_bank(json_stdout)
    assert bank["schema"] == "quizapp.bank/1"
    assert len(bank["documents"]) == 1
    assert bank["questions"]


def test_out_writes_the_same_bytes_as_stdout(json_stdout: str, out_run: tuple[str, bytes]) -> None:
    stdout, written = out_run
    assert stdout == ""
    assert written.decode("utf-8") == json_stdout


def test_two_processes_give_byte_identical_json(
    json_stdout: str, out_run: tuple[str, bytes]
) -> None:
    # The runs use different PYTHONHASHSEEDs: no set/dict-order dependence may leak out.
    assert out_run[1] == json_stdout.encode("utf-8")


def test_text_format(bank: dict[str, Any]) -> None:
    text = succeeded(run_cli(SAMPLE, "--format", "text"))
    assert bank["documents"][0]["title"] in text
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(bank["questions"]) + 1))
    answers = re.findall(r"^\s+Answer: (.+)$", text, flags=re.MULTILINE)
    assert answers == [q["answer"] for q in bank["questions"]]


def test_csv_format(bank: dict[str, Any]) -> None:
    text = succeeded(run_cli(SAMPLE, "--format", "csv"))
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == CSV_HEADER
    rows = list(reader)
    assert [row["id"] for row in rows] == [q["id"] for q in bank["questions"]]
    for row, q in zip(rows, bank["questions"], strict=True):
        assert (row["type"], row["kind"], row["prompt"], row["answer"]) == (
            q["type"],
            q["kind"],
            q["prompt"],
            q["answer"],
        )
        assert row["source_sentence"] == q["source"]["sentence"]


def test_types_restricts_the_question_types() -> None:
    out = succeeded(run_cli(SAMPLE, "--types", "cloze,true_false"))
    check_bank(out)
    types = {q["type"] for q in json.loads(out)["questions"]}
    assert types == {"cloze", "true_false"}


def test_max_keeps_exactly_n_questions(bank: dict[str, Any]) -> None:
    out = succeeded(run_cli(SAMPLE, "--max", "5"))
    check_bank(out)
    questions = json.loads(out)["questions"]
    assert len(questions) == 5
    # The five best of the full bank.
    assert [q["id"] for q in questions] == [q["id"] for q in bank["questions"][:5]]


def test_explain_prints_each_rejected_candidate_with_its_check(tmp_path: Path) -> None:
    doc = tmp_path / "context.txt"
    doc.write_text(
        "The Treaty of Lund was signed in 1679 by Denmark and Sweden.\n\n"
        "It was renewed in 1701 in the same city by the two kingdoms.\n",
        encoding="utf-8",
    )
    proc = run_cli(doc, "--explain")
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)  # the bank itself stays on stdout, unchanged in form
    head, *lines = proc.stderr.splitlines()
    assert re.match(r"rejected \d+ candidate questions \(.*context_dependent \d+", head)
    rejected = [line for line in lines if line.startswith("  [context_dependent]")]
    assert rejected, proc.stderr
    # Each reason is followed by the question it stopped, with its answer.
    shown = lines[lines.index(rejected[0]) + 1]
    assert re.match(r"\s+\w+: .+ -> .+", shown)
    assert "1701" in proc.stderr
    # Without the flag nothing is printed beside the bank.
    assert run_cli(doc).stderr == ""


def test_several_paths_give_one_bank_with_several_documents() -> None:
    out = succeeded(run_cli(SAMPLE, DOCUMENTS / "biography.txt"))
    check_bank(out)
    data = json.loads(out)
    assert len(data["documents"]) == 2
    ids = {d["id"] for d in data["documents"]}
    assert len(ids) == 2
    assert {q["document"] for q in data["questions"]} == ids


# --------------------------------------------------------------------------------------
# User errors: exit 2, one line "error: ..." on stderr, no traceback
# --------------------------------------------------------------------------------------

NO_FACTS = "hello there my friend. it is nice to see you again today.\n"


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make_args", "expected"),
    [
        pytest.param(lambda tmp: [tmp / "nowhere.txt"], "not found", id="missing-file"),
        pytest.param(lambda tmp: [_file(tmp, "empty.txt", b"")], "empty", id="empty-file"),
        pytest.param(
            lambda tmp: [_file(tmp, "data.txt", bytes(range(256)) * 4)], "binary", id="binary-file"
        ),
        pytest.param(lambda tmp: [SAMPLE, "--max-bytes", "100"], "limit", id="over-size"),
        pytest.param(
            lambda tmp: [_file(tmp, "odd.txt", b"\x81\x8d\x8f\x90\x9d" * 40)],
            "not UTF-8",
            id="undecodable",
        ),
        pytest.param(
            lambda tmp: [_file(tmp, "hello.txt", NO_FACTS.encode())], "no dates", id="no-facts"
        ),
    ],
)
def test_user_errors_are_one_line(tmp_path: Path, make_args: Any, expected: str) -> None:
    args: Sequence[str | Path] = make_args(tmp_path)
    proc = run_cli(*args)
    assert proc.returncode == 2, f"exit {proc.returncode}\n{proc.stderr}"
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), proc.stderr
    assert expected in lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["--types", "foo"], "unknown type", id="unknown-type"),
        pytest.param(["--max", "0"], "at least 1", id="max-zero"),
    ],
)
def test_bad_options_are_refused_by_argparse(args: list[str], expected: str) -> None:
    proc = run_cli(SAMPLE, *args)
    assert proc.returncode == 2, f"exit {proc.returncode}\n{proc.stderr}"
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    # argparse prints its usage line, then "<prog>: error: <message>".
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("usage: ")
    assert "error: " in lines[-1]
    assert expected in lines[-1]


def test_check_accepts_our_bank_and_names_each_broken_rule(
    tmp_path: Path, json_stdout: str
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json_stdout, encoding="utf-8")
    bank = json.loads(json_stdout)
    mc = next(q for q in bank["questions"] if q["type"] == "multiple_choice")
    mc["choices"] = mc["choices"][:3]
    cloze = next(q for q in bank["questions"] if q["type"] == "cloze")
    cloze["prompt"] = cloze["prompt"].replace("_____", "something")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bank), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "questions", "check", str(good), str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{good}: {len(bank['questions'])} questions, 0 problems" in proc.stdout
    assert f"{mc['id']} (multiple_choice): fewer than 4 choices" in proc.stdout
    assert f"{cloze['id']} (cloze): cloze prompt without a _____ blank" in proc.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "questions", "check", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2 and "cannot read a bank" in proc.stderr
