"""The Anki export, checked by Anki itself: each deck is imported into a fresh collection
with the `anki` package (Anki's own library) and read back note by note."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from html import escape
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.notes import Note
from flask import Flask

from quizapp.extensions import db
from quizapp.models import Bank, Question, Quiz, QuizQuestion
from quizapp.services import anki_deck
from quizapp.services.anki_deck import EmptyQuizError, build_deck, cloze_text
from tests.support.quizzes import T0, Clock, ItemInfo, approve_every_type, build_quiz, items_of
from tests.support.web import Factory

ATTRIBUTION = "Text under CC BY-SA 4.0."
TYPES = ("short_answer", "multiple_choice", "cloze", "true_false", "ordering")


@pytest.fixture
def quiz_id(app: Flask, make: Factory) -> int:
    """A quiz of the sample's best question of each type, from a bank with an attribution."""
    app.config["CLOCK"] = Clock(T0)
    teacher = make.teacher()
    bank = make.bank(teacher, title="Italy–Russia relations")
    approve_every_type(app, bank, per_type=1)
    db.session.get(Bank, bank.id).attribution = ATTRIBUTION  # type: ignore[union-attr]
    db.session.commit()
    return build_quiz(app, teacher, bank, types=TYPES, title="Unit test")


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection, closed after the test."""
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def deck_of(quiz_id: int) -> bytes:
    quiz = db.session.get(Quiz, quiz_id)
    assert quiz is not None
    return build_deck(quiz)


def import_deck(col: Collection, deck: bytes, tmp_path: Path, name: str = "deck.apkg") -> None:
    """Import the package as Anki's File → Import does, with its default options."""
    path = tmp_path / name
    path.write_bytes(deck)
    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    )


def notes(col: Collection) -> list[Note]:
    """The collection's notes, oldest id first (the export numbers them in quiz order)."""
    return [col.get_note(nid) for nid in sorted(col.find_notes(""))]


def visible(card_html: str) -> str:
    """What the reviewer shows: the HTML without its style sheet and tags."""
    return re.sub(r"<style>.*?</style>|<[^>]+>", "", card_html, flags=re.S)


def field_names(col: Collection, note: Note) -> list[str]:
    return [f["name"] for f in note.note_type()["flds"]]  # type: ignore[index]


# --------------------------------------------------------------------------- in Anki


