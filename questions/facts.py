"""Typed facts of a document: dates, actors, places, events, numbers and outcomes.

`analyse()` parses a cleaned `Document` once and returns everything the question types
need: the sentences with their offsets, the facts (each with its sentence and character
span, as `BANK_FORMAT.md` records them), the canonical actors and the clauses. Question
types read from this one `Analysis`; nothing parses the text twice.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from questions.actors import Actor, Mention, mentions_in, missed_people, resolve, strip_article
from questions.coref import (
    antecedents,
    definite_antecedents,
    document_topic,
    thing_antecedents,
    title_person,
    topic_descriptions,
)
from questions.dates import DateValue, parse_date, resolve_relative
from questions.nlp import parse
from questions.outcomes import PRONOUNS, Clause, clauses_in, outcome_question
from questions.reading import Document

PRONOUN_TEXTS = frozenset({"he", "she", "him", "her", "his"})
FactKind = Literal["date", "actor", "place", "event", "outcome", "number"]
MIN_SENTENCE_TOKENS = 6


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned document, with where to find its tokens."""

    index: int
    text: str
    paragraph: int
    token_start: int
    token_end: int


@dataclass(frozen=True)
class Fact:
    """One fact, located in its sentence; `key` is what its stable id is made from."""

    id: str
    kind: FactKind
    text: str
    normalized: str | None
    sentence: int
    start: int
    end: int
    subtype: str
    actors: tuple[str, ...] = ()
    outcome: str | None = None
    token_start: int = 0
    token_end: int = 0
    date: DateValue | None = None
    members: tuple[str, ...] = ()


@dataclass(eq=False)
class Analysis:
    """Everything the engine knows about one document."""

    document: Document
    doc_id: str
    docs: list[Doc]
    sentences: list[Sentence]
    facts: list[Fact]
    actors: dict[str, Actor]
    clauses: list[Clause]
    by_sentence: dict[int, list[Fact]] = field(default_factory=dict)
    names: dict[tuple[int, int], str] = field(default_factory=dict)
    # (paragraph, token) -> text written in its place: a relative date as the date it
    # names ("the following year" -> "in 1945"), "" for the other tokens of the phrase.
    rewrites: dict[tuple[int, int], str] = field(default_factory=dict)

    def facts_in(self, sentence: int) -> list[Fact]:
        return self.by_sentence.get(sentence, [])

    def doc_of(self, sentence: int) -> Doc:
        return self.docs[self.sentences[sentence].paragraph]

    def span_of(self, sentence: int) -> Span:
        s = self.sentences[sentence]
        return self.docs[s.paragraph][s.token_start : s.token_end]

    def actor_of(self, name: str) -> Actor | None:
        return self.actors.get(name)

    def frequency(self, fact: Fact) -> float:
        """Share of sentences that mention the same actor: the document's topic scores low."""
        actor = self.actors.get(fact.normalized or "")
        if actor is None or not self.sentences:
            return 0.0
        return len(actor.sentences) / len(self.sentences)


