"""Read a teacher's document (txt, md, html, docx, pdf) and clean it into paragraphs.

Everything downstream (sentence splitting, entity tagging, question generation) assumes
that it receives *prose*: full sentences, one paragraph per item, with none of the
debris that copy-pasting from the web or a word processor drags along. Teachers paste
Wikipedia excerpts with citation markers (``[14]``, ``[citation needed]``), image
captions, headings and odd spacing (``Moscow , 24 October``). Questions built on that
debris would be wrong or confusing ("What happened in Moscow , 24 October 2018?"), so
this module removes it once, here, for every input format.

The module is also the trust boundary for user uploads: every problem a user can cause
(wrong file, empty file, binary data, unknown encoding, corrupt docx/pdf, oversize) is
reported as a :class:`DocumentError` whose message is one line saying what is wrong and
what to do, so that the web layer and the CLI can show it as is and never a traceback.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Document",
    "DocumentError",
    "clean_paragraphs",
    "read_bytes",
    "read_path",
    "read_text",
]

DEFAULT_MAX_BYTES: int = 2_000_000
"""Raw size limit. A 2 MB text is a short book: far beyond one lesson's reading, and
large enough that parsing and NLP would make a web request time out."""

PASTED_TEXT = "pasted text"
UNTITLED = "Untitled document"


def _names(text: str) -> frozenset[str]:
    """A set of names written as one space-separated string (readable constant tables)."""
    return frozenset(text.split())


# Captions and headings are short; a real paragraph missing its final period is not.
_FRAGMENT_MAX_WORDS = 25
# In HTML/Markdown, headings and captions are known from the markup, so an unpunctuated
# block is only dropped when it is too short to be a sentence (menu items, table cells).
_STRUCTURED_MIN_WORDS = 8
_TITLE_MAX_WORDS = 10
# A docx is a zip; refuse archives that would expand far beyond the raw limit.
_ZIP_EXPANSION_FACTOR = 50


class DocumentError(ValueError):
    """Raised for user errors; ``str(exc)`` is ONE line saying what is wrong and what to do.

    It subclasses :class:`ValueError` because the input value is at fault, not the
    program. Callers show the message to the user verbatim, so it must never contain a
    traceback, a newline or parser jargon.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


@dataclass(frozen=True)
class Document:
    """A cleaned document: what the question engine reads.

    ``sha256`` hashes the cleaned text, not the raw bytes, so that the same content
    pasted, uploaded as .txt or saved as .docx gets the same id (and so the same cached
    question bank).
    """

    name: str
    title: str
    paragraphs: tuple[str, ...]
    sha256: str

    @property
    def text(self) -> str:
        """The cleaned body, one blank line between paragraphs."""
        return "\n\n".join(self.paragraphs)


# --------------------------------------------------------------------------------------
# Character-level normalisation
# --------------------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(
    map(
        ord,
        "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\u0085\x0b\x0c]")


def _normalise_chars(text: str) -> str:
    """NFC, unified newlines, no control/format/surrogate characters, plain spaces.

    Done first so that every later regex sees one spelling of each character: a
    non-breaking space or a zero-width joiner inside "[14]" must not hide the marker.
    """
    text = _LINE_SEPARATORS.sub("\n", text)
    text = text.translate(_ZERO_WIDTH)
    out: list[str] = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\t":
            continue
        if cat == "Cf":
            continue
        if cat == "Zs":  # NBSP, thin space, figure space... -> plain space
            out.append(" ")
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


# --------------------------------------------------------------------------------------
# Line-level cleaning: citations, spacing, ranges
# --------------------------------------------------------------------------------------

