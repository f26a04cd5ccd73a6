"""Outcomes: who did what to whom, and when, read off the dependency parse.

A `Clause` is one verb with its subject, auxiliaries, complements and adjuncts, as token
indices into the parsed paragraph. Keeping tokens rather than strings lets the question
types move a phrase to the front ("In which battle was Francesco Nullo killed?"), drop it
("When did the Italian government expel two Russian diplomats?") or turn it into the
answer ("What did the Italian government do after the Skripal poisoning case?") with real
subject–auxiliary inversion and do-support, instead of templates pasted over strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from questions.dates import parse_date
from questions.references import leans_on_context

PRONOUNS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "which",
        "what",
        "one",
        "someone",
        "something",
    ]
)
TEMPORAL_PREPS = frozenset(
    {"after", "before", "during", "since", "until", "till", "following", "throughout", "by"}
)
TEMPORAL_MARKS = frozenset({"when", "while", "after", "before", "since", "until", "as", "once"})
DO_FORMS = {"VBD": "did", "VBZ": "does", "VBP": "do"}
SKIP_PREDICATES = frozenset(
    {
        "be",
        "have",
        "seem",
        "appear",
        "become",
        "remain",
        "say",
        "note",
        "read",
        "see",
        "cover",
        "reach",
        "include",
        "involve",
        "contain",
    }
)
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
MAX_OUTCOME_WORDS = 12
# Verbs that are a whole act without an object: "What did Cecil Rhodes do in January
# 1896?" "He resigned."
LONE_ACTS = frozenset(
    {
        "resign",
        "abdicate",
        "surrender",
        "capitulate",
        "retire",
        "emigrate",
        "defect",
        "mutiny",
        "rebel",
        "revolt",
        "strike",
        "withdraw",
        "retreat",
        "escape",
        "flee",
        "convert",
        "marry",
        "divorce",
        "abstain",
        "collapse",
        "default",
        "secede",
    }
)
SHORT_STATEMENT_WORDS = 14
_DROP_IN_PHRASES = {"appos", "acl", "relcl", "parataxis"}


@dataclass(eq=False)
class Clause:
    """One predication of a sentence, as token indices into `doc`."""

    doc: Doc
    sentence: int
    sent_start: int
    sent_end: int
    verb: int
    subject: list[int]
    aux: list[int]
    body: list[int]
    adjuncts: list[int]
    passive: bool
    copula: bool
    plural_subject: bool
    inserted_aux: str | None = None
    date_phrase: list[int] = field(default_factory=list)
    date_entity: tuple[int, int] | None = None
    names: dict[int, str] = field(default_factory=dict)
    rewrites: dict[int, str] = field(default_factory=dict)

    @property
    def verb_token(self) -> Token:
        return self.doc[self.verb]

    @property
    def subject_root(self) -> Token | None:
        if not self.subject:
            return None
        roots = [self.doc[i] for i in self.subject if self.doc[i].head.i not in self.subject]
        return roots[0] if roots else None

    def text(self, indices: Iterable[int]) -> str:
        return render(self.doc, indices, self.names, self.rewrites)


def render(
    doc: Doc,
    indices: Iterable[int],
    names: dict[int, str] | None = None,
    rewrites: dict[int, str] | None = None,
) -> str:
    """Join tokens back into text, keeping the document's own spacing where it is contiguous.

    `names` writes resolved pronouns as names; `rewrites` writes whole phrases anew (a
    relative date as its date), and applies only when the phrase is kept whole.
    """
    chosen = set(indices)
    rewrites = rewrites or {}
    whole = whole_rewrites(chosen, rewrites)
    # A comma inside a kept phrase stays ("died, leaving ..."); one at a cut does not.
    chosen |= {
        i + 1 for i in chosen if i + 2 in chosen and i + 1 < len(doc) and doc[i + 1].text == ","
    }
    toks = sorted(chosen)
    parts: list[str] = []
    written: set[str] = set()  # a name once, then the text's own pronoun: "X and his ..."
    for k, i in enumerate(toks):
        name = names.get(i) if names else None
        if i in whole:
            if whole[i]:
                parts.append(whole[i])
        elif name is not None and name not in written:
            parts.append(pronoun_as_name(doc[i], name))
            written.add(name)
        else:
            parts.append(doc[i].text)
        if k + 1 < len(toks):
            parts.append(doc[i].whitespace_ if toks[k + 1] == i + 1 else " ")
    return tidy("".join(parts))


def whole_rewrites(chosen: set[int], rewrites: dict[int, str]) -> dict[int, str]:
    """The rewrites whose phrase (a token with text and the empty ones after it) is chosen
    whole: half of "the following year" is not rewritten."""
    out: dict[int, str] = {}
    for i, text in rewrites.items():
        if not text:
            continue
        phrase = [i]
        while rewrites.get(phrase[-1] + 1) == "":
            phrase.append(phrase[-1] + 1)
        if all(j in chosen for j in phrase):
            out.update({j: "" for j in phrase})
            out[i] = text
    return out


def pronoun_as_name(tok: Token, name: str) -> str:
    """A resolved pronoun written as the person's name ("his" -> "Fleming's")."""
    if tok.pos_ != "PRON":
        return name  # a name kept as written
    return f"{name}'s" if tok.tag_ == "PRP$" or tok.lower_ == "hers" else name


