"""Who the document is about: named mentions classified and merged into canonical actors.

The small English model labels entities well enough to find them, not always well enough
to type them ("Palmiro Togliatti" as an organisation, "Lega Nord" as a person). The rules
here correct the label from the evidence in the document itself (a person never takes
"the"; an organisation has an organisation word; someone who "died" is a person) and merge
every spelling of one actor ("Putin", "Vladimir Putin", "Russian President Vladimir
Putin") into one canonical name, so that questions never offer an alias of the answer as a
wrong choice and the grader accepts the short form.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

ActorType = Literal["person", "state", "organisation", "group"]
MentionKind = Literal["actor", "place", "event"]

ORG_WORDS = frozenset(
    [
        "party",
        "movement",
        "league",
        "union",
        "legion",
        "council",
        "committee",
        "company",
        "corporation",
        "bank",
        "church",
        "army",
        "navy",
        "government",
        "ministry",
        "parliament",
        "senate",
        "congress",
        "court",
        "university",
        "college",
        "institute",
        "academy",
        "society",
        "association",
        "federation",
        "alliance",
        "front",
        "organisation",
        "organization",
        "agency",
        "office",
        "administration",
        "commission",
        "assembly",
        "republic",
        "kingdom",
        "empire",
        "tsardom",
        "duchy",
        "principality",
        "confederation",
        "coalition",
        "board",
        "group",
        "club",
        "trust",
        "foundation",
        "school",
        "hospital",
        "museum",
        "laboratory",
        "order",
        "brotherhood",
        "guild",
        "democrats",
        "republicans",
        "socialists",
        "communists",
        "nato",
        "un",
        "eu",
        # Businesses and their buildings, which the model takes for people: "Flour Mills".
        "mill",
        "mills",
        "works",
        "foundry",
        "exchange",
        "railway",
        "railroad",
        "laboratories",
        "factory",
        "brewery",
        "journal",
        "gazette",
        "magazine",
        "newspaper",
    ]
)
STATE_WORDS = frozenset(
    [
        "republic",
        "kingdom",
        "empire",
        "tsardom",
        "duchy",
        "principality",
        "confederation",
        "federation",
        "state",
        "states",
        "union",
        "sultanate",
        "caliphate",
        "khanate",
        "emirate",
    ]
)
ANIMATE_VERBS = frozenset(
    [
        "die",
        "bear",
        "marry",
        "say",
        "tell",
        "write",
        "think",
        "believe",
        "study",
        "graduate",
        "resign",
        "retire",
        "succeed",
        "inherit",
        "be_born",
    ]
)
SPATIAL_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "into",
        "across",
        "from",
        "to",
        "within",
        "throughout",
        "around",
        "on",
        "outside",
        "inside",
        "towards",
    }
)
PERSON_PARTICLES = frozenset(
    {
        "di",
        "de",
        "da",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "bin",
        "ibn",
        "al",
    }
)
# Well-known other names of the same state: merging them keeps "the USSR" from being
# offered as a wrong answer to a question whose answer is "the Soviet Union".
STATE_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"}),
    frozenset(
        {"United States", "US", "U.S.", "USA", "U.S.A.", "United States of America", "America"}
    ),
    frozenset({"United Kingdom", "UK", "U.K.", "Britain", "Great Britain"}),
    frozenset({"Russia", "Russian Federation"}),
    frozenset({"European Union", "EU"}),
    frozenset({"Holy Roman Empire", "HRE"}),
    frozenset({"Netherlands", "Holland"}),
)
ROLE_WORDS = frozenset(
    [
        "president",
        "minister",
        "prime",
        "foreign",
        "vice",
        "secretary",
        "general",
        "chancellor",
        "king",
        "queen",
        "emperor",
        "empress",
        "tsar",
        "czar",
        "pope",
        "prince",
        "princess",
        "duke",
        "duchess",
        "count",
        "lord",
        "lady",
        "sir",
        "dr",
        "doctor",
        "professor",
        "ambassador",
        "governor",
        "mayor",
        "senator",
        "chairman",
        "leader",
        "commander",
        "admiral",
        "colonel",
        "captain",
        "marshal",
        "premier",
        "director",
        "founder",
        "bishop",
        "cardinal",
        "saint",
        "st",
    ]
)

_POSSESSIVE = re.compile(r"\s*['’]s$")


@dataclass(frozen=True)
class Mention:
    """One occurrence of a named thing inside one sentence."""

    kind: MentionKind
    label: str
    text: str
    sentence: int
    start: int
    end: int
    token_start: int
    token_end: int
    subtype: str
    role: str | None = None
    article: bool = False
    placed: bool = False  # the text calls it a place: "the towns: Ladysmith", "at Colenso"


@dataclass
class Actor:
    """A canonical actor (or place, or event) with every spelling the document uses."""

    name: str
    kind: MentionKind
    subtype: str
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    article: bool = False

    @property
    def other_names(self) -> list[str]:
        return sorted(a for a in self.aliases if a != self.name)


def strip_article(text: str) -> str:
    """ "the Soviet Union" -> "Soviet Union": names are compared and shown without it."""
    return re.sub(r"^(?:the|The)\s+", "", text).strip()


def _clean_name(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    text = text.strip(" \"'“”‘’,.;:()")
    return strip_article(text)


def _has_org_word(text: str) -> bool:
    return any(w.lower().strip(".") in ORG_WORDS for w in text.split())


def _trim(span: Span) -> Span:
    """Drop leading determiners and punctuation and a trailing possessive from a span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    opened = [i for i in range(start, end) if doc[i].text == "("]
    if opened and not any(doc[i].text == ")" for i in range(opened[-1], end)):
        end = opened[-1]  # "World Health Organization (WHO": the bracket is not the name's
        while end > start and doc[end - 1].is_punct:
            end -= 1
    return doc[start:end]


