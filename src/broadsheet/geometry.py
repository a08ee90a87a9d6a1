"""Lines with geometry: what the PDF, ALTO and hOCR readers produce.

Every reader turns its input into :class:`GeoPage` objects (lines of words with
boxes, font sizes, weights and OCR confidences, in reading order) and hands them
to :func:`rebuild_pages`.  That function writes the page text (one line per
printed line, a blank line between blocks and at large vertical gaps, a form
feed line between pages), builds :class:`~broadsheet.model.Line` spans that
carry a :class:`~broadsheet.model.LineStyle`, and runs the same engine as text
mode.  Offsets in the result point into that page text.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import BBox, Document, Line, LineStyle

__all__ = ["GeoLine", "GeoPage", "GeoWord", "body_size", "dominant_size", "rebuild_pages", "serialise"]

#: A vertical gap above a line larger than this many body line pitches (on top
#: of the normal pitch) is written as a blank line: paragraph spacing, a space
#: between stories, or a gap left by an image.  Typeset news pages set
#: paragraphs with 0 to 0.5 pitch of extra space and stories with 1 pitch or
#: more; 0.6 separates the two on the dev pages.
BLANK_GAP_PITCHES = 0.6

#: A line whose top is within this many body sizes under the bottom of a
#: picture (and inside its width) is placed as its caption.  Dev PDF captions
#: sit 0.3-0.8 body sizes under their photo; body text set under a photo has
#: the same position, which is why type (small or italic) must agree.
CAPTION_GAP_EM = 1.2

#: A box holding text is a frame (round an advert, a pull quote, a panel)
#: unless it covers more than this share of the page: a page border or a
#: background tint holds everything and tells nothing.
FRAME_MAX_PAGE_SHARE = 0.5


@dataclass(frozen=True)
class GeoWord:
    text: str
    bbox: BBox
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    conf: float | None = None  # 0..1 where the OCR gives one


@dataclass
class GeoLine:
    words: list[GeoWord]
    bbox: BBox
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    block: int = 0
    column: int = 0
    #: the line's text when it is not simply the words joined by spaces (a
    #: reader may end it with U+00AD where the source marks a hyphenation)
    text_override: str | None = None
    #: spaces written before the line's text: a first-line indent (or other
    #: offset from the block's left edge) in character widths, as a text
    #: extractor would print it; the text engine reads paragraph indents from it
    indent: int = 0

    @property
    def text(self) -> str:
        if self.text_override is not None:
            return self.text_override
        return " ".join(w.text for w in self.words)


@dataclass
class GeoPage:
    number: int
    width: float
    height: float
    lines: list[GeoLine] = field(default_factory=list)  # in reading order
    #: pictures and drawn boxes (photos, frames round adverts and panels)
    images: list[BBox] = field(default_factory=list)
    rules: list[BBox] = field(default_factory=list)
    #: True when sizes are the fonts' own (PDF); OCR sizes are estimates from
    #: line heights and do not decide headlines on their own
    exact_sizes: bool = True


def dominant_size(sizes: Iterable[tuple[float, int]]) -> float:
    """The size (to half a point) that most characters are set in, from
    ``(size, characters)`` pairs; 0.0 when no size is known."""
    weights: dict[float, int] = {}
    for size, chars in sizes:
        if size > 0:
            key = round(size * 2) / 2
            weights[key] = weights.get(key, 0) + chars
    if not weights:
        return 0.0
    return max(weights.items(), key=lambda kv: kv[1])[0]


def body_size(lines: Sequence[GeoLine]) -> float:
    """The font size most of the page's characters are set in."""
    return dominant_size((ln.size, len(ln.text)) for ln in lines)


def _pitch(lines: Sequence[GeoLine]) -> float:
    """Median distance between consecutive body lines of the same block."""
    steps = []
    for a, b in itertools.pairwise(lines):
        if a.block == b.block and a.column == b.column:
            d = b.bbox.y0 - a.bbox.y0
            if d > 0:
                steps.append(d)
    if steps:
        return statistics.median(steps)
    heights = [ln.bbox.y1 - ln.bbox.y0 for ln in lines if ln.bbox.y1 > ln.bbox.y0]
    return statistics.median(heights) * 1.2 if heights else 1.0


def within(inner: BBox, outer: BBox, slack: float = 0.0) -> bool:
    """``inner`` lies inside ``outer`` grown by ``slack`` on every side."""
    return (
        outer.x0 - slack <= inner.x0
        and inner.x1 <= outer.x1 + slack
        and outer.y0 - slack <= inner.y0
        and inner.y1 <= outer.y1 + slack
    )


