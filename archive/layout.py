"""One page of text → its units, in the layout it was printed in.

`archive.layout_units` classifies lines and rebuilds paragraphs of web text,
`archive.layout_pdf` rebuilds paragraphs and heads of PDF text; this module
reads the page's lines and picks the layout (`is_line_layout`).
"""

from __future__ import annotations

from archive.layout_pdf import line_units
from archive.layout_units import Line, Unit, classify_lines, is_line_layout, paragraph_units
from archive.reading import normalise_newlines


def page_lines(text: str) -> list[Line]:
    """The non-empty lines of a page, classified."""
    return classify_lines(normalise_newlines(text).split("\n"))


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
