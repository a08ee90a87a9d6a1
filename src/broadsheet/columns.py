"""Columns printed side by side: text from a layout-preserving extractor.

``pdftotext -layout`` (and OCR engines asked to keep the layout) print a
page's columns next to each other, each printed line holding a line of every
column.  The engine reads one column line per line, so such text is first cut
into columns and put in reading order by a recursive cut of the character grid
(the X-Y cut used in document layout analysis): a block of rows is cut down
the gutters that no text crosses, else across at the rows that cross an
otherwise clear gutter (a headline over several columns) or at blank rows,
and the pieces are read top to bottom, left to right.

Every piece stays a span of the input, so the offsets of the rebuilt articles
still point into the text the user gave.  Text with no gutter is left as it is
(:func:`layout_lines` returns ``None``).
"""

from __future__ import annotations

import itertools
import re

from .model import Line
from .textio import MAX_LINE_CHARS

__all__ = ["layout_lines", "may_be_laid_out"]

#: A gutter is at least this many character columns of white space.  Layout
#: extractors set two or more spaces between columns; justified text inside a
#: column stretches single gaps to 2-8 spaces, but those do not line up row
#: after row.
GUTTER_MIN_WIDTH = 1
#: A cut down a gutter needs this many rows with text on each side of it.
#: The first cut of a page decides that the page is printed in columns at all,
#: so it needs many rows: eight rows of justified single-column text (pdfminer
#: prints the stretched gaps as runs of spaces) lining up by chance is rare;
#: once the page is known to be in columns, shorter blocks may be cut.
FIRST_CUT_MIN_ROWS = 8
CUT_MIN_ROWS = 3
#: On a page known to be in columns, a gutter this wide parts text on any
#: number of rows (two headlines side by side over their stories).
WIDE_GUTTER = 8
#: Rows crossing a gutter that all other rows leave clear are display lines
#: over several columns (headlines, decks, mastheads) when they are at most
#: this share of the block's text rows.
SPANNING_MAX_SHARE = 0.2
#: This many blank rows in a row part stories (or a story from the page's
#: head) before any gutter is looked for.  Inside a story the columns' lines
#: are printed on every row; one blank row across all columns can happen by
#: chance (a paragraph gap in each at the same height), two rarely.
STORY_GAP_ROWS = 2

#: Only text with at least FIRST_CUT_MIN_ROWS rows this long that hold a gap
#: of two or more spaces between words is searched for columns (two columns
#: of 25 characters and a gutter).  A cheap test: single-column extractor text
#: rarely passes it (on the dev pages 2 of 240 pages do, both pdfminer pages
#: whose justified lines print stretched gaps; the cut then finds no gutter),
#: and the cut itself decides.
LAYOUT_MIN_ROW_CHARS = 52

# Text, words joined by single spaces: a single space is a gap between words,
# never a gutter (a headline over two columns may have one where they part).
_TEXT_RE = re.compile(r"\S+(?: \S+)*")


_GAPPED_ROW_RE = re.compile(rf"^(?=[^\n]{{{LAYOUT_MIN_ROW_CHARS}}})[^\n]*?\S  +\S", re.MULTILINE)


def may_be_laid_out(text: str) -> bool:
    """Could ``text`` hold columns side by side (enough long rows with wide gaps)?"""
    return sum(1 for _ in itertools.islice(_GAPPED_ROW_RE.finditer(text), FIRST_CUT_MIN_ROWS)) >= FIRST_CUT_MIN_ROWS


class _Grid:
    """The rows of one page and where each holds text."""

    def __init__(self, rows: list[str], starts: list[int]) -> None:
        self.rows = rows
        self.starts = starts
        self.spans = [[(m.start(), m.end()) for m in _TEXT_RE.finditer(row)] for row in rows]

    def occupancy(self, r0: int, r1: int, x0: int, x1: int) -> list[int]:
        """How many rows of ``[r0, r1)`` hold text at each column of ``[x0, x1)``."""
        diff = [0] * (x1 - x0 + 1)
        for r in range(r0, r1):
            for s, e in self.spans[r]:
                if e <= x0 or s >= x1:
                    continue
                diff[max(s, x0) - x0] += 1
                diff[min(e, x1) - x0] -= 1
        out = []
        run = 0
        for d in diff[:-1]:
            run += d
            out.append(run)
        return out

    def has_text(self, r: int, x0: int, x1: int) -> bool:
        return any(s < x1 and e > x0 for s, e in self.spans[r])


