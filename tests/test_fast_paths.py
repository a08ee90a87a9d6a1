"""The text engine's fast paths give what the plain forms they stand for give.

Each fast path (a guard before a regular expression, a batch form of a per-line
helper, a pre-built model) is checked against the slow form on strings chosen
to reach its edges: non-ASCII letters and punctuation, underscores, lone
surrogates, hyphens at token edges, and the like.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from broadsheet import headline_model
from broadsheet.assemble import single_spaced
from broadsheet.duplicates import LetterIndex
from broadsheet.furniture import (
    _AD_LABEL_FIRST,
    _NEXT_PAGE_JUMP_MAX_CHARS,
    AD_LABEL_RE,
    NEXT_PAGE_JUMP_RE,
    _furniture_kind,
    furniture_kind,
)
from broadsheet.hyphenation import HyphenDecision
from broadsheet.lexicon import (
    _ANY_STOPWORD,
    _STOPWORDS,
    FUNCTION_WORDS,
    LANG_MIN_HITS,
    WORD_RE,
    Lexicon,
    PageVocabulary,
    content_word_list,
    detect_language,
    stopword_counts,
)
from broadsheet.lines import LineFeatures, clear_page_caches, norm_letters, norm_letters_lines
from broadsheet.model import BBox, Label, Line, LineStyle, Repair
from broadsheet.segment import (
    _DIGIT_RE,
    _LOWER_WORD_RE,
    _LOWER_WORD_SHAPE,
    _NAME_WORD,
    _ORG_SUFFIX,
    BY_RE,
    CHUNK_MAX_LINES,
    CHUNK_MAX_MOVES,
    CREDIT_RE,
    ORPHAN_BLANK_COMMON_ZIPF,
    ORPHAN_BLANK_MIN_SHARE,
    ORPHAN_BLANK_MIN_SHARED,
    ORPHAN_LEAD_LINES,
    ORPHAN_MIN_SHARE,
    ORPHAN_MIN_SHARED,
    TAIL_MIN_GAIN,
    TAIL_MIN_SIMILARITY,
    TAIL_MIN_WORDS,
    TOPIC_MIN_LETTERS,
    Segment,
    _content_words,
    _credit_search,
    _Ctx,
    _is_caps_byline,
    _is_name_line,
    _joins_after,
    _line_story_words,
    _open_to,
    _orphan_margin,
    _orphan_split,
    _return_foreign_chunks,
    _story_boundary,
    _story_words,
    _stretch_gaps,
    _telling_words,
    _WordFinder,
    prints_lower_word,
    prints_titled_word,
)

ODD_TEXTS = [
    "",
    "Plain words, and punctuation!",
    "snake_case and__double",
    "soft\u00adhyphen and hard-hyphen",
    "Ünïcödé—“quoted” ½ ² ٣ x_y",
    "ΣΟΦΟΣ ΟΔΟΣ final sigma",
    "lone \ud800 surrogate",
    "tab\tand\x0bvertical",
]


def test_norm_letters_lines_matches_norm_letters() -> None:
    assert norm_letters_lines(ODD_TEXTS) == [norm_letters(t) for t in ODD_TEXTS]
    # a text holding a newline itself falls back to one text at a time
    assert norm_letters_lines(["a\nb", "C-d"]) == ["ab", "cd"]


def _vocab_by_token(lines: list[str]) -> tuple[Counter[str], Counter[str]]:
    """PageVocabulary's counts, computed token by token."""
    words: Counter[str] = Counter()
    hyphenated: Counter[str] = Counter()
    for line in lines:
        toks = line.lower().split()
        if toks and line.lstrip()[:1].islower():
            toks = toks[1:]
        if toks and toks[-1].endswith(("-", "\u00ad", "\u2010")):
            toks = toks[:-1]
        for tok in toks:
            core = tok.strip(".,;:!?\"'()[]“”‘’«»")
            if not core:
                continue
            if "-" in core or "\u2010" in core:
                inner = core.strip("-\u2010")
                if "-" in inner or "\u2010" in inner:
                    hyphenated[inner.replace("\u2010", "-")] += 1
                    for part in inner.replace("\u2010", "-").split("-"):
                        if part:
                            words[part] += 1
                    continue
                core = inner
            words[core] += 1
    return words, hyphenated