# Wikipedia-style editorial markers. Numbers and footnote letters are never prose; the
# word tags are the maintenance templates ("citation needed", "when?", "dubious").
# "[sic]" and "[...]" are deliberately absent: they belong to quotations.
_CITATION = re.compile(
    r"\[\s*(?:"
    r"\d+[a-z]?"  # [14], [3a]
    r"|[a-z]"  # [a]
    r"|[ivx]{2,5}"  # [ii], [iv]
    r"|(?i:(?:note|nb|n|fn|lower-alpha|upper-alpha|lower-roman)\s*[-.]?\s*\w{1,4})"
    r"|(?i:edit|update|vague|specify|disputed|dubious(?:\s*[-\u2013\u2014]\s*discuss)?|citation)"
    r"|(?i:[a-z][a-z()/\- ]{0,40}?\s(?:needed|required|missing))"  # [citation needed]...
    r"|(?i:(?:who|when|where|which|why|how|whom|what|by\s+whom|according\s+to\s+whom"
    r"|original\s+research|unreliable\s+source|self-published\s+source"
    r"|irrelevant\s+citation|not\s+in\s+citation\s+given|failed\s+verification"
    r"|permanent\s+dead\s+link|dead\s+link)\??)"
    r")\s*\](?::\s?\d+(?:[\u2013-]\d+)?(?![\w]))?"
)
_SPACE_RUN = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +([,;:!?]|\.(?!\.))(?=[\s\"'\u201d\u2019)\]]|$)")
_SPACE_BEFORE_POSSESSIVE = re.compile(r"(?<=\w) +(['\u2019]s)\b")
_SPACE_INSIDE_PARENS = re.compile(r"\( +| +\)")
# A numeric range "1958-1963", "pp. 3-5", "1958-63" (or with an en dash): a hyphen between two
# numbers that is not part of a date (2018-03-04), a time, a decimal or an identifier.
_RANGE = re.compile(r"(?<![\w.,:/\-\u2013])(\d{1,4})-(\d{1,4})(?![\w\-\u2013/]|[.,:]\d)")


# Parentheses that Wikipedia leaves behind when a copy drops the pronunciation (IPA, audio
# link) or other templated content: "Mendel (; 20 July 1822 – 6 January 1884) ()",
# "Lisbon ( ; Portuguese: Lisboa)". The separator that introduced the dropped part stays at
# the start (or end) of the group, or nothing stays at all. Such debris is never prose.
_PAREN_OPEN_DEBRIS = re.compile(r"\((?:\s*[;,])+\s*")
_PAREN_CLOSE_DEBRIS = re.compile(r"(?:\s*[;,])+\s*\)")
_EMPTY_GROUP = re.compile(r"\s*(?:\((?:\s*[;,])*\s*\)|\[(?:\s*[;,])*\s*\])")

# Emphasis markup that survives as literal characters in plain text: Markdown
# ("*a*", "**a**", "_a_", "__a__") and MediaWiki quotes ("''a''", "'''a'''", "'''''a'''''").
# A delimiter only counts when it opens at a word start and closes at a word end with the
# same run, so "file_name", "3 * 4", "2*x*3", "O'Brien" and "don't" never match.
_EMPHASIS = (
    re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])"),
    re.compile(r"(?<!\w)(_{1,2})(?=[^\s_])(.+?)(?<=[^\s_])\1(?!\w)"),
    re.compile(r"(?<!')('{5}|'{3}|'{2})(?=[^\s'])(.+?)(?<=[^\s'])\1(?!')"),
)
# "__init__", "__name__": a dunder identifier, not bold text.
_DUNDER = re.compile(r"[a-z0-9_]+")

# Bold names rendered as capitals ("GREGOR JOHANN MENDEL was an Austrian monk"). The
# uppercase class is built from the Unicode database once, so that accented capitals
# ("ÉMILE ZOLA") are letters of the run, deterministically for a given Python.
_UPPER = "".join(ch for ch in map(chr, range(0x2000)) if unicodedata.category(ch) == "Lu")
_CAPS_WORD = rf"[{_UPPER}]+(?:['\u2019\-][{_UPPER}]+)*"
# Two or more capitalised words separated by single spaces (spacing is repaired first).
# Not glued to a word before; "'s" may follow ("MENDEL's"), a letter or "-word" may not.
_CAPS_RUN = re.compile(rf"(?<![\w'\u2019\-]){_CAPS_WORD}(?: {_CAPS_WORD})+(?!\w|-\w)")
# Regnal numbers follow a name ("LOUIS XIV", "HENRY V", "POPE JOHN XXIII"): 1 to 39 only,
# so that words such as "MIX", "DIX" or "LIV" are not mistaken for numerals.
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
# Name particles and small words that stay lowercase inside a title-cased name.
_NAME_PARTICLES = _names("van da de del della di von der den la le du des dos das of the and")
# Titles of address are abbreviations without vowels but are not acronyms.
_VOWELLESS_TITLES = _names("MR MRS MS DR ST JR SR MME MLLE")
_VOWELS = frozenset("AEIOUY")


def _remove_stripped_parens(line: str) -> str:
    """Repair parentheses whose content a copy from an encyclopedia dropped.

    "(; 20 July 1822)" becomes "(20 July 1822)", "(born 1822;)" becomes "(born 1822)"
    and "()" disappears with the space before it, because a question quoting "Mendel ()"
    or "Lisbon ( ; Portuguese: Lisboa)" would look broken. A trailing separator is only
    removed inside an open parenthesis, so that a winking ";)" in prose is left alone.
    """
    line = _PAREN_OPEN_DEBRIS.sub("(", line)

    def close(match: re.Match[str]) -> str:
        before = match.string[: match.start()]
        return ")" if before.count("(") > before.count(")") else match.group(0)

    line = _PAREN_CLOSE_DEBRIS.sub(close, line)

    def empty(match: re.Match[str]) -> str:
        text = match.string
        before = text[match.start() - 1] if match.start() > 0 else " "
        after = text[match.end()] if match.end() < len(text) else " "
        # "word()word" or "word ()word": keep the two words apart.
        return " " if before.isalnum() and after.isalnum() else ""

    previous = None
    while previous != line:  # "(())" and "( () )" empty out from the inside
        previous = line
        line = _EMPTY_GROUP.sub(empty, line)
    return line


def _remove_emphasis(line: str) -> str:
    """Unwrap literal emphasis markup ("*a*", "**a**", "_a_", "''a''", "'''a'''").

    Text pasted from a Markdown editor or from wiki source keeps its delimiters, and a
    question or an answer must never show them ("Who was **Mendel**?"). Markdown files
    are rendered by a real parser first, so this mainly serves pasted text, .txt, .docx
    and .pdf; literal wiki quotes in any format are caught here too. Repeated so that
    nested markup ("'''bold ''italic'' bold'''") unwraps completely.
    """

    def unwrap(match: re.Match[str]) -> str:
        inner = match.group(2)
        if match.group(1) == "__" and _DUNDER.fullmatch(inner):
            return match.group(0)
        return inner

    for _ in range(5):
        previous = line
        for pattern in _EMPHASIS:
            line = pattern.sub(unwrap, line)
        if line == previous:
            break
    return line


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _is_acronym(word: str) -> bool:
    """A short capitalised word without vowels ("BBC", "FBI", "NHS") is an acronym."""
    if not word.isalpha() or not 2 <= len(word) <= 4 or word in _VOWELLESS_TITLES:
        return False
    bases = unicodedata.normalize("NFD", word)
    return not any(ch in _VOWELS for ch in bases)


