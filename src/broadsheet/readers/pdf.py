"""PDF reader: characters with boxes and fonts from PDFium, lines, reading order.

The reader asks PDFium (through pypdfium2, Apache-2.0/BSD) for every character's
box, font size and font name, groups characters into line segments, orders the
segments by a recursive cut along white space (columns and gutters first, then
the bands between stories), and hands the lines with their geometry to the
same engine as text mode (:func:`broadsheet.geometry.rebuild_pages`).
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import (
    EmptyInputError,
    EncryptedInputError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedInputError,
)
from ..geometry import GeoLine, GeoPage, GeoWord, dominant_size, rebuild_pages, within
from ..model import BBox, Document
from ..textio import MAX_INPUT_BYTES
from . import parse_page_spec

__all__ = ["parse_page_spec", "read_pdf", "rebuild_pdf"]

#: Most characters read from one page.  A dense broadsheet page has 30-60k;
#: beyond this the page is cut short and the problem reported (memory stays
#: bounded on pathological files, e.g. a page of a million glyphs).
MAX_PAGE_CHARS = 300_000

#: Two characters on one baseline belong to different line segments when the
#: white space between them is wider than this many font sizes.  Word spaces in
#: justified narrow columns stay under ~1 em; column gutters are 1.4 em or more
#: on the dev pages (4.9 mm at 9.65 pt) and on the real newspapers looked at.
SEGMENT_GAP_EM = 1.2

#: Two characters are on the same baseline when their baselines differ by
#: less than this share of the font size (superscripts and small caps stay in).
BASELINE_TOLERANCE = 0.35

#: A vertical gutter must be at least this many body sizes wide to cut the
#: page into columns; two single-column bands in one size join when the gap
#: between them is under MIN_BAND_GAP_EM (see _same_kind).  Calibrated on the dev pages: gutters are >= 1.4 em, line
#: gaps inside a column are ~0.2 em, paragraph spacing <= 0.6 em, gaps
#: between stories and around headlines >= 1 em.
MIN_GUTTER_EM = 0.5
MIN_BAND_GAP_EM = 0.9

#: Smallest white space between two lines that may separate two bands (the
#: rows of a multi-column text are cut here and put back by _merge_bands).
MIN_CUT_GAP_EM = 0.05

#: Lines whose font sizes differ by less than this share are "the same size".
SAME_SIZE_TOLERANCE = 0.08

#: A one- or two-letter segment at least this many body sizes tall is a drop
#: cap (dev pages: 2.6-4x; a drop cap spans 2 to 4 body lines).
DROPCAP_MIN_EM = 1.8

#: Two leaves of body text are one column when both their edges are within
#: this many body sizes (columns of one grid share edges to a fraction of a
#: point; neighbouring columns are a gutter, >= 1.4 em, apart).
COLUMN_EDGE_EM = 1.0

#: A leaf whose first line is set at least this many body sizes opens a new
#: story (see _xycut).  Dev pages: pull quotes and decks 1.3-1.7, headlines
#: 1.9 and more; set between the two.
OPENING_MIN_EM = 1.8

#: A white band across a region is a story boundary (see _story_boundary)
#: when display type starts within this many body sizes under it (room for a
#: kicker or section label over the headline).
BOUNDARY_DISPLAY_EM = 3.0

#: A picture (image or drawn shape) counts for reading order when it is at
#: least this many body sizes wide and tall; rules and frames of a line or two
#: are thinner.  At most MAX_FIGURE_OBJECTS drawing objects are looked at on a
#: page (vector maps and charts have tens of thousands).
FIGURE_MIN_EM = 3.0
MAX_FIGURE_OBJECTS = 5000

#: The first column must hold at least this many lines of text above the
#: story set into it for the region to be read as an L-shaped story.
L_SHAPE_MIN_LINES = 4

#: A band mostly (by characters) set at least this many body sizes is display
#: text (headlines, side by side or spanning): it starts a new region, see
#: _merge_bands.
SPANNER_MIN_EM = 1.25

#: Cap height and descent as shares of the font size, for :func:`_vspan`
#: (typical Latin faces: caps 0.66-0.72 em; descenders reach 0.2-0.25 em but are
#: few, and display lines are set so tight that counting them joins the lines).
CAP_HEIGHT = 0.70
DESCENT = 0.15

_HYPHEN_MARKS = {"\ufffe": "-", "\x02": "-", "\u00ad": "\u00ad"}
_SPACE = " \t\r\n\u00a0\u2002\u2003\u2009\u200a\u200b\u3000"


@dataclass
class _Seg:
    """A run of characters on one baseline: one printed line of one column."""

    x0: float
    y0: float  # top (y grows downwards)
    x1: float
    y1: float
    base: float
    size: float
    words: list[GeoWord] = field(default_factory=list)
    dropcap_em: float = 0.0  # body size, when this segment is a drop cap
    bold_chars: int = 0
    italic_chars: int = 0
    chars: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _open(path: Path, max_bytes: int) -> Any:
    import pypdfium2 as pdfium

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputNotFoundError(f"cannot read file: {exc.strerror}", source=str(path)) from None
    if size == 0:
        raise EmptyInputError("the PDF file is empty", source=str(path))
    if size > max_bytes:
        raise InputTooLargeError(f"file is {size:,} bytes, over the limit of {max_bytes:,}", source=str(path))
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        # PDFium's error code is process-wide and can be stale: trust
        # "password" only when the file has an encryption dictionary
        if "password" in msg.lower() and _has_encrypt(path):
            raise EncryptedInputError("the PDF is encrypted (a password is needed)", source=str(path)) from None
        raise MalformedInputError(
            "not a readable PDF (truncated or broken structure, or no pages)", source=str(path)
        ) from None


def _has_encrypt(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 1_000_000))
            return b"/Encrypt" in fh.read()
    except OSError:
        return False


def _font_style(name: str, flags: int) -> tuple[bool, bool]:
    low = name.lower()
    bold = any(k in low for k in ("bold", "black", "heavy", "semibold", "demi")) or bool(flags & (1 << 18))
    italic = any(k in low for k in ("italic", "oblique")) or bool(flags & (1 << 6))
    return bold, italic


def _page_segments(textpage: Any, left: float, top: float, notes: list[str], number: int) -> list[_Seg]:
    """Line pieces of one page, in page coordinates from its top-left corner."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    if n > MAX_PAGE_CHARS:
        notes.append(f"page {number}: {n:,} characters, only the first {MAX_PAGE_CHARS:,} were read")
        n = MAX_PAGE_CHARS
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: fall back to one call per character
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 32) for i in range(n))
    map_error = bool(raw.FPDFText_HasUnicodeMapError(tp, 0)) if hasattr(raw, "FPDFText_HasUnicodeMapError") else False
    rect = raw.FS_RECTF()
    ox = ctypes.c_double()
    oy = ctypes.c_double()
    namebuf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    get_box = raw.FPDFText_GetLooseCharBox
    get_origin = raw.FPDFText_GetCharOrigin
    get_size = raw.FPDFText_GetFontSize
    get_font = raw.FPDFText_GetFontInfo
    flags_ref = ctypes.byref(flags)
    segs: list[_Seg] = []
    cur: _Seg | None = None
    word_chars: list[str] = []
    wx0 = wy0 = wx1 = wy1 = 0.0
    font_cache: dict[tuple[bytes, int], tuple[bool, bool]] = {}
    style = (False, False)
    size = 10.0
    prev_x1 = 0.0
    prev_x0 = 0.0
    unmapped = 0

    def word_start(i: int, fallback: float) -> tuple[float, float]:
        """Size and baseline at character ``i``: read once per word."""
        found = get_size(tp, i)
        get_origin(tp, i, ox, oy)
        return (found if found > 0 else fallback), top - oy.value

    def flush_word() -> None:
        nonlocal word_chars
        if word_chars and cur is not None:
            cur.words.append(GeoWord("".join(word_chars), BBox(wx0, wy0, wx1, wy1), size, style[0], style[1]))
            if wx0 < cur.x0:
                cur.x0 = wx0
            if wx1 > cur.x1:
                cur.x1 = wx1
            if wy0 < cur.y0:
                cur.y0 = wy0
            if wy1 > cur.y1:
                cur.y1 = wy1
            cur.chars += len(word_chars)
            if style[0]:
                cur.bold_chars += len(word_chars)
            if style[1]:
                cur.italic_chars += len(word_chars)
            if size > cur.size:
                cur.size = size
        word_chars = []

    for i in range(n):
        ch = text[i]
        if ch in _SPACE:
            if word_chars:
                flush_word()
            continue
        ch = _HYPHEN_MARKS.get(ch, ch)
        code = ord(ch)
        if code < 32 or 0x7F <= code <= 0x9F or 0xE000 <= code <= 0xF8FF or ch == "\ufffd":
            # a glyph code passed through with no Unicode value (a font with
            # no Unicode map): never a control character in the page text
            ch = "\ufffd"
            unmapped += 1
        if not get_box(tp, i, rect):
            continue
        x0 = rect.left - left
        x1 = rect.right - left
        starts_word = not word_chars
        if starts_word:
            size, base = word_start(i, max(rect.top - rect.bottom, 1.0))
        elif abs((top - rect.bottom) - wy1) > BASELINE_TOLERANCE * size:
            # the word goes on on another line (PDFium joins a line-end hyphen
            # to the next line with no space): a new word on a new line
            flush_word()
            starts_word = True
            size, base = word_start(i, size)
        else:
            base = cur.base if cur is not None else top - rect.bottom
        if (
            cur is None
            or (starts_word and abs(base - cur.base) > BASELINE_TOLERANCE * (size if size > cur.size else cur.size))
            or x0 < prev_x0 - 0.1 * size  # going back: a new line (ligature parts share a start)
            or x0 - prev_x1 > SEGMENT_GAP_EM * (size if cur is None or size > cur.size else cur.size)
        ):
            if word_chars:
                flush_word()
                starts_word = True
                size, base = word_start(i, size)
            cur = _Seg(x0, top - rect.top, x1, top - rect.bottom, base, size)
            segs.append(cur)
            prev_x1 = x1
        elif not starts_word and x0 - prev_x1 > 0.15 * size:
            flush_word()  # a gap with no space character: a word break all the same
            starts_word = True
        if starts_word:
            get_font(tp, i, namebuf, 128, flags_ref)
            font_key = (namebuf.value, flags.value)
            found = font_cache.get(font_key)
            if found is None:
                found = font_cache[font_key] = _font_style(namebuf.value.decode("latin-1", "replace"), flags.value)
            style = found
            wx0 = x0
            wy0 = top - rect.top
            wy1 = top - rect.bottom
        word_chars.append(ch)
        wx1 = x1 if x1 > wx1 or starts_word else wx1
        if x1 > prev_x1:
            prev_x1 = x1
        prev_x0 = x0
    flush_word()
    if unmapped:
        notes.append(
            f"page {number}: {unmapped} of {n} characters have no Unicode value (a font without a"
            " Unicode map?); they are given as U+FFFD"
        )
    elif map_error:
        notes.append(f"page {number}: a font has no Unicode map; some characters may be wrong")
    return [s for s in segs if s.words]


