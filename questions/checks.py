"""The named checks every candidate question must pass before it is ranked.

The engine overgenerates, then verifies: a candidate that fails any check here is
dropped, and the bank records the check's name and why (`Bank.rejected`), so that
`python -m questions generate ... --explain` can show a teacher why a fact has no
question. Each check is one function registered under the name a reader sees; a check
answers None when the candidate passes, or a short reason when it fails.

The checks encode what a strict teacher rejects (the rubric of a blind judging): a stem that
only makes sense inside its paragraph, a gap that the sentence itself gives away, a name
cut at a hyphen, markup debris, distractors of another kind or form than the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from questions.actors import NOT_PERSON_START, NOT_PERSON_WORDS
from questions.coref import owner_in_clause
from questions.references import CONTEXT_PHRASE, LEADING_REFERENCE, PRONOUN_WORD
from questions.types.base import BLANK, Candidate, Context

CheckFn = Callable[[Candidate, Context], str | None]


@dataclass(frozen=True)
class Check:
    name: str
    applies_to: frozenset[str]
    run: CheckFn
    reparses: bool = False  # reads the question's own parse: run last, on the survivors


CHECKS: list[Check] = []
ALL_TYPES = frozenset({"cloze", "short_answer", "multiple_choice", "true_false", "ordering"})
WH_TYPES = frozenset({"short_answer", "multiple_choice"})


def check(
    name: str, *, types: frozenset[str] = ALL_TYPES, reparses: bool = False
) -> Callable[[CheckFn], CheckFn]:
    """Register a check under `name`, run on candidates of `types`, in definition order."""

    def wrap(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(name=name, applies_to=types, run=fn, reparses=reparses))
        return fn

    return wrap


def needs_reparse(c: Candidate) -> bool:
    """Whether a check will read the candidate's question parsed on its own."""
    return any(chk.reparses and c.type in chk.applies_to for chk in CHECKS)


def failed_check(
    c: Candidate, ctx: Context, *, stage: Literal["all", "text", "reparse"] = "all"
) -> tuple[str, str] | None:
    """(check name, reason) of the first check the candidate fails, or None if it passes.

    `stage` "text" runs the checks that read the words and the source, "reparse" those
    that read the question's own parse: the engine runs the first on every candidate and
    parses the survivors' questions in one batch before the second.
    """
    for chk in CHECKS:
        if c.type not in chk.applies_to:
            continue
        if (stage == "text" and chk.reparses) or (stage == "reparse" and not chk.reparses):
            continue
        reason = chk.run(c, ctx)
        if reason is not None:
            return chk.name, reason
    return None


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Lower case, one kind of dash, no leading article, punctuation as spaces."""
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    text = re.sub(r"[^\w\s'-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text) if any(ch.isalnum() for ch in w)]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _texts(c: Candidate) -> list[str]:
    return [c.prompt, c.answer, *c.choices]


PRONOUN_ANSWERS = _wordset(
    "he she it they his her its their this that these those him them we our us who "
    "which i you me my your"
)

# --------------------------------------------------------------------------------------
# Form: what any teacher would have to fix by hand
# --------------------------------------------------------------------------------------


@check("empty")
def _empty(c: Candidate, ctx: Context) -> str | None:
    if not norm(c.answer) or not c.prompt.strip():
        return "empty prompt or answer"
    return None


@check("pronoun_answer", types=frozenset({"cloze", "short_answer", "multiple_choice"}))
def _pronoun_answer(c: Candidate, ctx: Context) -> str | None:
    answer = norm(c.answer)
    if answer in PRONOUN_ANSWERS and not c.answer.strip().isupper():  # "US" is no pronoun
        return f"the answer {c.answer!r} is a pronoun"
    return None


@check("answer_in_prompt", types=frozenset({"cloze", "short_answer", "multiple_choice"}))
def _answer_in_prompt(c: Candidate, ctx: Context) -> str | None:
    answer = norm(c.answer)
    prompt = norm(c.prompt.replace(BLANK, " "))
    if len(answer) > 3 and re.search(r"(?<!\w)" + re.escape(answer) + r"(?!\w)", prompt):
        return "the answer is written in the prompt"
    if c.kind == "actor" and c.facts[0].subtype == "person" and len(c.answer.split()) > 1:
        surname = norm(c.answer.split()[-1])
        if len(surname) > 3 and re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", prompt):
            return f"the surname {c.answer.split()[-1]!r} is in the prompt"
    if c.kind == "date" and c.type != "cloze":
        # "When did the Panic of 1873 begin?": the year the question names is the key's
        for year in re.findall(r"\b\d{4}\b", c.answer):
            if re.search(rf"(?<![\d–-]){year}(?![\d–-])", c.prompt):
                return f"the year {year} of the answer is in the question"
    return None


SPACING = re.compile(r"\s[,.;:?!]|  ")


@check("spacing")
def _spacing(c: Candidate, ctx: Context) -> str | None:
    for text in _texts(c):
        if SPACING.search(text):
            return f"broken spacing in {text!r}"
    return None


DEBRIS = re.compile(
    r"(?<![\w])_\w|\w_(?![\w])"  # _italics_
    r"|\*"  # *emphasis*, **bold**
    r"|\(\s*[;,]|[;,]\s*\)|\(\s*\)"  # "(; 20 July 1822 – ...)", "()"
    r"|\[|\]"  # a citation or an editor's bracket left over
    r"|\b[A-Z]{3,}(?:\s+[A-Z]{3,})+\b"  # BOLD AS CAPITALS
)


@check("markup_debris")
def _markup_debris(c: Candidate, ctx: Context) -> str | None:
    for text in _texts(c):
        m = DEBRIS.search(text.replace(BLANK, "gap"))
        if m is not None:
            return f"markup debris {m.group(0)!r}"
    return None


QUOTED = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")


@check("quotation")
def _quotation(c: Candidate, ctx: Context) -> str | None:
    """A quotation keeps its marks: "Who declared I sell here, Sir, what all the world
    desires to have?" reads as the engine's words, and a quoted nickname as plain text."""
    source = ctx.analysis.sentences[c.sentence].text
    for m in QUOTED.finditer(source):
        words = m.group(1).split()
        opening = " ".join(words[:3])
        for text in _texts(c):
            at = text.find(opening)
            if at >= 0 and (at == 0 or text[at - 1] not in "\"“'‘"):
                return f"the quotation {m.group(1)[:40]!r} lost its quotation marks"
    return None


