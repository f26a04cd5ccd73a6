"""The teacher's area: classes, banks of questions, quizzes and results.

One blueprint, one module per topic; each module adds its routes to `bp`.
"""

from quizapp.teach import (  # noqa: F401  (routes)
    api_tokens,
    banks,
    classes,
    dashboard,
    quizzes,
    results,
    study_progress,
)
from quizapp.teach.blueprint import bp

__all__ = ["bp"]