def _merge_adjacent(doc: Doc) -> list[Span]:
    """Join entity pieces the model split: "Christian" + "Democrats", "Tsardom" + "of Russia"."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if i + 1 < len(ents):
            nxt = ents[i + 1]
            if ent.label_ == "NORP" and nxt.label_ == "NORP" and nxt.start == ent.end:
                out.append(Span(doc, ent.start, nxt.end, label="NORP"))
                i += 2
                continue
            if (
                ent.label_ in {"GPE", "ORG"}
                and nxt.label_ == "GPE"
                and nxt.start == ent.end + 1
                and doc[ent.end].lower_ == "of"
                and doc[ent.end - 1].is_title
            ):
                out.append(Span(doc, ent.start, nxt.end, label=ent.label_))
                i += 2
                continue
            if (
                nxt.label_ == "ORG"
                and nxt.start == ent.end + 1
                and doc[ent.end].lower_ == "and"
                and doc[nxt.end - 1].lower_ in ORG_WORDS
                and nxt.start <= ent.root.head.i < nxt.end
                and all(ent.start <= t.head.i < nxt.end for t in ent)
            ):
                # "the Southwark and Vauxhall Water Company", "the Freedman's Savings and
                # Trust Company": one company, both names modifying its head.
                out.append(Span(doc, ent.start, nxt.end, label="ORG"))
                i += 2
                continue
        out.append(ent)
        i += 1
    return out


def _split_coordination(span: Span) -> list[Span]:
    """ "Pisa and Genoa" is two actors, not one; "the Southwark and Vauxhall Water Company"
    is one: the names joined by "and" share the organisation word that ends the span."""
    words = [t for t in span if not t.is_punct]
    ccs = [t for t in span if t.dep_ == "cc"]
    if (
        len(words) >= 4
        and len(ccs) == 1
        and words[-1].lower_ in ORG_WORDS
        and not any(t.text == "," for t in span)
        # "Southwark and Vauxhall Water Company"; "Freedman's Savings and Trust Company",
        # where what "and" joins only modifies the organisation word
        and (words[1].dep_ == "cc" or (span.root == words[-1] and ccs[0].head != span.root))
    ):
        return [span]
    parts: list[Span] = []
    start = span.start
    for tok in span:
        if tok.dep_ == "cc" or (tok.is_punct and tok.text == ","):
            if tok.i > start:
                parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return [p for p in parts if len(p) > 0]


def _role_before(span: Span) -> str | None:
    """Titles written before a name: "Russian President", "Foreign Minister", "General"."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= 0:
        tok = doc[i]
        if tok.ent_type_ and tok.ent_type_ not in {"NORP", "GPE"} and tok.lower_ not in ROLE_WORDS:
            break
        if tok.is_punct or tok.pos_ in {"DET", "ADP", "VERB", "AUX", "PRON", "CCONJ", "NUM"}:
            break
        if tok.dep_ not in {"compound", "amod", "nmod"}:
            break
        words.insert(0, tok)
        i -= 1
    if not any(w.lower_ in ROLE_WORDS for w in words):
        return None
    while words and words[0].lower_ not in ROLE_WORDS and words[0].ent_type_ not in {"NORP", "GPE"}:
        words.pop(0)
    return " ".join(w.text for w in words) or None


