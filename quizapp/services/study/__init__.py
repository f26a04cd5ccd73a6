"""Study mode: FSRS flashcards made from the questions published to a class.

* `scheduling`: the class's settings, py-fsrs's Scheduler built from them, the 4 a.m.
  study day, the intervals shown on the rating buttons;
* `cards`: which questions are cards in a class, how a card is shown, typed answers;
* `queues`: the day's queue (due cards, then new ones; siblings buried; daily limits);
* `reviews`: recording a rating (optimistic concurrency), quiz mistakes, undo.
"""

from quizapp.services.study.cards import (
    Face,
    Verdict,
    check_answer,
    face,
    read_answer,
    sibling_key,
    stored_card,
    studyable_question,
)
from quizapp.services.study.queues import CardKind, Queue, QueueEntry, queue
from quizapp.services.study.reviews import (
    AlreadyReviewed,
    AlreadyUndone,
    NothingToUndo,
    Outcome,
    StudyError,
    Undone,
    record_quiz_mistakes,
    review,
    undo_last,
)
from quizapp.services.study.scheduling import (
    DAY_STARTS_AT_HOUR,
    LEARN_AHEAD,
    MAX_ANSWER_TIME,
    RATING_LABELS,
    RETENTION_RANGE,
    CardState,
    RatingButton,
    SettingsValues,
    StepsError,
    StudyDay,
    format_interval,
    normalise_steps,
    parse_steps,
    preview,
    rating_buttons,
    save_settings,
    scheduler_for,
    settings_for,
    study_day,
    time_taken_ms,
)

__all__ = [
    "DAY_STARTS_AT_HOUR",
    "LEARN_AHEAD",
    "MAX_ANSWER_TIME",
    "RATING_LABELS",
    "RETENTION_RANGE",
    "AlreadyReviewed",
    "AlreadyUndone",
    "CardKind",
    "CardState",
    "Face",
    "NothingToUndo",
    "Outcome",
    "Queue",
    "QueueEntry",
    "RatingButton",
    "SettingsValues",
    "StepsError",
    "StudyDay",
    "StudyError",
    "Undone",
    "Verdict",
    "check_answer",
    "face",
    "format_interval",
    "normalise_steps",
    "parse_steps",
    "preview",
    "queue",
    "rating_buttons",
    "read_answer",
    "record_quiz_mistakes",
    "review",
    "save_settings",
    "scheduler_for",
    "settings_for",
    "sibling_key",
    "stored_card",
    "study_day",
    "studyable_question",
    "time_taken_ms",
    "undo_last",
]
