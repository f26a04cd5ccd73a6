"""Forms of the student's area."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from quizapp.services.accounts import timezone_names


def known_timezone(_form: FlaskForm, field: Field) -> None:
    if field.data not in timezone_names():
        raise ValidationError("Choose your time zone from the list, like Europe/Rome.")


class TimezoneForm(FlaskForm):
    timezone = SelectField(
        "Your time zone",
        choices=[],
        validate_choice=False,  # known_timezone checks it, with a message people can act on
        validators=[DataRequired(message="Choose your time zone."), known_timezone],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = [
            SelectChoice(name, name.replace("_", " ")) for name in timezone_names()
        ]