def stable_id(prefix: str, *parts: str) -> str:
    """An id that depends only on what the thing is, not on where it sits in the document."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


def document_id(document: Document) -> str:
    return f"doc-{document.sha256[:12]}"


def _sentences(docs: list[Doc]) -> list[Sentence]:
    out: list[Sentence] = []
    for p, doc in enumerate(docs):
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            out.append(
                Sentence(
                    index=len(out),
                    text=text,
                    paragraph=p,
                    token_start=sent.start,
                    token_end=sent.end,
                )
            )
    return out


def _is_question_worthy(sentence: Sentence) -> bool:
    words = [w for w in sentence.text.split() if any(ch.isalnum() for ch in w)]
    starts_well = (
        sentence.text[:1].isupper()
        or sentence.text[:1].isdigit()
        or sentence.text[:1] in {"“", '"', "("}
    )
    return (
        len(words) >= MIN_SENTENCE_TOKENS
        and starts_well
        and sentence.text[-1:] in {".", "!", "”", '"', ")"}
    )


class _FactMaker:
    """Gives each fact an id that depends on the fact and its sentence only.

    Not on the document's hash or the sentence's position: editing another paragraph
    keeps every other fact's id, so a re-generated bank updates questions in place.
    """

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.seen: Counter[str] = Counter()

    def make(self, sentence: Sentence, kind: FactKind, text: str, **kw: object) -> Fact:
        key = "\x1f".join([kind, sentence.text, text])
        self.seen[key] += 1
        fid = stable_id("fact", key, str(self.seen[key]))
        return Fact(id=fid, kind=kind, text=text, sentence=sentence.index, **kw)  # type: ignore[arg-type]


def _coordination_top(doc: Doc, token: int) -> int:
    tok = doc[token]
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.i


ROLE_MAX_WORDS = 12
# Head nouns of appositions that describe things, not people.
NOT_PEOPLE = frozenset(
    {
        "capital",
        "city",
        "town",
        "village",
        "port",
        "river",
        "ship",
        "warship",
        "vessel",
        "region",
        "province",
        "country",
        "state",
        "kingdom",
        "colony",
        "seat",
        "site",
        "home",
        "house",
        "building",
        "palace",
        "church",
        "cathedral",
        "journal",
        "newspaper",
        "book",
        "novel",
        "painting",
        "work",
        "company",
        "firm",
        "bank",
        "lake",
        "mountain",
        "island",
        "district",
        "area",
        "suburb",
        "street",
        "square",
        "treaty",
        "war",
        "battle",
        "enzyme",
        "drug",
        "substance",
        "disease",
        "bacterium",
        "mould",
        "engine",
        "machine",
    }
)
ROLE_STOP = frozenset({"who", "which", "whose", "that", "where", "when"})


def _surface_role(doc: Doc, after: int, end: int) -> list[int] | None:
    """ "Gilbert of Hastings, an English priest who ...", "Thomas Newcomen (1664–1729), an
    ironmonger from Dartmouth,": the apposition the parse did not attach, read from the
    words: a comma (after any bracketed dates), then "a"/"an"/"the" and a phrase with no
    verb, up to the next comma or relative pronoun."""
    i = after
    if i < end and doc[i].text == "(":
        while i < end and doc[i].text != ")":
            i += 1
        i += 1
    if i + 1 >= end or doc[i].text != "," or doc[i + 1].lower_ not in {"a", "an", "the"}:
        return None
    tokens: list[int] = []
    for j in range(i + 1, end):
        tok = doc[j]
        if tok.text in {",", ";", ".", "(", ")"} or tok.lower_ in {"who", "which", "that"}:
            break
        if tok.pos_ in {"VERB", "AUX"}:
            return None
        tokens.append(j)
    else:
        return None
    return tokens


def _of_an_institution(doc: Doc, tokens: list[int]) -> bool:
    """A role written without an article that names where it was held: "curate of St
    Luke's Church", "chief engineer of the Metropolitan Board of Works"."""
    first = doc[tokens[0]]
    if first.pos_ not in {"NOUN", "ADJ"} or not first.is_lower:
        return False
    if tokens[-1] + 1 < len(doc) and not doc[tokens[-1] + 1].is_punct:
        return False  # "founder of the Carron Company ironworks": the phrase goes on
    return any(
        doc[i].lower_ in {"of", "at"} and i + 1 in tokens and doc[tokens[-1]].pos_ == "PROPN"
        for i in tokens
    )


