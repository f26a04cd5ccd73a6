"""Tests for questions.reading: formats, cleaning of the raw sample, and refusals."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from questions.reading import (
    DEFAULT_MAX_BYTES,
    Document,
    DocumentError,
    clean_paragraphs,
    read_bytes,
    read_path,
    read_text,
)
from tests.conftest import SAMPLE

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"

MARKER = re.compile(r"\[(\d+|citation needed)\]")


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF whose text layer holds ``lines`` (Helvetica)."""
    ops = " ".join(f"({_pdf_string(line)}) Tj T*" for line in lines)
    content = f"BT /F1 11 Tf 72 720 Td 14 TL {ops} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(path: Path, *, with_title: bool = True) -> Path:
    document = docx.Document()
    if with_title:
        document.add_heading("The Treaty of Stralsund", level=0)
    else:
        document.add_paragraph("The Treaty of Stralsund")
    document.add_paragraph(
        "On 24 May 1370, Denmark signed the Treaty of Stralsund with the Hanseatic towns.[3]"
    )
    document.add_heading("Consequences", level=1)
    document.add_paragraph(
        "The treaty gave the league free trade in Danish waters for fifteen years (1370-1385)."
    )
    document.add_paragraph("A map of the Baltic Sea , 1370", style="Caption")
    document.save(str(path))
    return path


def assert_one_line_naming(exc: DocumentError, name: str) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message
    assert name in message
    assert "Traceback" not in message


# --------------------------------------------------------------------------------------
# the raw sample
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Document:
    return read_path(SAMPLE)


def test_sample_title_and_count(sample: Document) -> None:
    assert sample.name == "italy_russia_relations.txt"
    assert sample.title == "Italy\u2013Russia relations"
    # 35 non-empty lines = 1 title + 30 paragraphs + 4 captions.
    assert len(sample.paragraphs) == 30
    assert all(p == p.strip() and "  " not in p for p in sample.paragraphs)


def test_sample_citation_markers_removed(sample: Document) -> None:
    text = sample.text
    assert not re.search(r"\[\d", text)
    assert "[citation needed]" not in text
    assert "[" not in text and "]" not in text
    assert sample.paragraphs[0].startswith("In the Middle Ages, the Italian maritime")
    assert sample.paragraphs[1].startswith("In 1686\u20131699, the Republic of Venice")
    assert "Russian-backed organisations may have been" in text
    assert "electoral outcomes, and he accused" in text
    assert any(p.startswith("In December 2017, former US") for p in sample.paragraphs)
    assert any(p.startswith("The Silvio Berlusconi governments") for p in sample.paragraphs)


def test_sample_captions_removed(sample: Document) -> None:
    for paragraph in sample.paragraphs:
        assert "Sardinia ," not in paragraph and "Sardinia" not in paragraph
        assert "Giuseppe Conte with" not in paragraph
        assert "Bersaglieri" not in paragraph
        assert "Donetsk in 1941" not in paragraph
    assert sample.paragraphs[-1].startswith("In the first place, Russia's ruling party")


def test_sample_ranges_and_text_kept(sample: Document) -> None:
    text = sample.text
    assert "(1958\u20131963)" in text and "1958-1963" not in text
    assert "(2001\u20132006 and 2008\u20132011)" in text
    assert "(2001\u20132009)" in text
    assert "present-day Russia" in text
    assert "anti-missile" in text and "five-year" in text
    assert "“Nationalization Counter-measure”" in text  # curly quotes kept
    assert "Nikita Ryžov" in text and "détente" in text
    assert any(p.startswith("He favoured Italian culture") for p in sample.paragraphs)


def test_sample_deterministic_and_id(sample: Document) -> None:
    again = read_path(SAMPLE)
    assert again == sample
    pasted = read_text(SAMPLE.read_text(encoding="utf-8"))
    assert pasted.paragraphs == sample.paragraphs
    assert pasted.sha256 == sample.sha256
    assert re.fullmatch(r"[0-9a-f]{64}", sample.sha256)
    assert sample.text == "\n\n".join(sample.paragraphs)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sample_same_in_other_formats(sample: Document, fmt: str) -> None:
    raw = SAMPLE.read_text(encoding="utf-8")
    if fmt == "html":
        raw = "<p>" + raw.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
    document = read_text(raw, fmt=fmt)
    assert document.title == sample.title
    assert document.paragraphs == sample.paragraphs


