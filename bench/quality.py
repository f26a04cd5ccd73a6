"""Benchmark of question quality on the development set: gold recall, and sheets to judge.

Run from the repository root (or any directory) as ``.venv/bin/python bench/quality.py``.
The development set is ``bench/devset/``: each ``<name>.txt`` has a ``<name>.gold.json``
listing the facts a teacher would ask about (kind, answer, alternatives, a locator phrase
copied from the sentence that states the fact, and a note).

Why recall against gold: speed is measured elsewhere (``generation.py``); here the question
is whether the engine asks about what matters in a document. A gold fact counts as asked
about when some question of the bank (a) comes from the fact's sentence: its
``source.sentence`` contains the locator, and (b) asks for the gold answer:

- date, actor, place, event, quantity, role: the question's answer or one of its
  ``accept`` values equals the gold answer or one of its ``also`` values once normalised
  (casefold, no diacritics, one dash, punctuation to spaces, no leading article, "per cent"
  = "percent" = "%"), or one holds the other as whole words, the shorter having a content
  word and at least 60% of the longer's words;
- list: every member of the gold list appears in one answer text, so a question that
  asks for a single member does not count;
- outcome: a question whose answer is an outcome (its kind is "outcome"; for a
  ``true_false`` question whose answer is "True" the prompt is the answer) holds at least
  60% of the gold answer's content words, crudely lemmatised.

Recall alone rewards asking everything, so two figures sit beside it:

- a naive baseline measured in the same run on the same cleaned text: "blank out every
  named entity" (one pseudo-question per sentence and spaCy entity), matched the same way.
  It can never ask for an outcome, so its outcome recall is 0 by construction; its entity
  recall is the bar an engine must clear to be worth more than the parser's own output;
- judging sheets for a blind reader (``--sheets``, default ``bench/out/quality/``, git-ignored):
  per document its top 20 questions and 10 drawn at random from the rest (seeded by the
  document's name, so the same bank gives the same sheet), with no scores or engine
  internals; ``key.json`` beside them maps each item to its question id, score and section
  for the lead engineer, not for the reader. Precision is what the reader judges.

Per document it prints words, questions, recall, rejected candidates by check and the time
of ``generate_bank``; then recall by kind for the engine and the baseline; ``--missed`` lists
the gold facts no question asks about; ``--explain`` lists every rejected candidate.

The last two lines are machine-readable, micro-averaged over all gold facts (a category
with no gold fact reads 0.000):
``BASELINE recall=<r> entity_recall=<r> outcome_recall=<r>`` and
``RESULT recall=<r> entity_recall=<r> outcome_recall=<r> questions=<n> rejected=<n>``.
The exit status is 0 whatever the figures; only an exception makes it non-zero.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Importable from a plain checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if TYPE_CHECKING:
    from questions.bank import Bank, Question
    from questions.reading import Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = ROOT / "bench" / "devset"
DEFAULT_SHEETS = ROOT / "bench" / "out" / "quality"

KINDS: tuple[str, ...] = (
    "date",
    "actor",
    "place",
    "event",
    "quantity",
    "list",
    "role",
    "outcome",
)
ENTITY_KINDS = frozenset(KINDS) - {"outcome"}
COVERAGE = 0.6
TOP = 20
DRAWN = 10

# Words that carry no content: a match on them alone would be a match on grammar.
_STOPWORD_TEXT = """a an the of in on at to for from by with as and or but nor not no so than then
that this these those it its his her their them they he she we you i is was were be been being
are am has had have having do did does which who whom whose what when where while into onto
over under about after before during also only even some any all per there here"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_PER_CENT = re.compile(r"\bper\s+cent\b")
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLES = frozenset({"the", "a", "an"})
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s*;\s*|\s+and\s+|\s+&\s+")


@dataclass(frozen=True)
class GoldFact:
    """One fact of a gold file, as a teacher would want it asked about."""

    kind: str
    answer: str
    also: tuple[str, ...]
    locator: str
    note: str