def _gaps(spans: Sequence[tuple[float, float]], min_gap: float) -> list[float]:
    """Cut positions: middles of the gaps of at least ``min_gap`` in the union of ``spans``."""
    cuts: list[float] = []
    ordered = sorted(spans)
    reach = ordered[0][1]
    for lo, hi in ordered[1:]:
        if lo - reach >= min_gap:
            cuts.append((lo + reach) / 2)
        reach = max(reach, hi)
    return cuts


def _split(items: list[_Seg], cuts: list[float], vertical: bool) -> list[list[_Seg]]:
    groups: list[list[_Seg]] = [[] for _ in range(len(cuts) + 1)]
    for it in items:
        mid = (it.x0 + it.x1) / 2 if vertical else (it.y0 + it.y1) / 2
        k = sum(1 for c in cuts if mid > c)
        groups[k].append(it)
    return [g for g in groups if g]


def _gutters(items: list[_Seg], em: float) -> list[float]:
    return _gaps([(s.x0, s.x1) for s in items], MIN_GUTTER_EM * em)


def _xycut(
    items: list[_Seg], em: float, depth: int = 0, figures: Sequence[BBox] = ()
) -> list[list[_Seg]]:
    """Leaves (single column chunks, top to bottom) in reading order.

    A region with a vertical gutter (white space from its top to its bottom)
    is cut into columns, read left to right.  Otherwise it is cut into
    horizontal bands wherever no line overlaps the cut, and neighbouring bands
    are put back together when they are one text: bands with the same gutters
    (the rows of one multi-column text), or single-column bands set in the
    same size with a small gap (the lines of one paragraph or headline).
    """
    leaf = [sorted(items, key=_reading_key)]
    if len(items) <= 1 or depth > 60 or _one_row(items):
        return leaf  # the gaps in a single row are word spaces, not gutters
    boundary = _story_boundary(items, em, figures)
    if boundary is not None:
        out: list[list[_Seg]] = []
        for part in _split(items, [boundary], vertical=False):
            out.extend(_xycut(part, em, depth + 1, figures))
        return out
    vcuts = _gutters(items, em)
    if vcuts:
        # Columns are read left to right, but the text at the top of every
        # column, before a headline opens a new story in it, continues the
        # story above the region: an L-shaped story wraps round a story set
        # in under its first columns.
        # (When the first column starts with a headline, the region opens
        # with its own story and is read column after column.)
        # Only text counts: a running head over the first column is no story.
        # A column of body text with no headline of its own that starts no
        # higher than the new story's headline sits beside or under that
        # story: it is read after it, not as the end of the story above.
        before: list[list[_Seg]] = []
        after: list[list[_Seg]] = []
        open_top = float("inf")
        for g in _split(items, vcuts, vertical=True):
            leaves = _xycut(g, em, depth + 1, figures)
            k = next((n for n, leaf in enumerate(leaves) if _opens_story(leaf, em)), len(leaves))
            if not before and not after and sum(len(leaf) for leaf in leaves[:k]) < L_SHAPE_MIN_LINES:
                k = len(leaves)
            if k < len(leaves):
                open_top = min(open_top, min(s.y0 for s in leaves[k]))
            elif _starts_below(leaves, open_top, em):
                # ... before any story that starts under its end
                end = max(s.y1 for leaf in leaves for s in leaf)
                later = (n for n, leaf in enumerate(after) if n and _opens_story(leaf, em) and leaf[0].y0 >= end)
                at = next(later, len(after))
                after[at:at] = leaves
                continue
            before.extend(leaves[:k])
            after.extend(leaves[k:])
        return before + after
    hcuts = _gaps([_vspan(s) for s in items], MIN_CUT_GAP_EM * em)
    if not hcuts:
        return leaf
    merged = _merge_bands(_split(items, hcuts, vertical=False), em)
    if len(merged) == 1:
        return leaf
    out = []
    for band in merged:
        out.extend(_xycut(band, em, depth + 1, figures))
    return out


