"""The teacher's banks: documents in, review, edits, manual questions, import and export."""

from __future__ import annotations

import html
import io
import json
import re
import threading
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask, render_template_string
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.jobs import jobs
from quizapp.models import (
    Bank,
    BankStatus,
    Question,
    QuestionStatus,
    Quiz,
    QuizQuestion,
    User,
)
from quizapp.services import banks as bank_service
from quizapp.services import questions_edit
from quizapp.services.questions_edit import InvalidQuestion, QuestionDraft
from tests.conftest import SAMPLE, check_bank
from tests.support.web import Actions, Factory, bank_file

SHORT = (
    "The Treaty of Rapallo was signed by Italy and Yugoslavia on 12 November 1920. "
    "Benito Mussolini became prime minister of Italy in October 1922. "
    "In 1924 Italy recognised the Soviet Union. "
    "The Italian government expelled two Russian diplomats in 2022."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
CARD_ID = re.compile(r'<article class="card question-card" id="q-(\d+)"')


# -- helpers ---------------------------------------------------------------------------


@pytest.fixture
def teacher(make: Factory, act: Actions) -> User:
    user = make.teacher()
    act.login(user.email)
    return user


def new_bank(act: Actions, *, text: str = SHORT, title: str = "", file: Any = None) -> Any:
    data: dict[str, Any] = {"title": title, "text": text}
    if file is not None:
        data["file"] = file
    return act.post("/teach/banks/new", data, content_type="multipart/form-data")


def bank_id_from(response: Any) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.search(r"/teach/banks/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def shown_ids(page: str) -> list[int]:
    return [int(i) for i in CARD_ID.findall(page)]


def questions_of(app: Flask, bank_id: int) -> list[Question]:
    with app.app_context():
        rows = db.session.scalars(select(Question).where(Question.bank_id == bank_id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def a_question(app: Flask, bank_id: int, qtype: str) -> Question:
    return next(
        q
        for q in sorted(questions_of(app, bank_id), key=lambda q: -q.score)
        if q.type == qtype and not q.retired
    )


def bank_count(app: Flask) -> int:
    with app.app_context():
        return db.session.query(Bank).count()


# -- documents in ----------------------------------------------------------------------


def test_pasting_the_sample_makes_a_ready_bank(
    app: Flask, client: Any, act: Actions, teacher: User
) -> None:
    bank_id = bank_id_from(new_bank(act, text=SAMPLE.read_text(encoding="utf-8")))
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert bank is not None and bank.owner_id == teacher.id
        assert bank.status is BankStatus.READY and bank.progress == 100
        assert bank.title == "Italy–Russia relations"  # the document's detected title
        assert "[6]" not in bank.source_text  # stored cleaned
        assert len(bank.questions) > 100
    page = client.get(f"/teach/banks/{bank_id}").get_data(as_text=True)
    assert len(shown_ids(page)) == 50  # paginated
    assert "<mark>" in page and "Next →" in page


@pytest.mark.parametrize(
    ("name", "body", "title"),
    [
        ("rapallo.txt", SHORT.encode(), "Rapallo"),
        ("notes.md", ("# Italy between the wars\n\n" + SHORT).encode(), "Italy between the wars"),
        (
            "page.html",
            (
                f"<html><head><title>Interwar Italy</title></head><body><h1>Interwar "
                f"Italy</h1><p>{SHORT}</p><script>alert(1)</script></body></html>"
            ).encode(),
            "Interwar Italy",
        ),
    ],
)
def test_uploading_a_file_makes_a_bank_titled_after_it(
    app: Flask, act: Actions, teacher: User, name: str, body: bytes, title: str
) -> None:
    bank_id = bank_id_from(new_bank(act, text="", file=(io.BytesIO(body), name)))
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert bank is not None and bank.status is BankStatus.READY
        assert bank.title == title and bank.source_name == name
        assert "alert" not in bank.source_text and "Mussolini" in bank.source_text
        assert any(q.type == "multiple_choice" for q in bank.questions)


def test_a_typed_title_wins(app: Flask, act: Actions, teacher: User) -> None:
    bank_id = bank_id_from(new_bank(act, title="  Unit 4: Italy  "))
    with app.app_context():
        assert db.session.get(Bank, bank_id).title == "Unit 4: Italy"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "file", "message"),
    [
        ("", None, "The pasted text is empty"),
        ("   \n\t  \n", None, "The pasted text is empty"),
        ("", (b"", "empty.txt"), "empty.txt is empty"),
        ("", (b"  \n\n  ", "blank.txt"), "blank.txt is empty"),
        ("", (PNG, "notes.txt"), "not a text document"),
        ("", (b"\xff\xfe\x00\xd8a\x00", "odd.txt"), "not valid UTF-16"),
        ("", (b"%PDF-1.4 broken", "paper.pdf"), "paper.pdf"),
        ("", (SHORT.encode(), "program.exe"), "Upload a .txt, .md, .html, .docx or .pdf file."),
        (SHORT, (SHORT.encode(), "also.txt"), "not both"),
    ],
)
def test_bad_documents_say_why_create_nothing_and_keep_the_typing(
    app: Flask, act: Actions, teacher: User, text: str, file: tuple[bytes, str] | None, message: str
) -> None:
    upload = (io.BytesIO(file[0]), file[1]) if file else None
    response = new_bank(act, text=text, title="My <b>unit</b> title", file=upload)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'class="error"' in page and 'aria-invalid="true"' in page
    assert 'value="My &lt;b&gt;unit&lt;/b&gt; title"' in page  # kept, escaped
    if text.strip():
        assert SHORT in page  # the pasted text is kept too
    assert bank_count(app) == 0


@pytest.mark.parametrize("as_file", [True, False])
def test_over_the_document_limit_is_refused_with_the_limit(
    app: Flask, act: Actions, teacher: User, as_file: bool
) -> None:
    app.config["MAX_DOCUMENT_BYTES"] = 100
    upload = (io.BytesIO(SHORT.encode()), "long.txt") if as_file else None
    page = new_bank(act, text="" if as_file else SHORT, title="Kept title", file=upload).get_data(
        as_text=True
    )
    assert "over the 100 bytes limit" in page and 'value="Kept title"' in page
    assert "up to 0.1 kB" in page
    assert bank_count(app) == 0


def test_an_upload_over_the_request_limit_gets_the_413_page(
    app: Flask, act: Actions, teacher: User
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = new_bank(act, text="", file=(io.BytesIO(b"a" * 20_000), "huge.txt"))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert bank_count(app) == 0


def test_a_document_with_markup_is_shown_escaped(
    app: Flask, client: Any, act: Actions, teacher: User
) -> None:
    text = SHORT.replace("Benito Mussolini", "Benito <script>alert(1)</script> Mussolini")
    bank_id = bank_id_from(new_bank(act, text=text, title="<script>alert(2)</script>"))
    with app.app_context():
        assert any("<script>" in q.source_sentence for q in db.session.get(Bank, bank_id).questions)  # type: ignore[union-attr]
    page = client.get(f"/teach/banks/{bank_id}?q=script").get_data(as_text=True)
    assert shown_ids(page)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("sentence", "start", "end", "html"),
    [
        ("Rome fell in <b>476</b>.", 13, 23, "Rome fell in <mark>&lt;b&gt;476&lt;/b&gt;</mark>."),
        ("Rome fell in 476.", 0, 4, "<mark>Rome</mark> fell in 476."),
        ("Rome fell in 476.", 0, 0, "Rome fell in 476."),
        ("Rome & <i>Italy</i>", 5, 99, "Rome &amp; &lt;i&gt;Italy&lt;/i&gt;"),
    ],
)
def test_the_source_highlight_escapes_and_marks_the_span(
    app: Flask, sentence: str, start: int, end: int, html: str
) -> None:
    with app.test_request_context():
        out = render_template_string(
            '{% import "macros/questions.html" as qm %}{{ qm.source(s, a, b) }}',
            s=sentence,
            a=start,
            b=end,
        )
    assert out.strip() == html


# -- progress --------------------------------------------------------------------------


def _queued_bank(app: Flask, owner: User, status: BankStatus, **kw: Any) -> int:
    with app.app_context():
        bank = Bank(
            owner_id=owner.id,
            title="Pending",
            source_name="pasted text",
            source_text=SHORT,
            status=status,
            **kw,
        )
        db.session.add(bank)
        db.session.commit()
        return bank.id


def test_the_status_json_reports_progress(app: Flask, client: Any, teacher: User) -> None:
    bank_id = _queued_bank(app, teacher, BankStatus.RUNNING, progress=40)
    assert client.get(f"/teach/banks/{bank_id}/status.json").get_json() == {
        "status": "running",
        "progress": 40,
        "error": "",
        "questions": 0,
    }
    page = client.get(f"/teach/banks/{bank_id}").get_data(as_text=True)
    assert '<progress id="bank-progress-bar" max="100" value="40">' in page
    assert 'aria-live="polite"' in page and "js/bank.js" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_a_ready_bank_does_not_refresh_and_counts_its_questions(
    app: Flask, client: Any, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher, approve=3)
    with app.app_context():
        retired = db.session.scalars(
            select(Question).where(Question.bank_id == bank.id).order_by(Question.score)
        ).first()
        retired.retired = True  # type: ignore[union-attr]
        db.session.commit()
    status = client.get(f"/teach/banks/{bank.id}/status.json").get_json()
    assert status == {
        "status": "ready",
        "progress": 100,
        "error": "",
        "questions": len(make.sample) - 1,
    }
    page = client.get(f"/teach/banks/{bank.id}").get_data(as_text=True)
    assert "http-equiv" not in page
    assert '<span data-count="approved">3</span>' in page
    assert f'<span data-count="new">{len(make.sample) - 4}</span>' in page
    assert "1 retired" in page


def test_a_failed_bank_shows_the_error_and_tries_again(
    app: Flask, client: Any, act: Actions, teacher: User
) -> None:
    bank_id = _queued_bank(
        app, teacher, BankStatus.FAILED, error="The pasted text has no sentences <sad>."
    )
    page = client.get(f"/teach/banks/{bank_id}").get_data(as_text=True)
    assert "The pasted text has no sentences &lt;sad&gt;." in page and "Try again" in page
    response = act.post(f"/teach/banks/{bank_id}/regenerate", token_from=f"/teach/banks/{bank_id}")
    assert response.status_code == 302
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert bank is not None and bank.status is BankStatus.READY and bank.questions


# -- review ----------------------------------------------------------------------------


FILTERS: list[tuple[str, Any]] = [
    ("", lambda q: True),
    ("type=cloze", lambda q: q.type == "cloze"),
    ("kind=actor", lambda q: q.kind == "actor"),
    ("status=approved", lambda q: q.status is QuestionStatus.APPROVED),
    (
        "status=new&type=multiple_choice",
        lambda q: q.status is QuestionStatus.NEW and q.type == "multiple_choice",
    ),
    ("min_score=0.8", lambda q: q.score >= 0.8),
    ("q=mussolini", lambda q: "mussolini" in (q.prompt + q.answer + q.source_sentence).lower()),
    ("q=100%25", lambda q: "100%" in (q.prompt + q.answer + q.source_sentence)),
    ("retired=y&type=ordering", lambda q: q.type == "ordering"),
    ("type=bogus", lambda q: True),  # an invalid filter filters nothing
]


@pytest.mark.parametrize(("query", "keep"), FILTERS)
@pytest.mark.parametrize("page", [1, 2])
def test_filters_show_what_they_say_best_first(
    app: Flask, client: Any, teacher: User, make: Factory, query: str, keep: Any, page: int
) -> None:
    bank = make.bank(teacher, approve=20)
    with app.app_context():
        rows = db.session.scalars(select(Question).where(Question.bank_id == bank.id)).all()
        for q in rows[::7]:
            q.retired = True
        db.session.commit()
        include_retired = "retired=y" in query
        expected = [
            q.id
            for q in sorted(rows, key=lambda q: (-q.score, q.id))
            if keep(q) and (include_retired or not q.retired)
        ]
    response = client.get(f"/teach/banks/{bank.id}?{query}&page={page}")
    assert response.status_code == 200
    assert shown_ids(response.get_data(as_text=True)) == expected[(page - 1) * 50 : page * 50]
    if query == "type=bogus":
        assert "Not a valid choice" in response.get_data(as_text=True)


def test_filter_by_score_rejects_out_of_range_values(
    client: Any, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    page = client.get(f"/teach/banks/{bank.id}?min_score=abc").get_data(as_text=True)
    assert "Not a valid decimal value" in page and len(shown_ids(page)) == 50
    page = client.get(f"/teach/banks/{bank.id}?min_score=2").get_data(as_text=True)
    assert "between 0 and 1" in page


@pytest.mark.parametrize(
    "status", [QuestionStatus.APPROVED, QuestionStatus.REJECTED, QuestionStatus.NEW]
)
def test_approve_or_reject_one_question_returns_to_the_same_filters(
    app: Flask, act: Actions, teacher: User, make: Factory, status: QuestionStatus
) -> None:
    bank = make.bank(teacher, approve=1)
    target = a_question(app, bank.id, "cloze")
    view = f"/teach/banks/{bank.id}?type=cloze&q=the&page=1"
    response = act.post(
        f"/teach/questions/{target.id}/status?type=cloze&q=the&page=1",
        {"status": status.value},
        token_from=view,
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == f"/teach/banks/{bank.id}" and location.fragment == f"q-{target.id}"
    assert parse_qs(location.query) == {"type": ["cloze"], "q": ["the"], "page": ["1"]}
    with app.app_context():
        assert db.session.get(Question, target.id).status is status  # type: ignore[union-attr]


def test_review_answers_json_to_the_script(
    app: Flask, act: Actions, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    target = a_question(app, bank.id, "short_answer")
    response = act.post(
        f"/teach/questions/{target.id}/status",
        {"status": "approved"},
        token_from=f"/teach/banks/{bank.id}",
        headers={"Accept": "application/json"},
    )
    assert response.get_json() == {
        "id": target.id,
        "status": "approved",
        "label": "Approved",
        "counts": {"new": len(make.sample) - 1, "approved": 1, "rejected": 0},
    }


def test_an_unknown_status_is_a_bad_request(
    app: Flask, act: Actions, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    target = a_question(app, bank.id, "cloze")
    response = act.post(
        f"/teach/questions/{target.id}/status",
        {"status": "deleted"},
        token_from=f"/teach/banks/{bank.id}",
    )
    assert response.status_code == 400


def test_approve_top_n_approves_the_best_new_matching_ones(
    app: Flask, act: Actions, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    clozes = sorted(
        (q for q in questions_of(app, bank.id) if q.type == "cloze"), key=lambda q: (-q.score, q.id)
    )
    with app.app_context():  # the best cloze is rejected: it must stay rejected
        db.session.get(Question, clozes[0].id).status = QuestionStatus.REJECTED  # type: ignore[union-attr]
        db.session.commit()
    response = act.post(
        f"/teach/banks/{bank.id}/approve-top?type=cloze",
        {"count": "3"},
        token_from=f"/teach/banks/{bank.id}?type=cloze",
    )
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {"type": ["cloze"]}
    after = {q.id: q.status for q in questions_of(app, bank.id)}
    assert [q.id for q in clozes if after[q.id] is QuestionStatus.APPROVED] == [
        q.id for q in clozes[1:4]
    ]
    assert after[clozes[0].id] is QuestionStatus.REJECTED
    assert sum(s is QuestionStatus.APPROVED for s in after.values()) == 3
    page = act.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Approved 3 questions." in page


@pytest.mark.parametrize("count", ["0", "abc", "501"])
def test_approve_top_n_needs_a_sensible_number(
    app: Flask, act: Actions, teacher: User, make: Factory, count: str
) -> None:
    bank = make.bank(teacher)
    act.post(
        f"/teach/banks/{bank.id}/approve-top",
        {"count": count},
        token_from=f"/teach/banks/{bank.id}",
    )
    assert all(q.status is QuestionStatus.NEW for q in questions_of(app, bank.id))


# -- editing ---------------------------------------------------------------------------


EDIT_CASES: list[tuple[str, dict[str, str], str]] = [
    ("multiple_choice", {"choices": "1920\n1921\n1920"}, "Each choice must be different"),
    ("multiple_choice", {"choices": "1920"}, "at least four choices"),
    ("multiple_choice", {"choices": "1920\n1921\n1922"}, "at least four choices"),
    ("multiple_choice", {"answer": "1999"}, "must be one of the choices"),
    ("multiple_choice", {"prompt": ""}, "Write the question."),
    ("true_false", {"answer": "maybe"}, "True or False"),
    ("cloze", {"prompt": "Italy recognised the Soviet Union in 1924."}, "one blank: _____"),
    ("cloze", {"prompt": "_____ recognised _____."}, "one blank _____ only"),
    (
        "short_answer",
        {"prompt": "Name the country that recognised the Soviet Union"},
        "ends with a question mark",
    ),
    ("short_answer", {"answer": ""}, "Write the correct answer."),
    ("ordering", {"choices": "First\nSecond"}, "List 3 to 5 items"),
    ("ordering", {"choices": "A\nB\nC\nD\nE\nF"}, "List 3 to 5 items"),
    ("ordering", {"choices": "A\nB\nA"}, "Each item must be different"),
    ("ordering", {"choices": "A → B\nC\nD"}, "cannot contain the arrow"),
]


def _edit_form(app: Flask, question: Question) -> dict[str, str]:
    with app.app_context():
        draft = questions_edit.draft_of(db.session.get(Question, question.id))  # type: ignore[arg-type]
    return {
        "kind": draft.kind,
        "prompt": draft.prompt,
        "answer": draft.answer,
        "accept": "\n".join(draft.accept),
        "choices": "\n".join(draft.choices),
    }


@pytest.mark.parametrize(("qtype", "change", "message"), EDIT_CASES)
def test_edits_are_checked_per_type_and_lose_nothing(
    app: Flask,
    act: Actions,
    teacher: User,
    make: Factory,
    qtype: str,
    change: dict[str, str],
    message: str,
) -> None:
    bank = make.bank(teacher)
    question = a_question(app, bank.id, qtype)
    url = f"/teach/questions/{question.id}/edit"
    data = _edit_form(app, question) | change
    response = act.post(url, data, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    if qtype != "true_false":  # what was typed is still in the form
        assert next(iter(change.values())).split("\n")[0] in html.unescape(page)
    after = questions_of(app, bank.id)
    stored = next(q for q in after if q.id == question.id)
    assert (stored.prompt, stored.answer, stored.edited) == (
        question.prompt,
        question.answer,
        False,
    )


def test_the_true_false_edit_form_describes_its_radios_only_by_an_error(
    app: Flask, act: Actions, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    question = a_question(app, bank.id, "true_false")
    act.login(teacher.email)
    page = act.client.get(f"/teach/questions/{question.id}/edit").get_data(as_text=True)
    assert 'type="radio"' in page and 'aria-describedby="None"' not in page


@pytest.mark.parametrize(
    ("qtype", "change", "check"),
    [
        (
            "multiple_choice",
            {"prompt": "In which year was the treaty signed, exactly?"},
            lambda q: q.prompt == "In which year was the treaty signed, exactly?",
        ),
        (
            "short_answer",
            {"accept": "USSR\n\nthe Soviets\nUSSR"},
            lambda q: q.accept == ["USSR", "the Soviets"],
        ),
        (
            "true_false",
            {"answer": "False", "prompt": "Italy never recognised the Soviet Union."},
            lambda q: q.answer == "False" and q.choices == ["True", "False"],
        ),
        (
            "cloze",
            {"prompt": "Italy and _______ signed a treaty."},
            lambda q: q.prompt == "Italy and _____ signed a treaty.",
        ),
        (
            "ordering",
            {"choices": "Rapallo\nMussolini\nRecognition\nExpulsion"},
            lambda q: (
                q.answer == "Rapallo → Mussolini → Recognition → Expulsion"
                and sorted(q.choices)
                == sorted(["Rapallo", "Mussolini", "Recognition", "Expulsion"])
                and q.choices != ["Rapallo", "Mussolini", "Recognition", "Expulsion"]
            ),
        ),
    ],
)
def test_a_valid_edit_is_saved_and_marked_edited(
    app: Flask,
    act: Actions,
    teacher: User,
    make: Factory,
    qtype: str,
    change: dict[str, str],
    check: Any,
) -> None:
    bank = make.bank(teacher)
    question = a_question(app, bank.id, qtype)
    url = f"/teach/questions/{question.id}/edit?status=new&page=2"
    response = act.post(url, _edit_form(app, question) | change, token_from=url)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.fragment == f"q-{question.id}"
    assert parse_qs(location.query) == {"status": ["new"], "page": ["2"]}
    stored = next(q for q in questions_of(app, bank.id) if q.id == question.id)
    assert stored.edited and check(stored)


def test_the_edit_form_shows_the_ordering_in_its_correct_order(
    app: Flask, client: Any, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    question = a_question(app, bank.id, "ordering")
    page = client.get(f"/teach/questions/{question.id}/edit").get_data(as_text=True)
    items = question.answer.split(" → ")
    assert "\n".join(items).replace("'", "&#39;") in page.replace("&#34;", '"')


@pytest.mark.parametrize(
    ("draft", "errors"),
    [
        (
            QuestionDraft(
                "multiple_choice", "date", "When?", "1920", (), ("1920", "1921", "1922", "1923")
            ),
            {},
        ),
        (
            QuestionDraft(
                "multiple_choice", "date", "When?", "1920", (), ("1921", "1922", "1923", "1924")
            ),
            {"choices"},
        ),
        (
            QuestionDraft(
                "multiple_choice", "planet", "When?", "1920", (), ("1920", "1921", "1922", "1923")
            ),
            {"kind"},
        ),
        (
            QuestionDraft(
                "short_answer", "actor", "Who signed the Treaty of Rapallo?", "Treaty of Rapallo"
            ),
            {"answer"},
        ),
        (QuestionDraft("true_false", "date", "Rome fell in 476.", "true"), {}),
        (QuestionDraft("cloze", "date", "", "1920"), {"prompt"}),
        (QuestionDraft("ordering", "event", "", "", (), ("a", "b", "c")), {}),
    ],
)
def test_question_rules_without_a_request(draft: QuestionDraft, errors: set[str]) -> None:
    if not errors:
        values = questions_edit.check(draft, seed="x")
        assert values.prompt
        if draft.type == "true_false":
            assert values.answer == "True"
        return
    with pytest.raises(InvalidQuestion) as info:
        questions_edit.check(draft, seed="x")
    assert set(info.value.errors) == errors


def test_an_ordering_is_shuffled_the_same_way_every_time() -> None:
    draft = QuestionDraft("ordering", "event", "", "", (), ("a", "b", "c", "d"))
    first = questions_edit.check(draft, seed="q-1")
    assert first == questions_edit.check(draft, seed="q-1")
    assert first.choices != draft.choices and sorted(first.choices) == list(draft.choices)
    assert first.prompt == questions_edit.DEFAULT_PROMPTS["ordering"]


def test_regenerating_keeps_edits_and_manual_questions_and_refreshes_the_rest(
    app: Flask, act: Actions, teacher: User
) -> None:
    bank_id = bank_id_from(new_bank(act))
    before = questions_of(app, bank_id)
    edited = a_question(app, bank_id, "short_answer")
    stale = a_question(app, bank_id, "cloze")
    url = f"/teach/questions/{edited.id}/edit"
    act.post(
        url, _edit_form(app, edited) | {"prompt": "Which year, in your own words?"}, token_from=url
    )
    new_url = f"/teach/banks/{bank_id}/questions/new?type=short_answer"
    act.post(
        new_url,
        {"kind": "actor", "prompt": "Who led Italy from 1922?", "answer": "Benito Mussolini"},
        token_from=new_url,
    )
    with app.app_context():  # as if an older engine had worded this one differently
        db.session.get(Question, stale.id).prompt = "Stale _____ wording."  # type: ignore[union-attr]
        db.session.commit()

    response = act.post(f"/teach/banks/{bank_id}/regenerate", token_from=f"/teach/banks/{bank_id}")
    assert response.status_code == 302
    after = {q.id: q for q in questions_of(app, bank_id)}
    assert len(after) == len(before) + 1  # the manual one; nothing duplicated
    assert len({q.uid for q in after.values()}) == len(after)
    assert after[edited.id].prompt == "Which year, in your own words?" and after[edited.id].edited
    assert after[stale.id].prompt == stale.prompt  # refreshed from the engine
    manual = [q for q in after.values() if q.manual]
    assert [q.prompt for q in manual] == ["Who led Italy from 1922?"]
    assert not any(q.retired for q in after.values())
    with app.app_context():
        assert db.session.get(Bank, bank_id).status is BankStatus.READY  # type: ignore[union-attr]


def test_generate_again_twice_queues_one_job(
    app: Flask, client: Any, act: Actions, teacher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click, or a second tab, while the first job waits in the queue."""
    bank_id = _queued_bank(app, teacher, BankStatus.READY)
    queued: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(jobs, "enqueue", lambda path, *args: queued.append((path, args)))
    url, page = f"/teach/banks/{bank_id}/regenerate", f"/teach/banks/{bank_id}"
    assert act.post(url, token_from=page).status_code == 302
    assert act.post(url, token_from=page).status_code == 302
    assert queued == [(bank_service.GENERATION_JOB, (bank_id,))]
    assert "This bank is already being generated." in client.get(page).get_data(as_text=True)


def test_two_servers_asking_at_once_queue_one_job(
    app: Flask, teacher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read the bank as ready before either writes: the conditional update lets one
    through (on PostgreSQL the second waits for the first's commit, then sees it)."""
    bank_id = _queued_bank(app, teacher, BankStatus.READY)
    queued: list[int] = []
    monkeypatch.setattr(jobs, "enqueue", lambda _path, bank: queued.append(bank))
    both_read = threading.Barrier(2)
    results: list[bool] = []

    def ask() -> None:
        with app.app_context():
            bank = db.session.get(Bank, bank_id)
            assert bank is not None and bank.status is BankStatus.READY
            both_read.wait(timeout=10)
            results.append(bank_service.regenerate(bank))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert queued == [bank_id]
    assert sorted(results) == [False, True]


def test_an_imported_bank_cannot_be_regenerated(
    app: Flask, act: Actions, client: Any, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher)
    with app.app_context():
        db.session.get(Bank, bank.id).source_text = ""  # type: ignore[union-attr]
        db.session.commit()
    response = act.post(
        f"/teach/banks/{bank.id}/regenerate",
        token_from=f"/teach/banks/{bank.id}",
        follow_redirects=True,
    )
    assert "no document to generate it from" in response.get_data(as_text=True)


# -- hand-written questions ------------------------------------------------------------


MANUAL: list[tuple[str, dict[str, str], str]] = [
    (
        "multiple_choice",
        {
            "kind": "date",
            "prompt": "When was the Treaty of Rapallo signed?",
            "answer": "1920",
            "choices": "1918\n1920\n1922\n1924",
        },
        "1920",
    ),
    (
        "short_answer",
        {
            "kind": "actor",
            "prompt": "Who became prime minister in 1922?",
            "answer": "Benito Mussolini",
            "accept": "Mussolini",
            "source_sentence": "Benito Mussolini became prime minister of Italy in October 1922.",
        },
        "Benito Mussolini",
    ),
    (
        "cloze",
        {"kind": "place", "prompt": "The treaty was signed in _____.", "answer": "Rapallo"},
        "Rapallo",
    ),
    (
        "true_false",
        {"kind": "date", "prompt": "Italy recognised the Soviet Union in 1924.", "answer": "True"},
        "True",
    ),
    (
        "ordering",
        {
            "kind": "event",
            "prompt": "",
            "choices": "Rapallo treaty\nMussolini in power\nRecognition of the USSR",
        },
        "Rapallo treaty → Mussolini in power → Recognition of the USSR",
    ),
]


@pytest.mark.parametrize(("qtype", "data", "answer"), MANUAL)
def test_a_teacher_writes_questions_of_every_type(
    app: Flask,
    act: Actions,
    client: Any,
    teacher: User,
    make: Factory,
    qtype: str,
    data: dict[str, str],
    answer: str,
) -> None:
    bank = make.bank(teacher, questions=[])
    chooser = client.get(f"/teach/banks/{bank.id}/questions/new").get_data(as_text=True)
    assert f"type={qtype}" in chooser
    url = f"/teach/banks/{bank.id}/questions/new?type={qtype}"
    response = act.post(url, data, token_from=url)
    assert response.status_code == 302
    (question,) = questions_of(app, bank.id)
    assert question.manual and question.uid.startswith("manual-") and len(question.uid) > 10
    assert question.status is QuestionStatus.APPROVED and question.type == qtype
    assert question.answer == answer and question.kind == data["kind"]
    if qtype == "short_answer":
        assert question.accept == ["Mussolini"]
        assert question.source_sentence[question.source_start : question.source_end] == answer
    page = client.get(f"/teach/banks/{bank.id}").get_data(as_text=True)
    assert shown_ids(page) == [question.id] and "Hand-written" in page


def test_a_bad_manual_question_is_refused_with_its_text_kept(
    app: Flask, act: Actions, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher, questions=[])
    url = f"/teach/banks/{bank.id}/questions/new?type=cloze"
    page = act.post(
        url, {"kind": "date", "prompt": "Rome <fell> in 476.", "answer": "476"}, token_from=url
    ).get_data(as_text=True)
    assert "one blank: _____" in page and "Rome &lt;fell&gt; in 476." in page
    assert questions_of(app, bank.id) == []


# -- export, import, delete ------------------------------------------------------------


def test_export_then_import_round_trips_what_the_teacher_kept(
    app: Flask, act: Actions, client: Any, teacher: User, make: Factory
) -> None:
    bank = make.bank(teacher, approve=10)
    rejected = a_question(app, bank.id, "true_false")
    act.post(
        f"/teach/questions/{rejected.id}/status",
        {"status": "rejected"},
        token_from=f"/teach/banks/{bank.id}",
    )
    response = client.get(f"/teach/banks/{bank.id}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert ".json" in response.headers["Content-Disposition"]
    exported = response.get_data(as_text=True)
    check_bank(exported)
    data = json.loads(exported)
    assert data["schema"] == "quizapp.bank/1"
    assert len(data["questions"]) == len(make.sample) - 1
    assert rejected.uid not in {q["id"] for q in data["questions"]}

    imported = act.post(
        "/teach/banks/import",
        {"file": (io.BytesIO(exported.encode()), "export.json")},
        token_from="/teach/banks",
        content_type="multipart/form-data",
    )
    new_id = bank_id_from(imported)
    assert new_id != bank.id

    def key(q: Question) -> tuple[Any, ...]:
        return (
            q.uid,
            q.type,
            q.kind,
            q.prompt,
            q.answer,
            tuple(q.accept),
            tuple(q.choices),
            q.source_sentence,
            q.source_start,
            q.source_end,
            q.score,
        )

    kept = {key(q) for q in questions_of(app, bank.id) if q.id != rejected.id}
    assert {key(q) for q in questions_of(app, new_id)} == kept
    with app.app_context():
        new = db.session.get(Bank, new_id)
        assert new is not None and new.owner_id == teacher.id and new.title == bank.title


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\x89PNG not json", "is not a JSON file"),
        (b"[1, 2]", "is not a quizapp.bank/1 bank"),
        (bank_file(schema="quizapp.bank/2"), "is not a quizapp.bank/1 bank"),
        (bank_file(questions=[]), "holds no questions"),
        (bank_file(question={"answer": ""}), "question 1 lacks answer"),
        (bank_file(question={"type": "essay"}), "unknown type"),
        (bank_file(question={"score": "high"}), "score that is not a number"),
        (bank_file(question={"choices": "a,b"}), "'choices' that is not a list"),
        (bank_file(question={"source": {"start": "x"}}), "malformed 'source'"),
        (bank_file(question={"id": "q" * 65}), "longer than 64"),
        (
            bank_file(question={"type": "multiple_choice", "choices": ["1921", "1922"]}),
            "question 1 is a multiple-choice question without its answer once among 4",
        ),
        (
            bank_file(question={"type": "true_false", "answer": "Yes"}),
            'question 1 is a true/false question whose answer is not "True"',
        ),
        (
            bank_file(question={"type": "cloze", "prompt": "No blank here."}),
            "is a cloze question without exactly one blank",
        ),
        (
            bank_file(question={"type": "ordering", "answer": "A → B", "choices": ["A", "C"]}),
            "is an ordering question whose answer does not order its choices",
        ),
    ],
)
def test_a_bad_bank_file_is_refused_with_a_reason(
    app: Flask, act: Actions, teacher: User, body: bytes, message: str
) -> None:
    response = act.post(
        "/teach/banks/import",
        {"file": (io.BytesIO(body), "mine.json")},
        token_from="/teach/banks",
        content_type="multipart/form-data",
    )
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and message in page and "mine.json" in page
    assert bank_count(app) == 0


def test_import_refuses_repeated_ids_and_other_extensions(
    app: Flask, act: Actions, teacher: User
) -> None:
    data = json.loads(bank_file())
    data["questions"] *= 2
    page = act.post(
        "/teach/banks/import",
        {"file": (io.BytesIO(json.dumps(data).encode()), "twice.json")},
        token_from="/teach/banks",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "share an id" in page
    page = act.post(
        "/teach/banks/import",
        {"file": (io.BytesIO(bank_file()), "bank.txt")},
        token_from="/teach/banks",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Upload a bank exported as .json." in page
    assert bank_count(app) == 0


def test_a_bank_is_deleted_unless_a_quiz_uses_it(
    app: Flask, act: Actions, client: Any, teacher: User, make: Factory
) -> None:
    used, free = make.bank(teacher, title="Used"), make.bank(teacher, title="Free")
    question = a_question(app, used.id, "cloze")
    with app.app_context():
        quiz = Quiz(owner_id=teacher.id, title="Friday <quiz>")
        quiz.items.append(QuizQuestion(question_id=question.id))
        db.session.add(quiz)
        db.session.commit()
    response = act.post(
        f"/teach/banks/{used.id}/delete",
        token_from=f"/teach/banks/{used.id}",
        follow_redirects=True,
    )
    assert "The quiz “Friday &lt;quiz&gt;” uses questions from this bank" in response.get_data(
        as_text=True
    )
    response = act.post(f"/teach/banks/{free.id}/delete", token_from=f"/teach/banks/{free.id}")
    assert response.headers["Location"].endswith("/teach/banks")
    with app.app_context():
        assert db.session.get(Bank, free.id) is None
        assert db.session.scalar(select(Question.id).where(Question.bank_id == free.id)) is None
        assert db.session.get(Bank, used.id) is not None


# -- access ----------------------------------------------------------------------------


ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/teach/banks/{bank}", {}),
    ("GET", "/teach/banks/{bank}/status.json", {}),
    ("GET", "/teach/banks/{bank}/export.json", {}),
    ("GET", "/teach/banks/{bank}/questions/new?type=cloze", {}),
    (
        "POST",
        "/teach/banks/{bank}/questions/new?type=cloze",
        {"kind": "date", "prompt": "Rome fell in _____.", "answer": "476"},
    ),
    ("GET", "/teach/questions/{question}/edit", {}),
    (
        "POST",
        "/teach/questions/{question}/edit",
        {"kind": "date", "prompt": "Rome fell in _____.", "answer": "476"},
    ),
    ("POST", "/teach/questions/{question}/status", {"status": "approved"}),
    ("POST", "/teach/banks/{bank}/approve-top", {"count": "5"}),
    ("POST", "/teach/banks/{bank}/regenerate", {}),
    ("POST", "/teach/banks/{bank}/delete", {}),
]
OPEN_ROUTES = [
    ("GET", "/teach/banks/new", {}),
    ("POST", "/teach/banks/new", {"text": SHORT}),
    ("POST", "/teach/banks/import", {}),
]


def _request(act: Actions, method: str, url: str, data: dict[str, Any], *, signed_in: bool) -> Any:
    if method == "GET":
        return act.client.get(url)
    # Any page carries the session's token: the sign-in page, or the nav's sign-out form.
    return act.post(url, data, token_from="/teach/no-such-page" if signed_in else "/login")


@pytest.mark.parametrize(("method", "url", "data"), ROUTES)
@pytest.mark.parametrize("who", ["other teacher", "student", "anonymous"])
def test_only_the_owner_reaches_a_bank(
    app: Flask, act: Actions, make: Factory, method: str, url: str, data: dict[str, Any], who: str
) -> None:
    owner = make.teacher()
    bank = make.bank(owner, questions=make.sample[:5])
    question = questions_of(app, bank.id)[0]
    if who == "other teacher":
        act.login(make.teacher().email)
    elif who == "student":
        act.login(make.student().email)
    response = _request(
        act,
        method,
        url.format(bank=bank.id, question=question.id),
        data,
        signed_in=who != "anonymous",
    )
    expected = {"other teacher": 404, "student": 403, "anonymous": 302}[who]
    assert response.status_code == expected
    if who == "anonymous":
        assert "/login" in response.headers["Location"]
    after = questions_of(app, bank.id)
    assert len(after) == 5 and all(q.status is QuestionStatus.NEW and not q.edited for q in after)


@pytest.mark.parametrize(("method", "url", "data"), [*OPEN_ROUTES, ("GET", "/teach/banks", {})])
@pytest.mark.parametrize("who", ["student", "anonymous"])
def test_only_teachers_make_banks(
    app: Flask, act: Actions, make: Factory, method: str, url: str, data: dict[str, Any], who: str
) -> None:
    make.teacher()  # an installed app: the sign-in page is open
    if who == "student":
        act.login(make.student().email)
    response = _request(act, method, url, data, signed_in=who != "anonymous")
    assert response.status_code == (403 if who == "student" else 302)
    assert bank_count(app) == 0


def test_a_tampered_question_id_is_not_found(client: Any, teacher: User) -> None:
    assert client.get("/teach/questions/999999/edit").status_code == 404
    assert client.get("/teach/banks/999999").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/teach/banks/new",
        "/teach/banks/import",
        "/teach/banks/{bank}/approve-top",
        "/teach/banks/{bank}/regenerate",
        "/teach/banks/{bank}/delete",
        "/teach/questions/{question}/status",
        "/teach/questions/{question}/edit",
        "/teach/banks/{bank}/questions/new?type=cloze",
    ],
)
def test_forms_without_a_csrf_token_are_refused(
    app: Flask, client: Any, teacher: User, make: Factory, url: str
) -> None:
    bank = make.bank(teacher, questions=make.sample[:3])
    question = questions_of(app, bank.id)[0]
    response = client.post(
        url.format(bank=bank.id, question=question.id),
        data={
            "text": SHORT,
            "status": "approved",
            "count": "3",
            "kind": "date",
            "prompt": "Rome fell in _____.",
            "answer": "476",
        },
    )
    assert response.status_code == 400
    assert bank_count(app) == 1 and len(questions_of(app, bank.id)) == 3
    assert all(q.status is QuestionStatus.NEW for q in questions_of(app, bank.id))


# -- several servers, one queue --------------------------------------------------------


def test_with_rq_a_worker_elsewhere_generates_the_bank(
    app: Flask, act: Actions, teacher: User
) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    app.config.update(JOBS="rq", REDIS_URL="redis://127.0.0.1:6379/15")
    connection = Redis.from_url(app.config["REDIS_URL"])
    connection.flushdb()
    try:
        bank_id = bank_id_from(new_bank(act))
        queue = Queue("quizapp", connection=connection)
        assert queue.count == 1
        assert (
            act.client.get(f"/teach/banks/{bank_id}/status.json").get_json()["status"] == "queued"
        )
        with app.app_context():
            assert SimpleWorker([queue], connection=connection).work(burst=True)
        status = act.client.get(f"/teach/banks/{bank_id}/status.json").get_json()
        assert status["status"] == "ready" and status["questions"] > 10
    finally:
        connection.flushdb()
        connection.close()


def test_questions_students_have_met_are_frozen(app: Flask, make: Factory) -> None:
    """Editing or re-generating never rewrites a key that has already graded students."""
    from quizapp.services import banks as bank_service
    from tests.support import results as build

    teacher, student = make.teacher(), make.student()
    built = build.quiz(app, teacher, points=(1,))
    build.attempt(app, built, student, [1.0])
    with app.app_context():
        bank = db.session.get(Bank, built.bank_id)
        assert bank is not None
        question = bank.questions[0]
        draft = questions_edit.draft_of(question)
        with pytest.raises(questions_edit.QuestionInUse):
            questions_edit.apply_edit(question, replace(draft, answer="1999"))
        data = question.to_bank_json("doc-x") | {"answer": "1999"}
        report = bank_service.merge(bank, [data])
        assert report.kept_edited == 1 and question.answer != "1999"