DASHES = "-\u2010\u2011\u2013\u2014"


@check("truncated_span", types=frozenset({"cloze", "short_answer", "multiple_choice"}))
def _truncated_span(c: Candidate, ctx: Context) -> str | None:
    """The answer is part of a longer name or word: "Varilla Treaty" of "Hay–Bunau-Varilla"."""
    if c.kind == "outcome":
        return None
    if (
        c.kind == "date"
        and re.search(r"\b(?:centuries|decades)\b", c.answer)
        and " and " not in c.answer
    ):
        return f"{c.answer!r} is the end of a pair of dates"
    sentence = ctx.analysis.sentences[c.sentence].text
    if sentence[c.start : c.end] != c.facts[0].text:
        return None
    before = sentence[c.start - 1] if c.start > 0 else " "
    after = sentence[c.end] if c.end < len(sentence) else " "
    if before in DASHES or before.isalnum():
        return f"the answer is cut after {sentence[max(0, c.start - 12) : c.start]!r}"
    if (after in DASHES and sentence[c.end + 1 : c.end + 2].isalpha()) or after.isalnum():
        return f"the answer is cut before {sentence[c.end : c.end + 12]!r}"
    return None


@check("choices_form", types=frozenset({"multiple_choice"}))
def _choices_form(c: Candidate, ctx: Context) -> str | None:
    normed = [norm(x) for x in c.choices]
    answer = norm(c.answer)
    if len(normed) < 4 or len(set(normed)) != len(normed) or normed.count(answer) != 1:
        return "not four distinct choices with the answer once"
    digit = bool(re.search(r"\d", c.answer))
    if any(bool(re.search(r"\d", x)) != digit for x in c.choices):
        return "some choices have digits and some do not"
    return None


# --------------------------------------------------------------------------------------
# Sense: a question a student can answer without the paragraph around it
# --------------------------------------------------------------------------------------

OPENING_WORDS = _wordset(
    "The A An In On At By During After Before When While From Since Until As Although "
    "Who What Which Where Whom Whose How Why Under With Without For Of To Following Upon Its "
    "His Her Their This That These Those It He She They There"
)


def _names_before(text: str, position: int) -> list[str]:
    """Capitalised words before `position`, without the usual opening words of a sentence."""
    found = re.findall(r"\b[A-Z][\w'’-]*", text[:position])
    if found and text.startswith(found[0]) and found[0] in OPENING_WORDS:
        found = found[1:]
    return found


PERSONAL = _wordset("he she him his her hers himself herself")


TITLED_PERSON = re.compile(
    r"\b(?:King|Queen|Prince|Princess|Emperor|Empress|Tsar|Tsarina|Sultan|Pope|Sir|Lord|Lady|"
    r"Duke|Duchess|Count|Countess|Cardinal|Archbishop|Bishop|Saint)\s+[A-Z]"
)


def _person_before(ctx: Context, text: str, position: int) -> bool:
    """ "he" or "his" needs a person named before it, not only an organisation; a title
    ("King Carlos I and his heir") makes a name a person's even when the model missed it."""
    before = text[:position]
    return TITLED_PERSON.search(before) is not None or any(
        a.subtype == "person" and any(alias in before for alias in a.aliases)
        for a in ctx.analysis.actors.values()
    )


AGREEING = {
    "person": frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"}),
    "state": frozenset({"its", "itself", "it"}),
    "organisation": frozenset({"its", "itself", "it"}),
    "group": frozenset({"their", "them", "themselves", "they"}),
}
OPENING_WH = re.compile(r"^(?:gap|Who|Which\s+\w+|What\s+\w+)\b")