def tidy(text: str) -> str:
    """Repair the punctuation that removing a phrase leaves behind."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([,.;:?!)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    text = re.sub(r"(,\s*){2,}", ", ", text)
    text = re.sub(r"^[,;:\s]+|[,;:\s]+$", "", text)
    text = re.sub(r"\s+", " ", text)
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    for quote_open, quote_close in (("“", "”"), ("‘", "’")):
        if text.count(quote_open) != text.count(quote_close):
            text = text.replace(quote_open, "").replace(quote_close, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text.strip()


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _in_name_list(t: Token) -> bool:
    """A name the model took for an appositive, inside a list "A, B, C and D"."""
    right = t.doc[t.i : min(len(t.doc), t.i + 12)]
    return any(u.dep_ == "cc" for u in right if u.head.pos_ == "PROPN")


ASIDE_MARKS = frozenset({",", "(", "–", "—"})


def _phrase_without_asides(tok: Token) -> set[int]:
    """A noun phrase without appositives and comma-set clauses ("the government, led by X,")."""
    out = _subtree(tok)
    for t in tok.subtree:
        if t.text == "(" and t.i in out:
            close = next((u.i for u in tok.doc[t.i :] if u.text == ")"), None)
            if close is not None:
                out -= set(range(t.i, close + 1))  # "(2001–2006 and 2008–2011)" is an aside
            continue
        if t.dep_ not in _DROP_IN_PHRASES or t.head.i not in out or t.i == tok.i:
            continue
        if t.dep_ == "appos" and t.pos_ == "PROPN" and _in_name_list(t):
            continue  # "Claude Monet, Renoir, Sisley and Bazille": a list, not an aside
        set_off = t.left_edge.i > 0 and tok.doc[t.left_edge.i - 1].text in {",", "(", "–", "—"}
        if set_off:  # a close appositive ("the opposition Five Stars Movement") is no aside
            out -= _subtree(t)
    while out and tok.doc[max(out)].is_punct:
        out.discard(max(out))
    while out and tok.doc[min(out)].is_punct:
        out.discard(min(out))
    return out


def _jumps_a_coordination(doc: Doc, body: set[int]) -> bool:
    """The body skips over "and" or "but" that joins clauses and goes on after it."""
    if not body:
        return False
    lo, hi = min(body), max(body)
    return any(
        doc[i].dep_ == "cc" and doc[i].head.pos_ in {"VERB", "AUX"} and i not in body
        for i in range(lo, hi)
    )


def _own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)


def _find_subject(verb: Token) -> Token | None:
    subj = _own_subject(verb)
    head = verb
    while subj is None and head.dep_ == "conj" and head.head.pos_ in {"VERB", "AUX"}:
        if _named_between(head.head, head):
            return None  # "the raiders surrendered, and ... Cecil Rhodes ... resigned"
        if any(t.text in {":", ";"} for t in head.doc[head.head.i : head.i]):
            return None  # "Britain was affected: cheap grain ... drove down farm incomes"
        head = head.head
        subj = _own_subject(head)
    return subj


def _named_between(first: Token, verb: Token) -> bool:
    """A name of its own before a coordinated verb: the verb's true subject, misparsed."""
    cc = next((t.i for t in first.doc[first.i : verb.i] if t.dep_ == "cc"), first.i)
    return any(
        t.pos_ == "PROPN" and t.head.pos_ != "ADP" and t.dep_ not in {"pobj", "compound", "poss"}
        for t in first.doc[cc + 1 : verb.i]
    )