@pytest.mark.parametrize(
    "lines",
    [
        ["Self-imposed rules, well-known - and -x- y\u2010z \u2010\u2010 q"],
        ["The long-term view of a long-", "term plan -- and --a-- a--b (x)"],
        ["lower start of a line, A-B-C", "“Quoted” words and ‘more’ words.", ""],
    ],
)
def test_page_vocabulary_counts(lines: list[str]) -> None:
    vocab = PageVocabulary(lines)
    words, hyphenated = _vocab_by_token(lines)
    assert dict(vocab.words) == dict(words)
    assert dict(vocab.hyphenated) == dict(hyphenated)


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Jane Doe",
        "The minister at the summit (File photo)",
        "Protesters outside the court. Getty Images",
        "Protesters outside the court. GETTY IMAGES  ",
        "Rescue teams at work AP Photo",
        "A line ending in images",
        "A line ending in photo",
        "Ships in the harbour (Reuters)",
        "Nothing to see here",
        "",
    ],
)
def test_credit_search_matches_the_pattern(line: str) -> None:
    fast, slow = _credit_search(line), CREDIT_RE.search(line)
    assert (fast is None) == (slow is None)
    assert fast is None or slow is None or fast.span() == slow.span()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Advertisement", "ad-label"),
        ("A D V E R T I S E M E N T", "ad-label"),
        ("PAID  ADVERTISEMENT", "ad-label"),
        ("Monday, March 3, 2024", "date"),
        ("Page 3  Monday, March 3, 2024", "date"),
        ("THE DAILY WORLD Monday, March 3, 2024", "running-head"),
        ("News | 3/4/24", "running-head"),
        ("3/4/2024", "date"),
        ("www.example.com", "url"),
        ("Continued on page 4", "jump"),
        ("A12", "folio"),
        ("The plan was signed on March 3, 2024, in Rome.", None),
    ],
)
def test_furniture_kind(line: str, kind: str | None) -> None:
    assert furniture_kind(line) == kind


def test_ad_label_bound_holds() -> None:
    # the guard in furniture_kind tries AD_LABEL_RE only on strings of at most 25 characters
    assert AD_LABEL_RE.match("a d v e r t i s e m e n t")
    assert len("a d v e r t i s e m e n t") == 25


def test_raw_score_walks_the_trees() -> None:
    model = headline_model.load()
    for x in ([0.0] * len(model.features), [1.0] * len(model.features), [0.5 * k for k in range(len(model.features))]):
        z = model.init
        for tree in model.trees:
            n = 0
            while tree.left[n] != -1:
                n = tree.left[n] if x[tree.feature[n]] <= tree.threshold[n] else tree.right[n]
            z += model.rate * tree.value[n]
        assert headline_model.raw_score(x) == z


FIXTURE_PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/page.txt"))

#: Lines where a word's letters occur without it being one of the line's words.
WORD_FINDER_LINES = [
    "Lawmakers met the mayor; the mayoral race",
    "ADVERTISEMENT: mayor's sale",
    "",
    "the mayor’s office and the MAYOR",
    "Straße STRASSE strasse ΟΔΟΣ οδος",
    "İstanbul istanbul Istanbul",
    "reform-minded reformers reform",
    "a line holding\na newline: reform",
]


def _word_finder_cases() -> list[list[str]]:
    pages = [WORD_FINDER_LINES]
    pages += [path.read_text(encoding="utf-8").split("\n")[:400] for path in FIXTURE_PAGES[:4]]
    return pages