# --------------------------------------------------------------------------------------
# clean_paragraphs details
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[14] The legion fought in 1863.", "The legion fought in 1863."),
        ("[35][34] Biden accused Russia.", "Biden accused Russia."),
        ("Russian-backed organisations[32] may lie.", "Russian-backed organisations may lie."),
        (
            "It influenced outcomes,[33][34] and he said so.",
            "It influenced outcomes, and he said so.",
        ),
        ("He won.[citation needed] She lost.", "He won. She lost."),
        ("The date[when?] is unclear today.", "The date is unclear today."),
        ("The term[clarification needed] is odd here.", "The term is odd here."),
        ("A note[a] and another[note 3] and[nb 1] more.", "A note and another and more."),
        ("He wrote “I seen it” [sic] in the letter.", "He wrote “I seen it” [sic] in the letter."),
        ("They met in Moscow , 24 October 2018.", "They met in Moscow, 24 October 2018."),
        ("Berlusconi 's villa was sold in 2001.", "Berlusconi's villa was sold in 2001."),
        ("The war lasted\u00a0from  1958-1963\t here.", "The war lasted from 1958\u20131963 here."),
        ("See pp. 3-5 for the full list of names.", "See pp. 3\u20135 for the full list of names."),
        ("It was signed on 2018-03-04 in Rome.", "It was signed on 2018-03-04 in Rome."),
        ("The temperature fell to -5 degrees.", "The temperature fell to -5 degrees."),
        ("A present-day anti-missile shield.", "A present-day anti-missile shield."),
        ("Zero\u200bwidth\u00ad and con\x07trol are gone.", "Zerowidth and control are gone."),
        ("Cafe\u0301 is normalised to NFC.", "Café is normalised to NFC."),
    ],
)
def test_clean_line_quirks(raw: str, expected: str) -> None:
    title, paragraphs = clean_paragraphs(raw)
    assert title is None
    assert paragraphs == (expected,)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Gregor Johann Mendel (; 20 July 1822 – 6 January 1884) () was a monk.",
            "Gregor Johann Mendel (20 July 1822 – 6 January 1884) was a monk.",
        ),
        (
            "Lisbon ( ; Portuguese: Lisboa) is the capital of Portugal.",
            "Lisbon (Portuguese: Lisboa) is the capital of Portugal.",
        ),
        ("The singer (, born 1950) gave a concert.", "The singer (born 1950) gave a concert."),
        ("The monk (born 1822;) bred peas.", "The monk (born 1822) bred peas."),
        ("The monk (born 1822 , ) bred peas.", "The monk (born 1822) bred peas."),
        ("Mendel () bred peas.", "Mendel bred peas."),
        ("Mendel ( ) bred ( ;) peas (,).", "Mendel bred peas."),
        ("Mendel [ ] bred [] peas.", "Mendel bred peas."),
        ("Mendel ( [1] ) bred peas.", "Mendel bred peas."),
        ("Mendel()bred peas.", "Mendel bred peas."),
        ("Peas (Pisum sativum; a legume) grow fast.", "Peas (Pisum sativum; a legume) grow fast."),
    ],
)
def test_stripped_parentheses_removed(raw: str, expected: str) -> None:
    title, paragraphs = clean_paragraphs(raw)
    assert title is None
    assert paragraphs == (expected,)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mendel studied _Pisum sativum_ peas.", "Mendel studied Pisum sativum peas."),
        ("Mendel studied *Pisum sativum* peas.", "Mendel studied Pisum sativum peas."),
        ("**Gregor Mendel** was a monk.", "Gregor Mendel was a monk."),
        ("***Gregor Mendel*** was a monk.", "Gregor Mendel was a monk."),
        ("Mendel studied ''Pisum sativum'' peas.", "Mendel studied Pisum sativum peas."),
        ("'''Gregor Mendel''' was a monk.", "Gregor Mendel was a monk."),
        ("'''''Gregor Mendel''''' was a monk.", "Gregor Mendel was a monk."),
        ("'''Mendel ''the monk'' wrote''' papers.", "Mendel the monk wrote papers."),
        ("He was ''O'Brien's'' friend (*1822*).", "He was O'Brien's friend (1822)."),
        ("The key _file_name_ was lost.", "The key file_name was lost."),
        # Not emphasis: identifiers, arithmetic, apostrophes, inch marks.
        ("The file_name and max_value_2 fields.", "The file_name and max_value_2 fields."),
        ("Python calls __init__ for each object.", "Python calls __init__ for each object."),
        ("He said that 3 * 4 is 12 and 2*x*3 is 6x.", "He said that 3 * 4 is 12 and 2*x*3 is 6x."),
        ("O'Brien didn't know the cat's name.", "O'Brien didn't know the cat's name."),
        ("He was 5' 10'' and she was 5' 6'' tall.", "He was 5' 10'' and she was 5' 6'' tall."),
    ],
)
def test_emphasis_markup_removed(raw: str, expected: str) -> None:
    title, paragraphs = clean_paragraphs(raw)
    assert title is None
    assert paragraphs == (expected,)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GREGOR JOHANN MENDEL was a monk.", "Gregor Johann Mendel was a monk."),
        ("The abbot JOHANN MENDEL was a monk.", "The abbot Johann Mendel was a monk."),
        ("JEAN-BAPTISTE SAY was an economist.", "Jean-Baptiste Say was an economist."),
        ("The poet SEAN O'NEILL wrote it.", "The poet Sean O'Neill wrote it."),
        ("LOUIS XIV and HENRY V were kings.", "Louis XIV and Henry V were kings."),
        ("VINCENT VAN GOGH painted it.", "Vincent van Gogh painted it."),
        ("LEONARDO DA VINCI painted it.", "Leonardo da Vinci painted it."),
        (
            "CHARLES DE GAULLE and OTTO VON BISMARCK met.",
            "Charles de Gaulle and Otto von Bismarck met.",
        ),
        ("ÉMILE ZOLA and PAUL MCCARTNEY met.", "Émile Zola and Paul McCartney met."),
        ("JOHANN MENDEL's laws are famous.", "Johann Mendel's laws are famous."),
        ("MENDEL'S LAWS are famous.", "Mendel's Laws are famous."),
        ("The BBC NEWS team came.", "The BBC News team came."),
        # Acronyms stay.
        ("NATO, the USSR, UNESCO and the BBC met.", "NATO, the USSR, UNESCO and the BBC met."),
        ("The US UK deal was signed.", "The US UK deal was signed."),
        ("A NATO summit was held.", "A NATO summit was held."),
        ("The USSR2 and ABC-DEF codes.", "The USSR2 and ABC-DEF codes."),
    ],
)
def test_names_in_capitals_title_cased(raw: str, expected: str) -> None:
    title, paragraphs = clean_paragraphs(raw)
    assert title is None
    assert paragraphs == (expected,)