CONCESSIVE = frozenset({"although", "though", "while", "whereas", "whilst"})


def commentary(advcl: Token) -> bool:
    """A trailing comma-set clause that comments on the act rather than being part of
    it: a participle (", beginning the first of seven pandemics") or a concession (",
    although contemporary figures are unreliable"). A question reads better without it."""
    if advcl.tag_ == "VBG":
        return True
    return any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in advcl.children)


CLAUSE_LINKS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp"})


def _dates_own(tok: Token, date_ents: set[int], within: set[int] | None = None) -> bool:
    """The phrase `tok` heads holds a date of its own, not one of a clause inside it:
    "grew out of the associations that merchants formed in the late 12th century" dates
    the forming, not the growing."""
    for t in tok.subtree:
        if t.i not in date_ents or (within is not None and t.i not in within):
            continue
        link = t
        while link.i != tok.i and link.dep_ not in CLAUSE_LINKS:
            link = link.head
        if link.i == tok.i:
            return True
    return False


def _is_temporal_adjunct(tok: Token, date_ents: set[int]) -> bool:
    if tok.dep_ == "prep" and tok.lower_ in TEMPORAL_PREPS:
        return True
    if tok.dep_ in {"prep", "npadvmod"} and _dates_own(tok, date_ents):
        return True
    return bool(
        tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in tok.children)
    )


