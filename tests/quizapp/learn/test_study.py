"""Study pages: who may study, the no-JS flow end to end, and forms that were tampered with."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import event

from quizapp.extensions import db
from quizapp.learn import study as study_views
from quizapp.models import ChoicesDisplay, Question, Review, User
from tests.support.quizzes import Clock
from tests.support.study import CAPITALS, T0, Spec, StudyWorld, build_world, card, reviews
from tests.support.web import Actions, Factory

FIELD = re.compile(r'name="(?P<name>[a-z_]+)" value="(?P<value>[^"]*)"')


def esc(text: str) -> str:
    return str(escape(text))


class Studier:
    """A signed-in student going through study pages as a browser without JavaScript."""

    def __init__(self, client: FlaskClient, act: Actions, user: User, class_id: int) -> None:
        self.client = client
        act.login(user.email)
        self.csrf = act.token("/learn/")
        self.url = f"/learn/classes/{class_id}/study"

    def page(self, url: str | None = None, **query: Any) -> str:
        response = self.client.get(url or self.url, query_string=query or None)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def front(self) -> dict[str, str]:
        """The front page's reveal form fields (show, t), as the browser would send them."""
        html = self.page()
        form = html[
            html.index('class="study-reveal"') : html.index("</form>", html.index("study-reveal"))
        ]
        return {m["name"]: m["value"] for m in FIELD.finditer(form)} | {"html": html}

    def reveal(self, answer: str | None = None) -> tuple[str, dict[str, str]]:
        """Press "Show answer" (with a typed answer); the back and its rating form's fields."""
        fields = self.front()
        query = {"show": fields["show"], "t": fields["t"]}
        if answer is not None:
            query["answer"] = answer
        html = self.page(**query)
        form = html[html.index('class="study-rate"') :]
        hidden = {m["name"]: m["value"] for m in FIELD.finditer(form[: form.index("<fieldset")])}
        return html, hidden

    def rate(self, fields: dict[str, str], rating: str, **changes: str) -> Any:
        data = {**fields, "rating": rating, **changes}
        return self.client.post(f"{self.url}/review", data=data)

    def undo_form(self, html: str | None = None) -> dict[str, str]:
        """The undo form's fields on a study page (the next card's, unless given)."""
        html = html or self.page()
        form = html[html.index('class="study-undo"') :]
        return {m["name"]: m["value"] for m in FIELD.finditer(form[: form.index("</form>")])}

    def undo(self, fields: dict[str, str] | None = None) -> Any:
        return self.client.post(f"{self.url}/undo", data=fields or self.undo_form())


@pytest.fixture
def clock(app: Flask) -> Clock:
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    return clock


@pytest.fixture
def world(app: Flask, make: Factory) -> StudyWorld:
    return build_world(app, make)


# --------------------------------------------------------------------------- who may study


def study_urls(world: StudyWorld) -> list[tuple[str, str]]:
    base = f"/learn/classes/{world.class_id}/study"
    return [("GET", base), ("POST", f"{base}/review"), ("POST", f"{base}/undo")]


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, world: StudyWorld) -> None:
    for method, url in [*study_urls(world), ("GET", "/learn/settings")]:
        response = client.open(url, method=method)
        if method == "POST":  # no session, no CSRF token: refused before anything else
            assert response.status_code in (302, 400)
        else:
            assert response.status_code == 302
            assert "/login" in response.headers["Location"]


def test_teachers_get_403_on_student_pages(
    client: FlaskClient, act: Actions, world: StudyWorld
) -> None:
    act.login(world.teacher.email)
    token = act.token("/teach/")
    for method, url in [*study_urls(world), ("GET", "/learn/settings")]:
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 403, url