NOT_PERSON_START = frozenset(
    ["St", "St.", "Saint", "Fort", "Mount", "Lake", "Port", "Cape", "River", "Saint-"]
)
# Words that make a name a place, a building or a work, never a person.
NOT_PERSON_WORDS = frozenset(
    [
        "cathedral",
        "church",
        "chapel",
        "abbey",
        "bridge",
        "tower",
        "street",
        "square",
        "palace",
        "house",
        "castle",
        "station",
        "gare",
        "café",
        "cafe",
        "hall",
        "theatre",
        "theater",
        "museum",
        "gallery",
        "park",
        "garden",
        "road",
        "avenue",
        "boulevard",
        "harbour",
        "harbor",
        "bay",
        "island",
        "river",
        "lake",
        "mountain",
        "valley",
        "field",
        "farm",
        "mill",
        "mills",
        "works",
        "exhibition",
        "salon",
        "academy",
        "school",
        "college",
        "university",
        "hospital",
        "green",
        "moulin",
    ]
)
NAME_PARTICLES = frozenset(
    ["da", "de", "di", "do", "dos", "du", "van", "von", "der", "den", "al", "al-", "la", "le"]
)


def _not_a_name_of_person(text: str) -> bool:
    """ "Rouen Cathedral", "Glasgow Green", "moulin de la Galette": the model's person is
    a place by its own words; "da Gama" and "de Wet" start with a particle and are people."""
    words = text.split()
    if not words:
        return False
    if words[0][:1].islower() and words[0].lower() not in NAME_PARTICLES:
        return True
    return words[0] in NOT_PERSON_START or any(
        w.lower().strip(",.") in NOT_PERSON_WORDS for w in words
    )


PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "port",
        "capital",
        "fort",
        "fortress",
        "river",
        "hill",
        "mountain",
        "island",
        "province",
        "region",
        "district",
        "suburb",
        "valley",
        "warship",
        "ship",
        "vessel",
        "farm",
        "camp",
        "station",
        "bishopric",
        "archbishopric",
        "territory",
        "drug",
        "treatment",
        "bull",
        "painting",
    }
)
WHERE_PREPS = frozenset({"at", "in", "near", "into", "towards", "outside", "around", "across"})


def _placed(span: Span) -> bool:
    """The text itself says this "person" is a place or a thing: it stands where people
    do not ("at Magersfontein"), a place noun describes it ("the Dutch warship
    Gelderland", "three towns: Ladysmith, Kimberley and Mafeking", "Bloemfontein, the
    capital of ...")."""
    root = span.root
    if any(c.dep_ in {"compound", "amod", "appos"} and _place_noun(c) for c in root.children):
        return True
    head = root
    while head.dep_ == "conj":  # "at Stormberg, Magersfontein and Colenso"
        head = head.head
    if len(span) == 1 and head.dep_ == "pobj" and head.head.lower_ in WHERE_PREPS:
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "of" and _place_noun(head.head.head):
        return True  # "the bishoprics of Metz, Toul and Verdun"
    return head.dep_ == "appos" and _place_noun(head.head)


