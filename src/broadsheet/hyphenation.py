"""Line-end hyphens: join, keep, or leave, each decision with its evidence.

Also restores compound hyphens that an extractor removed when it joined a
line-end hyphen itself (poppler's default mode prints ``selfimposed`` for a
``self-`` / ``imposed`` line break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import FUNCTION_WORDS, Lexicon, PageVocabulary

HYPHENS = "-\u2010\u00ad"
SOFT_HYPHEN = "\u00ad"

#: A joined form at or above this Zipf frequency is a real word: join.
#: Calibrated on the dev corpus's line-end hyphens (pyphen breaks of common
#: words all have Zipf >= 1.5; fused compounds such as "proregime" have 0).
JOIN_KNOWN_ZIPF = 1.5

#: A joined form this common is a word whatever its halves are ("repaid",
#: "mainstay", "chairmanship"): join.  Calibrated on dev line-end hyphens and
#: set above the joined forms of common hyphenated compounds ("longterm" 2.75,
#: "prewar" 2.64, "hiphop" 2.64).
SURE_JOIN_ZIPF = 2.9

#: Prefixes that English (etc.) writes with a hyphen ("non-repayable",
#: "self-imposed"): keep the hyphen unless the joined form is this common.
#: General orthography, not taken from any corpus.
PREFIX_JOIN_ZIPF = 3.0
HYPHEN_PREFIXES: dict[str, frozenset[str]] = {
    "en": frozenset({"non", "self", "quasi", "well", "half", "all"}),
    "fr": frozenset({"non", "quasi", "demi", "semi"}),
}

#: Both halves at or above this Zipf frequency (and the joined form rarer than
#: them by COMPOUND_MARGIN) make a compound: keep the hyphen.
PART_KNOWN_ZIPF = 2.5

#: How much rarer than its rarer half the joined form must be before the pair
#: is read as a compound ("pre" + "war" beats "prewar").
COMPOUND_MARGIN = 1.8

#: Restoring a fused compound ("selfimposed"): each half must be this common and
#: the fused form unknown (Zipf 0) and not used elsewhere on the page.
FUSED_PART_ZIPF = 3.2
FUSED_MIN_PART = 3

# Words that join the first half of a suspended hyphen ("pre- and post-war").
_SUSPENDED_JOINERS = frozenset(
    "and or nor to und oder bis sowie et ou à e o y u ni a".split()
)

_CORE_RE = re.compile(r"^([^\w]*)([\w'’.]*?)([^\w]*)$", re.UNICODE)
#: The word (letters, digits, apostrophes) a token ends with, and the one it starts with.
_LAST_WORD_RE = re.compile(r"([\w'’]+)$", re.UNICODE)
_FIRST_WORD_RE = re.compile(r"[\w'’]+", re.UNICODE)


@dataclass(frozen=True, init=False)
class HyphenDecision:
    action: str  # "join" | "keep" | "suspended" | "leave"
    text: str  # the left token and right token as they should be written
    why: str
    confident: bool = True

    # written out (what a generated constructor does): native in the compiled build
    def __init__(self, action: str, text: str, why: str, confident: bool = True) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "action", action)
        setattr_(self, "text", text)
        setattr_(self, "why", why)
        setattr_(self, "confident", confident)


def _split_right(right: str) -> tuple[str, str]:
    """First word of the right token, and what follows it (punctuation, more compound parts)."""
    m = _FIRST_WORD_RE.match(right)
    if not m:
        return "", right
    return m.group(0), right[m.end():]


def decide_line_end_hyphen(
    left: str, right: str, lex: Lexicon, vocab: PageVocabulary | None = None, display: bool = False
) -> HyphenDecision:
    """Decide what to do with ``left`` (a token ending in a hyphen) followed by ``right``.

    ``display``: the break is in a headline, where type is set without word
    breaks, so a hyphen between two words is a compound's.  Returns the text
    that replaces ``left + "\\n" + right``.
    """
    hyph = left[-1]
    stem = left[:-1]
    # the letters right before the hyphen (a token can be "(self-" or "well-ex-")
    m = _LAST_WORD_RE.search(stem)
    a = m.group(1) if m else ""
    b, rest = _split_right(right)
    if hyph == SOFT_HYPHEN:
        return HyphenDecision("join", stem + right, "soft hyphen (U+00AD) marks a syllable break")
    if not a or not b:
        if not a and right[:1].isalpha():
            return HyphenDecision("keep", left + " " + right, "dash or hyphen after no letters: not a word break")
        return HyphenDecision("leave", left + " " + right, "no word on one side of the hyphen", confident=False)
    if a.isdigit():
        return HyphenDecision("keep", left + right, "a number before the hyphen: '25-room', '17-year-old'")
    suspended = b.lower() in _SUSPENDED_JOINERS and not rest.startswith(("-", "\u2010"))
    if suspended and lex.zipf(a + b) < JOIN_KNOWN_ZIPF:
        return HyphenDecision(
            "suspended", left + " " + right, f"'{b}' follows: a suspended hyphen ({left} {b} ...)"
        )
    if b[0].isdigit():
        return HyphenDecision("keep", left + right, "a digit follows: hyphen is part of the name or number")
    if b[0].isupper() and not (a.isupper() and b.isupper()):
        return HyphenDecision("keep", left + right, "a capital follows: hyphen belongs to a compound")
    joined = a + b
    hyphenated = a + "-" + b
    if vocab is not None:
        nj = vocab.count(joined)
        nh = vocab.count_hyphenated(hyphenated)
        if nh > nj:
            return HyphenDecision("keep", left + right, f"page uses '{hyphenated}' {nh}x and '{joined}' {nj}x")
        if nj > nh:
            return HyphenDecision("join", stem + right, f"page uses '{joined}' {nj}x and '{hyphenated}' {nh}x")
    zj, za, zb = lex.zipf(joined), lex.zipf(a), lex.zipf(b)
    if a.lower() in HYPHEN_PREFIXES.get(lex.lang, frozenset()) and zj < PREFIX_JOIN_ZIPF:
        return HyphenDecision("keep", left + right, f"'{a}-' is a prefix written with a hyphen; '{joined}' is rare ({zj:.1f})")
    if display and min(za, zb) >= PART_KNOWN_ZIPF and zj < min(za, zb) and len(b) > 1:
        # (a word broken in a headline after all, 'govern-' / 'ment', joins: the
        # joined form is more common than its rarer half)
        return HyphenDecision(
            "keep",
            left + right,
            f"a headline is set without word breaks; '{a}' ({za:.1f}) and '{b}' ({zb:.1f}) are words "
            f"more common than '{joined}' ({zj:.1f})",
        )
    if zj >= SURE_JOIN_ZIPF:
        return HyphenDecision("join", stem + right, f"'{joined}' is a common word (zipf {zj:.1f})")
    if za >= PART_KNOWN_ZIPF and zb >= PART_KNOWN_ZIPF and zj < min(za, zb) - COMPOUND_MARGIN and len(b) > 1:
        return HyphenDecision(
            "keep",
            left + right,
            f"'{a}' ({za:.1f}) and '{b}' ({zb:.1f}) are words; '{joined}' is rarer ({zj:.1f})",
        )
    if zj >= JOIN_KNOWN_ZIPF:
        return HyphenDecision("join", stem + right, f"'{joined}' is a word (zipf {zj:.1f})")
    if zb < PART_KNOWN_ZIPF or za < PART_KNOWN_ZIPF:
        return HyphenDecision(
            "join", stem + right, f"'{b}' or '{a}' is no word alone: a syllable break", confident=zj > 0
        )
    return HyphenDecision(
        "join", stem + right, f"no evidence for a compound; '{joined}' unknown", confident=False
    )


#: Inside a hyphenated compound, a part fused from a short function word and a
#: word ('eye-toeye', 'out-andout', 'bloodand-sinew') is split when the fused
#: part is at most this common (dev: the four fused parts have Zipf 0; parts
#: that must stay whole, 'callable', 'sinew', 'managership', have 1.2-2.3 but
#: no function word at an end) and the word beside it at least FUSED_PART_ZIPF.
FUSED_CONNECTIVE_MAX_ZIPF = 2.5
#: The longest function word taken as one side of such a part ('to', 'and').
CONNECTIVE_MAX_LEN = 3


def split_fused_connective(part: str, lex: Lexicon) -> tuple[str, str] | None:
    """If ``part`` (one part of a hyphenated compound, 'toeye' in 'eye-toeye')
    is a function word and a word whose hyphen an extractor removed at a line
    end, return (fixed part, why): 'to-eye'."""
    if not part.isalpha() or not part.islower() or lex.zipf(part) > FUSED_CONNECTIVE_MAX_ZIPF:
        return None
    for n in range(2, CONNECTIVE_MAX_LEN + 1):
        for short, rest, fixed in ((part[:n], part[n:], f"{part[:n]}-{part[n:]}"),
                                   (part[-n:], part[:-n], f"{part[:-n]}-{part[-n:]}")):
            if short in FUNCTION_WORDS and len(rest) >= FUSED_MIN_PART and lex.zipf(rest) >= FUSED_PART_ZIPF:
                return fixed, f"'{part}' in a hyphenated compound is '{short}' and '{rest}' run together"
    return None


_FUSED_TOKEN_RE = re.compile(r"[^\W\d_]{6,}", re.UNICODE)


def split_fused_compound(token: str, lex: Lexicon, vocab: PageVocabulary | None = None) -> tuple[str, str] | None:
    """If ``token`` looks like a compound whose hyphen an extractor removed, return (fixed, why)."""
    if not _FUSED_TOKEN_RE.fullmatch(token):
        return None
    if lex.zipf(token) > 0:
        return None
    if vocab is not None and vocab.count(token) > 1:
        return None
    # a lower-case prefix glued to a capitalised word: "alSabah", "antiAmerican"
    for i in range(2, len(token) - 2):
        if token[:i].islower() and token[i].isupper() and token[i + 1 :].islower():
            a, b = token[:i], token[i:]
            if lex.zipf(a) >= PART_KNOWN_ZIPF or (vocab is not None and vocab.count_hyphenated(f"{a}-{b}")):
                return f"{a}-{b}", f"lower-case '{a}' glued to capitalised '{b}'"
            return None
    if not token.islower():
        return None
    best: tuple[float, str, str] | None = None
    for i in range(FUSED_MIN_PART, len(token) - FUSED_MIN_PART + 1):
        a, b = token[:i], token[i:]
        if vocab is not None and vocab.count_hyphenated(f"{a}-{b}"):
            return f"{a}-{b}", f"page uses '{a}-{b}' elsewhere"
        za, zb = lex.zipf(a), lex.zipf(b)
        if za >= FUSED_PART_ZIPF and zb >= FUSED_PART_ZIPF:
            score = min(za, zb)
            if best is None or score > best[0]:
                best = (score, a, b)
    if best is None:
        return None
    _, a, b = best
    return f"{a}-{b}", f"'{token}' is unknown; '{a}' and '{b}' are common words"
