"""Study scheduling without a database: steps, the study day, interval labels, previews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from quizapp.models import STUDY_DEFAULTS, StudySettings
from quizapp.services.study import (
    DAY_STARTS_AT_HOUR,
    CardState,
    StepsError,
    format_interval,
    normalise_steps,
    parse_steps,
    preview,
    scheduler_for,
    study_day,
)
from quizapp.services.study.scheduling import next_state

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def defaults(**changes: object) -> StudySettings:
    return StudySettings(class_id=1, **{**STUDY_DEFAULTS, **changes})


# --------------------------------------------------------------------------- steps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1m 10m", (timedelta(minutes=1), timedelta(minutes=10))),
        ("  30s\t1h  1d ", (timedelta(seconds=30), timedelta(hours=1), timedelta(days=1))),
        ("10M", (timedelta(minutes=10),)),
        ("", ()),
    ],
)
def test_steps_are_read_in_ankis_notation(text: str, expected: tuple[timedelta, ...]) -> None:
    assert parse_steps(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10", "“10” is not a step"),
        ("1x", "“1x” is not a step"),
        ("1.5m", "“1.5m” is not a step"),
        ("-1m", "“-1m” is not a step"),
        ("0m", "longer than zero"),
        ("400d", "at most 365d"),
        (" ".join(["1m"] * 21), "at most 20 steps"),
        ("10m 1m", "“1m” is shorter than the step before it"),
    ],
)
def test_bad_steps_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(StepsError, match=message):
        parse_steps(text)


def test_steps_are_stored_normalised() -> None:
    assert normalise_steps(" 1M   10m ") == "1m 10m"


def test_the_scheduler_takes_the_class_settings() -> None:
    settings = defaults(
        desired_retention=0.85, learning_steps="2m 15m 1h", maximum_interval_days=365
    )
    scheduler = scheduler_for(settings)
    assert scheduler.desired_retention == 0.85
    assert scheduler.learning_steps == (
        timedelta(minutes=2),
        timedelta(minutes=15),
        timedelta(hours=1),
    )
    assert scheduler.relearning_steps == (timedelta(minutes=10),)
    assert scheduler.maximum_interval == 365
    assert scheduler.enable_fuzzing is True
    assert scheduler_for(settings, fuzz=False).enable_fuzzing is False


def test_a_stored_bad_step_falls_back_to_the_default() -> None:
    scheduler = scheduler_for(defaults(learning_steps="oops"))
    assert scheduler.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))


# --------------------------------------------------------------------------- the study day


def test_the_day_starts_at_4am_in_the_students_zone() -> None:
    assert DAY_STARTS_AT_HOUR == 4
    # 9:00 UTC is 18:00 in Tokyo: the day began at 4:00 JST (19:00 UTC the day before).
    day = study_day(T0, "Asia/Tokyo")
    assert day.start == datetime(2025, 3, 9, 19, 0, tzinfo=UTC)
    assert day.end == datetime(2025, 3, 10, 19, 0, tzinfo=UTC)
    # 3:59 in Tokyo still belongs to the day before; 4:00 starts a new one.
    late = datetime(2025, 3, 10, 18, 59, tzinfo=UTC)
    assert study_day(late, "Asia/Tokyo") == day
    assert study_day(late + timedelta(minutes=1), "Asia/Tokyo").start == day.end


def test_a_daylight_saving_day_lasts_23_hours_on_the_wall_clock() -> None:
    # Europe/Rome springs forward at 2:00 on 30 March 2025: the study day that holds
    # that night runs from 4:00 CET on the 29th to 4:00 CEST on the 30th.
    day = study_day(datetime(2025, 3, 29, 12, 0, tzinfo=UTC), "Europe/Rome")
    assert day.start == datetime(2025, 3, 29, 3, 0, tzinfo=UTC)  # 4:00 CET
    assert day.end == datetime(2025, 3, 30, 2, 0, tzinfo=UTC)  # 4:00 CEST
    assert day.end - day.start == timedelta(hours=23)


def test_an_unknown_zone_is_read_as_utc() -> None:
    assert study_day(T0, "Mars/Olympus") == study_day(T0, "UTC")


# --------------------------------------------------------------------------- labels


def test_the_buttons_of_a_new_card_show_the_learning_steps() -> None:
    intervals = preview(defaults(), None, T0)
    labels = {rating: format_interval(interval) for rating, interval in intervals.items()}
    assert labels[1] == "1m"  # Again: the first step
    assert labels[2] == "6m"  # Hard: between the first two steps (5.5 minutes)
    assert labels[3] == "10m"  # Good: the next step
    assert intervals[4] >= timedelta(days=1)  # Easy: graduates at once


def test_a_review_card_previews_days_and_relearning() -> None:
    state = CardState(
        due=T0,
        stability=20.0,
        difficulty=5.0,
        state=int(fsrs.State.Review),
        step=None,
        last_review=T0 - timedelta(days=20),
        reps=4,
    )
    intervals = preview(defaults(), state, T0)
    assert intervals[1] == timedelta(minutes=10)  # a lapse: the relearning step
    assert timedelta(days=1) <= intervals[2] <= intervals[3] <= intervals[4]


def test_the_scheduler_never_needs_the_system_clock() -> None:
    """A new card is due when first seen, not when the machine says (tests move time)."""
    scheduler = scheduler_for(defaults(), fuzz=False)
    far = datetime(2031, 1, 1, 12, 0, tzinfo=UTC)
    after = next_state(scheduler, None, fsrs.Rating.Good, far)
    assert after.last_review == far
    assert after.due == far + timedelta(minutes=10)
