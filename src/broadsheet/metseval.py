"""How broadsheet's own segmentation of a METS issue compares with the METS articles.

The METS ARTICLE divs are taken as the reference.  Reported:

* article counts, overall and per page;
* headline matches: METS titles matched one-to-one to broadsheet headlines on
  the same page when their rapidfuzz ratio reaches :data:`HEADLINE_MATCH_RATIO`
  (both sides are OCR text, so exact equality would undercount);
* body matches: METS articles whose body broadsheet's articles share enough
  word bigrams with to be matched by :func:`broadsheet.evaluate.match_articles`;
* the evaluation scores of broadsheet's own articles with the METS document
  as gold (:func:`broadsheet.evaluate.score_sample`): word error rate of the
  bodies in article order, paragraph F1, exact headline share, article count.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .evaluate import match_articles, score_sample
from .model import Article, Document
from .readers.mets import read_mets
from .readers.ocr import rebuild_mets_both

__all__ = ["HEADLINE_MATCH_RATIO", "MetsComparison", "compare_documents", "compare_mets"]

#: A METS title and a broadsheet headline match at this rapidfuzz ratio or
#: more.  Both are OCR of the same printed line; on the BL issues the pairs
#: that are the same headline score 85-100 (differences: a leading "THE", a
#: trailing stop, OCR of the same glyphs read twice), unrelated headlines
#: below 60.
HEADLINE_MATCH_RATIO = 80.0


@dataclass
class MetsComparison:
    source: str
    pages: int
    mets_articles: int
    own_articles: int
    mets_titled: int
    headline_matches: int
    body_matches: int
    per_page: list[dict[str, int]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    score_vs_mets: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "pages": self.pages,
            "mets_articles": self.mets_articles,
            "own_articles": self.own_articles,
            "mets_titled": self.mets_titled,
            "headline_matches": self.headline_matches,
            "headline_match_share": round(self.headline_matches / self.mets_titled, 4) if self.mets_titled else None,
            "body_matches": self.body_matches,
            "body_match_share": round(self.body_matches / self.mets_articles, 4) if self.mets_articles else None,
            "headline_match_ratio": HEADLINE_MATCH_RATIO,
            "per_page": self.per_page,
            "score_vs_mets": self.score_vs_mets,
            "matches": self.matches,
            "seconds": round(self.seconds, 3),
            "seconds_per_page": round(self.seconds / self.pages, 3) if self.pages else None,
            "notes": self.notes,
        }


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _words(art: Article) -> list[list[str]]:
    return [p.text.split() for p in art.paragraphs]


def compare_documents(mets_doc: Document, own_doc: Document, *, source: str = "") -> MetsComparison:
    """Compare two segmentations of the same pages (METS articles as the reference)."""
    mets_arts = mets_doc.articles
    own_arts = own_doc.articles
    # headlines: greedy one-to-one by ratio, same page only
    pairs: list[tuple[float, int, int]] = []
    for i, m in enumerate(mets_arts):
        if m.headline is None or not m.headline.text.strip():
            continue
        for j, o in enumerate(own_arts):
            if o.headline is None or o.page != m.page:
                continue
            r = fuzz.ratio(_norm(m.headline.text), _norm(o.headline.text))
            if r >= HEADLINE_MATCH_RATIO:
                pairs.append((r, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_m: set[int] = set()
    used_o: set[int] = set()
    matches: list[dict[str, Any]] = []
    for r, i, j in pairs:
        if i in used_m or j in used_o:
            continue
        used_m.add(i)
        used_o.add(j)
        mh, oh = mets_arts[i].headline, own_arts[j].headline
        assert mh is not None and oh is not None
        matches.append({"page": mets_arts[i].page, "mets": mh.text, "own": oh.text, "ratio": round(r, 1)})
    matches.sort(key=lambda m: (m["page"], m["mets"]))
    body = match_articles([_words(a) for a in own_arts], [_words(a) for a in mets_arts])
    pages = sorted({a.page for a in mets_arts} | {a.page for a in own_arts})
    per_page = [
        {
            "page": p,
            "mets": sum(1 for a in mets_arts if a.page == p),
            "own": sum(1 for a in own_arts if a.page == p),
        }
        for p in pages
    ]
    score = score_sample(own_doc.to_dict(offsets=False), mets_doc.to_dict(offsets=False)).metrics()
    score.pop("samples", None)
    return MetsComparison(
        source=source,
        pages=mets_doc.page_count,
        mets_articles=len(mets_arts),
        own_articles=len(own_arts),
        mets_titled=sum(1 for a in mets_arts if a.headline is not None and a.headline.text.strip()),
        headline_matches=len(matches),
        body_matches=len(body),
        per_page=per_page,
        matches=matches,
        score_vs_mets={k: round(v, 4) for k, v in score.items()},
    )


def compare_mets(
    path: Path, *, lang: str | None = None, pages: str | None = None, max_bytes: int | None = None
) -> MetsComparison:
    """Rebuild a METS issue both ways and compare (raises B106 when the METS has no ARTICLE divs)."""
    from .errors import UnsupportedInputError

    t0 = time.perf_counter()
    issue = read_mets(path, max_bytes=max_bytes)
    mets_doc, own_doc = rebuild_mets_both(issue, lang=lang, pages=pages, max_bytes=max_bytes)
    if mets_doc is None or own_doc is None:
        raise UnsupportedInputError(
            "the METS has no ARTICLE divs linked to ALTO areas: nothing to compare", source=str(path)
        )
    result = compare_documents(mets_doc, own_doc, source=str(path))
    result.seconds = time.perf_counter() - t0
    result.notes = [n for n in mets_doc.notes if not n.startswith("OCR word confidence")]
    return result