def _bound_to_opening_answer(c: Candidate, prompt: str, pronoun: re.Match[str]) -> bool:
    """ "_____ was promised five million thalers to pay off its army", "Which country gained
    confirmation of its possession ...": the pronoun is the answer's own, which opens the
    question as the gap or the wh-phrase, with no other name between them."""
    if c.kind != "actor" or not c.facts:
        return False
    opening = OPENING_WH.match(prompt)
    if opening is None or pronoun.group(0).lower() not in AGREEING.get(c.facts[0].subtype, ()):
        return False
    return not _names_before(prompt[opening.end() :], pronoun.start() - opening.end())


FRONTED = re.compile(
    r"^(?:In|On|At|After|Before|During|Following|Despite|Unlike|Like|With|Upon|Within|To|As|"
    r"While|When|Although|Though|Through|Throughout|Under|From|By|Since|Until|Having)\b"
)


def _cataphora(ctx: Context, prompt: str, pronoun: re.Match[str]) -> bool:
    """ "In the second edition of his book, published in 1855, Snow also compared ...": a
    possessive in an opening phrase names the person who is the subject right after it."""
    if pronoun.group(0).lower() not in {"his", "her"} or FRONTED.match(prompt) is None:
        return False
    comma = prompt.find(",")
    if comma < 0 or pronoun.start() > comma:
        return False
    return _person_before(ctx, prompt, len(prompt)) and not _person_before(
        ctx, prompt, pronoun.start()
    )


def _owner_in_clause(c: Candidate, ctx: Context, prompt: str, pronoun: re.Match[str]) -> bool:
    """ "Voltaire wrote his Poem", "Carlos I and his heir": in the source, the pronoun's own
    clause names its owner just before it (its subject, or the name it is coordinated
    with), and the question keeps that name before the pronoun."""
    word = pronoun.group(0).lower()
    if word not in PERSONAL:
        return False  # "Frederick Douglass became its president": "its" is not his
    s = ctx.analysis.sentences[c.sentence]
    doc = ctx.analysis.docs[s.paragraph]
    before = prompt[: pronoun.start()]
    for tok in doc[s.token_start : s.token_end]:
        if tok.lower_ != word or tok.pos_ != "PRON":
            continue
        owner = owner_in_clause(tok)
        if owner is None:
            return False
        name = " ".join(t.text for t in owner.subtree if t.pos_ == "PROPN")
        return bool(name) and name in before
    return False


def _singular_thing_before(ctx: Context, text: str, position: int) -> bool:
    """ "it" needs a singular name of a thing before it: "the Boers ... its terms" has
    none, nor has "Frederick Douglass became its president"."""
    people = {
        w for a in ctx.analysis.actors.values() if a.subtype == "person" for w in a.name.split()
    }
    return any(not n.endswith("s") and n not in people for n in _names_before(text, position))


def _named_before(text: str, position: int) -> bool:
    """A name earlier in the prompt than `position`, that a pronoun can refer to."""
    return bool(_names_before(text, position))


CLAUSE_DEPS = frozenset({"xcomp", "prep", "pobj", "dobj", "dative", "npadvmod", "acomp"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "agent"})


def _clause_mates(c: Candidate, ctx: Context, pronoun: str) -> set[str]:
    """Names that are the other parties of the source clause of an object "it", "him" or
    "them": a pronoun that is not reflexive never means one of them ("the Dutch would
    continue fighting Spain alongside it" is not Spain, "the government of Paul Kruger
    refused them the vote" is not Kruger's), so it must refer outside the question."""
    word = pronoun.lower()
    if word.endswith(("self", "selves")):
        return set()
    s = ctx.analysis.sentences[c.sentence]
    doc = ctx.analysis.docs[s.paragraph]
    found = [t for t in doc[s.token_start : s.token_end] if t.lower_ == word and t.pos_ == "PRON"]
    if len(found) != 1 or found[0].dep_ not in OBJECT_DEPS:
        return set()
    pronoun_tok = found[0]
    chain = [pronoun_tok.head]
    while chain[-1].dep_ in CLAUSE_DEPS and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    mates: set[str] = set()
    for verb in chain:
        for arg in verb.children:
            if arg.dep_ not in ARGUMENT_DEPS or pronoun_tok in arg.subtree:
                continue
            mates |= {t.text for t in arg.subtree if t.pos_ == "PROPN"}
    return mates


def _bound_to_answer(c: Candidate, ctx: Context, pronoun: str) -> bool:
    """ "Who went on holiday with his family?": the source's "his" is the answer itself."""
    fact = c.facts[0]
    if c.kind != "actor" or fact.normalized is None or pronoun.lower() not in PERSONAL:
        return False
    s = ctx.analysis.sentences[c.sentence]
    doc = ctx.analysis.docs[s.paragraph]
    said = [
        ctx.analysis.names.get((s.paragraph, t.i))
        for t in doc[s.token_start : s.token_end]
        if t.lower_ == pronoun.lower()
    ]
    return bool(said) and all(name == fact.normalized for name in said)


