"""ALTO reader: versions 1.x to 4, with or without a namespace (including the old CCS one).

One ALTO file is one page.  The reader walks the file with a streaming parser
(elements are freed as soon as their line is read, so memory follows the number
of words, not the size of the XML) and turns every ``TextLine`` into a
:class:`~broadsheet.geometry.GeoLine`:

* words keep their ``CONTENT`` as printed, their box, and ``WC`` (word
  confidence, 0..1) where given; low-confidence words are never corrected;
* the font size comes from the ``TextStyle`` a word refers to when the file
  gives sizes, else from the word heights (BL/docWorks files print
  ``FONTSIZE="0"``); bold and italics from ``FONTSTYLE`` or ``STYLE``;
* line-end hyphenation comes from the file's own signals: a ``HypPart1`` /
  ``HypPart2`` pair whose ``SUBS_CONTENT`` is the two halves joined ends the
  first line with a soft hyphen (U+00AD: the engine joins it, no evidence
  needed); a ``SUBS_CONTENT`` with a hyphen between the halves is a compound
  broken at its hyphen, written whole on the first line.  Only the printed
  halves are used (``SUBS_CONTENT`` may be on both halves: the word is never
  doubled); a bare ``<HYP/>`` ends the line with ``-`` for the engine to
  decide;
* ``TextBlock`` order is the file's order, or its ``ReadingOrder`` (ALTO 3+)
  or ``IDNEXT`` chain (ALTO 2+) when it has one;
* ``Illustration`` boxes become page images.

:func:`read_alto` also returns, for every element ID, the lines it covers, so a
METS file can point at blocks or words.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UnsupportedInputError
from ..geometry import GeoLine, GeoPage, GeoWord
from ..model import BBox
from .xmlsafe import iterparse_safe, localname

__all__ = ["AltoPage", "indent_lines", "read_alto"]

#: Characters an OCR engine leaves at the end of the first half of a broken word.
HYPHEN_CHARS = "-\u00ad\u2010\u00ac\u2e17="
SOFT_HYPHEN = "\u00ad"

#: Largest indent (in character widths) written before a line: more is a
#: centred or right-aligned line, which an extractor would print with a few
#: spaces too; capping keeps the page text compact.
MAX_INDENT = 8
#: An offset from the block's left edge below this many character widths is
#: OCR box noise (a few pixels), not an indent.  Calibrated on the BL pages,
#: whose running lines start within about one character of the block edge.
MIN_INDENT_CHARS = 1.5


@dataclass
class _Style:
    size: float = 0.0
    bold: bool = False
    italic: bool = False


@dataclass
class _Word:
    text: str
    bbox: BBox
    style: _Style
    height: float
    conf: float | None
    subs_type: str = ""
    subs_content: str = ""


@dataclass
class _Block:
    id: str
    lines: list[GeoLine] = field(default_factory=list)
    idnext: str = ""


@dataclass
class AltoPage:
    """One ALTO page: its :class:`GeoPage` and where its element IDs are."""

    page: GeoPage
    #: ALTO element ID (block, line or word) -> the lines it covers, in file order
    ids: dict[str, list[GeoLine]] = field(default_factory=dict)
    #: the page's lines in file order (``page.lines`` is in reading order)
    file_lines: list[GeoLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _num(value: str | None, default: float = 0.0) -> float:
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        return default


def _bbox(el: Any) -> BBox:
    x = _num(el.get("HPOS"))
    y = _num(el.get("VPOS"))
    return BBox(x, y, x + _num(el.get("WIDTH")), y + _num(el.get("HEIGHT")))


def _conf(el: Any) -> float | None:
    wc = el.get("WC")
    if wc is not None:
        try:
            val = float(wc)
        except ValueError:
            return None
        return max(0.0, min(1.0, val / 100.0 if val > 1.0 else val))
    cc = el.get("CC")
    if cc:
        # per-character confidence digits, 0 = sure .. 9 = unsure (ALTO 1.x)
        digits = [int(c) for c in cc if c.isdigit()]
        if digits:
            return round(1.0 - sum(digits) / (9.0 * len(digits)), 3)
    return None


def _font_style(text: str) -> tuple[bool, bool]:
    low = text.lower()
    return "bold" in low, "italic" in low


class _Reader:
    def __init__(self, path: Path, number: int) -> None:
        self.path = path
        self.number = number
        self.styles: dict[str, _Style] = {}
        self.has_sizes = False
        self.width = 0.0
        self.height = 0.0
        self.blocks: list[_Block] = []
        self.block_stack: list[_Block] = []
        self.composed_ids: list[tuple[str, int]] = []  # (id, first block index)
        self.images: list[BBox] = []
        self.ids: dict[str, list[GeoLine]] = {}
        self.reading_order: list[str] = []
        self.words: list[_Word] = []
        self.word_ids: list[str] = []
        self.hyp_in_line = False
        self.pending: tuple[GeoLine, _Word] | None = None  # a HypPart1 waiting for its second half
        self.saw_root = False
        self.notes: list[str] = []

    # -- styles -------------------------------------------------------------
    def style_of(self, refs: str | None, inherited: _Style) -> _Style:
        if not refs:
            return inherited
        out = _Style(inherited.size, inherited.bold, inherited.italic)
        for ref in refs.split():
            st = self.styles.get(ref)
            if st is None:
                continue
            if st.size > 0:
                out.size = st.size
            out.bold = out.bold or st.bold
            out.italic = out.italic or st.italic
        return out

    # -- events -------------------------------------------------------------
    def run(self, events: Any) -> None:
        block_style: list[_Style] = [_Style()]
        line_style = _Style()
        for event, el in events:
            name = localname(el)
            if event == "start":
                if not self.saw_root:
                    if name.lower() != "alto":
                        raise UnsupportedInputError(f"not an ALTO file (root element <{name}>)", source=str(self.path))
                    self.saw_root = True
                elif name == "Page":
                    self.width = _num(el.get("WIDTH"))
                    self.height = _num(el.get("HEIGHT"))
                elif name == "TextBlock":
                    blk = _Block(el.get("ID") or f"_b{len(self.blocks)}", idnext=el.get("IDNEXT") or "")
                    self.blocks.append(blk)
                    self.block_stack.append(blk)
                    block_style.append(self.style_of(el.get("STYLEREFS"), block_style[-1]))
                elif name == "ComposedBlock":
                    self.composed_ids.append((el.get("ID") or "", len(self.blocks)))
                elif name == "TextLine":
                    self.words = []
                    self.word_ids = []
                    self.hyp_in_line = False
                    line_style = self.style_of(el.get("STYLEREFS"), block_style[-1])
                continue
            # end events
            if name == "TextStyle":
                size = _num(el.get("FONTSIZE"))
                bold, italic = _font_style(el.get("FONTSTYLE") or "")
                if el.get("ID"):
                    self.styles[el.get("ID")] = _Style(size, bold, italic)
                if size > 0:
                    self.has_sizes = True
            elif name == "String":
                self.add_word(el, line_style)
            elif name == "HYP":
                self.hyp_in_line = True
            elif name == "TextLine":
                self.end_line(el)
            elif name == "TextBlock":
                blk = self.block_stack.pop()
                block_style.pop()
                self.ids[blk.id] = list(blk.lines)
            elif name == "ComposedBlock":
                cid, first = self.composed_ids.pop()
                if cid:
                    self.ids[cid] = [ln for b in self.blocks[first:] for ln in b.lines]
            elif name in ("Illustration", "GraphicalElement"):
                box = _bbox(el)
                if name == "Illustration" and box.x1 > box.x0 and box.y1 > box.y0:
                    self.images.append(box)
            elif name == "ElementRef":
                ref = el.get("REF")
                if ref:
                    self.reading_order.append(ref)
            # everything is read from attributes or kept in our own objects by now:
            # free the element so memory follows the current path, not the file
            _free(el)
        if not self.saw_root:
            raise UnsupportedInputError("not an ALTO file", source=str(self.path))

    def add_word(self, el: Any, inherited: _Style) -> None:
        text = el.get("CONTENT") or ""
        if not text.strip():
            return
        style = self.style_of(el.get("STYLEREFS"), inherited)
        if el.get("STYLE"):
            bold, italic = _font_style(el.get("STYLE") or "")
            style = _Style(style.size, style.bold or bold, style.italic or italic)
        box = _bbox(el)
        self.words.append(
            _Word(
                text=" ".join(text.split()),
                bbox=box,
                style=style,
                height=box.y1 - box.y0,
                conf=_conf(el),
                subs_type=(el.get("SUBS_TYPE") or "").lower(),
                subs_content=el.get("SUBS_CONTENT") or "",
            )
        )
        self.word_ids.append(el.get("ID") or "")

    def end_line(self, el: Any) -> None:
        words = self.words
        ids = self.word_ids
        # the second half of a word broken at the end of the line before
        if words and words[0].subs_type == "hyppart2" and self.pending is not None:
            if self.join_second_half(words[0]):
                words = words[1:]
                ids = ids[1:]
        self.pending = None
        if not words:
            return
        geo = [GeoWord(w.text, w.bbox, w.style.size, w.style.bold, w.style.italic, w.conf) for w in words]
        last = words[-1]
        hyphenated = last.subs_type == "hyppart1" or self.hyp_in_line
        if hyphenated:
            stem = last.text.rstrip(HYPHEN_CHARS) or last.text
            full = last.subs_content
            mark = SOFT_HYPHEN if (last.subs_type == "hyppart1" and (not full or full.startswith(stem))) else "-"
            geo[-1] = _with_text(geo[-1], stem + mark)
        box = _bbox(el)
        if box.x1 <= box.x0:
            box = BBox(
                min(w.bbox.x0 for w in words),
                min(w.bbox.y0 for w in words),
                max(w.bbox.x1 for w in words),
                max(w.bbox.y1 for w in words),
            )
        chars = sum(len(w.text) for w in words) or 1
        if self.has_sizes and any(w.style.size > 0 for w in words):
            size = statistics.median(w.style.size for w in words if w.style.size > 0)
        else:
            size = statistics.median(w.height for w in words)
        bold = sum(len(w.text) for w in words if w.style.bold) * 2 > chars
        italic = sum(len(w.text) for w in words if w.style.italic) * 2 > chars
        blk_index = len(self.blocks) - 1 if self.block_stack else -1
        gl = GeoLine(geo, box, size=size, bold=bold, italic=italic, block=max(0, blk_index))
        if self.block_stack:
            self.block_stack[-1].lines.append(gl)
        else:  # a TextLine outside any TextBlock: a block of its own
            self.blocks.append(_Block(f"_b{len(self.blocks)}", [gl]))
            gl.block = len(self.blocks) - 1
        line_id = el.get("ID")
        if line_id:
            self.ids[line_id] = [gl]
        for wid in ids:
            if wid:
                self.ids[wid] = [gl]
        if last.subs_type == "hyppart1":
            self.pending = (gl, last)

    def join_second_half(self, second: _Word) -> bool:
        """Settle a broken word once its second half is read; True when the half moved up a line."""
        assert self.pending is not None
        line, first = self.pending
        stem = first.text.rstrip(HYPHEN_CHARS) or first.text
        full = first.subs_content or second.subs_content
        if full and "-" in full and full == f"{stem}-{second.text}":
            # a compound broken at its own hyphen: written whole on the first line
            old = line.words[-1]
            confs = [c for c in (old.conf, second.conf) if c is not None]
            line.words[-1] = GeoWord(
                f"{stem}-{second.text}",
                BBox(old.bbox.x0, old.bbox.y0, old.bbox.x1, old.bbox.y1),
                old.size,
                old.bold,
                old.italic,
                min(confs) if confs else None,
            )
            return True
        if line.words and line.words[-1].text.endswith("-") and (not full or full == stem + second.text):
            line.words[-1] = _with_text(line.words[-1], stem + SOFT_HYPHEN)
        return False

    # -- result -------------------------------------------------------------
    def ordered_blocks(self) -> list[_Block]:
        blocks = [b for b in self.blocks if b.lines]
        by_id = {b.id: b for b in blocks}
        if self.reading_order:
            out: list[_Block] = []
            seen: set[str] = set()
            for ref in self.reading_order:
                lines = self.ids.get(ref)
                if not lines:
                    continue
                for b in blocks:
                    if b.id not in seen and any(ln in lines for ln in b.lines[:1]):
                        out.append(b)
                        seen.add(b.id)
            out += [b for b in blocks if b.id not in seen]
            self.notes.append("block order from the file's ReadingOrder")
            return out
        if any(b.idnext for b in blocks):
            targets = {b.idnext for b in blocks if b.idnext}
            out = []
            seen = set()
            for b in blocks:
                if b.id in targets or b.id in seen:
                    continue
                cur: _Block | None = b
                while cur is not None and cur.id not in seen:
                    out.append(cur)
                    seen.add(cur.id)
                    cur = by_id.get(cur.idnext)
            out += [b for b in blocks if b.id not in seen]
            self.notes.append("block order from the file's IDNEXT links")
            return out
        return blocks

    def result(self) -> AltoPage:
        blocks = self.ordered_blocks()
        file_lines = [ln for b in self.blocks for ln in b.lines]
        lines: list[GeoLine] = []
        for bno, b in enumerate(blocks):
            for ln in b.lines:
                ln.block = bno
                lines.append(ln)
        _assign_columns(blocks)
        indent_lines([b.lines for b in blocks])
        page = GeoPage(self.number, self.width, self.height, lines, images=self.images, exact_sizes=False)
        return AltoPage(page, self.ids, file_lines, self.notes)


def _free(el: Any) -> None:
    """Drop a finished element and the finished siblings before it (bounded memory)."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _with_text(w: GeoWord, text: str) -> GeoWord:
    return GeoWord(text, w.bbox, w.size, w.bold, w.italic, w.conf)


