"""The data model, split by concept and re-exported here."""

from quizapp.models.attempts import Answer, Attempt
from quizapp.models.banks import (
    FACT_KINDS,
    QUESTION_TYPES,
    Bank,
    BankStatus,
    Question,
    QuestionStatus,
)
from quizapp.models.base import Base
from quizapp.models.classes import Classroom, Enrollment, new_join_code
from quizapp.models.form_keys import FormKey
from quizapp.models.quizzes import Assignment, Feedback, Layout, Quiz, QuizQuestion
from quizapp.models.study import (
    STUDY_DEFAULTS,
    Card,
    ChoicesDisplay,
    Review,
    ReviewSource,
    StudySettings,
)
from quizapp.models.users import Role, User

__all__ = [
    "FACT_KINDS",
    "QUESTION_TYPES",
    "STUDY_DEFAULTS",
    "Answer",
    "Assignment",
    "Attempt",
    "Bank",
    "BankStatus",
    "Base",
    "Card",
    "ChoicesDisplay",
    "Classroom",
    "Enrollment",
    "Feedback",
    "FormKey",
    "Layout",
    "Question",
    "QuestionStatus",
    "Quiz",
    "QuizQuestion",
    "Review",
    "ReviewSource",
    "Role",
    "StudySettings",
    "User",
    "new_join_code",
]