@check(
    "context_dependent", types=frozenset({"cloze", "short_answer", "multiple_choice", "true_false"})
)
def _context_dependent(c: Candidate, ctx: Context) -> str | None:
    """Only makes sense inside its paragraph: "Who patented a similar device?", "He ...".

    A pronoun is fine when a name it can refer to stands before it in the prompt
    ("What did Fleming do after his wife died?").
    """
    prompt = c.prompt.replace(BLANK, "gap").strip()
    m = LEADING_REFERENCE.match(prompt)
    if m is not None:
        return f"starts with {m.group(0)!r}, which refers to an earlier sentence"
    m = CONTEXT_PHRASE.search(prompt)
    if m is not None:
        return f"{m.group(0)!r} refers to something outside the question"
    opening = re.match(r"[A-Z][a-z]+\b(?!['’])", prompt)
    names = (  # the prompt as names are looked for in it: a common opening word is none
        opening.group(0).lower() + prompt[opening.end() :]
        if opening is not None
        and opening.group(0).lower() in ctx.lower_words
        and opening.group(0) not in ctx.actor_words
        else prompt
    )
    for m in PRONOUN_WORD.finditer(prompt):
        if (
            _bound_to_answer(c, ctx, m.group(0))
            or _bound_to_opening_answer(c, prompt, m)
            or _cataphora(ctx, prompt, m)
            or _owner_in_clause(c, ctx, prompt, m)
        ):
            continue
        if not _named_before(names, m.start()):
            return f"{m.group(0)!r} has nothing to refer to in the question"
        mates = _clause_mates(c, ctx, m.group(0)) if "gap" not in prompt[: m.start()] else set()
        if mates and all(n in mates for n in _names_before(names, m.start())):
            return f"{m.group(0)!r} cannot mean a name of its own clause"
        if m.group(0).lower() in PERSONAL and not _person_before(ctx, names, m.start()):
            return f"{m.group(0)!r} has no person to refer to in the question"
        if m.group(0).lower() in {"it", "its", "itself"} and not _singular_thing_before(
            ctx, names, m.start()
        ):
            return f"{m.group(0)!r} has no singular thing to refer to in the question"
    return None


BARE_NOUNS = frozenset({"NN", "NNS"})


@check("vague_subject", types=frozenset({"cloze", "short_answer", "multiple_choice", "true_false"}))
def _vague_subject(c: Candidate, ctx: Context) -> str | None:
    """ "When did the bank close?", "When was the society dissolved?": a subject that is
    only "the <noun>", which the document names elsewhere and the question does not, with
    no other name in the question to place it; "the country", "the school" or "the king"
    anywhere (`CONTEXT_NOUNS`), and "all eight" with nothing counted. The document's topic
    ("the war" in a history of a war) and a noun the engine resolved to its name are not
    vague.
    """
    analysis = ctx.analysis
    s = analysis.sentences[c.sentence]
    doc = analysis.docs[s.paragraph]
    topic = set(norm(analysis.document.title or "").split())
    prompt = c.prompt.replace(BLANK, "gap")
    m = ALL_OF_A_NUMBER.search(prompt)
    if m is not None:
        return f"{m.group(0)!r}: of what, the question does not say"
    placed = bool(
        _names_before(prompt, len(prompt)) and re.search(r"(?<!^)\b[A-Z]", prompt.strip()[1:])
    )
    for tok in doc[s.token_start : s.token_end]:
        if tok.tag_ not in BARE_NOUNS or (s.paragraph, tok.i) in analysis.names:
            continue
        contextual = tok.lemma_.lower() in CONTEXT_NOUNS
        roles = {"nsubj", "nsubjpass"} | (OBJECT_DEPS if c.type in WH_TYPES else set())
        if not contextual and (placed or tok.dep_ not in roles):
            continue
        if tok.dep_ in OBJECT_DEPS and (tok.lower_ in COMPASS or _named_after(tok)):
            continue  # "advanced from the west", "with the biochemist Norman Heatley"
        if norm(tok.lemma_) in topic or norm(tok.text) in topic:
            continue
        if tok.lemma_.lower() in ctx.topic_nouns:
            continue
        if any(t.dep_ == "prep" and t.lower_ == "of" for t in tok.children):
            continue
        phrase = _bare_description(tok)
        if phrase is None or (placed and not phrase.startswith("the ")):
            continue  # "a severe outbreak began in Soho": the place says which
        m = re.search(rf"\b{re.escape(phrase)}\b(?!\s+of\b)", prompt, re.I)
        if m is None:
            continue
        kinds = CONTEXT_NOUNS.get(tok.lemma_.lower(), frozenset())
        labels = {NER_OF_KIND[k] for k in kinds}
        named = [
            f
            for f in analysis.facts_in(c.sentence)
            if f.subtype in kinds
            and f.token_end <= tok.i
            and (f.text in prompt[: m.start()] or f is c.facts[0])
        ] + [
            t
            for t in doc[s.token_start : tok.i]
            if t.ent_type_ in labels and t.text in prompt[: m.start()]
        ]
        if not named:  # "An outbreak in Yemen ... the country's civil war" is placed
            return f"{phrase!r} is not named, and nothing else in the question places it"
    return None


COMPASS = frozenset({"north", "south", "east", "west", "north-east", "north-west"})


def _named_after(tok: Token) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].pos_ == "PROPN"