@pytest.mark.parametrize("texts", _word_finder_cases())
def test_word_finder_matches_a_word_index(texts: list[str]) -> None:
    """_WordFinder.in_lines gives what an index of every line's content words gives."""
    lines = [Line(k, 0, len(text), text) for k, text in enumerate(texts)]
    c = _Ctx(lines)
    for k in range(0, len(lines), 5):
        c.labels[k] = Label.FURNITURE  # furniture lines are left out
    finder = _WordFinder(c)
    index: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        if c.labels[k] != Label.FURNITURE:
            for w in _content_words(line.text):
                index.setdefault(w, []).append(k)
    words = sorted({w for line in lines for w in _content_words(line.text)} | {"mayor", "reform", "strasse"})
    n = len(lines)
    for w in words:
        for lo, hi in [(-5, n + 5), (0, 0), (n // 3, n // 2), (n - 3, n + 60), (4, 2)]:
            want = any(lo <= k <= hi for k in index.get(w, []))
            assert finder.in_lines(w, lo, hi) == want, (w, lo, hi)


def test_flat_trees_give_the_walk() -> None:
    z, trees = headline_model._nodes()
    n = len(headline_model.load().features)
    thresholds = sorted({t.threshold[k] for t in headline_model.load().trees for k in range(len(t.threshold))})
    vectors = [[0.0] * n, [1.0] * n, [0.5 * k for k in range(n)]]
    # values at, just under and just over the thresholds, spread over the features
    for shift in range(len(thresholds)):
        for d in (-1e-9, 0.0, 1e-9):
            vectors.append([1.0] + [thresholds[(shift + k) % len(thresholds)] + d for k in range(1, n)])
    for x in vectors:
        assert headline_model.raw_score(x) == headline_model.walk(x, z, trees)
    # a leaf above depth two, a tree that is one leaf, and a tree too deep for the flat form
    shallow: tuple[headline_model.Node, ...] = ((1, 0.5, 0.25, (2, 1.5, -1.0, 2.0)), 0.125)
    flat = headline_model.flatten(shallow)
    assert flat is not None
    for x in ([1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 1.0, 2.0], [1.0, 0.5, 1.5]):
        assert headline_model.walk_flat(x, 0.1, flat) == headline_model.walk(x, 0.1, shallow)
    assert headline_model.flatten(((1, 0.5, (2, 1.0, (1, 0.1, 1.0, 2.0), 3.0), 4.0),)) is None


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``^(?:a|b|...)$``, split at the outer bars only."""
    body = pattern[len("^(?:") : -len(")$")]
    out, depth, start = [], 0, 0
    for k, ch in enumerate(body):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            out.append(body[start:k])
            start = k + 1
    return [*out, body[start:]]


def test_ad_label_first_characters() -> None:
    firsts = {alt[0] for alt in _top_level_alternatives(AD_LABEL_RE.pattern)}
    assert firsts == {"a", "p", "s"}
    # every character the pattern's first letters match when case is ignored is in the guard
    first_re = re.compile("[" + "".join(sorted(firsts)) + "]", re.IGNORECASE)
    matching = {chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF and first_re.match(chr(cp))}
    assert matching == set(_AD_LABEL_FIRST)
    assert furniture_kind("\u017fponsored") == "ad-label"


_BY_PIECES = ["by", "BY", "By", "von", "de", "d\u0131", "bypass", "Jane", "Doe", "\u0130"]
_SPACES = ["", " ", "  ", "\t", "\u00a0", "\u2003", "\x1c", "\n"]


def test_byline_guard_matches_the_normalised_form() -> None:
    for a in _BY_PIECES:
        for sp1 in _SPACES:
            for b in ["", *_BY_PIECES[:3], "Jane"]:
                for lead in ("", " ", "\u00a0"):
                    s = lead + a + sp1 + b
                    assert bool(BY_RE.match(s.lstrip())) == bool(BY_RE.match(" ".join(s.split()))), repr(s)


def _name_line_plain(s: str) -> bool:
    """_is_name_line without its comma guard."""
    s = " ".join(s.split())
    if not s or s.endswith((".", "!", "?", ":", ";", ",")) or _DIGIT_RE.search(s):
        return False
    if _is_caps_byline(s):
        return True
    words = _ORG_SUFFIX.sub("", s).split()
    if not 2 <= len(words) <= 5 or not words[0][:1].isupper():
        return False
    if all(w.isupper() for w in words if w.isalpha()):
        return False
    return all(_NAME_WORD.match(w) for w in words)


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe",
        "  Jane   Doe  ",
        "Douglas Learmond, Reuters",
        "SANDY CRITCHLEY, REUTERS",
        "Staff Reporter",
        "jane doe",
        "Jane",
        "Jane van der Berg and Jo",
        "Mary Ann van der Berg",
        "Jane van der Berg and Jo Bloggs",
        "Jane van der Berg, and Jo Bloggs, Reuters Television",
        "One two three four five six, AP",
        "JANE DOE",
        "Jane Doe.",
        "Jane Doe 3",
        "\u00c9lise Dupont",
        "\u00e9lise Dupont",
        "Jane\u00a0Doe",
        "",
        "   ",
        ",",
        "Jane, Doe",
    ],
)
def test_name_line_guard(line: str) -> None:
    assert _is_name_line.__wrapped__(line) == _name_line_plain(line)  # type: ignore[attr-defined]


#: Characters at the edges of the lower-case word pattern: its letters (ß-ö,
#: ø-ÿ), ones just outside it (÷, Ā, capitals), word characters that are not
#: letters (digits, ², '_'), apostrophes, hyphens and white space.
_WORD_EDGE_CHARS = "abzßöøÿ÷ĀAZÉİé29²_'’- \n"


def _edge_texts(seed: int, count: int, length: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_WORD_EDGE_CHARS) for _ in range(rng.randint(0, length))) for _ in range(count)]


def test_lower_and_titled_words_match_the_patterns() -> None:
    """prints_lower_word and prints_titled_word (str.find and a look at the
    characters around) give what the regular expressions they stand for give."""
    rng = random.Random(7)
    texts = [*_edge_texts(1, 300, 40), "the offer, PARIS Paris paris's", "l'offre d’été", "x-ray -ray ray", "pre-war"]
    for text in texts:
        found = set(_LOWER_WORD_RE.findall(text))
        spans = [sorted(rng.sample(range(len(text) + 1), 2)) for _ in range(8)] if text else []
        words = found | {text[a:b] for a, b in spans} | set(_LOWER_WORD_SHAPE.findall(text))
        words |= {"ray", "war", "offer", "paris", "été", "ab", "b", "ßö", "'a"}
        for w in words:
            assert prints_lower_word(text, w) == (w in found), (text, w)
            titled = w[:1].upper() + w[1:].lower()
            want = bool(re.search(r"(?<!\w)" + re.escape(titled) + r"(?!\w)", text)) if titled else False
            assert prints_titled_word(text, w) == want, (text, w)


def test_furniture_guard_matches_the_full_test() -> None:
    """furniture_kind's guard (no dot, digit or label letter first: no kind)
    lets through every line _furniture_kind names."""
    rng = random.Random(11)
    pieces = ["Advertisement", "a d v e r t i s e m e n t", "Sponsored", "\u017fponsored", "Page", "p.", "A12",
              "www.example.com", "Monday, March 3, 2024", "3/4/24", "Continued on page 4", "continued overleaf",
              "News", "|", "•", "the", "2024", "\u0663", "\u00b2", ".", " ", "\u00a0", "\u2003", "\t"]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(3000)]
    lines += pieces + [" " + p for p in pieces] + ["\u00a0" + p for p in pieces]
    for line in lines:
        assert furniture_kind(line) == _furniture_kind(line), repr(line)


def _word_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "ab é İ ß ² ٣ _ ' ’ - . , “ ” ( ) 1 \n\t\u00a0\u2003 x'y'z l'été don't the The THE and de la è für"
    pieces = alphabet.split(" ") + [" "] * 6
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(count)]
    return texts + [path.read_text(encoding="utf-8")[:3000] for path in FIXTURE_PAGES[:3]]


def test_stopword_counts_and_language() -> None:
    """stopword_counts is the tokeniser's counts restricted to the function
    words, and detect_language picks from it what it picks from those counts."""
    assert all(w.isalpha() for w in _ANY_STOPWORD)
    rng = random.Random(4)
    stop = sorted(_ANY_STOPWORD)
    texts = [t.lower() for t in _word_texts(22, 1500)]
    texts += [" ".join(rng.choice([*stop, "x", "l'été", "(the", "de,", "d'la"]) for _ in range(40)) for _ in range(300)]
    for text in texts:
        want = {w: n for w, n in Counter(WORD_RE.findall(text)).items() if w in _ANY_STOPWORD}
        assert stopword_counts(text) == want, repr(text)
        words = Counter(WORD_RE.findall(text[:30_000].lower()))
        counts = {lang: sum(words[w] for w in st) for lang, st in _STOPWORDS.items()}
        lang, hits = max(counts.items(), key=lambda kv: kv[1])
        for default in ("en", "xx"):
            assert detect_language(text, default) == (lang if hits >= LANG_MIN_HITS else default)


def test_content_words_match_the_pattern() -> None:
    """_content_words (memoised, chunk tokeniser) gives the pattern's words, built in the same order."""
    clear_page_caches()
    for text in [*_word_texts(23, 1500), "Glazer's bid, the Glazers' plan and Ünïcödé—“quoted”"]:
        want = [w for w in WORD_RE.findall(text.lower()) if len(w) >= TOPIC_MIN_LETTERS and w not in FUNCTION_WORDS]
        got = _content_words(text)
        assert got == frozenset(want) and list(got) == list(frozenset(want)), repr(text)
        assert _content_words(text) is got
    clear_page_caches()


def test_page_vocabulary_on_generated_lines() -> None:
    rng = random.Random(24)
    pieces = ["long-", "term", "-x-", "a\u2010b", "\u00ad", "--", "Self-imposed", "“q”", "(x)", "lower", "The", " "]
    for _ in range(300):
        lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 6))]
        vocab = PageVocabulary(lines)
        words, hyphenated = _vocab_by_token(lines)
        assert vocab.words == dict(words)
        assert vocab.hyphenated == dict(hyphenated)


