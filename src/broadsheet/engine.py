"""The text engine: page text in, articles out."""

from __future__ import annotations

from pathlib import Path

from .assemble import Assembler, split_inline_dateline
from .columns import layout_lines, may_be_laid_out
from .lexicon import Lexicon, PageVocabulary, SUPPORTED_LANGUAGES, detect_language
from .lines import clear_page_caches, normalize_text, split_lines
from .continuations import join_continuations
from .model import Article, Document, Label, Line, Page, Repair, TextItem
from .segment import BY_RE, analyse
from .textio import read_source

__all__ = ["rebuild", "rebuild_lines", "rebuild_text"]


def rebuild(
    source: str | bytes | Path,
    *,
    lang: str | None = None,
    max_bytes: int | None = None,
    pages: str | None = None,
) -> Document:
    """Rebuild the articles of one page (or of every page of a PDF / METS issue).

    ``source`` is the page text (``str``), raw bytes, or a ``Path`` to a text,
    PDF, ALTO, METS or hOCR file (told apart by suffix and first bytes).
    ``pages`` (``"1-3,5"``) selects pages of a multi-page input.
    Raises a :class:`~broadsheet.errors.BroadsheetError` for unusable input.
    """
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    if isinstance(source, Path):
        from .readers import kind_of, read

        if kind_of(source) != "text":
            result: Document = read(source, lang=lang, pages=pages, **kwargs)
            return result
    decoded = read_source(source, **kwargs)
    doc = rebuild_text(decoded.text, lang=lang, source=str(source) if isinstance(source, Path) else None)
    doc.encoding = decoded.encoding
    doc.notes.extend(decoded.notes)
    return doc


#: Most lines handled as one page.  A newspaper page extracts to well under
#: 1,500 lines (dev corpus: at most ~700); longer inputs (whole issues, files
#: with no page breaks) are cut at blank lines into parts of about this size so
#: that the page-level stages (repeat search, reflow) stay linear overall.
PAGE_MAX_LINES = 2000


def _pages(lines: list[Line]) -> list[list[Line]]:
    """Cut the lines at form feeds (page breaks), and over-long parts at blank lines."""
    parts: list[list[Line]] = [[]]
    for ln in lines:
        if ln.text == "\f":
            if parts[-1]:
                parts.append([])
            continue
        parts[-1].append(ln)
        if len(parts[-1]) >= PAGE_MAX_LINES and ln.is_blank:
            parts.append([])
        elif len(parts[-1]) >= 2 * PAGE_MAX_LINES:
            parts.append([])
    out = []
    for part in parts:
        if not part:
            continue
        if all(ln.index == i for i, ln in enumerate(part)):
            out.append(part)  # already numbered from 0: no need to copy
        else:
            out.append([Line(i, ln.start, ln.end, ln.text, bbox=ln.bbox, style=ln.style) for i, ln in enumerate(part)])
    return out


def rebuild_text(text: str, *, lang: str | None = None, source: str | None = None) -> Document:
    """Rebuild the articles of page text already decoded to ``str``."""
    text = normalize_text(text)
    lines = layout_lines(text) if may_be_laid_out(text) else None
    return rebuild_lines(text, lines if lines is not None else split_lines(text), lang=lang, source=source)


def rebuild_lines(text: str, lines: list[Line], *, lang: str | None = None, source: str | None = None) -> Document:
    """Rebuild from ``text`` already cut into ``lines`` (spans of ``text``).

    Geometric readers (PDF, ALTO, hOCR) call this with lines that carry a
    :class:`~broadsheet.model.LineStyle`; a line whose text is ``"\\f"`` is a
    page break.
    """
    page = Page(text=text, lines=lines, source=source)
    language = lang if lang in SUPPORTED_LANGUAGES else detect_language(text)
    lex = Lexicon(language)
    vocab = PageVocabulary([ln.text for ln in lines])
    doc = Document(page=page, articles=[], language=language)
    parts = _pages(lines)
    for number, part in enumerate(parts, start=1):
        first = next((ln.style for ln in part if ln.style is not None), None)
        _rebuild_part(part, lex, vocab, doc, first.page if first is not None else number)
    doc.page_count = max(1, len(parts))
    join_continuations(doc)
    return doc


