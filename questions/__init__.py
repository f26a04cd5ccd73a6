"""The question engine: documents in, a ranked bank of questions out.

Pure Python and spaCy; it never imports Flask or SQLAlchemy, so the command line, the
web app and outside tools share it unchanged.
"""

from questions.bank import Bank, Question
from questions.engine import NoFactsError, generate_bank
from questions.reading import Document, DocumentError, read_bytes, read_path, read_text

__all__ = [
    "Bank",
    "Document",
    "DocumentError",
    "NoFactsError",
    "Question",
    "generate_bank",
    "read_bytes",
    "read_path",
    "read_text",
]