def _roles(
    maker: _FactMaker, s: Sentence, doc: Doc, named: list[Fact], actors: dict[str, Actor]
) -> list[Fact]:
    """What a person was, from an apposition: "Howard Florey, an Australian pathologist,"
    or "the statistician at the General Register Office, William Farr" (a role fact,
    kind actor, subtype role; its normalized name is the person it describes)."""
    out: list[Fact] = []
    base = doc[s.token_start].idx
    for f in named:
        actor = actors.get(f.normalized or "")
        if f.kind != "actor" or actor is None or actor.subtype != "person" or f.members:
            continue
        root = doc[f.token_start : f.token_end].root
        phrases = [c for c in root.children if c.dep_ == "appos" and c.i >= f.token_end]
        if root.dep_ == "appos" and root.head.i < f.token_start and root.head.pos_ == "NOUN":
            phrases.append(root.head)
        spans = [
            sorted(t.i for t in head.subtree if not f.token_start <= t.i < f.token_end)
            for head in phrases
        ]
        if not spans:
            surface = _surface_role(doc, f.token_end, s.token_end)
            spans = [surface] if surface else []
        for tokens in spans:
            cut = next(
                (
                    i
                    for i in tokens
                    if doc[i].lower_ in ROLE_STOP
                    or doc[i].dep_ == "relcl"
                    or (doc[i].pos_ == "CCONJ" and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN")
                    or (doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].pos_ == "CCONJ")
                ),
                None,
            )  # "the papal nuncio, and Alvise Contarini": the role ends before the next person
            if cut is not None:
                tokens = [i for i in tokens if i < cut]
            while tokens and (doc[tokens[-1]].is_punct or doc[tokens[-1]].pos_ == "CCONJ"):
                tokens.pop()
            while tokens and doc[tokens[0]].is_punct:
                tokens.pop(0)
            if not tokens:
                continue
            head = doc[tokens[0] : tokens[-1] + 1].root
            if not tokens or tokens != list(range(tokens[0], tokens[-1] + 1)):
                continue
            if not 3 <= len(tokens) <= ROLE_MAX_WORDS or not (
                doc[tokens[0]].pos_ == "DET" or _of_an_institution(doc, tokens)
            ):
                continue  # "an uncle", "the biochemist": too thin to tell people apart
            if head.lemma_.lower() in NOT_PEOPLE or doc[head.i].pos_ == "PROPN":
                continue  # "Bloemfontein, the capital of ...": a place the model called a person
            after = tokens[-1] + 1
            if after < len(doc) and doc[after].pos_ == "PROPN":
                continue  # "the commander-in-chief, General Sir Redvers Buller": cut at a name
            if any(doc[i].like_num or doc[i].lower_ in {"than", "more", "less"} for i in tokens):
                continue  # "a death rate more than eight times higher": a figure, not a role
            if any(doc[i].pos_ == "PRON" or doc[i].tag_ == "PRP$" for i in tokens):
                continue  # "his chief minister": whose?
            start = doc[tokens[0]].idx - base
            end = doc[tokens[-1]].idx + len(doc[tokens[-1]].text) - base
            out.append(
                maker.make(
                    s,
                    "actor",
                    s.text[start:end],
                    normalized=actor.name,
                    start=start,
                    end=end,
                    subtype="role",
                    actors=(actor.name,),
                    token_start=tokens[0],
                    token_end=tokens[-1] + 1,
                )
            )
    return out


# Members of one list are one kind: towns the model typed as states are places with the rest.
LIST_KIND = {"state": "place", "group": "organisation"}


MAX_MEMBERS = 6


def _proper_span(doc: Doc, tok: Token, named: list[Fact]) -> tuple[int, int] | None:
    """The name a conjunct is: the fact that covers it, else its capitalised proper-noun
    run ("Titian" the model did not tag); None for a common noun."""
    for f in named:
        if f.token_start <= tok.i < f.token_end:
            before = doc[f.token_start - 1] if f.token_start > 0 else None
            if (
                before is not None
                and before.text[:1].isupper()
                and before.dep_ in {"compound", "nummod", "amod"}
                and f.token_start <= before.head.i < f.token_end
            ):
                return None  # "Five [Stars Movement]": the fact is part of a longer name
            return f.token_start, f.token_end
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return None
    if any(c.dep_ == "det" for c in tok.children):
        return None  # "the Emperor" is a title, not a name
    first = tok.i
    while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN":
        first -= 1
    if any(c.i < first and c.text[:1].isupper() for c in tok.children if c.dep_ != "punct"):
        return None  # "Five Stars Movement": the name starts with a word not taken
    return first, tok.i + 1