MENDEL_LEAD = (
    "'''GREGOR JOHANN MENDEL''' (; 20 July 1822 – 6 January 1884) () was a biologist "
    "who studied ''Pisum sativum'' at the abbey of St Thomas in Brno.[1]\n\n"
    "**Mendel** bred about _28,000_ pea plants between 1856 and 1863, and file_name "
    "records show 3 * 4 crosses per row.\n"
)
MENDEL_CLEAN = (
    "Gregor Johann Mendel (20 July 1822 – 6 January 1884) was a biologist who studied "
    "Pisum sativum at the abbey of St Thomas in Brno.",
    "Mendel bred about 28,000 pea plants between 1856 and 1863, and file_name records "
    "show 3 * 4 crosses per row.",
)


@pytest.mark.parametrize("name", ["mendel.txt", "mendel.md"])
def test_encyclopedia_debris_same_in_txt_and_md(name: str) -> None:
    document = read_bytes(MENDEL_LEAD.encode(), name=name)
    assert document.paragraphs == MENDEL_CLEAN
    fmt = name.rsplit(".", 1)[1]
    assert read_text(MENDEL_LEAD, fmt=fmt).paragraphs == MENDEL_CLEAN


def test_capitals_title_is_title_cased() -> None:
    title, paragraphs = clean_paragraphs("GREGOR MENDEL\n\nMendel was born in Heinzendorf in 1822.")
    assert title == "Gregor Mendel"
    assert paragraphs == ("Mendel was born in Heinzendorf in 1822.",)


