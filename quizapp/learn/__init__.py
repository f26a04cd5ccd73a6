"""The student's area: assigned quizzes, taking them, results."""

from quizapp.learn import attempts, dashboard  # noqa: F401  (routes)
from quizapp.learn.blueprint import bp

__all__ = ["bp"]
