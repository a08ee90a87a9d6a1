"""Nothing-lost audit: every word character of the input is somewhere in the output."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Document

_BY_RE = re.compile(r"\b(?:by|von|par|di|por|de)\s*$", re.IGNORECASE)


def word_chars(text: str) -> Counter[str]:
    """Multiset of word characters (letters, digits, underscore)."""
    return Counter(ch for ch in text if ch.isalnum() or ch == "_")


def output_texts(doc: Document) -> list[str]:
    out: list[str] = []
    for a in doc.articles:
        for item in (a.headline, a.byline, a.dateline):
            if item is not None:
                out.append(item.text)
        out.extend(d.text for d in a.decks)
        out.extend(p.text for p in a.paragraphs)
        out.extend(q.text for q in a.pull_quotes)
        out.extend(c.text for c in a.captions)
    out.extend(f.text for f in doc.furniture)
    out.extend(u.text for u in doc.unassigned)
    return out


@dataclass(frozen=True)
class AuditResult:
    missing: Counter[str]
    extra: Counter[str]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra


def audit(doc: Document) -> AuditResult:
    """Compare the input's word characters with the output's.

    A byline's leading "By" may be dropped (FORMAT.md), so up to that many
    letters are forgiven per byline.
    """
    src = word_chars(doc.page.text)
    dst = word_chars("".join(output_texts(doc)))
    missing = src - dst
    extra = dst - src
    for a in doc.articles:
        if a.byline is None:
            continue
        raw = doc.page.text[max(0, a.byline.start - 6) : a.byline.start]
        m = _BY_RE.search(raw)
        if m:
            for ch in m.group(0).strip():
                if missing[ch] > 0:
                    missing[ch] -= 1
    missing = +missing
    return AuditResult(missing, extra)