def _place_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in PLACE_NOUNS or tok.lower_.removesuffix("s") in PLACE_NOUNS


def _subject_of_animate_verb(span: Span) -> bool:
    root = span.root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in ANIMATE_VERBS


# Nouns that only describe a person: an apposition made of one ("Cecil Rhodes, the Prime
# Minister of the Cape Colony"; "Jay Cooke, a Philadelphia banker") types the name.
PERSON_NOUNS = ROLE_WORDS | frozenset(
    [
        "physician",
        "chemist",
        "physicist",
        "banker",
        "painter",
        "writer",
        "poet",
        "novelist",
        "author",
        "scientist",
        "engineer",
        "inventor",
        "merchant",
        "lawyer",
        "soldier",
        "officer",
        "politician",
        "statesman",
        "diplomat",
        "economist",
        "historian",
        "philosopher",
        "mathematician",
        "biologist",
        "botanist",
        "anatomist",
        "surgeon",
        "priest",
        "monk",
        "abbot",
        "friar",
        "teacher",
        "journalist",
        "explorer",
        "navigator",
        "architect",
        "sculptor",
        "composer",
        "musician",
        "actor",
        "actress",
        "singer",
        "dealer",
        "critic",
        "collector",
        "industrialist",
        "entrepreneur",
        "financier",
        "businessman",
        "manufacturer",
        "ironmaster",
        "hygienist",
        "bacteriologist",
        "microbiologist",
        "geologist",
        "astronomer",
        "naturalist",
        "administrator",
        "commissioner",
        "envoy",
        "nuncio",
        "negotiator",
        "monarch",
        "regent",
        "heir",
        "pupil",
        "apprentice",
        "assistant",
        "missionary",
        "reformer",
        "activist",
        "abolitionist",
        "orator",
        "photographer",
        "pharmacist",
        "epidemiologist",
        "clergyman",
        "curate",
        "vicar",
        "archbishop",
    ]
)
_LIFE_YEAR = re.compile(r"\b1?\d{3}\b|\b20\d\d\b")


