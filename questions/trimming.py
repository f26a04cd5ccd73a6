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
from questions.outcomes import pronoun_as_name

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


def kept_tokens(span: Span, first: int, last: int) -> list[int]:
    """The tokens of the sentence a question about tokens first..last (inclusive) keeps.

    The clause holding the gap is kept whole; other coordinated clauses go with the
    "and"/comma that joined them; brackets not holding the gap go too.
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
    return sorted(keep)


HEAD_LEADS = frozenset({"", "in", "by", "during"})
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
    kept = kept_tokens(span, gap[0], gap[-1])
    written = _dated_head(analysis, index, kept, base, start, end)
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


def _dated_head(
    analysis: Analysis, index: int, kept: list[int], base: int, start: int, end: int
) -> dict[int, str]:
    """Token -> replacement for a relative date at the head of the kept text."""
    s = analysis.sentences[index]
    doc = analysis.docs[s.paragraph]
    for fact in analysis.facts_in(index):
        date = fact.date
        if date is None or date.text == fact.text:
            continue
        if fact.start < end and start < fact.end:
            return {}  # the date is the gap itself
        tokens = [i for i in kept if fact.start <= doc[i].idx - base < fact.end]
        if not tokens:
            continue
        lead = [i for i in kept if i < tokens[0]]
        if len(lead) > 1 or " ".join(doc[i].text.lower() for i in lead) not in HEAD_LEADS:
            continue
        out = {i: "" for i in lead + tokens}
        out[tokens[0]] = f"In {date.text}"
        return out
    return {}


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
    it is the gap itself or the name is already written before it."""
    s = analysis.sentences[index]
    doc = analysis.docs[s.paragraph]
    before = ""
    for i in kept:
        name = analysis.names.get((s.paragraph, i))
        tok = doc[i]
        if name is None:
            before += " " + written.get(i, tok.text)
            continue
        rel = tok.idx - base
        if (rel < end and start < rel + len(tok.text)) or name.split()[-1] in before:
            return
        written[i] = pronoun_as_name(tok, name)
        return
