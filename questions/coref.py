"""Who "he" and "she" are: personal pronouns resolved to the person they stand for.

A question must make sense without its paragraph, yet encyclopedia text names a person
once and says "he" for the rest of the section. No coreference library that works offline
with spaCy 3.8 and ships its weights on PyPI exists here, so this is a small rule-based
resolver on the parse, tuned to that style of text and cautious by design: it resolves
only third-person singular personal pronouns, only to a person actor, and only when one
candidate clearly wins. What it cannot resolve stays unresolved, and the checks in
`questions.checks` then drop any question that depends on it.

The rule, in order: the nearest person named as a subject earlier in the same sentence;
otherwise the person who was a named subject (or a resolved subject pronoun) most
recently within the last three sentences of the paragraph; otherwise, when no person is
named before the pronoun in its sentence, the document's topic person (the person in
the title, or the person named in far more sentences than anyone else). A subject
introduced by a possessive ("His elder brother Tom") is never the antecedent: in this
style of text the pronoun that follows is almost always the topic again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from questions.actors import Actor, Mention

PERSONAL = frozenset({"he", "she", "him", "his", "her", "hers", "himself", "herself"})
LOOKBACK = 3
TOPIC_SHARE = 2.0  # the topic person is named in at least twice as many sentences as the next


def topic_person(actors: dict[str, Actor], title: str) -> str | None:
    """The person the document is about, if there clearly is one."""
    people = sorted(
        (a for a in actors.values() if a.subtype == "person"),
        key=lambda a: (-len(a.sentences), a.name),
    )
    if not people:
        return None
    titled = title_person(actors, title)
    if titled is not None:
        return titled
    if len(people) == 1 or len(people[0].sentences) >= TOPIC_SHARE * len(people[1].sentences):
        return people[0].name if len(people[0].sentences) >= 3 else None
    return None


def title_person(actors: dict[str, Actor], title: str) -> str | None:
    """The person the title names ("Alexander Fleming", "The life of Marie Curie")."""
    lowered = title.casefold()
    people = sorted(
        (a for a in actors.values() if a.subtype == "person"),
        key=lambda a: (-len(a.sentences), a.name),
    )
    for person in people:
        if any(len(alias) > 3 and alias.casefold() in lowered for alias in person.aliases):
            return person.name
    return None


def antecedents(
    docs: Sequence[Doc],
    sentence_spans: Sequence[tuple[int, int, int, int]],
    mentions: Sequence[Mention],
    canonical: dict[Mention, str],
    actors: dict[str, Actor],
    title: str,
) -> dict[tuple[int, int], str]:
    """(paragraph, token index) of each resolved pronoun -> the person's canonical name.

    `sentence_spans` lists (sentence index, paragraph, first token, end token) in order.
    """
    topic = topic_person(actors, title)
    paragraph_of = {s: p for s, p, _first, _end in sentence_spans}
    people_in: dict[int, list[tuple[int, str, bool]]] = {}
    possessed: set[tuple[int, int]] = set()
    person_at: dict[tuple[int, int], str] = {}  # (sentence, token) of a named person
    for m in mentions:
        actor = actors.get(canonical[m])
        if actor is None or actor.subtype != "person":
            continue
        person_at.update({(m.sentence, i): actor.name for i in range(m.token_start, m.token_end)})
        people_in.setdefault(m.sentence, []).append(
            (m.token_start, actor.name, _is_subject(docs[paragraph_of[m.sentence]], m))
        )
        if _possessed(docs[paragraph_of[m.sentence]], m):
            possessed.add((m.sentence, m.token_start))
    out: dict[tuple[int, int], str] = {}
    recent: list[tuple[int, str]] = []  # (sentence, person) of named subjects, newest last
    last_paragraph = -1
    for index, paragraph, first, end in sentence_spans:
        if paragraph != last_paragraph:
            recent = []
            last_paragraph = paragraph
        doc = docs[paragraph]
        here = sorted(people_in.get(index, []))
        for tok in doc[first:end]:
            if tok.lower_ not in PERSONAL or tok.pos_ != "PRON":
                continue
            subjects = [p for p in here if p[0] < tok.i and p[2]]
            others = {
                p[1] for p in here if p[0] < tok.i and not p[2] and (index, p[0]) not in possessed
            }
            window = [p for s, p in recent if s >= index - LOOKBACK]
            name: str | None = None
            owner = _coordinated_owner(tok)
            fronted = _fronted_owner(tok)
            if fronted is not None:
                # "After his own inquiry, the curate traced ...": the subject that follows.
                name = person_at.get((index, fronted.i))
            elif _unknown_named_subject(tok, index, person_at):
                pass  # "Voltaire wrote his Poem": a name we do not know as a person owns it
            elif owner is not None:
                # "Irène Joliot-Curie and her husband": "her" is the name just before it, a
                # person if we know one there, else left unresolved.
                name = person_at.get((index, owner.i))
            elif subjects:
                name = subjects[-1][1]
            elif len(others) == 1 and not window:
                name = next(iter(others))  # "Khrushchev's leadership (he was dismissed ...)"
            elif others and (not window or others != {window[-1]}):
                name = None  # "The patient, Albert Alexander, ...; he improved": unsure
            elif window:
                name = window[-1]
            elif topic is not None and not any(p[0] < tok.i for p in here):
                name = topic
            if name is not None:
                out[(paragraph, tok.i)] = name
                if tok.dep_ in {"nsubj", "nsubjpass"}:
                    recent.append((index, name))
        recent.extend((index, person) for _start, person, is_subject in here if is_subject)
    return _agreeing(docs, out)


MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
GENDER_VOTES = 2  # subject pronouns needed to tell
GENDER_MARGIN = 2  # ... and how many more than the other


def _agreeing(docs: Sequence[Doc], out: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """Drop the resolutions whose pronoun disagrees with how the document speaks of that
    person as a subject ("she" or "he"): "his widow" is not Marie Curie's, whatever the
    rules above chose. Subject pronouns are the votes, being the ones resolved best."""
    votes: dict[str, list[int]] = {}
    for (paragraph, i), name in out.items():
        word = docs[paragraph][i].lower_
        tally = votes.setdefault(name, [0, 0])
        tally[0] += word == "he"
        tally[1] += word == "she"
    kept = {}
    for (paragraph, i), name in out.items():
        male, female = votes[name]
        word = docs[paragraph][i].lower_
        if word in MALE and female >= GENDER_VOTES and female >= GENDER_MARGIN * male:
            continue
        if word in FEMALE and male >= GENDER_VOTES and male >= GENDER_MARGIN * female:
            continue
        kept[(paragraph, i)] = name
    return kept


def _unknown_named_subject(tok: Token, index: int, person_at: dict[tuple[int, int], str]) -> bool:
    """The pronoun's own clause has a named subject before it that is not a person we
    know: the model missed a name ("Voltaire"), and the pronoun most likely is theirs."""
    subject = _subject_before(tok)
    return subject is not None and subject.pos_ == "PROPN" and (index, subject.i) not in person_at


def _subject_before(tok: Token) -> Token | None:
    """The subject of the pronoun's own clause, when it comes before the pronoun."""
    verb = tok.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ != "ROOT":
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    return subject if subject is not None and subject.i < tok.i else None