def _gutters(occ: list[int], x0: int, limit: int) -> list[tuple[int, int]]:
    """Runs of columns held by at most ``limit`` rows, with text both sides."""
    out: list[tuple[int, int]] = []
    start = None
    seen_text = False
    for i, v in enumerate(occ):
        if v <= limit:
            if start is None:
                start = i
        else:
            if start is not None and seen_text and i - start >= GUTTER_MIN_WIDTH:
                out.append((x0 + start, x0 + i))
            start = None
            seen_text = True
    return out


def _support(g: _Grid, r0: int, r1: int, x0: int, x1: int, gap: tuple[int, int]) -> int:
    """How well ``gap`` parts two columns: the fewer of the rows with text left
    of it and the rows with text right of it, among the rows with none inside
    it.  (Not the same rows: an extractor may print the two columns' lines on
    rows of their own when their baselines differ.)"""
    left = right = 0
    for r in range(r0, r1):
        if g.has_text(r, gap[0], gap[1]):
            continue
        left += g.has_text(r, x0, gap[0])
        right += g.has_text(r, gap[1], x1)
    return min(left, right)


def _bands(r0: int, r1: int, blank: list[int], min_gap: int) -> list[tuple[int, int]]:
    """The row ranges of ``[r0, r1)`` between runs of at least ``min_gap`` blank rows."""
    out: list[tuple[int, int]] = []
    a = r0
    k = 0
    while k < len(blank):
        j = k
        while j + 1 < len(blank) and blank[j + 1] == blank[j] + 1:
            j += 1
        if j - k + 1 >= min_gap:
            if blank[k] > a:
                out.append((a, blank[k]))
            a = blank[j] + 1
        k = j + 1
    if a < r1:
        out.append((a, r1))
    return out


def _cut(g: _Grid, r0: int, r1: int, x0: int, x1: int, min_rows: int, out: list[tuple[int, int, int, int]]) -> bool:
    """Cut block ``[r0, r1) x [x0, x1)`` into leaves in reading order (appended
    to ``out``); returns whether any cut down a gutter was made."""
    # trim to the rows and columns holding text
    while r0 < r1 and not g.has_text(r0, x0, x1):
        r0 += 1
    while r1 > r0 and not g.has_text(r1 - 1, x0, x1):
        r1 -= 1
    if r0 >= r1:
        return False
    occ = g.occupancy(r0, r1, x0, x1)
    lo = next(i for i, v in enumerate(occ) if v)
    hi = len(occ) - next(i for i, v in enumerate(reversed(occ)) if v)
    x0, x1, occ = x0 + lo, x0 + hi, occ[lo:hi]
    # 1. across a band of blank rows: stories are set apart by more space than
    # a column's lines, and a gutter may line up from one story into the next
    text_rows: list[int] = []
    blank: list[int] = []
    for r in range(r0, r1):
        (text_rows if g.has_text(r, x0, x1) else blank).append(r)
    bands = _bands(r0, r1, blank, STORY_GAP_ROWS)
    if len(bands) > 1:
        cut_down = False
        for a, b in bands:
            cut_down |= _cut(g, a, b, x0, x1, min_rows, out)
        return cut_down
    # 2. down the gutters no row crosses
    wide_ok = min_rows <= CUT_MIN_ROWS  # (the page is known to be in columns)
    clear = [
        gap
        for gap in _gutters(occ, x0, 0)
        if _support(g, r0, r1, x0, x1, gap) >= (1 if wide_ok and gap[1] - gap[0] >= WIDE_GUTTER else min_rows)
    ]
    if clear:
        edges = [x0] + [e for gap in clear for e in gap] + [x1]
        for left, right in zip(edges[::2], edges[1::2], strict=True):
            _cut(g, r0, r1, left, right, CUT_MIN_ROWS, out)
        return True
    # 3. across the rows that cross a gutter the other rows leave clear
    limit = int(SPANNING_MAX_SHARE * len(text_rows))
    spanning: set[int] = set()
    for a, b in _gutters(occ, x0, limit):
        # the strip's core (its least-held columns): a column's long lines
        # reach into the strip's edge, a line over both columns crosses it all
        least = min(occ[a - x0 : b - x0])
        core = [x for x in range(a, b) if occ[x - x0] == least]
        gap = (core[0], core[-1] + 1)
        if _support(g, r0, r1, x0, x1, gap) >= min_rows:
            spanning.update(r for r in text_rows if g.has_text(r, gap[0], gap[1]))
    if spanning:
        runs: list[tuple[int, int]] = []
        r = r0
        while r < r1:
            crossing = r in spanning
            end = r + 1
            while end < r1 and (end in spanning) == crossing:
                end += 1
            runs.append((r, end))
            r = end
        cut_down = False
        for a, b in runs:
            cut_down |= _cut(g, a, b, x0, x1, min_rows, out)
        return cut_down
    # 4. across blank rows
    if blank:
        parts: list[tuple[int, int, int, int]] = []
        cut_down = False
        for a, b in _bands(r0, r1, blank, 1):
            cut_down |= _cut(g, a, b, x0, x1, min_rows, parts)
        if cut_down:
            out.extend(parts)
            return True
        # no columns in any part: the block is read as one, its blank rows kept
    out.append((r0, r1, x0, x1))
    return False


