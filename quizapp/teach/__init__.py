"""The teacher's area: classes, banks of questions, quizzes and results.

One blueprint, one module per topic; each module adds its routes to `bp`.
"""

from quizapp.teach.blueprint import bp
from quizapp.teach import banks, classes, dashboard, quizzes  # noqa: F401  (routes)

__all__ = ["bp"]