def owner_in_clause(tok: Token) -> Token | None:
    """The name a possessive's own clause gives before it: the name it is coordinated with
    ("Carlos I and his heir"), else the clause's named subject ("Voltaire wrote his Poem").
    The checks accept such a pronoun when the question keeps that name before it."""
    owner = _coordinated_owner(tok) or _subject_before(tok)
    if owner is None or owner.pos_ != "PROPN" or owner.ent_type_ not in {"", "PERSON"}:
        return None
    return owner


def _fronted_owner(tok: Token) -> Token | None:
    """The subject a possessive in an opening phrase looks ahead to: in "In the second
    edition of his book, Snow compared" and "After his own inquiry, the curate traced",
    "his" is the subject that follows, named or not."""
    if tok.tag_ != "PRP$":
        return None
    verb = tok.head
    while verb.dep_ != "ROOT" and verb.dep_ not in {"advcl", "ccomp", "conj", "relcl"}:
        if verb.dep_ in SUBJECT_DEPS:
            return None  # the pronoun is inside the subject itself
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.i < tok.i:
        return None
    between = [t for t in tok.doc[tok.i : subject.left_edge.i] if t.text == ","]
    return subject if between else None


def _coordinated_owner(tok: Token) -> Token | None:
    """The name a possessive is coordinated with: "X and her husband" gives X."""
    head = tok.head
    if tok.dep_ != "poss" or head.dep_ != "conj" or head.head.pos_ != "PROPN":
        return None
    return head.head


def _possessed(doc: Doc, m: Mention) -> bool:
    """Introduced by a possessive ("His elder brother Tom"): in this style of text the
    pronoun that follows is the possessor again, not this person."""
    return any(doc[i].tag_ == "PRP$" for i in range(max(0, m.token_start - 3), m.token_start))


