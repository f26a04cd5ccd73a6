"""Decide whether a typed answer is right: one grader for quizzes and flashcards alike.

Students type; they drop articles, capitals and diacritics, write "1686-1699" for
"1686–1699", give only a surname, and make small typos. The grader forgives all of that,
but never in a way that could turn a wrong answer into a right one:

* a different number is never a typo ("1922" is not "1921"), so typo tolerance only
  applies when the digits agree, and dates are compared by value (`questions.dates`);
* a response that is, or is closer to, another multiple-choice option is wrong even if it
  is also a near-spelling of the answer;
* a surname alone is accepted only for names of people, and only when no other choice
  shares it.
"""

# Dashes and quotes are the subject here: the ambiguous characters are deliberate.

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from questions.dates import matches, parse_date

__all__ = ["MAX_RESPONSE_CHARS", "Grade", "grade", "normalise", "surnames"]

MAX_RESPONSE_CHARS = 500
"""Responses are user input: only this many characters are looked at."""

FUZZY_MIN_RATIO = 85.0
"""rapidfuzz ratio needed above `_ONE_EDIT_MAX_LEN` characters (about one typo in seven)."""
_NO_FUZZ_BELOW = 4  # "Rome"/"Roma" are different answers; short words get no tolerance
_ONE_EDIT_MAX_LEN = 7


@dataclass(frozen=True)
class Grade:
    """The verdict on one response.

    `exact` is True when no typo tolerance was needed (an accepted spelling, the same
    date, a surname); `matched` is the accepted text the response was matched to; `reason`
    is a short explanation a student can read.
    """

    correct: bool
    exact: bool
    matched: str | None
    reason: str


_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
    }
)
_INNER_DOT = re.compile(r"(?<=\d)[.,](?=\d)")
_HYPHEN_NOT_INSIDE_WORD = re.compile(r"(?<!\w)-|-(?!\w)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) (?=\S)")


