"""Wrong answers that are worth choosing: the same kind and form as the answer, never true.

Distractors come from the document first (a person for a person, a state for a state,
another of its outcomes for an outcome), because a student who read the text finds them
plausible; only dates and states fall back to made-up or well-known values. A candidate
is never an alias of the answer, never in the answer's own sentence, never the subject
of the same kind of event elsewhere in the document (it could be true as well), and has
digits exactly when the answer does.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from questions import dates
from questions.actors import ORG_WORDS, STATE_ALIASES
from questions.facts import Analysis, Fact

WELL_KNOWN_STATES: tuple[str, ...] = (
    "Austria",
    "Belgium",
    "Brazil",
    "Canada",
    "China",
    "Denmark",
    "Egypt",
    "France",
    "Germany",
    "Greece",
    "Hungary",
    "India",
    "Iran",
    "Japan",
    "Mexico",
    "Netherlands",
    "Norway",
    "Poland",
    "Portugal",
    "Romania",
    "Spain",
    "Sweden",
    "Switzerland",
    "Turkey",
    "Ukraine",
    "United Kingdom",
    "United States",
    "Italy",
    "Russia",
    "Serbia",
    "Bulgaria",
    "Finland",
    "Argentina",
    "Australia",
    "Ottoman Empire",
    "Prussia",
    "England",
    "Scotland",
    "Ireland",
)
# Written with "the" when named: a wrong choice takes the article its answer takes.
ARTICLED_STATES = frozenset({"Netherlands", "United Kingdom", "United States", "Ottoman Empire"})
# A country inside another: "Britain" is no wrong answer where the key is "England".
_UK = frozenset({"United Kingdom", "UK", "Britain", "Great Britain"})
CONTAINED_IN: dict[str, frozenset[str]] = {"England": _UK, "Scotland": _UK, "Wales": _UK}
# A continent is never a wrong answer for a town or a country, nor the other way round.
CONTINENTS = frozenset(
    {
        "Africa",
        "Antarctica",
        "Asia",
        "Australasia",
        "Europe",
        "Latin America",
        "North America",
        "Oceania",
        "South America",
    }
)
NUMBER_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def _digit(text: str) -> bool:
    return bool(re.search(r"\d", text))


def _order(seed: str, items: Iterable[str]) -> list[str]:
    """A deterministic shuffle: sorted by a hash of the seed and the item."""
    return sorted(items, key=lambda s: hashlib.sha256(f"{seed}\x1f{s}".encode()).hexdigest())


SOVEREIGN = re.compile(
    r"^(?:King|Queen|Emperor|Empress|Pope|Tsar|Tsarina|Czar|Kaiser|Sultan|Shah)\b"
    r"|\s(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI|XVII|XVIII)$"
)


NATIONALITY = re.compile(r"[A-Z][a-z]+(?:an|ian|ish|ese|ch|ic|i)|U\.?S\.?|U\.?K\.?")


SMALL_COUNT = 20  # below it, counts differ by one or two ("eight" exhibitions, not nine)


def _round_to(value: float, digits: int) -> int:
    """`value` rounded to `digits` significant digits: 372.0 -> 370, 1488 -> 1500."""
    scale = 10 ** max(len(str(int(value))) - digits, 0)
    return int(round(value / scale) * scale)


def _sovereign(name: str) -> bool:
    """A monarch or a pope, by title or regnal number: offered beside commoners for a
    commoner's deed (or the other way round), the rank alone rules the choice out."""
    return SOVEREIGN.search(name) is not None


def _norm(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.lower()).strip()


PRONOUN_WORDS = re.compile(
    r"\b(his|her|their|its|it|he|she|they|them|him|itself|themselves|himself|herself|this|"
    r"these|those)\b",
    re.I,
)
PAST_IRREGULAR = frozenset(
    {
        "made",
        "won",
        "took",
        "fought",
        "saw",
        "gave",
        "led",
        "held",
        "became",
        "began",
        "built",
        "sent",
        "wrote",
        "found",
        "left",
        "brought",
        "chose",
        "drew",
        "fell",
        "grew",
        "knew",
        "lost",
        "met",
        "paid",
        "ran",
        "rose",
        "sold",
        "spoke",
        "stood",
        "struck",
        "taught",
        "told",
        "thought",
        "understood",
        "went",
        "withdrew",
    }
)
GENERIC_VERBS = frozenset({"be", "have", "do", "become", "make", "take", "get"})
SCAN = 64  # candidates looked at per distractor request: keeps the cost per fact constant