@dataclasses.dataclass
class _GeneratedLine:
    """Line as a generated dataclass constructor builds it (the slow form)."""

    index: int
    start: int
    end: int
    text: str
    label: Label = Label.UNASSIGNED
    why: str = ""
    bbox: BBox | None = None
    article: int | None = None
    style: LineStyle | None = None

    def __post_init__(self) -> None:
        words = self.text.split()
        self.stripped = self.text.strip()
        self.is_blank = not words
        self.indent = len(self.text) - len(self.text.lstrip(" \t"))
        self.width = len(" ".join(words))


_LINE_ATTRS = [f.name for f in dataclasses.fields(Line)]  # (the derived fields too)


def test_written_out_constructors_match_generated_ones() -> None:
    """Line and LineFeatures, whose constructors are written out, take the
    arguments a generated one takes and set the same fields."""
    # (by construction, keyword and positional: the compiled build's classes have no signature to inspect)
    init_fields = [f.name for f in dataclasses.fields(Line) if f.init]
    assert init_fields == [f.name for f in dataclasses.fields(_GeneratedLine)]
    box = BBox(1.0, 2.0, 3.0, 4.0)
    for text in [*ODD_TEXTS, "  indented  text  ", "\t tab", "   ", *_edge_texts(25, 200, 30)]:
        for args, kwargs in (
            ((3, 10, 20, text), {}),
            ((3, 10, 20, text, Label.BODY, "why", box, 2), {"style": LineStyle(box)}),
            ((), {"index": 1, "start": 0, "end": 5, "text": text, "label": Label.HEADLINE}),
            ((), {"index": 1, "start": 0, "end": 5, "text": text, "label": Label.BODY, "why": "w", "bbox": box,
                  "article": 3, "style": LineStyle(box)}),
        ):
            fast, slow = Line(*args, **kwargs), _GeneratedLine(*args, **kwargs)  # type: ignore[arg-type]
            assert [getattr(fast, n) for n in _LINE_ATTRS] == [getattr(slow, n) for n in _LINE_ATTRS]
    feats = [f.name for f in dataclasses.fields(LineFeatures)]
    generated = dataclasses.make_dataclass("GeneratedFeatures", [(n, object) for n in feats], slots=True)
    for values in ((1, 2, True, False, True, False, True, 3), (0, 0, False, False, False, False, False, 0)):
        fast_f = LineFeatures(*values)  # type: ignore[arg-type]
        assert [getattr(fast_f, n) for n in feats] == [getattr(generated(*values), n) for n in feats]
        assert fast_f == LineFeatures(**dict(zip(feats, values, strict=True)))  # type: ignore[arg-type]


