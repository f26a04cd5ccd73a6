"""The benchmarks still run from a fresh checkout and end with the RESULT line their issues
name. Sizes are tiny: this checks that they work, never how fast anything is (the figures
are read from full runs, see each benchmark's docstring)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"-?\d+(?:\.\d+)?"


def last_line(script: str, *args: str) -> dict[str, float]:
    """Run `bench/<script>` and read its RESULT line (which must be the last) as numbers."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith("RESULT "), line
    pairs = dict(pair.split("=", 1) for pair in line.split()[1:])
    assert all(re.fullmatch(NUMBER, value) for value in pairs.values()), line
    return {key: float(value) for key, value in pairs.items()}


def test_study_benchmark_reports_its_four_figures() -> None:
    result = last_line("study.py", "--cards", "300", "--reviews", "3000", "--runs", "5")
    assert set(result) == {"queue_ms", "review_ms", "queue_ratio", "review_ratio"}
    assert all(value > 0 for value in result.values())


def test_web_benchmark_saves_every_answer_it_sends() -> None:
    result = last_line("web.py", "--students", "6", "--questions", "3", "--rounds", "1")
    assert set(result) == {"answers_per_s", "bare_per_s", "ratio", "p99_ms", "errors", "lost"}
    assert result["errors"] == 0
    assert result["lost"] == 0  # every answer sent is in the database afterwards
    assert result["answers_per_s"] > 0 and result["bare_per_s"] > 0


def test_generation_benchmark_reports_its_figures() -> None:
    result = last_line("generation.py", "--scale", "2", "--runs", "1")
    assert set(result) == {"ratio_vs_parse", "sample_s", "scale_ratio", "peak_mb"}
    assert all(value > 0 for value in result.values())


def load_quality() -> ModuleType:
    """`bench/quality.py` as a module (bench/ is no package), for its matching functions."""
    spec = importlib.util.spec_from_file_location("bench_quality", ROOT / "bench" / "quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_quality_benchmark_reports_recall_and_writes_a_sheet(tmp_path: Path) -> None:
    result = last_line("quality.py", "--docs", "boer_war", "--sheets", str(tmp_path))
    assert set(result) == {"recall", "entity_recall", "outcome_recall", "questions", "rejected"}
    assert all(0 <= result[k] <= 1 for k in ("recall", "entity_recall", "outcome_recall"))
    assert result["questions"] > 0
    sheet = (tmp_path / "boer_war.md").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^### (\d+)$", sheet, flags=re.MULTILINE)]
    assert numbers == list(range(1, min(30, int(result["questions"])) + 1))
    assert not re.search(r"\b(?:q|fact)-[0-9a-f]{12}\b", sheet)  # a blind reader's sheet
    assert (tmp_path / "boer_war.txt").exists() and (tmp_path / "key.json").exists()


def test_quality_matching_wants_the_whole_list_and_the_outcome_not_its_words() -> None:
    q = load_quality()
    towns_said = "Boer commandos laid siege to three towns: Ladysmith, Kimberley and Mafeking."
    towns = q.GoldFact("list", "Ladysmith, Kimberley and Mafeking", (), "laid siege", "")
    assert not q.asks_about(towns, q.Probe("cloze", "place", "...", "Kimberley", towns_said))
    whole = q.Probe("cloze", "place", "...", "Ladysmith, Kimberley, and Mafeking", towns_said)
    assert q.asks_about(towns, whole)

    said = "In 1855 the committee rejected his explanation of the outbreak."
    rejected = q.GoldFact("outcome", "rejected his explanation in 1855", (), "committee", "")

    def outcome(answer: str, sentence: str = said) -> object:
        return q.Probe("short_answer", "outcome", "What did the committee do?", answer, sentence)

    assert q.asks_about(rejected, outcome("his explanation was rejected"))  # a paraphrase
    assert not q.asks_about(rejected, outcome("accepted the outbreak"))
    assert not q.asks_about(rejected, outcome("rejected his explanation", "Elsewhere."))
