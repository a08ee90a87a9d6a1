"""Splitting page text into lines with offsets, and per-line features."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from .model import Line
from .textio import MAX_LINE_CHARS

_NORM_RE = re.compile(r"[\W_]+", re.UNICODE)


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` with their offsets; over-long lines are cut at spaces."""
    out: list[Line] = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        if end - start > MAX_LINE_CHARS:
            pos = start
            while end - pos > MAX_LINE_CHARS:
                cut = text.rfind(" ", pos, pos + MAX_LINE_CHARS)
                if cut <= pos:
                    cut = pos + MAX_LINE_CHARS
                out.append(Line(len(out), pos, cut, text[pos:cut]))
                pos = cut
            out.append(Line(len(out), pos, end, text[pos:end]))
        else:
            out.append(Line(len(out), start, end, part))
        start = end + 1
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
#: closing marks at a sentence's end, also set apart by a space ('clearly.\' "')
_CLOSERS_SPACED = _CLOSERS + " "


def ends_sentence(s: str) -> bool:
    s = s.rstrip().rstrip(_CLOSERS_SPACED)
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


# _NORM_RE keeping newlines (the soft hyphen is \W: it goes too)
_NON_WORD_KEEP_NL_RE = re.compile(r"[^\w\n]+", re.UNICODE)
#: The ASCII characters _NORM_RE deletes, newline aside: all but letters and digits.
_ASCII_NON_WORD = bytes(b for b in range(128) if not (chr(b).isalnum() or chr(b) == "\n"))


def norm_letters_lines(texts: list[str]) -> list[str]:
    """``[norm_letters(t) for t in texts]``, done on the texts joined by newlines
    (lower-casing the whole equals lower-casing each part: a newline stops the
    final-sigma context as a string end does).  Deleting characters is done in
    two steps with the same result: the ASCII ones with ``bytes.translate`` on
    the UTF-8 form (which leaves multi-byte characters whole), then the others
    with a regular expression where any are left."""
    joined = "\n".join(texts)
    kept = joined.encode("utf-8", "surrogatepass").translate(None, _ASCII_NON_WORD).decode("utf-8", "surrogatepass")
    if not kept.isascii():
        kept = _NON_WORD_KEEP_NL_RE.sub("", kept)
    parts = kept.lower().split("\n")
    if len(parts) != len(texts):  # a text holds a newline itself
        return [norm_letters(t) for t in texts]
    return parts


@dataclass(slots=True, init=False)
class LineFeatures:
    width: int
    words: int
    ends_sentence: bool
    ends_hyphen: bool
    starts_lower: bool
    starts_upper: bool
    all_caps: bool
    indent: int

    # written out: run natively in the compiled build (a generated __init__ is Python-level)
    def __init__(
        self,
        width: int,
        words: int,
        ends_sentence: bool,
        ends_hyphen: bool,
        starts_lower: bool,
        starts_upper: bool,
        all_caps: bool,
        indent: int,
    ) -> None:
        self.width = width
        self.words = words
        self.ends_sentence = ends_sentence
        self.ends_hyphen = ends_hyphen
        self.starts_lower = starts_lower
        self.starts_upper = starts_upper
        self.all_caps = all_caps
        self.indent = indent


_UPPERISH_SKIP = " \"'“‘«([—–-"


def features(line: Line) -> LineFeatures:
    """The features of one line."""
    return line_features([line])[0]


def line_features(lines: list[Line]) -> list[LineFeatures]:
    """The features of each line (the helpers above, written out: this runs for every line)."""
    out: list[LineFeatures] = []
    append = out.append
    for line in lines:
        s = line.stripped
        if not s:
            append(LineFeatures(line.width, 0, False, False, False, False, False, line.indent))
            continue
        closed = s.rstrip(_CLOSERS_SPACED)  # as ends_sentence (s is stripped)
        opened = s.lstrip(_UPPERISH_SKIP)
        append(
            LineFeatures(
                line.width,
                len(s.split()),
                bool(closed) and closed[-1] in _ENDERS,
                len(s) > 1 and s[-1] in "-\u2010\u00ad" and s[-2].isalpha(),
                s[0].islower(),
                bool(opened) and (opened[0].isupper() or opened[0].isdigit()),
                s.isupper() and sum(1 for ch in s if ch.isalpha()) >= 3,
                line.indent,
            )
        )
    return out


# ---------------------------------------------------------------------------
# Per-page memos of pure functions of a line's text.  The stages ask the same
# questions of a line several times (is it a byline? furniture? which content
# words?); each answer is kept for the page being rebuilt.  The memos are
# cleared when a page part starts (:func:`clear_page_caches`), so nothing is
# carried from page to page and memory stays bounded.

#: Most answers each memo keeps: more than the lines of one page part
#: (engine.PAGE_MAX_LINES cuts parts at about 2,000 lines).
PAGE_CACHE_SIZE = 4096

_T = TypeVar("_T")
_PAGE_CACHE_CLEARERS: list[Callable[[], None]] = []


def page_cache(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """Memoise ``fn`` (a pure function of one string) for the page being rebuilt."""
    cached = lru_cache(maxsize=PAGE_CACHE_SIZE)(fn)
    _PAGE_CACHE_CLEARERS.append(cached.cache_clear)
    return cached


def page_memo() -> dict[str, Any]:
    """A plain dict memo for the page being rebuilt, emptied with the
    :func:`page_cache` memos: for hot functions, which look their answers up
    themselves (a native dict look-up in the compiled build, where a call
    through an ``lru_cache`` wrapper is a Python-level call).  Their callers
    empty it when it holds more than PAGE_CACHE_SIZE answers."""
    memo: dict[str, Any] = {}
    _PAGE_CACHE_CLEARERS.append(memo.clear)
    return memo


def clear_page_caches() -> None:
    """Forget what :func:`page_cache` memos hold (called once per page part)."""
    for clear in _PAGE_CACHE_CLEARERS:
        clear()