def test_next_page_jump_length_bound() -> None:
    """NEXT_PAGE_JUMP_RE matches no single-spaced string longer than
    _NEXT_PAGE_JUMP_MAX_CHARS: its longest forms fit, and longer ones built
    from its pieces do not match."""
    phrases = ["continued overleaf", "continued on the next page", "cont'd on next page", "cont. over", "cont over",
               "please turn over", "p.t.o.", "pto", "suite au verso", "suite page suivante",
               "fortsetzung umseitig", "fortsetzung nächste seite", "CONTINUED ON THE NEXT PAGE", "ſuite au verſo"]
    longest = 0
    for phrase in phrases:
        for text in (phrase, f"({phrase})", f"({phrase} .)", f"({phrase}:)", f"{phrase}."):
            assert NEXT_PAGE_JUMP_RE.match(text), text
            longest = max(longest, len(text))
    assert longest <= _NEXT_PAGE_JUMP_MAX_CHARS
    rng = random.Random(26)
    pieces = [*phrases, "(", ")", ".", ":", "on", "the", "next", "page", "over", "x"]
    for _ in range(3000):
        s = " ".join(" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))).split())
        if len(s) > _NEXT_PAGE_JUMP_MAX_CHARS:
            assert not NEXT_PAGE_JUMP_RE.match(s), s


def test_line_story_words_match_the_set_form() -> None:
    """_line_story_words (memoised per line) is the possessive-stripped set of the line's content words."""
    clear_page_caches()
    for text in [*_word_texts(27, 800), "Glazer's bid and the Glazer\u2019s plan's end's"]:
        want = {w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in _content_words(text)}
        assert _line_story_words(text) == want, repr(text)
    clear_page_caches()


def _orphan_split_by_sets(c: _Ctx, seg: Segment, words_o: set[str]) -> tuple[int, int, bool] | None:
    """_orphan_split as first written: the head's and the tail's word sets built
    afresh at every split (the decision at each split is the shared _orphan_margin)."""
    body = seg.body
    words_s = _story_words(c, seg.headline + [k for d in seg.decks for k in d])
    need = max(ORPHAN_MIN_SHARED, ORPHAN_MIN_SHARE * len(words_o))
    best: tuple[int, int, bool] | None = None
    if seg.running and not seg.headline and body:
        if c.content(body[0], -1) is not None and (words_o & _story_words(c, body[:ORPHAN_LEAD_LINES])):
            shared = len(words_o & _story_words(c, body))
            if shared >= need:
                best = (shared, 0, True)
    need_blank = max(ORPHAN_BLANK_MIN_SHARED, ORPHAN_BLANK_MIN_SHARE * len(words_o))
    lex = c.lex
    telling = {w for w in words_o if lex is None or lex.zipf(w) < ORPHAN_BLANK_COMMON_ZIPF}
    for t in range(1, len(body)):
        prev, k = body[t - 1], body[t]
        set_apart = _story_boundary(c, prev, k)
        if not set_apart and not (k - prev > 1 and c.feats[prev].ends_sentence and c.feats[k].starts_upper):
            continue
        head, tail = body[:t], body[t:]
        all_h, all_t = _story_words(c, head), _story_words(c, tail)
        o_h, o_t = len(words_o & all_h), len(words_o & all_t)
        s_h, s_t = len(words_s & all_h), len(words_s & all_t)
        for takes_tail, o_in, o_out, s_in, s_out, lead in (
            (True, o_t, o_h, s_t, s_h, tail[:ORPHAN_LEAD_LINES]),
            (False, o_h, o_t, s_h, s_t, head[:ORPHAN_LEAD_LINES]),
        ):
            margin = _orphan_margin(
                c, words_o, bool(words_s), k, set_apart, takes_tail, (o_in, o_out, s_in, s_out), lead, need,
                len(telling & all_t) >= need_blank,
            )
            if margin is None:
                continue
            if best is None or margin > best[0] or (margin == best[0] and takes_tail and best[2] and best[1] > 0):
                best = (margin, t, takes_tail)
    return best


def test_orphan_split_matches_the_set_form() -> None:
    """_orphan_split (head and tail word counts kept up to date line by line)
    finds what building the word sets afresh at every split finds."""
    rng = random.Random(28)
    vocab = ["mayor", "reform", "budget", "council", "harbour", "strike", "Glazer's", "zebra", "quantum", "river"]
    fillers = ["the", "and", "said", "By Jo Bloggs", "", "", "PARIS", "of"]
    checked = 0
    for trial in range(400):
        texts = []
        for _ in range(rng.randint(4, 40)):
            if rng.random() < 0.2:
                texts.append("")
                continue
            pool = vocab[: rng.choice([4, 10])] + fillers
            words = [rng.choice(pool) for _ in range(rng.randint(1, 8))]
            words[0] = words[0].capitalize() if rng.random() < 0.7 else words[0]
            texts.append(" ".join(words) + rng.choice(["", ".", ",", "-"]))
        clear_page_caches()
        c = _Ctx([Line(k, 0, len(text), text) for k, text in enumerate(texts)])
        c.lex = Lexicon("en") if trial % 2 else None
        content = [k for k, text in enumerate(texts) if text.strip()]
        if len(content) < 3:
            continue
        head_n = rng.randint(0, 2)
        seg = Segment(headline=content[:head_n], body=content[head_n:], running=rng.random() < 0.3)
        for _ in range(4):
            words_o = set(rng.sample([w.lower().removesuffix("'s") for w in vocab], rng.randint(1, 6)))
            assert _orphan_split(c, seg, words_o) == _orphan_split_by_sets(c, seg, words_o), (texts, words_o)
            checked += 1
    clear_page_caches()
    assert checked > 500


@dataclasses.dataclass(frozen=True)
class _GeneratedRepair:
    stage: str
    action: str
    before: str
    after: str
    why: str
    offset: int | None = None


@dataclasses.dataclass(frozen=True)
class _GeneratedHyphenDecision:
    action: str
    text: str
    why: str
    confident: bool = True


@pytest.mark.parametrize(
    ("fast", "slow", "samples"),
    [
        (
            Repair,
            _GeneratedRepair,
            [("a", "b", "c", "d", "e"), ("a", "b", "", "d\n", "e", 3), ("x", "y", "z", "w", "v", None)],
        ),
        (HyphenDecision, _GeneratedHyphenDecision, [("join", "ab", "why"), ("keep", "a-b", "w", False)]),
    ],
)
def test_written_out_frozen_constructors(fast: type, slow: type, samples: list[tuple[object, ...]]) -> None:
    """Repair and HyphenDecision, whose constructors are written out, take the
    arguments a generated one takes, set the same fields, and stay frozen,
    comparable and hashable."""
    # (by construction, keyword and positional: the compiled build's classes have no signature to inspect)
    names = [f.name for f in dataclasses.fields(fast)]
    assert names == [f.name for f in dataclasses.fields(slow)]
    for args in samples:
        a, b = fast(*args), slow(*args)
        assert [getattr(a, n) for n in names] == [getattr(b, n) for n in names]
        assert dataclasses.astuple(a) == dataclasses.astuple(b)
        again = fast(**dict(zip(names, args, strict=False)))
        assert again == a and hash(again) == hash(a)
        assert again == fast(**dict(zip(names, dataclasses.astuple(b), strict=True)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.why = "changed"


def test_content_word_list_matches_the_filtered_tokens() -> None:
    for text in _word_texts(29, 1500):
        for min_letters in (1, 4):
            want = [w for w in WORD_RE.findall(text) if len(w) >= min_letters and w not in FUNCTION_WORDS]
            assert content_word_list(text, min_letters) == want, repr(text)


def test_single_spaced_matches_split_and_join() -> None:
    """single_spaced (the stripped text where its gaps are single spaces) is the words joined by spaces."""
    rng = random.Random(30)
    pieces = ["ab", "c", " ", " ", "  ", "\u00a0", "\u2003", "\t", "\n", "\x1c", "é", "-"]
    texts = [*ODD_TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000))]
    for text in texts:
        line = Line(0, 0, len(text), text)
        assert single_spaced(line, len(text.split())) == " ".join(text.split()), repr(text)


def _other_occurrence_by_steps(t: str, s: str, own: int) -> int:
    """LetterIndex.other_occurrence as first written: every occurrence in turn until one does not overlap."""
    i = t.find(s)
    while i >= 0:
        if i + len(s) <= own or i >= own + len(s):
            return i
        i = t.find(s, i + 1)
    return -1


def test_other_occurrence_matches_the_stepwise_search() -> None:
    rng = random.Random(31)
    for _ in range(3000):
        text = "".join(rng.choice("aab") for _ in range(rng.randint(1, 40)))
        idx = LetterIndex([Line(0, 0, len(text), text)], [True])
        a = rng.randint(0, len(text) - 1)
        b = rng.randint(a + 1, len(text))
        s = idx.text[a:b]
        assert idx.other_occurrence(s, a) == _other_occurrence_by_steps(idx.text, s, a), (idx.text, a, b)


def test_other_occurrence_chunk_filter_matches_the_stepwise_search() -> None:
    """The chunk counts rule out a repeat only where there is none: texts long
    enough for the filter, on letter strings with many near repeats (and some
    periodic ones, whose own chunks recur)."""
    rng = random.Random(32)
    for trial in range(3000):
        if trial % 3 == 0:
            unit = "".join(rng.choice("ab") for _ in range(rng.randint(1, 12)))
            text = (unit * 200)[: rng.randint(20, 160)]
        else:
            alphabet = "ab" if trial % 3 == 1 else "abcdefgh"
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 160)))
        idx = LetterIndex([Line(0, 0, len(text), text)], [True])
        a = rng.randint(0, len(text) - 19)
        b = rng.randint(a + 19, min(len(text), a + 60))
        s = idx.text[a:b]
        assert idx.other_occurrence(s, a) == _other_occurrence_by_steps(idx.text, s, a), (idx.text, a, b)
    # a line repeated inside other text, at every alignment
    line = "thecouncilvotedtoclosetheharbour"
    for shift in range(12):
        text = "x" * shift + "body" + line + "more" + "y" * 7 + line
        idx = LetterIndex([Line(0, 0, len(text), text)], [True])
        own = text.rindex(line)
        assert idx.other_occurrence(line, own) == text.index(line)


