"""Pull quotes: display text that repeats body text, found by exact letter-level repetition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, pairwise

from .lines import norm_letters, norm_letters_lines
from .model import Line

#: Shortest repeated text (letters and digits only) taken as a pull quote.
#: Calibrated on dev: pull quotes are >= 40 letters; ordinary repeated phrases
#: ("the Manhattan district attorney's office", 35 letters) are shorter.
PULL_QUOTE_MIN_CHARS = 40

#: Longest display text looked for (letters), and longest line taken as a
#: start: display lines are short; this bounds the work on pathological input.
PULL_QUOTE_MAX_CHARS = 1500
LINE_MAX_CHARS = 300

#: A single line is looked up on its own only from this many letters; shorter
#: lines join a run started by a longer one.
LINE_MIN_CHARS = 10

#: Letters a pull quote copy may miss at its edges and still count as whole
#: lines (quote marks, a dash or an attribution cut off).
EDGE_TOLERANCE = 3

#: The rest of a pull quote an extractor printed out of order at its edge
#: ('Brazilian Coffee / IBC, / Institute, / Jorio / President' over '... Dauster
#: urged producers not to panic ...', the quote's own words a word or two a
#: line): the lines between the display copy and the blank line next to it
#: join the quote when every line holds at most SCRAMBLED_MAX_WORDS words and
#: every word is found within SCRAMBLED_WINDOW letters of the body copy (about
#: a sentence).  Body text sets more words a line: dev body lines of 1-2 words
#: are the ends of paragraphs, under a line that is not such a fragment.
SCRAMBLED_MAX_WORDS = 2
SCRAMBLED_WINDOW = 120
SCRAMBLED_MAX_LINES = 8


@dataclass
class DuplicateRun:
    lines: list[int]  # indices of the display copy's lines
    other_start: int  # offset of the body copy in the page's letter string
    other_end: int
    why: str


#: The letter string is also cut into chunks of this many letters at offsets
#: that are multiples of it; a text of at least ``2 * CHUNK - 1`` letters
#: holds one whole chunk wherever it occurs (see :meth:`LetterIndex.other_occurrence`).
CHUNK = 10
_CHUNK_RE = re.compile(rf".{{{CHUNK}}}", re.DOTALL)


class LetterIndex:
    """The page as one string of letters, with each line's span in it."""

    def __init__(self, lines: list[Line], usable: list[bool]) -> None:
        texts = [line.text if ok else "" for line, ok in zip(lines, usable, strict=True)]
        parts = norm_letters_lines(texts)
        ends = list(accumulate(map(len, parts), initial=0))
        self.span: list[tuple[int, int]] = list(pairwise(ends))
        self.text = "".join(parts)
        # how often each chunk (the text cut every CHUNK letters from its start) occurs
        chunks: dict[str, int] = {}
        for chunk in _CHUNK_RE.findall(self.text):
            chunks[chunk] = chunks.get(chunk, 0) + 1
        self.chunks = chunks

    @cached_property
    def starts(self) -> dict[int, int]:
        """Line index by the offset its letters start at (lines with letters)."""
        return {a: i for i, (a, b) in enumerate(self.span) if b > a}

    @cached_property
    def ends(self) -> dict[int, int]:
        """Line index by the offset its letters end at (lines with letters)."""
        return {b: i for i, (a, b) in enumerate(self.span) if b > a}

    def other_occurrence(self, s: str, own: int) -> int:
        """Offset of the first occurrence of ``s`` that does not overlap ``own``
        (the one at offset ``own``), or -1: one wholly before it, else one after it.

        A text ``s`` of at least ``2 * CHUNK - 1`` letters that occurs at an
        offset ``o`` holds the whole chunk that starts at the first multiple
        of CHUNK from ``o`` on, ``d`` letters in (``d < CHUNK``): its
        ``s[d:d + CHUNK]`` is a chunk.  So where no such slice is a chunk, or
        only the one at ``own``'s own ``d`` is and that chunk occurs once (at
        ``own``), ``s`` occurs nowhere else, and the search is skipped.
        """
        if len(s) >= 2 * CHUNK - 1:
            chunks = self.chunks
            own_d = -own % CHUNK
            for d in range(CHUNK):
                n = chunks.get(s[d : d + CHUNK], 0)
                if n > 1 or (n == 1 and d != own_d):
                    break  # it may occur elsewhere: search
            else:
                return -1
        t = self.text
        i = t.find(s, 0, own)  # (ends by own: no overlap)
        return i if i >= 0 else t.find(s, own + len(s))

    def line_at(self, pos: int) -> int:
        lo, hi = 0, len(self.span) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.span[mid][1] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return lo