def _bare_description(tok: Token) -> str | None:
    """The noun phrase as "the <noun>", or as an unnamed "a <noun>" subject ("When was a
    preliminary trade agreement made?": between whom?); None for anything a name, a number
    or a relative clause makes particular."""
    lefts = [t for t in tok.children if t.i < tok.i]
    if [t.lower_ for t in lefts] == ["the"]:
        return f"the {tok.text}"
    if (
        lefts
        and lefts[0].lower_ in {"a", "an"}
        and tok.dep_ in {"nsubj", "nsubjpass"}
        and all(
            t.dep_ in {"det", "amod", "compound"} and t.pos_ not in {"PROPN", "NUM"} for t in lefts
        )
        and not any(t.dep_ in {"relcl", "acl", "appos"} for t in tok.children)
        and tok.head.tag_ in {"VBD", "VBN"}
        and not any(t.tag_ == "MD" for t in tok.head.children)
    ):  # a past event, not a generic "an adult can lose 10 litres"
        return " ".join([*(t.text for t in lefts), tok.text])
    return None


# Nouns that stand for one thing of the paragraph ("the country", "the school", "the
# king"), with the kinds of name that, said before them in the question, settle which.
_PLACES = frozenset({"state", "place"})
_BODIES = frozenset({"organisation", "group"})
_PEOPLE = frozenset({"person"})
NER_OF_KIND = {
    "state": "GPE",
    "place": "LOC",
    "organisation": "ORG",
    "group": "NORP",
    "person": "PERSON",
}
CONTEXT_NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("country", "city", "town", "island", "capital"), _PLACES),
    **dict.fromkeys(
        [
            "organisation",
            "organization",
            "company",
            "bank",
            "society",
            "firm",
            "institution",
            "school",
            "university",
        ],
        _BODIES,
    ),
    **dict.fromkeys(["king", "queen", "president", "patient", "couple", "family"], _PEOPLE),
    **dict.fromkeys(["outbreak", "epidemic", "solution", "works"], frozenset()),
}
ALL_OF_A_NUMBER = re.compile(
    r"\ball\s+(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!\s+[a-z]+s\b)"
)


# --------------------------------------------------------------------------------------
# Grammar: what the transformation can break
# --------------------------------------------------------------------------------------

DANGLING_END = re.compile(
    r"\b(?:during|after|before|with|without|of|in|on|at|by|for|from|to|into|under|over|"
    r"about|since|until|through|against|between|among|and|or|but|the|a|an)\?$",
    re.I,
)
# "Who is reported to have said?": the quotation was what was said, and it went.
SPEECH_WITHOUT_WORDS = re.compile(
    r"^(?:Who|When|Where|Which\s+\w+)\b.*\b(?:say|says|said|write|wrote|written|state|"
    r"stated|declare|declared|remark|remarked|add|added|tell|told|reply|replied|exclaim|"
    r"exclaimed)\?$"
)
MIN_WH_WORDS = 4
MAX_WH_WORDS = 32
DO_BEFORE_FINITE = re.compile(
    r"\b(?:did|does|do)\b(?:\s+\S+){0,6}?\s+(?:had|has|was|were|is|are)\b"
)


@check("ambiguous_date", types=WH_TYPES)
def _ambiguous_date(c: Candidate, ctx: Context) -> str | None:
    """ "When did Marie Curie and Pierre announce a new element?" has two answers when the
    document also dates "the couple announced a second element": the same verb acting on
    the same noun, at another date, by a subject not named otherwise."""
    fact = c.facts[0]
    if c.kind != "date" or fact.normalized is None:
        return None
    for (verb, noun), told in ctx.dated_acts.items():
        mine = [t for t in told if t[0] == c.sentence and t[1] == fact.normalized]
        if not mine:
            continue
        named = mine[0][2]
        for sentence, date, subject in told:
            other_time = sentence != c.sentence and date != fact.normalized
            if other_time and (named is None or subject is None or subject == named):
                return f"the document also dates '{verb} ... {noun}' at {date}"
    return None


@check("grammar", types=WH_TYPES)
def _grammar(c: Candidate, ctx: Context) -> str | None:
    """Breaks that re-reading the question shows: too short, a preposition left at the end,
    do-support before a finite verb ("When did X had ...")."""
    words = _words(c.prompt)
    if len(words) < MIN_WH_WORDS:
        return "too short to say what is asked"
    if len(words) > MAX_WH_WORDS:
        return f"{len(words)} words: too long to read as one question"
    if DANGLING_END.search(c.prompt):
        return "ends on a preposition or article: a phrase was cut"
    if SPEECH_WITHOUT_WORDS.search(c.prompt):
        return "a verb of saying without what was said"
    if DO_BEFORE_FINITE.search(c.prompt) and not re.search(r"\b(?:do|say)\?$", c.prompt):
        return "do-support before a finite verb"
    if re.search(r"\b(?:did|does|do)\s+\S+(?:\s+\S+){0,5}\s+\w+ed\s+(?:by)\b", c.prompt):
        return "a passive turned active"
    if re.search(r"\b(\w+)\s+\1\b", c.prompt, re.I):
        return "a word repeated"
    return None