@dataclass(frozen=True)
class Probe:
    """What the matching rule needs of a question, engine-made or baseline alike."""

    type: str
    kind: str
    prompt: str
    answer: str
    sentence: str
    accept: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------
# Gold matching (importable: the tests use these)
# --------------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Whitespace-normalised text: locators are copied from text that may wrap differently."""
    return " ".join(text.split())


def from_sentence(sentence: str, locator: str) -> bool:
    """Whether the sentence states the fact: holds the locator, exactly or else casefolded.

    Case is tried first so that a capitalised locator is found where it was copied from;
    the casefolded retry forgives a sentence that the cleaner re-cased.
    """
    text, phrase = squash(sentence), squash(locator)
    return phrase in text or phrase.casefold() in text.casefold()


def normalise(text: str) -> str:
    """Answer text in the one spelling both sides are compared in.

    Casefolded, without diacritics (a student types "Refuses" for "Refusés"), with one
    dash, "%" and "per cent" as "percent", punctuation as spaces and no leading article.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DASHES.sub("-", text).replace("%", " percent ")
    text = _PER_CENT.sub("percent", text)
    words = _NON_WORD.sub(" ", text).split()
    if words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def content_words(words: Iterable[str]) -> list[str]:
    """The words of a normalised text that are not stopwords (numbers are content)."""
    return [w for w in words if w not in STOPWORDS]


def holds_words(longer: str, shorter: str) -> bool:
    """Whether the normalised ``shorter`` is a whole-word run inside ``longer``."""
    return f" {shorter} " in f" {longer} "


def same_answer(gold: str, asked: str) -> bool:
    """Whether two normalised answers name the same thing.

    Equal, or one holds the other as whole words when the shorter has a content word and
    covers at least 60% of the longer's words: "Royal Army Medical Corps" for "the Royal
    Army Medical Corps (RAMC)" counts, "1881" for "6 August 1881" does not (unless gold
    lists it in ``also``).
    """
    if not gold or not asked:
        return False
    if gold == asked:
        return True
    longer, shorter = (gold, asked) if len(gold.split()) >= len(asked.split()) else (asked, gold)
    short_words = shorter.split()
    return (
        holds_words(longer, shorter)
        and len(content_words(short_words)) >= 1
        and len(short_words) >= COVERAGE * len(longer.split())
    )


def list_members(text: str) -> list[str]:
    """The normalised members of a gold list ("A, B and C", "A; B", "A & B")."""
    return [m for m in (normalise(part) for part in _LIST_SPLIT.split(text)) if m]


def lemma(word: str) -> str:
    """A crude lemma: enough to make "rejected" and "rejects" meet, no more.

    A real lemmatiser would tie the benchmark to the parser it is judging.
    """
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) >= 3:
        word = word[:-1]
    return word


def content_lemmas(text: str) -> set[str]:
    """The set of crude lemmas of a text's content words."""
    return {lemma(w) for w in content_words(normalise(text).split())}


def answer_texts(probe: Probe) -> list[str]:
    """Every text a question accepts as its answer (its answer, then its alternatives)."""
    return [probe.answer, *probe.accept]


def outcome_text(probe: Probe) -> str | None:
    """The outcome a question asks for, or None when its answer is no outcome.

    A true_false question stating a true outcome asks the student to recognise the
    statement, so its prompt is what it asks about; a false one states something else.
    """
    if probe.kind != "outcome":
        return None
    if probe.type == "true_false":
        return probe.prompt if probe.answer == "True" else None
    return probe.answer


def matches_outcome(fact: GoldFact, probe: Probe) -> bool:
    """Whether the question's outcome holds 60% of some gold wording's content words."""
    asked = outcome_text(probe)
    if asked is None:
        return False
    have = content_lemmas(asked)
    for gold in (fact.answer, *fact.also):
        want = content_lemmas(gold)
        if want and len(want & have) >= COVERAGE * len(want):
            return True
    return False