def test_title_headings_and_captions() -> None:
    raw = (
        "The Hanseatic League\n\n"
        "Lübeck was the leading city of the league for three centuries.\n\n"
        "Decline\n\n"
        "The last Diet met in Lübeck in 1669.\n\n"
        "A Hanseatic cog , 14th century\n"
        "The town hall of Lübeck\n"
    )
    title, paragraphs = clean_paragraphs(raw)
    assert title == "The Hanseatic League"
    assert paragraphs == (
        "Lübeck was the leading city of the league for three centuries.",
        "The last Diet met in Lübeck in 1669.",
    )


def test_title_not_taken_from_a_sentence() -> None:
    title, paragraphs = clean_paragraphs("Lübeck was refounded in 1159.\n\nIt grew fast.")
    assert title is None
    assert paragraphs == ("Lübeck was refounded in 1159.", "It grew fast.")


def test_hard_wrapped_lines_are_joined() -> None:
    raw = (
        "Because women could not enrol at the university, she studied at the secret\n"
        "Flying University and worked for several years as a governess to save money.\n"
        "In late 1891 she moved to Paris and enrolled at the Sorbonne in the autumn.\n"
    )
    _, paragraphs = clean_paragraphs(raw)
    assert len(paragraphs) == 1
    assert "secret Flying University" in paragraphs[0]


def test_title_fallbacks() -> None:
    body = "Pierre Curie was killed by a wagon in April 1906."
    assert read_text(body).title == "Untitled document"
    assert read_bytes(body.encode(), name="marie_curie_notes.txt").title == "Marie curie notes"


# --------------------------------------------------------------------------------------
# formats
# --------------------------------------------------------------------------------------


def test_markdown_document() -> None:
    document = read_path(DOCUMENTS / "science_history.md")
    assert document.title == "From Cowpox to Penicillium: Two Centuries of Fighting Infection"
    text = document.text
    assert "#" not in text and "*" not in text and "](" not in text and "https://" not in text
    assert "The first vaccines" not in text  # ## headings are dropped
    assert "the English physician Edward Jenner scratched" in text  # emphasis unwrapped
    assert "In March 1882, the German physician Robert Koch" in text  # list item kept
    assert "World Health Organization's pages on vaccines." in text  # link text kept


def test_markdown_raw_html_is_stripped() -> None:
    source = "# Notes\n\nThe treaty was signed in 1370.<script>alert('x')</script>\n"
    document = read_text(source, fmt="md")
    assert document.title == "Notes"
    assert document.paragraphs == ("The treaty was signed in 1370.",)


def test_plain_text_document() -> None:
    document = read_path(DOCUMENTS / "biography.txt")
    assert document.title == "Marie Curie"
    assert "Discovering radioactivity" not in document.text  # mid-text heading dropped
    assert 'the secret "Flying University" and worked' in document.text
    assert "(1914\u20131918)" in document.text
    assert 15 <= len(document.paragraphs) <= 30