def _page_lines(g: _Grid, r0: int, r1: int, out: list[Line]) -> bool:
    """Lines of rows ``[r0, r1)`` (one page) in reading order, appended to
    ``out``; returns whether the page is printed in columns."""
    width = max((len(g.rows[r]) for r in range(r0, r1)), default=0)
    leaves: list[tuple[int, int, int, int]] = []
    if not _cut(g, r0, r1, 0, width, FIRST_CUT_MIN_ROWS, leaves):
        return False
    # the page is printed in columns: cut again, shorter blocks too (side-by-side headlines)
    leaves = []
    _cut(g, r0, r1, 0, width, CUT_MIN_ROWS, leaves)
    for n, (a, b, x0, x1) in enumerate(leaves):
        if n:
            pos = g.starts[a]
            out.append(Line(len(out), pos, pos, ""))  # a column or block ends
        blank_run: list[int] = []
        for r in range(a, b):
            row = g.rows[r]
            piece = row[x0:x1].rstrip()
            if not piece.strip():
                blank_run.append(r)
                continue
            if blank_run:
                # a blank row in one column only is a line another column
                # printed on a row of its own; a gap of two rows or a row
                # blank across the page parts the text
                if len(blank_run) >= 2 or any(not g.spans[k] for k in blank_run):
                    pos = g.starts[blank_run[0]]
                    out.append(Line(len(out), pos, pos, ""))
                blank_run = []
            start = g.starts[r] + x0
            out.append(Line(len(out), start, start + len(piece), piece))
    return True


def layout_lines(text: str) -> list[Line] | None:
    """The lines of ``text`` cut into columns and put in reading order, or
    ``None`` when the text is not printed in columns side by side."""
    rows = text.split("\n")
    if any(len(row) > MAX_LINE_CHARS for row in rows):
        return None  # no extractor prints columns this wide: not a layout
    starts = []
    pos = 0
    for row in rows:
        starts.append(pos)
        pos += len(row) + 1
    g = _Grid(rows, starts)
    out: list[Line] = []
    columns = False
    r0 = 0
    for r in range(len(rows) + 1):
        if r < len(rows) and rows[r] != "\f":
            continue
        before = len(out)
        if _page_lines(g, r0, r, out):
            columns = True
        else:
            del out[before:]
            for k in range(r0, r):
                out.append(Line(len(out), starts[k], starts[k] + len(rows[k]), rows[k]))
        if r < len(rows):
            out.append(Line(len(out), starts[r], starts[r] + 1, rows[r]))  # the page break
        r0 = r + 1
    return out if columns else None
