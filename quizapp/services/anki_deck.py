"""A quiz as an Anki deck (.apkg), so students can study its questions in Anki itself.

One note per question, in the quiz's order. Cloze questions become Anki cloze notes (the
blank turned into `{{c1::answer}}`); every other type becomes a basic note whose front
shows what the quiz shows (choices, items to order, "True or false?") and whose back
holds the answer, then the source sentence.

Re-importing an export must update the notes already in a student's collection, not
duplicate them, so every id Anki matches on is derived, never random: the note types'
ids are fixed below, a note's GUID comes from its question's bank and stable uid, and the
deck id from the quiz id. The package is built in memory (no temporary file is left
behind and concurrent requests share nothing) with fixed zip times, so the same quiz
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
import sqlite3
import zipfile
from dataclasses import dataclass

import genanki

from quizapp.models import Question, Quiz
from quizapp.services.attempts import answer_steps

# Anki identifies a note type by its id: a deck imported again with the same ids updates
# the notes and note types already there, while a new id would add a second "quizapp
# basic" type and duplicate every note. Picked once at random in Anki's range
# [2**30, 2**31); they must never change.
BASIC_MODEL_ID = 1554017321
CLOZE_MODEL_ID = 1925648816

BASIC_NAME = "quizapp basic"
CLOZE_NAME = "quizapp cloze"
BASIC_FIELDS = ("Front", "Back", "Source", "Reference")
CLOZE_FIELDS = ("Text", "Source", "Reference")

# How the engine and the question editor mark a cloze blank (`questions.types.base.BLANK`
# is five underscores; the editor accepts three or more).
BLANK = re.compile(r"_{3,}")
# A zip entry's time is part of its bytes: a fixed one keeps exports identical.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.4;
  text-align: left; color: #1a1a1a; background: #fff; max-width: 40em; margin: 0 auto; }
.cloze { font-weight: bold; color: #0b5cad; }
.ask { font-style: italic; }
.source { margin-top: 1em; font-size: 0.8em; color: #666; }
.reference { margin-top: 0.5em; font-size: 0.7em; color: #888; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
.nightMode .cloze, .night_mode .cloze { color: #7fb8f0; }
.nightMode .source, .night_mode .source { color: #aaa; }
"""
SOURCE_BLOCK = (
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
    '{{#Reference}}<div class="reference">{{Reference}}</div>{{/Reference}}'
)


class EmptyQuizError(ValueError):
    """The quiz has no questions: a deck of nothing is not worth a download."""


@dataclass(frozen=True)
class NoteContent:
    """One question as note fields (HTML, already escaped) and its note type."""

    cloze: bool
    fields: tuple[str, ...]


def _basic_model() -> genanki.Model:
    # Built per export: genanki's `Model.to_json` writes into its templates and fields,
    # so a model shared between concurrent requests would be shared mutable state.
    return genanki.Model(
        BASIC_MODEL_ID,
        BASIC_NAME,
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}' + SOURCE_BLOCK,
            }
        ],
        css=CSS,
    )


def _cloze_model() -> genanki.Model:
    return genanki.Model(
        CLOZE_MODEL_ID,
        CLOZE_NAME,
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}" + SOURCE_BLOCK,
            }
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


def _text(value: str) -> str:
    """Plain text as field HTML: a `<script>` in a prompt arrives as text, not a tag."""
    return html.escape(value, quote=True)


def _no_cloze_syntax(escaped: str, *, colons: bool = False) -> str:
    """Braces (and, inside a deletion, "::", which starts a hint) as entities, so a
    question's own text can never open or close a cloze deletion."""
    out = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return out.replace(":", "&#58;") if colons else out


def _list(items: list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_text(item)}</li>" for item in items) + f"</{tag}>"


def cloze_text(prompt: str, answer: str) -> str | None:
    """The prompt with its one blank as `{{c1::answer}}`; None if it has no single blank."""
    escaped = _no_cloze_syntax(_text(prompt))
    if len(BLANK.findall(escaped)) != 1 or not answer.strip():
        return None
    deletion = "{{c1::" + _no_cloze_syntax(_text(answer), colons=True) + "}}"
    return BLANK.sub(lambda _m: deletion, escaped)