def _is_past(text: str) -> bool:
    first = text.split()[0].lower() if text.split() else ""
    return first.endswith("ed") or first in PAST_IRREGULAR


# Who can do the same kinds of things: parties, companies and states all act in a history
# (they sign, expel, win, resign); a town or an event does not. A person's wrong choices
# are other people's acts only: "burned down" or "began work" (a mill's) is no act of Watt's.
# The exact kind is still preferred when there are enough.
SUBJECT_CLASS = {
    "group": "agent",
    "organisation": "agent",
    "state": "agent",
    "plural": "agent",
}


def _form(text: str) -> str:
    """How an outcome is told: "was relieved" (passive), "relieved Kimberley" (past)."""
    first = text.split()[0].lower() if text.split() else ""
    if first in {"was", "were"}:
        return first  # "was" and "were" never stand for each other
    return "past" if _is_past(text) else "other"


def known_state(name: str) -> bool:
    """A country the engine knows by name or by one of its other names."""
    return name in WELL_KNOWN_STATES or any(name in group for group in STATE_ALIASES)


PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "hers"})


def _plural(name: str) -> bool:
    """A people named in the plural ("Romans", "Boers"), not a regime or a person."""
    last = name.split()[-1] if name.split() else ""
    return last.endswith("s") and not last.endswith("ss")


def _offset(seed: str, size: int) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16) % max(size, 1)


def _scan(seed: str, pool: list[str]) -> list[str]:
    """Up to SCAN items of the pool, from a seed-chosen start: a cheap deterministic shuffle."""
    if not pool:
        return []
    start = _offset(seed, len(pool))
    window = [pool[(start + i) % len(pool)] for i in range(min(SCAN, len(pool)))]
    return _order(seed, window)


# "(15 March 1813 – 16 June 1858)", "(baptised 28 February 1664 – 5 August 1729)"
LIFE = r"\s*\((?:born\s+|baptised\s+|c\.\s*)?([^()–-]*?\d{3,4})\s*[–-]\s*([^()]*?\d{3,4})\)"
ADULT = 18
ERA = 25  # years either side in which another person is a fair wrong choice