def test_html_document_is_safe() -> None:
    document = read_path(DOCUMENTS / "encyclopedia_entry.html")
    assert document.title == "Hanseatic League"
    text = document.text
    for banned in (
        "alert",
        "tracking",
        "MUST NOT APPEAR",
        "font-family",
        "javascript",
        "Main page",
        "onload",
        "Hanseatic cog",  # figcaption
        "Leading city",  # infobox cells
        "Trade atlas",  # references section
        "[",
    ):
        # Case-insensitive: names in capitals are title-cased, which would hide a leak.
        assert banned.lower() not in text.lower(), banned
    assert "met in Lübeck & decided" in text  # entity decoded
    assert "On 24 May 1370, Denmark signed the Treaty of Stralsund" in text
    assert "(1618\u20131648)" in text
    assert "the Peterhof in Novgorod, the source of furs and wax from Russia." in text


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_read_text_formats_agree(fmt: str) -> None:
    sentence = "Queen Elizabeth I closed the Steelyard in London in 1598."
    source = {
        "html": f"<html><head><title>Steelyard</title></head><body><p>{sentence}</p></body>",
        "md": f"# Steelyard\n\n{sentence}\n",
        "txt": f"Steelyard\n\n{sentence}\n",
    }[fmt]
    document = read_text(source, fmt=fmt)
    assert document.title == "Steelyard"
    assert document.paragraphs == (sentence,)


def test_html_title_from_title_element_and_br() -> None:
    html = (
        b"<html><head><title>Visby - Open School Encyclopedia</title>"
        b'<style>p{}</style></head><body onload="alert(1)">'
        b"<p>Visby lies on the island of Gotland.<br>King Valdemar IV took it in 1361."
        b'<sup class="reference">[9]</sup></p>'
        b'<a href="javascript:alert(2)" onclick="alert(3)">x</a></body></html>'
    )
    document = read_bytes(html, name="visby.html")
    assert document.title == "Visby"
    assert document.paragraphs == (
        "Visby lies on the island of Gotland.",
        "King Valdemar IV took it in 1361.",
    )


@pytest.mark.parametrize("with_title", [True, False])
def test_docx(tmp_path: Path, with_title: bool) -> None:
    path = make_docx(tmp_path / "stralsund.docx", with_title=with_title)
    document = read_path(path)
    assert document.name == "stralsund.docx"
    assert document.title == "The Treaty of Stralsund"
    assert document.paragraphs == (
        "On 24 May 1370, Denmark signed the Treaty of Stralsund with the Hanseatic towns.",
        "The treaty gave the league free trade in Danish waters for fifteen years"
        " (1370\u20131385).",
    )
    assert read_bytes(path.read_bytes(), name="copy.docx") == Document(
        "copy.docx", document.title, document.paragraphs, document.sha256
    )


def test_pdf() -> None:
    data = make_pdf(
        [
            "The Treaty of Stralsund",
            "On 24 May 1370, Denmark signed the Treaty of Stralsund.[5]",
            "The league gained free trade in Danish waters (1370-1385).",
        ]
    )
    document = read_bytes(data, name="treaty.pdf")
    assert document.title == "The Treaty of Stralsund"
    assert document.paragraphs == (
        "On 24 May 1370, Denmark signed the Treaty of Stralsund.",
        "The league gained free trade in Danish waters (1370\u20131385).",
    )
    # Magic bytes win over a misleading extension.
    assert read_bytes(data, name="treaty.txt").paragraphs == document.paragraphs


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ("\ufeffThe Diet met in Lübeck in 1669.".encode(), "utf-8 bom"),
        ("\ufeffThe Diet met in Lübeck in 1669.".encode("utf-16-le"), "utf-16 le"),
        ("The Diet met in Lübeck in 1669.".encode("utf-16"), "utf-16 bom"),
    ],
)
def test_unicode_encodings(data: bytes, label: str) -> None:
    document = read_bytes(data, name=f"{label}.txt")
    assert document.paragraphs == ("The Diet met in Lübeck in 1669.",)


def test_cp1252_with_curly_quotes() -> None:
    text = (
        "\u201cWe shall trade freely,\u201d said the merchants of L\u00fcbeck in 1370. "
        "The caf\u00e9 owners were na\u00efve \u2013 they trusted the treaty."
    )
    document = read_bytes(text.encode("cp1252"), name="legacy.txt")
    assert document.paragraphs == (text,)


# --------------------------------------------------------------------------------------
# refusals
# --------------------------------------------------------------------------------------