def _story_boundary(items: list[_Seg], em: float, figures: Sequence[BBox] = ()) -> float | None:
    """The first white band across the whole region with display type under it.

    Such a band ends every column above it: the stories above are finished and
    a new one (or an advertisement) starts below, across the full width.  A
    photo or box over the band (``figures``) makes it no band: the white under
    a headline may be its picture; only a box round the display type itself
    (an advertisement's frame) may reach into the band.  It
    is cut before the gutters, so that a column running the full height of the
    region (a story's last column beside a story set in under its first ones)
    is not read as one text from top to bottom.  Inside one text the gaps
    between lines and paragraphs are narrower than MIN_BAND_GAP_EM; a gap
    that wide across some columns only is no band.
    """
    cuts = _gaps([_vspan(s) for s in items], MIN_BAND_GAP_EM * em)
    x0 = min(s.x0 for s in items)
    x1 = max(s.x1 for s in items)
    for cut in cuts:
        below = [s for s in items if not s.dropcap_em and (s.y0 + s.y1) / 2 > cut]
        if not below or len(below) == len(items):
            continue
        top = min(_vspan(s)[0] for s in below)
        openers = [s for s in below if s.size >= OPENING_MIN_EM * em and _vspan(s)[0] < top + BOUNDARY_DISPLAY_EM * em]
        if not openers:
            continue
        crossing = [f for f in figures if f.y0 < cut < f.y1 and f.x0 < x1 and f.x1 > x0]
        if any(not any(within(BBox(s.x0, s.y0, s.x1, s.y1), f) for s in openers) for f in crossing):
            continue  # a picture beside the opener reaches over the band
        return cut
    return None