def _assign_columns(blocks: list[_Block]) -> None:
    """Number columns by the blocks' left edges (blocks starting within half a column width share one)."""
    boxes = []
    for b in blocks:
        x0 = min(ln.bbox.x0 for ln in b.lines)
        x1 = max(ln.bbox.x1 for ln in b.lines)
        boxes.append((x0, x1))
    widths = [x1 - x0 for x0, x1 in boxes if x1 > x0]
    if not widths:
        return
    col_w = statistics.median(widths) or 1.0
    starts = sorted(x0 for x0, _ in boxes)
    edges: list[float] = []
    for x in starts:
        if not edges or x - edges[-1] > col_w / 2:
            edges.append(x)
    for b, (x0, _) in zip(blocks, boxes, strict=True):
        col = max((i for i, e in enumerate(edges) if e <= x0 + col_w / 4), default=0)
        for ln in b.lines:
            ln.column = col


def indent_lines(blocks: list[list[GeoLine]]) -> None:
    """Set each line's indent from its offset to its block's left edge, in character widths."""
    ratios = [
        (w.bbox.x1 - w.bbox.x0) / len(w.text)
        for lines in blocks
        for ln in lines
        for w in ln.words
        if len(w.text) >= 3 and w.bbox.x1 > w.bbox.x0
    ]
    if not ratios:
        return
    char_w = statistics.median(ratios)
    if char_w <= 0:
        return
    for lines in blocks:
        if len(lines) < 2:
            continue
        left = statistics.median(ln.bbox.x0 for ln in lines)
        left = min(left, min(ln.bbox.x0 for ln in lines))
        for ln in lines:
            off = (ln.bbox.x0 - left) / char_w
            ln.indent = min(MAX_INDENT, round(off)) if off >= MIN_INDENT_CHARS else 0


def read_alto(path: Path, *, number: int = 1, max_bytes: int | None = None) -> AltoPage:
    """Read one ALTO page."""
    reader = _Reader(path, number)
    with iterparse_safe(path, max_bytes=max_bytes) as events:
        reader.run(events)
    return reader.result()
