"""Context-free recognisers for page furniture: folios, running heads, jump lines, ad labels."""

from __future__ import annotations

import re

from .lexicon import FUNCTION_WORDS
from .lines import PAGE_CACHE_SIZE, page_memo

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
    "januar|februar|märz|maerz|juni|juli|oktober|dezember|"
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|"
    "enero|febrero|abril|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre"
)
_DAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    "lunes|martes|miércoles|jueves|viernes|sábado|domingo"
)
DATE_RE = re.compile(
    rf"^(?:(?:{_DAYS})\.?,?\s+)?(?:\d{{1,2}}\.?\s+(?:{_MONTHS})\.?|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?)\s+\d{{4}}$",
    re.IGNORECASE,
)
DATE_ANYWHERE_RE = re.compile(
    rf"\b(?:(?:{_DAYS})\.?,?\s+)?(?:\d{{1,2}}\.?\s+(?:{_MONTHS})\.?|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?)\s+\d{{4}}\b",
    re.IGNORECASE,
)
NUMERIC_DATE_RE = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b")
#: the word before a page number, in the languages supported
PAGE_WORD = r"(?:page|p\.|pg\.?|seite|s\.|pagina|pag\.|página|pág\.)"
FOLIO_RE = re.compile(rf"^(?:{PAGE_WORD}\s*)?[A-Z]?\d{{1,3}}(?:\s*/\s*\d{{1,3}})?$", re.IGNORECASE)
JUMP_RE = re.compile(
    r"^\(?(?:[A-Z][\w'’-]*\s+)?(?:(?:continued|cont(?:inued|'d|\.)?)\s+(?:on|from)|see|turn to|from|suite (?:en|de)|fortsetzung (?:auf|von)|"
    r"segue (?:a|da)|continúa en|continua en|viene de|seguito)\b.{0,40}?\b(?:page|p\.|seite|pagina|pag\.|página|pág\.)\s*[A-Z]?\d{1,3}\b.{0,30}\)?$",
    re.IGNORECASE,
)
#: a jump to the next page, with no page number
NEXT_PAGE_JUMP_RE = re.compile(
    r"^\(?(?:(?:continued|cont(?:inued|'d|\.)?)\s+(?:overleaf|on (?:the )?next page|over)|please turn over|p\.?t\.?o\.?|"
    r"suite (?:au verso|page suivante)|fortsetzung (?:umseitig|nächste seite))\s*[.:]?\)?$",
    re.IGNORECASE,
)
AD_LABEL_RE = re.compile(
    r"^(?:advertisement|a d v e r t i s e m e n t|advertising|sponsored(?: content)?|paid (?:content|advertisement)|"
    r"anzeige|publicité|publicite|pubblicità|publicidad|annonce)$",
    re.IGNORECASE,
)
URL_RE = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|uk|de|fr|it|es|ch|info|news)(?:/\S*)?$", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")
#: every date DATE_RE and DATE_ANYWHERE_RE match ends in a four-digit year
_YEAR_RE = re.compile(r"\d{4}")
#: AD_LABEL_RE matches whole strings of at most this many characters (its
#: longest label is the letter-spaced "a d v e r t i s e m e n t")
_AD_LABEL_MAX_CHARS = 25
#: The characters AD_LABEL_RE's labels can start with when case is ignored
#: ('a', 'p', 's', and the long s that matches 's'); s has no leading space,
#: so s without its spaces starts with the same one.
_AD_LABEL_FIRST = "aApPsS\u017f"
SEPARATOR_RE = re.compile(r"\s[|•·]\s")
_PAGE_NUMBER_EDGE_RE = re.compile(r"^(?:page\s+)?[A-Z]?\d{1,3}\s+|\s+(?:page\s+)?[A-Z]?\d{1,3}$", re.IGNORECASE)
_PAGE_WORD_NUMBER_RE = re.compile(r"\b(?:page|seite|pagina|página)\s*\d", re.IGNORECASE)


#: A line holding a full date and at most this many words, all capitalised
#: (a paper's name), is a running head.
RUNNING_HEAD_MAX_WORDS = 9


def furniture_kind(line: str) -> str | None:
    """Name the kind of furniture ``line`` is, or ``None``.  Context-free.

    Most lines of a page are none, which is seen from the line as printed:
    every kind but an advertisement label holds a digit or a dot, and a label
    starts with one of ``_AD_LABEL_FIRST`` (its first character is the first
    one that is not white space, however the spaces are evened out).  The
    others are named by :func:`_furniture_kind`, memoised for the page.
    """
    if "." not in line and line.lstrip()[:1] not in _AD_LABEL_FIRST and not _DIGIT_RE.search(line):
        return None
    # memoised for the page in a plain dict (a native look-up in the compiled build)
    memo = _FURNITURE_KINDS
    if line in memo:
        return memo[line]
    if len(memo) >= PAGE_CACHE_SIZE:
        memo.clear()
    kind = memo[line] = _furniture_kind(line)
    return kind


_FURNITURE_KINDS: dict[str, str | None] = page_memo()

#: NEXT_PAGE_JUMP_RE matches no string with single spaces longer than this:
#: '(' and ')', its longest phrase (26 characters), a space and a full stop.
_NEXT_PAGE_JUMP_MAX_CHARS = 40


def _furniture_kind(line: str) -> str | None:
    """:func:`furniture_kind` of any line."""
    s = " ".join(line.split())
    if not s:
        return None
    if len(s) > 90:
        return None
    if (
        s[0] in _AD_LABEL_FIRST
        and len(s) <= 40
        and len(s) - s.count(" ") <= _AD_LABEL_MAX_CHARS
        and (AD_LABEL_RE.match(s) or AD_LABEL_RE.match(s.replace(" ", "")))
    ):
        return "ad-label"
    if not _DIGIT_RE.search(s):
        # every other kind has a number (folio, date, page) or a dot (URL);
        # without a digit only a jump to the next page or a URL is left
        if "." not in s:
            return None
        if len(s) <= _NEXT_PAGE_JUMP_MAX_CHARS and NEXT_PAGE_JUMP_RE.match(s):
            return "jump"
        return "url" if " " not in s and URL_RE.match(s) else None
    if FOLIO_RE.match(s):
        return "folio"
    if JUMP_RE.match(s) or (len(s) <= _NEXT_PAGE_JUMP_MAX_CHARS and NEXT_PAGE_JUMP_RE.match(s)):
        return "jump"
    # (without a four-digit run, neither s nor a part of it holds a full date)
    year = _YEAR_RE.search(s) is not None
    if year and (DATE_RE.match(s.rstrip(".")) or DATE_RE.match(_PAGE_NUMBER_EDGE_RE.sub("", s).rstrip("."))):
        return "date"
    if NUMERIC_DATE_RE.fullmatch(s):
        return "date"
    m = DATE_ANYWHERE_RE.search(s) if year else None
    if m and len(s.split()) <= RUNNING_HEAD_MAX_WORDS:
        rest = (s[: m.start()] + " " + s[m.end() :]).split()
        if rest and all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in FUNCTION_WORDS for w in rest) and not s.endswith("."):
            return "running-head"
    if " " not in s and URL_RE.match(s):
        return "url"
    if SEPARATOR_RE.search(s) and ((year and DATE_ANYWHERE_RE.search(s)) or NUMERIC_DATE_RE.search(s) or _PAGE_WORD_NUMBER_RE.search(s)):
        return "running-head"
    return None