def _common_run(t: str, i: int, j: int, step: int, limit: int) -> int:
    """How many characters agree walking from ``i`` and ``j`` in direction ``step``
    (at most ``limit``), found by doubling then bisecting with slice comparisons."""

    def same(k: int) -> bool:
        if step > 0:
            return t[i : i + k] == t[j : j + k]
        return t[i - k : i] == t[j - k : j]

    hi = 1
    while hi <= limit and same(hi):
        hi *= 2
    lo = hi // 2  # same(lo) holds (or lo == 0)
    hi = min(hi, limit + 1)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if same(mid):
            lo = mid
        else:
            hi = mid
    return lo


def _extend(t: str, p: int, q: int, n: int) -> tuple[int, int]:
    """Grow the equal segments t[p:p+n] == t[q:q+n] (p < q) left and right, without overlap."""
    left = _common_run(t, p, q, -1, min(PULL_QUOTE_MAX_CHARS, p))
    room = max(0, min(PULL_QUOTE_MAX_CHARS, (q - left) - (p + n), len(t) - (q + n)))
    right = _common_run(t, p + n, q + n, 1, room)
    return left, right


def find_pull_quotes(lines: list[Line], usable: list[bool]) -> list[DuplicateRun]:
    """Runs of whole lines whose text is repeated elsewhere on the page, where this copy
    stands alone (its edges are line edges) and the other copy runs on inside body text."""
    idx = LetterIndex(lines, usable)
    t = idx.text
    out: list[DuplicateRun] = []
    taken: set[int] = set()
    for i in range(len(lines)):
        a, b = idx.span[i]
        if b - a < LINE_MIN_CHARS or b - a > LINE_MAX_CHARS or i in taken:
            continue
        s = t[a:b]
        occ = idx.other_occurrence(s, a)
        if occ < 0:
            continue
        p, q = (a, occ) if a < occ else (occ, a)
        left, right = _extend(t, p, q, len(s))
        length = len(s) + left + right
        if length < PULL_QUOTE_MIN_CHARS:
            continue
        p0, q0 = p - left, q - left
        p_lines, p_whole = _cover(idx, p0, length)
        q_lines, q_whole = _cover(idx, q0, length)
        styled = _display_copy(lines, p_lines, q_lines)
        if styled is not None:
            display, body = styled
        elif p_whole and not q_whole:
            display, body = p_lines, q_lines
        elif q_whole and not p_whole:
            display, body = q_lines, p_lines
        elif p_whole and q_whole:
            # both copies are whole lines: the display copy is the one that
            # interrupts a sentence (the text around it runs on across it); then
            # the one set in fewer lines (display type is wider); then the
            # earlier one (decks and top quotes come before the text they repeat)
            ip, iq = _interrupts(lines, usable, p_lines), _interrupts(lines, usable, q_lines)
            if ip != iq:
                display, body = (p_lines, q_lines) if ip > iq else (q_lines, p_lines)
            else:
                display, body = (q_lines, p_lines) if len(q_lines) < len(p_lines) else (p_lines, q_lines)
        else:
            continue
        if taken.intersection(display):
            continue
        body_start = q0 if display is p_lines else p0
        display = sorted(
            display + _scrambled_edges(lines, usable, idx, display, body_start, body_start + length, taken)
        )
        taken.update(display)
        taken.update(body)
        why = (
            f"{length} letters also at lines {body[0] + 1}-{body[-1] + 1}, "
            f"where they run on inside the text; here they fill whole lines"
        )
        out.append(DuplicateRun(display, body_start, body_start + length, why))
    return out


#: With geometry, of two copies the one set this much bigger than the other
#: (mean size relative to the body) is the display copy.  Dev pull quotes are
#: 1.2-1.7x the body size; body copies 1.0.
DISPLAY_SIZE_MARGIN = 0.12


