"""Question types, found through one registry (`REGISTRY`, name -> type).

Every module of this package is imported here so that its `@register` runs; adding a
question type means adding one module.
"""

from __future__ import annotations

import importlib
import pkgutil

from questions.types.base import BLANK, REGISTRY, Candidate, Context, QuestionType, register

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module != "base":
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["BLANK", "REGISTRY", "Candidate", "Context", "QuestionType", "register"]