def _is_subject(doc: Doc, m: Mention) -> bool:
    """A named subject, not one introduced by a pronoun ("His elder brother Tom"), or the
    owner of a subject: after "Snow's conclusions were not accepted", "his explanation"
    is Snow's."""
    if _possessed(doc, m):
        return False
    for i in range(m.token_start, m.token_end):
        tok = doc[i]
        if tok.dep_ in SUBJECT_DEPS:
            return True
        if (
            tok.dep_ == "poss"
            and tok.head.dep_ in SUBJECT_DEPS
            and tok.head.head.dep_ == "ROOT"
            and tok.head.i >= m.token_end
        ):
            return True  # only the main clause's: not "a story that Churchill's father paid"
    return False


THING_PRONOUNS = frozenset({"it", "its"})
THING_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SINGULAR = frozenset({"NN", "NNP"})
PHRASE_LEFT = frozenset({"det", "amod", "compound", "nummod"})
RAISING = frozenset({"be", "seem", "appear", "take", "remain", "become", "make"})
MAX_PHRASE = 6


def lower_case_words(docs: Sequence[Doc]) -> frozenset[str]:
    """Words the document writes in lower case inside sentences: the same word opening a
    sentence ("Cholera", "Modern") is that word, not a name."""
    return frozenset(t.text for doc in docs for t in doc if not t.is_sent_start and t.is_lower)


def thing_antecedents(
    docs: Sequence[Doc],
    sentence_spans: Sequence[tuple[int, int, int, int]],
    mentions: Sequence[Mention],
    canonical: dict[Mention, str],
    actors: dict[str, Actor],
    described: dict[tuple[int, int], str] | None = None,
) -> dict[tuple[int, int], str]:
    """(paragraph, token index) of each resolved "it"/"its" -> what it stands for.

    Encyclopedia text opens a sentence with "It" for the thing the last one was about:
    "The second pandemic reached Russia. It arrived in Britain in 1831." The rule, as
    cautious as the one for people: an earlier subject of another clause in the same
    sentence, otherwise the main subject of the sentence before in the paragraph; either
    must be a singular noun that is not a person, said in at most six words. Expletive
    "it" ("it is known that ...") is never resolved. `described` holds words already
    resolved to a name (the document's topic and "the crisis" that describes it), which
    "it" then stands for too.
    """
    named: dict[tuple[int, int], str] = {}
    # "Cholera" opening a sentence is still the common noun, and a question says "When did
    # cholera first spread?".
    common = lower_case_words(docs)
    paragraph_of = {s: p for s, p, _first, _end in sentence_spans}
    for m in mentions:
        paragraph = paragraph_of[m.sentence]
        actor = actors.get(canonical[m])
        if actor is None:
            continue
        doc = docs[paragraph]
        article = any(  # "the Freedman's Savings and Trust Company" keeps its article
            0 <= j < len(doc) and doc[j].lower_ == "the" and doc[j].dep_ == "det"
            for j in (m.token_start, m.token_start - 1)
        )
        written = f"the {actor.name}" if article else actor.name
        for i in range(m.token_start, m.token_end):
            named[(paragraph, i)] = written if actor.subtype != "person" else ""
    named.update(described or {})
    out: dict[tuple[int, int], str] = {}
    last: str | None = None
    last_paragraph = -1
    for _index, paragraph, first, end in sentence_spans:
        if paragraph != last_paragraph:
            last, last_paragraph = None, paragraph
        doc = docs[paragraph]
        earlier: list[tuple[int, str]] = []
        subjects = 0  # of any kind: with one before it, "it" never reaches back further
        people: list[Token] = []  # ... unless all were people and "its" is the next noun
        main: str | None = None
        for tok in doc[first:end]:
            if tok.lower_ in THING_PRONOUNS and tok.pos_ == "PRON" and tok.dep_ in THING_DEPS:
                if _expletive(tok) or (tok.dep_ != "poss" and tok.head.pos_ not in {"VERB", "AUX"}):
                    continue
                clause = tok.head if tok.dep_ != "poss" else tok.head.head
                others = [n for head, n in earlier if head != clause.i]
                if tok.dep_ == "poss" and len(others) != len(earlier):
                    continue  # "The company drew its water": the sentence says whose
                name = others[-1] if others else (None if subjects else last)
                if name is None and not others and _only_people_before(tok, first, people):
                    name = last  # "Frederick Douglass became its president": not his
                if name is not None:
                    out[(paragraph, tok.i)] = name
                    if tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                        main = name
                continue
            if tok.dep_ in SUBJECT_DEPS:
                subjects += 1
                if _a_person(tok):
                    people.append(tok)
                phrase = _thing_phrase(tok, paragraph, named)
                if phrase is not None and " " not in phrase and phrase.lower() in common:
                    phrase = phrase.lower()
                if phrase is not None:
                    earlier.append((tok.head.i, phrase))
                if tok.head.dep_ == "ROOT" and main is None:
                    main = phrase if phrase is not None else ""
        last = main or None
    return out