def matches_list(fact: GoldFact, probe: Probe) -> bool:
    """Whether one answer text of the question names every member of some gold wording."""
    wordings = [list_members(gold) for gold in (fact.answer, *fact.also)]
    for text in answer_texts(probe):
        asked = normalise(text)
        for members in wordings:
            if members and all(holds_words(asked, m) for m in members):
                return True
    return False


def matches_entity(fact: GoldFact, probe: Probe) -> bool:
    """Whether an answer text of the question is some gold wording (see `same_answer`)."""
    golds = [normalise(g) for g in (fact.answer, *fact.also)]
    return any(same_answer(g, normalise(a)) for g in golds for a in answer_texts(probe))


def asks_about(fact: GoldFact, probe: Probe) -> bool:
    """The matching rule: the question comes from the fact's sentence and asks its answer."""
    if not from_sentence(probe.sentence, fact.locator):
        return False
    if fact.kind == "outcome":
        return matches_outcome(fact, probe)
    if fact.kind == "list":
        return matches_list(fact, probe)
    if fact.kind == "quantity":
        return matches_quantity(fact, probe) or matches_entity(fact, probe)
    return matches_entity(fact, probe)


NUMBER = re.compile(r"\d[\d,.]*\d|\d")
NUMBER_WORDS = frozenset(
    [
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
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "half",
        "third",
        "quarter",
    ]
)


def numbers_in(text: str) -> list[str]:
    """The numbers a quantity states, in digits or words: "nearly 450,000 troops" -> 450000."""
    found = [n.replace(",", "") for n in NUMBER.findall(text)]
    words = re.findall(r"[a-z]+", text.lower())
    return found + [w for w in words if w in NUMBER_WORDS]


def matches_quantity(fact: GoldFact, probe: Probe) -> bool:
    """A quantity is asked when a question's answer states the same numbers: "450,000"
    asks for "nearly 450,000 troops" (the hedge and the unit stay in the prompt)."""
    golds = [numbers_in(g) for g in (fact.answer, *fact.also)]
    return any(g and numbers_in(a) == g for g in golds for a in answer_texts(probe))


def covered(facts: Sequence[GoldFact], probes: Sequence[Probe]) -> list[bool]:
    """For each gold fact, whether some probe asks about it."""
    return [any(asks_about(f, p) for p in probes) for f in facts]


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


