"""Words that point outside their sentence: what makes a question lean on its paragraph.

A pronoun with no name before it, "the same career", "the following year", "this view":
each needs the text around the sentence to be understood. The checks reject a question
that keeps one (`questions.checks`), and the clause and sentence cutters drop an aside that
holds one when the question does not need the aside (`questions.outcomes`,
`questions.trimming`), so the question survives without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

POINTING_PRONOUNS = frozenset(
    {"he", "she", "they", "him", "her", "his", "hers", "them", "their", "theirs", "it", "its"}
)
PRONOUN_WORD = re.compile(
    r"\b("
    + "|".join(sorted(POINTING_PRONOUNS | {"itself", "himself", "herself", "themselves"}))
    + r")\b",
    re.I,
)
LEADING_REFERENCE = re.compile(
    r"^(?:[\"“(]\s*)?(?:this|that|these|those|it|he|she|they|his|her|its|their|such|"
    r"there(?=\s+(?:he|she|they|it)\b)|both|the latter|the former)\b",
    re.I,
)
CONTEXT_PHRASE = re.compile(
    r"\b(?:a|the)\s+similar\b"
    r"|\bthe\s+same\b"
    r"|\bthe\s+(?:following|previous|preceding|next|latter|former)\b"
    r"|\b(?:this|these|those)\s+(?!is\b|was\b|were\b|are\b)(?-i:[a-z]+)"
    r"|\bthe\s+(?:first|second|third|fourth|last|final|next|new)\s+(?:phase|stage|period|part|"
    r"round|step|one|century|decade|era|millennium)\b"
    r"|\bsuch\s+(?:a|an)\b|\bsuch\b(?!\s+as\b)"
    r"|\bthe\s+other\b|\banother\b|\bfurther\b|\bthe\s+rest\b"
    r"|\bat\s+the\s+time\b|\bthat\s+year\b|\bthereafter\b|\bthereby\b|\btherein\b"
    r"|\bsince\s+then\b"
    r"|\bthe\s+(?:incident|event|move|decision|episode|affair)\b"
    r"|\bthe\s+(?:couple|pair|two|three|four|both)\b"
    r"|\bthere\b(?!\s+(?:is|are|was|were|had|has|have|seems?|remains?)\b)",
    re.I,
)


def leans_on_context(doc: Doc, indices: Iterable[int], resolved: dict[int, str]) -> bool:
    """The tokens hold a pronoun nobody resolved, or a phrase that points elsewhere.

    Used on asides only ("after several months of calling it 'mould juice'", "although he
    continued to send samples to researchers who asked for them"), which a question can lose.
    """
    idx = sorted(indices)
    if any(
        doc[i].lower_ in POINTING_PRONOUNS and doc[i].pos_ == "PRON" and i not in resolved
        for i in idx
    ):
        return True
    return CONTEXT_PHRASE.search(" ".join(doc[i].text for i in idx)) is not None