def normalise(text: str) -> str:
    """Fold a text to the form answers are compared in.

    Case-folded, diacritics stripped ("Ryžov" -> "ryzov"), dashes and quotes unified,
    a leading article dropped, punctuation removed except hyphens inside words
    ("austria-hungary") and decimal points ("3.5"), apostrophes and dots joined rather
    than split ("o'brien" -> "obrien", "U.S." -> "us"), spaces collapsed.
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLATE))
    chars: list[str] = []
    for ch in folded:
        if unicodedata.combining(ch):
            continue
        chars.append(ch)
    plain = unicodedata.normalize("NFC", "".join(chars)).casefold()
    plain = _INNER_DOT.sub(lambda m: "\0" if m.group() == "." else "", plain)
    plain = re.sub(r"['.]", "", plain)
    plain = "".join(ch if ch.isalnum() or ch in "-\0" else " " for ch in plain)
    plain = _HYPHEN_NOT_INSIDE_WORD.sub(" ", plain).replace("\0", ".")
    plain = " ".join(plain.split())
    return _LEADING_ARTICLE.sub("", plain)


# --------------------------------------------------------------------------- names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words(
    "di de da del della dei degli van von der den le la du des dos das ter ten bin ibn al el"
)
_SUFFIXES = _words("jr sr ii iii iv")
_NOT_PEOPLE = _words(
    """union republic party movement league empire kingdom states federation nations council
    company church army navy university government ministry bank organisation organization
    alliance front sea river ocean mountains mountain lake island islands war battle treaty
    pact agreement accord conference congress parliament senate assembly court committee
    commission office agency institute museum hermitage legion brigade division corps
    democrats republicans socialists communists liberals conservatives greens star stars
    north south east west great new holy united soviet eastern western northern southern
    central upper lower saint st city county province region state lega nord"""
)
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)
_CAPITALISED = re.compile(r"[^\W\d_][\w'’-]*\.?|[^\W\d_]\.")


def surnames(name: str) -> list[str]:
    """The surname forms of a personal name, or [] when `name` does not look like one.

    "Vladimir Putin" -> ["Putin"], "Luigi Di Maio" -> ["Di Maio"] (the particle belongs
    to an Italian surname), "George W. Bush" -> ["Bush"], "Martin Luther King Jr." ->
    ["King"]. States and organisations ("Soviet Union", "Italian Communist Party") are
    recognised by their vocabulary and get none: "Union" is not an answer. Regnal names
    ("John XXIII") get none either.
    """
    words = name.split()
    while words and normalise(words[-1]) in _SUFFIXES and len(words) > 2:
        words.pop()
    if not 2 <= len(words) <= 5:
        return []
    if any(normalise(w) in _NOT_PEOPLE for w in words):
        return []
    core = [w for w in words if normalise(w) not in _PARTICLES]
    if not 2 <= len(core) <= 4:
        return []
    for word in words:
        if normalise(word) in _PARTICLES:
            continue
        if not (_CAPITALISED.fullmatch(word) and word[0].isupper()):
            return []
    last = words[-1]
    if (_ROMAN.fullmatch(last) and last.isupper()) or normalise(last) in _PARTICLES:
        return []
    start = len(words) - 1
    while start > 1 and normalise(words[start - 1]) in _PARTICLES:
        start -= 1
    return [" ".join(words[start:])]


# --------------------------------------------------------------------------- grading


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _close(response: str, target: str) -> float:
    """How close two normalised texts are, 0..100; 0 when typo tolerance must not apply."""
    if _digits(response) != _digits(target) or len(target) < _NO_FUZZ_BELOW:
        return 0.0
    if len(target) <= _ONE_EDIT_MAX_LEN:
        one_edit = Levenshtein.distance(response, target, score_cutoff=1) <= 1
        return max(fuzz.ratio(response, target), 1.0) if one_edit else 0.0
    score = fuzz.ratio(response, target)
    return score if score >= FUZZY_MIN_RATIO else 0.0


def _similarity(response: str, target: str) -> float:
    """Plain rapidfuzz similarity, used only to ask "is another choice closer?"."""
    return fuzz.ratio(response, target)


def grade(
    response: str,
    answer: str,
    *,
    accept: Sequence[str] = (),
    kind: str = "actor",
    choices: Sequence[str] = (),
) -> Grade:
    """Grade a typed `response` against `answer` and its `accept`ed spellings.

    `choices` are the options shown (the answer may be among them); a response that is,
    or is nearer to, another option is wrong. `kind` is the fact kind from the bank
    ("date", "actor", ...): surnames are accepted for actors, dates are compared by value.
    """
    if not response.strip():
        return Grade(False, False, None, "empty answer")
    raw = response[: MAX_RESPONSE_CHARS * 4]
    said = normalise(raw)[:MAX_RESPONSE_CHARS]
    if not said:
        said = " ".join(raw.casefold().split())[:MAX_RESPONSE_CHARS]
    targets = list(dict.fromkeys([answer, *accept]))
    target_norms = {normalise(t) or " ".join(t.casefold().split()): t for t in reversed(targets)}
    others = [c for c in dict.fromkeys(choices) if normalise(c) not in target_norms]

    if said in target_norms:
        matched = target_norms[said]
        reason = "matches the answer" if matched == answer else f"matches '{matched}'"
        return Grade(True, True, matched, reason)
    for other in others:
        if said == normalise(other):
            return Grade(False, False, None, "that is another choice")

    said_date = parse_date(raw.strip()[:200])
    answer_date = parse_date(answer)
    if (kind == "date" or answer_date is not None) and said_date is not None:
        for target in targets:
            target_date = parse_date(target)
            if target_date is not None and matches(said_date, target_date):
                return Grade(True, True, target, "same date as the answer")
        for other in others:
            other_date = parse_date(other)
            if other_date is not None and matches(said_date, other_date):
                return Grade(False, False, None, "that is another choice")
        return Grade(False, False, None, "a different date")

    names = surnames(answer) if kind == "actor" else []
    other_names = {normalise(s) for other in others for s in surnames(other)}
    other_texts = {normalise(other) for other in others} | other_names
    for surname in names:
        key = normalise(surname)
        if said == key and key not in other_texts:
            return Grade(True, True, answer, f"surname of '{answer}'")

    candidates = [(normalise(t), t) for t in targets]
    candidates += [(normalise(s), answer) for s in names if normalise(s) not in other_texts]
    best_score, best_target = 0.0, None
    for norm, target in candidates:
        score = _close(said, norm)
        if score > best_score:
            best_score, best_target = score, target
    if best_target is None:
        if _digits(said) and any(_digits(said) != _digits(norm) for norm, _ in candidates):
            return Grade(False, False, None, "a different number")
        return Grade(False, False, None, "does not match the answer")
    nearest_target = max(_similarity(said, norm) for norm, _ in candidates)
    for other in sorted(other_texts):
        if _similarity(said, other) >= nearest_target:
            return Grade(False, False, None, "closer to another choice")
    return Grade(True, False, best_target, f"close spelling of '{best_target}'")
