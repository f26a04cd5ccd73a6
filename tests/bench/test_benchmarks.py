"""The benchmarks still run from a fresh checkout and end with the RESULT line their issues
name. Sizes are tiny: this checks that they work, never how fast anything is (the figures
are read from full runs, see each benchmark's docstring)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