def frames(page: GeoPage, body: float) -> tuple[list[int], list[bool]]:
    """For every line of ``page``: the box it is set in (-1 for none) and
    whether it sits under a picture.

    A box of ``page.images`` that holds lines is a frame, the smallest one
    holding a line is its box; one that holds none is a picture.  A line
    starting within CAPTION_GAP_EM under a picture and inside its width is
    under it, and so is each next line of the same block in the same size.
    """
    slack = 0.15 * body
    area = max(page.width * page.height, 1.0)
    boxes = [
        (n, b)
        for n, b in enumerate(page.images)
        if (b.x1 - b.x0) * (b.y1 - b.y0) <= FRAME_MAX_PAGE_SHARE * area
    ]
    box_of = [-1] * len(page.lines)
    for k, gl in enumerate(page.lines):
        around = [((b.x1 - b.x0) * (b.y1 - b.y0), n) for n, b in boxes if within(gl.bbox, b, slack)]
        if around:
            box_of[k] = min(around)[1]
    holding = set(box_of)
    pictures = [b for n, b in boxes if n not in holding]
    under = [False] * len(page.lines)
    prev: GeoLine | None = None
    for k, gl in enumerate(page.lines):
        b = gl.bbox
        placed = any(
            -slack <= b.y0 - p.y1 <= CAPTION_GAP_EM * body and p.x0 - slack <= b.x0 and b.x1 <= p.x1 + slack
            for p in pictures
        )
        if not placed and k and under[k - 1] and prev is not None:
            placed = (
                prev.block == gl.block
                and abs(prev.size - gl.size) <= 0.08 * max(prev.size, gl.size, 1e-9)
                and 0 <= b.y0 - prev.bbox.y0 <= 2.0 * max(gl.size, 1e-9)
            )
        under[k] = placed
        prev = gl
    return box_of, under


def serialise(pages: Sequence[GeoPage]) -> tuple[str, list[Line], list[tuple[int, int, float]]]:
    """Page text, its lines (with styles) and the spans of words with an OCR confidence."""
    chunks: list[str] = []
    lines: list[Line] = []
    confs: list[tuple[int, int, float]] = []
    pos = 0

    def emit(text: str, style: LineStyle | None) -> int:
        nonlocal pos
        start = pos
        chunks.append(text)
        chunks.append("\n")
        lines.append(Line(len(lines), start, start + len(text), text, bbox=style.bbox if style else None, style=style))
        pos += len(text) + 1
        return start

    for pno, page in enumerate(pages):
        if pno:
            emit("\f", None)
        if not page.lines:
            continue
        body = body_size(page.lines) or 1.0
        pitch = _pitch(page.lines)
        box_of, under = frames(page, body) if page.images else ([-1] * len(page.lines), [False] * len(page.lines))
        prev: GeoLine | None = None
        for k, gl in enumerate(page.lines):
            gap = 0.0
            if prev is not None and prev.column == gl.column and prev.block == gl.block:
                # the step from line to line, in pitches of this line's own size
                scale = max(gl.size, prev.size) / body if gl.size > 0 and prev.size > 0 else 1.0
                gap = max(0.0, (gl.bbox.y0 - prev.bbox.y0) / (pitch * scale) - 1.0)
            elif prev is not None and prev.column == gl.column:
                gap = max(0.0, (gl.bbox.y0 - prev.bbox.y1) / pitch)
            new_block = prev is not None and (prev.block != gl.block or prev.column != gl.column)
            if prev is not None and (new_block or gap > BLANK_GAP_PITCHES):
                emit("", None)
            lead = " " * max(0, gl.indent)
            text = lead + gl.text.replace("\n", " ").replace("\f", " ")
            style = LineStyle(
                bbox=gl.bbox,
                page=page.number,
                size=gl.size,
                rel_size=(gl.size / body) if gl.size > 0 else 1.0,
                bold=gl.bold,
                italic=gl.italic,
                block=gl.block,
                column=gl.column,
                gap_before=gap,
                exact_size=page.exact_sizes,
                conf=_mean_conf(gl),
                box=box_of[k],
                under_picture=under[k],
            )
            start = emit(text, style)
            if gl.text_override is None:
                off = start + len(lead)
                for w in gl.words:
                    if w.conf is not None:
                        confs.append((off, off + len(w.text), w.conf))
                    off += len(w.text) + 1
            prev = gl
    return "".join(chunks), lines, confs


def _mean_conf(gl: GeoLine) -> float | None:
    vals = [w.conf for w in gl.words if w.conf is not None]
    return sum(vals) / len(vals) if vals else None


def rebuild_pages(pages: Sequence[GeoPage], *, lang: str | None = None, source: str | None = None) -> Document:
    """Run the engine over pages read by a geometric reader."""
    from .engine import rebuild_lines

    text, lines, confs = serialise(pages)
    doc = rebuild_lines(text, lines, lang=lang, source=source)
    doc.word_confidences = confs
    doc.page_count = len(pages)
    return doc