def _starts_below(leaves: list[list[_Seg]], top: float, em: float) -> bool:
    """The column's first text is body type and starts no higher than ``top``."""
    first = next((s for leaf in leaves for s in leaf if not s.dropcap_em), None)
    return first is not None and first.size < SPANNER_MIN_EM * em and min(s.y0 for s in leaves[0]) >= top


def _one_row(items: list[_Seg]) -> bool:
    bases = [s.base for s in items if not s.dropcap_em]
    if not bases:
        return True
    size = max(s.size for s in items if not s.dropcap_em)
    return max(bases) - min(bases) <= BASELINE_TOLERANCE * size


def _opens_story(leaf: list[_Seg], em: float) -> bool:
    """A leaf that starts with a headline (type well above pull-quote size)."""
    first = next((s for s in leaf if not s.dropcap_em), None)
    return first is not None and first.size >= OPENING_MIN_EM * em


def _vspan(s: _Seg) -> tuple[float, float]:
    """The line's ink from cap height to just under the baseline: font boxes
    (ascent to descent) of consecutive lines overlap, which hides the gaps.
    A drop cap counts as a line of the text it sits in (it would otherwise
    bridge the gap between the headline and the columns)."""
    size = s.size
    if s.dropcap_em:
        size = s.dropcap_em
    return (s.base - CAP_HEIGHT * size, s.base + DESCENT * size)


