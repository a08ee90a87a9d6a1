"""Roles of lines and the split of a page into articles (text mode).

Two passes, as jusText does for web pages: first every line gets a label from
its own text (furniture patterns, byline shape, case), then labels are revised
from the neighbours (a headline is what stands before a byline or a body start,
a caption is what interrupts a sentence, a tiny "article" is an advert box).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .duplicates import find_pull_quotes
from .furniture import furniture_kind
from .lines import LineFeatures, features
from .model import Label, Line, Repair

# ---------------------------------------------------------------------------
# Named thresholds.  Each was calibrated on the dev corpus (60 pages x 4
# extractors) by sweeping it and keeping the value that gave the best
# head/artcount/wer there, then checked on the project's own generated pages.
# ---------------------------------------------------------------------------

#: A headline scores at least this much (see :func:`_headline_score`).
HEADLINE_MIN_SCORE = 2.0
#: Longest headline, in lines and in words.
HEADLINE_MAX_LINES = 4
HEADLINE_MAX_WORDS = 24
#: A line this much wider than the page's body column spans columns.
WIDE_RATIO = 1.3
#: An "article" with fewer body words than this and no byline is a box or an
#: advert, not a story.  Dev adverts have <= 16 words; the shortest story 60.
MIN_ARTICLE_WORDS = 25
#: Lines following an advertisement label that belong to the advert.
AD_MAX_LINES = 5
#: Captions: a line this much wider than the column, or up to this many lines.
CAPTION_WIDE_RATIO = 1.5
CAPTION_MAX_LINES = 3
#: Bylines and datelines are short.
BYLINE_MAX_WORDS = 8
DATELINE_MAX_WORDS = 4

BY_RE = re.compile(r"^(?:by|von|par|di|por|de)\s+(?=\S)", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|and|und|et|e|y|de|da|di|del|van|von|der|le|la|&)$")
_ORG_SUFFIX = re.compile(r",\s*[\w .&'’-]+$")
DATELINE_LINE_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’-]{1,30}(?:,\s*[A-Z][\w.]{1,12}\.?)?$")
CREDIT_RE = re.compile(
    r"(?:\((?:file )?(?:photo|picture|image|foto)[^)]*\)|\b(?:photo|photograph|picture|image|credit|foto|bild)\s*:\s*\S+.*"
    r"|\b(?:getty images|afp|reuters|ap photo|epa)\s*$)",
    re.IGNORECASE,
)


@dataclass
class Segment:
    """One article's lines, by role (indices into the page's lines)."""

    headline: list[int] = field(default_factory=list)
    decks: list[list[int]] = field(default_factory=list)
    byline: list[int] = field(default_factory=list)
    dateline: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    captions: list[list[int]] = field(default_factory=list)
    pull_quotes: list[list[int]] = field(default_factory=list)


@dataclass
class Layout:
    segments: list[Segment]
    furniture: list[list[int]]
    unassigned: list[int]
    repairs: list[Repair]
    column_width: float


def _is_byline_text(s: str) -> bool:
    s = " ".join(s.split())
    if not BY_RE.match(s):
        return False
    rest = BY_RE.sub("", s)
    words = rest.split()
    return 1 <= len(words) <= BYLINE_MAX_WORDS and rest[:1].isupper() and not rest.endswith((".", "!", "?")) or (
        bool(words) and len(words) <= BYLINE_MAX_WORDS and rest.endswith(".") and len(words[-1]) <= 3
    )


def _is_name_line(s: str) -> bool:
    """'Jane Doe', 'Douglas Learmond, Reuters', 'Staff Reporter'."""
    s = " ".join(s.split())
    if not s or s.endswith((".", "!", "?", ":", ";", ",")) or any(c.isdigit() for c in s):
        return False
    core = _ORG_SUFFIX.sub("", s)
    words = core.split()
    if not 2 <= len(words) <= 5:
        return False
    if not words[0][:1].isupper():
        return False
    if all(w.isupper() for w in words if w.isalpha()):
        return False  # all caps: a dateline or a kicker, not a name
    return all(_NAME_WORD.match(w) for w in words)


def _is_dateline_line(s: str) -> bool:
    s = " ".join(s.split())
    if not s or len(s.split()) > DATELINE_MAX_WORDS:
        return False
    return bool(DATELINE_LINE_RE.match(s)) and sum(c.isalpha() for c in s) >= 3


def column_width(lines: list[Line], feats: list[LineFeatures], labels: list[Label]) -> float:
    """Typical width of body lines: lines that run on into a lower-case line."""
    widths = [
        feats[i].width
        for i in range(len(lines) - 1)
        if labels[i] == Label.UNASSIGNED
        and feats[i].words >= 3
        and not lines[i + 1].is_blank
        and feats[i + 1].starts_lower
        and not feats[i].ends_sentence
    ]
    if len(widths) < 5:
        widths = [f.width for f, lab in zip(feats, labels, strict=True) if lab == Label.UNASSIGNED and f.words >= 3]
    return float(statistics.median(widths)) if widths else 40.0


class _Ctx:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.feats = [features(ln) for ln in lines]
        self.labels = [Label.BLANK if ln.is_blank else Label.UNASSIGNED for ln in lines]
        self.why = ["" for _ in lines]
        self.repairs: list[Repair] = []
        self.W = 40.0

    def set(self, i: int, label: Label, why: str) -> None:
        self.labels[i] = label
        self.why[i] = why

    def content(self, i: int, step: int) -> int | None:
        """Next line from ``i`` (exclusive) in direction ``step`` that is not blank."""
        j = i + step
        while 0 <= j < len(self.lines):
            if self.labels[j] != Label.BLANK:
                return j
            j += step
        return None

    def next_open(self, i: int, step: int = 1) -> int | None:
        """Next non-blank line that is still unassigned or body-like (skips furniture, quotes)."""
        j = i + step
        while 0 <= j < len(self.lines):
            if self.labels[j] in (Label.UNASSIGNED, Label.BODY, Label.HEADLINE, Label.BYLINE, Label.DATELINE):
                return j
            j += step
        return None

    def blank_between(self, i: int, j: int) -> bool:
        lo, hi = min(i, j), max(i, j)
        return any(self.lines[k].is_blank for k in range(lo + 1, hi))


def _mark_furniture(c: _Ctx) -> None:
    n = len(c.lines)
    i = 0
    while i < n:
        if c.labels[i] != Label.UNASSIGNED:
            i += 1
            continue
        kind = furniture_kind(c.lines[i].text)
        if kind == "folio" and not c.lines[i].stripped.lower().startswith(("p", "s")):
            # a bare number is a folio only where it stands apart
            prev = c.content(i, -1)
            nxt = c.content(i, 1)
            apart = (
                prev is None
                or nxt is None
                or c.feats[prev].ends_sentence
                or (c.blank_between(prev, i) and c.blank_between(i, nxt))
            )
            if not apart:
                kind = None
        if kind:
            c.set(i, Label.FURNITURE, f"{kind} pattern")
            if kind == "ad-label":
                j = i + 1
                taken = 0
                while j < n and taken < AD_MAX_LINES:
                    if c.lines[j].is_blank:
                        if taken:
                            break
                        j += 1
                        continue
                    if c.feats[j].words > 12 or c.labels[j] != Label.UNASSIGNED:
                        break
                    c.set(j, Label.FURNITURE, "text of the advertisement labelled above")
                    taken += 1
                    j += 1
                i = j
                continue
        i += 1


def _mark_pull_quotes(c: _Ctx) -> list[list[int]]:
    usable = [lab == Label.UNASSIGNED for lab in c.labels]
    runs = find_pull_quotes(c.lines, usable)
    out = []
    for run in runs:
        for k in run.lines:
            c.set(k, Label.PULL_QUOTE, run.why)
        out.append(run.lines)
    return out


def _headline_run(c: _Ctx, i: int) -> list[int]:
    """Lines from ``i`` that read as one headline (before a byline, deck or body start)."""
    run = [i]
    words = c.feats[i].words
    caps = c.feats[i].all_caps
    j = i
    while len(run) < HEADLINE_MAX_LINES:
        nxt = c.content(j, 1)
        if nxt is None or c.labels[nxt] != Label.UNASSIGNED:
            break
        f = c.feats[nxt]
        if _is_byline_text(c.lines[nxt].text) or (f.ends_sentence and not caps):
            break
        if caps and not f.all_caps:
            break
        if not caps and f.all_caps and f.words <= DATELINE_MAX_WORDS:
            break
        if c.blank_between(j, nxt) and not caps:
            break
        if f.starts_lower and f.words > 3:
            break
        # the line after must not run on from this one in lower case
        after = c.content(nxt, 1)
        if after is not None and c.feats[after].starts_lower and not c.feats[nxt].all_caps:
            break
        if words + f.words > HEADLINE_MAX_WORDS:
            break
        if f.ends_sentence:
            break
        run.append(nxt)
        words += f.words
        j = nxt
    return run


def _headline_score(c: _Ctx, run: list[int]) -> tuple[float, list[str]]:
    why: list[str] = []
    score = 0.0
    first, last = run[0], run[-1]
    feats = [c.feats[k] for k in run]
    words = sum(f.words for f in feats)
    text = " ".join(c.lines[k].stripped for k in run)
    if words > HEADLINE_MAX_WORDS or words < 1:
        return -9.0, ["too long"]
    if any(f.ends_sentence and c.lines[k].stripped.endswith(".") for f, k in zip(feats, run, strict=True)):
        return -9.0, ["ends a sentence"]
    if c.lines[last].stripped.endswith((",", ";")):
        return -9.0, ["ends with a comma"]
    prev = c.next_open(first, -1)
    nxt = c.next_open(last, 1)
    if nxt is None:
        return -9.0, ["nothing follows"]
    if c.feats[nxt].starts_lower:
        return -9.0, ["next line runs on in lower case"]
    if prev is not None and not c.feats[prev].ends_sentence and c.labels[prev] != Label.FURNITURE:
        gap = c.blank_between(prev, first)
        if not gap:
            score -= 2.0
            why.append("previous line runs on")
        else:
            score -= 1.0
            why.append("previous line does not end a sentence")
    else:
        score += 1.0
        why.append("stands after a sentence end or page top")
    # what follows: byline / dateline / a paragraph
    follow = nxt
    if c.labels[follow] == Label.UNASSIGNED and (
        _is_byline_text(c.lines[follow].text)
        or _is_name_line(c.lines[follow].text)
        or _is_dateline_line(c.lines[follow].text)
    ):
        score += 2.5
        why.append("a byline or dateline follows")
    if all(f.all_caps for f in feats) and words >= 2:
        score += 2.0
        why.append("all capitals")
    elif sum(f.title for f in feats) / len(feats) >= 0.7 and words >= 2:
        score += 1.0
        why.append("title case")
    if max(f.width for f in feats) > WIDE_RATIO * c.W:
        score += 1.0
        why.append(f"wider than the column ({max(f.width for f in feats)} vs {c.W:.0f})")
    if prev is None or c.blank_between(prev, first) or c.labels[first - 1] == Label.FURNITURE:
        score += 0.5
        why.append("space before")
    if len(run) == 1 and feats[0].words <= 2 and not feats[0].all_caps:
        score -= 1.0
        why.append("only one or two words")
    if text.endswith(":"):
        score -= 2.0
    return score, why


def analyse(lines: list[Line]) -> Layout:
    c = _Ctx(lines)
    _mark_furniture(c)
    c.W = column_width(lines, c.feats, c.labels)
    pq_runs = _mark_pull_quotes(c)

    # pass 1: bylines by their own shape
    for i, ln in enumerate(lines):
        if c.labels[i] == Label.UNASSIGNED and _is_byline_text(ln.text):
            c.set(i, Label.BYLINE, "starts with 'By' and a name")

    # pass 2: headlines from their neighbours
    starts: list[tuple[list[int], str]] = []
    i = 0
    n = len(lines)
    while i < n:
        if c.labels[i] != Label.UNASSIGNED or not c.feats[i].starts_upper:
            i += 1
            continue
        run = _headline_run(c, i)
        score, why = _headline_score(c, run)
        if score >= HEADLINE_MIN_SCORE:
            for k in run:
                c.set(k, Label.HEADLINE, "; ".join(why) + f" (score {score:.1f})")
            starts.append((run, "; ".join(why)))
            i = run[-1] + 1
            continue
        i += 1

    # bylines with no headline right above them open an article too
    segments: list[Segment] = []
    heads = [run for run, _ in starts]
    head_first = {run[0]: run for run in heads}
    seg_of_line: dict[int, int] = {}
    cur: Segment | None = None
    pre: list[int] = []
    i = 0
    while i < n:
        lab = c.labels[i]
        if i in head_first:
            cur = Segment(headline=list(head_first[i]))
            segments.append(cur)
            i = head_first[i][-1] + 1
            # header: deck (pull-quote-like display lines), byline, dateline
            j = i
            while j < n:
                if c.labels[j] in (Label.BLANK,):
                    j += 1
                    continue
                if c.labels[j] == Label.PULL_QUOTE:
                    j += 1
                    continue
                if c.labels[j] == Label.FURNITURE:
                    j += 1
                    continue
                if c.labels[j] == Label.BYLINE and not cur.byline:
                    cur.byline = [j]
                    j += 1
                    continue
                if c.labels[j] == Label.UNASSIGNED and not cur.byline and not cur.dateline and _is_name_line(lines[j].text):
                    nxt = c.next_open(j, 1)
                    if nxt is not None and not c.feats[nxt].starts_lower:
                        c.set(j, Label.BYLINE, "a name line under the headline")
                        cur.byline = [j]
                        j += 1
                        continue
                if c.labels[j] == Label.UNASSIGNED and not cur.dateline and _is_dateline_line(lines[j].text):
                    nxt = c.next_open(j, 1)
                    if nxt is not None and not c.feats[nxt].starts_lower:
                        c.set(j, Label.DATELINE, "a short capitalised place line under the headline")
                        cur.dateline = [j]
                        j += 1
                        continue
                if c.labels[j] == Label.UNASSIGNED and _is_caption_text(c, j):
                    break
                break
            continue
        if lab == Label.BYLINE and cur is not None and not cur.byline and not cur.body:
            cur.byline = [i]
            i += 1
            continue
        if lab in (Label.UNASSIGNED, Label.BYLINE):
            if lab == Label.BYLINE:
                c.set(i, Label.UNASSIGNED, "")
            if cur is None:
                pre.append(i)
            else:
                cur.body.append(i)
                seg_of_line[i] = len(segments) - 1
        i += 1

    furniture: list[list[int]] = []
    unassigned: list[int] = []
    # text before the first headline: furniture if it is short label lines, else a headless article
    if pre:
        pre_words = sum(c.feats[k].words for k in pre)
        if pre_words >= MIN_ARTICLE_WORDS and any(c.feats[k].ends_sentence for k in pre):
            seg = Segment(body=[k for k in pre])
            segments.insert(0, seg)
        else:
            for k in pre:
                c.set(k, Label.FURNITURE, "short label text before the first headline")
                furniture.append([k])

    # captions inside each article's body
    for seg in segments:
        _extract_captions(c, seg)

    # tiny articles are boxes and adverts
    kept: list[Segment] = []
    for seg in segments:
        words = sum(c.feats[k].words for k in seg.body)
        if words < MIN_ARTICLE_WORDS and not seg.byline and not seg.dateline:
            block = seg.headline + seg.body + [k for d in seg.decks for k in d] + [k for cap in seg.captions for k in cap]
            for k in sorted(block):
                c.set(k, Label.FURNITURE, f"a box of {words} body words: an advert or panel, not a story")
                furniture.append([k])
            continue
        kept.append(seg)
    segments = kept

    # pull quotes go to the article that holds their body copy, else the nearest before
    for run in pq_runs:
        target = _segment_for_line(segments, run[0])
        if target is not None:
            target.pull_quotes.append(run)
        else:
            unassigned.extend(run)

    for i in range(n):
        if c.labels[i] == Label.FURNITURE and not any(i in f for f in furniture):
            furniture.append([i])
    furniture.sort()
    # merge adjacent furniture lines into one item only when they are one label (keep per line)
    for seg in segments:
        for k in seg.body:
            if c.labels[k] == Label.UNASSIGNED:
                c.set(k, Label.BODY, "in the article's text flow")
    for i in range(n):
        lines[i].label = c.labels[i]
        lines[i].why = c.why[i]
    return Layout(segments, furniture, unassigned, c.repairs, c.W)


def _segment_for_line(segments: list[Segment], line: int) -> Segment | None:
    best: Segment | None = None
    best_start = -1
    for seg in segments:
        first = min(seg.headline + seg.body) if (seg.headline or seg.body) else None
        if first is not None and first <= line and first > best_start:
            best, best_start = seg, first
    if best is None and segments:
        return segments[0]
    return best


def _is_caption_text(c: _Ctx, i: int) -> bool:
    s = c.lines[i].stripped
    return bool(CREDIT_RE.search(s))


def _extract_captions(c: _Ctx, seg: Segment) -> None:
    body = seg.body
    keep: list[int] = []
    k = 0
    while k < len(body):
        i = body[k]
        f = c.feats[i]
        s = c.lines[i].stripped
        # a caption block: up to CAPTION_MAX_LINES lines, sentence-like, ends with '.' or a credit
        if f.starts_upper and (k == 0 or _flow_break_before(c, body, k)):
            block = [i]
            j = k
            while len(block) < CAPTION_MAX_LINES and j + 1 < len(body):
                last = c.lines[block[-1]].stripped
                if c.feats[block[-1]].ends_sentence or CREDIT_RE.search(last):
                    break
                j += 1
                block.append(body[j])
            text = " ".join(c.lines[b].stripped for b in block)
            last_f = c.feats[block[-1]]
            ends = last_f.ends_sentence or bool(CREDIT_RE.search(c.lines[block[-1]].stripped))
            after = body[j + 1] if j + 1 < len(body) else None
            before = body[k - 1] if k > 0 else None
            credit = bool(CREDIT_RE.search(text))
            wide = len(block) == 1 and f.width > CAPTION_WIDE_RATIO * c.W and f.ends_sentence
            interrupts = (
                before is not None
                and after is not None
                and not c.feats[before].ends_sentence
                and c.feats[after].starts_lower
            ) or (before is not None and c.feats[before].ends_hyphen and after is not None)
            credit_line = after is not None and bool(CREDIT_RE.fullmatch(c.lines[after].stripped))
            if ends and (credit or wide or interrupts) and len(text.split()) <= 40:
                if credit_line and after is not None:
                    block.append(after)
                    j += 1
                for b in block:
                    c.set(b, Label.CAPTION, "caption: " + ("photo credit" if credit else "wider than the column" if wide else "interrupts a sentence of the body"))
                seg.captions.append(block)
                k = j + 1
                continue
        keep.append(i)
        k += 1
    seg.body = keep


def _flow_break_before(c: _Ctx, body: list[int], k: int) -> bool:
    prev = body[k - 1]
    return c.feats[prev].ends_sentence or c.blank_between(prev, body[k]) or not c.feats[prev].ends_sentence
