"""Rebuild OCR files: ALTO pages, METS issues (with their ALTO pages) and hOCR.

:func:`rebuild_ocr` is what :func:`broadsheet.readers.read` calls for the
``alto``, ``mets`` and ``hocr`` kinds.

A METS issue whose logical structMap has ``ARTICLE`` divs is segmented by
them: each article's ALTO lines (in the order of its areas) go through the text
engine on their own (so hyphen joins, paragraphs, bylines and datelines are
found as usual) and come out as ONE article, headed by the METS title.  Other
content divs (``ADVERT`` ...) become furniture; lines that no div claims are
rebuilt by the engine and reported as furniture or unassigned text, so nothing
is lost.  Without ARTICLE divs (or with ``use_mets_articles=False``) the pages
are segmented by broadsheet's own logic, as a single ALTO page is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ..engine import rebuild_lines
from ..errors import EmptyInputError, UnsupportedInputError
from ..geometry import GeoLine, GeoPage, rebuild_pages, serialise
from ..lexicon import SUPPORTED_LANGUAGES, detect_language
from ..model import LOW_CONFIDENCE, Article, Document, Line, Page, Paragraph, Repair, TextItem
from . import parse_page_spec
from .alto import AltoPage, read_alto
from .hocr import read_hocr
from .mets import Area, MetsArticle, MetsIssue, read_mets

__all__ = ["TITLE_MATCH_RATIO", "parse_page_spec", "rebuild_mets", "rebuild_mets_both", "rebuild_ocr"]

#: A printed line (or run of lines) at the top of a METS article is the METS
#: title when their rapidfuzz ratio reaches this.  METS titles of BL issues are
#: the OCR of the printed headline, sometimes cut or re-punctuated
#: ("COMMUTATION 011 TITO'S."); 80 accepted every title checked by eye on the
#: two BL issues and no body line.
TITLE_MATCH_RATIO = 80.0
#: How many leading items of an article are searched for its printed title.
TITLE_SEARCH_ITEMS = 4


def rebuild_ocr(
    path: Path,
    *,
    kind: str,
    lang: str | None = None,
    pages: str | None = None,
    max_bytes: int | None = None,
    use_mets_articles: bool = True,
) -> Document:
    """Rebuild an ALTO page, a METS issue or an hOCR file."""
    source = str(path)
    notes: list[str] = []
    if kind == "alto":
        ap = read_alto(path, number=1, max_bytes=max_bytes)
        parse_page_spec(pages, 1)
        notes += ap.notes
        geo = [ap.page]
        _check_text(geo, source)
        doc = rebuild_pages(geo, lang=lang, source=source)
    elif kind == "hocr":
        all_pages = read_hocr(path, max_bytes=max_bytes)
        geo = [all_pages[i] for i in parse_page_spec(pages, len(all_pages))]
        _check_text(geo, source)
        doc = rebuild_pages(geo, lang=lang, source=source)
    elif kind == "mets":
        issue = read_mets(path, max_bytes=max_bytes)
        return rebuild_mets(issue, lang=lang, pages=pages, max_bytes=max_bytes, use_mets_articles=use_mets_articles)
    else:
        raise UnsupportedInputError(f"not an OCR kind: {kind!r}", source=source)
    doc.notes.extend(notes)
    _confidence_note(doc)
    return doc


def _confidence_note(doc: Document) -> None:
    confs = doc.word_confidences
    if not confs:
        return
    low = sum(1 for _, _, c in confs if c < LOW_CONFIDENCE)
    mean = sum(c for _, _, c in confs) / len(confs)
    doc.notes.append(
        f"OCR word confidence: mean {mean:.2f} over {len(confs)} words; {low} below {LOW_CONFIDENCE} "
        "(left as printed; listed under 'ocr' in the JSON output)"
    )


def _check_text(geo: Sequence[GeoPage], source: str) -> None:
    if not any(gl.words for page in geo for gl in page.lines):
        raise EmptyInputError("the OCR file has no words on the pages read", source=source)


@dataclass
class _IssuePages:
    pages: list[AltoPage]
    by_file: dict[str, AltoPage]


def _read_issue_pages(issue: MetsIssue, pages: str | None, max_bytes: int | None) -> _IssuePages:
    chosen = [issue.pages[i] for i in parse_page_spec(pages, len(issue.pages))]
    out: list[AltoPage] = []
    by_file: dict[str, AltoPage] = {}
    for mp in chosen:
        ap = read_alto(mp.path, number=mp.order, max_bytes=max_bytes)
        out.append(ap)
        by_file[mp.file_id] = ap
    return _IssuePages(out, by_file)


def rebuild_mets(
    issue: MetsIssue,
    *,
    lang: str | None = None,
    pages: str | None = None,
    max_bytes: int | None = None,
    use_mets_articles: bool = True,
) -> Document:
    """Rebuild the pages of a METS issue, segmented by its ARTICLE divs when it has them."""
    mets_doc, own_doc = rebuild_mets_both(
        issue, lang=lang, pages=pages, max_bytes=max_bytes, mets=use_mets_articles, own=not use_mets_articles
    )
    doc = mets_doc if mets_doc is not None else own_doc
    assert doc is not None
    return doc


def rebuild_mets_both(
    issue: MetsIssue,
    *,
    lang: str | None = None,
    pages: str | None = None,
    max_bytes: int | None = None,
    mets: bool = True,
    own: bool = True,
) -> tuple[Document | None, Document | None]:
    """The issue segmented by its METS ARTICLE divs and by broadsheet's own logic (pages read once).

    The METS document is None when ``mets`` is False or the METS has no ARTICLE
    divs with areas (then the own document is always built).
    """
    source = str(issue.path)
    read = _read_issue_pages(issue, pages, max_bytes)
    geo = [ap.page for ap in read.pages]
    _check_text(geo, source)
    divs = [d for d in issue.articles if d.areas]
    n_art = sum(d.type == "ARTICLE" for d in divs)
    mets_doc: Document | None = None
    own_doc: Document | None = None
    if mets and n_art:
        mets_doc = _mets_document(divs, read, lang=lang, source=source)
        mets_doc.notes.append(f"articles from the METS logical structMap ({n_art} ARTICLE divs)")
    if own or mets_doc is None:
        own_doc = rebuild_pages(geo, lang=lang, source=source)
        own_doc.notes.append(
            "articles found by broadsheet's own segmentation"
            + ("" if n_art else " (the METS has no ARTICLE divs)")
        )
    for doc in (mets_doc, own_doc):
        if doc is None:
            continue
        doc.notes.extend(issue.notes)
        for ap in read.pages:
            doc.notes.extend(f"page {ap.page.number}: {n}" for n in ap.notes)
        _confidence_note(doc)
    return mets_doc, own_doc


# --------------------------------------------------------------------------
# METS articles


def _area_lines(ap: AltoPage, area: Area, pos: dict[int, int]) -> list[GeoLine]:
    first = ap.ids.get(area.begin)
    last = ap.ids.get(area.end) if area.end else first
    if not first or not last:
        return []
    lo, hi = pos[id(first[0])], pos[id(last[-1])]
    if hi < lo:
        lo, hi = hi, lo
    return ap.file_lines[lo : hi + 1]


def _with_blanks(indices: list[int], lines: list[Line]) -> list[Line]:
    """The lines at ``indices``, with a blank line wherever the selection skips or the page had one."""
    out: list[Line] = []
    prev: int | None = None
    for i in indices:
        if prev is not None and i != prev + 1:
            before = lines[i - 1] if i > 0 else None
            if before is not None and before.is_blank and before.text != "\f":
                out.append(before)
            else:
                ln = lines[i]
                out.append(Line(0, ln.start, ln.start, ""))
        elif prev is not None and lines[i - 1].is_blank:
            out.append(lines[i - 1])
        out.append(lines[i])
        prev = i
    return out


def _mets_document(divs: list[MetsArticle], read: _IssuePages, *, lang: str | None, source: str) -> Document:
    geo = [ap.page for ap in read.pages]
    text, lines, confs = serialise(geo)
    styled = iter(i for i, ln in enumerate(lines) if ln.style is not None)
    serial: dict[int, int] = {}
    for page in geo:
        for gl in page.lines:
            serial[id(gl)] = next(styled)
    positions = {id(ap): {id(gl): k for k, gl in enumerate(ap.file_lines)} for ap in read.pages}
    language = lang if lang in SUPPORTED_LANGUAGES else detect_language(text)
    doc = Document(page=Page(text=text, lines=lines, source=source), articles=[], language=language)
    doc.word_confidences = confs
    doc.page_count = len(geo)

    claimed: set[int] = set()
    for div in divs:
        idx: list[int] = []
        for area in div.areas:
            ap = read.by_file.get(area.file_id)
            if ap is None:
                continue  # a page not selected
            for gl in _area_lines(ap, area, positions[id(ap)]):
                k = serial[id(gl)]
                if k not in claimed:
                    claimed.add(k)
                    idx.append(k)
        if not idx:
            continue
        first_style = lines[idx[0]].style
        page_no = first_style.page if first_style is not None else 1
        title_lines = _title_lines(div, idx, lines) if div.type == "ARTICLE" else 0
        body = idx[title_lines:]
        if body:
            sub = rebuild_lines(text, _with_blanks(body, lines), lang=language, source=source)
        else:
            sub = Document(page=doc.page, articles=[], language=language)
        if div.type == "ARTICLE":
            art = _merge(sub, div, page_no)
            if title_lines and div.title:
                # the headline is the title as printed (the METS title is OCR of
                # the same line, sometimes trimmed: "STATESMAN" for "THE STATESMAN")
                first, last = lines[idx[0]], lines[idx[title_lines - 1]]
                printed = " ".join(" ".join(lines[i].text.split()) for i in idx[:title_lines]).replace("\u00ad ", "")
                why = f"METS title of {div.id} ({div.title!r}), printed here"
                art.headline = TextItem(printed, first.start, last.end, why)
            doc.articles.append(art)
        else:
            why = f"METS {div.type} {div.id}"
            for item in _all_items(sub):
                doc.furniture.append(TextItem(item.text, item.start, item.end, why))
            doc.repairs.extend(sub.all_repairs())
    # lines no div claims: the engine's view of them, as furniture or unassigned text
    rest = [i for i, ln in enumerate(lines) if ln.style is not None and not ln.is_blank and i not in claimed]
    by_page: dict[int, list[int]] = {}
    for i in rest:
        style = lines[i].style
        by_page.setdefault(style.page if style is not None else 0, []).append(i)
    for idx in by_page.values():
        sub = rebuild_lines(text, _with_blanks(idx, lines), lang=language, source=source)
        doc.furniture.extend(sub.furniture)
        doc.unassigned.extend(sub.unassigned)
        for art in sub.articles:
            doc.unassigned.extend(_article_items(art))
        doc.repairs.extend(sub.all_repairs())
    return doc


def _title_lines(div: MetsArticle, idx: list[int], lines: list[Line]) -> int:
    """How many of the article's first lines print its METS title (0 when none do)."""
    if not div.title:
        return 0
    want = _norm(div.title)
    best, best_n = 0.0, 0
    for n in range(1, min(TITLE_SEARCH_ITEMS, len(idx)) + 1):
        joined = _norm(" ".join(lines[i].text for i in idx[:n]))
        score = fuzz.ratio(joined, want)
        if score > best:
            best, best_n = score, n
    return best_n if best >= TITLE_MATCH_RATIO else 0