@check("cut_coordination", types=WH_TYPES | frozenset({"true_false"}))
def _cut_coordination(c: Candidate, ctx: Context) -> str | None:
    """ "settled matters between the Emperor": the other parties were cut with a clause."""
    m = re.search(r"\bbetween\b(?![^?.]*\band\b)", c.prompt)
    if m is not None and not re.search(r"\bbetween\s+\d", c.prompt):
        return "'between' with one party: the others were cut"
    return None


# --------------------------------------------------------------------------------------
# Gaps worth asking (cloze)
# --------------------------------------------------------------------------------------


@check("trivial_gap", types=frozenset({"cloze"}))
def _trivial_gap(c: Candidate, ctx: Context) -> str | None:
    """A gap the sentence or the title settles, or a part of a longer name."""
    fact = c.facts[0]
    sentence = ctx.analysis.sentences[c.sentence].text
    after = sentence[c.end :]
    before = sentence[: c.start]
    doc = ctx.analysis.doc_of(c.sentence)
    if c.kind in {"actor", "event", "place"} and fact.token_end > fact.token_start:
        span = doc[fact.token_start : fact.token_end]
        root = span.root
        outside = not fact.token_start <= root.head.i < fact.token_end
        following = doc[fact.token_end] if fact.token_end < len(doc) else None
        if following is not None and following.ent_iob_ == "I" and following.dep_ != "cc":
            return f"part of the longer name {doc[fact.token_start : fact.token_end + 1].text!r}"
        if outside and root.dep_ == "compound" and root.head.text[:1].isupper():
            return f"part of the longer name ending {root.head.text!r}"
        if outside and root.dep_ == "poss" and root.head.text[:1].isupper():
            return f"part of the longer name {span.text}'s {root.head.text}"
        linked = doc[fact.token_end : fact.token_end + 2]
        if (
            len(span) == 1
            and len(linked) == 2
            and linked[0].lower_ in {"of", "for"}
            and linked[1].pos_ == "PROPN"
        ):
            return f"part of the longer name {span.text} {linked.text}"  # "Scramble for Africa"
    # What follows the gap in the prompt: trimming may have dropped the bracket.
    shown_after = c.prompt.split(BLANK, 1)[1] if BLANK in c.prompt else after
    if re.match(r"\s*\((?:[^()]*\d{3,4})[^()]*\)", shown_after) and c.kind != "date":
        return "the dates in brackets after the gap give it away"
    if re.match(r"\s*\(([A-Z]{2,})\)", shown_after) or re.match(
        r"\s*\(" + re.escape(BLANK), shown_after
    ):
        return "the acronym after the gap gives it away"
    if c.answer.isupper() and len(c.answer) >= 2:
        initials = "".join(w[0] for w in re.findall(r"[A-Z][a-z]+", before[-80:]))
        if c.answer in initials:
            return "the acronym is spelled out just before the gap"
    if fact.token_end > fact.token_start:
        tok = doc[fact.token_start]
        if tok.ent_type_ == "NORP" and tok.pos_ == "ADJ":
            return "a nationality adjective"
    title_words = set(norm(ctx.analysis.document.title or "").split())
    answer_words = set(norm(c.answer).split())
    if answer_words and answer_words <= title_words:
        return "the answer is in the document's title"
    if c.kind == "date" and fact.token_end > fact.token_start:
        last = doc[fact.token_end - 1]
        head = last.head
        if (
            last.dep_ in {"nummod", "compound", "amod", "nmod"}
            and head.pos_ == "NOUN"
            and any(doc[i].pos_ == "PROPN" for i in range(fact.token_end, head.i))
        ):
            # "the 2010 Haiti earthquake": the year is part of the event's name
            return f"the year is part of the name '{doc[fact.token_start : head.i + 1].text}'"
    if c.kind == "date":
        years = re.findall(r"\b\d{4}\b", c.answer)
        rest = c.prompt.replace(BLANK, " ")
        if any(re.search(rf"\b{y}\b", rest) for y in years):
            return "the year is given elsewhere in the sentence"
        if not re.search(r"\d", c.answer) and fact.subtype not in {"era", "century"}:
            return f"{c.answer!r} is not a date a student can learn"
    return None


# --------------------------------------------------------------------------------------
# Category: the wh-word and the distractors fit the answer's kind
# --------------------------------------------------------------------------------------

ORG_HINT = re.compile(
    r"\b(?:party|movement|league|union|legion|council|committee|company|corporation|bank|"
    r"church|army|navy|government|ministry|parliament|senate|congress|court|university|"
    r"college|institute|academy|society|association|federation|alliance|front|agency|office|"
    r"commission|assembly|coalition|board|club|trust|foundation|school|hospital|museum|"
    r"laboratory|laboratories|labs?|order|group|exchange|railway|railroad|works|inc|ltd|co)\b",
    re.I,
)


def _state_like(name: str) -> bool:
    from questions.actors import STATE_WORDS
    from questions.distractors import known_state

    if known_state(name):
        return True
    return any(w.lower() in STATE_WORDS for w in name.split())


