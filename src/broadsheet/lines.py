"""Splitting page text into lines with offsets, and per-line features."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Line
from .textio import MAX_LINE_CHARS

_NORM_RE = re.compile(r"[\W_]+", re.UNICODE)


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` with their offsets; over-long lines are cut at spaces."""
    out: list[Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        start = pos
        while end - start > MAX_LINE_CHARS:
            cut = text.rfind(" ", start, start + MAX_LINE_CHARS)
            if cut <= start:
                cut = start + MAX_LINE_CHARS
            out.append(Line(len(out), start, cut, text[start:cut]))
            start = cut
        out.append(Line(len(out), start, end, text[start:end]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def normalize_text(text: str) -> str:
    """Newlines to ``\\n``, form feeds and vertical tabs to blank lines, tabs to spaces."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text or "\v" in text:
        # a form feed is a page break: it gets a line of its own
        text = text.replace("\v", "\n").replace("\f", "\n\f\n")
    if "\t" in text:
        text = text.replace("\t", " ")
    return text


_CLOSERS = "\"'”’»)]"
_ENDERS = ".!?…"


def ends_sentence(s: str) -> bool:
    s = s.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in _ENDERS


def ends_hyphen(s: str) -> bool:
    s = s.rstrip()
    return len(s) > 1 and s[-1] in "-\u2010\u00ad" and s[-2].isalpha()


def starts_lower(s: str) -> bool:
    t = s.lstrip()
    return bool(t) and t[0].islower()


def starts_upperish(s: str) -> bool:
    """Starts like a sentence: capital, digit or opening quote/dash then capital."""
    t = s.lstrip(" \"'“‘«([—–-")
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def is_all_caps(s: str) -> bool:
    if not s.isupper():  # true when it has cased letters and none is lower case
        return False
    return sum(1 for ch in s if ch.isalpha()) >= 3


def title_ratio(s: str) -> float:
    words = [w for w in s.split() if len(w) >= 4 and w[0].isalpha()]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def norm_letters(s: str) -> str:
    """Lower-case letters and digits only: line breaks, hyphens and spacing vanish."""
    return _NORM_RE.sub("", s.replace("\u00ad", "")).lower()


@dataclass
class LineFeatures:
    width: int
    words: int
    ends_sentence: bool
    ends_hyphen: bool
    starts_lower: bool
    starts_upper: bool
    all_caps: bool
    title: float
    indent: int


def features(line: Line) -> LineFeatures:
    s = line.stripped
    words = s.split()
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    title = sum(1 for w in long_words if w[0].isupper()) / len(long_words) if long_words else 0.0
    return LineFeatures(
        width=line.width,
        words=len(words),
        ends_sentence=ends_sentence(s),
        ends_hyphen=ends_hyphen(s),
        starts_lower=bool(s) and s[0].islower(),
        starts_upper=starts_upperish(s),
        all_caps=is_all_caps(s),
        title=title,
        indent=line.indent,
    )