def load_gold(path: Path) -> tuple[GoldFact, ...]:
    """The facts of a ``<name>.gold.json``; an unknown kind is an error in the gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    facts = []
    for item in data["facts"]:
        if item["kind"] not in KINDS:
            raise ValueError(f"{path.name}: unknown kind {item['kind']!r}")
        facts.append(
            GoldFact(
                kind=item["kind"],
                answer=item["answer"],
                also=tuple(item.get("also") or ()),
                locator=item["locator"],
                note=item.get("note", ""),
            )
        )
    return tuple(facts)


def probe_of(question: Question) -> Probe:
    """An engine question as the matching rule sees it."""
    return Probe(
        type=question.type,
        kind=question.kind,
        prompt=question.prompt,
        answer=question.answer,
        sentence=question.source.sentence,
        accept=question.accept,
    )


def baseline_probes(document: Document) -> tuple[list[Probe], list[str]]:
    """The naive baseline's pseudo-questions, and every parsed sentence.

    One per sentence and named entity, the entity being the answer: what blanking out
    every entity would ask. The sentences serve to find gold locators no sentence holds.
    """
    from questions.nlp import parse

    probes: list[Probe] = []
    sentences: list[str] = []
    for doc in parse(document.paragraphs):
        for sent in doc.sents:
            sentences.append(sent.text)
            for ent in sent.ents:
                start, end = ent.start_char - sent.start_char, ent.end_char - sent.start_char
                probes.append(
                    Probe(
                        type="cloze",
                        kind=ent.label_,
                        prompt=sent.text[:start] + "_____" + sent.text[end:],
                        answer=ent.text,
                        sentence=sent.text,
                    )
                )
    return probes, sentences


# --------------------------------------------------------------------------------------
# Tallies
# --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Gold facts and those asked about, by kind."""

    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, facts: Sequence[GoldFact], asked: Sequence[bool]) -> None:
        """Count one document's facts and which of them were asked about."""
        for fact, hit in zip(facts, asked, strict=True):
            self.total[fact.kind] += 1
            self.hits[fact.kind] += hit

    def merge(self, other: Tally) -> None:
        """Add another tally's counts (one document's baseline into the run's)."""
        for kind in KINDS:
            self.total[kind] += other.total[kind]
            self.hits[kind] += other.hits[kind]

    def of(self, kinds: Iterable[str]) -> tuple[int, int]:
        """Hits and total over some kinds."""
        chosen = list(kinds)
        return sum(self.hits[k] for k in chosen), sum(self.total[k] for k in chosen)

    def recall(self, kinds: Iterable[str] = KINDS) -> float:
        """Micro-averaged recall over some kinds; 0 when they have no gold fact."""
        hits, total = self.of(kinds)
        return hits / total if total else 0.0

    def figures(self) -> str:
        """The three recalls as ``key=value`` pairs, for the BASELINE and RESULT lines."""
        return (
            f"recall={self.recall():.3f} entity_recall={self.recall(ENTITY_KINDS):.3f} "
            f"outcome_recall={self.recall(['outcome']):.3f}"
        )


def ratio(hits: int, total: int) -> str:
    """``hits/total (r)``, or a dash when there is nothing to count."""
    return f"{hits}/{total} ({hits / total:.2f})" if total else "-"


# --------------------------------------------------------------------------------------
# Judging sheets
# --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>]|(?<!_)_(?!_))")


def md(text: str) -> str:
    """Text safe in Markdown; runs of underscores (the blank) are left as the student sees."""
    return _MD_SPECIAL.sub(r"\\\1", squash(text))


def sheet_selection(name: str, questions: Sequence[Question]) -> list[tuple[str, Question]]:
    """The top 20 questions, then 10 drawn at random from the rest, with their section.

    The draw is seeded by the document's name so that the same bank gives the same sheet
    and two runs can be judged against each other.
    """
    top = [("top", q) for q in questions[:TOP]]
    rest = list(questions[TOP:])
    drawn = random.Random(f"{name}").sample(rest, min(DRAWN, len(rest)))
    return top + [("random", q) for q in drawn]


def render_item(number: int, question: Question) -> list[str]:
    """One sheet item: what a student would see, and the key; no score, no internals."""
    lines = [f"### {number}", "", f"- Type: {question.type}", f"- Prompt: {md(question.prompt)}"]
    if question.type in {"multiple_choice", "ordering"} and question.choices:
        label = "Choices" if question.type == "multiple_choice" else "Items"
        lines.append(f"- {label}:")
        lines.extend(f"  - {chr(65 + i)}. {md(c)}" for i, c in enumerate(question.choices))
    lines.append(f"- Answer: {md(question.answer)}")
    also = "; ".join(md(a) for a in question.accept) if question.accept else "(none)"
    lines.extend([f"- Also accepted: {also}", ""])
    return lines


def render_sheet(
    name: str, title: str, questions: Sequence[Question]
) -> tuple[str, dict[str, dict[str, Any]]]:
    """A document's sheet in Markdown, and its entries of ``key.json``."""
    lines = [f"# {md(title)}", "", f"Document: `{name}.txt` (beside this file).", ""]
    key: dict[str, dict[str, Any]] = {}
    section = ""
    for number, (part, question) in enumerate(sheet_selection(name, questions), 1):
        if part != section:
            section = part
            lines.extend([f"## {'Top 20' if part == 'top' else 'Drawn at random'}", ""])
        lines.extend(render_item(number, question))
        key[f"{name}#{number}"] = {"id": question.id, "score": question.score, "section": part}
    return "\n".join(lines).rstrip() + "\n", key