def _person_evidence(span: Span) -> bool:
    """The text itself says a name is a person's, whatever the model typed it as: a life
    span in brackets right after it ("Kruger (10 October 1825 – 14 July 1904)") or an
    apposition naming a person's role or trade ("Cecil Rhodes, the Prime Minister ...")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text == "(":
        inside = []
        for tok in doc[span.end + 1 : span.end + 14]:
            if tok.text == ")":
                break
            inside.append(tok)
        text = " ".join(t.text for t in inside)
        if len(_LIFE_YEAR.findall(text)) >= 2 and any(t.text in {"–", "-", "—"} for t in inside):
            return True
        if inside and inside[0].lower_ in {"born", "b."}:
            return True
    return any(
        c.dep_ == "appos" and c.pos_ in {"NOUN", "PROPN"} and c.lemma_.lower() in PERSON_NOUNS
        for c in span.root.children
    )


def _preceded_by_the(span: Span) -> bool:
    return span[0].lower_ == "the" or (span.start > 0 and span.doc[span.start - 1].lower_ == "the")


def classify(span: Span, label: str) -> tuple[MentionKind, str] | None:
    """Decide what a named span is, or None when it is no actor, place or event."""
    text = _clean_name(span.text)
    if not text or not any(ch.isupper() for ch in text):
        return None
    root = span.root
    if label == "EVENT":
        return "event", "event"
    if label in {"LOC", "FAC"}:
        if label == "FAC" and _has_org_word(text):
            return "actor", "organisation"
        return "place", "place"
    if label == "NORP":
        # Only nouns are groups ("the communists", "the Christian Democrats"); adjectives
        # ("Italian culture") are descriptions, never answers.
        if root.pos_ in {"NOUN", "PROPN"} and root.tag_ in {"NNS", "NNPS"}:
            return "actor", "group"
        return None
    if root.dep_ == "compound" and root.head.pos_ == "NOUN":
        return None  # "the Skripal poisoning case": a modifier, not an actor
    if label == "PERSON":
        if _not_a_name_of_person(text):
            return "place", "place"
        if _has_org_word(text) or _preceded_by_the(span):
            return "actor", "organisation"
        return "actor", "person"
    if label in {"ORG", "GPE"} and (
        not _has_org_word(text)
        and all(w[:1].isupper() for w in text.split())
        and not any(w.lower() in STATE_WORDS for w in text.split())
        and not _preceded_by_the(span)
        and _person_evidence(span)
    ):
        return "actor", "person"
    if label == "ORG":
        words = text.split()
        if (
            not _has_org_word(text)
            and 2 <= len(words) <= 3
            and all(w[:1].isupper() for w in words)
            and not _preceded_by_the(span)
            and _subject_of_animate_verb(span)
        ):
            return "actor", "person"
        return "actor", "organisation"
    if label == "GPE":
        head = root.head
        if root.dep_ == "pobj" and head.lower_ in SPATIAL_PREPS and not _has_org_word(text):
            return "place", "place"
        if any(w.lower() in STATE_WORDS for w in text.split()) or root.dep_ in {
            "nsubj",
            "nsubjpass",
            "dobj",
            "conj",
            "poss",
            "pobj",
            "appos",
            "attr",
        }:
            return "actor", "state"
        return "place", "place"
    return None


def _mention(
    span: Span,
    sentence: int,
    first: int,
    kind_sub: tuple[MentionKind, str],
    label: str,
    *,
    role: str | None = None,
    article: bool = False,
    placed: bool = False,
) -> Mention:
    """A mention of `span` in the sentence whose first token is `first`."""
    base = span.doc[first].idx
    return Mention(
        kind=kind_sub[0],
        label=label,
        text=span.text,
        sentence=sentence,
        start=span.start_char - base,
        end=span.end_char - base,
        token_start=span.start,
        token_end=span.end,
        subtype=kind_sub[1],
        role=role,
        article=article,
        placed=placed,
    )


def mentions_in(doc: Doc, sentence_of: Sequence[tuple[int, int, int]]) -> list[Mention]:
    """Every named actor, place and event of one parsed paragraph.

    `sentence_of` lists (sentence index, first token, end token) for the paragraph's
    sentences, so that each mention carries its sentence and offsets inside it.
    """
    out: list[Mention] = []
    for ent in _merge_adjacent(doc):
        if ent.label_ not in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}:
            continue
        for part in _split_coordination(ent):
            span = _trim(part)
            if len(span) == 0:
                continue
            if (span.start > 0 and doc[span.start - 1].text in {"-", "–"}) or (
                span.end < len(doc) and doc[span.end].text in {"-", "–"}
            ):
                continue  # "Franco" of "Franco-Prussian": part of a word, never a name
            if span.start > 0 and doc[span.start - 1].text in {"“", '"', "‘"}:
                continue  # a quoted name is a title or a slogan, not an actor
            kind_sub = classify(span, ent.label_)
            if kind_sub is None:
                continue
            for index, first, last in sentence_of:
                if first <= span.start < last:
                    out.append(
                        _mention(
                            span,
                            index,
                            first,
                            kind_sub,
                            ent.label_,
                            role=_role_before(span) if kind_sub[1] == "person" else None,
                            article=_preceded_by_the(span),
                            placed=_placed(span),
                        )
                    )
                    break
    return out


def missed_people(
    doc: Doc,
    sentence_of: Sequence[tuple[int, int, int]],
    actors: dict[str, Actor],
) -> list[Mention]:
    """Names of people the document names elsewhere that the model missed here.

    The small model tags "Snow" in one sentence and not in "Snow's conclusions were not
    accepted"; without the mention, "his explanation" in the next sentence has no owner.
    A proper noun outside any entity whose words are a known person's spelling (a full name,
    or a surname that only one person has) is that person.
    """
    spellings: dict[tuple[str, ...], str] = {}
    surnames: Counter[str] = Counter()
    for actor in actors.values():
        if actor.subtype == "person":
            for alias in actor.aliases:
                spellings[tuple(alias.split())] = alias
            if len(actor.name.split()) >= 2:
                surnames[actor.name.split()[-1]] += 1
    for surname, owners in surnames.items():
        if owners == 1 and (surname,) not in spellings and surname[:1].isupper():
            spellings[(surname,)] = surname
    if not spellings:
        return []
    longest = max(len(k) for k in spellings)
    out: list[Mention] = []
    for index, first, last in sentence_of:
        i = first
        while i < last:
            found = None
            for width in range(min(longest, last - i), 0, -1):
                words = doc[i : i + width]
                key = tuple(t.text for t in words)
                if (
                    key in spellings
                    and all(t.ent_type_ == "" and t.tag_ in {"NNP", "NNPS"} for t in words)
                    and not _inside_a_longer_name(words)
                ):
                    found = words
                    break
            if found is None:
                i += 1
                continue
            out.append(_mention(found, index, first, ("actor", "person"), "PERSON"))
            i = found.end
    return out


def _inside_a_longer_name(words: Span) -> bool:
    """ "Western Pomerania" holds the "Pomerania" the model took for a surname once."""
    doc = words.doc
    before = doc[words.start - 1] if words.start > 0 else None
    after = doc[words.end] if words.end < len(doc) else None
    return any(
        t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() for t in (before, after)
    ) or (before is not None and before.is_title and not before.is_sent_start and before.is_alpha)


def _alias_group(name: str) -> frozenset[str] | None:
    for group in STATE_ALIASES:
        if name in group:
            return group
    return None


def _title_owner(owners: Sequence[str], title: str) -> str | None:
    """Of several people sharing a surname, the one the document's title names."""
    named = [o for o in owners if o.casefold() in title.casefold()]
    return named[0] if len(named) == 1 else None