def test_a_student_of_another_class_gets_404(
    client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    act.login(world.other.email)
    token = act.token("/learn/")
    for method, url in study_urls(world):
        data = {"csrf_token": token, "question": world.question_ids[0], "version": "0"}
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, url
    assert client.get("/learn/classes/999999/study").status_code == 404


def test_posts_without_the_csrf_token_are_refused(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    _back, fields = me.reveal()
    without = {k: v for k, v in fields.items() if k != "csrf_token"}
    response = client.post(f"{me.url}/review", data={**without, "rating": "3"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.post(f"{me.url}/undo").status_code == 400
    with app.app_context():
        assert reviews(world.student.id, world.class_id) == []


# --------------------------------------------------------------------------- the no-JS flow


def test_study_a_class_end_to_end_without_javascript(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    home = me.page("/learn/")
    assert "5 cards today" in home and f'href="{me.url}"' in home

    # The front: the prompt, the counts, a "Show answer" button, the keys, no answer.
    front = me.front()["html"]
    assert esc(CAPITALS[0].prompt) in front
    assert 'id="study-reveal"' in front and "Show answer" in front
    assert "<kbd>1</kbd> Again" in front and "js/study.js" in front
    assert "Rome" not in front
    assert re.search(r"count-new is-current\">5 ", front)

    # A wrong typed answer: the verdict, the answer, the sentence with it marked, and
    # Again proposed (focused); each button shows its interval.
    back, fields = me.reveal("Milan")  # the front is shown at T0
    assert "Not quite" in back and "Milan" in back
    assert "<strong>Rome</strong>" in back
    assert "<mark>Rome</mark> is the answer 0." in back
    again = re.search(r'<button[^>]*value="1"[^>]*>', back)
    assert again is not None and "autofocus" in again.group(0)
    for label, interval in [("Again", "1m"), ("Hard", "6m"), ("Good", "10m")]:
        assert re.search(
            rf"{label}</span>\s*<span class=\"rating-interval\">.*{interval}</span>", back
        )
    assert fields["question"] == str(world.question_ids[0]) and fields["version"] == "0"

    clock.at = T0 + timedelta(seconds=7)  # rated 7 seconds after the front was shown
    response = me.rate(fields, "1")
    assert response.status_code == 303 and response.headers["Location"].endswith(me.url)
    with app.app_context():
        (logged,) = reviews(world.student.id, world.class_id)
        assert (logged["rating"], logged["duration_ms"]) == (1, 7000)

    # A right answer proposes Good; then every other card, rated Easy.
    back, fields = me.reveal("Paris")
    assert "Correct" in back and esc(CAPITALS[1].prompt) in back
    good = re.search(r'<button[^>]*value="3"[^>]*>', back)
    assert good is not None and "autofocus" in good.group(0)
    me.rate(fields, "4")
    for _ in range(3):
        _back, fields = me.reveal()
        assert me.rate(fields, "4").status_code == 303

    # The card rated Again is learnt ahead, then graduates.
    _back, fields = me.reveal()
    assert fields["question"] == str(world.question_ids[0]) and fields["version"] == "1"
    clock.at = T0 + timedelta(minutes=2)
    me.rate(fields, "4")

    done = me.page()
    assert "Congratulations! You have finished this class's cards for today." in done
    assert "The next card is due" in done
    assert "Done for today" in me.page("/learn/")
    with app.app_context():
        assert len(reviews(world.student.id, world.class_id)) == 6


def test_a_second_tab_rating_the_same_card_is_told_and_moves_on(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    _back, tab_a = me.reveal()
    _back, tab_b = me.reveal()  # the same card, shown in another tab
    assert me.rate(tab_a, "3").status_code == 303
    response = me.rate(tab_b, "1")
    assert response.status_code == 303
    page = me.page()
    assert "That card was already answered in another tab." in page
    assert esc(CAPITALS[1].prompt) in page  # moved on to the next card
    with app.app_context():
        (logged,) = reviews(world.student.id, world.class_id)
        assert logged["rating"] == 3

    # A version that never was (a tampered form) is refused the same way, never a 500.
    _back, fields = me.reveal()
    response = me.rate(fields, "3", version="999")
    assert response.status_code == 303
    assert "already answered in another tab" in me.page()
    with app.app_context():
        assert len(reviews(world.student.id, world.class_id)) == 1


def test_undo_puts_the_card_back_and_shows_it(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    _back, fields = me.reveal()
    me.rate(fields, "3")
    with app.app_context():
        assert card(world.student.id, world.class_id, world.question_ids[0]) is not None
    response = me.undo()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{me.url}?q={world.question_ids[0]}")
    page = me.page(response.headers["Location"])
    assert "Undone: your “Good”." in page
    assert esc(CAPITALS[0].prompt) in page
    with app.app_context():
        assert card(world.student.id, world.class_id, world.question_ids[0]) is None
        assert reviews(world.student.id, world.class_id) == []
    me.undo()
    assert "There is nothing to undo today." in me.page()


def test_rating_and_undo_send_no_query_after_their_commit(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    """The student's hot path: after the commit, the redirect needs nothing from the
    database (an expired Classroom read for its id would cost a query per rating)."""
    me = Studier(client, act, world.student, world.class_id)
    _back, fields = me.reveal()
    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        sent.append(sql.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", lambda _conn: sent.append("COMMIT"))
    try:
        for post in (lambda: me.rate(fields, "3"), me.undo):
            sent.clear()
            assert post().status_code == 303
            assert "UPDATE" in sent or "INSERT" in sent or "DELETE" in sent
            assert sent[-1] == "COMMIT", sent
    finally:
        event.remove(engine, "before_cursor_execute", statement)
    with app.app_context():
        assert reviews(world.student.id, world.class_id) == []  # rated, then undone


def test_an_undo_sent_twice_takes_back_one_rating(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    """A double click (or a reload that posts again) on Undo: the form names the rating it
    undoes, so the second post finds it gone and undoes nothing more."""
    me = Studier(client, act, world.student, world.class_id)
    for _ in range(2):
        _back, fields = me.reveal()
        assert me.rate(fields, "3").status_code == 303
    form = me.undo_form()
    assert form["review"].isdecimal()
    assert me.undo(form).status_code == 303
    assert me.undo(form).status_code == 303
    page = me.page()
    assert "That rating was already undone" in page
    with app.app_context():
        assert len(reviews(world.student.id, world.class_id)) == 1
        assert card(world.student.id, world.class_id, world.question_ids[0]) is not None
        assert card(world.student.id, world.class_id, world.question_ids[1]) is None

    # The page now offers the first rating: undoing it works, then there is nothing left.
    assert me.undo().status_code == 303
    assert me.undo().status_code == 303
    assert "There is nothing to undo today." in me.page()
    with app.app_context():
        assert reviews(world.student.id, world.class_id) == []


def test_an_undo_form_without_its_rating_undoes_nothing(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    _back, fields = me.reveal()
    me.rate(fields, "3")
    response = me.undo({"csrf_token": me.csrf})  # a page opened before forms named it
    assert response.status_code == 303
    assert "That page was out of date, so nothing was undone" in me.page()
    for tampered in ({"review": "x"}, {"review": "9" * 19}):
        response = me.undo({"csrf_token": me.csrf, **tampered})
        assert response.status_code == 400
        assert "This undo form was changed" in response.get_data(as_text=True)
    with app.app_context():
        assert len(reviews(world.student.id, world.class_id)) == 1


def test_the_back_lists_each_accepted_answer_apart(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld, clock: Clock
) -> None:
    """An accepted answer may hold a comma ("December, 2017"): the list must not read as
    if "December" and "2017" were each accepted alone."""
    with app.app_context():
        question = db.session.get(Question, world.question_ids[0])
        assert question is not None
        question.accept = ["Dec 2017", "December, 2017"]
        db.session.commit()
    me = Studier(client, act, world.student, world.class_id)
    back, _fields = me.reveal()
    assert "also accepted: Dec 2017; December, 2017" in back


def test_multiple_choice_is_shown_as_the_class_says(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, clock: Clock
) -> None:
    spec = Spec(
        "Which city is the capital of Italy?",
        "Rome",
        ("f-italy",),
        type="multiple_choice",
        kind="place",
        choices=("Milan", "Rome", "Turin", "Naples"),
    )
    order = Spec(
        "Put these events in order.",
        "Unification → Republic",
        ("f-order",),
        type="ordering",
        kind="event",
        choices=("Republic", "Unification"),
    )
    world = build_world(app, make, [spec, order])
    me = Studier(client, act, world.student, world.class_id)
    front = me.front()
    assert front["html"].count('type="radio" name="answer"') == 4
    assert 'id="study-answer"' not in front["html"]
    options = re.findall(r'value="(\d)"> <span>([^<]+)</span>', front["html"])
    picked = next(value for value, text in options if text == "Rome")
    back = me.page(show=front["show"], t=front["t"], answer=picked)
    assert "Correct" in back

    with app.app_context():
        from tests.support.study import set_settings

        set_settings(world.class_id, choices_display=ChoicesDisplay.SHORT_ANSWER)
    front = me.front()
    assert 'type="radio"' not in front["html"] and 'id="study-answer"' in front["html"]
    assert "Milan" not in front["html"]
    back = me.page(show=front["show"], t=front["t"], answer="rome")
    assert "Correct" in back
    back = me.page(show=front["show"], t=front["t"], answer="Milan")
    assert "Not quite" in back  # another choice's text is never accepted

    # An ordering card shows its items, asks for nothing, and reveals the order.
    ordering = me.page(q=world.question_ids[1])
    assert "Put these in order" in ordering and 'name="answer"' not in ordering
    back = me.page(show=world.question_ids[1])
    assert re.search(r"<ol class=\"review-order\"><li>Unification</li><li>Republic</li></ol>", back)


# --------------------------------------------------------------------------- tampered forms


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"rating": "5"}, 400, "Rate the card 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)."),
        ({"rating": "x"}, 400, "Rate the card 1 (Again)"),
        ({"rating": ""}, 400, "Rate the card 1 (Again)"),
        ({"question": ""}, 400, "The form has no card."),
        ({"question": "abc"}, 400, "That card number is not valid."),
        ({"version": "x"}, 400, "The form has no valid card version"),
        ({"version": "-1"}, 400, "The form has no valid card version"),
        ({"shown": "forged"}, 400, "was changed or is out of date"),
        ({"question": "999999"}, 400, "was changed or is out of date"),  # token is for another
    ],
)
def test_malformed_ratings_are_refused_with_a_message(
    app: Flask,
    client: FlaskClient,
    act: Actions,
    world: StudyWorld,
    clock: Clock,
    changes: dict[str, str],
    status: int,
    message: str,
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    _back, fields = me.reveal()
    data = {**fields, "rating": "3", **changes}
    response = client.post(f"{me.url}/review", data=data)
    assert response.status_code == status
    assert esc(message) in response.get_data(as_text=True)
    with app.app_context():
        assert reviews(world.student.id, world.class_id) == []


def test_an_unknown_or_foreign_card_is_a_404(
    app: Flask, client: FlaskClient, act: Actions, make: Factory, world: StudyWorld, clock: Clock
) -> None:
    me = Studier(client, act, world.student, world.class_id)
    # A question of another teacher's bank, never published to this class.
    elsewhere = build_world(app, make, CAPITALS[:1])
    for query in ({"show": elsewhere.question_ids[0]}, {"q": "999999"}):
        assert client.get(me.url, query_string=query).status_code == 404
    assert client.get(me.url, query_string={"show": "x"}).status_code == 400
    # A rating form for it, with a valid token for that id, is still a 404.
    with app.app_context():
        token = study_views._shown_token(
            world.student.id, world.class_id, elsewhere.question_ids[0], T0
        )
    response = me.rate(
        {"csrf_token": me.csrf, "question": str(elsewhere.question_ids[0]), "version": "0"},
        "3",
        shown=token,
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.query(Review).count() == 0


# --------------------------------------------------------------------------- settings


def test_a_student_picks_a_time_zone(
    app: Flask, client: FlaskClient, act: Actions, world: StudyWorld
) -> None:
    act.login(world.student.email)
    page = client.get("/learn/settings").get_data(as_text=True)
    assert '<option selected value="UTC">UTC</option>' in page
    assert "study day starts at 4 a.m." in page
    token = act.token("/learn/settings")
    response = client.post("/learn/settings", data={"csrf_token": token, "timezone": "Mars/Base"})
    assert response.status_code == 200
    assert "Choose your time zone from the list" in response.get_data(as_text=True)
    response = client.post("/learn/settings", data={"csrf_token": token, "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
    assert "Your time zone is now Asia/Tokyo." in client.get("/learn/settings").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(User, world.student.id).timezone == "Asia/Tokyo"  # type: ignore[union-attr]