def _glue_ok(doc: Doc, spans: list[tuple[int, int]]) -> bool:
    """ "X and Y", "X, Y and Z", "X (10 December), Y (11 December) and Z": commas, "and"
    and "the", and brackets that gloss a member; nothing else between the names."""
    depth = 0
    glue: list[str] = []
    for a, b in itertools.pairwise(spans):
        for t in doc[a[1] : b[0]]:
            depth += (t.text == "(") - (t.text == ")")
            if depth == 0 and t.text != ")":
                glue.append(t.lower_)
    return depth == 0 and "and" in glue and set(glue) <= {",", "and", "the"}


def _list_members(
    doc: Doc, chain: list[Token], facts: list[Fact]
) -> tuple[list[tuple[int, int]], str, list[Fact]] | None:
    """The members' spans, their kind and the facts among them, if the conjuncts are a
    list of names of one kind: the members the model typed agree (a clear majority)."""
    found = [_proper_span(doc, t, facts) for t in chain]
    spans = sorted({sp for sp in found if sp is not None})
    if None in found or not 2 <= len(spans) <= MAX_MEMBERS or not _glue_ok(doc, spans):
        return None
    known = [f for f in facts if (f.token_start, f.token_end) in spans]
    votes = Counter(LIST_KIND.get(f.subtype, f.subtype) for f in known).most_common()
    if not votes or (len(votes) > 1 and votes[1][1] * 2 >= votes[0][1]):
        return None  # the members the model typed disagree: no kind to ask "Who" or "Where"
    kind = votes[0][0]
    return spans, kind, [f for f in known if LIST_KIND.get(f.subtype, f.subtype) == kind]


def _lists(maker: _FactMaker, s: Sentence, doc: Doc, named: list[Fact]) -> list[Fact]:
    """ "Howard Florey and Ernst Chain", "Metz, Toul and Verdun": names the parse joins by
    "and" are one answer too, with every member required (a list fact). The kind is the
    named members' (all of one kind, towns typed as states being places); a member the
    model did not tag ("Titian") joins when it is a capitalised proper noun."""
    facts = [f for f in named if f.kind in {"actor", "place"} and f.token_end > f.token_start]
    tops: list[Token] = []
    for tok in doc[s.token_start : s.token_end]:
        if tok.dep_ != "conj" and any(c.dep_ == "conj" for c in tok.children):
            tops.append(tok)
    out: list[Fact] = []
    for top in tops:
        chain = [top]
        while True:
            nxt = [c for c in chain[-1].children if c.dep_ == "conj"]
            if not nxt:
                break
            chain.append(nxt[0])
        if top.dep_ == "appos" and top.head.pos_ == "PROPN" and doc[top.head.i + 1].text == ",":
            chain.insert(0, top.head)  # "Claude Monet, Pierre-Auguste Renoir, ... and X"
        # "from the Salon, Monet, Renoir ... and Morisot": the run of one kind at the end
        chosen = None
        for k in range(len(chain) - 1):
            chosen = _list_members(doc, chain[k:], facts)
            if chosen is not None:
                break
            dropped = _proper_span(doc, chain[k], facts)
            other = [f for f in facts if dropped == (f.token_start, f.token_end)]
            if not other:
                break  # a member of unknown kind is never dropped: the list would be cut
        if chosen is None:
            continue
        spans, kind, known = chosen
        if len(spans) < len(chain) and any(
            LIST_KIND.get(f.subtype, f.subtype) == kind
            for t in chain[: len(chain) - len(spans)]
            for f in facts
            if f.token_start <= t.i < f.token_end
        ):
            continue  # the run left out a name of its own kind
        first = min(known, key=lambda f: f.token_start)
        base = doc[s.token_start].idx
        begin = doc[spans[0][0]].idx - base
        finish = doc[spans[-1][1] - 1].idx - base + len(doc[spans[-1][1] - 1].text)
        members = tuple(doc[a:b].text for a, b in spans)
        out.append(
            maker.make(
                s,
                first.kind,
                s.text[begin:finish],
                normalized=None,
                start=begin,
                end=finish,
                subtype=kind,
                actors=first.actors,
                token_start=spans[0][0],
                token_end=spans[-1][1],
                members=members,
            )
        )
    return out