def clauses_in(
    doc: Doc,
    sentence: int,
    start: int,
    end: int,
    resolved: dict[int, str] | None = None,
    rewrites: dict[int, str] | None = None,
) -> list[Clause]:
    """Every clause of the sentence doc[start:end] whose subject is a noun phrase.

    `resolved` maps the token index of a pronoun to the person it stands for
    (`questions.coref`); a clause whose subject is such a pronoun ("He discovered
    lysozyme") is kept and written with the name. `rewrites` holds relative dates written
    as the dates they name (`questions.facts.relative_rewrite`); they count as dates.
    """
    resolved = resolved or {}
    rewrites = rewrites or {}
    date_ents = {
        i
        for e in doc.ents
        if e.label_ == "DATE"
        and start <= e.start < end
        and (parse_date(e.text) is not None or e.start in rewrites)
        for i in range(e.start, e.end)
    }
    out: list[Clause] = []
    for tok in doc[start:end]:
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.dep_ not in {"ROOT", "conj", "pcomp", "advcl", "ccomp"}:
            continue
        if tok.pos_ == "AUX" and tok.dep_ != "ROOT":
            continue
        if tok.tag_ in {"VB", "VBP"} and not any(
            c.dep_ in {"aux", "auxpass"} for c in tok.children
        ):
            subj_tok = _find_subject(tok)
            if tok.tag_ == "VB" or (
                subj_tok is not None
                and subj_tok.tag_ in {"NN", "NNP", "PRP"}
                and subj_tok.lower_ not in {"i", "you", "we", "they"}
            ):
                continue  # "suggested that he join ...": a subjunctive, no statement of fact
        if sum(1 for c in tok.children if c.dep_ in _SUBJECT_DEPS) > 1:
            continue  # two subjects for one verb: the parse is confused, ask nothing
        if any(c.dep_ in {"attr", "dobj"} and c.pos_ == "VERB" for c in tok.children):
            continue  # a verb parsed as an object ("... plan to deploy"): likewise
        if any(_unjoined(tok, c) for c in tok.children) or _unjoined(tok.head, tok):
            continue  # "An Act passed in 1699 extended his patent": "passed" is no main verb
        subj = _find_subject(tok)
        absolute = tok.dep_ == "pcomp" and tok.head.lower_ == "with" and tok.tag_ in {"VBN", "VBD"}
        if subj is None:
            continue
        if (subj.lower_ in PRONOUNS or subj.pos_ == "PRON") and subj.i not in resolved:
            continue
        if tok.dep_ == "pcomp" and not absolute:
            continue
        lo = max((t.i for t in doc[start : tok.i] if t.text == ";"), default=start - 1) + 1
        hi = min((t.i for t in doc[tok.i : end] if t.text == ";"), default=end)
        lo, hi = _inside_brackets(doc, tok.i, lo, hi)
        if not lo <= subj.i < hi:
            continue
        subject = {i for i in _phrase_without_asides(subj) if lo <= i < hi}
        for child in subj.lefts:
            if child.dep_ == "prep":  # "at Paardeberg the Boer general Piet Cronjé": misparsed
                subject -= {t.i for t in child.subtree}
        if any(doc[i].text == "," for i in subject) and not any(
            doc[i].dep_ == "cc" for i in subject
        ):
            continue  # "the German physician Robert Koch, then to Calcutta": an aside cut
        if any(doc[i].tag_ in {"PRP", "PRP$"} and i not in resolved for i in subject):
            continue  # "their first daughter": whose? the question could not say
        aux = [c.i for c in tok.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < tok.i]
        excluded = set(subject) | set(aux) | {tok.i}
        body: set[int] = set()
        adjuncts: set[int] = set()
        date_phrase: set[int] = set()
        for child in tok.children:
            if child.i in excluded or child.dep_ in _SUBJECT_DEPS:
                continue
            if child.dep_ in {"conj", "cc"} and (
                child.pos_ in {"VERB", "AUX"} or child.dep_ == "cc"
            ):
                continue
            if child.dep_ in {"punct", "mark", "advmod"} and child.i < tok.i:
                if child.dep_ == "advmod" and child.lower_ in MEANING_ADVERBS:
                    body.add(child.i)  # "first spread": without it the question is false
                continue
            if child.dep_ == "punct":
                continue
            if child.dep_ in {"parataxis", "ccomp"} and child.i < tok.i:
                continue
            aside = doc[child.left_edge.i - 1].text in {",", "–", "—"}
            if child.dep_ in {"npadvmod", "appos", "parataxis"} and aside:
                continue  # "relieved on 17 May 1900, news that prompted ...": an aside
            if (
                child.dep_ == "advcl"
                and child.i < tok.i
                and not _is_temporal_adjunct(child, date_ents)
            ):
                continue  # "Inspired by X, she began ...": an aside, not part of the act
            phrase = (
                _phrase_without_asides(child)
                if child.dep_ not in {"advcl", "ccomp", "xcomp"}
                else _subtree(child)
            )
            phrase = {i for i in phrase if lo <= i < hi}
            if child.i < tok.i and subject:
                for t in child.subtree:
                    glued = t.dep_ == "appos" and doc[t.left_edge.i - 1].text not in ASIDE_MARKS
                    titled = t.pos_ == "NOUN" and doc[min(subject)].pos_ == "PROPN"
                    if glued and titled and t.right_edge.i + 1 == min(subject):
                        # "at Paardeberg the Boer general Piet Cronjé": his, not the place's
                        moved = {u.i for u in t.subtree}
                        phrase -= moved
                        subject |= moved
            if not phrase:
                continue
            if (
                _dates_own(child, date_ents, phrase)
                and child.dep_ in {"prep", "npadvmod", "pobj"}
                and not date_phrase
            ):
                date_phrase = phrase
                continue
            adjunct = _is_temporal_adjunct(child, date_ents) or (
                child.i < tok.i and child.dep_ == "prep"
            )
            if (adjunct or (child.dep_ == "advcl" and aside)) and leans_on_context(
                doc, phrase, resolved
            ):
                continue  # "after calling it 'mould juice'": an aside the question can lose
            if child.dep_ == "advcl" and child.i > tok.i and aside and commentary(child):
                continue  # ", opening a sea route ...", ", although figures are unreliable"
            if (
                child.dep_ == "advcl"
                and child.i > tok.i
                and aside
                and child.tag_ == "VBN"
                and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in child.children)
            ):
                continue  # ", devised with the firm's employee ...": a participle's aside
            if adjunct:
                adjuncts |= phrase
            else:
                body |= phrase
        body = {i for i in body if lo <= i < hi}
        adjuncts = {i for i in adjuncts if lo <= i < hi}
        if _jumps_a_coordination(doc, body):
            continue  # "the works submitted, and Emperor Napoleon III ordered": misparsed
        copula = tok.lemma_ == "be" and tok.dep_ == "ROOT"
        passive = (
            absolute or any(c.dep_ == "auxpass" for c in tok.children) or (subj.dep_ == "nsubjpass")
        )
        plural = subj.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subj.children)
        date_entity = None
        if date_phrase:
            span = sorted(i for i in date_phrase if i in date_ents)
            date_entity = (span[0], span[-1] + 1)
        out.append(
            Clause(
                doc=doc,
                sentence=sentence,
                sent_start=start,
                sent_end=end,
                verb=tok.i,
                subject=sorted(subject),
                aux=sorted(aux),
                body=sorted(body),
                adjuncts=sorted(adjuncts),
                passive=passive,
                copula=copula,
                plural_subject=plural,
                inserted_aux=("were" if plural else "was") if absolute else None,
                date_phrase=sorted(date_phrase),
                date_entity=date_entity,
                names=_names(doc, subject, [*body, *adjuncts], resolved),
                rewrites=rewrites,
            )
        )
    return out