def _rebuild_part(lines: list[Line], lex: Lexicon, vocab: PageVocabulary, doc: Document, number: int) -> None:
    clear_page_caches()  # per-line memos hold this part's lines only
    layout = analyse(lines, lex)
    asm = Assembler(lines, lex, vocab, layout.column_width, layout.feats)
    asm.learn_indents([seg.body for seg in layout.segments])
    articles = doc.articles
    doc_repairs = doc.repairs
    doc_repairs.extend(layout.repairs)
    for seg in layout.segments:
        art = Article(page=number)
        rep = art.repairs
        if seg.headline:
            art.headline = asm.item(seg.headline, rep, lines[seg.headline[0]].why, fused=True, display=True)
            rep.append(Repair("role", "headline", "", art.headline.text, lines[seg.headline[0]].why, art.headline.start))
        for deck in seg.decks:
            art.decks.append(asm.item(deck, rep, lines[deck[0]].why, fused=True))
            rep.append(Repair("role", "deck", "", art.decks[-1].text, lines[deck[0]].why, art.decks[-1].start))
        if seg.byline:
            item = asm.item(seg.byline, rep)
            m = BY_RE.match(item.text)
            if m:
                item = TextItem(item.text[m.end():], item.start + m.end(), item.end)
            art.byline = item
            rep.append(Repair("role", "byline", "", item.text, lines[seg.byline[0]].why, item.start))
        if seg.dateline:
            art.dateline = asm.item(seg.dateline, rep)
            rep.append(Repair("role", "dateline", "", art.dateline.text, lines[seg.dateline[0]].why, art.dateline.start))
        art.paragraphs = asm.paragraphs(seg.body, rep)
        if art.dateline is None and art.paragraphs:
            split = split_inline_dateline(art.paragraphs[0].text)
            if split is not None:
                place, rest = split
                p0 = art.paragraphs[0]
                art.dateline = TextItem(place, p0.start, p0.start + len(place), "inline dateline")
                rep.append(Repair("role", "inline-dateline", p0.text[:40], place, "capitalised place and a dash open the first paragraph", p0.start))
                p0.text = rest
        for q in seg.pull_quotes:
            art.pull_quotes.append(asm.item(q, rep, lines[q[0]].why, fused=True))
            rep.append(Repair("role", "pull-quote", "", art.pull_quotes[-1].text, lines[q[0]].why, lines[q[0]].start))
        for cap in seg.captions:
            art.captions.append(asm.item(cap, rep, lines[cap[0]].why, fused=True))
            rep.append(Repair("role", "caption", "", art.captions[-1].text, lines[cap[0]].why, lines[cap[0]].start))
        articles.append(art)
    for group in layout.furniture:
        item = asm.item(group, doc_repairs, lines[group[0]].why)
        doc.furniture.append(item)
        doc_repairs.append(Repair("role", "furniture", "", item.text, lines[group[0]].why, item.start))
    doc.unassigned.extend(asm.item([i], doc_repairs) for i in layout.unassigned)
    # lines that no stage claimed are reported, never dropped
    claimed: set[int] = set()
    for seg in layout.segments:
        claimed.update(seg.headline, seg.byline, seg.dateline, seg.body)
        for grp in seg.captions + seg.pull_quotes + seg.decks:
            claimed.update(grp)
    for grp in layout.furniture:
        claimed.update(grp)
    claimed.update(layout.unassigned)
    for ln in lines:
        if not ln.is_blank and ln.index not in claimed:
            ln.label = Label.UNASSIGNED
            doc.unassigned.append(asm.item([ln.index], doc_repairs))
