"""A sentence cut down to the part a question needs, so the question stands on its own.

A cloze or a true/false statement made from a whole sentence carries its other clauses
along, and those are where a paragraph's context hides: "Tom suggested that he follow the
same career, and in 1903 he enrolled at St Mary's" asks about St Mary's but leaves "the same
career" unexplained. Keeping only the coordinated clause that holds the gap, and dropping
bracketed asides that are not the gap (a spelled-out acronym, a pair of years that cue the
war), gives "In 1903 Fleming enrolled at St Mary's Hospital Medical School in Paddington."
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from questions.facts import Analysis
from questions.outcomes import commentary, pronoun_as_name, whole_rewrites
from questions.references import leans_on_context

CLAUSE_HEADS = frozenset({"VERB", "AUX"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
CONNECTORS = frozenset({"cc", "punct"})


def _own_clause(tok: Token) -> bool:
    """A conjunct that is a whole clause: a verb with its own subject."""
    return (
        tok.dep_ == "conj"
        and tok.pos_ in CLAUSE_HEADS
        and tok.head.pos_ in CLAUSE_HEADS
        and any(c.dep_ in SUBJECTS for c in tok.children)
    )


def _clause_ranges(span: Span) -> list[tuple[int, int]]:
    """Token ranges (absolute, end exclusive) of the coordinated clauses in the span."""
    out = []
    for tok in span:
        if _own_clause(tok):
            left = min(t.i for t in tok.subtree)
            right = max(t.i for t in tok.subtree) + 1
            if span.start < left and right <= span.end:
                out.append((left, right))
    return out


def _brackets(span: Span) -> list[tuple[int, int]]:
    """Token ranges of the bracketed asides in the span, brackets included."""
    out = []
    opened: int | None = None
    for tok in span:
        if tok.text == "(" and opened is None:
            opened = tok.i
        elif tok.text == ")" and opened is not None:
            out.append((opened, tok.i + 1))
            opened = None
    return out


def kept_tokens(
    span: Span, first: int, last: int, resolved: dict[int, str] | None = None
) -> list[int]:
    """The tokens of the sentence a question about tokens first..last (inclusive) keeps.

    The clause holding the gap is kept whole; other coordinated clauses go with the
    "and"/comma that joined them; brackets not holding the gap go too, and so do comma-set
    asides that point outside the sentence when `resolved` (the resolved pronouns) is given.
    """
    keep = set(range(span.start, span.end))
    clauses = _clause_ranges(span)
    holding = [c for c in clauses if c[0] <= first and last < c[1]]
    if holding:
        inner = min(holding, key=lambda c: c[1] - c[0])
        keep &= set(range(*inner))
        clauses = [c for c in clauses if inner[0] <= c[0] and c[1] <= inner[1] and c != inner]
    for left, right in clauses:
        if left <= first and last < right:
            continue
        keep -= set(range(left, right))
        i = left - 1
        while i >= span.start and span.doc[i].dep_ in CONNECTORS and span.doc[i].text != ")":
            keep.discard(i)
            i -= 1
    for left, right in _brackets(span):
        if left <= last and first < right:
            continue
        keep -= set(range(left, right))
    if resolved is not None:
        keep -= _leaning_asides(span, first, last, keep, resolved)
        keep -= _connectives(span, first, last)
    return sorted(keep)


CONNECTIVES = frozenset(
    {"however", "moreover", "nevertheless", "nonetheless", "furthermore", "therefore", "thus"}
)


def _connectives(span: Span, first: int, last: int) -> set[int]:
    """ "However," and ", therefore," with their commas: they answer a sentence the question
    does not show."""
    out: set[int] = set()
    doc = span.doc
    for tok in span:
        if tok.lower_ not in CONNECTIVES or tok.dep_ not in {"advmod", "cc"}:
            continue
        if first <= tok.i <= last:
            continue
        around = [i for i in (tok.i - 1, tok.i + 1) if span.start <= i < span.end]
        commas = [i for i in around if doc[i].text == ","]
        if tok.i != span.start and not commas:
            continue
        out.add(tok.i)
        out |= set(commas)
    return out


ASIDE_DEPS = frozenset({"advcl", "prep", "npadvmod"})


def _leaning_asides(
    span: Span, first: int, last: int, keep: set[int], resolved: dict[int, str]
) -> set[int]:
    """Tokens of the comma-set asides of kept verbs that point outside the sentence, or
    trail it as a comment (", although contemporary figures are unreliable"), and do not
    hold the gap: "after several months of calling it 'mould juice', he named the
    substance penicillin" loses the aside and keeps its act."""
    doc = span.doc
    out: set[int] = set()
    for tok in span:
        if tok.dep_ not in ASIDE_DEPS or tok.head.pos_ not in CLAUSE_HEADS or tok.i not in keep:
            continue
        left = tok.left_edge.i
        right = tok.right_edge.i
        if (left <= last and first <= right) or tok.head.i in range(left, right + 1):
            continue
        before = doc[left - 1].text if left > span.start else ""
        after = doc[right + 1].text if right + 1 < span.end else ""
        if before != "," and after != ",":
            continue
        indices = [i for i in range(left, right + 1) if i in keep]
        trailing_comment = tok.dep_ == "advcl" and before == "," and commentary(tok)
        if not trailing_comment and not leans_on_context(doc, indices, resolved):
            continue
        out |= set(range(left, right + 1))
        if after == ",":
            out.add(right + 1)
        if before == "," and after == "," and _ends_subject(tok, left - 2):
            out.add(left - 1)  # "Boulton, foreseeing ..., urged Watt": both commas go
        elif before == "," and after != ",":
            out.add(left - 1)
    return out