def _only_people_before(tok: Token, first: int, people: Sequence[Token]) -> bool:
    """A possessive "its" whose sentence so far names only people as subjects, and no
    other noun that could own it: then it reaches back to the sentence before."""
    if tok.dep_ != "poss" or not people:
        return False
    theirs = {t.i for p in people for t in p.subtree}
    doc = tok.doc
    return all(t.i in theirs or t.pos_ not in {"NOUN", "PROPN"} for t in doc[first : tok.i])


def _a_person(tok: Token) -> bool:
    """A subject that names a person, or is "he" or "she"."""
    return tok.lower_ in {"he", "she"} or (
        tok.ent_type_ == "PERSON" and all(t.ent_type_ == "PERSON" for t in tok.lefts)
    )


def _expletive(tok: Token) -> bool:
    """ "It is known that ...", "it seems to ...": an "it" that stands for no thing."""
    if tok.dep_ == "expl":
        return True
    if tok.dep_ == "poss":
        return False
    head = tok.head
    clauses = [c for c in head.children if c.dep_ in {"ccomp", "csubj", "xcomp"} and c.i > tok.i]
    return bool(clauses) and (head.lemma_ in RAISING or tok.dep_ == "nsubjpass")


def _thing_phrase(tok: Token, paragraph: int, named: dict[tuple[int, int], str]) -> str | None:
    """The subject as a stem can write it: the actor's name, or a short noun phrase."""
    nominal = tok.tag_ in SINGULAR or (tok.tag_ == "JJ" and any(c.dep_ == "det" for c in tok.lefts))
    if not nominal or any(t.ent_type_ == "PERSON" for t in tok.subtree):
        return None  # "the German physician Robert Koch" is a person
    agents = [c for c in tok.head.children if c.dep_ == "agent"]
    if (
        tok.dep_ == "nsubjpass"
        and agents
        and not any(t.ent_type_ == "PERSON" for a in agents for t in a.subtree)
    ):
        return None  # "the art world was dominated by the Académie ...; its exhibition"
    if (paragraph, tok.i) in named:
        return named[(paragraph, tok.i)] or None
    if any(c.dep_ in {"cc", "conj"} for c in tok.children):
        return None
    left = [c for c in tok.lefts if c.dep_ in PHRASE_LEFT]
    if len(left) != len(list(tok.lefts)):
        return None
    words = [*left, tok]
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            words.extend(sorted(c.subtree, key=lambda t: t.i))
        break
    if len(words) > MAX_PHRASE or any(not w.is_alpha for w in words):
        return None
    if not any(w.dep_ == "det" and w.lower_ == "the" for w in left):
        return None  # a definite description only: "an epidemic" is not what "it" names
    text = " ".join(w.text for w in words)
    return text[:1].lower() + text[1:] if words[0].dep_ == "det" else text


NAMED_HEADS = frozenset({"ORG", "EVENT", "LAW", "FAC", "WORK_OF_ART"})


def _name_head(words: Sequence[str]) -> str:
    """The common noun a name is built on: "Treaty of Lisbon" -> "treaty", "Freedman's
    Savings Bank" -> "bank"."""
    lowered = [w.lower() for w in words]
    cut = lowered.index("of") if "of" in lowered[1:] else len(lowered)
    return lowered[cut - 1] if cut > 0 else ""


def definite_antecedents(
    docs: Sequence[Doc], sentence_spans: Sequence[tuple[int, int, int, int]], title: str
) -> dict[tuple[int, int], str]:
    """(paragraph, token index) of the noun of each resolved "the treaty" -> the name.

    "The treaty entered into force on 1 December 2009" asks nothing out of its paragraph;
    "the Treaty of Lisbon" does. A definite description "the <noun>" is resolved to the
    latest name built on that noun ("Treaty of Lisbon", "Salon des Refusés"), unless an
    unnamed "a treaty" came between (then it is that one), or the noun is in the title (the
    document's own topic, "the war" in a history of a war, needs no name).
    """
    topic = {w.lower() for w in title.split()}
    out: dict[tuple[int, int], str] = {}
    latest: dict[str, str | None] = {}
    for _index, paragraph, first, end in sentence_spans:
        doc = docs[paragraph]
        found: list[tuple[str, str]] = []
        for ent in doc.ents:
            if first <= ent.start < end and ent.label_ in NAMED_HEADS:
                named = ent[1:] if ent[0].lower_ == "the" else ent[:]
                head = _name_head([t.text for t in named])
                if head.isalpha() and any(t.lower_ == head and t.text[0].isupper() for t in ent):
                    found.append((head, named.text))
        for tok in doc[first:end]:
            if tok.tag_ != "NN" or tok.ent_type_ or tok.lower_ in topic:
                continue
            lefts = list(tok.lefts)
            if [t.lower_ for t in lefts] == ["the"] and not any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.rights
            ):
                name = latest.get(tok.lower_)
                if name is not None:
                    out[(paragraph, tok.i)] = name
            elif lefts and lefts[0].lower_ in {"a", "an"}:
                latest[tok.lower_] = None  # "a treaty with Spain": an unnamed one
        for head, name in found:
            latest[head] = name
    return out


