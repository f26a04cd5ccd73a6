"""Forms of the teacher's area."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, Field, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from quizapp.models import ChoicesDisplay
from quizapp.services.study import RETENTION_RANGE, StepsError, parse_steps
from quizapp.teach.once import OnceField


class ClassForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])
    once = OnceField()


def valid_steps(_form: FlaskForm, field: Field) -> None:
    try:
        parse_steps(field.data or "")
    except StepsError as exc:
        raise ValidationError(str(exc)) from None


def _whole(label: str, low: int, high: int) -> list[object]:
    message = f"{label}: give a whole number from {low} to {high}."
    return [InputRequired(message=message), NumberRange(min=low, max=high, message=message)]


RETENTION_MESSAGE = (
    f"Give a desired retention from {RETENTION_RANGE[0]:.2f} to {RETENTION_RANGE[1]:.2f} "
    "(0.90: a card comes back when there is a 90% chance of remembering it)."
)
CHOICES_DISPLAY_LABELS = {
    ChoicesDisplay.CHOICES.value: "With their choices: the student picks one",
    ChoicesDisplay.SHORT_ANSWER.value: "As short answer: recalled without the choices",
}


class StudySettingsForm(FlaskForm):
    """A class's study settings; the defaults are Anki's."""

    desired_retention = DecimalField(
        "Desired retention",
        places=2,
        render_kw={"step": "0.01", "min": RETENTION_RANGE[0], "max": RETENTION_RANGE[1]},
        validators=[
            InputRequired(message=RETENTION_MESSAGE),
            NumberRange(
                min=RETENTION_RANGE[0],
                max=RETENTION_RANGE[1],
                message=RETENTION_MESSAGE.replace("%", "%%"),  # NumberRange %-formats it
            ),
        ],
    )
    learning_steps = StringField(
        "Learning steps",
        validators=[Length(max=200), valid_steps],
        render_kw={"spellcheck": "false"},
    )
    relearning_steps = StringField(
        "Relearning steps",
        validators=[Length(max=200), valid_steps],
        render_kw={"spellcheck": "false"},
    )
    maximum_interval_days = IntegerField(
        "Maximum interval (days)", validators=_whole("Maximum interval", 1, 36500)
    )
    new_per_day = IntegerField("New cards a day", validators=_whole("New cards a day", 0, 9999))
    reviews_per_day = IntegerField("Reviews a day", validators=_whole("Reviews a day", 0, 99999))
    choices_display = RadioField(
        "Multiple-choice questions are studied",
        choices=[SelectChoice(value, label) for value, label in CHOICES_DISPLAY_LABELS.items()],
        validators=[InputRequired(message="Choose how multiple-choice questions are studied.")],
    )
    quiz_feeds_study = BooleanField("A wrong answer in a quiz brings its card back in study soon")