def test_pages_at_counts_form_feeds_like_str_count() -> None:
    """The page of each offset in a text without geometry is one plus the form
    feeds before it, found by bisecting their offsets (``str.count`` for every
    offset was quadratic on a 50 MB input with thousands of furniture items)."""
    import broadsheet
    from broadsheet.continuations import _pages_at

    rng = random.Random(7)
    pages = [f"Page {n}\nHarbour news\n\nThe board met on day {n} and voted." for n in range(1, 40)]
    text = "\n\f".join(pages)
    doc = broadsheet.rebuild(text)
    page = doc.page.text  # (the text as the engine holds it)
    assert page.count("\f") == 38
    offsets = [*sorted(rng.randrange(len(page) + 1) for _ in range(300)), 0, len(page)]
    offsets += [i for i, ch in enumerate(page) if ch == "\f"] + [i + 1 for i, ch in enumerate(page) if ch == "\f"]
    assert _pages_at(doc, offsets) == [1 + page.count("\f", 0, o) for o in offsets]


def _return_foreign_chunks_by_sets(c: _Ctx, segments: list[Segment]) -> None:
    """_return_foreign_chunks as first written: the stretch's and the rest's
    word sets built afresh for every stretch."""
    for _ in range(CHUNK_MAX_MOVES):
        best: tuple[float, Segment, int, int, Segment] | None = None
        for seg in segments:
            body = seg.body
            gaps = _stretch_gaps(body)
            if len(gaps) < 2:
                continue
            rivals = [(o, _telling_words(c, o.body)) for o in segments if o is not seg and o.body]
            for gi, t in enumerate(gaps):
                open_to = _open_to(c, rivals, body[t])
                for end in gaps[gi + 1 :]:
                    if end - t > CHUNK_MAX_LINES:
                        break
                    chunk = _telling_words(c, body[t:end])
                    rest = _telling_words(c, body[:t] + body[end:])
                    if len(chunk) < TAIL_MIN_WORDS or not rest or not _joins_after(c, body[t - 1], body[end]):
                        continue
                    here = len(chunk & rest) / math.sqrt(len(chunk) * len(rest))
                    for other, words in open_to:
                        there = len(chunk & words) / math.sqrt(len(chunk) * len(words))
                        gain = there - here
                        if there >= TAIL_MIN_SIMILARITY and gain >= TAIL_MIN_GAIN and (best is None or gain > best[0]):
                            best = (gain, seg, t, end, other)
        if best is None:
            return
        gain, seg, t, end, other = best
        moved = seg.body[t:end]
        seg.body = seg.body[:t] + seg.body[end:]
        other.body = other.body + moved