def _capitalise(part: str) -> str:
    # "MCCARTNEY" -> "McCartney": the Gaelic prefix keeps the next letter capital.
    if len(part) > 3 and part.startswith("MC"):
        return "Mc" + part[2] + part[3:].lower()
    return part[:1].upper() + part[1:].lower()


def _title_word(word: str) -> str:
    """Title-case one capitalised word, hyphen and apostrophe parts included.

    "JEAN-BAPTISTE" -> "Jean-Baptiste", "O'NEILL" -> "O'Neill", but an elided ending
    after the apostrophe stays lowercase: "MENDEL'S" -> "Mendel's", "DON'T" -> "Don't".
    """
    parts: list[str] = []
    for hyphen_part in word.split("-"):
        pieces = re.split(r"(['\u2019])", hyphen_part)
        out = [_capitalise(pieces[0])]
        for mark, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            out.append(mark + (piece.lower() if len(piece) <= 2 else _capitalise(piece)))
        parts.append("".join(out))
    return "-".join(parts)


def _title_name(words: Sequence[str]) -> list[str]:
    """Title-case a run of capitalised words judged to be a name (see _uncapitalise)."""
    out: list[str] = []
    for index, word in enumerate(words):
        if index and word.lower() in _NAME_PARTICLES:
            out.append(word.lower())
        elif (index and _ROMAN.fullmatch(word)) or _is_acronym(word):
            out.append(word)
        else:
            out.append(_title_word(word))
    return out


def _uncapitalise(line: str) -> str:
    """Write names set in capitals ("GREGOR JOHANN MENDEL") in Title Case.

    Encyclopedias print the subject's name in bold, and bold often arrives as capitals
    (a print stylesheet, a docx "All caps" font, a PDF). Capitals would then become the
    answer of a question and never match what a student types, and the tagger would not
    see a person in them. Acronyms are left alone: a single capitalised word ("NATO",
    "UNESCO"), a run of short words only ("US UK") and vowel-less words ("BBC") are
    abbreviations, not names. So each word of a run needs two letters or more (a regnal
    number after a name may be shorter: "HENRY V"), and one word needs four letters.
    """

    def repl(match: re.Match[str]) -> str:
        words = match.group(0).split(" ")
        out = list(words)
        start = 0
        while start < len(words):
            # The longest stretch of eligible words from here.
            end = start
            while end < len(words) and (
                _letters(words[end]) >= 2 or (end > start and _ROMAN.fullmatch(words[end]))
            ):
                end += 1
            stretch = words[start:end]
            evidence = any(
                _letters(word) >= 4 and not _is_acronym(word) and not _ROMAN.fullmatch(word)
                for word in stretch
            )
            if len(stretch) >= 2 and evidence:
                out[start:end] = _title_name(stretch)
            start = max(end, start + 1)
        return " ".join(out)

    return _CAPS_RUN.sub(repl, line)


def _remove_markup(line: str) -> str:
    """Citations, emphasis delimiters and stripped parentheses, spacing left as it is.

    Used where the raw line is evidence (caption spacing, wrapped-line decisions) and
    only the debris that is never text must go.
    """
    return _remove_stripped_parens(_remove_emphasis(_remove_citations(line)))


def _remove_citations(line: str) -> str:
    """Drop citation markers, repairing the spacing they leave behind.

    Removal is repeated until nothing changes, because removing "[1]" from "[[1]2]"
    would otherwise produce a new marker "[2]".
    """

    def repl(match: re.Match[str]) -> str:
        before = line_ref[0][match.start() - 1] if match.start() > 0 else " "
        end = match.end()
        after = line_ref[0][end] if end < len(line_ref[0]) else " "
        # "word[3]next" glued on both sides: keep the words apart.
        if not before.isspace() and after.isalnum():
            return " "
        return ""

    line_ref = [line]
    for _ in range(50):
        new = _CITATION.sub(repl, line_ref[0])
        if new == line_ref[0]:
            break
        line_ref[0] = new
    return line_ref[0]