def _mark_dropcaps(segs: list[_Seg], em: float) -> None:
    for s in segs:
        t = s.text
        if len(t) <= 2 and t[:1].isalpha() and s.size >= DROPCAP_MIN_EM * em:
            s.dropcap_em = em


def _reading_key(s: _Seg) -> tuple[float, float]:
    # a drop cap sits on the baseline of its last line: it is read first
    return (s.base - s.size * CAP_HEIGHT if s.dropcap_em else s.base, s.x0)


def _merge_bands(bands: list[list[_Seg]], em: float) -> list[list[_Seg]]:
    """Put back together the bands that belong to one multi-column region.

    A band joins the region above it when the two together still have a
    gutter (the rows of one multi-column text; side-by-side stories whose
    bylines and columns sit at different heights), unless it is all display
    text (a row of headlines opens a new region).  Two
    single-column bands join when they are one text (same size, small gap).
    """
    out: list[list[_Seg]] = []
    gutter_of: list[list[float]] = []
    for band in bands:
        g = [] if _one_row(band) else _gutters(band, em)
        if out:
            prev = out[-1]
            big = sum(s.chars for s in band if not s.dropcap_em and s.size >= SPANNER_MIN_EM * em)
            display = big * 2 >= sum(s.chars for s in band if not s.dropcap_em) > 0
            if not display and (g or gutter_of[-1]):
                joined = _gutters(prev + band, em)
                if joined:
                    out[-1] = prev + band
                    gutter_of[-1] = joined
                    continue
            if not g and not gutter_of[-1] and _same_kind(prev, band, em):
                out[-1] = prev + band
                continue
        out.append(band)
        gutter_of.append(g)
    return out


def _same_kind(a: list[_Seg], b: list[_Seg], em: float) -> bool:
    """Two single-column bands that read as one text: same size, small gap."""
    sa = max((s.size for s in a if not s.dropcap_em), default=em)
    sb = max((s.size for s in b if not s.dropcap_em), default=em)
    if abs(sa - sb) > SAME_SIZE_TOLERANCE * max(sa, sb):
        return False
    gap = min(_vspan(s)[0] for s in b) - max(_vspan(s)[1] for s in a)
    return gap < MIN_BAND_GAP_EM * max(em, min(sa, sb))


def _split_sizes(leaves: list[list[_Seg]]) -> list[list[_Seg]]:
    """Cut a leaf where the font size changes (a headline over its deck)."""
    out: list[list[_Seg]] = []
    for leaf in leaves:
        cur: list[_Seg] = []
        for s in leaf:
            if cur and abs(s.size - cur[-1].size) > SAME_SIZE_TOLERANCE * max(s.size, cur[-1].size):
                out.append(cur)
                cur = []
            cur.append(s)
        if cur:
            out.append(cur)
    return out


def _merge_row_pieces(leaf: list[_Seg]) -> list[_Seg]:
    """Pieces of one printed line inside one column, made one line again.

    Characters are cut into pieces at wide spaces (justified narrow columns
    space words as widely as a gutter); once the gutters are known, the
    pieces that share a baseline within a column are one line, read left to
    right (whatever order the content stream drew them in).
    """
    out: list[_Seg] = []
    for s in leaf:
        if out and not s.dropcap_em and not out[-1].dropcap_em:
            last = out[-1]
            if abs(s.base - last.base) <= BASELINE_TOLERANCE * max(s.size, last.size):
                words = sorted(last.words + s.words, key=lambda w: w.bbox.x0)
                merged = _Seg(
                    min(last.x0, s.x0), min(last.y0, s.y0), max(last.x1, s.x1), max(last.y1, s.y1),
                    last.base, max(last.size, s.size), words,
                    bold_chars=last.bold_chars + s.bold_chars,
                    italic_chars=last.italic_chars + s.italic_chars,
                    chars=last.chars + s.chars,
                )
                out[-1] = merged
                continue
        out.append(s)
    return out