def _display_copy(lines: list[Line], p: list[int], q: list[int]) -> tuple[list[int], list[int]] | None:
    """(display, body) when type size or italics tell the two copies apart."""

    def look(run: list[int]) -> tuple[float, float] | None:
        styles = [st for k in run if (st := lines[k].style) is not None and lines[k].stripped]
        if not styles:
            return None
        size = sum(st.rel_size for st in styles) / len(styles)
        italic = sum(1 for st in styles if st.italic) / len(styles)
        return size, italic

    lp, lq = look(p), look(q)
    if lp is None or lq is None:
        return None
    if abs(lp[0] - lq[0]) > DISPLAY_SIZE_MARGIN:
        return (p, q) if lp[0] > lq[0] else (q, p)
    if abs(lp[1] - lq[1]) > 0.5:
        return (p, q) if lp[1] > lq[1] else (q, p)
    return None


def _interrupts(lines: list[Line], usable: list[bool], run: list[int]) -> int:
    """0-2: does the text before ``run`` stop mid-sentence, does the text after it go on in lower case?"""
    score = 0
    k = run[0] - 1
    while k >= 0 and lines[k].is_blank:
        k -= 1
    if k >= 0 and usable[k]:
        t = lines[k].stripped.rstrip("\"'”’»)")
        if t and t[-1] not in ".!?:":
            score += 1
    k = run[-1] + 1
    while k < len(lines) and lines[k].is_blank:
        k += 1
    if k < len(lines) and usable[k] and lines[k].stripped[:1].islower():
        score += 1
    return score


def _cover(idx: LetterIndex, start: int, length: int) -> tuple[list[int], bool]:
    """Lines holding letters [start, start+length) and whether it starts/ends at line edges."""
    first = idx.line_at(start)
    last = idx.line_at(start + length - 1)
    # a match that only grazes a neighbouring line (a letter or two that happen
    # to agree) does not cover it
    if first < last and idx.span[first][1] - start <= EDGE_TOLERANCE:
        length -= idx.span[first][1] - start
        start = idx.span[first][1]
        first = idx.line_at(start)
    if first < last and (start + length) - idx.span[last][0] <= EDGE_TOLERANCE:
        length = idx.span[last][0] - start
        last = idx.line_at(start + length - 1)
    lines = [k for k in range(first, last + 1) if idx.span[k][1] > idx.span[k][0]]
    whole = (start - idx.span[first][0]) <= EDGE_TOLERANCE and (
        idx.span[last][1] - (start + length)
    ) <= EDGE_TOLERANCE
    return lines, whole


def _scrambled_edges(
    lines: list[Line], usable: list[bool], idx: LetterIndex, display: list[int], start: int, end: int, taken: set[int]
) -> list[int]:
    """Lines at either edge of the display copy ``display`` (up to the next
    blank line) that are fragments of the quote printed out of order: short
    lines whose every word is in the body copy's neighbourhood, letters
    ``start``-``end`` of the page and SCRAMBLED_WINDOW either side, less the
    display copy and the lines near it (see SCRAMBLED_MAX_WORDS)."""
    near = range(display[0] - SCRAMBLED_MAX_LINES, display[-1] + SCRAMBLED_MAX_LINES + 1)
    lo, hi = max(0, start - SCRAMBLED_WINDOW), end + SCRAMBLED_WINDOW
    parts: list[str] = []
    for k in range(idx.line_at(lo), idx.line_at(max(lo, min(hi, len(idx.text)) - 1)) + 1):
        a, b = idx.span[k]
        parts.append("|" if k in near else idx.text[max(a, lo) : min(b, hi)])
    window = "".join(parts)
    out: list[int] = []
    for step, edge in ((-1, display[0]), (1, display[-1])):
        block: list[int] = []
        k = edge + step
        while 0 <= k < len(lines) and not lines[k].is_blank:
            words = [w for w in map(norm_letters, lines[k].text.split()) if w]
            if (
                k in taken
                or not usable[k]
                or not words
                or len(words) > SCRAMBLED_MAX_WORDS
                or len(block) >= SCRAMBLED_MAX_LINES
                or not all(w in window for w in words)
            ):
                block = []
                break
            block.append(k)
            k += step
        out += block
    return out