def _front_back(question: Question) -> tuple[str, str]:
    prompt = _text(question.prompt)
    if question.type == "multiple_choice":
        return prompt + _list(list(question.choices or [])), _text(question.answer)
    if question.type == "ordering":
        steps = answer_steps(question.answer)
        return prompt + _list(list(question.choices or [])), _list(steps, "ol")
    if question.type == "true_false":
        return prompt + '<p class="ask">True or false?</p>', _text(question.answer)
    return prompt, _text(question.answer)


def reference(quiz: Quiz, question: Question) -> str:
    """Where the card comes from: the quiz, and the bank's attribution (a licence may ask)."""
    parts = [quiz.title, question.bank.attribution if question.bank else ""]
    return "<br>".join(_text(p) for p in parts if p and p.strip())


def note_content(quiz: Quiz, question: Question) -> NoteContent:
    """The fields of the note for one question: cloze if its prompt has a blank, else basic."""
    source = _text(question.source_sentence or "")
    ref = reference(quiz, question)
    if question.type == "cloze":
        text = cloze_text(question.prompt, question.answer)
        if text is not None:
            return NoteContent(cloze=True, fields=(text, source, ref))
    front, back = _front_back(question)
    return NoteContent(cloze=False, fields=(front, back, source, ref))


def note_guid(question: Question) -> str:
    """Stable across exports and quizzes: the same question is the same Anki note."""
    return str(genanki.guid_for(question.uid, question.bank_id))


def deck_id(quiz: Quiz) -> int:
    """A deck id in Anki's range [2**30, 2**31), the same for every export of this quiz."""
    digest = hashlib.sha256(f"quizapp-quiz-{quiz.id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def deck_name(quiz: Quiz) -> str:
    """The deck's name, `quizapp::<title>`; a "::" in the title would nest decks in Anki."""
    title = " ".join(quiz.title.replace("::", ":").split()) or f"Quiz {quiz.id}"
    return f"quizapp::{title}"


def filename(quiz: Quiz) -> str:
    """A download name safe on every system: letters, digits, spaces, dashes, underscores."""
    stem = "".join(c if c.isalnum() or c in " -_" else " " for c in quiz.title)
    return f"{' '.join(stem.split()) or 'quiz'}.apkg"


def _tags(question: Question) -> list[str]:
    """The question's type and kind; Anki separates tags with spaces, so none may hold one."""
    return [re.sub(r"\s+", "_", t.strip()) for t in (question.type, question.kind) if t.strip()]


def _modified(quiz: Quiz, questions: list[Question]) -> float:
    """The deck's time: its newest question edit. Anki updates a note on re-import only if
    the incoming one is newer, and a time read from the data keeps the bytes stable.

    A change to the quiz's title alone does not move it, so Anki keeps the old Reference.
    """
    moments = [quiz.created_at, *(q.updated_at for q in questions)]
    return max(m.timestamp() for m in moments if m is not None)


def build_deck(quiz: Quiz) -> bytes:
    """The quiz as an .apkg file's content, one note per question in the quiz's order.

    Deterministic: the same quiz and questions give the same bytes (ids, GUIDs and note
    times are derived from the data, the SQLite file is built in memory, zip times fixed).
    Raises `EmptyQuizError` when the quiz has no questions.
    """
    questions = [item.question for item in quiz.items]
    if not questions:
        raise EmptyQuizError("This quiz has no questions to export.")
    basic, cloze = _basic_model(), _cloze_model()
    deck = genanki.Deck(deck_id(quiz), deck_name(quiz), description=_text(quiz.title))
    for question in questions:
        content = note_content(quiz, question)
        deck.add_note(
            genanki.Note(
                model=cloze if content.cloze else basic,
                fields=list(content.fields),
                tags=_tags(question),
                guid=note_guid(question),
            )
        )
    return _package(genanki.Package(deck), _modified(quiz, questions))


def _package(package: genanki.Package, timestamp: float) -> bytes:
    """What `Package.write_to_file` writes, without its temporary file (which genanki never
    deletes) and with fixed zip times."""
    with sqlite3.connect(":memory:") as conn:
        cursor = conn.cursor()
        package.write_to_db(cursor, timestamp, itertools.count(int(timestamp * 1000)))
        conn.commit()
        database = conn.serialize()
    conn.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()