def _column_ids(leaves: list[list[_Seg]], em: float) -> list[int]:
    """One id per column of the grid: leaves of body text with the same left
    and right edges (a leaf of one or two lines, whose right edge says
    little, joins the column with its left edge)."""
    ids: list[int] = []
    cols: list[tuple[float, float, int]] = []  # left, right, lines
    for leaf in leaves:
        x0 = min(s.x0 for s in leaf)
        x1 = max(s.x1 for s in leaf)
        body = all(abs(s.size - em) <= SAME_SIZE_TOLERANCE * em or s.dropcap_em for s in leaf)
        found = -1
        if body:
            near = COLUMN_EDGE_EM * em
            same = [k for k, (c0, c1, _) in enumerate(cols) if abs(c0 - x0) <= near and abs(c1 - x1) <= near]
            if not same and len(leaf) <= 2:
                same = sorted(
                    (k for k, (c0, c1, _) in enumerate(cols) if abs(c0 - x0) <= near and x1 <= c1 + near),
                    key=lambda k: -cols[k][2],
                )
            if same:
                found = same[0]
                c0, c1, n = cols[found]
                cols[found] = (c0, c1, n + len(leaf))
        if found < 0:
            cols.append((x0, x1, len(leaf)) if body else (0.0, -1e9, 0))
            found = len(cols) - 1
        ids.append(found)
    return ids


def _figure_boxes(page: Any, left: float, top: float, em: float) -> list[BBox]:
    """Boxes of the page's pictures: images, and filled or stroked shapes at
    least FIGURE_MIN_EM body sizes in both directions (photo placeholders,
    boxed panels; thin rules are left out)."""
    import pypdfium2.raw as pdfium_c

    found: dict[BBox, None] = {}  # in page order, once: a fill and its stroke are two objects
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_SHADING)
    try:
        for n, obj in enumerate(page.get_objects(filter=kinds, max_depth=2)):
            if n >= MAX_FIGURE_OBJECTS:
                break
            x0, y0, x1, y1 = obj.get_bounds()
            if x1 - x0 >= FIGURE_MIN_EM * em and y1 - y0 >= FIGURE_MIN_EM * em:
                found.setdefault(BBox(x0 - left, top - y1, x1 - left, top - y0))
    except Exception:  # noqa: BLE001 - a broken object stream: read on without figures
        pass
    return list(found)


def _body_size(segs: Sequence[_Seg]) -> float:
    return dominant_size((s.size, s.chars) for s in segs) or 10.0


def read_pdf(
    path: Path, *, pages: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> tuple[list[GeoPage], list[str]]:
    """The pages of a PDF as :class:`GeoPage` lines in reading order, and notes on problems."""
    import pypdfium2 as pdfium

    pdf = _open(path, max_bytes)
    notes: list[str] = []
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyInputError("the PDF has no pages", source=str(path))
        out: list[GeoPage] = []
        for index in parse_page_spec(pages, count):
            try:
                page = pdf[index]
                left, bottom, right, top = page.get_mediabox()
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                notes.append(f"page {index + 1}: cannot be read ({exc})")
                continue
            segs = _page_segments(textpage, left, top, notes, index + 1)
            gp = GeoPage(index + 1, right - left, top - bottom)
            if segs:
                em = _body_size(segs)
                _mark_dropcaps(segs, em)
                figures = _figure_boxes(page, left, top, em)
                gp.images = figures
                leaves = _split_sizes([_merge_row_pieces(leaf) for leaf in _xycut(segs, em, 0, figures)])
                columns = _column_ids(leaves, em)
                for block, leaf in enumerate(leaves):
                    for s in leaf:
                        gp.lines.append(
                            GeoLine(
                                s.words,
                                BBox(s.x0, s.y0, s.x1, s.y1),
                                size=s.size,
                                bold=s.bold_chars * 2 > s.chars,
                                italic=s.italic_chars * 2 > s.chars,
                                block=block,
                                column=columns[block],
                            )
                        )
            else:
                notes.append(f"page {index + 1}: no text layer (a scan without OCR?)")
            out.append(gp)
        return out, notes
    finally:
        pdf.close()


def rebuild_pdf(
    path: Path, *, lang: str | None = None, pages: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Document:
    """Rebuild the articles of every (selected) page of a PDF."""
    geo, notes = read_pdf(path, pages=pages, max_bytes=max_bytes)
    if not any(p.lines for p in geo):
        raise EmptyInputError("the PDF has no text layer on the pages read", source=str(path))
    doc = rebuild_pages(geo, lang=lang, source=str(path))
    doc.encoding = "pdf"
    doc.notes.extend(notes)
    return doc