def _ends_subject(aside: Token, index: int) -> bool:
    """The token at `index` is the last of the subject of the verb the aside hangs on:
    the aside then sits between subject and verb, and neither of its commas stays."""
    subjects = [c for c in aside.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:  # "and Emperor Napoleon III, responding ..., ordered": misparsed
        return index >= 0 and aside.doc[index].pos_ in {"PROPN", "NOUN", "PRON"}
    return any(s.right_edge.i == index for s in subjects)


FINAL = frozenset({".", "!", "?"})
TIGHT = frozenset({".", ",", ";", ":", "!", "?", ")", "'s", "’s", "%"})


def self_contained(analysis: Analysis, index: int, start: int, end: int) -> tuple[str, int, int]:
    """The sentence cut to the clause holding the gap (start, end), with its first resolved
    pronoun written as the person's name and a relative date at its head written as the
    year ("The following year he shared" -> "In 1945 Fleming shared"); the gap comes back
    moved to match, its own text untouched."""
    s = analysis.sentences[index]
    doc = analysis.docs[s.paragraph]
    span = doc[s.token_start : s.token_end]
    base = doc[s.token_start].idx
    gap = [t.i for t in span if t.idx - base < end and start < t.idx - base + len(t.text)]
    if not gap:
        return s.text, start, end
    resolved = {
        i: name
        for i in range(s.token_start, s.token_end)
        if (name := analysis.names.get((s.paragraph, i))) is not None
    }
    kept = kept_tokens(span, gap[0], gap[-1], resolved)
    written = _dated(analysis, index, kept, gap)
    _name_first_pronoun(analysis, index, kept, base, start, end, written)
    text = ""
    new_start = new_end = -1
    previous = -2
    for i in kept:
        tok = doc[i]
        piece = written.get(i, tok.text)
        if not piece:
            continue
        if i != previous + 1:
            text = text.rstrip()
            if text and piece not in TIGHT and not text.endswith(("(", "“")):
                text += " "
        previous = i
        rel = tok.idx - base
        if rel <= start < rel + len(tok.text):
            new_start = len(text) + start - rel
        if rel < end <= rel + len(tok.text):
            new_end = len(text) + end - rel
        text += piece + tok.whitespace_
    text = text.rstrip()
    if new_start < 0 or new_end < 0:
        return s.text, start, end
    if new_start > 0 and text[:1].islower():
        text = text[:1].upper() + text[1:]
    if text and text[-1] not in FINAL:
        trimmed = text.rstrip(" ,;:—–-")
        if len(trimmed) < new_end:
            return s.text, start, end
        text = trimmed + "."
    return text, new_start, new_end


def _dated(analysis: Analysis, index: int, kept: list[int], gap: list[int]) -> dict[int, str]:
    """Token -> replacement for the relative dates of the kept text that are kept whole and
    are not the gap ("The following year he shared" -> "In 1945 he shared")."""
    s = analysis.sentences[index]
    local = {
        i: text
        for i in range(s.token_start, s.token_end)
        if (text := analysis.rewrites.get((s.paragraph, i))) is not None
    }
    whole = whole_rewrites(set(kept) - set(gap), local)
    if whole and kept[0] in whole and whole[kept[0]]:
        first = whole[kept[0]]
        whole[kept[0]] = first[:1].upper() + first[1:]
    return whole


def _name_first_pronoun(
    analysis: Analysis,
    index: int,
    kept: list[int],
    base: int,
    start: int,
    end: int,
    written: dict[int, str],
) -> None:
    """The first resolved pronoun of the kept text becomes the name it stands for, unless
    it is the gap itself or the name (its surname, or its first name alone) is already
    written before it."""
    s = analysis.sentences[index]
    doc = analysis.docs[s.paragraph]
    before = ""
    for i in kept:
        name = analysis.names.get((s.paragraph, i))
        tok = doc[i]
        if name is None or i in written:  # a phrase already written anew ("Lisbon")
            before += " " + written.get(i, tok.text)
            continue
        rel = tok.idx - base
        first = name.split()[0]
        said = name.split()[-1] in before or (first[:1].isupper() and first in before.split())
        if (rel < end and start < rel + len(tok.text)) or said:
            return  # the gap, or already named: "Pierre was killed when a wagon struck him"
        after = " ".join(doc[j].text for j in kept if j > i)
        if name.split()[-1] in after.split():
            return  # "In the second edition of his book, ... Snow compared": named after
        written[i] = pronoun_as_name(tok, name)
        return
