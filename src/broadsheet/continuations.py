"""Join articles that jump to another page of the same document.

A story that does not fit its page ends with a jump line (``Continued on page
5``, ``See QWEST, page A17``) and goes on elsewhere after a matching line
(``Continued from page 1``), often under a short jump headline.  Each page is
rebuilt on its own first; this stage then pairs the jump lines found in the
furniture and moves the continuation into the article it continues.

Evidence, strongest first: the two jump lines name each other's pages; or the
out-jump names a page and a slug word that the continuation's jump line or
headline repeats.  A continuation is taken from the article it lies in: from
the in-jump line on (an article that starts right after the line is taken
whole; one whose body runs past the line is split there).  Its jump headline
goes to the furniture.  Nothing is joined on guesswork: an out-jump whose
continuation cannot be found stays a furniture line and the article stays
where it is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .furniture import FOLIO_RE, NEXT_PAGE_JUMP_RE, PAGE_WORD
from .model import Article, Document, Repair, TextItem

__all__ = ["join_continuations", "parse_jump"]

#: A paragraph of at most this many words, with no sentence end, right over a
#: continuation's jump line is its jump headline (``BRIDGE``, ``Qwest bid``).
JUMP_HEAD_MAX_WORDS = 5
NEXT_PAGE = "+1"
_ENDS = (".", "!", "?", ":", ";", "\"", "”", "’")

_PAGE = PAGE_WORD + r"\s*(?P<page>[A-Z]?\d{1,3})\b"
_OUT_RE = re.compile(
    r"^\(?(?P<slug>[A-Z][\w'’-]*\s+)?(?:(?:continued|cont(?:inued|'d|\.)?)\s+on|see|turn to|"
    r"suite en|fortsetzung auf|segue a|continúa en|continua en|seguito a)\b[^0-9]{0,40}?" + _PAGE,
    re.IGNORECASE,
)
_IN_RE = re.compile(
    r"^\(?(?P<slug>[A-Z][\w'’-]*\s+)?(?:(?:continued|cont(?:inued|'d|\.)?)\s+from|from|suite de|fortsetzung von|"
    r"segue da|viene de)\b[^0-9]{0,40}?" + _PAGE,
    re.IGNORECASE,
)
_FOLIO_NUMBER_RE = re.compile(r"[A-Z]?\d{1,3}")
_SLUG_IN_SEE_RE = re.compile(r"^\(?see\s+(?P<slug>[A-Z][\w'’-]+)\s*,", re.IGNORECASE)


@dataclass(frozen=True)
class Jump:
    """A jump line: ``out`` (the story goes on at ``page``) or in (it came from ``page``)."""

    out: bool
    page: str
    slug: str | None


def parse_jump(text: str) -> Jump | None:
    """The direction, page and slug word of a jump line, or ``None``.  A jump
    to the next page (``Continued overleaf``) has page ``"+1"``."""
    s = " ".join(text.split())
    if NEXT_PAGE_JUMP_RE.match(s):
        return Jump(True, NEXT_PAGE, None)
    m = _OUT_RE.match(s)
    if m:
        slug = m.group("slug")
        see = _SLUG_IN_SEE_RE.match(s)
        if see:
            slug = see.group("slug")
        return Jump(True, m.group("page").upper(), _norm_slug(slug))
    m = _IN_RE.match(s)
    if m:
        return Jump(False, m.group("page").upper(), _norm_slug(m.group("slug")))
    return None


def _norm_slug(slug: str | None) -> str | None:
    if not slug:
        return None
    word = slug.strip().strip("(").lower()
    return word if word not in {"continued", "cont", "cont.", "cont'd", "see", "from", "turn"} else None


def _page_names(doc: Document, furniture_pages: list[int]) -> dict[int, set[str]]:
    """What each page may be called in a jump line: its number in the file,
    and a printed folio (a furniture item that is only a page number)."""
    names: dict[int, set[str]] = {}
    for art in doc.articles:
        names.setdefault(art.page, {str(art.page)})
    for item, page in zip(doc.furniture, furniture_pages, strict=True):
        names.setdefault(page, {str(page)})
        folio = item.text.strip()
        if FOLIO_RE.match(folio):
            number = _FOLIO_NUMBER_RE.search(folio.upper())
            if number:
                names[page].add(number.group(0))
    return names


def _pages_at(doc: Document, offsets: list[int]) -> list[int]:
    """The page number at each offset: lines carry it where geometry exists;
    in text the pages are the parts between form feeds."""
    spans = [(ln.start, max(ln.end, ln.start + 1), ln.style.page) for ln in doc.page.lines if ln.style is not None]
    starts = [start for start, _, _ in spans]
    text = doc.page.text
    feeds: list[int] = []  # offsets of the form feeds, found once (not counted again for every offset)
    i = text.find("\f")
    while i >= 0:
        feeds.append(i)
        i = text.find("\f", i + 1)
    out = []
    for offset in offsets:
        k = bisect_right(starts, offset) - 1
        if k >= 0 and offset < spans[k][1]:
            out.append(spans[k][2])
        else:
            out.append(1 + bisect_left(feeds, offset))  # the form feeds before ``offset``
    return out


def _article_before(doc: Document, page: int, offset: int) -> Article | None:
    """The article whose text ends last before ``offset`` on ``page``."""
    best: Article | None = None
    best_end = -1
    for art in doc.articles:
        if art.page != page or not art.paragraphs:
            continue
        ends = [p.end for p in art.paragraphs if p.end <= offset]
        if ends and max(ends) > best_end:
            best, best_end = art, max(ends)
    return best


def _continuation_at(doc: Document, page: int, offset: int) -> tuple[Article, int] | None:
    """The article holding text right after ``offset`` on ``page``, and the
    index of its first paragraph after the offset."""
    best: tuple[Article, int] | None = None
    best_start = -1
    for art in doc.articles:
        if art.page != page:
            continue
        for k, p in enumerate(art.paragraphs):
            if p.start > offset:
                if best is None or p.start < best_start:
                    best, best_start = (art, k), p.start
                break
    return best


def join_continuations(doc: Document) -> None:
    """Move every continuation found into the article it continues (in place)."""
    pages = {art.page for art in doc.articles}
    if len(pages) < 2:
        return
    furniture_pages = _pages_at(doc, [item.start for item in doc.furniture])
    names = _page_names(doc, furniture_pages)
    jumps: list[tuple[Jump, TextItem, int]] = []
    for item, page in zip(doc.furniture, furniture_pages, strict=True):
        jump = parse_jump(item.text)
        if jump is not None:
            jumps.append((jump, item, page))
    ins = [(j, item, page) for j, item, page in jumps if not j.out]
    used: set[int] = set()
    for out, out_item, out_page in (x for x in jumps if x[0].out):
        source = _article_before(doc, out_page, out_item.start)
        if source is None:
            continue
        target = _find_target(doc, out, out_page, names, ins, used)
        if target is None:
            continue
        cont, first, why, in_start = target
        if cont is source:
            continue
        moved = cont.paragraphs[first:]
        if first == 0:
            doc.articles.remove(cont)
            head = cont.headline
            if head is not None:
                doc.furniture.append(TextItem(head.text, head.start, head.end, "jump headline"))
                why_head = "headline over a continued story"
                doc.repairs.append(Repair("continuation", "jump-headline", "", head.text, why_head, head.start))
            source.pull_quotes.extend(cont.pull_quotes)
            source.captions.extend(cont.captions)
            source.decks.extend(cont.decks)
            doc.furniture.extend(x for x in (cont.byline, cont.dateline) if x is not None)
            source.repairs.extend(cont.repairs)
        else:
            del cont.paragraphs[first:]
            last = cont.paragraphs[-1] if cont.paragraphs else None
            short = last is not None and len(last.text.split()) <= JUMP_HEAD_MAX_WORDS
            if last is not None and short and not last.text.rstrip().endswith(_ENDS):
                # a short line with no sentence end right over the jump line: its jump headline
                cont.paragraphs.pop()
                doc.furniture.append(TextItem(last.text, last.start, last.end, "jump headline"))
                doc.repairs.append(
                    Repair("continuation", "jump-headline", "", last.text, "short line over a continuation", last.start)
                )
        source.paragraphs.extend(moved)
        source.pages = sorted({*(source.pages or [source.page]), cont.page})
        doc.repairs.append(
            Repair(
                "continuation",
                "join",
                out_item.text,
                f"{len(moved)} paragraphs from page {cont.page}",
                why,
                in_start,
            )
        )


def _find_target(
    doc: Document,
    out: Jump,
    out_page: int,
    names: dict[int, set[str]],
    ins: list[tuple[Jump, TextItem, int]],
    used: set[int],
) -> tuple[Article, int, str, int] | None:
    """Where the story of out-jump ``out`` (on ``out_page``) goes on."""
    if out.page == NEXT_PAGE:
        targets = [out_page + 1]
    else:
        targets = [p for p, called in names.items() if out.page in called and p != out_page]
    for n, (jump, item, page) in enumerate(ins):
        if n in used or page not in targets:
            continue
        back = jump.page in names.get(out_page, set())
        same_slug = out.slug is not None and jump.slug == out.slug
        if not (back or same_slug):
            continue
        found = _continuation_at(doc, page, item.end)
        if found is None:
            continue
        used.add(n)
        evidence = "the jump lines name each other's pages" if back else f"both jump lines carry the slug {out.slug!r}"
        return found[0], found[1], f"'{item.text}' on page {page}: {evidence}", item.start
    if out.page == NEXT_PAGE:
        # no line says where it comes from: the next page must open with text
        # under no headline of its own
        opening = min((a for a in doc.articles if a.page == out_page + 1), key=lambda a: a.start, default=None)
        if opening is not None and opening.headline is None and opening.paragraphs:
            return opening, 0, f"page {opening.page} opens with text under no headline", opening.start
        return None
    if out.slug is None:
        return None
    for art in doc.articles:
        if art.page in targets and art.headline is not None and out.slug in art.headline.text.lower().split():
            return art, 0, f"a headline on page {art.page} carries the slug {out.slug!r}", art.headline.start
    return None