class DistractorSource:
    """Finds distractors for the facts of one analysed document.

    Everything that depends on the whole document (who is the subject of which verb, the
    actors of each type, the outcomes) is indexed once here, so that each request costs
    the same however long the document is.
    """

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.verbs_by_sentence: dict[int, set[str]] = {}
        self.subjects_by_verb: dict[str, set[str]] = {}
        for clause in analysis.clauses:
            lemma = clause.verb_token.lemma_
            self.verbs_by_sentence.setdefault(clause.sentence, set()).add(lemma)
            root = clause.subject_root
            if root is None or lemma in GENERIC_VERBS:
                continue
            for f in analysis.facts_in(clause.sentence):
                if f.token_start <= root.i < f.token_end and f.kind != "outcome":
                    self.subjects_by_verb.setdefault(lemma, set()).add(
                        _norm(f.normalized or f.text)
                    )
        self.agents = self._agents()
        self.actors_by_type: dict[tuple[str, str], list[str]] = {}
        for actor in sorted(analysis.actors.values(), key=lambda a: a.name):
            self.actors_by_type.setdefault((actor.kind, actor.subtype), []).append(actor.name)
        years = [f.date.end_year for f in analysis.facts if f.date is not None]
        self.latest_year = max(years, default=2030)
        self.clause_of = {(c.sentence, c.verb): c for c in analysis.clauses}
        self.roles = [f for f in analysis.facts if f.subtype == "role"]
        self.outcomes = [
            f
            for f in analysis.facts
            if f.kind == "outcome"
            and 2 <= len(f.text.split()) <= 16
            and not PRONOUN_WORDS.search(f.text)
        ]

    def _agents(self) -> set[str]:
        """Actors the document shows acting as people act: the subject of a clause, what
        a "he" or "she" stands for, or someone described by a role. A name the model took
        for a person but the text only mentions ("to administer Salvarsan", "in the bull
        Zelo Domus Dei", "received Farther Pomerania") is never offered as a person."""
        out: set[str] = set()
        for f in self.analysis.facts:
            if f.kind != "actor" or f.token_end <= f.token_start:
                continue
            doc = self.analysis.doc_of(f.sentence)
            if any(
                t.dep_ in {"nsubj", "nsubjpass"} or (t.dep_ == "pobj" and t.head.dep_ == "agent")
                for t in doc[f.token_start : f.token_end]
            ):
                out.add(f.normalized or f.text)
        for (paragraph, i), name in self.analysis.names.items():
            if self.analysis.docs[paragraph][i].lower_ in PERSONAL_PRONOUNS:
                out.add(name)
        out |= {f.normalized for f in self.analysis.facts if f.subtype == "role" and f.normalized}
        out |= {a.name for a in self.analysis.actors.values() if a.roles}  # "President Kennedy"
        return out

    def _is_person(self, name: str) -> bool:
        actor = self.analysis.actors.get(name)
        return actor is not None and actor.subtype == "person"

    def aliases(self, fact: Fact) -> set[str]:
        """Every name the answer goes by, normalised."""
        names = {fact.text, fact.normalized or fact.text}
        actor = self.analysis.actors.get(fact.normalized or "")
        if actor is not None:
            names |= actor.aliases | {actor.name}
        for group in STATE_ALIASES:
            if names & group:
                names |= group
        return {_norm(n) for n in names}

    def also_true(self, fact: Fact) -> set[str]:
        """Names the document puts in the answer's place: the same sentence, or the subject
        of the same (non-generic) verb elsewhere ("Kennedy ... died" for "Who died ...?")."""
        out = {_norm(f.normalized or f.text) for f in self.analysis.facts_in(fact.sentence)}
        for lemma in self.verbs_by_sentence.get(fact.sentence, ()):
            out |= self.subjects_by_verb.get(lemma, set())
        return out

    def for_fact(self, fact: Fact, *, k: int = 3, seed: str = "") -> list[str]:
        """Up to k distractors for the fact, best first."""
        if fact.kind == "date" and fact.date is not None:
            avoid = [
                f.date
                for f in self.analysis.facts_in(fact.sentence)
                if f.date is not None and f.id != fact.id
            ]
            # No wrong answer later than anything the document mentions: "2027" for an
            # event of 2021 is one a student can rule out without knowing anything.
            cap = max(self.latest_year, fact.date.end_year)
            lo, hi = self._frame(fact)
            life = self._life(fact)
            if life is not None:
                # Nothing a person did falls before they were grown or after they died.
                grown, died = date(life[0] + ADULT - 1, 12, 31), date(life[1] + 1, 1, 1)
                lo = grown if lo is None else max(lo, grown)
                hi = died if hi is None else min(hi, died)
            kept = dates.distractors(
                fact.date, k=k, seed=seed or fact.id, avoid=avoid, within=(lo, hi), latest=cap
            )
            if len(kept) < k:
                return []  # no three dates fit the story and the life: none are offered
            return kept[:k]
        if fact.members:
            return self._lists(fact, k, seed or fact.id)
        if fact.subtype == "role":
            return self._roles(fact, k, seed or fact.id)
        if fact.kind == "number":
            return self._numbers(fact, k)
        if fact.kind == "outcome":
            return self._outcomes(fact, k, seed or fact.id)
        return self._names(fact, k, seed or fact.id)

    @functools.cached_property
    def _sentence_years(self) -> dict[int, tuple[int, int]]:
        """Each dated sentence's first and last year."""
        years: dict[int, list[int]] = {}
        for f in self.analysis.facts:
            if f.date is not None:
                years.setdefault(f.sentence, []).extend((f.date.start_year, f.date.end_year))
        return {s: (min(ys), max(ys)) for s, ys in years.items()}

    @functools.cached_property
    def _active(self) -> dict[str, tuple[int, int]]:
        """Each actor's first and last year in the story times of the sentences that name
        them (`_story_time`)."""
        out: dict[str, tuple[int, int]] = {}
        for actor in self.analysis.actors.values():
            seen = [y for s in actor.sentences for y in self._story_time(s) or ()]
            if seen:
                out[actor.name] = (min(seen), max(seen))
        return out

    def _story_time(self, sentence: int) -> tuple[int, int] | None:
        """The years a sentence tells of: its own dates, else those of the nearest dated
        sentence before it (the text runs in order), else after it."""
        dated = self._sentence_years
        before = [s for s in dated if s <= sentence]
        after = [s for s in dated if s > sentence]
        if before:
            return dated[max(before)]
        return dated[min(after)] if after else None

    def _nations(self, name: str) -> frozenset[str]:
        """The nationalities the document gives a person in a title ("Russian President",
        "Italian Foreign Minister", "US Vice President")."""
        actor = self.analysis.actors.get(name)
        if actor is None:
            return frozenset()
        firsts = (role.split()[0] for role in actor.roles if " " in role)
        return frozenset(w for w in firsts if NATIONALITY.fullmatch(w))

    def _distance(self, name: str, fact: Fact) -> int:
        """Paragraphs between the question's sentence and the nearest mention of `name`."""
        actor = self.analysis.actors.get(name)
        if actor is None or not actor.sentences:
            return len(self.analysis.docs)
        here = self.analysis.sentences[fact.sentence].paragraph
        return min(abs(self.analysis.sentences[i].paragraph - here) for i in actor.sentences)

    def _contemporary(self, name: str, fact: Fact) -> bool:
        """The person could have been there: the years the text dates them in come within
        `ERA` of the years the question's sentence tells of ("killed in the Battle of
        Krzykawka", after a sentence of 1852, is no question for Matteo Renzi). Who the
        text never dates stays possible."""
        ours = self._story_time(fact.sentence)
        life = self._lives.get(name)
        if life is not None and ours is not None:
            # A life the text gives settles it: James Watt, born in 1736, showed no model to
            # the Royal Society in 1699, whatever undated sentence names him early on.
            return life[0] + ADULT <= ours[1] and ours[0] <= life[1]
        theirs = self._active.get(name)
        if theirs is None or ours is None:
            return True
        return theirs[0] - ERA <= ours[1] and ours[0] <= theirs[1] + ERA

    def _frame(self, fact: Fact) -> tuple[date | None, date | None]:
        """The days a wrong date must fall between: after the dates the text tells before
        this one (in its paragraph and the one before) that are earlier, and before those it
        tells after (to the end of the next paragraph) that are later: the story's frame.
        "The mills began work in 1786 and burned down in 1791" keeps "1779" from the
        second; "signed on 13 December 2007 ... entered into force" keeps 2006 from it."""
        assert fact.date is not None
        key = dates.interval(fact.date)
        paragraph = self.analysis.sentences[fact.sentence].paragraph
        lo: date | None = None
        hi: date | None = None
        near = [
            f
            for p in (paragraph - 1, paragraph, paragraph + 1)
            for f in self._dated_in_paragraph.get(p, [])
        ]
        for other in near:
            if other.id == fact.id or other.date is None:
                continue
            span = dates.interval(other.date)
            earlier = (other.sentence, other.start) < (fact.sentence, fact.start)
            if earlier and span[1] < key[0]:
                lo = span[1] if lo is None else max(lo, span[1])
            elif not earlier and span[0] > key[1]:
                hi = span[0] if hi is None else min(hi, span[0])
        return lo, hi

    @functools.cached_property
    def _dated_in_paragraph(self) -> dict[int, list[Fact]]:
        out: dict[int, list[Fact]] = {}
        for f in self.analysis.facts:
            if f.date is not None:
                out.setdefault(self.analysis.sentences[f.sentence].paragraph, []).append(f)
        return out

    def _usable(self, name: str, fact: Fact, banned: set[str]) -> bool:
        actor = self.analysis.actors.get(name)
        key = fact.normalized or fact.text
        aliases = actor.aliases if actor is not None else {name}
        if _norm(name) in banned or any(_norm(a) in banned for a in aliases):
            return False
        if _digit(name) != _digit(fact.text) or len(name) < 2:
            return False
        if fact.subtype == "person":
            if name not in self.agents:
                return False
            if not self._contemporary(name, fact):
                return False  # "Ban Ki-moon" for who gave Queen Victoria chloroform in 1853
            theirs, ours = self._nations(name), self._nations(key)
            if theirs and ours and not theirs & ours:
                return False  # "Russian President Vladimir Putin" beside Italian ministers
            if _sovereign(name) != _sovereign(key):
                return False  # "George VI" beside scientists for who began work on penicillin
        if fact.subtype == "group" and _plural(fact.text) != _plural(name):
            return False  # "Romans" among "Visigoths" and "Moors", not "Estado Novo"
        if name.isupper() != key.isupper():
            return False  # "BC" beside "Romans"; an acronym beside acronyms only
        if name.isupper() and self._glosses(fact):
            return False  # "(BJEP)" after "Royal Army Medical Corps": it spells out another
        if name in self.fragments or name in self.modifiers:
            return False  # "Empire" of "Holy Roman Empire", "Dei" of "Zelo Domus Dei"
        if (name in CONTINENTS) != (key in CONTINENTS):
            return False
        if name in CONTAINED_IN.get(key, ()) or key in CONTAINED_IN.get(name, ()):
            return False
        own = self.analysis.actors.get(key)
        if fact.subtype in {"place", "state"} and own is not None:
            article = actor.article if actor is not None else name in ARTICLED_STATES
            if article != own.article:
                return False  # "the Visigoths" where England went into exile
        words, answer_words = set(name.split()), set(key.split())
        return not (words <= answer_words or answer_words <= words)  # "Curie", "Marie Curie"

    @functools.cached_property
    def _one_word_uses(self) -> tuple[frozenset[str], frozenset[str]]:
        """(fragments, modifiers) of the one-word names, read in one pass over the text."""
        single = {a for a in self.analysis.actors if " " not in a}
        seen: set[str] = set()
        free: set[str] = set()  # written at least once with no capitalised word beside it
        heads: set[str] = set()  # used at least once as more than a modifier of a noun
        for doc in self.analysis.docs:
            for tok in doc:
                if tok.text not in single:
                    continue
                seen.add(tok.text)
                prev = doc[tok.i - 1] if tok.i > 0 and not tok.is_sent_start else None
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if not any(
                    t is not None and t.is_alpha and t.text[:1].isupper() for t in (prev, nxt)
                ):
                    free.add(tok.text)
                if tok.dep_ not in {"amod", "compound"} or tok.head.pos_ != "NOUN":
                    heads.add(tok.text)
        # "the Empire" is the Holy Roman Empire said short: alone it names no place.
        ends = {a.split()[-1] for a in self.analysis.actors if " " in a}
        short = {
            a.name for a in self.analysis.actors.values() if a.article and a.name in single & ends
        }
        return frozenset((seen - free) | short), frozenset(seen - heads)

    @property
    def fragments(self) -> frozenset[str]:
        """One-word names the document only ever writes inside a longer capitalised name,
        or with "the" as the short form of one ("the Empire"): the model cut them out of
        it, and offered alone they are no name at all."""
        return self._one_word_uses[0]

    @property
    def modifiers(self) -> frozenset[str]:
        """One-word names the document only uses to describe a common noun ("Germanic
        peoples"): an adjective of origin, no place or party to offer in a name's stead."""
        return self._one_word_uses[1]

    def _glosses(self, fact: Fact) -> bool:
        """The answer is an acronym in brackets right after the name it abbreviates."""
        doc = self.analysis.doc_of(fact.sentence)
        i = fact.token_start
        return i >= 2 and doc[i - 1].text == "(" and doc[i - 2].text[:1].isupper()

    def _names(self, fact: Fact, k: int, seed: str) -> list[str]:
        banned = self.aliases(fact) | self.also_true(fact)
        pool = self.actors_by_type.get((fact.kind, fact.subtype), [])
        person = fact.subtype == "person"
        # Every person is weighed, not a window: the nearest are wanted (below).
        same = [
            n
            for n in (_order(seed, pool) if person else _scan(seed, pool))
            if self._usable(n, fact, banned)
        ]
        country = (fact.normalized or fact.text) in WELL_KNOWN_STATES
        # A surname among surnames, a full name among full names: "Khrushchev" beside
        # "Gromyko", "Francesco Nullo" beside "Matteo Renzi", where the document allows.
        # People told of near the question's sentence share its country, side and trade
        # far more often than people of another section: "Grant" beside "Frederick
        # Douglass" at an American bank, not "Bismarck".
        width = len((fact.normalized or fact.text).split()) > 1
        same.sort(
            key=lambda n: ((len(n.split()) > 1) != width, self._distance(n, fact) if person else 0)
        )
        if fact.subtype == "state" and country:
            # A country for a country: known states before cities the model called states.
            same.sort(key=lambda n: n not in WELL_KNOWN_STATES)
        if fact.subtype == "place" and country:
            # "England" among countries, not beside a square or a people.
            same = [n for n in same if n in WELL_KNOWN_STATES]
        picked = same[:k]
        near_types = {
            ("actor", "state"): [("place", "place")],
            ("place", "place"): [("actor", "state")],
            ("actor", "organisation"): [("actor", "group")],
            ("actor", "group"): [("actor", "organisation")],
        }
        for other in near_types.get((fact.kind, fact.subtype), []):
            if len(picked) >= k:
                break
            picked += [
                n
                for n in _scan(seed, self.actors_by_type.get(other, []))
                if n not in picked
                and self._usable(n, fact, banned)
                and (not country or n in WELL_KNOWN_STATES)  # not "Maberly" for England
            ][: k - len(picked)]
        if len(picked) < k and fact.subtype in {"state", "place"}:
            pool = [
                s for s in WELL_KNOWN_STATES if s not in picked and self._usable(s, fact, banned)
            ]
            picked += _order(seed, pool)[: k - len(picked)]
        return picked

    def _lists(self, fact: Fact, k: int, seed: str) -> list[str]:
        """The list with one member swapped for another name of the same kind, each wrong
        choice swapping a different member: every choice looks like the answer."""
        members = list(fact.members)
        banned = self.also_true(fact) | {_norm(m) for m in members}
        pool = [
            n
            for n in _scan(seed, self.actors_by_type.get((fact.kind, fact.subtype), []))
            if _norm(n) not in banned
            and not any(_norm(a) in banned for a in self._aliases(n))
            and n not in self.fragments  # "Osnabrück and Dei" from "Zelo Domus Dei"
            and n not in self.modifiers
            and (n in CONTINENTS) == any(m in CONTINENTS for m in members)
            and (fact.subtype != "person" or n in self.agents)
        ]
        short = all(len(m.split()) == 1 for m in members)
        if short and fact.subtype == "person":
            names = [n.split()[-1] for n in pool]  # surnames beside surnames
        else:
            # A place's last word is no place: "Dei" of "Zelo Domus Dei".
            names = [n for n in pool if not short or len(n.split()) == 1]
        names = [n for n in dict.fromkeys(names) if _norm(n) not in banned]
        out: list[str] = []
        for i, name in enumerate(names[:k]):
            swapped = list(members)
            swapped[(i + len(seed)) % len(members)] = name
            out.append(
                swapped[0] if len(swapped) == 1 else ", ".join(swapped[:-1]) + " and " + swapped[-1]
            )
        return out

    def _roles(self, fact: Fact, k: int, seed: str) -> list[str]:
        """What other people of the document were, never anything this person also was.

        A kinship ("the daughter of a neighbouring farmer") is offered only beside a
        kinship: as a wrong answer to "Who was Albert Alexander?" it tells a policeman from
        a daughter by sex alone.
        """
        own = {_norm(f.text) for f in self.roles if f.normalized == fact.normalized}
        kin = _kinship(fact.text)
        pool = [
            f.text[:1].lower() + f.text[1:]
            for f in self.roles
            if f.normalized != fact.normalized
            and _norm(f.text) not in own
            and _kinship(f.text) == kin
        ]
        return _order(seed, dict.fromkeys(pool))[:k]

    def _aliases(self, name: str) -> set[str]:
        actor = self.analysis.actors.get(name)
        return actor.aliases if actor is not None else {name}

    def _numbers(self, fact: Fact, k: int) -> list[str]:
        text = fact.text.strip().lower()
        if text in NUMBER_WORDS:
            i = NUMBER_WORDS.index(text)
            pool = [w for j, w in enumerate(NUMBER_WORDS) if j != i and abs(j - i) <= 4]
            pool.sort(key=lambda w: (abs(NUMBER_WORDS.index(w) - i), NUMBER_WORDS.index(w)))
            return pool[:k]
        m = re.fullmatch(r"(\d+)", text)
        if not m:
            return []
        n = int(m.group(1))
        bound = self._bound(fact)
        if n < SMALL_COUNT:
            steps = [n + d for d in (1, -1, 2, -2, 5, -5, 10) if n + d > 0]
            steps = [v for v in steps if bound is None or (v > n) == (bound == "higher")]
            return [str(s) for s in steps[:k]]
        # A count of hundreds is known to its size, not its last digit: "495" beside "some
        # 496" is no wrong answer. Wrong ones differ by a share a student can tell apart.
        out: list[str] = []
        for factor in (0.75, 1.5, 0.5, 2.0, 3.0):
            wrong = _round_to(n * factor, 2)
            if bound is not None and (wrong > n) != (bound == "higher"):
                continue  # "more than 100 engines": "more than 75" would be true as well
            if wrong != n and str(wrong) not in out:
                out.append(str(wrong))
        return out[:k]

    def _bound(self, fact: Fact) -> str | None:
        """Which side a wrong count must lie on when the text gives a bound: "more than 100
        engines" is also "more than 75", so only higher counts are false ("higher"), and
        "fewer than 50" only lower ones ("lower"); None for a count told as it is."""
        s = self.analysis.sentences[fact.sentence]
        doc = self.analysis.docs[s.paragraph]
        words = doc[max(s.token_start, fact.token_start - 2) : fact.token_start]
        before = " ".join(t.lower_ for t in words)
        if re.search(r"(?:more than|over|at least|exceeding)$", before):
            return "higher"
        if re.search(r"(?:fewer than|less than|under|up to|at most)$", before):
            return "lower"
        return None

    def _subject_kind(self, fact: Fact) -> str:
        """What kind of thing did or underwent the outcome, read off the clause's subject:
        a person, a state or place, an organisation, an event, or else a plural or a
        singular noun phrase (which also fixes "was" or "were")."""
        clause = self.clause_of.get((fact.sentence, fact.token_start))
        root = clause.subject_root if clause is not None else None
        if clause is None or root is None:
            return "unknown"
        for f in self.analysis.facts_in(fact.sentence):
            if f.kind in {"actor", "place", "event"} and f.token_start <= root.i < f.token_end:
                return "state" if f.subtype in {"state", "place"} else f.subtype
        if root.i in clause.names and self._is_person(clause.names[root.i]):
            return "person"  # a resolved "he"; "the treaty" resolved to its name is not
        if root.lemma_.lower() in ORG_WORDS:
            return "organisation"  # "the Italian government", "the committee"
        return "plural" if clause.plural_subject else "singular"

    def _life(self, fact: Fact) -> tuple[int, int] | None:
        """Birth and death years of the person a dated fact is about, when the document
        gives them in brackets after the name ("John Snow (15 March 1813 – 16 June 1858)"),
        and the fact is neither of those two dates."""
        assert fact.date is not None
        s = self.analysis.sentences[fact.sentence]
        doc = self.analysis.docs[s.paragraph]
        subjects = [
            name
            for i in range(s.token_start, s.token_end)
            if doc[i].dep_ in {"nsubj", "nsubjpass"}
            and (name := self.analysis.names.get((s.paragraph, i))) is not None
        ]
        for name in (subjects or list(fact.actors))[:1]:
            life = self._lives.get(name)
            if life is None or fact.date.start_year in life:
                return None
            return life
        return None

    @functools.cached_property
    def _lives(self) -> dict[str, tuple[int, int]]:
        """Each person's (birth year, death year) from brackets after their name."""
        out: dict[str, tuple[int, int]] = {}
        people = [a for a in self.analysis.actors.values() if a.subtype == "person"]
        for s in self.analysis.sentences:
            if "(" not in s.text:
                continue
            for actor in people:
                if actor.name in out:
                    continue
                for alias in sorted(actor.aliases, key=len, reverse=True):
                    m = re.search(re.escape(alias) + LIFE, s.text) if alias in s.text else None
                    if m is None:
                        continue
                    born, died = dates.parse_date(m.group(1)), dates.parse_date(m.group(2))
                    if born is not None and died is not None:
                        out[actor.name] = (born.start_year, died.end_year)
                    break
        return out

    def subject_kind(self, fact: Fact) -> str:
        """The kind of an outcome's subject (see `_subject_kind`)."""
        return self._subject_kind(fact)

    @functools.cached_property
    def _outcomes_by_class(self) -> dict[str, list[Fact]]:
        """The outcomes told of each class of subject (`SUBJECT_CLASS`), in text order:
        a request scans its own class, so a person's wrong choices are found among
        people's acts however many other acts the document tells."""
        out: dict[str, list[Fact]] = {}
        for f in self.outcomes:
            kind = self._subject_kind(f)
            out.setdefault(SUBJECT_CLASS.get(kind, kind), []).append(f)
        return out

    @functools.cached_property
    def _outcomes_by_subject(self) -> Counter[str]:
        return Counter(self._subjects.values())

    def outcomes_of(self, subject: str) -> int:
        """How many outcomes the document tells of this subject (as `subject_of` says it)."""
        return self._outcomes_by_subject.get(subject, 0)

    @functools.cached_property
    def _subjects(self) -> dict[str, str]:
        return {f.id: self._subject_text(f) for f in self.analysis.facts if f.kind == "outcome"}

    def subject_of(self, fact: Fact) -> str:
        """Who or what an outcome is about, as a normalised phrase ("" when unknown); read
        once per outcome, since each request for wrong acts compares many."""
        said = self._subjects.get(fact.id)
        return said if said is not None else self._subject_text(fact)

    def _subject_text(self, fact: Fact) -> str:
        clause = self.clause_of.get((fact.sentence, fact.token_start))
        if clause is None or not clause.subject:
            return ""
        return _norm(clause.text(clause.subject))

    def _verb(self, fact: Fact) -> str:
        return self.analysis.doc_of(fact.sentence)[fact.token_start].lemma_

    def swapped_outcome(self, fact: Fact) -> str | None:
        """One other act for a false statement, taken from earlier in the text when it can
        be, so that text added at the end of a document leaves the statement as it was."""
        pool = self._outcome_pool(fact, fact.id)
        earlier = [t for sentence, t in pool if sentence < fact.sentence]
        chosen = earlier or [t for _s, t in pool]
        return chosen[0] if chosen else None

    @functools.cached_property
    def _befores(self) -> dict[str, set[str]]:
        return {f.id: self._names_before(f) for f in self.analysis.facts if f.kind == "outcome"}

    def _named_before(self, fact: Fact) -> set[str]:
        named = self._befores.get(fact.id)
        return named if named is not None else self._names_before(fact)

    def _names_before(self, fact: Fact) -> set[str]:
        """Actors named in the sentence before the outcome: its subject, however the parse
        read it ("Snow, who lived nearby, examined ..."). Their other acts are true of
        them, so never a wrong choice."""
        before = self.analysis.sentences[fact.sentence].text[: fact.start]
        return {
            a.name
            for a in self.analysis.actors.values()
            if any(re.search(rf"\b{re.escape(alias)}\b", before) for alias in a.aliases)
        }

    def _outcomes(self, fact: Fact, k: int, seed: str) -> list[str]:
        return [text for _sentence, text in self._outcome_pool(fact, seed)[:k]]

    def _outcome_pool(self, fact: Fact, seed: str) -> list[tuple[int, str]]:
        """Other things that happened in the document, told the same way and by the same
        kind of subject, so each is plausible for this one ("was relieved" for a town,
        never "was signed at Melrose House"); never with the key's own verb, which could be
        true of this subject as well."""
        subject = set(fact.actors) | self._named_before(fact)
        said_by = self.subject_of(fact).split()[-1:]
        past = _form(fact.text)
        kind = self._subject_kind(fact)
        verb = self._verb(fact)
        candidates = self._outcomes_by_class.get(SUBJECT_CLASS.get(kind, kind), [])
        start = _offset(seed, len(candidates))
        pool: list[tuple[bool, str, int]] = []
        seen = {_norm(fact.text)}
        for i in range(min(SCAN, len(candidates))):
            other = candidates[(start + i) % len(candidates)]
            if other.sentence == fact.sentence or subject & (
                set(other.actors) | self._named_before(other)
            ):
                continue  # another act of the same subject may well be true of it
            if said_by and said_by == self.subject_of(other).split()[-1:]:
                continue  # "Snow, who lived nearby, ..." and "Snow published ..."
            if _norm(other.text) in seen or _digit(other.text) != _digit(fact.text):
                continue
            other_kind = self._subject_kind(other)
            if _form(other.text) != past:
                continue
            if self._verb(other) == verb:
                continue
            pool.append((other_kind != kind, other.text, other.sentence))
            seen.add(_norm(other.text))
        size = len(fact.text.split())
        pool.sort(
            key=lambda t: (
                t[0],
                abs(len(t[1].split()) - size) // 3,
                hashlib.sha256(f"{seed}{t[1]}".encode()).hexdigest(),
            )
        )
        return [(sentence, text) for _other_kind, text, sentence in pool]


KINSHIP = frozenset(
    [
        "daughter",
        "son",
        "wife",
        "husband",
        "mother",
        "father",
        "sister",
        "brother",
        "widow",
        "widower",
        "niece",
        "nephew",
        "heir",
        "grandson",
        "granddaughter",
        "uncle",
        "aunt",
        "cousin",
    ]
)


def _kinship(role: str) -> bool:
    """Whether a role says whose relative someone was rather than what they did."""
    return any(w in KINSHIP for w in re.findall(r"[a-z]+", role.lower()))
