"""One page of text → its units, in the layout it was printed in.

`archive.layout_units` classifies lines and rebuilds paragraphs of web text,
`archive.layout_pdf` rebuilds paragraphs and heads of PDF text; this module
reads the page's lines and picks the layout (`is_line_layout`).
"""

from __future__ import annotations

from archive.cleaning import has_sentence_punct, text_width
from archive.html_page import strip_tags
from archive.layout_pdf import column_widths, line_units
from archive.layout_units import MAX_HEAD_CHARS, Line, Unit, classify_lines, ends_paragraph, paragraph_units
from archive.reading import normalise_newlines

#: Line layout needs at least this many text lines …
MIN_LINES = 6
#: … this share of them stopping in the middle of a sentence …
OPEN_SHARE = 0.5
#: … this share of them prose stopping so (not a head) …
PROSE_SHARE = 0.4
#: … this share of those filling their column (within one cell of it) …
FULL_SHARE = 0.5
#: … and half of them at most this wide (CJK cells): a newspaper column, not a web paragraph.
MAX_COLUMN = 40


def _prose(text: str) -> bool:
    return len(text) > MAX_HEAD_CHARS or has_sentence_punct(text) or "、" in text


def is_line_layout(lines: list[Line]) -> bool:
    """Printed lines (PDF text): most text lines stop in the middle of a sentence, and
    they stop there because the column is full; the column is narrow. Web text with
    short lines (verse, one clause per line) stops them anywhere; web paragraphs are
    long lines."""
    text = [ln.text for ln in lines if ln.kind == "text"]
    if len(text) < MIN_LINES:
        return False
    open_lines = [i for i, t in enumerate(text) if not ends_paragraph(t)]
    if len(open_lines) < OPEN_SHARE * len(text):
        return False
    widths = [text_width(t) for t in text]
    if sorted(widths)[len(widths) // 2] > MAX_COLUMN:
        return False
    columns = column_widths(widths)
    prose = [i for i in open_lines if _prose(text[i])]  # heads are short and unpunctuated
    full = sum(1 for i in prose if widths[i] >= columns[i] - 1)
    return len(prose) >= PROSE_SHARE * len(text) and full >= FULL_SHARE * len(prose)


def page_lines(text: str) -> list[Line]:
    """The non-empty lines of a page, classified (HTML tags left in the text removed)."""
    return classify_lines(strip_tags(normalise_newlines(text)).split("\n"))


def page_units(text: str) -> tuple[list[Unit], bool]:
    """The units of one page in printed order, and whether it is line layout (PDF)."""
    lines = page_lines(text)
    if is_line_layout(lines):
        return line_units(lines), True
    return paragraph_units(lines), False


def clean_text(text: str) -> str:
    """Page-level normalisation: lines cleaned, broken lines and paragraphs rejoined,
    one blank line between paragraphs. Idempotent."""
    prev = None
    while text != prev:  # joins only ever reduce the number of lines, so this ends
        prev = text
        text = "\n\n".join(u.text for u in page_units(text)[0])
    return text