def test_every_question_is_one_note_of_the_right_type_in_quiz_order(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    items = items_of(app, quiz_id)
    import_deck(collection, deck_of(quiz_id), tmp_path)
    got = notes(collection)
    assert collection.note_count() == len(items) == len(TYPES)
    assert collection.card_count() == len(items)  # every note gives a card
    assert [n.note_type()["name"] for n in got] == [  # type: ignore[index]
        "quizapp cloze" if i.type == "cloze" else "quizapp basic" for i in items
    ]
    for note, item in zip(got, items, strict=True):
        assert note.guid == note_for(collection, item).guid
        assert sorted(note.tags) == sorted([item.type, item.kind])
        assert field_names(collection, note) == (
            ["Text", "Source", "Reference"]
            if item.type == "cloze"
            else ["Front", "Back", "Source", "Reference"]
        )
        assert note["Source"] == escape(item.source)
        assert note["Reference"] == f"Unit test<br>{escape(ATTRIBUTION)}"
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert "quizapp::Unit test" in names
    unit = collection.decks.id_for_name("quizapp::Unit test")
    assert {collection.get_card(c).did for c in collection.find_cards("")} == {unit}


def by_type(app: Flask, quiz_id: int, qtype: str) -> ItemInfo:
    return next(i for i in items_of(app, quiz_id) if i.type == qtype)


def note_for(col: Collection, item: ItemInfo) -> Note:
    """The item's note, found by the GUID the export derives from its question."""
    question = db.session.get(QuizQuestion, item.item_id).question  # type: ignore[union-attr]
    guid = anki_deck.note_guid(question)
    (note,) = [n for n in notes(col) if n.guid == guid]
    return note


def test_a_cloze_note_blanks_the_answer_and_gives_a_card(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    item = by_type(app, quiz_id, "cloze")
    import_deck(collection, deck_of(quiz_id), tmp_path)
    note = note_for(collection, item)
    deletion = "{{c1::" + escape(item.answer) + "}}"
    assert note["Text"] == escape(item.prompt).replace("_____", deletion)
    (card,) = note.cards()
    assert "[...]" in visible(card.question()) and item.answer not in visible(card.question())
    assert item.answer in visible(card.answer()) and escape(item.source) in card.answer()


def test_basic_notes_show_the_answer_and_source_after_the_front(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    import_deck(collection, deck_of(quiz_id), tmp_path)
    short = by_type(app, quiz_id, "short_answer")
    note = note_for(collection, short)
    assert (note["Front"], note["Back"]) == (escape(short.prompt), escape(short.answer))
    assert note["Source"] == escape(short.source) and short.source
    (card,) = note.cards()
    assert short.answer not in visible(card.question())
    back = card.answer()
    assert back.index(escape(short.prompt)) < back.index('id="answer"') < back.index(short.answer)
    assert back.index(short.answer) < back.index(f'<div class="source">{escape(short.source)}')


def test_choices_items_and_statements_are_on_the_front(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    import_deck(collection, deck_of(quiz_id), tmp_path)
    choice = by_type(app, quiz_id, "multiple_choice")
    note = note_for(collection, choice)
    assert (
        note["Front"]
        == escape(choice.prompt)
        + "<ul>"
        + "".join(f"<li>{escape(c)}</li>" for c in choice.choices)
        + "</ul>"
    )
    assert note["Back"] == escape(choice.answer)

    ordering = by_type(app, quiz_id, "ordering")
    note = note_for(collection, ordering)
    for item in ordering.choices:
        assert f"<li>{escape(item)}</li>" in note["Front"]
    steps = ordering.answer.split(" → ")
    assert note["Back"] == "<ol>" + "".join(f"<li>{escape(s)}</li>" for s in steps) + "</ol>"
    assert len(steps) == len(ordering.choices) >= 3

    statement = by_type(app, quiz_id, "true_false")
    note = note_for(collection, statement)
    assert note["Front"] == escape(statement.prompt) + '<p class="ask">True or false?</p>'
    assert note["Back"] == statement.answer


def test_html_in_a_question_arrives_as_text(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    short = by_type(app, quiz_id, "short_answer")
    question = db.session.get(QuizQuestion, short.item_id).question  # type: ignore[union-attr]
    question.prompt = 'Who wrote <script>alert("x")</script> & <b>this</b>?'
    question.answer = "<i>Dante</i>"
    db.session.commit()
    import_deck(collection, deck_of(quiz_id), tmp_path)
    note = next(n for n in notes(collection) if "alert" in n["Front"])
    assert note["Front"] == (
        "Who wrote &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;this&lt;/b&gt;?"
    )
    assert note["Back"] == "&lt;i&gt;Dante&lt;/i&gt;"
    (card,) = note.cards()
    assert "<script>" not in card.question() and "&lt;script&gt;" in card.question()
    assert "<i>" not in card.answer()


def test_importing_again_updates_notes_instead_of_duplicating_them(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    import_deck(collection, deck_of(quiz_id), tmp_path, "first.apkg")
    import_deck(collection, deck_of(quiz_id), tmp_path, "again.apkg")
    assert (collection.note_count(), collection.card_count()) == (len(TYPES), len(TYPES))
    ours = [(m.name, m.id) for m in collection.models.all_names_and_ids() if "quizapp" in m.name]
    assert ours == [
        ("quizapp basic", anki_deck.BASIC_MODEL_ID),
        ("quizapp cloze", anki_deck.CLOZE_MODEL_ID),
    ]

    # The teacher fixes an answer later: the new export brings the fix to the same note.
    short = by_type(app, quiz_id, "short_answer")
    app.config["CLOCK"] = Clock(T0 + timedelta(days=1))
    question = db.session.get(QuizQuestion, short.item_id).question  # type: ignore[union-attr]
    question.answer = "In December 2017"
    db.session.commit()
    import_deck(collection, deck_of(quiz_id), tmp_path, "fixed.apkg")
    assert collection.note_count() == len(TYPES)
    assert note_for(collection, short)["Back"] == "In December 2017"


def test_a_question_is_the_same_note_in_every_quiz(
    app: Flask, make: Factory, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    quiz = db.session.get(Quiz, quiz_id)
    assert quiz is not None
    other = Quiz(owner_id=quiz.owner_id, title="Revision")
    other.items = [QuizQuestion(question_id=i.question_id, position=i.position) for i in quiz.items]
    db.session.add(other)
    db.session.commit()
    assert anki_deck.deck_id(other) != anki_deck.deck_id(quiz)
    assert 2**30 <= anki_deck.deck_id(quiz) < 2**31
    import_deck(collection, deck_of(quiz_id), tmp_path, "unit.apkg")
    import_deck(collection, build_deck(other), tmp_path, "revision.apkg")
    assert collection.note_count() == len(TYPES)


# --------------------------------------------------------------------------- the package


def test_the_same_quiz_gives_the_same_bytes_and_leaves_no_file_behind(
    quiz_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    first, second = deck_of(quiz_id), deck_of(quiz_id)
    assert first == second
    assert list(scratch.iterdir()) == []
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert archive.read("media") == b"{}"


def test_an_empty_quiz_has_no_deck(app: Flask, make: Factory) -> None:
    quiz = Quiz(owner_id=make.teacher().id, title="Nothing yet")
    db.session.add(quiz)
    db.session.commit()
    with pytest.raises(EmptyQuizError, match=r"^This quiz has no questions to export\.$"):
        build_deck(quiz)


def test_a_cloze_without_a_blank_becomes_a_basic_note(
    app: Flask, collection: Collection, quiz_id: int, tmp_path: Path
) -> None:
    cloze = by_type(app, quiz_id, "cloze")
    question: Question = db.session.get(QuizQuestion, cloze.item_id).question  # type: ignore[union-attr]
    question.prompt = "Which year saw a naval captain arrested?"
    db.session.commit()
    import_deck(collection, deck_of(quiz_id), tmp_path)
    note = next(n for n in notes(collection) if "naval captain" in n.fields[0])
    assert note.note_type()["name"] == "quizapp basic"  # type: ignore[index]
    assert (note["Front"], note["Back"]) == (question.prompt, escape(cloze.answer))
    assert collection.note_count() == len(TYPES)


@pytest.mark.parametrize(
    ("prompt", "answer", "text"),
    [
        ("In _____ the war began.", "1914", "In {{c1::1914}} the war began."),
        ("In ___ the war began.", "1914", "In {{c1::1914}} the war began."),
        ("_____ & co. met <here>.", "Marx", "{{c1::Marx}} &amp; co. met &lt;here&gt;."),
        # "::" starts a hint and "}}" ends a deletion: the answer's own are made entities.
        ("The score was _____.", "3::1}}", "The score was {{c1::3&#58;&#58;1&#125;&#125;}}."),
        (
            "{{c2::Rome}} fell in _____.",
            "476",
            "&#123;&#123;c2::Rome&#125;&#125; fell in {{c1::476}}.",
        ),
        ("No blank in this one.", "1914", None),
        ("Two _____ and _____.", "x", None),
        ("Empty _____.", " ", None),
    ],
)
def test_cloze_text(prompt: str, answer: str, text: str | None) -> None:
    assert cloze_text(prompt, answer) == text


@pytest.mark.parametrize(
    ("title", "name", "filename"),
    [
        ("Unit test", "quizapp::Unit test", "Unit test.apkg"),
        ('Week 3: "Rome"/../etc', 'quizapp::Week 3: "Rome"/../etc', "Week 3 Rome etc.apkg"),
        ("History::Rome", "quizapp::History:Rome", "History Rome.apkg"),
        ("?!", "quizapp::?!", "quiz.apkg"),
    ],
)
def test_deck_and_file_names(title: str, name: str, filename: str) -> None:
    quiz = Quiz(id=5, title=title)
    assert anki_deck.deck_name(quiz) == name
    assert anki_deck.filename(quiz) == filename