def _unjoined(head: Token, verb: Token) -> bool:
    """Two finite verbs the parse joined with nothing between them to join them ("An Act
    passed in 1699 extended his patent"): a reduced relative misread as a main verb."""
    if verb.dep_ not in {"conj", "dep"} or verb.i <= head.i or head.i == verb.i:
        return False
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or head.tag_ not in {"VBD", "VBZ", "VBP"}:
        return False
    between = head.doc[head.i + 1 : verb.i]
    return not any(t.dep_ == "cc" or t.is_punct for t in between)


def _inside_brackets(doc: Doc, verb: int, lo: int, hi: int) -> tuple[int, int]:
    """A verb inside brackets keeps its clause there: "(he was dismissed in October 1964)"
    does not take "on the Soviet side" from the sentence around it."""
    depth = 0
    for i in range(verb - 1, lo - 1, -1):
        if doc[i].text == ")":
            depth += 1
        elif doc[i].text == "(":
            if depth == 0:
                close = next((j for j in range(verb, hi) if doc[j].text == ")"), hi)
                return i + 1, close
            depth -= 1
    return lo, hi


def _names(
    doc: Doc, subject: Iterable[int], rest: Iterable[int], resolved: dict[int, str]
) -> dict[int, str]:
    """Resolved pronouns to write as names: the subject's, and any other that is not the
    subject again ("Wright supported his conclusions" -> "... Fleming's conclusions", but
    "Fleming went on holiday with his family" keeps "his", which then binds to "Who")."""
    subject = list(subject)
    out = {i: resolved[i] for i in subject if i in resolved}
    said = " ".join(doc[i].text for i in subject) + " " + " ".join(out.values())
    for i in rest:
        name = resolved.get(i)
        if name is not None and not set(name.split()) & set(said.split()):
            out[i] = name
    return out


