"""Word evidence: a word-frequency lexicon per language and the page's own vocabulary."""

from __future__ import annotations

import math
import re
from functools import lru_cache

SUPPORTED_LANGUAGES = ("en", "fr", "de", "it", "es")

# A handful of the most common function words of each language: enough to tell
# the five supported languages apart on a page of text.  General knowledge of the
# languages, not taken from any corpus.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for it was on with as he his by at from are".split()),
    "fr": frozenset("le la les des et est dans une pour que qui sur au pas du par aux ce".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den mit sich auf für dem des im".split()),
    "it": frozenset("il di che è la per un una non sono del della nel gli le con lo ha".split()),
    "es": frozenset("el la de que y en los las por con una para es del se su al como".split()),
}

#: Words that cannot end a display line ("... HOPES OF" runs on): articles,
#: conjunctions and prepositions that always take an object.  Particles that
#: can end a headline ("battles on", "sums up") are left out.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """a an the and or nor but of for to from with at by into than as that
    is are was were be been has have had will would could should can its their his her our your my who which
    le la les un une des de du et ou à au aux pour par avec sur dans
    der die das den dem des ein eine einer und oder von zu mit für auf im zum zur
    il lo gli un una di del della e o per con su nel alla al
    el los las unos unas y del por para con en al""".split()
)

#: Prepositions and conjunctions that need words after them: a line ending in
#: one (without sentence punctuation) runs on into the next line.
RUN_ON_WORDS: frozenset[str] = FUNCTION_WORDS | frozenset(
    """until via unless although though because whereas toward towards upon onto within without among
    between against during across through throughout""".split()
)

#: Minimum number of stopword hits before a language other than the default is
#: chosen.  A page has hundreds of words; ten hits is unambiguous.
LANG_MIN_HITS = 10

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
TOKEN_RE = re.compile(r"[\w'’\u00ad\u2010-]+", re.UNICODE)


#: Characters that are neither letters nor apostrophes: at the edges of a
#: white-space-separated chunk they stand outside every ``WORD_RE`` token.
_EDGE_NON_LETTERS = ".,;:!?\"()[]{}<>“”‘«»—–-…*/|&%$#@+=~^`_0123456789"


def content_word_list(text: str, min_letters: int) -> list[str]:
    """``[w for w in WORD_RE.findall(text) if len(w) >= min_letters and w not in FUNCTION_WORDS]``, in one pass.

    No token crosses white space, and the characters of ``_EDGE_NON_LETTERS``
    at a chunk's edges belong to no token; a chunk that is letters only once
    they are stripped is one token (``str.isalpha`` letters are ``WORD_RE``
    letters), and only the rest are tokenised by ``WORD_RE``.
    """
    out: list[str] = []
    for chunk in text.split():
        if chunk.isalpha():
            if len(chunk) >= min_letters and chunk not in FUNCTION_WORDS:
                out.append(chunk)
            continue
        core = chunk.strip(_EDGE_NON_LETTERS)
        if core.isalpha():
            if len(core) >= min_letters and core not in FUNCTION_WORDS:
                out.append(core)
        elif core:
            for w in WORD_RE.findall(core):
                if len(w) >= min_letters and w not in FUNCTION_WORDS:
                    out.append(w)
    return out


#: Every language's function words together (all letters only).
_ANY_STOPWORD: frozenset[str] = frozenset().union(*_STOPWORDS.values())
#: The longest of them: a longer chunk of letters is none (and need not be hashed).
_STOPWORD_MAX_CHARS = max(map(len, _ANY_STOPWORD))


def stopword_counts(text: str) -> dict[str, int]:
    """``Counter(WORD_RE.findall(text))`` restricted to the words of
    ``_ANY_STOPWORD``, with plain dict counts: a chunk (edge characters
    stripped, as in :func:`content_word_list`) that is a function word is one
    token, and only the chunks that are not letters only can hold one as a
    token inside."""
    counts: dict[str, int] = {}
    odd: dict[str, int] = {}
    for chunk in text.split():
        if chunk.isalpha():  # (most chunks: nothing to strip)
            if len(chunk) <= _STOPWORD_MAX_CHARS and chunk in _ANY_STOPWORD:
                counts[chunk] = counts.get(chunk, 0) + 1
            continue
        core = chunk.strip(_EDGE_NON_LETTERS)
        if core in _ANY_STOPWORD:
            counts[core] = counts.get(core, 0) + 1
        elif core and not core.isalpha():
            odd[core] = odd.get(core, 0) + 1
    for core, n in odd.items():
        for word in WORD_RE.findall(core):
            if word in _ANY_STOPWORD:
                counts[word] = counts.get(word, 0) + n
    return counts


def detect_language(text: str, default: str = "en") -> str:
    """Pick the supported language whose function words occur most often."""
    words = stopword_counts(text[:30_000].lower())
    counts = {lang: sum([words.get(w, 0) for w in stop]) for lang, stop in _STOPWORDS.items()}
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if hits >= LANG_MIN_HITS else default


@lru_cache(maxsize=8)
def _freq_table(lang: str) -> dict[str, float]:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return {}
    try:
        return get_frequency_dict(lang, wordlist="best")
    except (LookupError, ValueError):
        return {}


def _to_zipf(freq: float) -> float:
    return math.log10(freq) + 9.0 if freq > 0 else 0.0


#: Zipf values looked up so far, per language, shared by every Lexicon of the
#: process (a pure function of the word and the language's frequency table,
#: which is loaded once); cleared when it holds more than ZIPF_MEMO_MAX words.
ZIPF_MEMO_MAX = 200_000
_ZIPF_MEMO: dict[str, tuple[dict[str, float], dict[str, float]]] = {}


def _zipf_memo(lang: str, table: dict[str, float]) -> dict[str, float]:
    held = _ZIPF_MEMO.get(lang)
    if held is None or held[0] is not table or len(held[1]) > ZIPF_MEMO_MAX:
        held = _ZIPF_MEMO[lang] = (table, {})
    return held[1]


class Lexicon:
    """Zipf frequency of words in one language (0 = unknown word)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self._table = _freq_table(lang)
        self._cache = _zipf_memo(lang, self._table)

    def zipf(self, word: str) -> float:
        # the memo is keyed by the word as asked and by its normalised form
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        w = word.lower().replace("’", "'")
        z = self._cache.get(w)
        if z is None:
            z = _to_zipf(self._table.get(w, 0.0))
            self._cache[w] = z
        self._cache[word] = z
        return z

    def known(self, word: str, threshold: float) -> bool:
        return self.zipf(word) >= threshold