def write_sheets(
    folder: Path, name: str, source: Path, title: str, questions: Sequence[Question]
) -> dict[str, dict[str, Any]]:
    """Write ``<name>.md`` and a copy of the document beside it; return its key entries."""
    folder.mkdir(parents=True, exist_ok=True)
    text, key = render_sheet(name, title, questions)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    shutil.copyfile(source, folder / f"{name}.txt")
    return key


def write_key(folder: Path, names: Sequence[str], key: dict[str, dict[str, Any]]) -> None:
    """Update ``key.json``: this run's documents replace theirs, others' entries stay.

    A run on some documents (``--docs``) must not orphan the sheets of the others.
    """
    path = folder / "key.json"
    old: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            old = loaded if isinstance(loaded, dict) else {}
        except json.JSONDecodeError:
            old = {}
    kept = {k: v for k, v in old.items() if k.split("#", 1)[0] not in set(names)}
    merged = dict(sorted({**kept, **key}.items(), key=lambda kv: _key_order(kv[0])))
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _key_order(key: str) -> tuple[str, int]:
    """Sort "name#n" by name, then by item number as a number."""
    name, _, number = key.partition("#")
    return name, int(number) if number.isdigit() else 0


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


@dataclass
class DocResult:
    """What one document's run found, for the per-document lines and the lists."""

    name: str
    words: int
    bank: Bank
    seconds: float
    facts: tuple[GoldFact, ...]
    asked: list[bool]
    unlocated: list[bool]


def document_line(result: DocResult) -> str:
    """One document's figures on one line (plus its rejections by check)."""
    tally = Tally()
    tally.add(result.facts, result.asked)
    checks = ", ".join(f"{k} {v}" for k, v in result.bank.rejected_by_check().items())
    recall = (
        f"recall {ratio(*tally.of(KINDS))}  entity {ratio(*tally.of(ENTITY_KINDS))}  "
        f"outcome {ratio(*tally.of(['outcome']))}"
        if result.facts
        else "no gold file: recall not measured"
    )
    return (
        f"{result.name:<22} {result.words:>5} words  {len(result.bank.questions):>4} questions  "
        f"{recall}  {result.seconds:.2f} s\n"
        f"{'':<22} rejected {len(result.bank.rejected)}: {checks or 'none'}"
    )


def print_table(engine: Tally, baseline: Tally) -> None:
    """Recall by kind, engine beside baseline, then the three summary rows."""
    print(f"{'kind':<10} {'gold':>5}  {'engine':<16} baseline")
    rows: list[tuple[str, list[str]]] = [(k, [k]) for k in KINDS]
    rows += [("entity", sorted(ENTITY_KINDS)), ("outcome", ["outcome"]), ("all", list(KINDS))]
    for label, kinds in rows:
        if label == "entity":
            print("-" * 50)
        total = engine.of(kinds)[1]
        print(
            f"{label:<10} {total:>5}  {ratio(*engine.of(kinds)):<16} {ratio(*baseline.of(kinds))}"
        )


def print_missed(results: Sequence[DocResult]) -> None:
    """The gold facts no question asks about, per document: where to look next."""
    print("gold facts missed:")
    for r in results:
        missed = [(f, u) for f, a, u in zip(r.facts, r.asked, r.unlocated, strict=True) if not a]
        if not missed:
            continue
        print(f"  {r.name} ({len(missed)}):")
        for fact, unlocated in missed:
            flag = "  [locator in no parsed sentence]" if unlocated else ""
            print(f"    {fact.kind:<9} {fact.answer!r} — {fact.note}{flag}")


