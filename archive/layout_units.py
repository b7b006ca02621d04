"""Page text → a flat list of units (heads, paragraphs, captions, bylines, credits).

Two layouts are recognised:

* **paragraph layout** (web text): one paragraph per line, blank lines between.
  A paragraph broken in mid-sentence (a long prose line that does not end with
  closing punctuation, e.g. ``…管委会主任刘年发`` / ``介绍。…``) is rejoined.
* **line layout** (PDF text): every printed line is a line of its own; see
  `archive.layout_pdf` for how paragraphs and heads are rebuilt from line widths.

The detection looks at the shape of the lines: when most text lines end in the
middle of a sentence, the page is line layout.

A unit's ``kind`` is one of:

``head``      a short line without sentence punctuation (title or section head;
              `archive.segment` decides which); multi-line heads are joined with a space
``subtitle``  ``——…`` under a title
``byline``    ``本报记者 张三`` / ``周 维 卢 鸿`` (bare names only right under a head)
``caption``   ``▲…`` or a line ending with a photo credit ``…摄`` / ``(…供图)``
``credit``    ``（吴 玲 王忠林）``: closes an article
``para``      a paragraph of body text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.bylines import caption_photographers, parse_byline, parse_credit, split_trailing_credit
from archive.cleaning import (
    brackets_balanced,
    clean_line,
    has_sentence_punct,
    is_wide,
    normalise_newlines,
    text_width,
)
from archive.models import Author

#: Longest line (in characters) that can be a title or section head.
MAX_HEAD_CHARS = 40
#: In paragraph layout, a line this wide (CJK cells) with sentence punctuation but
#: no closing punctuation at its end is a paragraph broken in mid-sentence.
MIN_BROKEN_PROSE_WIDTH = 20

_SPACES = re.compile(r"\s+")
_END = "。！？!?…"
_CLOSERS = "”’」』）)"
_ROLE_PHOTO = re.compile(r"(?:通讯员|记者|摄影)\s*[\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*\s*摄")
_SUPPLIED = re.compile(r"[(（][^()（）]{0,30}供图[)）]\s*$")


@dataclass
class Unit:
    kind: str
    text: str  # cleaned text (for byline/credit: as printed, spaces normalised)
    authors: list[Author] = field(default_factory=list)
    column: float = 0.0  # widest line (CJK cells) of the column it was printed in
    lines: int = 1


def ends_paragraph(text: str) -> bool:
    """Ends with closing punctuation: ``。``, ``！”``, ``。）`` …"""
    if not text:
        return False
    if text[-1] in _END:
        return True
    return len(text) >= 2 and text[-1] in _CLOSERS and text[-2] in _END


def head_shaped(text: str) -> bool:
    """Could be a title or section head: short, no sentence punctuation, balanced
    quotes and brackets (``“看到民警…挨家挨`` is the start of a sentence, not a head)."""
    return (
        0 < len(text) <= MAX_HEAD_CHARS
        and not has_sentence_punct(text)
        and "、" not in text
        and "…" not in text
        and text[-1] not in "：:—"
        and text[0] not in _CLOSERS
        and brackets_balanced(text)
    )


def is_caption(text: str) -> bool:
    """``▲…``, or a short line ending with ``(…供图)`` or a role-credited photo
    (``通讯员 朱海鹏摄``); a bare ``…摄`` could be prose (``通过拍摄``)."""
    if text.startswith("▲") or text.startswith("△"):
        return True
    if len(text) > 120:
        return False
    return bool(_SUPPLIED.search(text)) or any(a.role == "摄影" and _ROLE_PHOTO.search(text) for a in caption_photographers(text))


def is_subtitle(text: str) -> bool:
    return (text.startswith("——") or text.startswith("--")) and len(text) > 2 and not has_sentence_punct(text)


@dataclass
class Line:
    """One printed line, classified."""

    kind: str  # "text" | "caption" | "subtitle" | "byline" | "credit"
    printed: str  # whitespace-normalised original
    text: str  # cleaned
    authors: list[Author] = field(default_factory=list)
    bare: bool = False  # byline without any role word (needs a head above it)
    blank_before: bool = True
    justified: bool = False  # printed with spaces between CJK characters: a full line


def is_justified(printed: str) -> bool:
    """PDF text of a justified (full) line has spaces between CJK characters."""
    hits = 0
    for i in range(1, len(printed) - 1):
        if printed[i] == " " and is_wide(printed[i - 1]) and is_wide(printed[i + 1]):
            hits += 1
            if hits >= 2:
                return True
    return False


def classify_lines(raw_lines: list[str]) -> list[Line]:
    """Non-empty lines of a page, classified; a trailing credit (``光彩。（钟小兰 胡绍芬）``)
    becomes a line of its own."""
    out: list[Line] = []
    blank = True
    for raw in raw_lines:
        printed = _SPACES.sub(" ", raw).strip()
        if not printed:
            blank = True
            continue
        text = clean_line(printed)
        if not text:
            blank = True
            continue
        line = _classify(printed, text)
        if line is None:
            split = split_trailing_credit(printed)
            if split and split[0]:
                head, credit, authors = split
                out.append(Line("text", head, clean_line(head), blank_before=blank))
                out.append(Line("credit", credit, clean_line(credit), authors, blank_before=False))
                blank = False
                continue
            line = Line("text", printed, text, justified=is_justified(printed))
        line.blank_before = blank
        out.append(line)
        blank = False
    return out


def _classify(printed: str, text: str) -> Line | None:
    if is_caption(text):
        return Line("caption", printed, text)
    if is_subtitle(text):
        return Line("subtitle", printed, text)
    authors = parse_credit(printed)
    if authors:
        return Line("credit", printed, text, authors)
    authors = parse_byline(printed)
    if authors:
        bare = all(a.role is None for a in authors)
        return Line("byline", printed, text, authors, bare=bare)
    return None


def is_line_layout(lines: list[Line]) -> bool:
    """Most text lines stop in the middle of a sentence → printed lines (PDF)."""
    text = [ln for ln in lines if ln.kind == "text"]
    if len(text) < 6:
        return False
    open_lines = sum(1 for ln in text if not ends_paragraph(ln.text))
    return open_lines >= 0.5 * len(text)


def join_lines(parts: list[str]) -> str:
    """Concatenate printed lines of one paragraph; a space only between two Latin words."""
    out = ""
    for p in parts:
        if out and p and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return clean_line(out)


def page_units(text: str) -> list[Unit]:
    """The units of one page, in printed order."""
    lines = classify_lines(normalise_newlines(text).split("\n"))
    if is_line_layout(lines):
        from archive.layout_pdf import line_units

        return line_units(lines)
    return paragraph_units(lines)


def special_unit(line: Line, previous: Unit | None) -> Unit | None:
    """A non-text line as a unit; a bare-name byline only directly under a head or
    subtitle (elsewhere ``张明 李华`` is more likely text). None: treat as text."""
    if line.kind == "byline" and line.bare and not (previous and previous.kind in ("head", "subtitle")):
        return None
    if line.kind in ("byline", "credit"):
        return Unit(line.kind, line.printed, list(line.authors))
    return Unit(line.kind, line.text)


def paragraph_units(lines: list[Line]) -> list[Unit]:
    """Paragraph layout: each line is a paragraph; broken prose lines are rejoined."""
    units: list[Unit] = []
    open_para = False  # the last unit is a paragraph broken in mid-sentence
    for line in lines:
        previous = units[-1] if units else None
        if line.kind != "text":
            unit = special_unit(line, previous)
            if unit is not None:
                units.append(unit)
                open_para = False
                continue
        text = line.text
        if open_para and previous is not None and not head_shaped(text):
            previous.text = join_lines([previous.text, text])
            previous.lines += 1
        elif head_shaped(text):
            units.append(Unit("head", text))
        else:
            units.append(Unit("para", text))
        last = units[-1]
        open_para = (
            last.kind == "para"
            and not ends_paragraph(last.text)
            and has_sentence_punct(last.text)
            and text_width(last.text) >= MIN_BROKEN_PROSE_WIDTH
        )
    return units