def test_return_foreign_chunks_matches_the_set_form() -> None:
    """_return_foreign_chunks (the stretch's counts kept up to date line by
    line) moves what building the word sets afresh for every stretch moves."""
    rng = random.Random(29)
    # made-up words: rare, so all of them tell stories apart
    topics = [
        ["quorvax", "plindet", "sarrow", "vembic", "tolquin", "draspen"],
        ["mirtzel", "gobrant", "fenwise", "ulkary", "prandol", "kestovin"],
        ["yarbolt", "snivvet", "halquor", "dremmick", "oslandy", "wurtle"],
    ]
    fillers = ["the", "and", "said", "of", "then", "on"]
    moved = 0
    for _trial in range(150):
        texts: list[str] = []
        blocks: list[list[int]] = []
        for _ in range(rng.randint(4, 12)):
            topic = rng.randrange(3)
            block = []
            for _ in range(rng.randint(3, 6)):
                words = [rng.choice(topics[topic] + fillers) for _ in range(rng.randint(3, 7))]
                block.append(len(texts))
                texts.append(" ".join(words))
            texts[block[0]] = texts[block[0]].capitalize()
            texts[block[-1]] += rng.choice([".", ".", " the"])
            blocks.append(block)
            texts.append("")
        clear_page_caches()
        c = _Ctx([Line(k, 0, len(text), text) for k, text in enumerate(texts)])
        c.lex = Lexicon("en")
        cut = sorted(rng.sample(range(1, len(blocks)), 2)) if len(blocks) > 3 else [1, 2]
        parts = [blocks[: cut[0]], blocks[cut[0] : cut[1]], blocks[cut[1] :]]
        segments = [Segment(body=[k for b in part for k in b]) for part in parts]
        fast, slow = copy.deepcopy(segments), copy.deepcopy(segments)
        _return_foreign_chunks(c, fast)
        _return_foreign_chunks_by_sets(c, slow)
        assert [seg.body for seg in fast] == [seg.body for seg in slow], texts
        moved += [seg.body for seg in fast] != [seg.body for seg in segments]
    clear_page_caches()
    assert moved >= 20  # the cases move text, so the comparison covers the moves
