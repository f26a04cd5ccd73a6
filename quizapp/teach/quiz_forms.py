"""Forms for composing quizzes.

Dates arrive as datetime-local values, i.e. wall-clock time in the teacher's zone; the
view converts them with `services.quizzes.to_utc` before they are stored.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quizapp.models import FACT_KINDS, Feedback, Layout
from quizapp.services.quizzes import MAX_DRAW
from quizapp.teach.once import OnceField

TYPE_LABELS = {
    "multiple_choice": "Multiple choice",
    "short_answer": "Short answer",
    "cloze": "Fill the gap",
    "true_false": "True or false",
    "ordering": "Put in order",
}
FEEDBACK_LABELS: dict[str, str] = {
    Feedback.IMMEDIATE: "Immediately, question by question (each answer is locked once checked)",
    Feedback.AFTER_SUBMIT: "After the student submits",
    Feedback.AFTER_DUE: "After the due date (only the score before that)",
}
LAYOUT_LABELS: dict[str, str] = {
    Layout.ONE_PER_PAGE: "One question per screen",
    Layout.ALL_ON_ONE: "All questions on one page",
}
ATTEMPTS_MESSAGE = "Give a number from 0 (unlimited) to 100."
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def _options(labels: dict[str, str], any_label: str | None = None) -> list[SelectChoice]:
    first = [SelectChoice("", any_label)] if any_label else []
    return first + [SelectChoice(str(value), label) for value, label in labels.items()]


class QuizForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    once = OnceField()  # used when the form creates a quiz
    time_limit_minutes = IntegerField(
        "Time limit in minutes", validators=[Optional(), NumberRange(min=1, max=600)]
    )
    attempts_allowed = IntegerField(
        "Attempts allowed",
        default=1,
        validators=[
            InputRequired(message=ATTEMPTS_MESSAGE),
            NumberRange(min=0, max=100, message=ATTEMPTS_MESSAGE),
        ],
    )
    shuffle_questions = BooleanField("Shuffle the questions for each student", default=True)
    shuffle_choices = BooleanField("Shuffle the choices of each question", default=True)
    feedback = SelectField(
        "Show answers", choices=_options(FEEDBACK_LABELS), default=Feedback.AFTER_SUBMIT.value
    )
    layout = SelectField(
        "Layout", choices=_options(LAYOUT_LABELS), default=Layout.ONE_PER_PAGE.value
    )
    opens_at = DateTimeLocalField("Opens at", format=DATETIME_FORMATS, validators=[Optional()])
    due_at = DateTimeLocalField("Due at", format=DATETIME_FORMATS, validators=[Optional()])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        opens, due = self.opens_at.data, self.due_at.data
        if ok and opens and due and due <= opens:
            self.due_at.errors = ["The due date must be after the opening date."]
            ok = False
        return ok


class DrawForm(FlaskForm):
    count = IntegerField(
        "How many questions",
        default=5,
        validators=[
            InputRequired(message=f"Draw from 1 to {MAX_DRAW}."),
            NumberRange(min=1, max=MAX_DRAW, message=f"Draw from 1 to {MAX_DRAW}."),
        ],
    )
    type = SelectField("Type", choices=_options(TYPE_LABELS, "Any type"), default="")
    kind = SelectField(
        "About", choices=_options({k: k.title() for k in FACT_KINDS}, "Anything"), default=""
    )