GENERIC_CATEGORIES = frozenset(
    [
        "name",
        "term",
        "series",
        "set",
        "group",
        "part",
        "one",
        "kind",
        "type",
        "member",
        "word",
        "collection",
        "history",
    ]
)
_HISTORY_OF = re.compile(r"^(?:the\s+)?history\s+of\s+", re.I)


@dataclass(frozen=True)
class Topic:
    """What a document about a thing is about, as a question can write it.

    "The Panic of 1873 was a financial crisis ...": later "the crisis" and a paragraph's
    opening "It" are the Panic of 1873, and a question that says so needs no paragraph.
    """

    written: str  # "the Panic of 1873", "Lisbon"
    categories: frozenset[str]  # "crisis"; "capital", "city"
    paragraph: int
    tokens: tuple[int, ...]  # the topic's own words in the first sentence


def document_topic(
    docs: Sequence[Doc], sentence_spans: Sequence[tuple[int, int, int, int]], title: str
) -> Topic | None:
    """The topic named by the title and the first sentence, with the nouns that sentence
    describes it by (its predicate noun and appositions); None for a document about a
    common noun ("Cholera", "Steam engine": the text says "cholera" bare) or without one."""
    name = _HISTORY_OF.sub("", title).strip()
    words = [w.casefold() for w in name.split()]
    if not words or not sentence_spans:
        return None
    _index, paragraph, first, end = sentence_spans[0]
    doc = docs[paragraph]
    start = next(
        (
            i
            for i in range(first, end - len(words) + 1)
            if [t.text.casefold() for t in doc[i : i + len(words)]] == words
        ),
        None,
    )
    if start is None:
        return None
    span = doc[start : start + len(words)]
    bare = " ".join(words)
    if any(bare in doc.text for doc in docs):
        return None
    written = " ".join(t.text for t in span)
    if start > first and doc[start - 1].lower_ == "the":
        written = f"the {written}"
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    nouns += [c for n in nouns for c in n.children if c.dep_ == "conj"]
    categories = (
        frozenset(n.lemma_.lower() for n in nouns if n.pos_ == "NOUN" and n.tag_ == "NN")
        - GENERIC_CATEGORIES
    )
    head = root.text.lower()
    if len(span) > 1 and any(t.text == head for d in docs for t in d):
        # "the war" in a document about the Second Boer War: the name's own head noun
        categories |= {head}
    return Topic(written, categories, paragraph, tuple(t.i for t in span))


def topic_descriptions(
    docs: Sequence[Doc], sentence_spans: Sequence[tuple[int, int, int, int]], topic: Topic
) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """(names, rewrites) for each "the <category>" of the topic after the first sentence:
    the noun -> the topic's name; when the name takes no article ("the city" -> "Lisbon")
    the rewrite writes the whole phrase, so that no question says "the Lisbon"."""
    names: dict[tuple[int, int], str] = {}
    rewrites: dict[tuple[int, int], str] = {}
    for _index, paragraph, first, end in sentence_spans[1:]:
        for tok in docs[paragraph][first:end]:
            if tok.tag_ != "NN" or tok.lemma_.lower() not in topic.categories:
                continue
            lefts = list(tok.lefts)
            if [t.lower_ for t in lefts] != ["the"] or any(
                c.dep_ in {"prep", "relcl", "acl", "appos"} for c in tok.rights
            ):
                continue
            # The article is the text's own: "the crisis" -> "the" + "Panic of 1873".
            names[(paragraph, tok.i)] = topic.written.removeprefix("the ")
            if not topic.written.startswith("the "):
                rewrites[(paragraph, lefts[0].i)] = topic.written
                rewrites[(paragraph, tok.i)] = ""
    return names, rewrites
