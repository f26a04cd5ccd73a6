"""Forms of the bank pages: a document in, filters, approval, and a question per type."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DecimalField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from quizapp.models import QuestionStatus
from quizapp.services.banks import QuestionFilter
from quizapp.services.questions_edit import QuestionDraft, lines
from quizapp.teach.once import OnceField

DOCUMENT_EXTENSIONS = ["txt", "md", "markdown", "html", "htm", "docx", "pdf"]
TYPE_LABELS = {
    "multiple_choice": "Multiple choice",
    "short_answer": "Short answer",
    "cloze": "Fill the blank",
    "true_false": "True or false",
    "ordering": "Put in order",
}
KIND_LABELS = {
    "date": "Date",
    "actor": "Person or group",
    "place": "Place",
    "event": "Event",
    "outcome": "Outcome",
    "number": "Number",
}
STATUS_LABELS = {"new": "New", "approved": "Approved", "rejected": "Rejected"}
FILTER_KEYS = ("type", "kind", "status", "min_score", "q", "retired")


def options(labels: dict[str, str], any_label: str | None = None) -> list[SelectChoice]:
    """Select options from a value → label mapping, with an "any" option first if given."""
    first = [SelectChoice("", any_label)] if any_label else []
    return first + [SelectChoice(value, label) for value, label in labels.items()]


class DocumentForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=200)])
    text = TextAreaField("Paste the text")
    file = FileField(
        "…or upload a file",
        validators=[
            FileAllowed(DOCUMENT_EXTENSIONS, "Upload a .txt, .md, .html, .docx or .pdf file.")
        ],
    )
    once = OnceField()


class ImportForm(FlaskForm):
    file = FileField(
        "Bank file (.json)", validators=[FileAllowed(["json"], "Upload a bank exported as .json.")]
    )
    once = OnceField()


class ApproveTopForm(FlaskForm):
    count = IntegerField(
        "How many", default=10, validators=[InputRequired(), NumberRange(min=1, max=500)]
    )


class FilterForm(Form):
    """The GET form above the question list; it never changes data, so it has no CSRF."""

    type = SelectField("Type", choices=options(TYPE_LABELS, "Any type"), default="")
    kind = SelectField("Fact", choices=options(KIND_LABELS, "Any fact"), default="")
    status = SelectField("Status", choices=options(STATUS_LABELS, "Any status"), default="")
    min_score = DecimalField(
        "Minimum score", places=None, validators=[Optional(), NumberRange(min=0, max=1)]
    )
    q = StringField("Search", validators=[Optional(), Length(max=200)])
    retired = BooleanField("Show retired questions")

    def selection(self) -> QuestionFilter:
        """The filter the valid fields describe; an invalid field filters nothing."""
        ok = {name for name, f in self._fields.items() if not f.errors}
        score = self.min_score.data if "min_score" in ok else None
        return QuestionFilter(
            type=(self.type.data or None) if "type" in ok else None,
            kind=(self.kind.data or None) if "kind" in ok else None,
            status=QuestionStatus(self.status.data)
            if "status" in ok and self.status.data
            else None,
            min_score=float(score) if score is not None else None,
            text=(self.q.data or "") if "q" in ok else "",
            include_retired=bool(self.retired.data),
        )


class QuestionForm(FlaskForm):
    """Fields every type has; `question_form` adds the ones that fit the type."""

    kind = SelectField("The answer is a", choices=options(KIND_LABELS))
    prompt = TextAreaField("Question", validators=[Length(max=1000)])

    def draft(self, qtype: str) -> QuestionDraft:
        def text(name: str) -> str:
            f = self._fields.get(name)
            return str(f.data or "") if f is not None else ""

        return QuestionDraft(
            type=qtype,
            kind=self.kind.data or "",
            prompt=text("prompt"),
            answer=text("answer"),
            accept=lines(text("accept")),
            choices=lines(text("choices")),
            source_sentence=text("source_sentence"),
        )


PROMPT_LABELS = {
    "multiple_choice": ("Question", "A question students answer by picking one choice."),
    "short_answer": ("Question", "A question ending with “?”, answered by typing."),
    "cloze": ("Sentence with a blank", "Write _____ (five underscores) where the answer goes."),
    "true_false": ("Statement", "Students decide whether this statement is true."),
    "ordering": ("Instruction", "Leave empty for “Put these events in chronological order”."),
}


def question_form(qtype: str, *, new: bool) -> type[QuestionForm]:
    """The form class for one question type (and for a new question, its source)."""
    label, hint = PROMPT_LABELS[qtype]
    attrs: dict[str, object] = {
        "prompt": TextAreaField(label, description=hint, validators=[Length(max=1000)]),
    }
    if qtype == "true_false":
        attrs["answer"] = RadioField(
            "The statement is",
            choices=options({"True": "True", "False": "False"}),
            validate_choice=False,
        )
    elif qtype == "ordering":
        attrs["choices"] = TextAreaField(
            "Items, one per line, in the correct order",
            description="3 to 5 items; students see them shuffled.",
        )
    else:
        attrs["answer"] = StringField("Correct answer", validators=[Length(max=300)])
        attrs["accept"] = TextAreaField(
            "Other accepted answers, one per line",
            description="Other spellings a typed answer may use (“USSR” for “Soviet Union”). "
            "Case, articles and small typos are forgiven anyway.",
        )
    if qtype == "multiple_choice":
        attrs["choices"] = TextAreaField(
            "Choices, one per line", description="Include the correct answer exactly once."
        )
    if new:
        attrs["once"] = OnceField()
        attrs["source_sentence"] = TextAreaField(
            "Source sentence (optional)",
            validators=[Length(max=2000)],
            description="Shown to students as feedback after they answer.",
        )
    return type(f"{qtype.title().replace('_', '')}Form", (QuestionForm,), attrs)