def _surnames_are_people(settled: dict[str, tuple[MentionKind, str]], title: str) -> None:
    """ "Milner" typed as an organisation is the person "Alfred Milner" of the same text.

    The small model often types a surname alone as ORG or GPE; when the document names
    exactly one person with that surname, and the word is no state's name, the surname is
    that person, so questions ask "Who" about him and offer people beside him.
    """
    people = [n for n, (_k, sub) in settled.items() if sub == "person" and len(n.split()) >= 2]
    for name, (_kind, subtype) in list(settled.items()):
        if subtype == "person" or " " in name or _alias_group(name) is not None:
            continue
        owners = [p for p in people if p.split()[-1] == name]
        if len(owners) == 1 or _title_owner(owners, title) is not None:
            settled[name] = ("actor", "person")


def _formal_names(
    settled: dict[str, tuple[MentionKind, str]], counts: Counter[str]
) -> dict[str, str]:
    """ "Stephanus Johannes Paulus Kruger" -> "Paul Kruger": the formal name an article
    opens with joins the familiar one it uses after (same surname, each given name of the
    familiar one the start of a formal one), so one person is never offered beside himself.
    The familiar name, used at least as often, is the one questions write."""
    people = sorted(
        (n for n, sub in settled.items() if sub == ("actor", "person") and " " in n),
        key=lambda n: (-len(n.split()), n),
    )
    out: dict[str, str] = {}
    for formal in people:
        words = formal.split()
        for familiar in people:
            short = familiar.split()
            if (
                len(short) >= len(words)
                or short[-1] != words[-1]
                or counts[familiar] < counts[formal]
            ):
                continue
            given = words[:-1]
            # "Matthew Boulton" is not his son "Matthew Robinson Boulton": a familiar form
            # ("Paul" of "Paulus") must differ from the formal one it shortens.
            if all(any(g.startswith(w) and len(w) >= 3 for g in given) for w in short[:-1]) and any(
                w not in given for w in short[:-1]
            ):
                out[formal] = familiar
                break
    return out


