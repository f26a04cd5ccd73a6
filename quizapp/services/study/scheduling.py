"""The FSRS scheduler built from a class's settings, the study day, and interval labels.

The algorithm is the `fsrs` package's (py-fsrs 6): this module only translates between
our settings and card rows and its `Scheduler` and `Card`, and never computes a stability,
difficulty or interval itself.

Fuzzing: py-fsrs draws its fuzz from the `random` module's global generator (it does
`from random import random`) and offers no way to pass a seeded one, so a card's fuzz
cannot be tied to the card as Anki ties it (card id + reps). We keep the library's
behaviour rather than patch its module. The tests hold whatever the fuzz: where an order
matters they set due dates explicitly, and the properties that must survive fuzz (never
in the past, within the maximum interval) are tested with it on; a test that needs a
reproducible fuzzed interval can seed the global generator (`random.seed(...)`), as
Hypothesis does for each example. Previews are unfuzzed (see `preview`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

import fsrs
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import STUDY_DEFAULTS, ChoicesDisplay, Classroom, StudySettings
from quizapp.services.intervals import format_interval
from quizapp.services.quizzes import zone

DAY_STARTS_AT_HOUR = 4
"""The study day starts at 4 a.m. in the student's zone, not at midnight.

As in Anki ("next day starts at" 4 a.m.): someone studying at half past midnight is still
finishing yesterday's session, so the cards done then count against yesterday's limits
and the new day's cards wait until they have slept.
"""

LEARN_AHEAD = timedelta(minutes=20)
"""Learning cards due this soon may be shown early when nothing else is left (Anki's
"learn ahead limit"), so a session does not end with a wait for a 1-minute step."""

MAX_STEPS = 20
MAX_STEP = timedelta(days=365)
STEP_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_STEP = re.compile(r"(\d{1,6})([smhd])")

RETENTION_RANGE = (0.70, 0.99)
"""FSRS is only trusted in this range (Anki's limits): below, cards are forgotten on
purpose; above, reviews multiply for little gain."""


class StepsError(ValueError):
    """Steps that cannot be read; the message says what to write instead."""


# --------------------------------------------------------------------------- settings


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Anki's step notation ("1m 10m 1h 1d") as durations; empty text is no steps.

    Units are s, m, h and d; each step is a whole number of them, more than zero and at
    most a year. Steps may not get shorter (Anki does not check this): with "10m 1m",
    Good would come back sooner than Hard, and the buttons would read backwards.
    """
    steps: list[timedelta] = []
    for token in text.split():
        match = _STEP.fullmatch(token.lower())
        if match is None:
            raise StepsError(
                f"“{token}” is not a step: write a whole number and a unit "
                "(s, m, h or d), like 1m 10m 1h 1d."
            )
        step = timedelta(**{STEP_UNITS[match.group(2)]: int(match.group(1))})
        if step <= timedelta(0):
            raise StepsError(f"“{token}” is not a step: a step must be longer than zero.")
        if step > MAX_STEP:
            raise StepsError(f"“{token}” is too long: a step can be at most 365d.")
        if steps and step < steps[-1]:
            raise StepsError(
                f"“{token}” is shorter than the step before it: each step must be at least "
                "as long as the one before."
            )
        steps.append(step)
    if len(steps) > MAX_STEPS:
        raise StepsError(f"Give at most {MAX_STEPS} steps.")
    return tuple(steps)


def normalise_steps(text: str) -> str:
    """The steps as stored: validated, lower case, one space apart."""
    parse_steps(text)
    return " ".join(text.lower().split())


def settings_for(classroom: Classroom) -> StudySettings:
    """The class's study settings; Anki's defaults when the teacher never saved any.

    A class without a row gets an unsaved `StudySettings` holding the defaults, so reading
    settings never writes: the row is created when the teacher first saves the form (see
    `save_settings`), and two students opening study at once cannot race to create it.
    """
    return settings_for_class_id(classroom.id)


def settings_for_class_id(class_id: int) -> StudySettings:
    row = db.session.scalar(select(StudySettings).where(StudySettings.class_id == class_id))
    if row is not None:
        return row
    return StudySettings(class_id=class_id, **STUDY_DEFAULTS)


@dataclass(frozen=True)
class SettingsValues:
    """What the teacher's form sets; validated by the form, checked again here."""

    desired_retention: float
    learning_steps: str
    relearning_steps: str
    maximum_interval_days: int
    new_per_day: int
    reviews_per_day: int
    choices_display: ChoicesDisplay
    quiz_feeds_study: bool


def save_settings(classroom: Classroom, values: SettingsValues) -> StudySettings:
    """Store the class's settings, creating its row on the first save.

    Existing cards keep their due dates: FSRS applies new settings from each card's next
    review (as Anki does), so changing retention never reschedules a whole class at once.
    """
    low, high = RETENTION_RANGE
    if not low <= values.desired_retention <= high:
        raise ValueError(f"desired retention must be between {low} and {high}")
    row = db.session.scalar(select(StudySettings).where(StudySettings.class_id == classroom.id))
    if row is None:
        row = StudySettings(class_id=classroom.id)
        db.session.add(row)
    row.desired_retention = values.desired_retention
    row.learning_steps = normalise_steps(values.learning_steps)
    row.relearning_steps = normalise_steps(values.relearning_steps)
    row.maximum_interval_days = values.maximum_interval_days
    row.new_per_day = values.new_per_day
    row.reviews_per_day = values.reviews_per_day
    row.choices_display = values.choices_display
    row.quiz_feeds_study = values.quiz_feeds_study
    db.session.flush()
    return row


# --------------------------------------------------------------------------- the scheduler


def scheduler_for(settings: StudySettings, *, fuzz: bool = True) -> fsrs.Scheduler:
    """py-fsrs's Scheduler with the class's settings (default FSRS-6 parameters)."""
    return scheduler_with(
        settings.desired_retention,
        settings.learning_steps,
        settings.relearning_steps,
        settings.maximum_interval_days,
        fuzz=fuzz,
    )


@lru_cache(maxsize=256)
def scheduler_with(
    desired_retention: float,
    learning_steps: str,
    relearning_steps: str,
    maximum_interval_days: int,
    *,
    fuzz: bool = True,
) -> fsrs.Scheduler:
    """The Scheduler for these settings, made once: a Scheduler holds only its settings
    (rating a card changes nothing in it), so every review with the same settings can
    share one instead of parsing steps and checking parameters again.

    Steps stored before a validation rule changed are read leniently: a bad stored value
    falls back to the default rather than breaking every study page of the class.
    """
    return fsrs.Scheduler(
        desired_retention=desired_retention,
        learning_steps=_stored_steps(learning_steps, "learning_steps"),
        relearning_steps=_stored_steps(relearning_steps, "relearning_steps"),
        maximum_interval=maximum_interval_days,
        enable_fuzzing=fuzz,
    )


def _stored_steps(text: str, name: str) -> tuple[timedelta, ...]:
    try:
        return parse_steps(text)
    except StepsError:
        return parse_steps(str(STUDY_DEFAULTS[name]))


@dataclass(frozen=True)
class CardState:
    """A card's scheduling state as stored: what a review changes and undo restores."""

    due: datetime
    stability: float | None
    difficulty: float | None
    state: int
    step: int | None
    last_review: datetime | None
    reps: int


def to_fsrs(state: CardState | None, at: datetime, card_id: int = 0) -> fsrs.Card:
    """Our stored state as py-fsrs's Card; None (no row yet) is a new card due now.

    The id is passed explicitly: without one py-fsrs reads the system clock and sleeps a
    millisecond to make one up.
    """
    if state is None:
        return fsrs.Card(card_id=card_id, due=at)
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def from_fsrs(card: fsrs.Card, reps: int) -> CardState:
    return CardState(
        due=card.due,
        stability=card.stability,
        difficulty=card.difficulty,
        state=int(card.state),
        step=card.step,
        last_review=card.last_review,
        reps=reps,
    )


def utc(at: datetime) -> datetime:
    """py-fsrs insists on `tzinfo is timezone.utc`, not merely an aware time."""
    if at.tzinfo is None:
        raise ValueError("naive datetime: use quizapp.clock.now()")
    return at.astimezone(UTC)


def next_state(
    scheduler: fsrs.Scheduler, state: CardState | None, rating: fsrs.Rating, at: datetime
) -> CardState:
    """The card after this rating at this time, as py-fsrs schedules it."""
    at = utc(at)
    card, _log = scheduler.review_card(to_fsrs(state, at), rating, review_datetime=at)
    return from_fsrs(card, (state.reps if state else 0) + 1)


def preview(settings: StudySettings, state: CardState | None, at: datetime) -> dict[int, timedelta]:
    """What each rating (1-4) would give: the time until the card is due again.

    Without fuzz, as Anki labels its buttons: the label is the interval the algorithm
    chose, and the fuzz added on rating only spreads reviews of cards learnt together.
    """
    scheduler = scheduler_for(settings, fuzz=False)
    at = utc(at)
    return {
        int(rating): next_state(scheduler, state, rating, at).due - at for rating in fsrs.Rating
    }


RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class RatingButton:
    """One of the four answer buttons: its rating, name and the interval it would give."""

    rating: int
    label: str
    interval: str


def rating_buttons(
    settings: StudySettings, state: CardState | None, at: datetime
) -> list[RatingButton]:
    intervals = preview(settings, state, at)
    return [
        RatingButton(rating, label, format_interval(intervals[rating]))
        for rating, label in RATING_LABELS.items()
    ]


MAX_ANSWER_TIME = timedelta(seconds=60)
"""Time taken is counted up to a minute, as Anki does ("maximum answer seconds"): a
student who left the card open over lunch did not think about it for an hour."""


def time_taken_ms(shown_at: datetime, at: datetime) -> int:
    """Milliseconds from showing the front to rating, within [0, MAX_ANSWER_TIME]."""
    taken = min(max(at - shown_at, timedelta(0)), MAX_ANSWER_TIME)
    return int(taken.total_seconds() * 1000)


# --------------------------------------------------------------------------- the study day


@dataclass(frozen=True)
class StudyDay:
    """One study day, [start, end) in UTC: from 4 a.m. to 4 a.m. in the student's zone."""

    start: datetime
    end: datetime


def study_day(at: datetime, tz_name: str | None) -> StudyDay:
    """The study day holding `at` for someone in zone `tz_name`.

    Built from local dates, so a day with a daylight-saving change lasts 23 or 25 hours,
    from 4 a.m. to 4 a.m. on the wall clock.
    """
    tz = zone(tz_name)
    local = at.astimezone(tz)
    first = local.date() if local.hour >= DAY_STARTS_AT_HOUR else local.date() - timedelta(days=1)
    start = datetime.combine(first, time(DAY_STARTS_AT_HOUR), tzinfo=tz)
    end = datetime.combine(first + timedelta(days=1), time(DAY_STARTS_AT_HOUR), tzinfo=tz)
    return StudyDay(start.astimezone(UTC), end.astimezone(UTC))