def _article_items(art: Article) -> list[TextItem]:
    items: list[TextItem] = []
    for it in (art.headline, art.byline, art.dateline):
        if it is not None:
            items.append(it)
    items += art.decks + art.captions + art.pull_quotes
    items += [TextItem(p.text, p.start, p.end, "paragraph") for p in art.paragraphs]
    return sorted(items, key=lambda t: t.start)


def _all_items(doc: Document) -> list[TextItem]:
    items = [it for art in doc.articles for it in _article_items(art)]
    items += doc.furniture + doc.unassigned
    return sorted(items, key=lambda t: t.start)


def _merge(sub: Document, div: MetsArticle, page: int) -> Article:
    """One article from everything the engine made of a METS article's lines."""
    art = Article(page=page)
    # (start, kind, item) for everything, in page order
    entries: list[tuple[int, str, TextItem]] = []
    for a in sub.articles:
        if a.headline is not None:
            entries.append((a.headline.start, "headline", a.headline))
        for d in a.decks:
            entries.append((d.start, "deck", d))
        if a.byline is not None:
            entries.append((a.byline.start, "byline", a.byline))
        if a.dateline is not None:
            entries.append((a.dateline.start, "dateline", a.dateline))
        for p in a.paragraphs:
            entries.append((p.start, "paragraph", TextItem(p.text, p.start, p.end)))
        for q in a.pull_quotes:
            entries.append((q.start, "pull_quote", q))
        for c in a.captions:
            entries.append((c.start, "caption", c))
        art.repairs.extend(a.repairs)
    for f in sub.furniture + sub.unassigned:
        entries.append((f.start, "paragraph", f))
    art.repairs.extend(sub.repairs)
    entries.sort(key=lambda e: (e[0], e[1] != "headline"))

    head_at: int | None = None
    if div.title:
        for k, (_, _, item) in enumerate(entries[:TITLE_SEARCH_ITEMS]):
            if fuzz.ratio(_norm(item.text), _norm(div.title)) >= TITLE_MATCH_RATIO:
                head_at = k
                break
        if head_at is not None:
            item = entries[head_at][2]
            why = f"METS title of {div.id} ({div.title!r}), printed here"
            art.headline = TextItem(item.text, item.start, item.end, why)
        else:
            start = entries[0][0] if entries else 0
            why = f"METS title of {div.id} (not found among the printed lines)"
            art.headline = TextItem(div.title, start, start, why)
    elif entries and entries[0][1] == "headline":
        head_at = 0
        art.headline = entries[0][2]
    where = art.headline.start if art.headline else None
    why = f"METS logical structMap ARTICLE div {div.id}"
    art.repairs.append(Repair("role", "mets-article", "", div.title or "", why, where))
    for k, (_, kind, item) in enumerate(entries):
        if k == head_at:
            continue
        if kind == "byline" and art.byline is None:
            art.byline = item
        elif kind == "dateline" and art.dateline is None:
            art.dateline = item
        elif kind == "deck" and not art.paragraphs:
            art.decks.append(item)
        elif kind == "caption":
            art.captions.append(item)
        elif kind == "pull_quote":
            art.pull_quotes.append(item)
        else:
            art.paragraphs.append(Paragraph(item.text, item.start, item.end))
    return art


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