def _lower_first(text: str, doc: Doc, first: int) -> str:
    tok = doc[first]
    lowerable = tok.pos_ in {"DET", "ADP", "ADV", "PRON", "SCONJ"} or (
        tok.pos_ in {"ADJ", "NOUN"} and not tok.ent_type_
    )
    if lowerable and tok.text[:1].isupper() and (len(tok.text) == 1 or not tok.text.isupper()):
        return text[:1].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verb_phrase(clause: Clause, *, drop: set[int], do_support: bool) -> tuple[str, str]:
    """(auxiliary to front, rest of the verb group) for an inverted question."""
    doc = clause.doc
    verb = clause.verb_token
    aux = [i for i in clause.aux if i not in drop]
    aux_tokens = [doc[i] for i in aux]
    # Past perfect reads better as a simple past in a question: "had been made" -> "was made".
    if aux_tokens and aux_tokens[0].lower_ == "had" and len(aux_tokens) >= 1:
        rest = aux_tokens[1:]
        if rest and rest[0].lower_ == "been":
            front = "were" if clause.plural_subject else "was"
            return front, " ".join(t.text for t in [*rest[1:], verb])
        if not rest and verb.lemma_ == "be":
            return ("were" if clause.plural_subject else "was"), ""
        if not rest:
            return "did", verb.lemma_
    if clause.inserted_aux:
        return clause.inserted_aux, verb.text
    if aux_tokens:
        front = aux_tokens[0].text.lower()
        return front, " ".join(t.text for t in [*aux_tokens[1:], verb])
    if clause.copula or verb.lemma_ == "be":
        return verb.text.lower(), ""
    if do_support and verb.tag_ in DO_FORMS:
        return DO_FORMS[verb.tag_], verb.lemma_
    return "", verb.text


def _adjunct_text(clause: Clause, indices: Iterable[int]) -> str:
    idx = sorted(indices)
    if not idx:
        return ""
    return _lower_first(clause.text(idx), clause.doc, idx[0])


def subject_text(clause: Clause) -> str:
    if clause.subject[0] in clause.names:
        return clause.text(clause.subject)
    return _lower_first(clause.text(clause.subject), clause.doc, clause.subject[0])


def question_moving(
    clause: Clause, target: set[int], wh: str, *, keep_date: bool = True
) -> str | None:
    """A wh-question whose answer is the phrase `target` of the clause.

    The wh-phrase goes first; if the target is not the subject, the auxiliary (or "do")
    is inverted with the subject.
    """
    doc = clause.doc
    date = set(clause.date_phrase) if keep_date else set()
    date -= target
    if target & set(clause.subject):
        if not target >= set(clause.subject):
            return None
        aux = [doc[i].text for i in clause.aux]
        if clause.inserted_aux:
            aux = [clause.inserted_aux]
        if not aux and clause.verb_token.tag_ == "VBN":
            return None  # "14,000 Black Africans held in separate camps": no finite verb
        rest = [i for i in clause.body if i not in target]
        predicate = clause.text([clause.verb, *rest])  # keeps "died, leaving ..." intact
        tail = _join(predicate, _adjunct_text(clause, [*clause.adjuncts, *date]))
        return _question(_join(wh, *aux, tail))
    front, verb_group = _verb_phrase(clause, drop=set(), do_support=True)
    if not front:
        return None
    rest = [i for i in clause.body if i not in target]
    before = [i for i in rest if i < clause.verb and doc[i].dep_ == "advmod"]  # "first"
    rest = [i for i in rest if i not in before]
    adj = [i for i in [*clause.adjuncts, *date] if i not in target]
    tail = _join(clause.text(before), verb_group, clause.text(rest), _adjunct_text(clause, adj))
    return _question(f"{wh} {front} {subject_text(clause)} {tail}")


UNTIMELY_PREPS = frozenset({"since", "until", "till", "by", "from", "before", "after", "to"})


