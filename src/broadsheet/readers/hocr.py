"""hOCR reader (Tesseract, OCRopus, kraken and other engines' HTML output).

Pages are ``ocr_page`` elements; lines are ``ocr_line`` (and ``ocrx_line``,
``ocr_header``, ``ocr_caption``, ``ocr_textfloat``); words are ``ocrx_word``
with ``bbox`` and ``x_wconf`` (0..100) in their ``title``.  The block of a line
is its nearest ``ocr_par`` (else ``ocr_carea`` / ``ocrx_block``), so a blank
line is written between paragraphs the engine found.  Line sizes come from
``x_size`` (line height in pixels), else the words' ``x_fsize``, else the line
box height; bold and italics from ``<strong>``/``<b>``/``<em>``/``<i>`` or a
bold/italic ``x_font``.  Elements are read in document order (hOCR has no
other reading order).

The file is parsed as XML (XHTML, as Tesseract writes it) with the safe
settings of :mod:`.xmlsafe`; a file that is not well-formed XML (HTML from
other engines) is read with lxml's HTML parser, which never fetches anything
and does not expand entities beyond the HTML ones.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ..errors import MalformedInputError, UnsupportedInputError
from ..geometry import GeoLine, GeoPage, GeoWord
from ..model import BBox
from .alto import indent_lines
from .xmlsafe import check_prolog, check_size, localname, parse_safe

__all__ = ["read_hocr"]

LINE_CLASSES = frozenset({"ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"})
BLOCK_CLASSES = ("ocr_par", "ocr_carea", "ocrx_block")

_BBOX_RE = re.compile(r"\bbbox\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)")
_WCONF_RE = re.compile(r"\bx_wconf\s+(-?[\d.]+)")
_XSIZE_RE = re.compile(r"\bx_size\s+([\d.]+)")
_FSIZE_RE = re.compile(r"\bx_fsize\s+([\d.]+)")
_FONT_RE = re.compile(r"\bx_font\s+\"?([^;\"]+)")
_PAGENO_RE = re.compile(r"\bppageno\s+(\d+)")


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _bbox(title: str) -> BBox | None:
    m = _BBOX_RE.search(title)
    if not m:
        return None
    x0, y0, x1, y1 = (float(v) for v in m.groups())
    return BBox(x0, y0, x1, y1)


def _float(regex: re.Pattern[str], title: str) -> float | None:
    m = regex.search(title)
    return float(m.group(1)) if m else None


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _emphasis(el: Any) -> tuple[bool, bool]:
    tags = {localname(e).lower() for e in el.iter()}
    font = (_FONT_RE.search(el.get("title") or "") or [None, ""])[1] or ""
    bold = bool(tags & {"strong", "b"}) or "bold" in font.lower()
    italic = bool(tags & {"em", "i"}) or "italic" in font.lower()
    return bold, italic


def _load(path: Path, max_bytes: int | None) -> Any:
    try:
        return parse_safe(path, max_bytes=max_bytes)
    except MalformedInputError:
        pass
    # not well-formed XML: HTML hOCR.  The prolog was already checked by parse_safe.
    data = path.read_bytes()
    check_prolog(data[:65536], source=str(path))
    if b"</html" not in data[-4096:].lower() and b"</body" not in data[-4096:].lower():
        raise MalformedInputError("hOCR file is truncated (no closing </html>)", source=str(path))
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedInputError(f"unreadable hOCR: {exc}", source=str(path)) from None
    if root is None:
        raise MalformedInputError("empty hOCR document", source=str(path))
    return root


def _block_key(el: Any, page: Any) -> Any:
    """The element that is the line's block (kept alive as a dict key, so its proxy stays the same)."""
    node = el.getparent()
    while node is not None and node is not page:
        cls = _classes(node)
        if any(c in cls for c in BLOCK_CLASSES):
            return node
        node = node.getparent()
    return page


def _line(el: Any) -> GeoLine | None:
    title = el.get("title") or ""
    words: list[GeoWord] = []
    word_els = [w for w in el.iter() if "ocrx_word" in _classes(w)]
    line_box = _bbox(title)
    if word_els:
        for w in word_els:
            text = _text(w)
            if not text:
                continue
            wt = w.get("title") or ""
            box = _bbox(wt) or line_box or BBox(0, 0, 0, 0)
            conf = _float(_WCONF_RE, wt)
            bold, italic = _emphasis(w)
            fsize = _float(_FSIZE_RE, wt) or 0.0
            words.append(
                GeoWord(text, box, fsize, bold, italic, None if conf is None else max(0.0, min(1.0, conf / 100.0)))
            )
    else:
        box = line_box or BBox(0, 0, 0, 0)
        bold, italic = _emphasis(el)
        words = [GeoWord(t, box, 0.0, bold, italic, None) for t in _text(el).split()]
    if not words:
        return None
    if line_box is None:
        line_box = BBox(
            min(w.bbox.x0 for w in words),
            min(w.bbox.y0 for w in words),
            max(w.bbox.x1 for w in words),
            max(w.bbox.y1 for w in words),
        )
    size = _float(_XSIZE_RE, title)
    if size is None:
        sizes = [w.size for w in words if w.size > 0]
        size = statistics.median(sizes) if sizes else (line_box.y1 - line_box.y0)
    chars = sum(len(w.text) for w in words) or 1
    bold = sum(len(w.text) for w in words if w.bold) * 2 > chars
    italic = sum(len(w.text) for w in words if w.italic) * 2 > chars
    return GeoLine(words, line_box, size=size, bold=bold, italic=italic)


def _pages(root: Any) -> Iterable[Any]:
    pages = [el for el in root.iter() if "ocr_page" in _classes(el)]
    return pages


def read_hocr(path: Path, *, max_bytes: int | None = None, first_number: int = 1) -> list[GeoPage]:
    """Read every ``ocr_page`` of an hOCR file."""
    check_size(path, max_bytes)
    root = _load(path, max_bytes)
    pages = list(_pages(root))
    if not pages:
        if not any(_classes(el) & LINE_CLASSES for el in root.iter()):
            raise UnsupportedInputError("no ocr_page or ocr_line elements: not hOCR", source=str(path))
        pages = [root]
    out: list[GeoPage] = []
    for k, pel in enumerate(pages):
        title = pel.get("title") or ""
        box = _bbox(title)
        pageno = _float(_PAGENO_RE, title)
        number = int(pageno) + 1 if pageno is not None else first_number + k
        blocks: dict[Any, list[GeoLine]] = {}
        for el in pel.iter():
            if not isinstance(el.tag, str) or not (_classes(el) & LINE_CLASSES):
                continue
            gl = _line(el)
            if gl is None:
                continue
            blocks.setdefault(_block_key(el, pel), []).append(gl)
        lines: list[GeoLine] = []
        for bno, blines in enumerate(blocks.values()):
            for gl in blines:
                gl.block = bno
                lines.append(gl)
        indent_lines(list(blocks.values()))
        out.append(
            GeoPage(number, box.x1 if box else 0.0, box.y1 if box else 0.0, lines, exact_sizes=False)
        )
    return out
