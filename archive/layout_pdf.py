"""Line layout (PDF text): rebuild paragraphs and heads from printed lines.

A newspaper column has a fixed width (in CJK cells; it differs per article and
per block: ~15, ~17, ~30, ~40 on the seed page). Hence:

* a paragraph ends where a line ends with closing punctuation **and** is shorter
  than its column (a full line ending in ``。`` may go on);
* a head (title or section head) is a head-shaped line at the start of a
  paragraph that is clearly shorter than the column; right after a closing
  credit (or at the top of the page) a title may be as wide as the column,
  since titles are set in a larger type; up to three head lines are joined
  (on pages that blank-line every printed line, only lines with no blank line
  between them; a narrow head line after a blank line is a head of its own, e.g.
  a title printed after its body followed by the next article's title);
* the column width of a line is estimated from its neighbours (second-widest
  of the nearest lines, so one wide title does not distort it).
"""

from __future__ import annotations

from archive.cleaning import text_width
from archive.layout_units import Line, Unit, ends_paragraph, head_shaped, join_lines, special_unit

#: Lines on each side looked at to estimate the column width.
WINDOW = 3
#: A head must be at least this much (CJK cells) narrower than its column.
HEAD_MARGIN = 1.5
#: A paragraph's last line is at least this much narrower than its column.
END_MARGIN = 1.0
MAX_HEAD_LINES = 3


def column_widths(widths: list[float]) -> list[float]:
    """Per line, the second-widest width among the lines around it."""
    out = []
    for i in range(len(widths)):
        near = sorted(widths[max(0, i - WINDOW) : i + WINDOW + 1], reverse=True)
        out.append(near[1] if len(near) > 1 else near[0])
    return out


def continues_sentence(next_line: Line | None) -> bool:
    """The next line's first clause is a single character (``想，南昌市…``): it
    finishes a sentence begun on this line, so this line is no head."""
    if next_line is None or next_line.kind != "text":
        return False
    t = next_line.text
    for k, ch in enumerate(t[:3]):
        if ch in "，。；：、,;:":
            return k <= 1
    return False


def line_units(lines: list[Line]) -> list[Unit]:
    # Pages that put a blank line after every printed line keep multi-line heads
    # together (no blank line inside a head): then only such "tight" lines extend a head.
    blank_style = sum(ln.blank_before for ln in lines) > 0.5 * len(lines)
    text_idx = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    widths = [text_width(lines[i].text) for i in text_idx]
    col_of = dict(zip(text_idx, column_widths(widths)))
    width_of = dict(zip(text_idx, widths))

    units: list[Unit] = []
    buf: list[str] = []
    buf_col = 0.0
    state = "start"  # start | closer | head | para_end | mid | special
    head_lines = 0

    def flush() -> None:
        nonlocal buf, buf_col
        if buf:
            units.append(Unit("para", join_lines(buf), column=buf_col, lines=len(buf)))
        buf, buf_col = [], 0.0

    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind != "text":
            unit = special_unit(line, units[-1] if units and not buf else None)
            if unit is not None:
                flush()
                units.append(unit)
                if not unit.aside:
                    state = "closer" if unit.closes else "special"
                continue
            col_of[i] = width_of[i] = text_width(line.text)  # a bare-name line read as text
        text, w, col = line.text, width_of[i], col_of[i]
        if line.justified:
            w = max(w, col)
        # A head starts after a paragraph end; a full line ending a sentence (``…落地。``)
        # followed by a short unpunctuated line also ends its paragraph.
        at_start = not buf or (ends_paragraph(buf[-1]) and w <= col - HEAD_MARGIN)
        if at_start and head_shaped(text) and not line.justified and not continues_sentence(nxt):
            if state == "closer":
                is_head = True  # titles set in large type may fill the column
            elif state == "start":  # the page may open in the middle of a paragraph
                is_head = w <= col - HEAD_MARGIN
            else:
                is_head = w <= col - HEAD_MARGIN
            # A head line right under a head continues it when no blank line parts them
            # (on pages that blank-line every printed line); else it is a head of its own
            # (a title printed after its body, then the next article's title).
            join = (
                state == "head"
                and bool(units)
                and units[-1].kind == "head"
                and not (blank_style and line.blank_before)
                and head_lines < MAX_HEAD_LINES
            )
            if is_head:
                flush()
                if join:
                    units[-1].text = units[-1].text + " " + text
                    units[-1].lines += 1
                    head_lines += 1
                else:
                    units.append(Unit("head", text, column=col))
                    head_lines = 1
                state = "head"
                continue
        buf.append(text)
        buf_col = max(buf_col, w)
        if ends_paragraph(text) and w <= col - END_MARGIN:
            flush()
            state = "para_end"
        else:
            state = "mid"
    flush()
    return units
