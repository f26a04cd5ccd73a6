"""The student's area: assigned quizzes, taking them, results."""

from quizapp.learn.blueprint import bp
from quizapp.learn import dashboard  # noqa: F401  (routes)

__all__ = ["bp"]