BAD_INPUTS = [
    pytest.param(b"", "empty.txt", "is empty", id="empty"),
    pytest.param(b" \n\t\r\n  \n", "blank.txt", "is empty", id="whitespace"),
    pytest.param(b"Heading\n\nAnother heading\n", "headings.txt", "no sentences", id="no-sent"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "photo.png", "PNG", id="png"),
    pytest.param(bytes(range(256)) * 4, "random.bin", "binary", id="nul-bytes"),
    pytest.param(b"\x7fELF\x02\x01\x01" + bytes(100), "a.out", "ELF", id="elf"),
    pytest.param(b"\x81\x8d\x8f\x90\x9d" * 40, "odd.txt", "not UTF-8", id="undecodable"),
    pytest.param(b"%PDF-1.4\n1 0 obj garbage", "broken.pdf", "PDF", id="corrupt-pdf"),
    pytest.param(b"PK\x03\x04" + b"garbage" * 20, "broken.docx", "damaged", id="corrupt-docx"),
    pytest.param(b"This is plain text.", "fake.docx", "docx", id="not-docx"),
    pytest.param(b"<html><script>alert(1)</script></html>", "x.html", "no sentences", id="script"),
]


@pytest.mark.parametrize(("data", "name", "fragment"), BAD_INPUTS)
def test_bad_bytes(data: bytes, name: str, fragment: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_bytes(data, name=name)
    assert_one_line_naming(info.value, name)
    assert fragment in str(info.value)


def test_scanned_pdf_refused() -> None:
    with pytest.raises(DocumentError, match=r"scan\.pdf has no text layer \(scanned\?\)"):
        read_bytes(blank_pdf(), name="scan.pdf")


def test_zip_that_is_not_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "The Diet met in 1669.")
    with pytest.raises(DocumentError) as info:
        read_bytes(buffer.getvalue(), name="bundle.zip")
    assert_one_line_naming(info.value, "bundle.zip")
    assert "ZIP archive" in str(info.value)


def test_oversize() -> None:
    with pytest.raises(DocumentError) as info:
        read_bytes(b"a" * 3_100_000, name="big.txt")
    assert_one_line_naming(info.value, "big.txt")
    assert "3.1 MB, over the 2.0 MB limit" in str(info.value)
    assert DEFAULT_MAX_BYTES == 2_000_000
    with pytest.raises(DocumentError, match="over the 100 bytes limit"):
        read_text("The Diet met in Lübeck in 1669. " * 10, max_bytes=100)


def test_oversize_path_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("The Diet met in Lübeck in 1669.\n" * 20, encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_path(path, max_bytes=50)
    assert_one_line_naming(info.value, "long.txt")


@pytest.mark.parametrize("kind", ["missing", "directory", "empty"])
def test_bad_paths(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "notes.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    with pytest.raises(DocumentError) as info:
        read_path(path)
    assert_one_line_naming(info.value, "notes.txt")


def test_empty_pasted_text_message() -> None:
    with pytest.raises(DocumentError) as info:
        read_text("   \n\u200b ")
    assert_one_line_naming(info.value, "pasted text")


def test_unknown_format() -> None:
    with pytest.raises(DocumentError):
        read_text("The Diet met in 1669.", fmt="rtf")


# --------------------------------------------------------------------------------------
# property
# --------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "[1]",
        "[23]",
        "[citation needed]",
        "[",
        "]",
        "[[1]2]",
        "\n",
        "\n\n",
        " ,",
        " 's",
        "1958-1963",
        "\u200b",
        "\u00a0",
        "<p>",
        "</p>",
        "<script>",
        "# ",
        "- ",
        ".",
        "The treaty was signed in 1370 by the towns.",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=30).map("".join),
    fmt=st.sampled_from(["txt", "md", "html"]),
)
def test_read_text_never_crashes(text: str, fmt: str) -> None:
    try:
        document = read_text(text, fmt=fmt)
    except DocumentError as exc:
        assert "\n" not in str(exc)
        return
    assert document.paragraphs
    for paragraph in document.paragraphs:
        assert not MARKER.search(paragraph)
        assert paragraph == paragraph.strip() and "\n" not in paragraph
