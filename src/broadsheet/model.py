"""The one data model: a Page owns the text; everything else is a span into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

#: OCR words below this confidence (0..1) are listed in the output as
#: ``ocr.low_confidence_words`` (left as printed, never corrected).  Calibrated
#: on the BL ALTO pages, whose OCR engine reports its own "suspicious word"
#: share: 0.75 reproduces it (BL Statesman p1: 17.4% suspicious, 13.7% below
#: 0.7, 21% below 0.8; p2: 10.6% / 7.8% / 13.1%; Examiner p3: 34.5% / 31.2% /
#: 36.5%).
LOW_CONFIDENCE = 0.75


class Label(str, Enum):
    """Role of a line or block on the page."""

    HEADLINE = "headline"
    DECK = "deck"
    BYLINE = "byline"
    DATELINE = "dateline"
    BODY = "body"
    CAPTION = "caption"
    PULL_QUOTE = "pull_quote"
    FURNITURE = "furniture"
    UNASSIGNED = "unassigned"
    BLANK = "blank"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class BBox:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class LineStyle:
    """What a geometric reader (PDF, ALTO, hOCR) knows about a line beyond its text.

    ``size`` is the font size in the reader's unit (points for PDF, pixels of
    line height for OCR); ``rel_size`` is ``size`` over the page's body size, so
    1.0 is body text and 1.5 a display line.  ``gap_before`` is the vertical
    space above the line in units of the body line pitch (0 for the first line
    of a column or block).  ``box`` and ``under_picture`` place the line
    against the page's pictures and frames (see :func:`broadsheet.geometry.frames`).
    """

    bbox: BBox
    page: int = 1
    size: float = 0.0
    rel_size: float = 1.0
    bold: bool = False
    italic: bool = False
    block: int = 0
    column: int = 0
    gap_before: float = 0.0
    conf: float | None = None
    exact_size: bool = True
    #: index (on its page) of the drawn box or frame the line is set in, -1 for none
    box: int = -1
    #: the line sits right under a picture (or continues a block that does)
    under_picture: bool = False


@dataclass(init=False)
class Line:
    """One line of the page: a span ``[start, end)`` of :attr:`Page.text`.

    The constructor is written out (the fields and defaults a generated one
    would take, then the derived fields): the compiled build runs it natively,
    where a generated ``__init__`` is a Python-level function.
    """

    index: int
    start: int
    end: int
    text: str
    label: Label = Label.UNASSIGNED
    why: str = ""
    bbox: BBox | None = None
    article: int | None = None
    style: LineStyle | None = None

    stripped: str = field(init=False, repr=False, compare=False)
    is_blank: bool = field(init=False, repr=False, compare=False)
    indent: int = field(init=False, repr=False, compare=False)
    width: int = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        index: int,
        start: int,
        end: int,
        text: str,
        label: Label = Label.UNASSIGNED,
        why: str = "",
        bbox: BBox | None = None,
        article: int | None = None,
        style: LineStyle | None = None,
    ) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self.label = label
        self.why = why
        self.bbox = bbox
        self.article = article
        self.style = style
        # derived once: the stages read these many times per line
        words = text.split()
        self.stripped = text.strip()
        self.is_blank = not words
        self.indent = len(text) - len(text.lstrip(" \t"))
        # length with runs of inner spaces collapsed (justified text pads them)
        self.width = len(" ".join(words))


@dataclass(frozen=True, init=False)
class Repair:
    """One change a repair stage made, with the evidence for it.

    The constructor is written out (what a generated one does): the compiled
    build runs it natively, where a generated ``__init__`` is a Python-level
    function.
    """

    stage: str
    action: str
    before: str
    after: str
    why: str
    offset: int | None = None

    def __init__(
        self, stage: str, action: str, before: str, after: str, why: str, offset: int | None = None
    ) -> None:
        setattr_ = object.__setattr__  # (frozen: as the generated constructor sets the fields)
        setattr_(self, "stage", stage)
        setattr_(self, "action", action)
        setattr_(self, "before", before)
        setattr_(self, "after", after)
        setattr_(self, "why", why)
        setattr_(self, "offset", offset)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "why": self.why,
            "offset": self.offset,
        }

    def describe(self) -> str:
        where = f"@{self.offset} " if self.offset is not None else ""
        return f"{where}{self.stage}: {self.action} {self.before!r} -> {self.after!r} ({self.why})"


@dataclass
class Paragraph:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class TextItem:
    """A headline, caption, pull quote or furniture item with its span."""

    text: str
    start: int
    end: int
    why: str = ""


@dataclass
class Article:
    headline: TextItem | None = None
    page: int = 1
    byline: TextItem | None = None
    dateline: TextItem | None = None
    decks: list[TextItem] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    pull_quotes: list[TextItem] = field(default_factory=list)
    captions: list[TextItem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    #: every page the article is printed on, when it continues on another page
    #: (empty: only :attr:`page`)
    pages: list[int] = field(default_factory=list)

    @property
    def start(self) -> int:
        spans = [p.start for p in self.paragraphs]
        if self.headline:
            spans.append(self.headline.start)
        return min(spans) if spans else 0

    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def to_dict(self, *, offsets: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "page": self.page,
            "pages": self.pages or [self.page],
            "headline": self.headline.text if self.headline else None,
            "byline": self.byline.text if self.byline else None,
            "dateline": self.dateline.text if self.dateline else None,
            "paragraphs": [p.text for p in self.paragraphs],
            "pull_quotes": [q.text for q in self.pull_quotes],
            "captions": [c.text for c in self.captions],
            "decks": [d.text for d in self.decks],
        }
        if offsets:
            d["offsets"] = {
                "headline": _span(self.headline),
                "byline": _span(self.byline),
                "dateline": _span(self.dateline),
                "paragraphs": [[p.start, p.end] for p in self.paragraphs],
                "pull_quotes": [[q.start, q.end] for q in self.pull_quotes],
                "captions": [[c.start, c.end] for c in self.captions],
            }
        return d


def _span(item: TextItem | None) -> list[int] | None:
    return [item.start, item.end] if item else None


@dataclass
class Page:
    """The source text of one page and its lines."""

    text: str
    lines: list[Line]
    number: int = 1
    source: str | None = None


@dataclass
class Document:
    """The result of :func:`broadsheet.rebuild`."""

    page: Page
    articles: list[Article]
    furniture: list[TextItem] = field(default_factory=list)
    unassigned: list[TextItem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    language: str = "en"
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)
    #: ``(start, end, confidence)`` of every OCR word that has a confidence (0..1),
    #: as spans of :attr:`Page.text`; empty for text and born-digital PDF input.
    word_confidences: list[tuple[int, int, float]] = field(default_factory=list)
    #: number of pages read (PDF, METS) or text parts cut at form feeds
    page_count: int = 1

    @property
    def text(self) -> str:
        return self.page.text

    def all_repairs(self) -> list[Repair]:
        out = list(self.repairs)
        for a in self.articles:
            out.extend(a.repairs)
        return out

    def to_dict(self, *, offsets: bool = True, explain: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.page.source,
            "language": self.language,
            "encoding": self.encoding,
            "articles": [a.to_dict(offsets=offsets) for a in self.articles],
            "furniture": [f.text for f in self.furniture],
            "unassigned": [u.text for u in self.unassigned],
            "notes": list(self.notes),
        }
        if offsets:
            d["furniture_offsets"] = [[f.start, f.end] for f in self.furniture]
            d["unassigned_offsets"] = [[u.start, u.end] for u in self.unassigned]
        if explain:
            d["repairs"] = [r.to_dict() for r in self.all_repairs()]
        if self.word_confidences:
            d["ocr"] = self.ocr_summary()
        return d

    def ocr_summary(self) -> dict[str, Any]:
        """Mean word confidence and the words below :data:`LOW_CONFIDENCE` (OCR input only)."""
        confs = self.word_confidences
        low = [
            {"text": self.page.text[s:e].replace("\u00ad", ""), "conf": round(c, 3), "start": s, "end": e}
            for s, e, c in confs
            if c < LOW_CONFIDENCE
        ]
        return {
            "words": len(confs),
            "mean_confidence": round(sum(c for _, _, c in confs) / len(confs), 4) if confs else None,
            "low_confidence_threshold": LOW_CONFIDENCE,
            "low_confidence_words": low,
        }