def print_rejected(result: DocResult) -> None:
    """Every candidate the engine dropped, with the check and its reason (``--explain``)."""
    print(f"rejected candidates of {result.name} ({len(result.bank.rejected)}):")
    for r in result.bank.rejected:
        print(f"  [{r.check}] {r.detail} | {r.type} | {r.prompt!r} -> {r.answer!r}")


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def document_names(devset: Path, chosen: str | None) -> list[str]:
    """The documents to run: all ``*.txt`` of the devset, or those ``--docs`` names."""
    available = sorted(p.stem for p in devset.glob("*.txt"))
    if chosen is None:
        return available
    names = [n.strip().removesuffix(".txt") for n in chosen.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ValueError(f"unknown document {unknown[0]!r}: choose from {', '.join(available)}")
    return names


def run_document(devset: Path, name: str) -> tuple[DocResult, Tally, Document]:
    """Generate one document's bank, time it, and match it and the baseline to the gold."""
    from questions.engine import generate_bank
    from questions.reading import read_path

    document = read_path(devset / f"{name}.txt")
    start = time.perf_counter()
    bank = generate_bank([document], max_questions=None)
    seconds = time.perf_counter() - start
    gold_path = devset / f"{name}.gold.json"
    facts = load_gold(gold_path) if gold_path.exists() else ()
    base, sentences = baseline_probes(document)
    asked = covered(facts, [probe_of(q) for q in bank.questions])
    unlocated = [not any(from_sentence(s, f.locator) for s in sentences) for f in facts]
    baseline = Tally()
    baseline.add(facts, covered(facts, base))
    words = len(document.text.split())
    return DocResult(name, words, bank, seconds, facts, asked, unlocated), baseline, document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--devset", type=Path, default=DEFAULT_DEVSET, help=f"folder (default {DEFAULT_DEVSET})"
    )
    parser.add_argument("--docs", help="comma-separated document names (default: all)")
    parser.add_argument(
        "--sheets",
        type=Path,
        default=DEFAULT_SHEETS,
        help=f"folder for the judging sheets (default {DEFAULT_SHEETS})",
    )
    parser.add_argument("--missed", action="store_true", help="list the gold facts missed")
    parser.add_argument("--explain", action="store_true", help="list every rejected candidate")
    args = parser.parse_args(argv)
    try:
        names = document_names(args.devset, args.docs)
    except ValueError as exc:
        parser.error(str(exc))
    if not names:
        parser.error(f"no .txt documents in {args.devset}")

    from questions.nlp import load_pipeline, model_id

    start = time.perf_counter()
    load_pipeline()  # so that the first document's time is not the model's load
    print(f"model: {model_id()} (loaded in {time.perf_counter() - start:.2f} s)")
    print(f"devset: {args.devset} ({len(names)} documents); sheets: {args.sheets}")
    print()

    engine, baseline = Tally(), Tally()
    results: list[DocResult] = []
    key: dict[str, dict[str, Any]] = {}
    for name in names:
        result, base, document = run_document(args.devset, name)
        results.append(result)
        engine.add(result.facts, result.asked)
        baseline.merge(base)
        key |= write_sheets(
            args.sheets, name, args.devset / f"{name}.txt", document.title, result.bank.questions
        )
        print(document_line(result), flush=True)
        if sum(result.unlocated):
            print(f"{'':<22} warning: {sum(result.unlocated)} gold locators in no sentence")
        if args.explain:
            print_rejected(result)
    write_key(args.sheets, names, key)
    print()
    print_table(engine, baseline)
    if args.missed:
        print()
        print_missed(results)
    print()
    questions = sum(len(r.bank.questions) for r in results)
    rejected = sum(len(r.bank.rejected) for r in results)
    print(f"BASELINE {baseline.figures()}")
    print(f"RESULT {engine.figures()} questions={questions} rejected={rejected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