def timed_by_point(clause: Clause) -> bool:
    """The date says when it happened, not since, until or before when ("had led ... since
    1883" does not answer "When did he lead ...?")."""
    first = clause.doc[clause.date_phrase[0]] if clause.date_phrase else None
    return first is None or first.lower_ not in UNTIMELY_PREPS


def when_question(clause: Clause) -> str | None:
    """ "When did X do Y?": the date phrase is the answer and leaves the question."""
    if not clause.date_phrase or not timed_by_point(clause):
        return None
    doubled = {  # "When was Pierre killed when a wagon struck him?": one "when" is enough
        t.i
        for i in (*clause.body, *clause.adjuncts)
        if clause.doc[i].dep_ == "advcl"
        and any(c.dep_ in {"advmod", "mark"} and c.lower_ == "when" for c in clause.doc[i].children)
        for t in clause.doc[i].subtree
    }
    if doubled:
        clause = replace(
            clause,
            body=[i for i in clause.body if i not in doubled],
            adjuncts=[i for i in clause.adjuncts if i not in doubled],
        )
    return question_moving(clause, set(clause.date_phrase), "When", keep_date=False)


NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "WORK_OF_ART"})


def nameable_subject(clause: Clause) -> bool:
    """The subject is someone or something a student can place: a name, a resolved
    pronoun, or a noun a name directly describes ("British columns", "the General Board of
    Health committee"), not a noun named only through a phrase ("the discovery of gold on
    the Witwatersrand")."""
    root = clause.subject_root
    if root is None:
        return False
    if root.pos_ == "PROPN" or root.ent_type_ in NAMED_ENTS or root.i in clause.names:
        return True
    if root.pos_ != "NOUN":
        return False
    named = [
        c
        for c in root.children
        if c.dep_ in {"compound", "amod", "poss", "nmod"}
        and (c.pos_ == "PROPN" or c.ent_type_ in NAMED_ENTS)
    ]
    # "a committee of the General Board of Health": of a named body, directly
    named += [
        g
        for c in root.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ == "PROPN" and g.ent_type_ in {"ORG", "GPE", "NORP"}
    ]
    return bool(named)


# Passives that describe a state of affairs rather than an event: "was represented by",
# "was ruled from" answer no "What happened to ...?".
HAPPENED_SKIP = frozenset(
    {
        "say",
        "know",
        "call",
        "name",
        "describe",
        "consider",
        "think",
        "represent",
        "lead",
        "rule",
        "govern",
        "base",
        "locate",
        "situate",
        "compose",
        "own",
        "hold",
        "use",
        "link",
        "connect",
        "associate",
        "regard",
        "see",
        "estimate",
        "report",
        "believe",
        "expect",
    }
)


def happened_question(clause: Clause) -> tuple[str, str] | None:
    """("What happened to X <adjuncts>?", "was <verb> <objects>") for a passive clause.

    What happened to something is an outcome as much as what someone did: "was dissolved
    in December 1874", "was largely ignored by the scientific community".
    """
    verb = clause.verb_token
    if not clause.passive or clause.inserted_aux or verb.lemma_ in HAPPENED_SKIP:
        return None
    if not nameable_subject(clause) or not timed_by_point(clause):
        return None
    doc = clause.doc
    aux = [i for i in clause.aux if doc[i].lower_ in {"was", "were"}]
    if len(aux) != len(clause.aux) or not aux:
        return None  # "had been", "has been": keep to the plain past
    adverbs = [c.i for c in verb.children if c.dep_ == "advmod" and aux[0] < c.i < verb.i]
    core = _core_objects(clause)
    answer = tidy(clause.text([*aux, *adverbs, verb.i, *core]))
    if len(answer.split()) > MAX_OUTCOME_WORDS or answer.count(",") > 1:
        return None
    rest = [i for i in clause.body if i not in core]
    adj = _adjunct_text(clause, [*clause.adjuncts, *clause.date_phrase, *rest])
    prompt = _question(f"What happened to {subject_text(clause)} {adj}")
    return prompt, answer