def _fix_range(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    # "1958-63" (abbreviated) or an increasing range; "10-3" is a score, leave it.
    if len(second) < len(first) or int(second) > int(first):
        return f"{first}\u2013{second}"
    return match.group(0)


def _clean_line(line: str) -> str:
    """Clean one line of already character-normalised text.

    Markup goes first so that the spacing repairs see the text a reader sees; names in
    capitals are title-cased last, on the final spacing (runs are single-spaced).
    """
    line = _remove_markup(line)
    line = _SPACE_RUN.sub(" ", line).strip()
    line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    line = _SPACE_BEFORE_POSSESSIVE.sub(r"\1", line)
    line = _SPACE_INSIDE_PARENS.sub(lambda m: m.group(0).strip(), line)
    line = _RANGE.sub(_fix_range, line)
    line = _uncapitalise(line)
    return line.strip()


# --------------------------------------------------------------------------------------
# Sentence / fragment heuristics
# --------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…][\"'\u201d\u2019»)\]]*$")
# " ," or " 's" not left behind by a removed citation: the tell-tale of a caption that
# Wikipedia assembled from parts.
_CAPTION_SPACING = re.compile(r"[^\s\]] (?:,|['\u2019]s\b)")
_BULLET = re.compile(r"^(?:[-*•‣◦\u2013]|\d{1,3}[.)])\s+")
_CONTINUATION_WORDS = _names(
    "a an the of in on at to for with by from and or but nor as that which who whose whom "
    "his her its their our my your this these those into onto upon than"
)


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _looks_like_title(line: str) -> bool:
    """A short line with letters and no final punctuation (a headline, not a sentence)."""
    return (
        0 < _words(line) <= _TITLE_MAX_WORDS
        and any(ch.isalpha() for ch in line)
        and line[-1] not in ".!?…,;:"
        and not _BULLET.match(line)
        and not line[0].islower()
    )


def _should_join(prev: str, nxt: str) -> bool:
    """Whether a single newline between two lines is a hard wrap inside a sentence."""
    if _ends_sentence(prev) or _BULLET.match(nxt):
        return False
    if prev.endswith((",", ";", "(", "\u2014", "\u2013", "-", "/")):
        return True
    first = nxt[0]
    if (
        first.islower()
        or first in "([{,;:.)]}\u2013\u2014"
        or (first.isdigit() and not _words(nxt) > 20)
    ):
        return True
    last_word = prev.rsplit(" ", 1)[-1].lower()
    return last_word in _CONTINUATION_WORDS


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """A block whose lines all run to about the same width, breaking mid-sentence.

    That is text wrapped at a fixed column (e-mails, PDFs, some editors); its lines form
    one paragraph. A list of captions or one-sentence lines is not wrapped: its lines
    end sentences or vary in length.
    """
    if len(lines) < 2 or any(_CAPTION_SPACING.search(line) for line in lines):
        return False
    widest = max(len(line) for line in lines)
    body = lines[:-1]
    if widest < 40 or any(len(line) < 0.7 * widest for line in body):
        return False
    open_ends = sum(not _ends_sentence(line) for line in body)
    return open_ends * 2 >= len(body)


@dataclass
class _Segment:
    text: str  # cleaned
    raw: str  # before spacing repair (caption spacing is evidence)
    block: int  # index of the blank-line separated block
    siblings: int  # segments in the same block


def _segments(blocks: Sequence[Sequence[str]], *, wrapped: bool) -> list[_Segment]:
    """Group the lines of each block into paragraph candidates."""
    out: list[_Segment] = []
    for index, lines in enumerate(blocks):
        # Join decisions look at the lines without markup: "done.[5]" ends a sentence,
        # "*Pisum* was" starts one. Caption spacing is judged on the raw lines (see
        # _is_caption), with only the markup removed.
        bare = [_SPACE_RUN.sub(" ", _remove_markup(line)).strip() or line for line in lines]
        groups: list[list[str]] = []
        join_all = wrapped or _is_hard_wrapped(bare)
        for i, line in enumerate(lines):
            if i and ((join_all and not _BULLET.match(line)) or _should_join(bare[i - 1], bare[i])):
                groups[-1].append(line)
            else:
                groups.append([line])
        for group in groups:
            raw = _join_lines(group)
            text = _clean_line(_BULLET.sub("", raw))
            if text:
                out.append(_Segment(text, _remove_markup(raw), index, len(groups)))
    return out


def _join_lines(lines: Sequence[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        # "anti-\nmissile": a word split at a hyphen stays one word.
        if re.search(r"[^\W\d_]-$", joined) and line[:1].islower():
            joined += line
        else:
            joined += " " + line
    return joined


def _is_caption(seg: _Segment, *, trailing: bool) -> bool:
    """Image captions: short, caption spacing, among other short lines or at the end."""
    if _words(seg.text) >= _FRAGMENT_MAX_WORDS:
        return False
    if not _ends_sentence(seg.text):
        return True  # headings and captions alike are not sentences
    return bool(_CAPTION_SPACING.search(seg.raw)) and (trailing or seg.siblings > 1)


def _split_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [_SPACE_RUN.sub(" ", ln).strip() for ln in chunk.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            blocks.append(lines)
    return blocks


def _clean_plain(
    text: str, *, detect_title: bool = True, wrapped: bool = False
) -> tuple[str | None, tuple[str, ...]]:
    """The plain-text cleaner; ``wrapped`` joins every line of a block (PDF layout)."""
    blocks = _split_blocks(_normalise_chars(text))
    title: str | None = None
    if detect_title and blocks:
        first_block = blocks[0]
        candidate = _clean_line(first_block[0])
        if candidate and _looks_like_title(candidate):
            if len(first_block) == 1:
                followed = len(blocks) > 1
            else:
                followed = _words(_clean_line(first_block[1])) > _words(candidate)
            if followed:
                title = candidate
                blocks = [first_block[1:], *blocks[1:]] if len(first_block) > 1 else blocks[1:]
    segments = _segments(blocks, wrapped=wrapped)
    # Trailing run of caption-like lines: pictures are listed after the text.
    # The run only counts after some real paragraph: a one-line text is not a caption.
    keep = [not _is_caption(seg, trailing=False) for seg in segments]
    first_kept = keep.index(True) if True in keep else len(segments)
    for i in range(len(segments) - 1, first_kept, -1):
        if _is_caption(segments[i], trailing=True):
            keep[i] = False
        elif keep[i]:
            break
    paragraphs = tuple(seg.text for seg, ok in zip(segments, keep, strict=True) if ok)
    return title, _title_words_cased(title, paragraphs)


def _title_words_cased(title: str | None, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """ "CHOLERA is an infection ...": the topic word in bold capitals is written as the
    title writes it. A lone capitalised word is otherwise kept as an acronym (see
    `_uncapitalise`); the title tells that this one is a word."""
    if not title:
        return paragraphs
    words = {w.upper(): w for w in re.findall(r"[^\W\d_]{4,}", title) if not w.isupper()}
    if not words:
        return paragraphs
    pattern = re.compile(r"(?<![\w'\u2019\-])(" + "|".join(map(re.escape, words)) + r")(?![\w\-])")
    return tuple(pattern.sub(lambda m: words[m.group(1)], para) for para in paragraphs)


def clean_paragraphs(text: str) -> tuple[str | None, tuple[str, ...]]:
    """Split raw text into ``(title or None, cleaned paragraphs)``.

    This is the plain-text cleaner that every format ends up in, so that a Wikipedia
    excerpt gets the same paragraphs whether it arrives pasted, as .txt, .docx or .pdf:
    citation markers and captions removed, headings dropped (they are not sentences,
    so no question can be asked about them), spacing repaired, numeric ranges written
    with an en dash so that "1958-1963" and "1958\u20131963" are the same answer.
    """
    return _clean_plain(text)


# --------------------------------------------------------------------------------------
# Structured formats (HTML, Markdown, docx) produce typed blocks
# --------------------------------------------------------------------------------------

_Kind = Literal["title", "heading", "caption", "para"]


def _clean_structured(
    blocks: Iterable[tuple[_Kind, str]], *, min_words: int = _STRUCTURED_MIN_WORDS
) -> tuple[str | None, tuple[str, ...]]:
    """Clean blocks whose role the markup already told us.

    Headings and captions are dropped; the first title becomes the title. Lines of a
    body block still go through the plain-text line cleaner.
    """
    title: str | None = None
    paragraphs: list[str] = []
    for kind, text in blocks:
        lines = [_SPACE_RUN.sub(" ", ln).strip() for ln in _normalise_chars(text).split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if kind == "title":
            if title is None:
                title = _clean_line(" ".join(lines)) or None
            continue
        if kind != "para":
            continue
        # Lines inside one block (<br>, Markdown line breaks) get the plain-text treatment:
        # wrapped lines are joined, a list of captions is recognised.
        segments = _segments([lines], wrapped=False)
        if title is None and not paragraphs and segments and _looks_like_title(segments[0].text):
            # No title in the markup: the plain-text rule (a short first line) applies.
            title = segments[0].text
            segments = segments[1:]
        for seg in segments:
            if seg.siblings > 1 and _is_caption(seg, trailing=False):
                continue
            if _ends_sentence(seg.text) or _words(seg.text) >= min_words:
                paragraphs.append(seg.text)
    return title, _title_words_cased(title, tuple(paragraphs))


# --- HTML ------------------------------------------------------------------------------

# Never text: active content, embedded objects, page furniture.
_HTML_DROP = _names(
    "script style noscript template iframe object embed applet svg math canvas video audio "
    "source track map area form input button select option textarea nav link meta base head "
    "frame frameset dialog"
)
_HTML_CAPTION = frozenset({"figcaption", "caption"})
_HTML_HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HTML_BLOCK = (
    _names(
        "p div li dt dd ul ol dl tr td th table tbody thead tfoot blockquote pre section "
        "article aside main header footer figure address hr br center details summary fieldset "
        "body html"
    )
    | _HTML_HEADING
    | _HTML_CAPTION
)
_HTML_DROP_CLASSES = frozenset(
    {
        "reference",
        "references",
        "reflist",
        "mw-references-wrap",
        "mw-editsection",
        "noprint",
        "mw-cite-backlink",
        "navbox",
        "toc",
    }
)
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
# Sections of apparatus, not prose: their content would yield questions about sources.
_BACK_MATTER = re.compile(
    r"(?i)^\s*(references|notes|footnotes|citations|sources|bibliography|see also"
    r"|further reading|external links|notes and references)\s*(\[\s*edit\s*\])?\s*$"
)


def _html_skip(el: Any) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag:
        return True  # comments, processing instructions, entities
    tag = tag.rsplit("}", 1)[-1].lower()
    if tag in _HTML_DROP:
        return True
    classes = set(str(el.get("class") or "").split())
    if tag == "sup" and (not classes or classes & _HTML_DROP_CLASSES):
        # Superscript citation numbers; a classless <sup> holding a number is one too.
        text = "".join(el.itertext()).strip()
        if classes or (re.fullmatch(r"\[?\s*[\w ]{0,20}\s*\]?", text) and "[" in text):
            return True
    if classes & _HTML_DROP_CLASSES:
        return True
    if el.get("hidden") is not None or str(el.get("aria-hidden") or "").lower() == "true":
        return True
    style = re.sub(r"\s+", "", str(el.get("style") or "")).lower()
    return "display:none" in style or "visibility:hidden" in style


class _HtmlBlocks:
    """Turns an lxml tree into (kind, text) blocks: block elements end a block."""

    def __init__(self) -> None:
        self.blocks: list[tuple[_Kind, str]] = []
        self._parts: list[str] = []
        self._kinds: list[_Kind] = ["para"]

    def flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        if text.strip():
            self.blocks.append((self._kinds[-1], text))

    def walk(self, el: Any) -> None:
        tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
        if tag == "br":
            self._parts.append("\n")
            self._text(el.tail)
            return
        if _html_skip(el):
            self._text(el.tail)
            return
        block = tag in _HTML_BLOCK
        if block:
            self.flush()
            kind: _Kind = self._kinds[-1]
            if tag in _HTML_CAPTION:
                kind = "caption"
            elif tag in _HTML_HEADING and kind == "para":
                kind = "heading"
            self._kinds.append(kind)
        self._text(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
            level_kind = self._kinds.pop()
            if tag in _HTML_HEADING and level_kind == "heading" and self.blocks:
                # Remember the level so that the caller can pick <h1> as the title.
                last_kind, last_text = self.blocks[-1]
                if last_kind == "heading":
                    self.blocks[-1] = ("heading", f"{tag}\x00{last_text}")
        self._text(el.tail)

    def _text(self, text: str | None) -> None:
        # Newlines in HTML source are just spaces; only <br> and blocks break lines.
        if text:
            self._parts.append(_HTML_SPACE.sub(" ", text))


def _html_blocks(html: str, *, first_heading_is_title: bool) -> list[tuple[_Kind, str]]:
    """Parse HTML with lxml and reduce it to typed text blocks.

    Only text nodes are ever kept, so attributes (event handlers, ``javascript:`` URLs)
    cannot leak; script/style and other active elements are skipped with their content.
    """
    import lxml.etree
    import lxml.html

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not html.strip():
        return []
    try:
        parser = lxml.html.HTMLParser(
            remove_comments=True, remove_pis=True, no_network=True, recover=True
        )
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise _ParseFailed from exc

    page_title: str | None = None
    for t in root.iter("title"):
        page_title = " ".join("".join(t.itertext()).split()) or None
        break
    body = root.find("body")
    walker = _HtmlBlocks()
    walker.walk(body if body is not None else root)

    blocks: list[tuple[_Kind, str]] = []
    title_found = False
    back_matter = False
    for index, (kind, text) in enumerate(walker.blocks):
        if kind == "heading":
            level, _, heading = text.partition("\x00")
            if not title_found and (level == "h1" or (first_heading_is_title and index == 0)):
                blocks.append(("title", heading))
                title_found = True
                continue
            back_matter = bool(_BACK_MATTER.match(heading))
            blocks.append(("heading", heading))
        elif not back_matter:
            blocks.append((kind, text))
    if not title_found and page_title and not first_heading_is_title:
        blocks.insert(0, ("title", _strip_site_name(page_title)))
    return blocks


def _strip_site_name(title: str) -> str:
    """ "Drop a site name: "Hanseatic League - Wikipedia" -> "Hanseatic League"."""
    parts = re.split(r"\s+[-|\u2014\u2013·]\s+", title)
    return parts[0] if len(parts) > 1 and parts[0] else title


# --- Markdown ----------------------------------------------------------------------------


def _markdown_html(text: str) -> str:
    """Render Markdown with a real CommonMark parser; the HTML path does the rest.

    Raw HTML is allowed through on purpose: it is then parsed and stripped by the HTML
    reducer, instead of surviving as literal "<script>" text.
    """
    from markdown_it import MarkdownIt

    # breaks=True keeps the author's line breaks as <br>, so that the plain-text line
    # heuristics (wrapped text vs one sentence or caption per line) can decide.
    renderer = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table")
    return str(renderer.render(text))


# --- docx --------------------------------------------------------------------------------


def _docx_text(data: bytes, name: str, max_bytes: int) -> tuple[str | None, str]:
    """Return the styled title (if any) and the body as blank-line separated text.

    Heading and Caption paragraph styles are dropped; the rest goes through the
    plain-text cleaner like a pasted text, since Word users often type headings as
    ordinary short paragraphs.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(
            f"{name} is a damaged Word file: open it in Word and save it again, or save it as text."
        ) from exc
    if "word/document.xml" not in names:
        raise DocumentError(
            f"{name} is a ZIP archive, not a Word (.docx) document: "
            "upload the document itself (txt, md, html, docx or pdf)."
        )
    if expanded > max(max_bytes, 1) * _ZIP_EXPANSION_FACTOR:
        raise DocumentError(
            f"{name} expands to {_human_size(expanded)} of data: split it into smaller documents."
        )
    import docx

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
            title: str | None = None
            body: list[str] = []
            for para in document.paragraphs:
                style = str(getattr(para.style, "name", "") or "").lower()
                text = str(para.text)
                if not text.strip():
                    continue
                if style == "title" or (style == "heading 1" and title is None and not body):
                    if title is None:
                        title = text
                    continue
                if style.startswith("heading") or style == "caption":
                    continue
                body.append(text)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(
            f"{name} could not be read as a Word document (it may be damaged): "
            "open it in Word and save it again, or save it as text."
        ) from exc
    return title, "\n\n".join(body)


# --- pdf ---------------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str, max_bytes: int) -> str:
    """Extract the text layer page by page; a scanned PDF has none and is refused."""
    import pypdf

    pages: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(
                    f"{name} is password-protected: remove the password and try again."
                )
            total = 0
            for page in reader.pages:
                text = str(page.extract_text() or "")
                total += len(text)
                if total > max(max_bytes, 1) * _ZIP_EXPANSION_FACTOR:
                    raise DocumentError(
                        f"{name} contains too much text: split it into smaller documents."
                    )
                pages.append(text)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(
            f"{name} could not be read as a PDF (it may be damaged): "
            "export it again as PDF or as text."
        ) from exc
    text = "\n\n".join(pages)
    if not any(ch.isalpha() for ch in text):
        raise DocumentError(
            f"{name} has no text layer (scanned?): export it as text or run OCR first."
        )
    return text


# --------------------------------------------------------------------------------------
# Bytes -> text
# --------------------------------------------------------------------------------------

# Magic numbers of things teachers upload by mistake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", ""),  # checked with NULs below; "BM" starts English words too
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", ""),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", ""),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-format Office file (.doc/.xls/.ppt)"),
    (b"{\\rtf", "an RTF file"),
    (b"OggS", "an audio/video file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"\xca\xfe\xba\xbe", "a program (Java/Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "a program (Mach-O)"),
    (b"\x00asm", "a WebAssembly program"),
    (b"SQLite format 3\x00", "a database file"),
)
_RIFF_WEBP = (b"RIFF", b"WEBP")

# Single-byte legacy encodings we accept from charset-normalizer's guess. Multi-byte and
# exotic guesses on non-UTF-8 bytes are too often wrong on short texts.
_LEGACY_ENCODINGS = _names(
    "cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 latin_1 iso8859_2 "
    "iso8859_3 iso8859_4 iso8859_5 iso8859_7 iso8859_9 iso8859_10 iso8859_13 iso8859_14 "
    "iso8859_15 iso8859_16 mac_roman mac_latin2 koi8_r koi8_u cp850 cp437"
)
_MAX_CHAOS = 0.1


def _binary_kind(data: bytes) -> str | None:
    """Name what the bytes are if they are clearly not text, else None."""
    head = data[:32]
    for magic, label in _BINARY_MAGIC:
        if head.startswith(magic) and (label or b"\x00" in data[:4096]):
            return label or "a binary file"
    if head.startswith(_RIFF_WEBP[0]) and head[8:12] in (_RIFF_WEBP[1], b"WAVE", b"AVI "):
        return "an image or media file"
    return None


def _decode(data: bytes, name: str) -> str:
    """Decode text bytes, refusing binary data and unrecognisable encodings.

    UTF-8 and BOM-marked UTF-16/32 are exact. Anything else is a guess; we take it only
    when charset-normalizer is confident it is a legacy single-byte encoding (typical of
    old Windows "Save as text" files), because a wrong guess would produce garbage
    questions that look like the teacher's mistake.
    """
    subject = _subject(name)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = _decode_exact(data, "utf-32", name)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_exact(data, "utf-16", name)
    else:
        kind = _binary_kind(data)
        if kind:
            raise DocumentError(
                f"{subject} is {kind}, not a text document: "
                "upload a txt, md, html, docx or pdf file."
            )
        if b"\x00" in data:
            raise _binary_error(name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _guess_legacy(data, name)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    if controls > max(2, len(text) // 100):
        raise _binary_error(name)
    return text


def _decode_exact(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{_subject(name)} starts with a {encoding.upper()} marker but is not valid "
            f"{encoding.upper()}: save it as UTF-8 and try again."
        ) from exc


def _guess_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    try:
        matches = [
            m for m in from_bytes(data) if m.encoding in _LEGACY_ENCODINGS and m.chaos <= _MAX_CHAOS
        ]
    except Exception:  # the detector is a heuristic; any failure means "unknown"
        matches = []
    if matches:
        best = min(matches, key=lambda m: m.chaos)
        # Ties between Latin code pages are common on English text (cp1250/cp1252 agree
        # on most letters); Western Windows is by far the likeliest origin.
        for match in matches:
            if match.encoding == "cp1252" and match.chaos <= best.chaos:
                best = match
                break
        try:
            return data.decode(str(best.encoding))
        except (UnicodeDecodeError, LookupError):
            pass
    raise DocumentError(
        f"{_subject(name)} is not UTF-8 text and its encoding could not be recognised: "
        "save it as UTF-8 and try again."
    )


def _binary_error(name: str) -> DocumentError:
    return DocumentError(
        f"{_subject(name)} looks like binary data, not text: "
        "upload a txt, md, html, docx or pdf file."
    )


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


class _ParseFailed(Exception):
    """Internal: a parser gave up; turned into a DocumentError naming the file."""


def _subject(name: str) -> str:
    return "The pasted text" if name == PASTED_TEXT else name


def _safe_name(name: str) -> str:
    """One printable line, so that it can go into a one-line message and a page title."""
    name = " ".join("".join(ch if ch.isprintable() else " " for ch in str(name)).split())
    if len(name) > 120:
        name = name[:100] + "…" + name[-19:]
    return name or "document"


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise DocumentError(
            f"{_subject(name)} is {_human_size(size)}, over the {_human_size(max_bytes)} "
            "limit: split it into smaller documents (or raise the limit)."
        )


def _title_from_name(name: str) -> str:
    if name == PASTED_TEXT:
        return UNTITLED
    stem = Path(name.replace("\\", "/")).stem if name else ""
    stem = " ".join(stem.replace("_", " ").split())
    return stem[:1].upper() + stem[1:] if stem else UNTITLED


def _build(name: str, title: str | None, paragraphs: tuple[str, ...], empty: bool) -> Document:
    if not paragraphs:
        if empty:
            raise DocumentError(
                f"{_subject(name)} is empty: paste or upload a text with full sentences."
            )
        raise DocumentError(
            f"{_subject(name)} has no sentences to ask about (only headings, captions "
            "or fragments were found): paste or upload a text with full sentences."
        )
    text = "\n\n".join(paragraphs)
    return Document(
        name=name,
        title=title or _title_from_name(name),
        paragraphs=paragraphs,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


_Cleaner = Callable[[], tuple[str | None, tuple[str, ...]]]


def _run_cleaner(name: str, fmt: str, cleaner: _Cleaner) -> tuple[str | None, tuple[str, ...]]:
    """Run a parser/cleaner, turning any parser crash into a one-line DocumentError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return cleaner()
    except DocumentError:
        raise
    except Exception as exc:  # malformed input must never surface as a traceback
        raise DocumentError(
            f"{_subject(name)} could not be read as {fmt.upper()} (it may be damaged): "
            "save it again or paste its text."
        ) from exc


def _from_text(text: str, name: str, fmt: str) -> Document:
    empty = not _normalise_chars(text).strip()
    if empty:
        return _build(name, None, (), True)
    if fmt == "txt":
        title, paragraphs = _run_cleaner(name, fmt, lambda: _clean_plain(text))
    elif fmt == "md":
        title, paragraphs = _run_cleaner(
            name,
            "Markdown",
            lambda: _clean_structured(
                _html_blocks(_markdown_html(text), first_heading_is_title=True)
            ),
        )
    elif fmt == "html":
        title, paragraphs = _run_cleaner(
            name,
            "HTML",
            lambda: _clean_structured(_html_blocks(text, first_heading_is_title=False)),
        )
    else:
        raise DocumentError(
            f"Unknown text format {fmt!r} for {_subject(name)}: use txt, md or html."
        )
    return _build(name, title, paragraphs, False)


def read_text(
    text: str, *, name: str = PASTED_TEXT, fmt: str = "txt", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read text that is already a string (pasted into a form, or decoded by the caller).

    ``fmt`` is ``"txt"``, ``"md"`` or ``"html"``. The size limit applies to the UTF-8
    encoding so that pasting and uploading the same text behave alike.
    """
    name = _safe_name(name)
    fmt = fmt.lower().lstrip(".")
    fmt = {"text": "txt", "markdown": "md", "htm": "html"}.get(fmt, fmt)
    _check_size(len(text.encode("utf-8", "surrogatepass")), name, max_bytes)
    return _from_text(text, name, fmt)


_MD_EXT = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_bytes(
    data: bytes, *, name: str = "document.txt", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read an uploaded file's bytes; the format comes from the name and the content.

    Magic bytes win over the extension (a PDF renamed .txt is still a PDF) because
    users rename files; the extension picks between the text formats, which have no
    reliable signature.
    """
    name = _safe_name(name)
    _check_size(len(data), name, max_bytes)
    if not data.strip(b" \t\r\n\x0b\x0c"):
        return _build(name, None, (), True)
    ext = Path(name.replace("\\", "/")).suffix.lower()
    if data.startswith(b"%PDF") or (ext == ".pdf" and b"%PDF-" in data[:1024]):
        text = _pdf_text(data, name, max_bytes)
        title, paragraphs = _run_cleaner(name, "PDF", lambda: _clean_plain(text, wrapped=False))
        return _build(name, title, paragraphs, False)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        styled_title, body = _docx_text(data, name, max_bytes)
        title, paragraphs = _run_cleaner(
            name, "docx", lambda: _clean_plain(body, detect_title=styled_title is None)
        )
        return _build(name, styled_title or title, paragraphs, not body.strip())
    if ext == ".pdf":
        raise DocumentError(
            f"{name} is not a valid PDF (no PDF header): export it again as PDF or as text."
        )
    if ext == ".docx":
        raise DocumentError(
            f"{name} is not a valid Word (.docx) file: open it in Word and save it again."
        )
    if ext == ".doc" and data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            f"{name} is an old-format Word (.doc) file: save it as .docx or .txt and try again."
        )
    text = _decode(data, name)
    if ext in _MD_EXT:
        fmt = "md"
    elif ext in _HTML_EXT or (ext not in {".txt", ".text"} and _looks_like_html(data)):
        fmt = "html"
    else:
        fmt = "txt"
    return _from_text(text, name, fmt)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file from disk; the size is checked before reading it into memory."""
    file = Path(path)
    name = _safe_name(file.name or str(path))
    try:
        if not file.exists():
            raise DocumentError(f"{_safe_name(str(path))} was not found: check the path.")
        if not file.is_file():
            raise DocumentError(f"{_safe_name(str(path))} is not a file: choose a document file.")
        _check_size(file.stat().st_size, name, max_bytes)
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DocumentError(
            f"{_safe_name(str(path))} could not be opened ({reason}): check the file."
        ) from exc
    return read_bytes(data, name=name, max_bytes=max_bytes)
