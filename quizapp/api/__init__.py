"""The JSON API under /api/v1, with the same authorization as the pages."""

from quizapp.api.blueprint import bp

__all__ = ["bp"]