def resolve(
    mentions: Iterable[Mention], title: str = ""
) -> tuple[dict[str, Actor], dict[Mention, str]]:
    """Merge mentions into canonical actors; return the actors by name and each mention's.

    `title` is the document's: in a life of Alexander Fleming, "Fleming" alone is him,
    though his father Hugh Fleming is named too.
    """
    mentions = list(mentions)
    # A name that is typed one way in some sentences and another way elsewhere takes the
    # majority type, with "the"-evidence already applied in classify().
    votes: dict[str, Counter[tuple[MentionKind, str]]] = defaultdict(Counter)
    for m in mentions:
        votes[_clean_name(m.text)][(m.kind, m.subtype)] += 1
    settled = {name: c.most_common(1)[0][0] for name, c in votes.items()}
    placed = {_clean_name(m.text) for m in mentions if m.placed}
    titled = {_clean_name(m.text) for m in mentions if m.role}
    for name in placed - titled:
        if settled[name] == ("actor", "person"):
            settled[name] = ("place", "place")  # "at Colenso": the model's person is a place
    with_article = {_clean_name(m.text) for m in mentions if m.article}
    articles = Counter(_clean_name(m.text) for m in mentions if m.article)
    for name, (_kind, subtype) in list(settled.items()):
        # A person never takes "the": "the Lega Nord" somewhere makes it an organisation,
        # unless the name is a person in most of its mentions ("the young Fleming").
        total = sum(votes[name].values())
        against = articles[name] + votes[name][("actor", "organisation")]
        if subtype == "person" and (name in with_article or against) and 2 * against >= total:
            settled[name] = ("actor", "organisation")

    _surnames_are_people(settled, title)
    names = sorted(settled, key=lambda n: (-len(n.split()), -len(n), n))
    counts: Counter[str] = Counter(_clean_name(m.text) for m in mentions)
    formal = _formal_names(settled, counts)
    canonical: dict[str, str] = {}
    full_names: list[str] = []
    for name in names:
        kind, subtype = settled[name]
        if name in formal:
            canonical[name] = formal[name]
            continue
        if subtype == "person":
            # "Putin" joins "Vladimir Putin", but "Curie" stays apart when the text has both
            # "Marie Curie" and "Pierre Curie": a short form merges only when unambiguous.
            words = set(name.split())
            # Only a surname (or a single name) joins a fuller name: "Matthew Boulton" is not
            # his son "Matthew Robinson Boulton".
            owners = [f for f in full_names if words < set(f.split())] if len(words) == 1 else []
            if len(owners) == 1:
                canonical[name] = owners[0]
            elif len(owners) > 1 and _title_owner(owners, title) is not None:
                canonical[name] = str(_title_owner(owners, title))
            else:
                canonical[name] = name
                full_names.append(name)
            continue
        group = _alias_group(name)
        if group is not None:
            known = next((canonical[n] for n in canonical if n in group), None)
            if known is not None:
                canonical[name] = known
                continue
        near = next(
            (
                canonical[n]
                for n in canonical
                if n[:1] == name[:1]
                and settled.get(n) == (kind, subtype)
                and len(n) > 8
                and len(name) > 8
                and fuzz.ratio(n, name) >= 92
            ),
            None,
        )
        canonical[name] = near if near is not None else name

    actors: dict[str, Actor] = {}
    by_mention: dict[Mention, str] = {}
    for m in mentions:
        name = _clean_name(m.text)
        canon = canonical[name]
        kind, subtype = settled[canon] if canon in settled else settled[name]
        actor = actors.get(canon)
        if actor is None:
            actor = actors[canon] = Actor(name=canon, kind=kind, subtype=subtype)
        actor.aliases.add(name)
        actor.sentences.add(m.sentence)
        actor.article = actor.article or m.article
        if m.role:
            actor.roles.add(m.role)
        by_mention[m] = canon
    # For a person the fullest name is canonical; for others the most frequent spelling.
    for actor in actors.values():
        if (
            actor.subtype != "person"
            and len(actor.aliases) > 1
            and _alias_group(actor.name) is None
        ):
            actor.name = max(actor.aliases, key=lambda a: (counts[a], len(a), a))
        group = _alias_group(actor.name)
        if group is not None:
            actor.aliases |= {a for a in group if len(a) > 2}
    renamed = {m: actors[c].name for m, c in by_mention.items()}
    return {a.name: a for a in actors.values()}, renamed
