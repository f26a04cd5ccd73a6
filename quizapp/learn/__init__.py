"""The student's area: assigned quizzes, taking them, results, studying, settings."""

from quizapp.learn import attempts, dashboard, progress, settings, study  # noqa: F401  (routes)
from quizapp.learn.blueprint import bp

__all__ = ["bp"]