MEANING_ADVERBS = frozenset(
    {"first", "only", "never", "again", "last", "already", "jointly", "independently", "briefly"}
)


def outcome_question(clause: Clause) -> tuple[str, str] | None:
    """What the clause says was done or happened, as a question and its answer."""
    return do_question(clause) or happened_question(clause)


def do_question(clause: Clause) -> tuple[str, str] | None:
    """("What did X do <adjuncts>?", "<verb> <objects>") for an action clause."""
    verb = clause.verb_token
    if clause.passive or clause.copula or verb.lemma_ in SKIP_PREDICATES:
        return None
    if not clause.body and (not clause.date_phrase or verb.lemma_ not in LONE_ACTS):
        return None  # "resigned in January 1896" is an act; "began in 1899" is none
    if clause.aux and not (len(clause.aux) == 1 and clause.doc[clause.aux[0]].lower_ == "had"):
        return None
    if verb.tag_ not in DO_FORMS and not clause.aux:
        return None
    if not nameable_subject(clause) or not timed_by_point(clause) or verb.lemma_ == "do":
        return None  # "What did the discovery of gold do?" asks about no one a student can place
    answer = tidy(f"{verb.text} {clause.text(_core_objects(clause))}")
    if len(answer.split()) > MAX_OUTCOME_WORDS or answer.count(",") > 1:
        return None
    adj = _adjunct_text(clause, [*clause.adjuncts, *clause.date_phrase])
    do = "did" if clause.aux else DO_FORMS[verb.tag_]
    prompt = _question(f"What {do} {subject_text(clause)} do {adj}")
    return prompt, answer


def _core_objects(clause: Clause, limit: int = MAX_OUTCOME_WORDS) -> list[int]:
    """The verb's objects and as many following phrases as keep the result short.

    A core phrase that is itself long ("to gain Lebensraum by invading ...") is cut before
    its first modifier phrase ("to gain Lebensraum").
    """
    doc = clause.doc
    tops = sorted(i for i in clause.body if doc[i].head.i == clause.verb)
    body = set(clause.body)
    kept: list[int] = []
    for top in tops:
        phrase = sorted(t.i for t in doc[top].subtree if t.i in body)
        core = doc[top].dep_ in {
            "dobj",
            "attr",
            "dative",
            "prt",
            "acomp",
            "oprd",
            "xcomp",
            "ccomp",
        }
        if core and len(kept) + len(phrase) > limit:
            room = limit - len(kept)
            cuts = [
                i
                for i in phrase
                if i > top
                and doc[i].dep_ in {"prep", "advcl", "relcl", "acl", "punct"}
                and doc[i].head.i in phrase
            ]
            # The latest cut that fits: "ties with Russia", not just "ties".
            fitting = [i for i in cuts if sum(1 for j in phrase if j < i) <= room]
            cut = fitting[-1] if fitting else (cuts[0] if cuts else None)
            if cut is not None:
                phrase = [i for i in phrase if i < cut]
        if kept and not core and len(kept) + len(phrase) > limit:
            break
        kept.extend(phrase)
    return kept


def statement(clause: Clause, *, with_date: bool = False, short: bool = False) -> str:
    """The clause as a sentence in the document's own word order, without asides.

    Without its date by default (an ordering item must not give its date away); `short`
    keeps only the verb's core objects, for list items.
    """
    indices = set(clause.subject) | set(clause.aux) | {clause.verb}
    indices |= set(_core_objects(clause, SHORT_STATEMENT_WORDS) if short else clause.body)
    if not short:
        indices |= set(clause.adjuncts)
    if with_date:
        indices |= set(clause.date_phrase)
    text = clause.text(indices)
    if clause.inserted_aux:
        verb = clause.verb_token.text
        text = text.replace(f" {verb}", f" {clause.inserted_aux} {verb}", 1)
    return _upper_first(tidy(text))


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _question(text: str) -> str:
    text = tidy(text)
    text = re.sub(r"[.,;:!]+$", "", text).strip()
    return _upper_first(text) + "?"