def _org_like(name: str) -> bool:
    return bool(ORG_HINT.search(name)) or (name.isupper() and len(name) >= 2)


def _person_like(name: str) -> bool:
    words = name.split()
    return (
        bool(words)
        and words[0] not in NOT_PERSON_START
        and not name.isupper()
        and not any(w.lower().strip(",.") in NOT_PERSON_WORDS for w in words)
        and not _org_like(name)
        and not _state_like(name)
        and all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words)
    )


NAME_PARTICLES = _wordset("van von der den de da del della di du la le of y bin ibn al")


@check("wh_category", types=WH_TYPES)
def _wh_category(c: Candidate, ctx: Context) -> str | None:
    """ "Which country" for a party, "Which organisation" for a scientist: a wrong wh-word."""
    answer = c.answer
    if c.variant == "Which country" and not _state_like(answer):
        return f"{answer!r} is not known to be a country"
    organisation = c.kind == "actor" and c.facts[0].subtype == "organisation"
    if c.variant.startswith("Which ") and organisation and not _org_like(answer):
        return f"{answer!r} does not look like an organisation"
    if c.variant == "Who" and (_state_like(answer) or (answer.isupper() and len(answer) > 1)):
        return f"'Who' for {answer!r}"
    if c.variant == "Where" and (_org_like(answer) or re.search(r"\d", answer)):
        return f"'Where' for {answer!r}, which is no place"
    person = c.kind == "actor" and c.facts[0].subtype == "person" and not c.facts[0].members
    if person and c.variant in {"Who", "Whom"} and not _person_like(answer):
        return f"{answer!r} does not look like a person"
    return None


def _form(name: str) -> int:
    """1 for a single word (a surname), 2 for a fuller name."""
    return 1 if len(name.split()) == 1 else 2


@check("distractor_kind", types=frozenset({"multiple_choice"}))
def _distractor_kind(c: Candidate, ctx: Context) -> str | None:
    """Every wrong choice is of the key's kind and written in its form."""
    if c.kind != "actor":
        return None
    wrong = [x for x in c.choices if x != c.answer]
    subtype = c.facts[0].subtype
    if subtype == "person":
        for w in wrong:
            if not _person_like(w):
                return f"{w!r} does not look like a person"
            if _form(w) != _form(c.answer):
                return f"{w!r} is not written like {c.answer!r}"
    elif subtype == "state":
        for w in wrong:
            if not _state_like(w):
                return f"{w!r} is not known to be a state"
    elif subtype == "organisation":
        for w in wrong:
            if _person_like(w) and not _org_like(w):
                return f"{w!r} looks like a person, not an organisation"
    return None


@check("false_swap", types=frozenset({"true_false"}))
def _false_swap(c: Candidate, ctx: Context) -> str | None:
    """A false statement must be false, and not false at a glance: the value swapped in is
    of the fact's own kind, and is not said in the same paragraph, where it may well be
    true ("The second pandemic reached Sunderland" when the next sentence says it did)."""
    if c.variant != "false" or not c.swapped or c.kind == "outcome":
        return None
    paragraph = ctx.paragraph_text(ctx.analysis.sentences[c.sentence].paragraph)
    if re.search(rf"(?<!\w){re.escape(c.swapped)}(?!\w)", paragraph):
        return f"{c.swapped!r} is said in the same paragraph, so the statement may be true"
    if c.kind not in {"actor", "place", "event"}:
        return None
    key, subtype = c.facts[0].text, c.facts[0].subtype
    if _head_word(c.swapped) != _head_word(key):
        return f"{c.swapped!r} for {key!r}: not the same kind of thing"  # a party, an exchange
    if subtype == "person" and not (
        _person_like(c.swapped) and _person_like(key) and _form(c.swapped) == _form(key)
    ):
        return f"{c.swapped!r} for {key!r}: not both people named the same way"
    if subtype == "state" and not (_state_like(c.swapped) and _state_like(key)):
        return f"{c.swapped!r} for {key!r}: not both states"
    if subtype == "organisation" and _person_like(c.swapped) and not _org_like(c.swapped):
        return f"{c.swapped!r} for {key!r}: a person for an organisation"
    if subtype not in {"person", "state", "organisation"} and (
        _person_like(c.swapped) != _person_like(key)
    ):
        return f"{c.swapped!r} for {key!r}: not the same kind of thing"
    return None


def _head_word(name: str) -> str | None:
    """The kind word of a name: "Treaty" of "Treaty of Vereeniging", "School" of "Darvel
    School", when it has one."""
    words: list[str] = re.findall(r"[A-Za-z]+", name)
    return next((w.lower() for w in words if w.lower() in HEAD_WORDS), None)


HEAD_WORDS = _wordset(
    "treaty war battle siege conference congress peace pact agreement revolution uprising "
    "rebellion crisis school university college academy institute hospital society company "
    "bank church cathedral palace museum river street square party army navy league "
    "exchange tower bridge castle monastery abbey company corporation court parliament"
)


