"""Accounts: first-run setup, sign in and out, student sign-up and joining classes."""

from quizapp.auth.views import bp

__all__ = ["bp"]
