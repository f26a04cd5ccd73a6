"""Forms of the auth area."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

PASSWORD_MIN = 8


class AccountForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=PASSWORD_MIN, max=200)]
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )


class SetupForm(AccountForm):
    code = StringField("Setup code", validators=[DataRequired(), Length(max=64)])


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class SignupForm(AccountForm):
    join_code = StringField("Class join code", validators=[DataRequired(), Length(min=4, max=16)])


class JoinForm(FlaskForm):
    join_code = StringField("Class join code", validators=[DataRequired(), Length(min=4, max=16)])