@check("distractor_head", types=frozenset({"multiple_choice"}))
def _distractor_head(c: Candidate, ctx: Context) -> str | None:
    """ "Which treaty ...?" offers treaties, and a list of schools is answered by schools."""
    if c.kind not in {"event", "actor", "place"}:
        return None
    heads = {_head_word(m) for m in (c.facts[0].members or (c.answer,))}
    if len(heads) != 1 or None in heads:
        return None
    head = heads.pop()
    for choice in c.choices:
        for part in re.split(r",\s*|\s+and\s+", choice):
            if _head_word(part) != head:
                return f"{part!r} is not a {head} like the answer"
    return None


# --------------------------------------------------------------------------------------
# Outcomes: "What did X do?" asks one thing, with choices that read as whole acts
# --------------------------------------------------------------------------------------

# In a choice, "his" and "its" read as the subject's own; "him" or "them" point elsewhere.
OBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|him|them|it|itself)\b", re.I)
FUNCTION_END = re.compile(
    r"\b(?:they|that|the|a|an|of|in|on|at|by|for|from|to|with|and|or|but|which|who|as|"
    r"its|his|her|their)$",
    re.I,
)


STATE_SUBJECT = re.compile(r"\b(?:government|republics?|kingdoms?|empires?|states?)\b")


@check("outcome_sense", types=WH_TYPES | frozenset({"true_false"}))
def _outcome_sense(c: Candidate, ctx: Context) -> str | None:
    """An outcome and its distractors stand on their own and the stem asks for one act."""
    if c.kind != "outcome":
        return None
    options = [c.answer, *c.choices] if c.type != "true_false" else [c.prompt]
    for text in options:
        if FUNCTION_END.search(text.rstrip(".")):
            return f"{text!r} is cut off"
        if c.type != "true_false":
            m = OBJECT_PRONOUN.search(text) or CONTEXT_PHRASE.search(text)
            if m is not None:
                return f"{m.group(0)!r} in {text!r} refers outside the question"
    if (
        c.type == "multiple_choice"
        and ctx.distractors.subject_kind(c.facts[0]) not in {"person", "state"}
        and not STATE_SUBJECT.search(ctx.distractors.subject_of(c.facts[0]))
    ):
        # The acts of a company, a war or "the Boers" are too unlike each other to offer
        # as wrong choices ("a stock exchange invested in a railway"): asked another way.
        return "only the acts of people and states make fair wrong choices"
    m = re.fullmatch(r"What (?:did|does|do) (.+) do\?", c.prompt)
    if m is not None:
        if "," in m.group(1):
            return "the subject is broken by a comma"
        subject = ctx.distractors.subject_of(c.facts[0])
        others = ctx.distractors.outcomes_of(subject) - 1
        if subject and others > 0:
            return f"{subject} did {others} other things in the document: which is asked?"
        if c.type == "multiple_choice":
            # "What did France and the Emperor do?": with no when or where, a student
            # cannot tell which act of theirs the question means.
            return "the question says neither when nor where"
    return None


# --------------------------------------------------------------------------------------
# Re-reading the finished question with the parser: last, so only survivors pay for it
# --------------------------------------------------------------------------------------

# Verbs whose passive keeps an object, as participles: "Sweden was promised five million
# thalers". (The re-parse runs without the lemmatizer; a passive's verb is a participle.)
TWO_OBJECT_PARTICIPLES = _wordset(
    "given granted awarded offered promised sent shown told paid allowed denied refused lent "
    "handed assigned sold taught asked owed charged named called elected appointed made "
    "considered crowned dubbed titled voted left brought cost spared"
)
WH_WORDS = frozenset({"what", "which", "who", "whom", "how", "many", "much"})
QUESTION_AUX = frozenset({"did", "does", "do", "was", "were", "is", "are", "had", "has", "have"})


@check("structure", types=WH_TYPES, reparses=True)
def _structure(c: Candidate, ctx: Context) -> str | None:
    """The question parsed again on its own, for what the transformation breaks and the
    words alone do not show: the subject missing after the auxiliary ("When did at
    Paardeberg the Boer general surrender?"), an object after a passive that takes none
    ("Which country was affected cheap grain ...?"), or no verb at all.

    Only these: the small model parses a well-formed question's verb as a noun about one
    time in twenty ("When did the seventh pandemic begin ...?"), so a missing root or
    subject in its parse is no proof of a broken question. The parse has tags and
    dependencies only (see `Context.reparse_all`), so the tests read `tag_`.
    """
    doc = ctx.reparse(c.prompt)
    if not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in doc):
        return "no verb in the question"
    first = next((t for t in doc[:4] if t.lower_ in QUESTION_AUX), None)
    if first is not None and first.i + 1 < len(doc):
        after = doc[first.i + 1]
        if after.tag_ == "IN" and after.dep_ != "prt":
            return f"'{first.text} {after.text}': no subject after the auxiliary"
    for tok in doc:
        if not any(ch.dep_ == "auxpass" for ch in tok.children):
            continue
        objects = [ch for ch in tok.children if ch.dep_ == "dobj"]
        kept = objects and tok.lower_ not in TWO_OBJECT_PARTICIPLES
        if kept and objects[0].lower_ not in WH_WORDS:
            return f"'{tok.text} {objects[0].text}': an object after a passive that takes none"
    return None