def _per_cent(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and doc[i].lower_ == "per" and doc[i + 1].lower_ == "cent"


DAY_MONTH = re.compile(r"(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})")


def completed(text: str, anchor: DateValue) -> DateValue | None:
    """ "27 February" after "15 February 1900" is 27 February 1900: a day the document
    gives without its year takes the year of the last date, when that is a day or a month
    (a bare year is too often a flashback's) and the day does not fall before it."""
    if anchor.granularity not in {"day", "month"} or not DAY_MONTH.fullmatch(text.strip()):
        return None  # "7 September" after "In 1849 ..." may be a flashback's year: unread
    day = text.strip()
    value = parse_date(
        f"{day}, {anchor.start_year}" if day[-1:].isdigit() else f"{day} {anchor.start_year}"
    )
    if value is None or value.granularity != "day" or value.sort_key < anchor.sort_key:
        return None
    return value


SITUATING = frozenset({"in", "during", "on", "at", "within"})


def relative_rewrite(doc: Doc, ent: Span, value: DateValue, first: int) -> dict[int, str]:
    """Token -> text that writes a relative date as the date it names, so a question taken
    out of its paragraph keeps its time: "the following year" -> "in 1945", "During the
    same month" -> "In December 1899", "by the next day" -> "by 28 February 1900"."""
    start = ent.start
    if start > first and doc[start - 1].lower_ in SITUATING:
        start -= 1
    lead = (
        ("on" if value.granularity == "day" else "in")
        if start < ent.start or (start == first or doc[start - 1].pos_ != "ADP")
        else ""
    )
    text = f"{lead} {value.text}".strip()
    if start == first:
        text = text[:1].upper() + text[1:]
    return written_as(start, ent.end, text)


def _told_after(doc: Doc, ent: Span) -> tuple[str, int] | None:
    """ "removed the following day, 8 September 1854": the date is told right after, so
    the relative phrase and its comma become a plain "on" ("removed on 8 September 1854");
    "Two years later, on 5 October 1910" becomes "On 5 October 1910". Returns the text and
    the end of the tokens it replaces."""
    after = ent.end
    if after + 1 >= len(doc) or doc[after].text != ",":
        return None
    prep = doc[after + 1].lower_ in {"on", "in"}
    start = after + 2 if prep else after + 1
    nxt = next((e for e in doc.ents if e.start == start and e.label_ == "DATE"), None)
    if nxt is None:
        return None
    value = parse_date(nxt.text)
    if value is None:
        return None
    word = doc[after + 1].lower_ if prep else ("on" if value.granularity == "day" else "in")
    return word, start


def written_as(start: int, end: int, text: str) -> dict[int, str]:
    """Tokens start..end written as `text`: the first carries it, the rest are emptied
    (the shape `questions.outcomes.render` and `questions.trimming` apply whole)."""
    return {i: text if i == start else "" for i in range(start, end)}


HEDGES = (
    ("about",),
    ("around",),
    ("some",),
    ("nearly",),
    ("almost",),
    ("approximately",),
    ("roughly",),
    ("over",),
    ("more", "than"),
    ("fewer", "than"),
    ("less", "than"),
    ("at", "least"),
    ("up", "to"),
    ("an", "estimated"),
    ("an", "estimated", "total", "of"),
)


def _past_hedge(doc: Doc, start: int, end: int) -> int:
    """The first token of a number after the hedge the model counted in it: "about 8,600"
    asks for "8,600" and keeps "about" in the sentence, so the key is the figure."""
    for hedge in sorted(HEDGES, key=len, reverse=True):
        words = [t.lower_ for t in doc[start : start + len(hedge)]]
        if tuple(words) == hedge and start + len(hedge) < end:
            return start + len(hedge)
    return start


DURATION_UNITS = frozenset({"hours", "days", "weeks", "months", "years", "decades", "centuries"})


def _duration_figure(ent: Span) -> tuple[int, int] | None:
    """The figure of a length of time the model tagged as a date ("217 days", "some ten
    weeks"): the key is the figure, and the unit stays in the sentence."""
    doc = ent.doc
    start = _past_hedge(doc, ent.start, ent.end)
    words = doc[start : ent.end]
    if len(words) != 2 or words[1].lower_ not in DURATION_UNITS:
        return None
    figure = words[0]
    if not figure.like_num:  # "217", "ten"
        return None
    if ent.end < len(doc) and doc[ent.end].lower_ in {"later", "earlier", "ago", "before", "after"}:
        return None
    return start, start + 1


def _range_start(doc: Doc, start: int) -> int:
    """ "1.3 to 4 million": the low end of a range the model tagged apart joins the figure."""
    if start >= 2 and doc[start - 1].lower_ == "to" and doc[start - 2].like_num:
        return start - 2
    return start


def _counts_something(ent: Span) -> bool:
    """A cardinal worth asking: it counts a plural noun ("535 inmates", "89 went bankrupt"
    after "364 railroads"), or is a figure a sentence turns on ("Between 30,000 and 50,000
    are thought to have died"), not "one historian" nor a bare year."""
    figures = [t for t in ent if t.pos_ == "NUM"]
    if figures and figures[-1].dep_ == "nummod" and figures[-1].head.pos_ == "NOUN":
        root = figures[-1]  # "an estimated 3,500 visitors": the figure counts the noun
    else:
        root = ent.root
    if root.dep_ == "nummod" and root.head.pos_ == "NOUN":
        return root.head.tag_ == "NNS" or _per_cent(ent.doc, ent.end)
    digits = re.sub(r"\D", "", ent.text)
    if len(digits) == 4 and 1000 <= int(digits) <= 2100 and "," not in ent.text:
        return False  # a year the model called a number
    return root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr"} and len(digits) >= 2


def _keep_capitals(clauses: list[Clause], actors: dict[str, Actor]) -> None:
    """A subject that starts with a name keeps its capital in a question ("When was
    Fleming elected ...?"), even where the model did not tag that mention as a name."""
    words = {w for a in actors.values() for alias in a.aliases for w in alias.split()}
    for clause in clauses:
        first = clause.subject[0] if clause.subject else None
        if first is not None and first not in clause.names and clause.doc[first].text in words:
            clause.names[first] = clause.doc[first].text


def _pronoun_fact(
    maker: _FactMaker,
    s: Sentence,
    doc: Doc,
    token: int,
    names: dict[int, str],
    actors: dict[str, Actor],
    sentence_actors: tuple[str, ...],
) -> Fact:
    """The person a subject pronoun stands for, as an actor fact at the pronoun.

    Its text is the pronoun, where it stands, and its normalized name the person, so "Who
    discovered lysozyme?" has a real answer; cloze and true/false never blank or swap it.
    """
    name = names[token]
    start = doc[token].idx - doc[s.token_start].idx
    actor = actors[name]
    return maker.make(
        s,
        actor.kind,
        doc[token].text,
        normalized=name,
        start=start,
        end=start + len(doc[token].text),
        subtype=actor.subtype,
        actors=tuple(dict.fromkeys((name, *sentence_actors))),
        token_start=token,
        token_end=token + 1,
    )


def analyse(document: Document, progress: Callable[[float], None] | None = None) -> Analysis:
    """Parse the document and extract its facts (`progress` follows the parse)."""
    docs = parse(document.paragraphs, progress)
    sentences = _sentences(docs)
    doc_id = document_id(document)
    maker = _FactMaker(doc_id)

    by_paragraph: dict[int, list[tuple[int, int, int]]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append((s.index, s.token_start, s.token_end))
    mentions: list[Mention] = []
    for p, doc in enumerate(docs):
        mentions.extend(mentions_in(doc, by_paragraph.get(p, [])))
    actors, canonical = resolve(mentions, document.title or "")
    missed = [
        m for p, doc in enumerate(docs) for m in missed_people(doc, by_paragraph.get(p, []), actors)
    ]
    if missed:
        mentions = sorted([*mentions, *missed], key=lambda m: (m.sentence, m.token_start))
        actors, canonical = resolve(mentions, document.title or "")
    spans = [(s.index, s.paragraph, s.token_start, s.token_end) for s in sentences]
    names = antecedents(docs, spans, mentions, canonical, actors, document.title or "")
    topic = (
        None
        if title_person(actors, document.title or "")
        else document_topic(docs, spans, document.title or "")
    )
    described: dict[tuple[int, int], str] = {}
    rewrites: dict[tuple[int, int], str] = {}
    it_stands_for: dict[tuple[int, int], str] = {}
    if topic is not None:
        described, rewrites = topic_descriptions(docs, spans, topic)
        # "The crisis spread ... It ruined": "it" is the topic, written with its article.
        it_stands_for = {k: topic.written for k in described}
        it_stands_for |= {(topic.paragraph, i): topic.written for i in topic.tokens}
    names.update(thing_antecedents(docs, spans, mentions, canonical, actors, it_stands_for))
    names.update(definite_antecedents(docs, spans, document.title or ""))
    names.update(described)

    facts: list[Fact] = []
    clauses: list[Clause] = []
    mentions_by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        mentions_by_sentence.setdefault(m.sentence, []).append(m)

    last_date: DateValue | None = None  # the anchor for "two years later"
    for s in sentences:
        if not _is_question_worthy(s):
            continue
        doc = docs[s.paragraph]
        sent_char = doc[s.token_start].idx
        first_fact = len(facts)
        sentence_actors = tuple(
            dict.fromkeys(
                canonical[m] for m in mentions_by_sentence.get(s.index, []) if m.kind == "actor"
            )
        )
        for m in mentions_by_sentence.get(s.index, []):
            actor = actors[canonical[m]]
            facts.append(
                maker.make(
                    s,
                    actor.kind,
                    strip_article(m.text),
                    normalized=canonical[m],
                    start=m.start + (len(m.text) - len(strip_article(m.text))),
                    end=m.end,
                    subtype=actor.subtype,
                    actors=sentence_actors,
                    token_start=m.token_start,
                    token_end=m.token_end,
                )
            )
        facts.extend(_lists(maker, s, doc, facts[first_fact:]))
        facts.extend(_roles(maker, s, doc, facts[first_fact:], actors))
        for ent in doc.ents:
            if not s.token_start <= ent.start < s.token_end:
                continue
            if ent.label_ == "DATE":
                value = parse_date(ent.text)
                if value is None and last_date is not None:
                    value = completed(ent.text, last_date)
                    years = re.findall(r"\b\d{4}\b", value.text) if value is not None else []
                    just_before = {
                        t.text for t in doc[max(s.token_start, ent.start - 4) : ent.start]
                    }
                    said = bool(years) and years[-1] in just_before
                    if value is not None and not said:  # "In 1910, on 5 October": said once
                        for i, text in written_as(ent.start, ent.end, value.text).items():
                            rewrites[(s.paragraph, i)] = text
                if value is None and last_date is not None:
                    value = resolve_relative(ent.text, last_date)
                    if value is not None:
                        told = _told_after(doc, ent)
                        if told is not None:
                            word = told[0].capitalize() if ent.start == s.token_start else told[0]
                            written = written_as(ent.start, told[1], word)
                        else:
                            written = relative_rewrite(doc, ent, value, s.token_start)
                        for i, text in written.items():
                            rewrites[(s.paragraph, i)] = text
                if value is None:
                    figure = _duration_figure(ent)
                    if figure is not None:  # "the siege lasted 217 days": a quantity
                        text = doc[figure[0] : figure[1]].text
                        facts.append(
                            maker.make(
                                s,
                                "number",
                                text,
                                normalized=None,
                                start=doc[figure[0]].idx - sent_char,
                                end=doc[figure[0]].idx - sent_char + len(text),
                                subtype="duration",
                                actors=sentence_actors,
                                token_start=figure[0],
                                token_end=figure[1],
                            )
                        )
                    continue
                last_date = value
                facts.append(
                    maker.make(
                        s,
                        "date",
                        ent.text,
                        normalized=value.value,
                        start=ent.start_char - sent_char,
                        end=ent.end_char - sent_char,
                        subtype=value.granularity,
                        actors=sentence_actors,
                        date=value,
                        token_start=ent.start,
                        token_end=ent.end,
                    )
                )
            elif ent.label_ in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}:
                if ent.label_ == "CARDINAL" and not _counts_something(ent):
                    continue  # "one historian" is not a number worth asking about
                end_tok = ent.end
                if _per_cent(doc, ent.end):
                    end_tok = ent.end + 2  # "about 85" + "per cent"
                start_tok = _past_hedge(doc, ent.start, end_tok)
                start_tok = _range_start(doc, start_tok)
                text = doc[start_tok:end_tok].text
                facts.append(
                    maker.make(
                        s,
                        "number",
                        text,
                        normalized=None,
                        start=doc[start_tok].idx - sent_char,
                        end=doc[start_tok].idx - sent_char + len(text),
                        subtype="percent" if end_tok != ent.end else ent.label_.lower(),
                        actors=sentence_actors,
                        token_start=start_tok,
                        token_end=end_tok,
                    )
                )
        resolved = {
            i: names[(s.paragraph, i)]
            for i in range(s.token_start, s.token_end)
            if (s.paragraph, i) in names
        }
        here = [f for f in facts[first_fact:] if f.kind != "outcome"]
        rewritten = {
            i: rewrites[(s.paragraph, i)]
            for i in range(s.token_start, s.token_end)
            if (s.paragraph, i) in rewrites
        }
        for clause in clauses_in(doc, s.index, s.token_start, s.token_end, resolved, rewritten):
            subject_root = clause.subject_root
            if subject_root is None:
                continue
            if subject_root.lower_ in PRONOUNS:
                if subject_root.i not in clause.names:
                    continue
                if clause.names[subject_root.i] not in actors:
                    clauses.append(clause)  # "it" for "the second pandemic": no actor fact
                    continue
                here.append(
                    _pronoun_fact(
                        maker, s, doc, subject_root.i, clause.names, actors, sentence_actors
                    )
                )
                facts.append(here[-1])
            clauses.append(clause)
            related = [
                f
                for f in here
                if clause.subject
                and clause.subject[0] <= f.token_start
                and f.token_start <= max(clause.subject)
            ]
            subject_actors = tuple(f.normalized or f.text for f in related if f.kind == "actor")
            asked = outcome_question(clause)
            if asked is not None:
                prompt_answer = asked[1]
                start = s.text.find(prompt_answer)
                facts.append(
                    maker.make(
                        s,
                        "outcome",
                        prompt_answer,
                        normalized=None,
                        start=max(start, 0),
                        end=max(start, 0) + len(prompt_answer),
                        subtype="action",
                        actors=subject_actors or sentence_actors,
                        outcome=prompt_answer,
                        token_start=clause.verb,
                        token_end=clause.verb + 1,
                    )
                )
    _keep_capitals(clauses, actors)
    by_sentence: dict[int, list[Fact]] = {}
    for f in facts:
        by_sentence.setdefault(f.sentence, []).append(f)
    return Analysis(
        document=document,
        doc_id=doc_id,
        docs=docs,
        sentences=sentences,
        facts=facts,
        actors=actors,
        clauses=clauses,
        by_sentence=by_sentence,
        names=names,
        rewrites=rewrites,
    )
