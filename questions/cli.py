"""`python -m questions generate PATH... --format json|text|csv [--explain]`, and
`python -m questions check BANK...` (the bank contract, `questions.contract`).

Exit status as BANK_FORMAT.md says: 0 on success, 2 for a user error with one line on
stderr saying what to do, 1 only for a bug (an unexpected exception keeps its traceback,
because that is a bug report).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from questions import contract
from questions.bank import Bank
from questions.engine import generate_bank
from questions.reading import DEFAULT_MAX_BYTES, DocumentError, read_path
from questions.types import REGISTRY

FORMATS = ("json", "text", "csv")


def render_text(bank: Bank) -> str:
    """A bank a teacher can skim: numbered questions, choices, answer and source."""
    lines: list[str] = []
    for doc in bank.documents:
        lines.append(f"# {doc.title} ({doc.sentences} sentences)")
    lines.append("")
    for n, q in enumerate(bank.questions, 1):
        lines.append(f"{n}. [{q.type} · {q.kind} · {q.score:.2f} · {q.difficulty}] {q.prompt}")
        for letter, choice in zip("abcdefgh", q.choices, strict=False):
            if q.type != "true_false":
                lines.append(f"     {letter}) {choice}")
        lines.append(f"   Answer: {q.answer}")
        if q.accept:
            lines.append(f"   Also accepted: {'; '.join(q.accept)}")
        lines.append(f"   Source (sentence {q.source.sentence_index + 1}): {q.source.sentence}")
        lines.append("")
    return "\n".join(lines)


def render_rejected(bank: Bank) -> str:
    """Why each dropped candidate was dropped: the check it failed, what it found, and the
    question as it would have read, so a teacher sees why a fact has no question."""
    counts = ", ".join(f"{name} {n}" for name, n in bank.rejected_by_check().items())
    lines = [f"rejected {len(bank.rejected)} candidate questions ({counts or 'none'}):"]
    for r in bank.rejected:
        lines.append(f"  [{r.check}] {r.detail}")
        lines.append(f"      {r.type}: {r.prompt} -> {r.answer}")
    return "\n".join(lines) + "\n"


def render_csv(bank: Bank) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "type",
            "kind",
            "score",
            "difficulty",
            "prompt",
            "answer",
            "accept",
            "choices",
            "source_sentence",
        ]
    )
    for q in bank.questions:
        writer.writerow(
            [
                q.id,
                q.type,
                q.kind,
                f"{q.score:.3f}",
                q.difficulty,
                q.prompt,
                q.answer,
                " | ".join(q.accept),
                " | ".join(q.choices),
                q.source.sentence,
            ]
        )
    return out.getvalue()


def _types(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    for name in names:
        if name not in REGISTRY:
            raise argparse.ArgumentTypeError(
                f"unknown type {name!r}; choose from {', '.join(sorted(REGISTRY))}"
            )
    return names


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m questions", description="Generate a question bank from documents."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="generate a bank from .txt/.md/.html/.docx/.pdf files")
    gen.add_argument("paths", nargs="+", metavar="PATH")
    gen.add_argument("--format", choices=FORMATS, default="json")
    gen.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    gen.add_argument(
        "--types",
        type=_types,
        metavar="T1,T2",
        help=f"question types to make (default all: {','.join(sorted(REGISTRY))})",
    )
    gen.add_argument(
        "--explain",
        action="store_true",
        help="also print, on standard error, every candidate dropped and the check it failed",
    )
    gen.add_argument("--max", type=_positive, metavar="N", help="keep the N best questions")
    gen.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        help="refuse files larger than this (default 2 MB)",
    )
    check = sub.add_parser(
        "check", help="check bank JSON files (or - for stdin) against the contract"
    )
    check.add_argument("banks", nargs="+", metavar="BANK")
    return parser


def check_banks(paths: Sequence[str]) -> int:
    """`check`: each problem on its own line; 0 when every bank holds, 1 when one does
    not, 2 when a file is not readable JSON."""
    status = 0
    for path in paths:
        try:
            raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
            data = json.loads(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            print(f"error: {path}: cannot read a bank: {exc}", file=sys.stderr)
            return 2
        found = contract.problems(data)
        for line in found:
            print(f"{path}: {line}")
        count = len(data.get("questions") or []) if isinstance(data, dict) else 0
        print(f"{path}: {count} questions, {len(found)} problems")
        status = status or int(bool(found))
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return check_banks(args.banks)
    try:
        documents = [read_path(p, max_bytes=args.max_bytes) for p in args.paths]
        bank = generate_bank(documents, types=args.types, max_questions=args.max)
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    renderers: dict[str, Callable[[Bank], str]] = {
        "json": Bank.dumps,
        "text": render_text,
        "csv": render_csv,
    }
    text = renderers[args.format](bank)
    if args.explain:
        sys.stderr.write(render_rejected(bank))
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    return 0