_VOCAB_STRIP = ".,;:!?\"'()[]“”‘’«»"
_HYPHEN_SPLIT_RE = re.compile(r"[-\u2010]")


class PageVocabulary:
    """How often each word form occurs on the page (not at a line end)."""

    def __init__(self, lines: list[str]) -> None:
        whole: list[str] = []
        extend = whole.extend
        for line in lines:
            toks = line.lower().split()
            if not toks:
                continue
            # the first token may be the second half of a broken word, the last
            # one the first half: count only whole ones
            if line.lstrip()[:1].islower():
                toks = toks[1:]
            if toks and toks[-1].endswith(("-", "\u00ad", "\u2010")):
                toks = toks[:-1]
            extend(toks)
        # every token counted by its core, then the cores with a hyphen
        # replaced: one with a hyphen inside by its parts (and counted as a
        # hyphenated form), one with hyphens only at its edges by what they hold
        # (plain dict counts: native operations in the compiled build)
        words: dict[str, int] = {}
        for tok in whole:
            core = tok if tok.isalpha() else tok.strip(_VOCAB_STRIP)  # (letters only: nothing to strip)
            words[core] = words.get(core, 0) + 1
        words.pop("", None)
        hyphenated: dict[str, int] = {}
        for core in [w for w in words if "-" in w or "\u2010" in w]:
            n = words.pop(core)
            inner = core.strip("-\u2010")
            if "-" in inner or "\u2010" in inner:
                key = inner.replace("\u2010", "-")
                hyphenated[key] = hyphenated.get(key, 0) + n
                for part in _HYPHEN_SPLIT_RE.split(inner):
                    if part:
                        words[part] = words.get(part, 0) + n
            else:
                words[inner] = words.get(inner, 0) + n
        self.words: dict[str, int] = words
        self.hyphenated: dict[str, int] = hyphenated

    def count(self, word: str) -> int:
        return self.words.get(word.lower(), 0)

    def count_hyphenated(self, word: str) -> int:
        return self.hyphenated.get(word.lower().replace("\u2010", "-"), 0)
