"""Roles of lines and the split of a page into articles (text mode).

Two passes, as jusText does for web pages: first every line gets a label from
its own text (furniture patterns, byline shape, case), then labels are revised
from the neighbours (a headline is what stands before a byline or a body start,
a caption is what interrupts a sentence, a tiny "article" is an advert box).
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from .duplicates import find_pull_quotes
from .furniture import furniture_kind
from . import headline_model
from .assemble import INLINE_DATELINE_RE, LIST_ITEM_RE
from .continuations import parse_jump
from .lines import PAGE_CACHE_SIZE, LineFeatures, is_all_caps, line_features, page_cache, page_memo, title_ratio
from .model import Label, Line, Repair

# The labels the per-line loops compare with, as module names: on CPython 3.11
# reading a member through the Enum class goes through the metaclass's
# attribute hook (about 75 ns; these loops read labels thousands of times a page).
_BLANK = Label.BLANK
_BODY = Label.BODY
_BYLINE = Label.BYLINE
_FURNITURE = Label.FURNITURE
_UNASSIGNED = Label.UNASSIGNED
#: labels that next_open stops at
_OPEN_LABELS = (Label.UNASSIGNED, Label.BODY, Label.HEADLINE, Label.BYLINE, Label.DATELINE)

# ---------------------------------------------------------------------------
# Named thresholds.  Each was calibrated on the dev corpus (60 pages x 4
# extractors) by sweeping it and keeping the value that gave the best
# head/artcount/wer there, then checked on the project's own generated pages.
# ---------------------------------------------------------------------------

#: A run is a headline when the model's log-odds reach this (probability 0.3).
#: Chosen on the dev corpus (end-to-end head/artcount/wer) and checked on the
#: generated fixture pages; recall matters more than precision here because a
#: false headline inside a box is undone later (adjacent runs, tiny articles).
HEADLINE_MIN_SCORE = -0.85
#: Longest headline, in lines and in words.
HEADLINE_MAX_LINES = 6
#: ... unless the headline is set in a narrow column, a word or two a line
#: ('Simple animals / could live in / Martian brines: / Wikinews / interviews /
#: ...'): then up to this many lines while it averages at most this many words
#: a line.  Raising the plain limit to 8 took a story's first lines into a
#: headline of 4-6 words a line on the dev pages; the narrow case did not.
NARROW_HEADLINE_MAX_LINES = 8
NARROW_HEADLINE_WORDS_PER_LINE = 2.0
#: Fewer words than this make a label (section, kicker), not a headline.
HEADLINE_MIN_WORDS = 3
#: Lines narrower than this share of the column are not column lines.
BODY_WIDTH_LOW = 0.75
HEADLINE_MAX_WORDS = 24
#: A line this much wider than the page's body column spans columns.
WIDE_RATIO = 1.3
#: An "article" with fewer body words than this and no byline is a box or an
#: advert, not a story.  Dev adverts have <= 16 words; the shortest story 60.
MIN_ARTICLE_WORDS = 25
#: ... except on a page that holds nothing else: the one short text there is
#: a story when it reads as sentences and has at least this many words (a
#: pasted paragraph; adverts are display lines, dev adverts 3-16 words with
#: no sentence end).
SNIPPET_MIN_WORDS = 8
#: Short display lines ending an article's text are an advert printed after
#: it when they share at most this many content words with the article (dev
#: adverts share 0-1: 'Call to book an appointment' under a story that books).
AD_MAX_SHARED_WORDS = 1
#: An advert standing inside a story's text (see _foreign_block) has at least
#: this many words per line (dev adverts 3-6; text stretched one word per line
#: has 1-1.5).
AD_MIN_WORDS_PER_LINE = 2.0
#: ... and shares at most AD_MAX_SHARED_WORDS content words with the story, or
#: at most this share of its own (dev adverts inside text share 1-2 of 8-12,
#: common ones such as 'terms', 'days', 'free' or 'book').
AD_MAX_SHARED_SHARE = 0.25
#: Lines following an advertisement label that belong to the advert.
AD_MAX_LINES = 5
#: Longest line of an advert's later blocks (after a blank line), in words:
#: dev adverts print 2-6 words a line ('Compare quotes in minutes and save').
AD_BLOCK_MAX_WORDS = 8
#: An advert's text stops before up to this many display lines with a byline
#: under them (a headline).  Set from the dev pages, where a headline set in
#: one column takes up to 4 lines; an advert before it has 3-4 short lines.
AD_HEADLINE_LOOKAHEAD = 4
#: Captions: a line this much wider than the column, or up to this many lines.
CAPTION_WIDE_RATIO = 1.5
CAPTION_MAX_LINES = 3
CAPTION_MAX_WORDS = 40
#: A credit line that ends a caption begun on the line above holds at most
#: this many words before the credit (dev: a name's last word, 'Sumun. (AP)';
#: a whole caption line there is a caption of its own).
CAPTION_TAIL_MAX_WORDS = 2
#: Captions printed in a row between a headline and its byline: at most this
#: many (a photo's caption and its credit, or two photos' captions; dev pages
#: show one or two; more short sentences there are a story's opening).
CAPTIONS_OVER_BYLINE_MAX = 2
#: Boxes (adverts, panels) inside a text flow: at most this many lines and words.
BOX_MAX_LINES = 5
BOX_MAX_WORDS = 24
#: With geometry: text in a drawn frame, at most this many words, that
#: repeats nothing of the body is an advert or panel.  Dev adverts: 9-26 words
#: (a letter-spaced "A D V E R T I S E M E N T" label counts 13); fact boxes
#: and briefs columns on real pages run to 50 words and more.
BOXED_PANEL_MAX_WORDS = 40
#: A deck has at least this many words, and this many times the headline's.
DECK_MIN_WORDS = 8
DECK_WORDS_RATIO = 1.5
#: A line this much wider than the headline lines above it is a deck.
DECK_WIDTH_RATIO = 1.5
#: A display line this short right over a headline is a kicker or section label.
KICKER_MAX_WORDS = 3
#: With geometry (PDF, OCR with font sizes): a line set at least this many
#: times the body size is display text (headline, deck, kicker, pull quote,
#: advert).  Dev PDFs: body 1.0, bylines and captions 0.8-0.95, pull quotes and
#: decks 1.4-1.8, headlines 2-4.5; real pages looked at set small headlines
#: from about 1.3x.  Which display run is the headline is decided by size
#: among neighbours (the biggest), not by this threshold.
DISPLAY_REL_SIZE = 1.25
#: With geometry a headline is told by its type, so a long headline set in a
#: narrow column may run to more lines (dev: up to 9 lines in one column).
STYLED_HEADLINE_MAX_LINES = 12
#: ... and has at least this many words (one display word is a section label:
#: "International", "Sport"; dev headlines have 3 or more)
STYLED_HEADLINE_MIN_WORDS = 2
#: Header lines (byline, dateline) under a headline are set at most this size
#: relative to the body (dev: 0.8-0.9; body-size lines there are the text).
HEADER_MAX_REL_SIZE = 0.95
#: A drop-cap letter is looked for this many lines before its word.
DROPCAP_MAX_DISTANCE = 20
DATELINE_NEEDS_TEXT = False
#: A fragment after a drop cap that is itself a word this common ("and") is no fragment.
DROPCAP_FRAGMENT_ZIPF = 4.0
#: Topic evidence: content words (at least this many letters) looked for this
#: many lines after and before a headline candidate.  A column of a story is
#: 40-80 lines in the dev layouts; 60 reaches into the story's first column.
TOPIC_MIN_LETTERS = 4
TOPIC_WINDOW = 60
#: A block is moved after another only on this much evidence: 2 + Zipf of the
#: word a line-end hyphen makes (a hyphen join into a real word), or 1 for an
#: open sentence meeting a lower-case start.
REORDER_MIN_EVIDENCE = 2.5
#: A block opening with a capitalised word after a finished sentence goes on an
#: open block ending in a capitalised word when the page prints the two words
#: together at least this often elsewhere (a name split apart: 'Punta' /
#: 'Tombo').  Two, so that one chance pairing is not enough.
NAME_PAIR_MIN_COUNT = 2

#: Two one-word lines in a row under a headline line of at least this many
#: words are a text line printed one word per line, not more headline.  On dev
#: the one headline that does go on in one-word lines ('Simple animals ...' /
#: 'Wikinews' / 'interviews', a narrow measure) has at most 3 words on a line;
#: the headline over a stretched text line ('U.S. House issues subpoena ...' /
#: 'Friday,' / 'the') has 9.
STRETCHED_UNDER_MIN_WORDS = 4

#: A one-word first line of a display block is a line of a narrow headline, not
#: a label over it, when it is at least this share of the median width of the
#: lines under it: about as wide.  On dev the narrow headlines' first lines are
#: 1.0-1.14 of that median and the labels over headlines ('NEWS',
#: 'International') 0.19-0.53; a label over a two-line capitals headline
#: ('BUSINESS / PIER FUTURE / IN DOUBT', a test page) is 0.84.
NARROW_STACK_WIDTH_RATIO = 0.95

#: A line printed indented is a piece of a wider printed line only where the
#: page's lines start at the margin: under this share of indented lines.  On
#: the dev pages lines that start with spaces are about 1% of pdfminer's and
#: PyMuPDF's lines (all words of stretched lines) and none of the pdftotext
#: outputs'; a layout-preserving extractor indents most lines, and there
#: indentation says nothing.
INDENTED_PIECE_MAX_SHARE = 0.1
#: Upper bound on block moves per page (each move is O(blocks)).
MAX_REFLOW_MOVES = 200
#: A label line (section, kicker, paper name) has at most this many words.
DISPLAY_MAX_WORDS = 8
#: Bylines and datelines are short.
BYLINE_MAX_WORDS = 8
DATELINE_MAX_WORDS = 4
#: A place line in mixed case ('Jakarta', 'New Delhi') with no byline over it
#: is a dateline only this short: longer capitalised lines end headlines.
PLACE_LINE_MAX_WORDS = 2
#: Two display runs one over the other, each of at least this many words, can
#: be two stories' headlines (shorter ones are a label and a headline); the
#: second story starts where its headline's words come back within
#: ``STACKED_WINDOW_LINES`` lines (a story's first lines repeat its headline's
#: key words; 4 lines is about one opening sentence in a column).
STACKED_HEAD_MIN_WORDS = 4
STACKED_WINDOW_LINES = 4
#: An orphan headline (a headline whose story the extractor printed elsewhere
#: on the page, leaving it over no text or over another headline) takes a
#: stretch of another article's text only when the stretch holds at least this
#: many of its content words, more than the rest of that article does, and one
#: of them in its first ``ORPHAN_LEAD_LINES`` lines (a story's opening repeats
#: its headline's key words).  Dev: orphaned headlines share 2-6 content words
#: with their stories; 2 keeps one shared word (a name two stories on a page
#: both print) from moving text.
ORPHAN_MIN_SHARED = 2
ORPHAN_LEAD_LINES = 6
#: Where only blank lines part the stretch from the text before it (a paragraph
#: end, which pages with blank-line paragraphs print everywhere), the stretch
#: must be the article's tail and carry at least this many and this share of the
#: orphan's content words.  Set above ORPHAN_MIN_SHARED/SHARE on the dev pages:
#: with the looser floors an advert's 'garden furniture this weekend' took a
#: story's tail.
ORPHAN_BLANK_MIN_SHARED = 3
ORPHAN_BLANK_MIN_SHARE = 0.5
#: ... and win by at least this margin (orphan words in the stretch less those
#: outside, plus the article's own headline words outside less those inside).
#: On the dev and fixture pages the right splits win by 3 and 10, a story whose
#: headline was wrongly set aside (its words all through the text) by 1.
ORPHAN_BLANK_MIN_MARGIN = 3
#: ... and the words counted for that are the telling ones: words as common as
#: 'before' (Zipf 5.9) or 'more' (6.4) are left out ('talks' 4.6, 'wrong' 5.4
#: count).  A story on OPEC quota talks took another headline's 'COFFEE MAY FALL
#: MORE BEFORE NEW QUOTA TALKS' with 'before' and 'more' among its 4 words.
ORPHAN_BLANK_COMMON_ZIPF = 5.5
#: ... and at least this share of the orphan's content words (a long label
#: run, such as an advert's lines, shares a few common words with any story;
#: dev orphaned headlines share half or more of theirs).
ORPHAN_MIN_SHARE = 0.4
#: Evidence a drop cap adds to a story boundary for an orphan headline: its
#: words need come back in the stretch the letter opens only once, and at
#: least as often as in the rest (and the article it is taken from keeps some
#: of its own headline's words).  Dev: pdfminer printed 'Booming markets shed
#: few tears' over another story, whose text then ran on into the booming
#: story's drop cap; 'markets' came back on both sides of the letter.  The
#: letter is worth this many shared words (the blank-line margin, so a drop
#: cap wins a tie with a boundary that only vocabulary supports).
ORPHAN_DROPCAP_MARGIN = 3

from .lexicon import FUNCTION_WORDS, RUN_ON_WORDS, WORD_RE, Lexicon, content_word_list  # noqa: E402

#: Why display lines were set aside as furniture, where a headline whose story
#: the extractor printed elsewhere can hide (``_rehome_orphan_heads`` looks for
#: orphans among lines set aside for these reasons).
_LABEL_BEFORE_HEAD_REASON = "short label text before the first headline"
_LABEL_BEFORE_STORY_REASON = "a label before the first story"
_HEAD_OVER_HEAD_REASON = "display text right over a headline, with no text of its own"
#: Display text between a headline and its byline with at least this many
#: content words, none of them in the headline or the text under the byline, is
#: another story's headline, not a deck (a deck of 3+ content words that shares
#: nothing with its story is implausible; set small so short decks are left alone).
FOREIGN_DECK_MIN_WORDS = 3
#: ... of which display text inside a story's text is a headline only without
#: a comma (a line of text set apart reads 'Following the ruling, ...').
_BOX_REASON = "display text inside the text flow: a label, box or advert"
_FOREIGN_REASON = (
    "an advert inside the text flow: a short label, then lines that end no sentence, sharing {shared} of "
    "their {own} content words with the story"
)
_ORPHAN_REASONS = frozenset({_LABEL_BEFORE_HEAD_REASON, _LABEL_BEFORE_STORY_REASON, _HEAD_OVER_HEAD_REASON, _BOX_REASON})

_DIGIT_RE = re.compile(r"\d")
#: Two to four spaces between words: an extractor printing the stretched gaps
#: of a justified text line (pdfminer does).  No headline line of the dev
#: pages' pdfminer text has them (0 of 273); wider gaps are layout columns.
_JUSTIFIED_RE = re.compile(r"\S {2,4}\S")
_ABBREV_END_RE = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")  # "... WITH U.S."
_CLOSE_QUOTES = "\"'”’»)"
#: An article's tail (at least TAIL_MIN_LINES lines after a gap, with at least
#: TAIL_MIN_WORDS telling words, Zipf below TAIL_TELLING_ZIPF) goes to another
#: article when its word set's cosine similarity with that article's text is at
#: least TAIL_MIN_SIMILARITY and higher than with the rest of its own article by
#: TAIL_MIN_GAIN.  Calibrated on the dev pages and checked on the generated
#: fixture pages (never tuned on): 0.10/0.08 first; once a pull quote's
#: scrambled fragments no longer sat at the tails' starts, 0.07/0.07 moved two
#: more true tails (a short story's tail scores 0.075) and improved both sets
#: (dev wer 0.0459 -> 0.0447, fixture 0.207 -> 0.200); 0.06 helped dev but
#: hurt the fixtures, and 0.05 moved several wrong tails.  What decides most
#: false moves is the junction test (_joins_after), not these values.
TAIL_MIN_LINES = 3
TAIL_MIN_WORDS = 8
TAIL_TELLING_ZIPF = 4.5
TAIL_MIN_SIMILARITY = 0.07
TAIL_MIN_GAIN = 0.07
#: ... and this much (gain and similarity) where the other article's text ends
#: in a word that needs more after it or a hyphen, so the junction itself says
#: the text goes on.  On dev, 0.05 for every tail moved three wrong tails, all
#: at weak junctions; the one at a run-on junction was right.
TAIL_MIN_GAIN_RUN_ON = 0.05
#: An article's opening (see _return_foreign_openings), where the headline's
#: words come back only after it, goes to another article when at least this
#: many of its telling words are in that article's text and their share is this
#: much higher than in the rest of its own (shares, not cosine similarity: an
#: opening is a few lines, the other article a whole story).  Set on dev,
#: where one opening moves (2 of its 11 telling words in the story it ends,
#: none in its own article's rest); the fixture pages have none to move.
OPENING_MIN_SHARED = 2
OPENING_MIN_GAIN = 0.15
#: A stretch inside an article (between two gaps) moves to another article
#: on the tail floors when both junctions hold; it is at most this many lines
#: (about a column), and a page has at most CHUNK_MAX_MOVES such moves.
CHUNK_MAX_LINES = 60
CHUNK_MAX_MOVES = 8
#: ... and an opening is at most this many lines (about two columns of a story;
#: the dev one is 16): it bounds the search on long texts.
OPENING_MAX_LINES = 80
#: Lower-case words that sit inside personal names ('Ludwig van Beethoven').
_NAME_PARTICLES = frozenset("van von der den de da di del della la le du dos das bin ibn al y".split())
BY_RE = re.compile(r"^(?:by|von|par|di|por|de)\s+(?=\S)", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|and|und|et|e|y|de|da|di|del|van|von|der|le|la|&)$")
#: ', Reuters', ', the Associated Press': the organisation after a writer's name (it
#: opens in capitals: ', an Iraq War veteran' is the text going on).
_ORG_SUFFIX = re.compile(r",\s*(?:the\s+)?[A-ZÀ-ÖØ-Þ][\w .&'’-]*$")
#: Prepositions, conjunctions and verbs that join a phrase and never sit inside
#: a place name (the particles that do, as in 'Isle of Man', 'Rio de Janeiro',
#: 'Newcastle upon Tyne', 'The Hague', are not listed).  A capitals line with
#: one of them is a headline's second line, not the place a story is filed from.
_NOT_IN_PLACE = frozenset(
    """over under with without for to into onto from by after before against amid among about as than
    at in off or but is are was were will has have says said
    mit für über nach avec pour dans con per para por""".split()
)
#: Prepositions that take a place after them: a capitals line ending in one
#: ('NEUTRAL BUDGET EXPECTED IN') goes on into the place under it, which is the
#: headline's end, not a dateline.
_BEFORE_PLACE = frozenset("in near outside".split())
#: A line of at most this many words ending in a dash closes a rubric that
#: the line above it opens ('ECONOMIC / SPOTLIGHT -').
RUBRIC_MAX_WORDS = 2
#: Particles that sit inside a place name ('Isle of Man') but never open one:
#: a capitals line starting with one ('OF REBUILDING') goes on a headline.
_NOT_PLACE_START = frozenset("of and upon".split())
DATELINE_LINE_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’-]{1,30}(?:,\s*[A-Z][\w.]{1,12}\.?)?$")
CREDIT_RE = re.compile(
    r"(?:\((?:file )?(?:photo|picture|image|foto)[^)]*\)|\b(?:photo|photograph|picture|image|credit|foto|bild)\s*:\s*\S+.*"
    r"|\((?:afp|ap|epa|reuters|getty images|pa)\)\s*$|\b(?:getty images|ap photo)\s*$)",
    re.IGNORECASE,
)
#: CREDIT_RE's last branch ("... Getty Images") matches only at the end: it
#: fits in this many characters at the end of the line (with the one before it,
#: for the word boundary).
_CREDIT_TAIL_CHARS = len("getty images") + 1
#: The characters that branch can end on ("images", "photo"; the long s
#: U+017F matches "s" when case is ignored).
_CREDIT_TAIL_LAST = "sSoO\u017f"


def _credit_search(s: str) -> re.Match[str] | None:
    """``CREDIT_RE.search(s)``, skipping the search where it cannot match: every
    branch but the last needs a parenthesis or a colon, and the last one is
    anchored at the end (trailing white space aside)."""
    if "(" not in s and ":" not in s:
        tail = s.rstrip()
        if tail[-1:] not in _CREDIT_TAIL_LAST or not CREDIT_RE.search(tail[-_CREDIT_TAIL_CHARS:]):
            return None
    return CREDIT_RE.search(s)


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
    running: bool = False  # running text with no head on this page (a continuation)


@dataclass
class Layout:
    segments: list[Segment]
    furniture: list[list[int]]
    unassigned: list[int]
    repairs: list[Repair]
    column_width: float
    #: each line's features, for the assembler
    feats: list[LineFeatures]


@page_cache
def _is_byline_text(s: str) -> bool:
    # BY_RE (a word, white space, more text) matches s as printed, less its
    # leading space, where it matches s with its spaces evened: tried first
    if not BY_RE.match(s.lstrip()):
        return False
    s = " ".join(s.split())
    if not BY_RE.match(s):
        return False
    rest = BY_RE.sub("", s)
    words = rest.split()
    if s[:1].islower() and any(w.islower() and w not in _NAME_PARTICLES for w in words):
        return False  # 'by Jonathan Ross from ITV's': a sentence going on, not a name under a lower-case 'by'
    return 1 <= len(words) <= BYLINE_MAX_WORDS and rest[:1].isupper() and not rest.endswith((".", "!", "?")) or (
        bool(words) and len(words) <= BYLINE_MAX_WORDS and rest.endswith(".") and len(words[-1]) <= 3
    )


@page_cache
def _is_name_line(s: str) -> bool:
    """'Jane Doe', 'Douglas Learmond, Reuters', 'Staff Reporter'."""
    words = s.split()
    if "," not in s and not (2 <= len(words) <= 5 and words[0][:1].isupper()):
        # without a comma the caps byline and the organisation suffix below
        # cannot match, so the words checked are the line's own: too few, too
        # many, or not capitalised
        return False
    s = " ".join(words)
    if not s or s.endswith((".", "!", "?", ":", ";", ",")) or _DIGIT_RE.search(s):
        return False
    if _is_caps_byline(s):
        return True
    core = _ORG_SUFFIX.sub("", s)
    words = core.split()
    if not 2 <= len(words) <= 5:
        return False
    if not words[0][:1].isupper():
        return False
    if all(w.isupper() for w in words if w.isalpha()):
        return False  # all caps: a dateline or a kicker, not a name
    return all(_NAME_WORD.match(w) for w in words)


_CAPS_BYLINE_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ'’.-]+(?: [A-ZÀ-ÖØ-Þ'’.-]+){1,3}, [A-ZÀ-ÖØ-Þ][\w&.-]*(?: [A-Z][\w&.-]*)?$")


_CAPS_NAME_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]*(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]*){1,3}$")


@page_cache
def _is_caps_byline(s: str) -> bool:
    """'SANDY CRITCHLEY, REUTERS': a capitalised name and an organisation."""
    return bool(_CAPS_BYLINE_RE.match(" ".join(s.split())))


_PLACE_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?: [\wÀ-ÿ'’.-]+){0,2}(?:, [A-Z][\w.]{1,12})?$")


@page_cache
def _is_place_after_byline(s: str) -> bool:
    """'Washington', 'New york', 'Portland, Ore.': a place line, by position under a byline."""
    s = " ".join(s.split())
    return len(s.split()) <= DATELINE_MAX_WORDS and bool(_PLACE_RE.match(s)) and not _DIGIT_RE.search(s)


#: A word the page prints in lower case: ``_LOWER_WORD_RE`` finds them in the
#: page's text; ``_LOWER_WORD_SHAPE`` is the shape of one (what can be found),
#: ``_LOWER_WORD_CHARS`` the characters that go on one (it ends before any other).
_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-zß-öø-ÿ][a-zß-öø-ÿ'’]+")
_LOWER_WORD_SHAPE = re.compile(r"[a-zß-öø-ÿ][a-zß-öø-ÿ'’]+")
_LOWER_WORD_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyz'’" + "".join(map(chr, range(0xDF, 0xF7))) + "".join(map(chr, range(0xF8, 0x100)))
)


def _is_word_char(ch: str) -> bool:
    """``\\w`` in a regular expression over ``str``: a letter or digit (``isalnum``) or '_'."""
    return ch.isalnum() or ch == "_"


def prints_lower_word(text: str, w: str) -> bool:
    """Is ``w`` one of ``_LOWER_WORD_RE.findall(text)``?

    Found with ``str.find`` instead of collecting every word of the page: a
    match of the pattern starts where the character before is no word
    character, apostrophe or hyphen (so no match starts inside another) and
    takes every word character of the pattern after it, so ``w`` is one exactly
    where it has the pattern's shape and occurs with such a character (or the
    text's start) before it and none of the pattern's characters after it.
    """
    if not _LOWER_WORD_SHAPE.fullmatch(w):
        return False
    n = len(w)
    i = text.find(w)
    while i >= 0:
        if (i == 0 or not (_is_word_char(text[i - 1]) or text[i - 1] in "'’-")) and (
            i + n == len(text) or text[i + n] not in _LOWER_WORD_CHARS
        ):
            return True
        i = text.find(w, i + 1)
    return False


def prints_titled_word(text: str, w: str) -> bool:
    """Does ``text`` print ``w`` with a capital and then lower case ('Paris' for
    'PARIS') as a whole word (no word character either side)?"""
    titled = w[:1].upper() + w[1:].lower()
    n = len(titled)
    if not n:
        return False
    i = text.find(titled)
    while i >= 0:
        if (i == 0 or not _is_word_char(text[i - 1])) and (i + n == len(text) or not _is_word_char(text[i + n])):
            return True
        i = text.find(titled, i + 1)
    return False


def _common_words_line(c: _Ctx, k: int) -> bool:
    """Are all words of capitals line ``k`` printed in lower case elsewhere on the
    page?  Then they are common words ('OFFER': 'the offer was ...'), not a place
    name, which the text prints capitalised ('Paris')."""
    words = [w.lower() for w in c.lines[k].text.split() if w.isalpha()]
    return bool(words) and all(c.prints_lower(w) for w in words)


def _name_words_line(c: _Ctx, k: int) -> bool:
    """Does the page print every word of line ``k`` capitalised in its text
    ('Paris' for 'PARIS' or 'Paris') and never in lower case?  Then the line
    names something: a place."""
    words = [w for w in c.lines[k].text.split() if w.isalpha()]
    if not words or any(c.prints_lower(w.lower()) for w in words):
        return False
    text = c.page_text()
    return all(prints_titled_word(text, w) for w in words)


def _caps_name_under(c: _Ctx, seg: Segment, k: int) -> bool:
    """Is line ``k`` a byline set in capitals ('AISHA BELLO') under the
    sentence-case headline of ``seg``, not the place it is filed from?  Two to
    four capitalised words, none of which the page prints anywhere else in any
    case: a place the story is filed from comes back in the text or the page's
    other datelines ('NEW YORK', 'Paris'), its writer's name does not.  Under a
    capitals headline a capitals line is left to the place rules."""
    if not seg.headline or all(c.feats[h].all_caps for h in seg.headline):
        return False
    text = " ".join(c.lines[k].text.split())
    if not _CAPS_NAME_RE.match(text):
        return False
    page = c.page_text()
    for w in text.split():
        if not w.isalpha():
            return False
        if c.prints_lower(w.lower()) or prints_titled_word(page, w) or page.count(w) > 1:
            return False
    return True


@page_cache
def _is_dateline_line(s: str) -> bool:
    words = s.split()
    if not words or len(words) > DATELINE_MAX_WORDS:
        return False
    s = " ".join(words)
    lowered = s.lower().split()
    if any(w in _NOT_IN_PLACE for w in lowered) or lowered[0] in _NOT_PLACE_START:
        return False  # 'OVER DEBT STRATEGY', 'BRAZIL LINK WITH IMF', 'OF REBUILDING': a phrase, not a place
    return bool(DATELINE_LINE_RE.match(s)) and sum(c.isalpha() for c in s) >= 3


def column_width(lines: list[Line], feats: list[LineFeatures], labels: list[Label]) -> float:
    """Typical width of body lines: lines that run on into a lower-case line."""
    widths = [
        feats[i].width
        for i in range(len(lines) - 1)
        if labels[i] == _UNASSIGNED
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
        self.feats = line_features(lines)
        self.labels = [_BLANK if ln.is_blank else _UNASSIGNED for ln in lines]
        self.why = ["" for _ in lines]
        self.repairs: list[Repair] = []
        self.W = 40.0
        self.dropcaps: set[int] = set()
        self.word_finder: _WordFinder | None = None
        self.lex: Lexicon | None = None
        self.telling: dict[int, frozenset[str]] = {}
        self.telling_word: dict[str, bool] = {}  # story word -> rare enough to tell stories apart
        self.dropcap_target: dict[int, int] = {}
        self._flat: str | None = None
        self._lower_words: dict[str, bool] = {}
        self._text: str | None = None
        self._pairs: Counter[tuple[str, str]] | None = None
        self._indented_share: float | None = None
        # blank lines before each line, for blank_between
        self._blanks = list(accumulate((ln.is_blank for ln in lines), initial=0))
        # type sizes decide headlines only where the page has some display type
        # (OCR without font sizes, or headlines set in body-size capitals, keep
        # the text-mode evidence)
        self.styled = any(
            ln.style is not None
            and ln.style.exact_size
            and ln.style.size > 0
            and ln.style.rel_size >= DISPLAY_REL_SIZE
            and len(ln.stripped) > 2
            for ln in lines
        )

    def word_pairs(self) -> Counter[tuple[str, str]]:
        """How often each pair of words follows each other on the page, across
        line ends too (letters only, case kept: 'Punta' 'Tombo')."""
        if self._pairs is None:
            words = [m.group(0) for m in WORD_RE.finditer(self.page_text())]
            self._pairs = Counter(itertools.pairwise(words))
        return self._pairs

    def flat_text(self) -> str:
        """The page's words in one lower-case string, one space between lines."""
        if self._flat is None:
            self._flat = " " + " ".join(" ".join(ln.text.split()) for ln in self.lines).lower() + " "
        return self._flat

    def page_text(self) -> str:
        """The page's lines joined, as printed."""
        if self._text is None:
            self._text = "\n".join(ln.text for ln in self.lines)
        return self._text

    def prints_lower(self, w: str) -> bool:
        """Does the page print ``w`` in lower case somewhere (a common word, not a name)?"""
        hit = self._lower_words.get(w)
        if hit is None:
            hit = self._lower_words[w] = prints_lower_word(self.page_text(), w)
        return hit

    def out_of_line_piece(self, i: int) -> bool:
        """Is line ``i`` printed indented on a page whose lines start at the
        margin?  Then it is a piece of a wider printed line that the extractor
        set apart (a word of a stretched line: '  United' over 'On   Monday,'),
        never a line of its own such as a place."""
        if not self.lines[i].text[:1].isspace():
            return False
        if self._indented_share is None:
            content = [ln.text for ln in self.lines if not ln.is_blank]
            indented = sum(1 for t in content if t[:1].isspace())
            self._indented_share = indented / max(1, len(content))
        return self._indented_share < INDENTED_PIECE_MAX_SHARE

    def set(self, i: int, label: Label, why: str) -> None:
        self.labels[i] = label
        self.why[i] = why

    def content(self, i: int, step: int) -> int | None:
        """Next line from ``i`` (exclusive) in direction ``step`` that is not blank."""
        j = i + step
        while 0 <= j < len(self.lines):
            if self.labels[j] != _BLANK:
                return j
            j += step
        return None

    def next_open(self, i: int, step: int = 1) -> int | None:
        """Next non-blank line that is still unassigned or body-like (skips furniture, quotes)."""
        j = i + step
        while 0 <= j < len(self.lines):
            if j not in self.dropcaps and self.labels[j] in _OPEN_LABELS:
                return j
            j += step
        return None

    def blank_between(self, i: int, j: int) -> bool:
        lo, hi = (i, j) if i < j else (j, i)
        if hi - lo < 2:
            return False
        if lo < -1 or hi > len(self.lines):
            return any(self.lines[k].is_blank for k in range(lo + 1, hi))
        return self._blanks[hi] > self._blanks[lo + 1]


def _mark_furniture(c: _Ctx) -> None:
    n = len(c.lines)
    i = 0
    while i < n:
        if c.labels[i] != _UNASSIGNED:
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
                or c.labels[prev] == Label.FURNITURE
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
                        if not taken:
                            j += 1
                            continue
                        size = _advert_block_at(c, j + 1)
                        if not size or taken + size > AD_MAX_LINES:
                            break  # (a block is taken whole or not at all)
                        j += 1
                        while j < n and not c.lines[j].is_blank:
                            c.set(j, Label.FURNITURE, "text of the advertisement labelled above")
                            taken += 1
                            j += 1
                        continue
                    if c.feats[j].words > 12 or c.labels[j] != Label.UNASSIGNED or furniture_kind(c.lines[j].text):
                        break
                    if _headline_with_byline_at(c, j, in_advert=True):
                        break  # a headline with its byline under it: the advert ended before
                    if _is_lone_capital(c.lines[j].stripped):
                        break  # a drop cap: a story opens here, the advert ended before
                    c.set(j, Label.FURNITURE, "text of the advertisement labelled above")
                    taken += 1
                    j += 1
                i = j
                continue
        i += 1


def _advert_block_at(c: _Ctx, j: int) -> int:
    """How many lines of the block from ``j`` (up to a blank line) go on an
    advert over it (0: none)?  Short display lines (at most AD_BLOCK_MAX_WORDS words, none
    ending a sentence) with no text or 'By' line after them (furniture
    skipped): a headline stands over text or a byline.
    An advert's lines come in blocks ('GRAND OPENING' / 'Bella Cucina Italian
    Kitchen' 'Book your table today' / 'Home Insurance' / ...)."""
    k = j
    while k < len(c.lines) and not c.lines[k].is_blank:
        f = c.feats[k]
        if c.labels[k] != _UNASSIGNED or f.words > AD_BLOCK_MAX_WORDS or f.ends_sentence or f.ends_hyphen:
            return 0
        k += 1
    if k == j or _headline_with_byline_at(c, j, in_advert=True):
        return 0
    after = c.content(k - 1, 1)
    while after is not None and (c.labels[after] == Label.FURNITURE or furniture_kind(c.lines[after].text)):
        after = c.content(after, 1)  # (past furniture: 'Continued from Page 2' under a headline)
    if after is None:
        return k - j
    if c.labels[after] == Label.BYLINE or _is_byline_text(c.lines[after].text):
        return 0
    if c.labels[after] == _UNASSIGNED and (_body_like(c, after) or c.feats[after].ends_sentence):
        return 0
    return k - j


def _place_over_text(c: _Ctx, k: int) -> bool:
    """A one- or two-word place in mixed case ('Jakarta') with running text under it."""
    text = c.lines[k].text
    if len(text.split()) > PLACE_LINE_MAX_WORDS or not _is_place_after_byline(text) or c.feats[k].all_caps:
        return False
    if sum(ch.isalpha() for ch in text) < 3 or c.feats[k].ends_sentence:
        return False
    before = c.content(k, -1)
    after = c.content(k, 1)
    if after is None or c.labels[after] != Label.UNASSIGNED or not c.feats[after].starts_upper:
        return False
    # 'Triple triumph for Little / Britain', 'President / Donald / Trump': a name
    # running on across the line ends, which the page prints whole elsewhere
    if _joined_elsewhere(c, before, k) or _joined_elsewhere(c, k, after):
        return False
    if _opens_with_place(c, after):
        return False  # the story names its place inline ('LONDON — Revenues at'): this line is no place
    return _column_line(c, after)


def _opens_with_place(c: _Ctx, k: int) -> bool:
    """Does the text from line ``k`` open with an inline dateline ('LONDON —'),
    at line ``k`` or at the first line of the next block (past a caption)?"""
    if INLINE_DATELINE_RE.match(c.lines[k].stripped):
        return True
    j = k
    while j + 1 < len(c.lines) and not c.lines[j + 1].is_blank:
        j += 1
    nxt = c.content(j, 1)
    return nxt is not None and INLINE_DATELINE_RE.match(c.lines[nxt].stripped) is not None


def _joined_elsewhere(c: _Ctx, a: int | None, b: int | None) -> bool:
    """Does the page print line ``a``'s last word and line ``b``'s first word
    side by side somewhere else (so the two lines are one phrase broken)?"""
    if a is None or b is None:
        return False
    ta, tb = c.lines[a].stripped.split(), c.lines[b].stripped.split()
    if not ta or not tb:
        return False
    return c.flat_text().count(f" {ta[-1]} {tb[0]} ".lower()) > 1


def _headline_with_byline_at(c: _Ctx, j: int, in_advert: bool = False) -> bool:
    """Do lines ``j``.. read as a short headline with a byline under it?

    Up to ``AD_HEADLINE_LOOKAHEAD`` short display lines, none ending a
    sentence, then a byline, name or dateline line that a body follows
    (``AISHA BELLO`` with no ``By`` reads like a place).  An advert's
    text ends before such a headline.
    """
    k = j
    lines = 0
    while k < len(c.lines) and lines <= AD_HEADLINE_LOOKAHEAD:
        if c.lines[k].is_blank:
            k += 1
            continue
        if c.labels[k] != _UNASSIGNED:
            return False
        text = c.lines[k].text
        if lines and (_is_byline_text(text) or _is_name_line(text) or _is_dateline_line(text)):
            if not _follows_as_header(c, k):
                return False
            if not in_advert or _is_byline_text(text):
                return True
            # in an advert a name with no 'By' ('Bella Cucina Italian Kitchen')
            # signs a story only over its text (a sentence, or lines running
            # on) or over the rest of a story's header (a place, a byline)
            after = c.next_open(k, 1)
            if after is None:
                return False
            then = c.content(after, 1)
            nxt_text = c.lines[after].text
            return (
                _is_byline_text(nxt_text)
                or _is_name_line(nxt_text)
                or _is_dateline_line(nxt_text)
                or _body_like(c, after)
                or c.feats[after].ends_sentence
                or (then is not None and c.feats[then].starts_lower)
            )
        if lines and _place_over_text(c, k):
            return True
        f = c.feats[k]
        s = c.lines[k].stripped
        if f.words > DISPLAY_MAX_WORDS or f.ends_sentence or furniture_kind(text):
            return False
        if s.endswith((":", ",")) or ". " in s or _credit_search(s):
            return False  # a caption or credit, not a headline
        lines += 1
        k += 1
    return False


def _is_lone_capital(s: str) -> bool:
    """A line that is one capital letter: the shape of a drop cap torn off its word."""
    return len(s) == 1 and s.isalpha() and s.isupper()


def _title_between(c: _Ctx, d: int, k: int) -> bool:
    """A few title lines between a drop cap and a fragment below it, no sentence among them.

    Drawing-order extractors print the letter, then the headline (and byline), then
    the rest of the word: 'T / The budget facing the US / he budget proposals'.
    """
    between = [j for j in range(d + 1, k) if not c.lines[j].is_blank]
    if not between or len(between) > HEADLINE_MAX_LINES or not c.feats[between[0]].starts_upper:
        return False
    if any(c.feats[j].ends_sentence for j in between):
        return False
    # only the last of them may run on into lower case (into the fragment), or a
    # word broken at a hyphen ('two life- / saving'); a line over another
    # lower-case line is running text ('... for 33 / months plans')
    return not any(c.feats[b].starts_lower and not c.feats[a].ends_hyphen for a, b in itertools.pairwise(between))


def _mark_dropcaps(c: _Ctx, lex: Lexicon | None) -> list[int]:
    """Lone capitals, and the lower-case word fragment each one starts.

    The fragment's line is then read as a sentence start (its features say so),
    so a headline right above it is not taken for running text.
    """
    out = []
    for i, ln in enumerate(c.lines):
        s = ln.stripped
        if c.labels[i] == _UNASSIGNED and _is_lone_capital(s):
            out.append(i)
            c.dropcaps.add(i)
            c.set(i, Label.BODY, "a lone capital: a drop cap")
    for d in out:
        letter = c.lines[d].stripped
        lo, hi = max(0, d - 3), min(len(c.lines), d + DROPCAP_MAX_DISTANCE)
        for k in range(lo, hi):
            if k == d or c.labels[k] != Label.UNASSIGNED:
                continue
            m = WORD_RE.match(c.lines[k].stripped)
            word = m.group(0) if m else ""
            if not word:
                continue
            if not c.feats[k].starts_lower:
                # "U" + "S singer": a capital fragment that makes a word with the letter
                if not (word.isupper() and len(word) <= 2 and lex is not None and lex.zipf(letter + word) >= DROPCAP_FRAGMENT_ZIPF):
                    continue
            prev = c.content(k, -1)
            if lex is not None:
                zw, zj = lex.zipf(word), lex.zipf(letter + word)
                if zj == 0.0 and zw > 0.0:
                    continue  # the letter makes no word with it ("T" + "post")
                if zw >= DROPCAP_FRAGMENT_ZIPF and zj < zw:
                    # a real word on its own ("and", "the"): not a fragment, unless
                    # the letter makes a common word too ("M" + "any") and the line
                    # opens in lower case where a sentence must start
                    opens = prev is None or prev == d or c.feats[prev].ends_sentence
                    if not (opens and zj >= DROPCAP_FRAGMENT_ZIPF):
                        continue
            if prev is not None and prev != d and not c.feats[prev].ends_sentence and c.feats[prev].starts_upper is not None:
                if _body_like(c, prev) and not c.feats[prev].ends_sentence and not _title_between(c, d, k):
                    continue
            c.feats[k].starts_lower = False
            c.feats[k].starts_upper = True
            c.dropcap_target[d] = k
            break
    return out


def _place_dropcaps(c: _Ctx, segments: list[Segment], caps: list[int]) -> None:
    """Move each drop-cap letter right before the lower-case word fragment it starts."""
    for d in caps:
        for seg in segments:
            if d in seg.body:
                seg.body.remove(d)
        target: tuple[Segment, int] | None = None
        known = c.dropcap_target.get(d)
        if known is not None:
            seg_k = next((sg for sg in segments if known in sg.body), None)
            if seg_k is not None:
                seg_k.body.insert(seg_k.body.index(known), d)
                continue
        for k in range(d + 1, min(len(c.lines), d + DROPCAP_MAX_DISTANCE)):
            if not c.feats[k].starts_lower:
                continue
            holder = next((sg for sg in segments if k in sg.body), None)
            if holder is None:
                continue
            pos = holder.body.index(k)
            prev = holder.body[pos - 1] if pos else None
            if prev is None or c.feats[prev].ends_sentence or prev < d:
                target = (holder, pos)
                break
        if target is None:
            fallback = _segment_for_line(segments, d)
            if fallback is not None:
                fallback.body.append(d)
                fallback.body.sort()
            continue
        seg, pos = target
        seg.body.insert(pos, d)


def _mark_pull_quotes(c: _Ctx) -> list[list[int]]:
    usable = [lab == _UNASSIGNED for lab in c.labels]
    runs = find_pull_quotes(c.lines, usable)
    out = []
    for run in runs:
        for k in run.lines:
            c.set(k, Label.PULL_QUOTE, run.why)
        out.append(run.lines)
    return out


def _mark_boxed_panels(c: _Ctx) -> None:
    """With geometry: short text in a drawn frame that repeats nothing of the
    body is an advertisement or a panel, not a story (a framed pull quote was
    found as a repeat before this runs)."""
    boxes: dict[tuple[int, int], list[int]] = {}
    for i, ln in enumerate(c.lines):
        st = ln.style
        if st is not None and st.box >= 0:
            boxes.setdefault((st.page, st.box), []).append(i)
    for members in boxes.values():
        if any(c.labels[i] == Label.PULL_QUOTE for i in members):
            continue
        words = sum(c.feats[i].words for i in members)
        if words > BOXED_PANEL_MAX_WORDS:
            continue
        for i in members:
            if c.labels[i] == Label.UNASSIGNED:
                c.set(i, Label.FURNITURE, f"{words} words in a drawn frame, repeating nothing of the body: an advert or panel")


def _body_like(c: _Ctx, i: int) -> bool:
    """A line that sits in a column's text flow: column-wide and running on."""
    f = c.feats[i]
    if f.ends_hyphen:
        return True
    if not (BODY_WIDTH_LOW * c.W <= f.width <= WIDE_RATIO * c.W):
        return False
    after = c.content(i, 1)
    if after is None:
        return False
    fa = c.feats[after]
    return fa.starts_lower or fa.ends_hyphen


def _stretched_under(c: _Ctx, run: list[int], k: int) -> bool:
    """Do one-word lines start at line ``k``, under headline lines of many
    words ('... special envoy to Ukraine resigns' / 'Friday,' / 'the' /
    'United')?  That is a justified text line printed one word per line (plain
    pdftotext does this with stretched word gaps), not more headline: a
    headline set in a narrow measure is narrow from its first line."""
    if max(c.feats[x].words for x in run) < STRETCHED_UNDER_MIN_WORDS:
        return False
    if run[0] > 0 and not c.lines[run[0] - 1].is_blank:
        return False  # lines inside running text: cutting them short only makes a false headline likelier
    after = c.content(k, 1)
    return after is not None and after == k + 1 and c.feats[after].words == 1


def _past_dropcap(c: _Ctx, last: int, k: int) -> int:
    """The display line after line ``last``, where ``k`` comes next.  Past
    another story's drop cap printed inside a headline ('... wife involved in'
    / 'Y' / 'fatal collision') when the headline plainly goes on: its line ends
    in a word that needs more (a function word or a preposition) and the line
    after the letter opens in lower case; otherwise ``k``."""
    text = c.lines[last].stripped
    if k not in c.dropcaps or not (_ends_function_word(text) or _ends_before_place(text)):
        return k
    after = c.content(k, 1)
    if after is None or after != k + 1 or not c.lines[after].stripped[:1].islower() or _body_like(c, after):
        return k
    return after


def _block_run(c: _Ctx, i: int) -> list[int] | None:
    """The blank-delimited block starting at ``i``, if all of it can be display text."""
    if i > 0 and not (c.lines[i - 1].is_blank or c.labels[i - 1] == _FURNITURE):
        return None
    run: list[int] = []
    k = i
    words = 0
    while k < len(c.lines) and not c.lines[k].is_blank:
        if run:
            k = _past_dropcap(c, run[-1], k)
        if c.labels[k] != _UNASSIGNED:
            break
        run.append(k)
        words += c.feats[k].words
        if len(run) > HEADLINE_MAX_LINES or words > HEADLINE_MAX_WORDS:
            return None
        k += 1
    if len(run) < 2 or (k < len(c.lines) and not c.lines[k].is_blank and c.labels[k] == Label.UNASSIGNED):
        return None
    texts = [c.lines[x].stripped for x in run]
    if (
        any(t.endswith(".") and not _ABBREV_END_RE.search(t) for t in texts)
        or texts[-1].endswith((",", ";", ":"))
        or c.feats[run[-1]].ends_hyphen
    ):
        return None
    if any(c.feats[x].ends_hyphen for x in run) and not all(c.feats[x].all_caps for x in run):
        return None
    return run


def _styled_header_role(c: _Ctx, j: int, seg: Segment) -> tuple[Label, str] | None:
    """With geometry: a short line under the headline set smaller than the body
    is its byline when bold, its dateline (the place) when in roman."""
    st = c.lines[j].style
    f = c.feats[j]
    if st is None or c.labels[j] != Label.UNASSIGNED or st.size <= 0 or st.rel_size > HEADER_MAX_REL_SIZE:
        return None
    if f.ends_sentence or not f.starts_upper or st.italic:
        return None
    if st.bold and not seg.byline and f.words <= BYLINE_MAX_WORDS + 1:
        return Label.BYLINE, f"a short bold line under the headline, {st.rel_size:.2f} times the body size"
    if not st.bold and not seg.dateline and f.words <= DATELINE_MAX_WORDS:
        return Label.DATELINE, f"a short roman line under the headline, {st.rel_size:.2f} times the body size: the place"
    return None


def _styled_headline_run(c: _Ctx, i: int) -> tuple[list[int], float, list[str]] | None:
    """With geometry: the display lines from ``i`` set in one size, scored by that size."""
    st = c.lines[i].style
    if st is None or st.rel_size < DISPLAY_REL_SIZE or i in c.dropcaps:
        return None
    if len(c.lines[i].stripped) <= 2 and c.feats[i].words == 1:
        return None  # a drop cap letter
    run = [i]
    k = i
    while len(run) < STYLED_HEADLINE_MAX_LINES:
        nxt = c.content(k, 1)
        if nxt is None or c.labels[nxt] != Label.UNASSIGNED:
            break
        ns = c.lines[nxt].style
        if ns is None or ns.page != st.page or abs(ns.size - st.size) > 0.08 * st.size:
            break
        if ns.block != st.block and (ns.column != st.column or ns.bbox.y0 - c.lines[k].style.bbox.y1 > st.size):  # type: ignore[union-attr]
            break
        run.append(nxt)
        k = nxt
    if sum(c.feats[k].words for k in run) < STYLED_HEADLINE_MIN_WORDS:
        return None  # a one-word display line is a section label, not a headline
    why = f"set in {st.size:.1f} pt, {st.rel_size:.1f} times the body size"
    return run, st.rel_size, [why]


def _ends_before_place(s: str) -> bool:
    """Does the line end in a preposition that takes a place ('... EXPECTED IN')?"""
    return s.rsplit(" ", 1)[-1].lower() in _BEFORE_PLACE


def _inside_stretched_line(c: _Ctx, i: int) -> bool:
    """Does line ``i`` go on a justified line printed one word per line?

    Some extractors print a line whose word gaps were stretched as one word per
    line with a line of spaces between them ('Romania,', ' ', 'Stan'); a gap
    line (spaces, not empty) after a lone word that ends no sentence means the
    line at ``i`` is the same printed line going on.
    """
    if i < 2:
        return False
    gap, piece = c.lines[i - 1].text, c.lines[i - 2].stripped
    return bool(gap) and not gap.strip() and bool(piece) and " " not in piece and not c.feats[i - 2].ends_sentence


def _headline_run(c: _Ctx, i: int) -> list[int]:
    """Lines from ``i`` that read as one headline (before a byline, deck or body start)."""
    block = _block_run(c, i)
    if block is not None:
        # labels stacked over the headline (section, kicker) are not part of it
        # (one: a stack of one-word lines is a narrow headline, not a pile of labels)
        if len(block) > 1 and _kicker_line(c, block[0], block[1]) and not _narrow_stack(c, block):
            block.pop(0)
        # a much wider, longer line under the headline lines starts its deck
        for pos in range(1, len(block)):
            f = c.feats[block[pos]]
            if f.words >= 6 and f.width > DECK_WIDTH_RATIO * max(c.feats[k].width for k in block[:pos]):
                block = block[:pos]
                break
        # a block can end with the byline or place line: they are not headline
        while len(block) > 1 and (_header_line(c.lines[block[-1]].text) or _place_ending_block(c, block)):
            last = c.lines[block[-1]].text
            if _ends_before_place(c.lines[block[-2]].stripped) and _is_dateline_line(last):
                break  # 'NEUTRAL BUDGET EXPECTED IN / SINGAPORE': the place ends the headline's phrase
            if (
                _is_dateline_line(last)
                and all(c.feats[k].all_caps for k in block[:-1])
                and not _is_caps_byline(last)
                and not _name_words_line(c, block[-1])
            ):
                break  # a capitals line under a capitals headline: its last line (unless the text names it: 'PARIS')
            if _is_name_line(last) and not (_is_byline_text(last) or _is_caps_byline(last) or "," in last):
                if _topic_features(c, [block[-1]])[0] > 0.0:
                    break  # its words recur in the story: part of the headline
            block.pop()
        return block
    run = [i]
    words = c.feats[i].words
    caps = c.feats[i].all_caps
    j = i
    while len(run) < HEADLINE_MAX_LINES or (
        len(run) < NARROW_HEADLINE_MAX_LINES and words <= NARROW_HEADLINE_WORDS_PER_LINE * len(run)
    ):
        nxt = c.content(j, 1)
        if nxt is not None:
            nxt = _past_dropcap(c, j, nxt)
        if nxt is None or c.labels[nxt] != _UNASSIGNED:
            break
        f = c.feats[nxt]
        text = c.lines[nxt].text
        if nxt in c.dropcap_target.values():
            break
        if _is_byline_text(text) or _is_caps_byline(text):
            break
        if _is_name_line(text) and _follows_as_header(c, nxt) and _name_ends_headline(c, nxt):
            break
        if f.ends_sentence and c.lines[nxt].stripped.rstrip(_CLOSE_QUOTES)[-1:] in "?!" and not _body_like(c, nxt):
            run.append(nxt)  # a question or exclamation ends the headline
            break
        if f.ends_sentence and caps and _ABBREV_END_RE.search(c.lines[nxt].stripped):
            run.append(nxt)  # "... DEAL WITH U.S.": an abbreviation ends the headline
            break
        if f.ends_sentence and (c.lines[nxt].stripped.endswith(".") or not caps):
            break
        if f.ends_hyphen and not caps:
            break
        if caps != f.all_caps:
            break
        if caps and _is_dateline_line(text) and not _runs_on(c.lines[j].stripped) and not _common_words_line(c, nxt):
            nn = c.content(nxt, 1)
            if nn is not None and not c.feats[nn].all_caps and not _is_byline_text(c.lines[nn].text) and not _is_name_line(c.lines[nn].text):
                break
        if c.blank_between(j, nxt) and not caps:
            break
        if len(run) >= 2 and _place_over_text(c, nxt):
            break  # the place the story is filed from, over its first line
        if _body_like(c, nxt) and not _headline_with_byline_at(c, nxt):
            break  # (a column-wide line goes on a headline that a byline or place line ends)
        if len(run) >= HEADLINE_MAX_LINES and not (f.starts_lower or _name_goes_on(c.lines[j].stripped, c.lines[nxt].stripped)):
            break  # past the usual length only a phrase or name that plainly goes on ('scientist Vlada / Stamenković')
        if words + f.words > HEADLINE_MAX_WORDS:
            break
        if f.words == 1 and _stretched_under(c, run, nxt):
            break  # a text line printed one word per line under the headline
        if len(run) == 1 and _kicker_line(c, i, nxt):
            break
        if not caps and _new_sentence_under(c, run, nxt):
            break  # 'Anti-terror plan faces first test' / 'Plans to allow ...': the text's first sentence
        if f.words >= 6 and f.width > DECK_WIDTH_RATIO * max(c.feats[k].width for k in run):
            break  # much wider, longer line: a deck under the headline
        run.append(nxt)
        words += f.words
        j = nxt
    return run


@page_cache
def _ends_function_word(s: str) -> bool:
    """Does the line end in a word that needs more after it ('until', 'the')?"""
    words = s.split()
    return bool(words) and words[-1].lower() in RUN_ON_WORDS


@page_cache
def _runs_on(s: str) -> bool:
    """A display line that cannot end there: a dash, comma or function word at its end."""
    if s.endswith(("-", "–", "—", ",", "&")):
        return True
    last = s.rsplit(" ", 1)[-1].lower()
    return last in FUNCTION_WORDS


def _place_ending_block(c: _Ctx, block: list[int]) -> bool:
    """Is the last line of a display block a place in mixed case ('Jakarta')?

    One or two words the page prints capitalised in its text and never in lower
    case, after a line that does not run on, and not printed joined to that
    line's last word elsewhere ('Little / Britain' is one name).
    """
    k, prev = block[-1], block[-2]
    text = c.lines[k].text
    if c.feats[k].all_caps or len(text.split()) > PLACE_LINE_MAX_WORDS or not _is_place_after_byline(text):
        return False
    if _runs_on(c.lines[prev].stripped) or _joined_elsewhere(c, prev, k):
        return False
    after = c.content(k, 1)
    if after is not None and _opens_with_place(c, after):
        return False  # the story names its place inline ('LONDON — Revenues at')
    return _name_words_line(c, k)


@page_cache
def _header_line(text: str) -> bool:
    return _is_byline_text(text) or _is_caps_byline(text) or _is_name_line(text) or _is_dateline_line(text)


def _name_goes_on(line: str, nxt: str) -> bool:
    """Does a capitalised word end ``line`` and another, not a function word,
    open ``nxt`` (a name broken across lines: 'scientist Vlada / Stamenković')?"""
    a, b = line.split(), nxt.split()
    return bool(a and b) and a[-1][:1].isupper() and b[0][:1].isupper() and b[0].lower() not in FUNCTION_WORDS


def _new_sentence_under(c: _Ctx, run: list[int], nxt: int) -> bool:
    """Does line ``nxt`` open a new sentence under a sentence-case headline?

    The headline's lines are in sentence case (some longer word in lower case)
    and ``nxt`` opens with a capitalised word that the page prints in lower case
    elsewhere: a common word capitalised because a sentence starts there, not a
    name going on from the line above ('Plans to allow Home Secretary').
    """
    words = c.lines[run[0]].stripped.split()
    if not any(len(w) > 3 and w[:1].islower() for w in words):
        return False  # title case or capitals: every line starts with a capital
    if _ends_function_word(c.lines[run[-1]].stripped):
        return False  # '... orders release of' / 'President Trump's tax': the headline goes on
    opening = c.lines[nxt].stripped.split()
    m = WORD_RE.match(opening[0]) if opening else None
    if not m or not opening[0][:1].isupper() or opening[0].isupper():
        return False
    if len(opening) > 1 and opening[1][:1].isupper():
        return False  # a title or name ('President Trump's', 'Home Secretary')
    w = m.group(0)
    return len(w) > 3 and w.lower() not in FUNCTION_WORDS and c.prints_lower(w.lower())


def _rubric_goes_on(c: _Ctx, k: int) -> bool:
    """Is line ``k`` a word or two ending in a dash ('SPOTLIGHT -')?  Then it
    closes a rubric that the line above opens ('ECONOMIC / SPOTLIGHT - JAPAN
    ...'): a headline of the form 'rubric - title', whose first line is no label
    of its own."""
    text = c.lines[k].stripped
    return text.endswith(("-", "–", "—")) and len(text.split()) <= RUBRIC_MAX_WORDS + 1


def _kicker_line(c: _Ctx, k: int, nxt: int) -> bool:
    """Is line ``k`` a one/two-word label standing over the display line ``nxt``?"""
    f, g = c.feats[k], c.feats[nxt]
    head = c.lines[k].stripped
    if _runs_on(head) or head.endswith(":") or not g.starts_upper or _rubric_goes_on(c, nxt):
        return False
    if f.all_caps != g.all_caps or c.blank_between(k, nxt):
        return f.words <= 2
    # same case, no space: a one-word line over a headline is a label unless
    # its word comes back in the story (then it is the headline's first line)
    return f.words == 1 and _topic_features(c, [k])[0] == 0.0


def _narrow_stack(c: _Ctx, block: list[int]) -> bool:
    """Is a display block a headline set in a narrow measure, its first line as
    short as lines further down ('ECONOMIC / SPOTLIGHT JAPAN EYEING / FOREIGN /
    STOCKS', 'REDSTONE / DETAILS / SWEETENED / VIACOM <VIA> / OFFER')?  Its
    one-word first line is then a headline line like the others, not a label:
    a label stands over lines much wider than it.
    Only for a first line in the block's case with no space under it."""
    first = c.feats[block[0]]
    if len(block) < 3 or first.all_caps != c.feats[block[1]].all_caps or c.blank_between(block[0], block[1]):
        return False
    return first.width >= NARROW_STACK_WIDTH_RATIO * statistics.median(c.feats[k].width for k in block[1:])


def _name_over_headline(c: _Ctx, run: list[int]) -> bool:
    """Is the run's first line a name set over a headline ('The Evening Chronicle
    / Kilroy launches 'Veritas' party', an advert's 'Riverside Park Amphitheatre')?

    Every long word of the first line is capitalised while the lines under it
    are in sentence case, and its words do not come back in the story below
    while the headline's do.
    """
    first = c.feats[run[0]]
    if first.all_caps or first.words < 2 or title_ratio(c.lines[run[0]].stripped) < 1.0:
        return False
    if any(c.feats[k].all_caps or title_ratio(c.lines[k].stripped) >= 1.0 for k in run[1:]):
        return False
    return _topic_features(c, run[:1])[0] == 0.0 and _topic_features(c, run[1:])[0] > 0.0


def _split_kicker(c: _Ctx, run: list[int]) -> list[int]:
    """A one- or two-word label line over a headline is a kicker/section label."""
    if len(run) < 2:
        return run
    first, second = c.feats[run[0]], c.feats[run[1]]
    head = c.lines[run[0]].stripped
    if _runs_on(head) or head.endswith((":",)) or not (second.starts_upper or second.all_caps):
        return run  # ('Yukos / bankruptcy': the next line runs on in lower case)
    if _rubric_goes_on(c, run[1]):
        return run  # 'ECONOMIC / SPOTLIGHT - / JAPAN EYEING ...': one rubric before the dash
    if first.words == 1 and second.words <= 2 and first.all_caps == second.all_caps and not c.blank_between(run[0], run[1]):
        if _topic_features(c, [run[0]])[0] > 0.0:
            # a narrow stack of one- and two-word lines whose first word comes
            # back in the story: the headline's first line ('REDSTONE / DETAILS'),
            # where a label stands over a wider line ('NEWS / QUEBECOR HEAD SEES')
            return run
    if _name_over_headline(c, run):
        c.set(run[0], Label.FURNITURE, "a name in capitals over a headline in sentence case, not printed in the story: a label")
        return run[1:]
    if (first.words == 1 and not _narrow_stack(c, run)) or (first.words == 2 and second.starts_upper and first.all_caps == second.all_caps and not first.all_caps and c.blank_between(run[0], run[1])):
        c.set(run[0], Label.FURNITURE, "a short label over the headline: section or kicker")
        return run[1:]
    return run


def _follows_as_header(c: _Ctx, k: int) -> bool:
    """Is line ``k`` a byline or dateline that a body (not more display text) follows?"""
    text = c.lines[k].text
    if _is_byline_text(text):
        return True
    if not (_is_name_line(text) or _is_dateline_line(text)):
        return False
    if text.rstrip().endswith(("-", "–", "—")):
        return False
    after = c.next_open(k, 1)
    if after is None:
        return False
    fa = c.feats[after]
    if fa.starts_lower:
        return False
    if fa.all_caps and fa.words > DATELINE_MAX_WORDS:
        return False
    if _is_dateline_line(text) and not _is_name_line(text) and DATELINE_NEEDS_TEXT:
        # a place line must be followed by text, not by more display lines
        return _body_like(c, after) or c.feats[after].ends_sentence
    return True


HEADLINE_FEATURES = (
    "bias",
    "prev_sentence_end",
    "prev_none_or_furniture",
    "prev_runs_on",
    "prev_open_after_blank",
    "byline_or_dateline_follows",
    "paragraph_follows",
    "all_caps",
    "title_case",
    "log_words",
    "lines",
    "max_width",
    "min_width",
    "off_column",
    "blank_before",
    "blank_after",
    "ends_question_or_quote",
    "has_colon",
    "one_or_two_words",
    "inner_comma",
    "off_column_and_paragraph_follows",
    "blank_before_and_after",
    "prev_short_sentence_end",
    "next_is_display",
    "words_per_line",
    "prev_is_display",
    "words_ahead",
    "words_behind",
    "words_ahead_minus_behind",
)

def _column_line(c: _Ctx, k: int) -> bool:
    """A line of running text: column-wide, or ending in a hyphen, comma or function word."""
    f = c.feats[k]
    s = c.lines[k].stripped
    return f.ends_hyphen or _runs_on(s) or BODY_WIDTH_LOW * c.W <= f.width <= WIDE_RATIO * c.W


def _display_like(c: _Ctx, k: int) -> bool:
    """A short line without sentence punctuation that does not run on: a label or title."""
    f = c.feats[k]
    if f.starts_lower or f.ends_sentence or f.ends_hyphen or f.words > 8 or c.lines[k].stripped.endswith(","):
        return False
    after = c.content(k, 1)
    return after is None or not c.feats[after].starts_lower


_CONTENT_WORDS: dict[str, frozenset[str]] = page_memo()


def _content_words(text: str) -> frozenset[str]:
    """The words of ``text`` (lower case) of TOPIC_MIN_LETTERS letters or more
    that are no function words; memoised for the page."""
    hit = _CONTENT_WORDS.get(text)
    if hit is None:
        if len(_CONTENT_WORDS) >= PAGE_CACHE_SIZE:
            _CONTENT_WORDS.clear()
        hit = frozenset(content_word_list(text.lower(), TOPIC_MIN_LETTERS))
        _CONTENT_WORDS[text] = hit
    return hit


class _WordFinder:
    """Where content words come back: the page's lines (furniture left out) in
    one lower-case string, searched within a window of lines.

    A line holds a content word when the word is one of its
    ``_content_words``; a look-up finds the word's occurrences in the window
    with ``str.find`` and checks each one's line that way, so only the lines
    where the letters occur are tokenised (not every word of the page indexed).
    """

    def __init__(self, c: _Ctx) -> None:
        texts = ["" if lab == _FURNITURE else ln.text.lower() for ln, lab in zip(c.lines, c.labels, strict=True)]
        self.lines = c.lines
        self.text = "\n".join(texts)
        # where each line's text starts in self.text (one more entry: the end)
        self.starts = list(accumulate((len(t) + 1 for t in texts), initial=0))

    def in_lines(self, word: str, lo: int, hi: int) -> bool:
        """Is ``word`` a content word of a line in ``lo..hi`` (inclusive; clipped to the page)?"""
        lo, hi = max(lo, 0), min(hi, len(self.lines) - 1)
        if lo > hi:
            return False
        starts = self.starts
        end = starts[hi + 1] - 1
        pos = self.text.find(word, starts[lo], end)
        while pos >= 0:
            # the line holding pos: bisect.bisect_right(starts, pos, lo, hi + 1) - 1, written out
            a, b = lo, hi + 1
            while a < b:
                mid = (a + b) // 2
                if pos < starts[mid]:
                    b = mid
                else:
                    a = mid + 1
            k = a - 1
            if word in _content_words(self.lines[k].text):
                return True
            pos = self.text.find(word, starts[k + 1], end)
        return False


def _foreign_deck(c: _Ctx, headline: list[int], deck: list[int], byline: int) -> bool:
    """Is display text between a headline and its byline another story's headline?

    A deck sums up its story: it shares content words with the headline or
    with the text under the byline.  Display text sharing none with either is
    the headline of a story printed elsewhere (pdfminer prints two headlines
    set side by side one over the other).
    """
    words = _run_words(c, deck)
    if len(words) < FOREIGN_DECK_MIN_WORDS or words & _run_words(c, headline):
        return False
    window = [k for k in range(byline + 1, min(len(c.lines), byline + 1 + TOPIC_WINDOW)) if c.labels[k] == _UNASSIGNED]
    return not (words & _run_words(c, window))


def _run_words(c: _Ctx, lines: Iterable[int]) -> set[str]:
    """Content words of the given lines (each line's words looked up once per page)."""
    words: set[str] = set()
    for k in lines:
        words |= _content_words(c.lines[k].text)
    return words


def _name_ends_headline(c: _Ctx, k: int) -> bool:
    """Does name-shaped line ``k`` under a headline end it (an author or a place)?

    Not when its words come back in the story below and it is no place over
    the text: 'Europe Awards' under 'OutKast win at MTV' ends the headline (an
    author is rarely named in the story, and the page prints 'MTV Europe'
    elsewhere).  A name with an organisation ('Jo Bloggs, Reuters') is a
    byline; a name right over the story's first line is its byline or
    dateline ('New York') unless the page prints it joined to the line above.
    """
    if "," in c.lines[k].text or _topic_features(c, [k])[0] == 0.0:
        return True
    nxt = c.content(k, 1)
    over_text = nxt is not None and (nxt in c.dropcap_target.values() or _column_line(c, nxt))
    return over_text and not _joined_elsewhere(c, c.content(k, -1), k)


def _topic_features(c: _Ctx, run: list[int]) -> tuple[float, float, float]:
    """Share of the run's content words found in the text after it and before it.

    A headline's words come back in its own story (after it), not in the story
    that precedes it; a line of running text shares words both ways.
    """
    if c.word_finder is None:
        c.word_finder = _WordFinder(c)  # with the furniture known when the first candidate is scored
    finder = c.word_finder
    words = _run_words(c, run)
    if not words:
        return 0.0, 0.0, 0.0
    first, last = run[0], run[-1]
    ahead = sum(1 for w in words if finder.in_lines(w, last + 1, last + TOPIC_WINDOW))
    behind = sum(1 for w in words if finder.in_lines(w, first - TOPIC_WINDOW, first - 1))
    n = len(words)
    return ahead / n, behind / n, (ahead - behind) / n


def headline_features(c: _Ctx, run: list[int]) -> list[float] | None:
    """Features of ``run`` as a headline, or ``None`` where it cannot be one."""
    first, last = run[0], run[-1]
    feats = [c.feats[k] for k in run]
    words = sum(f.words for f in feats)
    texts = [c.lines[k].stripped for k in run]
    text = " ".join(texts)
    if words > HEADLINE_MAX_WORDS or words < HEADLINE_MIN_WORDS:
        return None
    # (the cheapest of these tests first: each one alone rules the run out)
    if texts[-1].endswith((",", ";")) or feats[-1].ends_hyphen or _runs_on(texts[-1]):
        return None
    if any(_JUSTIFIED_RE.search(t) for t in texts):
        return None  # word gaps stretched to fill the measure: justified body text
    if texts[0].startswith(("(", "[")):
        return None  # a bracket opens a headline nowhere: an aside or list item going on ('(Little Britain, BBC Three)')
    # (a full stop inside closing quotes ends a sentence too: 'Laxalt. "He is a victim."')
    ends = [(u := t.rstrip(_CLOSE_QUOTES)).endswith(".") and not u.endswith("..") and not _ABBREV_END_RE.search(u) for t in texts]
    if any(ends):
        if not all(f.all_caps for f in feats) or ends[-1]:
            return None
    m = INLINE_DATELINE_RE.match(texts[0])
    if m and not is_all_caps(texts[0][m.end() :]):
        return None  # "WASHINGTON - Last week's ...": a paragraph opening with its dateline
    prev = c.next_open(first, -1)
    nxt = c.next_open(last, 1)
    if nxt is None or (c.feats[nxt].starts_lower and not _is_byline_text(c.lines[nxt].text)):
        return None
    prev_end = prev is not None and c.feats[prev].ends_sentence
    just_before = c.content(first, -1)
    prev_free = prev is None or c.labels[prev] == Label.FURNITURE or (
        just_before is not None and c.labels[just_before] == Label.FURNITURE
    )
    prev_open = not prev_end and not prev_free
    blank_before = prev is None or c.blank_between(prev, first) or (first > 0 and c.labels[first - 1] == Label.FURNITURE)
    off = all(f.width > WIDE_RATIO * c.W or f.width < BODY_WIDTH_LOW * c.W for f in feats)
    para_follows = c.labels[nxt] == Label.UNASSIGNED and _body_like(c, nxt) and c.feats[nxt].starts_upper
    return [
        1.0,
        float(prev_end),
        float(prev_free),
        float(prev_open and prev is not None and not c.blank_between(prev, first) and _column_line(c, prev)),
        float(prev_open and prev is not None and (c.blank_between(prev, first) or not _column_line(c, prev))),
        float(c.labels[nxt] in (Label.UNASSIGNED, Label.BYLINE) and _follows_as_header(c, nxt)),
        float(para_follows),
        float(all(f.all_caps for f in feats) and words >= 2),
        float(title_ratio(text) >= 0.7 and words >= 2),
        math.log(words),
        min(len(run), 6) / 6.0,
        min(max(f.width for f in feats) / c.W, 3.0),
        min(f.width for f in feats) / c.W,
        float(off),
        float(blank_before),
        float(c.blank_between(last, nxt)),
        float(texts[-1].endswith(("?", "!", "'", '"', "’", "”"))),
        float(":" in text),
        float(len(run) == 1 and words <= 2),
        float(any(t.endswith(",") for t in texts[:-1])),
        float(off and para_follows),
        float(blank_before and c.blank_between(last, nxt)),
        float(prev_end and prev is not None and c.feats[prev].width < BODY_WIDTH_LOW * c.W),
        float(_display_like(c, nxt)),
        min(words / len(run), 12.0) / 12.0,
        float(prev is not None and _display_like(c, prev)),
        *_topic_features(c, run),
    ]


def _stacked_stories(
    c: _Ctx, first: list[int], second: list[int], starts: list[tuple[list[int], str]]
) -> tuple[list[int], list[int], int] | None:
    """Two stories' headlines printed one over the other: which story comes first.

    Extractors that read a page's headlines before its columns (plain
    pdftotext, pdfminer) print two headlines together, then the stories.
    Each story starts at a line opening a paragraph whose first
    ``STACKED_WINDOW_LINES`` lines share more content words with its own
    headline than with the other one.  Returns ``(opener, later, split)``:
    the headline whose story the text under them starts with, the other one,
    and the line where the other story starts; ``None`` when neither
    headline's words come back, or the runs look like one headline and its
    deck or first line (the first in capitals, no blank line between them, or
    the second running straight on into text).
    """
    if all(c.feats[k].all_caps for k in first):
        return None  # a capitals headline broken into two runs, or a deck under one
    if not c.blank_between(first[-1], second[0]):
        return None  # set close together: a headline and its deck
    after = c.content(second[-1], 1)
    if after is not None and c.labels[after] == Label.UNASSIGNED and not c.blank_between(second[-1], after):
        return None  # the second run goes straight on into text: the story's first line
    lo = second[-1] + 1
    end = next((run[0] for run, _ in starts if run[0] > second[-1]), len(c.lines))
    words_1, words_2 = _run_words(c, first), _run_words(c, second)
    s1 = _story_start(c, words_1, words_2, lo, end)
    s2 = _story_start(c, words_2, words_1, lo, end)
    if s2 is not None and (s1 is None or s1 < s2):
        opener, later, split, words_o, words_l = first, second, s2, words_1, words_2
    elif s1 is not None and (s2 is None or s2 < s1):
        opener, later, split, words_o, words_l = second, first, s1, words_2, words_1
    else:
        return None
    # each story's text must carry its own headline's words more than the
    # other's (a deck's words run through the one story under both)
    text_a = _run_words(c, (k for k in range(lo, split) if c.labels[k] == Label.UNASSIGNED))
    text_b = _run_words(c, (k for k in range(split, end) if c.labels[k] == Label.UNASSIGNED))
    if len(words_o & text_a) <= len(words_o & text_b) or len(words_l & text_b) <= len(words_l & text_a):
        return None
    return opener, later, split


def _story_start(c: _Ctx, mine: set[str], theirs: set[str], lo: int, hi: int) -> int | None:
    """The line in ``lo..hi`` opening the story whose headline has the content
    words ``mine`` (the other headline's are ``theirs``; see above)."""
    if not mine:
        return None
    best: tuple[int, int] | None = None
    prev_end = True
    for k in range(lo, hi):
        if c.lines[k].is_blank or c.labels[k] != Label.UNASSIGNED:
            prev_end = True
            continue
        opens = prev_end and c.feats[k].starts_upper
        prev_end = c.feats[k].ends_sentence
        if not opens:
            continue
        window: set[str] = set()
        j, seen = k, 0
        while j < hi and seen < STACKED_WINDOW_LINES:
            if not c.lines[j].is_blank and c.labels[j] == Label.UNASSIGNED:
                window |= _content_words(c.lines[j].text)
                seen += 1
            j += 1
        margin = len(mine & window) - len(theirs & window)
        if mine & window and margin >= 1 and (best is None or margin > best[0]):
            best = (margin, k)
    return best[1] if best is not None else None


def _display_run_can_head(c: _Ctx, run: list[int]) -> bool:
    """Short display lines (at most ``DISPLAY_MAX_WORDS`` words, none ending a
    sentence), not inside a running sentence, that can be a headline at all
    (their features exist): what the overrides below ask of a run."""
    if any(c.feats[k].words > DISPLAY_MAX_WORDS or c.feats[k].ends_sentence for k in run):
        return False
    prev = c.content(run[0], -1)
    if prev is not None and c.labels[prev] == Label.UNASSIGNED and not c.blank_between(prev, run[0]):
        if c.feats[prev].ends_hyphen or _runs_on(c.lines[prev].stripped):
            return False
    return headline_features(c, run) is not None


def _signed_title(c: _Ctx, run: list[int]) -> bool:
    """Display lines with a 'By ...' line right under them: a headline.

    The run must be able to be a headline at all (its features exist), must
    not sit inside a running sentence, and each of its lines must be short
    (at most ``DISPLAY_MAX_WORDS`` words): a byline signs the story whose
    title stands over it.
    """
    nxt = c.content(run[-1], 1)
    if nxt is None or c.labels[nxt] not in (_BYLINE, _UNASSIGNED) or not _is_byline_text(c.lines[nxt].text):
        return False
    if not c.feats[nxt].starts_upper or c.feats[nxt].words > BYLINE_MAX_WORDS or _body_like(c, nxt):
        return False  # 'by Jonathan Ross from ITV's': running text, not a signature
    rest = BY_RE.sub("", " ".join(c.lines[nxt].text.split()), count=1)
    if not (_is_name_line(rest) or _is_caps_byline(rest) or _CAPS_NAME_RE.match(rest)):
        return False  # 'Von Trapped, ITV1)': not a name after the 'by' word
    return _display_run_can_head(c, run)


def _heads_text_under(c: _Ctx, above: list[int], run: list[int]) -> bool:
    """Of two headlines stacked with nothing between, does the lower one head
    the text under them?  More of its content words come back in the text's
    first lines than of the upper one's: the upper is a headline whose story is printed
    elsewhere (plain pdftotext printed 'Tories plan migrant health checks' over
    'India unveils anti-poverty budget' and the India story)."""
    letters = {t: c.lines[d].stripped for d, t in c.dropcap_target.items()}
    words: set[str] = set()
    k = c.next_open(run[-1], 1)
    for _ in range(ORPHAN_LEAD_LINES):
        if k is None:
            break
        # (a drop cap's word is read whole: 'I' + 'ndia is to boost')
        words |= _line_story_words(letters.get(k, "") + c.lines[k].text)
        k = c.next_open(k, 1)
    return len(_story_words(c, run) & words) > len(_story_words(c, above) & words)


def _other_storys_head_over(c: _Ctx, above: list[int], run: list[int]) -> bool:
    """Is ``above``, over a longer display run that reads like its deck, the
    headline of a story printed elsewhere?  The two share no content word;
    the lower run's words come back in the first ORPHAN_LEAD_LINES lines of
    the text under it (at least ORPHAN_MIN_SHARED of them), the upper one's
    do not.  (Plain pdftotext printed 'Hospital suspends 'no Welsh' plan' over
    'Scientific study suggests dinosaurs flapped their wings as they ran' and
    the dinosaur story.)"""
    mine, theirs = _story_words(c, run), _story_words(c, above)
    if mine & theirs:
        return False
    lead: set[str] = set()
    k = c.next_open(run[-1], 1)
    for _ in range(ORPHAN_LEAD_LINES):
        if k is None:
            break
        lead |= _line_story_words(c.lines[k].text)
        k = c.next_open(k, 1)
    return len(mine & lead) >= ORPHAN_MIN_SHARED and not (theirs & lead)


def _over_dropcap(c: _Ctx, run: list[int]) -> bool:
    """Display lines right over a drop cap whose word fragment follows it (only
    blank lines between): a story opens under them, so they head it.  The run
    must be able to be a headline at all and have short lines; after a line
    that runs on (a broken word, an open sentence) it is that text's end."""
    nxt = c.content(run[-1], 1)
    if nxt is None or nxt not in c.dropcaps or c.content(nxt, 1) != c.dropcap_target.get(nxt):
        return False  # (a letter printed away from its word tells nothing about the lines over it)
    return _display_run_can_head(c, run)


def _wide_title_line(c: _Ctx, run: list[int]) -> bool:
    """A lone title line set wider than the column between two stories.

    ``Police praise 'courageous' Ozzy`` over a column of 25 letters: a line of
    at most ``DISPLAY_MAX_WORDS`` words, wider than the column, after a line
    that ends a sentence and over a column line that starts one, between
    column-wide lines (extractors that join side-by-side columns print whole
    runs of wide lines, not one), and sharing words with the text after it
    but none with the text before it (a line of running text shares both).
    """
    if len(run) != 1:
        return False
    k = run[0]
    f = c.feats[k]
    if f.words > DISPLAY_MAX_WORDS or f.words < HEADLINE_MIN_WORDS or f.width <= WIDE_RATIO * c.W:
        return False
    if f.ends_sentence or f.ends_hyphen or _runs_on(c.lines[k].stripped):
        return False
    prev, nxt = c.content(k, -1), c.content(k, 1)
    if prev is None or nxt is None or c.labels[prev] != Label.UNASSIGNED or c.labels[nxt] != Label.UNASSIGNED:
        return False
    fp, fn = c.feats[prev], c.feats[nxt]
    if not fp.ends_sentence or not fn.starts_upper or fn.width > WIDE_RATIO * c.W or fp.width > WIDE_RATIO * c.W:
        return False
    if not _column_line(c, nxt):
        return False
    ahead, behind, _ = _topic_features(c, run)
    return ahead > 0.0 and behind == 0.0


def _caption_start(c: _Ctx, run: list[int]) -> int:
    """Where, in display lines that a sentence end follows, the sentence starts.

    The lines of a caption or quote printed after a headline are counted with
    it until the sentence ends: the sentence starts at the last line that opens
    in a capital after a line that ends a phrase, and holds more words than any
    headline line above it ('Economy / 'strong' in / election year / Peter
    Hemington at a news / ... this week.').  ``len(run)`` when there is none.
    """
    for p in range(len(run) - 1, 0, -1):
        f = c.feats[run[p]]
        if (
            f.starts_upper
            and not _runs_on(c.lines[run[p - 1]].stripped)
            and f.words > max(c.feats[k].words for k in run[:p])
        ):
            return p
    return len(run)


def _head_after_dropcap(c: _Ctx, i: int) -> list[int] | None:
    """Title lines right after a drop cap whose word goes on further down.

    Extractors that print in drawing order (pdftotext -raw, PyMuPDF) often give
    the drop cap first, then the headline, pull quote or caption, then the rest
    of the word: the first lines after the letter that end no sentence are the
    story's headline (the lines that end a sentence are the caption or quote).
    """
    d = c.content(i, -1)
    if d is None or d not in c.dropcaps or c.dropcap_target.get(d, -1) <= i:
        return None
    target = c.dropcap_target[d]
    run: list[int] = []
    words = 0
    k: int | None = i
    while k is not None and k < target and c.labels[k] == Label.UNASSIGNED:
        f = c.feats[k]
        text = c.lines[k].stripped
        if not (f.starts_upper or run):
            break
        capitals = f.all_caps and c.feats[run[0]].all_caps if run else False
        if run and (_is_byline_text(text) or (_is_name_line(text) and _name_ends_headline(c, k)) or (_is_dateline_line(text) and not capitals)):
            break  # the byline or dateline under the headline (a line in the capitals of an all-caps head goes on)
        asks = text.endswith(("?", "!", "?'", "?\"", "?’", "?”"))
        if f.ends_sentence and not asks:
            if f.starts_lower:  # the sentence began in the lines above
                run = run[: _caption_start(c, run)]
            break  # a caption or quote line
        words += f.words
        if words > HEADLINE_MAX_WORDS or len(run) >= HEADLINE_MAX_LINES:
            return None
        run.append(k)
        if asks:
            break
        k = c.content(k, 1)
    if len(run) >= 2:
        first, second = c.feats[run[0]], c.feats[run[1]]
        runs_on = not (second.starts_upper or second.all_caps)  # 'Economy / 'strong' in': one phrase
        if first.words <= KICKER_MAX_WORDS and (first.words == 1 or first.all_caps != second.all_caps) and not runs_on:
            c.set(run[0], Label.FURNITURE, "a short label over the headline: section or kicker")
            run = run[1:]
    return run or None


def _headline_score(c: _Ctx, run: list[int]) -> tuple[float, list[str]]:
    """Log-odds from the headline model, and the features that were present."""
    x = headline_features(c, run)
    if x is None:
        return -9.0, ["cannot be a headline (ends a sentence, runs on, or nothing follows)"]
    z = headline_model.raw_score(x)
    why = [name.replace("_", " ") for name, v in zip(HEADLINE_FEATURES, x, strict=True) if name != "bias" and v]
    return z, why


def _ends_caption_of(c: _Ctx, k: int, i: int) -> bool:
    """Does credit line ``i`` end the sentence line ``k`` opens?  Before its
    credit ``i`` holds at most CAPTION_TAIL_MAX_WORDS words ending a sentence
    ('A file picture of Redzuan / Sumun. (AP)'), and ``k`` is no capitals
    line (a place line or headline over a caption: 'TOKYO / The skyline ...')."""
    m = _credit_search(c.lines[i].stripped)
    head = c.lines[i].stripped[: m.start()].rstrip() if m else ""
    return (
        bool(head)
        and len(head.split()) <= CAPTION_TAIL_MAX_WORDS
        and head.rstrip(_CLOSE_QUOTES).endswith((".", "!", "?"))
        and not c.feats[k].all_caps
    )


def _mark_credit_captions(c: _Ctx) -> list[list[int]]:
    """Captions that carry a photo credit ('Photo: AFP', '(File photo)')."""
    out: list[list[int]] = []
    for i in range(len(c.lines)):
        if c.labels[i] != _UNASSIGNED or not _credit_search(c.lines[i].stripped):
            continue
        if c.feats[i].words > 40:
            continue
        if _is_caption_type(c, i):
            # with geometry the caption is the block of caption type round the credit
            block = _caption_type_block(c, i)
            for b in block:
                c.set(b, Label.CAPTION, "caption: carries a photo credit, in caption type")
            out.append(block)
            continue
        block = [i]
        k = c.content(i, -1)
        credit_only = bool(CREDIT_RE.fullmatch(c.lines[i].stripped))
        if (
            k is not None
            and c.labels[k] == Label.UNASSIGNED
            and not c.blank_between(k, i)
            and not c.feats[k].ends_sentence
            and c.feats[k].starts_upper
            and (not c.feats[i].starts_upper or _ends_caption_of(c, k, i))
        ):
            # the caption's first line over the line its credit ends ('taken on / the day. (AP)')
            before = c.content(k, -1)
            if before is None or c.feats[before].ends_sentence or c.blank_between(before, k) or c.labels[before] != Label.UNASSIGNED:
                block.insert(0, k)
        elif credit_only and k is not None and c.labels[k] == Label.UNASSIGNED and c.feats[k].ends_sentence and c.feats[k].words <= 30:
            block.insert(0, k)
        for b in block:
            c.set(b, Label.CAPTION, "caption: carries a photo credit")
        out.append(block)
    return out


def prepare(lines: list[Line], lex: Lexicon | None = None) -> tuple[_Ctx, list[int], list[list[int]], list[list[int]]]:
    """Pass 1: labels from each line's own text (furniture, drop caps, repeats, 'By' lines)."""
    c = _Ctx(lines)
    c.lex = lex
    _mark_furniture(c)
    c.W = column_width(lines, c.feats, c.labels)
    dropcaps = _mark_dropcaps(c, lex)
    pq_runs = _mark_pull_quotes(c)
    _mark_boxed_panels(c)
    for i, ln in enumerate(lines):
        if c.labels[i] == _UNASSIGNED and _is_byline_text(ln.text):
            c.set(i, Label.BYLINE, "starts with 'By' and a name")
    credit_caps = _mark_credit_captions(c)
    return c, dropcaps, pq_runs + [], credit_caps


def analyse(lines: list[Line], lex: Lexicon | None = None) -> Layout:
    c, dropcaps, pq_runs, credit_caps = prepare(lines, lex)

    # pass 2: headlines from their neighbours
    starts: list[tuple[list[int], str]] = []
    scores: dict[int, float] = {}
    i = 0
    n = len(lines)
    fragments = set(c.dropcap_target.values())
    while i < n:
        if (
            c.labels[i] != _UNASSIGNED
            or not c.feats[i].starts_upper
            or LIST_ITEM_RE.match(c.lines[i].stripped)
            or i in fragments
        ):
            i += 1  # (a list item, '- Increased spending ...', or the rest of a drop cap's word heads nothing)
            continue
        opened = None if c.styled else _head_after_dropcap(c, i)
        if opened is not None:
            for k in opened:
                c.set(k, Label.HEADLINE, "between a drop cap and the rest of its word: the story it opens is headed here")
            starts.append((opened, "between a drop cap and the rest of its word"))
            scores[opened[0]] = HEADLINE_MIN_SCORE + 1.0
            i = opened[-1] + 1
            continue
        if i > 0 and c.labels[i - 1] == _UNASSIGNED and (
            c.feats[i - 1].ends_hyphen
            or (
                not c.feats[i - 1].ends_sentence
                and c.feats[i - 1].starts_lower
                and (_column_line(c, i - 1) or _ends_function_word(c.lines[i - 1].stripped))
            )
        ):
            # right after the first half of a broken word, or inside a running
            # sentence (a lower-case column line runs on): no headline starts here
            i += 1
            continue
        if _inside_stretched_line(c, i):
            i += 1  # the next word of a line printed one word per line: no headline starts here
            continue
        if c.styled:
            styled = _styled_headline_run(c, i)
            if styled is None:
                i += 1
                continue
            run, score, reasons = styled
        else:
            run = _headline_run(c, i)
            score, reasons = _headline_score(c, run)
            if score < HEADLINE_MIN_SCORE and _signed_title(c, run):
                score = HEADLINE_MIN_SCORE
                reasons = reasons + ["display lines right over a 'By' line"]
            if score < HEADLINE_MIN_SCORE and _over_dropcap(c, run):
                score = HEADLINE_MIN_SCORE
                reasons = reasons + ["display lines right over a drop cap: the story it opens is headed here"]
            if score < HEADLINE_MIN_SCORE and _wide_title_line(c, run):
                score = HEADLINE_MIN_SCORE
                reasons = reasons + ["one line wider than the column, between a sentence end and text whose words it shares"]
        if score >= HEADLINE_MIN_SCORE and not c.styled:
            trimmed = _split_kicker(c, run)
            if trimmed is not run:
                run = trimmed
                score, reasons = _headline_score(c, run)
                score = max(score, HEADLINE_MIN_SCORE)
        if score >= HEADLINE_MIN_SCORE:
            for k in range(i, run[0]):
                if c.labels[k] == Label.UNASSIGNED:
                    c.set(k, Label.FURNITURE, "a label stacked over the headline: section or kicker")
            for k in run:
                c.set(k, Label.HEADLINE, "; ".join(reasons) + f" (score {score:.1f})")
            starts.append((run, "; ".join(reasons)))
            scores[run[0]] = score
            i = run[-1] + 1
            continue
        i += 1

    # two display runs with nothing between them: the first is a kicker, or both one headline
    merged: list[tuple[list[int], str]] = []
    decks: dict[int, list[list[int]]] = {}
    stacked: dict[int, tuple[list[int], list[int], int]] = {}
    for run, why in starts:
        if merged:
            prun = merged[-1][0]
            last = max([prun[-1]] + [k for d in decks.get(prun[0], []) for k in d])
            # (a drop cap the headline run stepped over starts the text under it)
            between = [k for k in range(prun[0], run[0]) if k > last or (k in c.dropcaps and k not in prun)]
            if all(c.labels[k] in (Label.BLANK, Label.FURNITURE) for k in between):
                # an article needs a body: of two display runs with nothing between
                # them, the stronger is the headline; a weaker one above it is a
                # label or kicker, a weaker one below it is the text's first lines
                pw = sum(c.feats[k].words for k in prun)
                rw = sum(c.feats[k].words for k in run)
                if c.styled and scores[run[0]] < scores[prun[0]] and pw > KICKER_MAX_WORDS or (
                    not c.styled
                    and pw > KICKER_MAX_WORDS
                    and rw >= max(DECK_MIN_WORDS, DECK_WORDS_RATIO * pw)
                    and not all(c.feats[k].all_caps for k in run)
                    and not _other_storys_head_over(c, prun, run)
                ):
                    # a headline and a longer, lower-key line under it: a deck
                    for k in run:
                        c.set(k, Label.DECK, "a longer display line right under the headline: a deck")
                    decks[prun[0]] = decks.get(prun[0], []) + [run]
                elif (
                    not c.styled
                    and min(pw, rw) >= STACKED_HEAD_MIN_WORDS
                    and prun[0] not in stacked
                    and (order := _stacked_stories(c, prun, run, starts)) is not None
                ):
                    # two headlines printed one over the other, their stories after
                    # them: the later story starts where its headline's words return
                    opener, later, split = order
                    for k in later:
                        c.set(k, Label.HEADLINE, "one of two headlines printed one over the other; its story starts "
                              f"at line {split + 1}, where its words come back")
                    stacked[prun[0]] = (opener, later, split)
                elif scores[run[0]] > scores[prun[0]] or (
                    c.styled and pw <= KICKER_MAX_WORDS and rw > KICKER_MAX_WORDS
                ) or (not c.styled and _heads_text_under(c, prun, run)):
                    for k in prun:
                        c.set(k, Label.FURNITURE, _HEAD_OVER_HEAD_REASON)
                    merged[-1] = (run, why)
                else:
                    for k in run:
                        c.set(k, Label.UNASSIGNED, "")
                continue
        merged.append((run, why))
    starts = merged

    # bylines with no headline right above them open an article too
    segments: list[Segment] = []
    heads = [run for run, _ in starts]
    head_first = {run[0]: run for run in heads}
    for first, (opener, _, _) in stacked.items():
        head_first[first] = opener  # the story whose text comes first heads the first segment
    split_at = {split: later for _, later, split in stacked.values()}
    seg_of_line: dict[int, int] = {}
    cur: Segment | None = None
    pre: list[int] = []
    i = 0
    while i < n:
        lab = c.labels[i]
        if i in split_at and cur is not None and lab == Label.UNASSIGNED:
            cur = Segment(headline=list(split_at.pop(i)))
            segments.append(cur)
        if i in head_first:
            prev_seg = cur
            cur = Segment(headline=list(head_first[i]), decks=decks.get(i, []))
            segments.append(cur)
            skip = [head_first[i][-1]] + [k for d in cur.decks for k in d]
            if i in stacked:
                skip += stacked[i][0] + stacked[i][1]
            i = max(skip) + 1
            # header: deck (pull-quote-like display lines), byline, dateline
            j = i
            while j < n:
                if c.labels[j] in (Label.BLANK, Label.PULL_QUOTE, Label.CAPTION, Label.FURNITURE):
                    j += 1  # set-apart lines between the headline and its byline
                    continue
                if c.labels[j] == Label.BYLINE and not cur.byline:
                    cur.byline = [j]
                    j += 1
                    continue
                role = _styled_header_role(c, j, cur) if c.styled else None
                if role is not None:
                    label, role_why = role
                    c.set(j, label, role_why)
                    if label == Label.BYLINE:
                        cur.byline = [j]
                        # a byline set over two lines: the next line in the same type
                        st = lines[j].style
                        under = j + 1
                        if (
                            under < n
                            and c.labels[under] == Label.UNASSIGNED
                            and (ns := lines[under].style) is not None
                            and st is not None
                            and ns.bold
                            and abs(ns.size - st.size) < 0.5
                            and (c.feats[j].ends_hyphen or lines[j].stripped.endswith((",", "and", "&")))
                        ):
                            c.set(under, Label.BYLINE, "the byline goes on in the same type")
                            cur.byline.append(under)
                            j += 1
                    else:
                        cur.dateline = [j]
                    j += 1
                    continue
                if (
                    c.labels[j] == Label.UNASSIGNED
                    and not cur.byline
                    and c.feats[j].ends_hyphen
                    and j + 1 < n
                    and c.labels[j + 1] == Label.UNASSIGNED
                    and _is_name_line(lines[j].stripped[:-1] + lines[j + 1].stripped)
                ):
                    c.set(j, Label.BYLINE, "a name over two lines under the headline")
                    c.set(j + 1, Label.BYLINE, "a name over two lines under the headline")
                    cur.byline = [j, j + 1]
                    j += 2
                    continue
                if c.labels[j] == Label.UNASSIGNED and not cur.byline and not cur.dateline:
                    # a name line, or a capitals name under a sentence-case headline,
                    # over text that opens a sentence
                    if _is_name_line(lines[j].text):
                        why = "a name line under the headline"
                    elif _caps_name_under(c, cur, j):
                        why = "a capitals name under a sentence-case headline, its words nowhere else"
                    else:
                        why = ""
                    nxt = c.next_open(j, 1) if why else None
                    if nxt is not None and not c.feats[nxt].starts_lower:
                        c.set(j, Label.BYLINE, why)
                        cur.byline = [j]
                        j += 1
                        continue
                if (
                    c.labels[j] == Label.UNASSIGNED
                    and not cur.dateline
                    and cur.byline
                    and _is_place_after_byline(lines[j].text)
                    and not c.out_of_line_piece(j)
                ):
                    nxt = c.next_open(j, 1)
                    if nxt is not None and (not c.feats[nxt].starts_lower or c.feats[j].all_caps):
                        c.set(j, Label.DATELINE, "a short capitalised line right under the byline: the place")
                        cur.dateline = [j]
                        j += 1
                        continue
                if c.labels[j] == Label.UNASSIGNED and not cur.dateline and not cur.byline and _place_over_text(c, j):
                    c.set(j, Label.DATELINE, "a one- or two-word place right under the headline, over the first line of text")
                    cur.dateline = [j]
                    j += 1
                    continue
                if c.labels[j] == Label.UNASSIGNED and not cur.dateline and _is_dateline_line(lines[j].text):
                    nxt = c.next_open(j, 1)
                    if nxt is not None and not c.feats[nxt].starts_lower:
                        c.set(j, Label.DATELINE, "a short capitalised place line under the headline")
                        cur.dateline = [j]
                        j += 1
                        continue
                if c.labels[j] == Label.UNASSIGNED and not cur.byline and not cur.decks and c.feats[j].starts_upper:
                    # a deck: display lines between the headline and the byline
                    deck = [j]
                    while (
                        len(deck) < CAPTION_MAX_LINES
                        and deck[-1] + 1 < n
                        and c.labels[deck[-1] + 1] == Label.UNASSIGNED
                        and not _header_line(lines[deck[-1] + 1].text)
                    ):
                        deck.append(deck[-1] + 1)
                    nxt = c.next_open(deck[-1], 1)
                    if (
                        nxt is not None
                        and sum(c.feats[k].words for k in deck) >= DECK_MIN_WORDS
                        and not any(c.feats[k].ends_hyphen for k in deck)
                        and not lines[deck[-1]].stripped.endswith(".")  # a sentence there is a caption
                        and _reads_as_byline(c, nxt)
                    ):
                        if _foreign_deck(c, cur.headline, deck, nxt):
                            for k in deck:
                                c.set(k, Label.FURNITURE, _HEAD_OVER_HEAD_REASON)
                        else:
                            for k in deck:
                                c.set(k, Label.DECK, "display text between the headline and the byline: a deck")
                            cur.decks.append(deck)
                        j = deck[-1] + 1
                        continue
                if not cur.byline and (blocks := _captions_over_byline(c, j)):
                    # captions set between the headline and the byline
                    for block in blocks:
                        for k in block:
                            c.set(k, Label.CAPTION, "caption: a sentence between the headline and the byline")
                        cur.captions.append(block)
                    j = blocks[-1][-1] + 1
                    continue
                break
            if not cur.byline and prev_seg is not None and (over := _byline_over_headline(c, cur.headline[0])) is not None:
                if over in prev_seg.body:
                    prev_seg.body.remove(over)
                    c.set(over, Label.BYLINE, "a 'By' line right over the headline, set apart from any text above it")
                    cur.byline = [over]
            i = j
            continue
        if lab == _BYLINE and cur is not None and not cur.byline and not cur.body:
            cur.byline = [i]
            i += 1
            continue
        if lab in (_UNASSIGNED, _BYLINE) and i not in dropcaps:
            if lab == _BYLINE:
                c.set(i, _UNASSIGNED, "")
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
        # labels over the first story stay furniture; running text (lines of
        # more than a label's words, or lines that end a sentence or run on into
        # the next) is a story whose headline is not on this page
        text_lines = [
            k
            for k in pre
            if c.feats[k].words > DISPLAY_MAX_WORDS or c.feats[k].ends_sentence or not _display_like(c, k)
        ]
        text_words = sum(c.feats[k].words for k in text_lines)
        only_text = len(text_lines) == len(pre) and any(c.feats[k].ends_sentence for k in pre)
        if text_lines and (text_words >= MIN_ARTICLE_WORDS or only_text):
            first_text = text_lines[0]
            labels = [k for k in pre if k < first_text and _display_like(c, k)]
            for k in labels:
                c.set(k, Label.FURNITURE, _LABEL_BEFORE_STORY_REASON)
                furniture.append([k])
            segments.insert(0, Segment(body=[k for k in pre if k not in labels], running=True))
        else:
            for k in pre:
                c.set(k, Label.FURNITURE, _LABEL_BEFORE_HEAD_REASON)
                furniture.append([k])

    # captions inside each article's body
    for seg in segments:
        _extract_captions(c, seg)
        _extract_boxes(c, seg, furniture)
    _attach(segments, credit_caps, "captions", unassigned)

    _place_dropcaps(c, segments, dropcaps)
    _reflow_blocks(c, segments, lex)

    # a story head with (almost) no text, right before a weaker head: the weaker
    # one was a line of its text taken for a headline; give it back
    merged_segments: list[Segment] = []
    for seg in segments:
        prev_seg = merged_segments[-1] if merged_segments else None
        if (
            prev_seg is not None
            and not c.styled  # with geometry, the type says which lines are headlines
            and prev_seg.headline
            and seg.headline
            and not seg.byline
            and sum(c.feats[k].words for k in prev_seg.body) < MIN_ARTICLE_WORDS
            and (prev_seg.byline or prev_seg.dateline)
            and scores.get(seg.headline[0], 0.0) < scores.get(prev_seg.headline[0], 0.0)
            and not _heads_own_text(c, seg, prev_seg)
        ):
            for k in seg.headline + [x for d in seg.decks for x in d]:
                c.set(k, Label.UNASSIGNED, "")
            prev_seg.body = sorted(prev_seg.body + seg.headline + [x for d in seg.decks for x in d]) + seg.body
            prev_seg.captions += seg.captions
            prev_seg.pull_quotes += seg.pull_quotes
            if seg.dateline and not prev_seg.dateline:
                prev_seg.dateline = seg.dateline
            continue
        merged_segments.append(seg)
    segments = merged_segments

    _rehome_orphan_heads(c, segments, furniture)
    for seg in segments:
        _byline_opens_story(c, seg)
        _byline_set_aside_in_text(c, seg, furniture)
    _return_foreign_tails(c, segments)
    _return_foreign_chunks(c, segments)
    _return_foreign_openings(c, segments)

    # tiny articles are boxes and adverts, unless one is all the text there is
    kept: list[Segment] = []
    only = _only_text(c, segments)
    for seg in segments:
        words = sum(c.feats[k].words for k in seg.body)
        signed = any(_is_byline_text(c.lines[k].text) for k in seg.byline)
        # a captioned photo makes a story of a short text: adverts carry none
        pictured = any(_under_picture(c, k) for cap in seg.captions for k in cap)
        if seg is only:
            c.repairs.append(
                Repair("role", "keep", "", c.lines[seg.body[0]].stripped[:40], _ONLY_TEXT_REASON, c.lines[seg.body[0]].start)
            )
        elif words < MIN_ARTICLE_WORDS and not ((signed or pictured) and words > 0) and not seg.running:
            block = seg.headline + seg.body + [k for d in seg.decks for k in d] + [k for cap in seg.captions for k in cap]
            for k in sorted(block):
                c.set(k, Label.FURNITURE, f"a box of {words} body words: an advert or panel, not a story")
                furniture.append([k])
            continue
        kept.append(seg)
    segments = kept

    # pull quotes go to the article that holds their body copy, else the nearest before
    _attach(segments, pq_runs, "pull_quotes", unassigned)

    # furniture lines in no item yet get one each (an item added here holds
    # only its own line, so the lines already in items are known up front)
    in_items = {k for f in furniture for k in f}
    for i in range(n):
        if c.labels[i] == _FURNITURE and i not in in_items:
            furniture.append([i])
    furniture.sort()
    # merge adjacent furniture lines into one item only when they are one label (keep per line)
    for seg in segments:
        for k in seg.body:
            if c.labels[k] == _UNASSIGNED:
                c.set(k, _BODY, "in the article's text flow")
    for i in range(n):
        lines[i].label = c.labels[i]
        lines[i].why = c.why[i]
    return Layout(segments, furniture, unassigned, c.repairs, c.W, c.feats)




def _byline_over_headline(c: _Ctx, h: int) -> int | None:
    """A 'By' line printed right over the headline starting at line ``h`` (only
    blank lines between), with set-apart lines or nothing above it, not text:
    pdfminer prints a story's byline box before its headline box ('Continued
    on page 13' / 'By Daniel Okafor' / 'New Harry Potter tops book chart')."""
    j = c.content(h, -1)
    if j is None or c.labels[j] not in (_UNASSIGNED, _BYLINE) or not _is_byline_text(c.lines[j].text):
        return None
    k = c.content(j, -1)
    if k is not None and c.labels[k] in (_UNASSIGNED, _BODY, _BYLINE, Label.DATELINE, Label.HEADLINE):
        return None  # text, or a header, right above: the line ends or heads what is above
    return j


def _reads_as_byline(c: _Ctx, k: int) -> bool:
    """Is line ``k`` a byline already, or a name line that reads as one (what
    a deck or a caption between the headline and the byline stands over)?"""
    text = c.lines[k].text
    return c.labels[k] == _BYLINE or _is_caps_byline(text) or _is_name_line(text)


def _caption_block(c: _Ctx, j: int) -> list[int] | None:
    """The caption starting at line ``j``: up to ``CAPTION_MAX_LINES`` open
    lines with no blank between, opening in capitals and ending a sentence."""
    if c.labels[j] != _UNASSIGNED or not c.feats[j].starts_upper:
        return None
    block = [j]
    while not c.feats[block[-1]].ends_sentence:
        k = block[-1] + 1
        if len(block) >= CAPTION_MAX_LINES or k >= len(c.lines) or c.labels[k] != _UNASSIGNED:
            return None
        block.append(k)
    return block


def _captions_over_byline(c: _Ctx, j: int) -> list[list[int]] | None:
    """Captions printed between a headline and its byline, from line ``j``:
    one or two short sentence blocks (``_caption_block``) with only set-apart
    lines between them and a byline or name line next.  ``None`` if the lines
    from ``j`` are not that."""
    blocks: list[list[int]] = []
    k: int | None = j
    while k is not None and len(blocks) < CAPTIONS_OVER_BYLINE_MAX:
        block = _caption_block(c, k)
        if block is None:
            return None
        blocks.append(block)
        k = c.next_open(block[-1], 1)
        if k is not None and _reads_as_byline(c, k):
            return blocks
    return None


def _orphan_heads(c: _Ctx, segments: list[Segment]) -> list[tuple[list[int], Segment | None]]:
    """Headlines with no story under them: a headed article with fewer than
    ``MIN_ARTICLE_WORDS`` of text, or display lines set aside as a label over
    another headline or before the first story (with a headline's words)."""
    out: list[tuple[list[int], Segment | None]] = []
    for seg in segments:
        if seg.headline and not seg.running and sum(c.feats[k].words for k in seg.body) < MIN_ARTICLE_WORDS:
            out.append((seg.headline, seg))
    run: list[int] = []
    for k in range(len(c.lines) + 1):
        if k < len(c.lines) and c.labels[k] == _FURNITURE and c.why[k] in _ORPHAN_REASONS:
            if run and k != run[-1] + 1:
                out.append((run, None))
                run = []
            run.append(k)
        elif run:
            out.append((run, None))
            run = []
    return [
        (r, seg)
        for r, seg in out
        if seg is not None
        or (
            sum(c.feats[k].words for k in r) >= STACKED_HEAD_MIN_WORDS
            and (c.why[r[0]] != _BOX_REASON or not any("," in c.lines[k].text for k in r))
        )
    ]


def _story_boundary(c: _Ctx, prev: int, k: int) -> bool:
    """Can a new story start at body line ``k``, after body line ``prev``?  Only
    where ``k`` opens in capitals, and either something other than blank lines
    (a caption, box, jump line, another story's head) stands between them, or
    ``k`` comes before ``prev`` on the page (the text was put in order from
    pieces), or the text before ends a sentence and ``k`` is a 'By' line."""
    if not c.feats[k].starts_upper:
        return False
    if k < prev or any(c.labels[j] != _BLANK for j in range(prev + 1, k)):
        return True  # something set apart between: the caller's vocabulary test decides
    return c.feats[prev].ends_sentence and _is_byline_text(c.lines[k].text)


_STORY_WORDS: dict[str, frozenset[str]] = page_memo()


def _line_story_words(text: str) -> frozenset[str]:
    """:func:`_story_words` of one line's text, memoised for the page."""
    hit = _STORY_WORDS.get(text)
    if hit is None:
        if len(_STORY_WORDS) >= PAGE_CACHE_SIZE:
            _STORY_WORDS.clear()
        words = _content_words(text)
        # (a word ending in a possessive holds its apostrophe: without one in the text, none does)
        if ("'" in text or "\u2019" in text) and any(w.endswith(("'s", "\u2019s")) for w in words):
            hit = frozenset([w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words])
        else:
            hit = words  # (no possessive: the same set)
        _STORY_WORDS[text] = hit
    return hit


def _story_words(c: _Ctx, lines: Iterable[int]) -> set[str]:
    """Content words of the lines with a possessive ending taken off
    ('Glazer's' is 'glazer'), to match a headline's words in its story (the
    union of each line's, memoised)."""
    words: set[str] = set()
    for k in lines:
        words |= _line_story_words(c.lines[k].text)
    return words


def _orphan_margin(
    c: _Ctx,
    words_o: set[str],
    headed: bool,
    k: int,
    set_apart: bool,
    takes_tail: bool,
    counts: tuple[int, int, int, int],
    lead: list[int],
    need: float,
    telling_tail: bool,
) -> int | None:
    """Evidence for an orphan headline taking the tail (``takes_tail``) or the
    head of an article split before body line ``k``, or ``None`` where it may
    not.  ``counts`` are the orphan's words inside and outside the stretch, then
    the article's own headline's (``headed``: it has some) inside and outside;
    ``lead`` the stretch's first lines; ``set_apart`` whether something other
    than blank lines stands at the split; ``telling_tail`` whether the tail
    holds enough of the orphan's rarer words for a split at blank lines only."""
    o_in, o_out, s_in, s_out = counts
    if not set_apart and (not takes_tail or not telling_tail):
        return None
    # a drop cap opens a story: there one of the orphan's words, holding its own, will do
    opened = takes_tail and set_apart and k in c.dropcaps and o_in >= max(o_out, 1)
    if not opened and (o_in < need or o_in <= o_out or not (words_o & _story_words(c, lead))):
        return None
    # the article keeps the stretch its own headline's words are in
    if headed and (s_in > s_out or (not takes_tail and s_in == s_out)) and not (opened and s_out):
        return None
    margin = (o_in - o_out) + (s_out - s_in) + (ORPHAN_DROPCAP_MARGIN if opened else 0)
    if not set_apart and margin < ORPHAN_BLANK_MIN_MARGIN:
        return None
    return margin


def _orphan_split(c: _Ctx, seg: Segment, words_o: set[str]) -> tuple[int, int, bool] | None:
    """Where the story of an orphan headline (content words ``words_o``) sits
    in article ``seg``: ``(margin, t, tail)`` -- the orphan takes ``seg.body[t:]``
    when ``tail`` is true, else ``seg.body[:t]``; ``None`` when no stretch
    carries the orphan's words more than the article's own headline's."""
    body = seg.body
    words_s = _story_words(c, seg.headline + [k for d in seg.decks for k in d])
    need = max(ORPHAN_MIN_SHARED, ORPHAN_MIN_SHARE * len(words_o))
    best: tuple[int, int, bool] | None = None
    if seg.running and not seg.headline and body:
        # a headless story right under the orphan: all of it
        if c.content(body[0], -1) is not None and (words_o & _story_words(c, body[:ORPHAN_LEAD_LINES])):
            shared = len(words_o & _story_words(c, body))
            if shared >= need:
                best = (shared, 0, True)
    need_blank = max(ORPHAN_BLANK_MIN_SHARED, ORPHAN_BLANK_MIN_SHARE * len(words_o))
    lex = c.lex
    telling = {w for w in words_o if lex is None or lex.zipf(w) < ORPHAN_BLANK_COMMON_ZIPF}
    # How many of the orphan's words (o_), the article's headline's (s_) and
    # the orphan's telling ones (tell_t) the head body[:t] and the tail
    # body[t:] hold, kept up to date line by line from counts of each such
    # word in the head and the tail (only these words matter).
    relevant = words_o | words_s
    per_line = [_line_story_words(c.lines[k].text) & relevant for k in body]
    tail_n: dict[str, int] = {}
    for line_words in per_line:
        for w in line_words:
            tail_n[w] = tail_n.get(w, 0) + 1
    head_n: dict[str, int] = {}
    o_h = s_h = 0
    o_t = sum(1 for w in tail_n if w in words_o)
    s_t = sum(1 for w in tail_n if w in words_s)
    tell_t = sum(1 for w in tail_n if w in telling)
    for t in range(1, len(body)):
        for w in per_line[t - 1]:
            held = head_n.get(w, 0) + 1
            head_n[w] = held
            if held == 1:
                o_h += w in words_o
                s_h += w in words_s
            left = tail_n[w] - 1
            if left == 0:
                del tail_n[w]
                o_t -= w in words_o
                s_t -= w in words_s
                tell_t -= w in telling
            else:
                tail_n[w] = left
        prev, k = body[t - 1], body[t]
        set_apart = _story_boundary(c, prev, k)
        if not set_apart and not (k - prev > 1 and c.feats[prev].ends_sentence and c.feats[k].starts_upper):
            continue  # (a paragraph end at blank lines only needs more evidence, below)
        head, tail = body[:t], body[t:]
        for takes_tail, o_in, o_out, s_in, s_out, lead in (
            (True, o_t, o_h, s_t, s_h, tail[:ORPHAN_LEAD_LINES]),
            (False, o_h, o_t, s_h, s_t, head[:ORPHAN_LEAD_LINES]),
        ):
            margin = _orphan_margin(
                c, words_o, bool(words_s), k, set_apart, takes_tail, (o_in, o_out, s_in, s_out), lead, need,
                tell_t >= need_blank,
            )
            if margin is None:
                continue
            # of two tails at boundaries with the same evidence the shorter: the
            # longer one only adds text without the orphan's words (a headless
            # story taken whole, t = 0, stays whole)
            if best is None or margin > best[0] or (margin == best[0] and takes_tail and best[2] and best[1] > 0):
                best = (margin, t, takes_tail)
    return best


def _orphan_middle(c: _Ctx, seg: Segment, words_o: set[str]) -> tuple[int, int, int] | None:
    """Where the story of an orphan headline sits inside article ``seg`` with
    the article's text on both sides: ``(margin, t, u)``, the orphan taking
    ``seg.body[t:u]``, or ``None``.

    pdftotext's default layout prints two stories' headlines one over the other
    when they stand side by side; the second story's text comes first, then the
    first story's, then the rest of the second's.  The stretch must be set
    apart at both ends (a caption, pull quote, box or drop cap between: blank
    lines alone do not do), hold the orphan's words as :func:`_orphan_margin`
    asks of a head or tail, and leave the article's own headline's words
    outside it (none of them inside, or fewer than outside)."""
    body = seg.body
    cuts = [t for t in range(1, len(body)) if _story_boundary(c, body[t - 1], body[t])]
    if len(cuts) < 2:
        return None
    words_s = _story_words(c, seg.headline + [k for d in seg.decks for k in d])
    need = max(ORPHAN_MIN_SHARED, ORPHAN_MIN_SHARE * len(words_o))
    per_line = [_line_story_words(c.lines[k].text) for k in body]
    best: tuple[int, int, int] | None = None
    for a, t in enumerate(cuts):
        if not words_o & set().union(*per_line[t : t + ORPHAN_LEAD_LINES]):
            continue
        for u in cuts[a + 1 :]:
            inside: set[str] = set().union(*per_line[t:u])
            outside: set[str] = set().union(*per_line[:t], *per_line[u:])
            o_in, o_out = len(words_o & inside), len(words_o & outside)
            s_in, s_out = len(words_s & inside), len(words_s & outside)
            if o_in < need or o_in <= o_out or (s_in and s_in >= s_out):
                continue
            margin = (o_in - o_out) + (s_out - s_in)
            if best is None or margin > best[0]:
                best = (margin, t, u)
    return best


def _heads_own_text(c: _Ctx, seg: Segment, above: Segment) -> bool:
    """Is ``seg``'s headline the head of the text under it, not a line of the
    story headed just above?  Its content words come back in the first lines
    of that text and the headline above's do not (pdfminer prints one story's
    headline and byline, then another story's headline and text)."""
    lead = _story_words(c, seg.body[:ORPHAN_LEAD_LINES])
    return bool(_story_words(c, seg.headline) & lead) and not (_story_words(c, above.headline) & lead)


def _line_telling_words(c: _Ctx, k: int) -> frozenset[str]:
    """Story words of line ``k`` (as :func:`_story_words` gives them) rare enough in
    the language to tell stories apart; memoised per line and per word."""
    hit = c.telling.get(k)
    if hit is None:
        memo = c.telling_word
        lex = c.lex
        out: list[str] = []
        for w in _line_story_words(c.lines[k].text):
            telling = memo.get(w)
            if telling is None:
                telling = memo[w] = lex is None or lex.zipf(w) < TAIL_TELLING_ZIPF
            if telling:
                out.append(w)
        hit = c.telling[k] = frozenset(out)
    return hit


def _telling_words(c: _Ctx, lines: Iterable[int]) -> set[str]:
    """Story words of the lines rare enough in the language to tell stories apart."""
    out: set[str] = set()
    for k in lines:
        out |= _line_telling_words(c, k)
    return out


def _joins_after(c: _Ctx, last: int, first: int) -> bool:
    """Can line ``first`` go on the text that ends with line ``last``?  A line
    opening in lower case goes on an unfinished sentence, a line opening in
    capitals follows a finished one or a word that needs more after it."""
    opening = c.lines[first].stripped[:1]  # (as printed: the block reflow marks some lines read)
    if opening.islower():
        return not c.feats[last].ends_sentence
    if not opening.isupper():
        return False
    # a capital after a finished sentence, or after a word that needs more ('... since the' / 'Second World War')
    return c.feats[last].ends_sentence or _ends_function_word(c.lines[last].stripped)


def _order_repair(c: _Ctx, action: str, first: int, after: int, why: str) -> Repair:
    """The record of text moved in the reading order: line ``first`` opens what
    moved, and it now comes after line ``after``."""
    return Repair("order", action, c.lines[first].stripped[:30], "after: " + c.lines[after].stripped[-30:], why,
                  c.lines[first].start)


def _plainly_goes_on(c: _Ctx, last: int) -> bool:
    """Does the text ending at line ``last`` plainly go on past it?  It ends in
    a hyphen or a word that needs more after it ('... since the'), or the line
    is justified, its word gaps stretched to fill the measure (pdfminer prints
    them): a paragraph's last line is set ragged, so a justified line always
    has more of its paragraph after it."""
    text = c.lines[last].stripped
    return c.feats[last].ends_hyphen or _ends_function_word(text) or (
        not c.feats[last].ends_sentence and _JUSTIFIED_RE.search(text) is not None
    )


def _move_to_end(c: _Ctx, seg: Segment, t: int, end: int, other: Segment, action: str, where: str, why: str) -> None:
    """Move ``seg.body[t:end]`` to the end of ``other``'s text and record it:
    '<n> line(s) <where> share far more words with another article's text
    than with their own<why>' (the story tails, chunks and openings)."""
    moved = seg.body[t:end]
    seg.body = seg.body[:t] + seg.body[end:]
    last = other.body[-1]
    other.body = other.body + moved
    c.repairs.append(
        _order_repair(
            c,
            action,
            moved[0],
            last,
            f"{len(moved)} line(s) {where} share far more words with another article's text than with their own{why}",
        )
    )


def _stretch_gaps(body: list[int]) -> list[int]:
    """Where a stretch of an article's text can start: the positions ``t`` in
    ``body`` that follow a gap in the line numbers (a blank line or set-apart
    lines), with at least TAIL_MIN_LINES lines on each side."""
    return [t for t in range(TAIL_MIN_LINES, len(body) - TAIL_MIN_LINES + 1) if body[t] - body[t - 1] >= 2]


def _return_foreign_tails(c: _Ctx, segments: list[Segment]) -> None:
    """Give the end of another story back to it.

    Extractors that read a page's columns out of order (plain pdftotext,
    pdfminer) print the last column of one story after another story's text,
    which then runs on into it.  An article's tail, after a gap in its lines,
    whose telling words are much more like another article's text than like
    the rest of its own (cosine similarity of the word sets, TAIL_MIN_GAIN
    higher and at least TAIL_MIN_SIMILARITY), and which opens where that
    article's text ends (:func:`_joins_after`), is that article's
    continuation: it moves to the end of that article.

    The word sets of every split are kept up to date line by line (counts of
    each word in the head and the tail), so an article costs one pass.
    """
    known: dict[int, set[str]] = {}  # each article's telling words, by id, until its text changes

    def words_of(o: Segment) -> set[str]:
        hit = known.get(id(o))
        if hit is None:
            hit = known[id(o)] = _telling_words(c, o.body)
        return hit

    for seg in segments:
        body = seg.body
        if len(body) < 2 * TAIL_MIN_LINES:
            continue
        gaps = _stretch_gaps(body)
        # only the articles whose text could go on at one of the gaps
        rivals = [
            o
            for o in segments
            if o is not seg and o.body and any(_joins_after(c, o.body[-1], body[t]) for t in gaps)
        ]
        if not rivals:
            continue  # no gap where another article's text could go on
        others = [(o, words_of(o)) for o in rivals]
        per_line = [_line_telling_words(c, k) for k in body]
        tail: dict[str, int] = {}
        for line_words in per_line:
            for w in line_words:
                tail[w] = tail.get(w, 0) + 1
        head: dict[str, int] = {}
        shared = 0  # words in both head and tail
        theirs = [len(tail.keys() & words) for _, words in others]
        best: tuple[float, int, Segment] | None = None
        for t in range(1, len(body) - TAIL_MIN_LINES + 1):
            for w in per_line[t - 1]:
                left = tail[w] - 1
                held = head.get(w, 0) + 1
                head[w] = held
                if left == 0:
                    del tail[w]
                    if held > 1:
                        shared -= 1
                    for i, (_, words) in enumerate(others):
                        if w in words:
                            theirs[i] -= 1
                else:
                    tail[w] = left
                    if held == 1:
                        shared += 1
            if t < TAIL_MIN_LINES or body[t] - body[t - 1] < 2 or len(tail) < TAIL_MIN_WORDS:
                continue  # (no gap: the column goes on)
            here = shared / math.sqrt(len(tail) * len(head)) if head else 0.0
            for i, (other, words) in enumerate(others):
                if not words or not _joins_after(c, other.body[-1], body[t]):
                    continue
                there = theirs[i] / math.sqrt(len(tail) * len(words))
                gain = there - here
                need = TAIL_MIN_GAIN
                if _plainly_goes_on(c, other.body[-1]):
                    need = TAIL_MIN_GAIN_RUN_ON  # ('... since the' / 'Second World War'): the text plainly goes on
                if there >= min(need, TAIL_MIN_SIMILARITY) and gain >= need and (best is None or gain > best[0]):
                    best = (gain, t, other)
        if best is None:
            continue
        gain, t, other = best
        _move_to_end(c, seg, t, len(body), other, "return-tail", "at the end of an article",
                     f" (similarity higher by {gain:.2f})")
        known.pop(id(seg), None)
        known.pop(id(other), None)


def _open_to(
    c: _Ctx, rivals: list[tuple[Segment, set[str]]], k: int
) -> list[tuple[Segment, set[str]]]:
    """The other articles (with their telling words) whose text plainly goes
    on into line ``k``: a lower-case opening after an unfinished sentence, or
    a run-on end.  A capital after a finished sentence joins any two
    paragraphs, and on pages of blank-line paragraphs both junctions would
    then hold everywhere."""
    return [
        (o, words)
        for o, words in rivals
        if words and _joins_after(c, o.body[-1], k) and (c.feats[k].starts_lower or _plainly_goes_on(c, o.body[-1]))
    ]


def _return_foreign_chunks(c: _Ctx, segments: list[Segment]) -> None:
    """Give a stretch of another story back to it from the middle of an article.

    Extractors that print two stories' columns in turn (pdftotext -raw, PyMuPDF,
    on interleaved layouts) leave one story's column chunk between two chunks
    of another, where it runs on from the first ('... the Liberal Union and the'
    / [the other story's headline and first chunk, ending '... and then'] /
    'Green Left, won 21 and 14 seats ...' / 'dominated the tie-break ...').  A
    stretch between two gaps moves to the end of another article when its
    telling words are much more like that article's text than like the rest of
    its own (the tail floors), that article's text plainly goes on into it (a
    lower-case opening after an unfinished sentence, or an end that needs more:
    :func:`_plainly_goes_on`), and the article's own text goes on across it
    (:func:`_joins_after`).  At most CHUNK_MAX_MOVES moves, the best first.
    """
    for _ in range(CHUNK_MAX_MOVES):
        best: tuple[float, Segment, int, int, Segment] | None = None
        for seg in segments:
            body = seg.body
            gaps = _stretch_gaps(body)
            if len(gaps) < 2:
                continue
            rivals = [(o, _telling_words(c, o.body)) for o in segments if o is not seg and o.body]
            if not rivals:
                continue
            per_line = [_line_telling_words(c, k) for k in body]
            total: dict[str, int] = {}
            for line_words in per_line:
                for w in line_words:
                    total[w] = total.get(w, 0) + 1
            for gi, t in enumerate(gaps):
                # only where the other text plainly goes on into the stretch (a
                # lower-case opening after an unfinished sentence, or a run-on
                # end): a capital after a finished sentence joins any two
                # paragraphs, and on pages of blank-line paragraphs both
                # junctions would then hold everywhere
                open_to = _open_to(c, rivals, body[t])
                if not open_to:
                    continue
                # counts kept up to date line by line as the stretch grows: its
                # words, how many of them the rest of the article still has
                # (inside), how many of the article's words it holds all of
                # (full: the rest has len(total) - full), and per rival how
                # many of its words are in the stretch
                chunk: dict[str, int] = {}
                inside = full = 0
                shared = [0] * len(open_to)
                u = t
                for end in gaps[gi + 1 :]:
                    if end - t > CHUNK_MAX_LINES:
                        break
                    for k in range(u, end):
                        for w in per_line[k]:
                            n = chunk.get(w, 0)
                            chunk[w] = n + 1
                            all_of = total[w]
                            if n == 0:
                                inside += all_of > 1
                                for i, (_, words) in enumerate(open_to):
                                    if w in words:
                                        shared[i] += 1
                            elif all_of == n + 1:
                                inside -= 1
                            if all_of == n + 1:
                                full += 1
                    u = end
                    rest = len(total) - full
                    if len(chunk) < TAIL_MIN_WORDS or not rest or not _joins_after(c, body[t - 1], body[end]):
                        continue
                    here = inside / math.sqrt(len(chunk) * rest)
                    for i, (other, words) in enumerate(open_to):
                        there = shared[i] / math.sqrt(len(chunk) * len(words))
                        gain = there - here
                        if there >= TAIL_MIN_SIMILARITY and gain >= TAIL_MIN_GAIN and (best is None or gain > best[0]):
                            best = (gain, seg, t, end, other)
        if best is None:
            return
        gain, seg, t, end, other = best
        _move_to_end(c, seg, t, end, other, "return-chunk", "inside an article",
                     f", and both texts go on across the move (similarity higher by {gain:.2f})")


def _return_foreign_openings(c: _Ctx, segments: list[Segment]) -> None:
    """Give the end of another story back to it from the start of an article.

    The mirror of :func:`_return_foreign_tails`: plain pdftotext printed a
    headline, then the last lines of the story before it ('Rainbow!' / 'I
    believe that children's classics ...', readers' comments on a film), then
    the headline's own text.  The article's opening, up to a gap in its lines
    and shorter than the rest, moves to the end of another article when none
    of the article's headline words is in it while they come back right after
    it, more of its telling words are in that article's text than in the rest
    of its own (OPENING_MIN_SHARED, OPENING_MIN_GAIN), and it opens where that
    article's text ends (:func:`_joins_after`).
    """
    for seg in segments:
        body = seg.body
        if not seg.headline or len(body) < 2 * TAIL_MIN_LINES:
            continue
        rivals = [
            (o, _telling_words(c, o.body))
            for o in segments
            if o is not seg and o.body and _joins_after(c, o.body[-1], body[0])
        ]
        if not rivals:
            continue
        own_head = _story_words(c, seg.headline)
        best: tuple[float, int, Segment] | None = None
        # the opening's telling words, and how often each word is in the rest,
        # kept up to date line by line
        per_line = [_line_telling_words(c, k) for k in body]
        rest: dict[str, int] = {}
        for line_words in per_line:
            for w in line_words:
                rest[w] = rest.get(w, 0) + 1
        opening: set[str] = set()
        for t in range(1, min(len(body) // 2, OPENING_MAX_LINES) + 1):
            if own_head & _line_story_words(c.lines[body[t - 1]].text):
                break  # the headline's words are in it from here on: its own text
            for w in per_line[t - 1]:
                opening.add(w)
                left = rest[w] - 1
                if left:
                    rest[w] = left
                else:
                    del rest[w]
            if t < TAIL_MIN_LINES or body[t] - body[t - 1] < 2 or len(opening) < TAIL_MIN_WORDS:
                continue  # (no gap: the column goes on)
            if not own_head & _story_words(c, body[t : t + ORPHAN_LEAD_LINES]):
                continue  # the headline's words do not come back where its text would start
            here = sum(1 for w in opening if w in rest) / len(opening)
            for other, words in rivals:
                shared = len(opening & words)
                gain = shared / len(opening) - here
                if shared >= OPENING_MIN_SHARED and gain >= OPENING_MIN_GAIN and (best is None or gain > best[0]):
                    best = (gain, t, other)
        if best is None:
            continue
        gain, t, other = best
        _move_to_end(c, seg, 0, t, other, "return-opening", "at the start of an article",
                     f", and none of its headline's (share higher by {gain:.2f})")


def _byline_opens_story(c: _Ctx, seg: Segment) -> None:
    """A 'By' line inside the text of a headed article with no byline, at a
    story boundary, is where the story starts: the extractor printed a later
    part of the story (a column read before the first, or a pull quote) between
    the headline and the byline.  The byline (and a place line under it) go to
    the header, the text from there on comes first, the text before it after."""
    if not seg.headline or seg.byline or seg.running:
        return
    body = seg.body
    for t in range(1, len(body) - 1):
        k = body[t]
        if not _is_byline_text(c.lines[k].text) or not _story_boundary(c, body[t - 1], k):
            continue
        start = t + 1
        place = not seg.dateline and _is_place_after_byline(c.lines[body[start]].text) and start + 1 < len(body)
        if not c.feats[body[start + 1 if place else start]].starts_upper:
            return  # the text under it does not open a sentence
        if place:
            c.set(body[start], Label.DATELINE, "a short capitalised line right under the byline: the place")
            seg.dateline = [body[start]]
            start += 1
        c.set(k, Label.BYLINE, "a 'By' line inside the story's text: the story starts here")
        seg.byline = [k]
        seg.body = body[start:] + body[:t]
        c.repairs.append(
            _order_repair(
                c,
                "move-blocks",
                body[0],
                body[-1],
                f"the story's 'By' line stands after {t} line(s) of its text: they are a later part, moved after "
                "the text that follows the byline",
            )
        )
        return


def _byline_set_aside_in_text(c: _Ctx, seg: Segment, furniture: list[list[int]]) -> None:
    """A 'By' line set aside as a box between two lines of a headed article's
    text with no byline, after a finished sentence and before a capital, with
    only blank lines round it, is the article's byline (pdfminer printed a
    story's byline box inside its first column: '... costume gloves.' / 'By Tom
    Hadley' / 'Furnal Equinox, an annual event ...').  Only the label changes:
    where the text around it belongs is left to the order repairs."""
    if not seg.headline or seg.byline:
        return
    body = seg.body
    for a, b in itertools.pairwise(body):
        if b - a < 3 or not c.feats[a].ends_sentence or not c.feats[b].starts_upper:
            continue
        between = [j for j in range(a + 1, b) if not c.lines[j].is_blank]
        if len(between) != 1:
            continue
        k = between[0]
        if c.labels[k] == _FURNITURE and c.why[k] == _BOX_REASON and _is_byline_text(c.lines[k].text):
            c.set(k, Label.BYLINE, "a 'By' line set apart inside the story's text, between two sentences")
            seg.byline = [k]
            furniture[:] = [f for f in furniture if k not in f]
            return


def _heads_right_under(c: _Ctx, own: Segment, seg: Segment) -> bool:
    """Is ``seg``'s headline the next text after article ``own``'s head?  Then
    it is more likely a line of ``own``'s story taken for a headline than
    another story holding ``own``'s text."""
    if not seg.headline or seg.byline or seg.dateline or _heads_own_text(c, seg, own):
        return False  # a head with its own byline or dateline, or whose words its text carries, is a story's
    last = max(own.headline + own.byline + own.dateline + own.body + [k for d in own.decks for k in d])
    nxt = c.next_open(last, 1)
    return nxt is not None and nxt == seg.headline[0]


def _byline_set_aside_over(c: _Ctx, k: int) -> int | None:
    """A byline line ('By Grace Mwangi') set aside as a label or box right over
    line ``k`` (only blank or caption lines between): read as a label while
    its story had no headline, it is the byline of the story opening at ``k``."""
    j = k - 1
    while j >= 0 and c.labels[j] in (_BLANK, Label.CAPTION):
        j -= 1
    if j < 0 or c.labels[j] != _FURNITURE or c.why[j] not in (_LABEL_BEFORE_STORY_REASON, _BOX_REASON):
        return None
    text = c.lines[j].text
    return j if _is_byline_text(text) or _is_caps_byline(text) or _is_name_line(text) else None


def _rehome_orphan_heads(c: _Ctx, segments: list[Segment], furniture: list[list[int]]) -> None:
    """Give orphan headlines their stories back.

    Extractors that read a page's display lines apart from its columns
    (pdfminer's text boxes, pdftotext's default layout) print a headline away
    from its story, which then runs on under another article's text.  Such a
    headline stands over no text (or only another headline); its story is the
    stretch of another article, starting at a story boundary, that carries the
    orphan's content words while the article's own headline's words stay in
    the rest.  The stretch becomes the orphan's article; a 'By' line opening
    it is its byline.
    """
    for run, own in _orphan_heads(c, segments):
        words_o = _story_words(c, run)
        if len(words_o) < ORPHAN_MIN_SHARED:
            continue
        best: tuple[int, int, int, Segment, bool] | None = None
        for seg in segments:
            if seg is own or not seg.body or (own is not None and _heads_right_under(c, own, seg)):
                continue
            found = _orphan_split(c, seg, words_o)
            if found is not None and (best is None or found[0] > best[0]):
                margin, t, takes_tail = found
                best = (margin, t, len(seg.body), seg, True) if takes_tail else (margin, 0, t, seg, False)
            middle = _orphan_middle(c, seg, words_o)
            if middle is not None and (best is None or middle[0] > best[0]):
                best = (*middle, seg, True)
        if best is None:
            continue
        margin, t, u, donor, after = best
        if not donor.headline and sum(c.feats[k].words for k in donor.body[:t] + donor.body[u:]) < MIN_ARTICLE_WORDS:
            t, u = 0, len(donor.body)  # a headless story is not left as a scrap: the orphan takes it whole
        chunk = donor.body[t:u]
        donor.body = donor.body[:t] + donor.body[u:]
        if own is None:
            own = Segment(headline=list(run))
            for k in run:
                c.set(k, Label.HEADLINE, "a headline with no text under it: its story is printed elsewhere "
                      "on the page, where its words come back")
            furniture[:] = [f for f in furniture if not set(f) & set(run)]
            pos = segments.index(donor)
            segments.insert(pos + 1 if after else pos, own)
        if not own.byline and chunk and _is_byline_text(c.lines[chunk[0]].text):
            c.set(chunk[0], Label.BYLINE, "a 'By' line opening the story of an orphan headline")
            own.byline = [chunk.pop(0)]
        elif not own.byline and chunk and (set_aside := _byline_set_aside_over(c, chunk[0])) is not None:
            c.set(set_aside, Label.BYLINE, "a byline set aside as a label right over the story of an orphan headline")
            own.byline = [set_aside]
            furniture[:] = [f for f in furniture if set_aside not in f]
        own.body = own.body + chunk
        if not donor.body and not donor.headline:
            # a headless story taken whole: its set-apart lines go with it
            own.captions += donor.captions
            own.pull_quotes += donor.pull_quotes
            own.running = own.running and donor.running
            segments.remove(donor)
        c.repairs.append(
            Repair(
                "order",
                "rehome-story",
                c.lines[chunk[0]].stripped[:30] if chunk else "",
                "under: " + " ".join(c.lines[k].stripped for k in run)[:40],
                f"the headline stood over no text; {len(chunk)} line(s) of another article carry its words "
                f"(evidence margin {margin})",
                c.lines[run[0]].start,
            )
        )


def _blocks(c: _Ctx, body: list[int]) -> list[list[int]]:
    """Body lines cut into runs at blank lines (or any gap in the line numbers)."""
    out: list[list[int]] = []
    for k in body:
        if out and k == out[-1][-1] + 1:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _join_evidence(c: _Ctx, a: list[int], b: list[int], lex: Lexicon | None) -> float:
    """How well block ``b`` continues block ``a`` (0 = not at all)."""
    last = c.lines[a[-1]].stripped
    first = c.lines[b[0]].stripped
    if not first or not c.feats[b[0]].starts_lower:
        return 0.0
    if c.feats[a[-1]].ends_hyphen:
        left = last.split()[-1].rstrip("-\u2010\u00ad")
        right = first.split()[0]
        m = WORD_RE.match(right)
        if lex is None or not m:
            return 0.5
        z = lex.zipf(left + m.group(0))
        return 2.0 + z if z > 0 else 0.5
    if c.feats[a[-1]].ends_sentence:
        return 0.0
    return 1.0


def _edge_word(text: str, last: bool) -> str:
    """The first (or last) word of a line, when the line opens (or ends) with it."""
    words = WORD_RE.findall(text)
    if not words:
        return ""
    word = words[-1] if last else words[0]
    return word if (text.endswith(word) if last else text.startswith(word)) else ""


def _name_split(
    c: _Ctx, arts: list[list[list[int]]], done: set[int]
) -> tuple[tuple[int, int], tuple[float, int, int]] | None:
    """A name the extractor split between blocks it printed apart ('... breeding
    colonies like Punta' / ... / 'Tombo[...] But now we're').

    Block ``b`` opens with a capitalised word after text that ends a sentence;
    one open block ``a`` -- not ending a sentence, and not gone on by the block
    after it -- ends in a capitalised word that the page prints before ``b``'s
    first word at least NAME_PAIR_MIN_COUNT times elsewhere, and before the
    block after ``a`` nowhere else.  Returns ``((si, bi), (evidence, sj, aj))``
    as the reflow's lower-case search does.
    """
    pairs: Counter[tuple[str, str]] | None = None
    opens: list[tuple[str, int, int, str]] = []  # (last word, article, block, first word of the block after)
    for sj, blocks in enumerate(arts):
        for aj, a in enumerate(blocks):
            f = c.feats[a[-1]]
            if f.ends_sentence or f.ends_hyphen:
                continue
            word = _edge_word(c.lines[a[-1]].stripped, last=True)
            if not word[:1].isupper():
                continue
            nxt = blocks[aj + 1] if aj + 1 < len(blocks) else None
            if nxt is not None and not c.feats[nxt[0]].starts_upper:
                continue
            opens.append((word, sj, aj, _edge_word(c.lines[nxt[0]].stripped, last=False) if nxt else ""))
    if not opens:
        return None
    for si, blocks in enumerate(arts):
        for bi, b in enumerate(blocks):
            if b[0] in done or not c.feats[b[0]].starts_upper:
                continue
            if bi > 0 and not c.feats[blocks[bi - 1][-1]].ends_sentence:
                continue
            first = _edge_word(c.lines[b[0]].stripped, last=False)
            if not first or not first[:1].isupper():
                continue
            if pairs is None:
                pairs = c.word_pairs()
            hits = [
                (float(pairs[(word, first)]), sj, aj)
                for word, sj, aj, after in opens
                if (sj, aj) != (si, bi) and (sj, aj) != (si, bi - 1)
                and pairs[(word, first)] >= NAME_PAIR_MIN_COUNT
                and pairs[(word, after)] <= 1
            ]
            if len(hits) == 1:
                return (si, bi), hits[0]
    return None


def _reflow_blocks(c: _Ctx, segments: list[Segment], lex: Lexicon | None) -> None:
    """Put back blocks an extractor printed out of order, within and across articles.

    A block that opens in lower case continues a sentence.  Where the text
    before it (in its article) ends that sentence, or it opens the article's
    text, the sentence it continues is elsewhere: the open block -- ending in a
    hyphen that makes a word with this block's first letters, or in an
    unfinished sentence -- that nothing else continues.  The misplaced block
    moves there with the blocks that follow it, up to the next misplaced one
    (interleaving extractors print whole column chunks out of turn).
    """
    arts = [_blocks(c, seg.body) for seg in segments]
    moves = 0
    named_done: set[int] = set()
    for _ in range(MAX_REFLOW_MOVES):
        found = None
        for si, blocks in enumerate(arts):
            for bi, b in enumerate(blocks):
                if not c.feats[b[0]].starts_lower:
                    continue
                if bi > 0 and _join_evidence(c, blocks[bi - 1], b, lex) > 0.0:
                    continue
                found = (si, bi)
                break
            if found:
                break
        best: tuple[float, int, int] | None = None
        if found is None:
            named = _name_split(c, arts, named_done)
            if named is None:
                break
            found, best = named
            si, bi = found
            b = arts[si][bi]
            named_done.add(b[0])
            opening = (
                "text opens with the second half of a name the page prints whole elsewhere "
                f"({best[0]:.0f} times); it continues"
            )
        else:
            si, bi = found
            b = arts[si][bi]
            opening = "text opens mid-sentence; it continues"
            for sj, blocks in enumerate(arts):
                for aj, a in enumerate(blocks):
                    if sj == si and aj in (bi, bi - 1):
                        continue
                    nxt = blocks[aj + 1] if aj + 1 < len(blocks) else None
                    if nxt is not None and _join_evidence(c, a, nxt, lex) > 0.0:
                        continue
                    score = _join_evidence(c, a, b, lex)
                    if score >= REORDER_MIN_EVIDENCE and (best is None or score > best[0]):
                        best = (score, sj, aj)
        if best is None:
            # nothing to continue: leave it, and do not look at it again
            c.feats[b[0]].starts_lower = False
            continue
        score, sj, aj = best
        # the chunk: b and the blocks after it up to the next misplaced block
        end = bi + 1
        while end < len(arts[si]):
            nb = arts[si][end]
            if c.feats[nb[0]].starts_lower and _join_evidence(c, arts[si][end - 1], nb, lex) == 0.0:
                break
            end += 1
        if sj == si and bi < aj < end:
            # the open block it continues follows it in its own article: move
            # the fewest blocks that end a sentence before a block that starts one
            end = next(
                (
                    e
                    for e in range(bi + 1, aj + 1)
                    if c.feats[arts[si][e - 1][-1]].ends_sentence and not c.feats[arts[si][e][0]].starts_lower
                ),
                aj,
            )
            target_block = arts[si][aj]
            if bi > 0 and len(target_block) < sum(len(blk) for blk in arts[si][bi:end]):
                # the open block is the shorter: it is what was printed out of
                # turn (a column's last lines), so it moves back before this one
                del arts[si][aj]
                arts[si].insert(bi, target_block)
                c.repairs.append(
                    _order_repair(
                        c,
                        "move-blocks",
                        target_block[0],
                        arts[si][bi - 1][-1],
                        f"text ends mid-sentence; '{c.lines[b[0]].stripped[:20]}' continues it "
                        f"(evidence {score:.1f}; 1 block moved back)",
                    )
                )
                moves += 1
                continue
        elif sj == si and aj == bi:
            c.feats[b[0]].starts_lower = False
            continue
        chunk = arts[si][bi:end]
        target_block = arts[sj][aj]
        del arts[si][bi:end]
        pos = next(k for k, blk in enumerate(arts[sj]) if blk is target_block)
        arts[sj][pos + 1 : pos + 1] = chunk
        c.repairs.append(
            _order_repair(
                c,
                "move-blocks",
                b[0],
                target_block[-1],
                f"{opening} '{c.lines[target_block[-1]].stripped[-20:]}'"
                f"{' in another article' if sj != si else ''} (evidence {score:.1f}; {len(chunk)} block(s) moved)",
            )
        )
        moves += 1
    if moves:
        for seg, blocks in zip(segments, arts, strict=True):
            seg.body = [k for blk in blocks for k in blk]


_ONLY_TEXT_REASON = "the only text on the page, in sentences: a short story, not an advert or panel"


def _only_text(c: _Ctx, segments: list[Segment]) -> Segment | None:
    """The one short article of a page that holds nothing else: a snippet.

    A page whose only article is shorter than MIN_ARTICLE_WORDS (a pasted
    paragraph, a brief) is no advert box beside a story when its text reads
    as sentences: it ends one, and it has at least SNIPPET_MIN_WORDS words.
    """
    if len(segments) != 1 or not segments[0].body:
        return None
    seg = segments[0]
    words = sum(c.feats[k].words for k in seg.body)
    if words >= MIN_ARTICLE_WORDS or words < SNIPPET_MIN_WORDS or not c.feats[seg.body[-1]].ends_sentence:
        return None
    return seg


def _attach(segments: list[Segment], runs: list[list[int]], field_name: str, unassigned: list[int]) -> None:
    """Give each run of set-apart lines to the article it stands in (by position)."""
    for run in runs:
        target = _segment_for_line(segments, run[0])
        if target is not None:
            getattr(target, field_name).append(run)
        else:
            unassigned.extend(run)


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


def _under_picture(c: _Ctx, i: int) -> bool:
    st = c.lines[i].style
    return st is not None and st.under_picture


def _caption_type_block(c: _Ctx, i: int) -> list[int]:
    """The unlabelled lines of caption type next to ``i`` in its block (``i`` included)."""

    def same(k: int) -> bool:
        a, b = c.lines[i].style, c.lines[k].style
        return (
            a is not None and b is not None and (a.page, a.block) == (b.page, b.block)
            and c.labels[k] == Label.UNASSIGNED and _is_caption_type(c, k)
        )

    lo = hi = i
    while lo > 0 and same(lo - 1):
        lo -= 1
    while hi + 1 < len(c.lines) and same(hi + 1):
        hi += 1
    return list(range(lo, hi + 1))


def _is_caption_type(c: _Ctx, i: int) -> bool:
    st = c.lines[i].style
    return st is not None and st.size > 0 and (st.italic or st.under_picture) and st.rel_size <= HEADER_MAX_REL_SIZE


def _extract_styled_captions(c: _Ctx, seg: Segment) -> None:
    """With geometry: a block of small italic lines in the text flow, or of
    small lines set right under a picture, is a caption."""
    keep: list[int] = []
    k = 0
    body = seg.body
    while k < len(body):
        i = body[k]
        if not _is_caption_type(c, i) or not c.feats[i].starts_upper:
            keep.append(i)
            k += 1
            continue
        block = [i]
        st = c.lines[i].style
        while (
            k + len(block) < len(body)
            and _is_caption_type(c, body[k + len(block)])
            and c.lines[body[k + len(block)]].style.block == st.block  # type: ignore[union-attr]
        ):
            block.append(body[k + len(block)])
        for x in block:
            why = "small type right under a picture" if _under_picture(c, x) else "small italic type in the text flow"
            c.set(x, Label.CAPTION, f"caption: {why}")
        seg.captions.append(block)
        k += len(block)
    seg.body = keep


def _extract_captions(c: _Ctx, seg: Segment) -> None:
    """Set apart photo captions found in an article's text flow.

    A caption is a short, complete sentence (or a line with a photo credit) that
    either carries a credit, or is one line much wider than the column, or
    interrupts a sentence of the body while standing apart from it (blank lines
    around it, or lines that are not of column width).
    """
    if c.styled:
        _extract_styled_captions(c, seg)
    body = seg.body
    keep: list[int] = []
    k = 0
    while k < len(body):
        i = body[k]
        f = c.feats[i]
        if not f.starts_upper or (k > 0 and not c.blank_between(body[k - 1], i) and _runs_on(c.lines[body[k - 1]].stripped)):
            keep.append(i)
            k += 1
            continue
        block = [i]
        j = k
        while len(block) < CAPTION_MAX_LINES and j + 1 < len(body):
            last = c.lines[block[-1]].stripped
            if c.feats[block[-1]].ends_sentence or _credit_search(last):
                break
            if c.blank_between(body[j], body[j + 1]):
                break
            j += 1
            block.append(body[j])
        last_line = c.lines[block[-1]].stripped
        ends = c.feats[block[-1]].ends_sentence or bool(_credit_search(last_line))
        # a caption is one sentence: the rest is looked at only where the block is one
        if not ends or any(c.feats[b].ends_sentence for b in block[:-1]):
            keep.append(i)
            k += 1
            continue
        text = " ".join(c.lines[b].stripped for b in block)
        after = body[j + 1] if j + 1 < len(body) else None
        before = body[k - 1] if k > 0 else None
        credit = bool(_credit_search(text))
        apart_before = before is None or c.blank_between(before, i)
        apart_after = after is None or c.blank_between(block[-1], after)
        standalone = apart_before and apart_after
        off = all(
            c.feats[b].width > WIDE_RATIO * c.W or c.feats[b].width < BODY_WIDTH_LOW * c.W for b in block
        ) and not (len(block) > 1 and c.feats[block[0]].width < BODY_WIDTH_LOW * c.W)
        wide = len(block) == 1 and f.width > CAPTION_WIDE_RATIO * c.W and f.ends_sentence and (
            before is None or c.feats[before].ends_sentence or apart_before
        )
        interrupts = (
            before is not None
            and after is not None
            and not c.feats[before].ends_sentence
            and c.feats[after].starts_lower
            and (standalone or off)
        )
        # the text breaks off mid-sentence, then this block, then a jump line: the text goes on elsewhere
        jumped = (
            before is not None
            and after is None
            and apart_before
            and not c.feats[before].ends_sentence
            and c.lines[i].stripped[:1].isupper()  # (a sentence's opening: '350 Einsätzen aus.' ends one)
            and (nx := c.content(block[-1], 1)) is not None
            and parse_jump(c.lines[nx].stripped) is not None
        )
        # between a drop cap and the rest of its word nothing is body text
        in_dropcap = _inside_dropcap_gap(c, block[0], block[-1])
        if (credit or wide or interrupts or jumped or in_dropcap) and len(text.split()) <= CAPTION_MAX_WORDS:
            credit_line = after is not None and bool(CREDIT_RE.fullmatch(c.lines[after].stripped))
            if credit_line and after is not None:
                block.append(after)
                j += 1
            why = (
                "photo credit"
                if credit
                else "one line much wider than the column"
                if wide
                else "interrupts a sentence of the body"
                if interrupts
                else "stands between text broken off mid-sentence and its jump line"
                if jumped
                else "sits between a drop cap and the rest of its word"
            )
            for b in block:
                c.set(b, Label.CAPTION, "caption: " + why)
            seg.captions.append(block)
            k = j + 1
            continue
        keep.append(i)
        k += 1
    seg.body = keep


_OPENING_LABELS = (Label.HEADLINE, Label.FURNITURE, Label.BYLINE, Label.DATELINE, Label.BLANK, Label.CAPTION, Label.PULL_QUOTE)


def _inside_dropcap_gap(c: _Ctx, first: int, last: int) -> bool:
    """Lines ``first..last`` sit between a drop cap and the rest of its word,
    with only a story's opening (headline, labels, byline) or set-apart
    text between the letter and them."""
    for d in c.dropcaps:
        target = c.dropcap_target.get(d, -1)
        if d < first and last < target and all(c.labels[k] in _OPENING_LABELS for k in range(d + 1, first)):
            return True
    return False


def _advert_label(c: _Ctx, i: int) -> bool:
    """Can line ``i`` open an advert as its label?  A short line (under
    BODY_WIDTH_LOW of the column) that ends no sentence and is no byline or
    list item."""
    f, text = c.feats[i], c.lines[i].stripped
    return f.width < BODY_WIDTH_LOW * c.W and not f.ends_sentence and not _is_byline_text(text) and not LIST_ITEM_RE.match(text)


def _foreign_block(c: _Ctx, body: list[int], k: int, counts: Counter[str]) -> tuple[int, int, int]:
    """How many lines from ``body[k]`` make an advert standing in the text
    flow (0: none), with how many of its content words the story shares and
    how many it has.

    The block opens with a short label line (:func:`_advert_label`) and is 2
    to BOX_MAX_LINES lines with no blank line (but one under the label) or
    justified line inside, at most BOX_MAX_WORDS words.  Its last line neither
    ends a sentence nor runs on (a story's sentences end, an advert's 'Call to
    book an appointment' does not), and something other than the text stands
    after it (a blank line, another label, a headline) before text opening in
    capitals, or in lower case going on with a sentence broken off before the
    block.  It shares at most AD_MAX_SHARED_WORDS content words, or
    AD_MAX_SHARED_SHARE of its own, with the rest of the article's text
    (``counts``: in how many of the text's lines each content word is).  Of
    several such ends the longest whose words are foreign is taken."""
    if not _advert_label(c, body[k]):
        return 0, 0, 0
    ends: list[int] = []
    words = c.feats[body[k]].words
    # the text before broke off mid-sentence: the block may stand inside that sentence
    broken = k > 0 and not c.feats[body[k - 1]].ends_sentence
    for n in range(k + 1, min(len(body), k + BOX_MAX_LINES)):
        x = body[n]
        if n > k + 1 and x != body[n - 1] + 1 and c.blank_between(body[n - 1], x):
            break  # (the label may stand apart: pdfminer prints it as a box of its own)
        if _JUSTIFIED_RE.search(c.lines[x].stripped) or _is_byline_text(c.lines[x].text):
            break  # word gaps stretched to the measure: a column's text
        words += c.feats[x].words
        if words > BOX_MAX_WORDS:
            break
        f = c.feats[x]
        if f.ends_sentence or f.ends_hyphen or _runs_on(c.lines[x].stripped) or c.lines[x].stripped.endswith(":"):
            continue
        if n + 1 < len(body) and (body[n + 1] == x + 1 or not (c.feats[body[n + 1]].starts_upper or broken)):
            continue  # the text goes straight on, or on in lower case (unless it broke off before the block)
        if words < AD_MIN_WORDS_PER_LINE * (n + 1 - k):
            continue  # a line set one word per line ('"The / WH / statement ...'): text, stretched
        ends.append(n)
    for n in reversed(ends):
        inside: Counter[str] = Counter(w for x in body[k : n + 1] for w in _line_story_words(c.lines[x].text))
        shared = sum(1 for w, m in inside.items() if counts[w] > m)
        if shared <= max(AD_MAX_SHARED_WORDS, AD_MAX_SHARED_SHARE * len(inside)):
            return n + 1 - k, shared, len(inside)
    return 0, 0, 0


def _unrelated_tail(c: _Ctx, text: list[int], run: list[int]) -> bool:
    """Is ``run``, the last lines of an article's text, an advert printed after
    it?  Its lines do not all end sentences, and they share at most
    ``AD_MAX_SHARED_WORDS`` content words with the article's text before them
    (an advert's words are its own; a story's last lines repeat its words)."""
    if not text or all(c.feats[x].ends_sentence for x in run) or not c.feats[text[-1]].ends_sentence:
        return False
    nxt = c.content(run[-1], 1)
    end = len(c.lines) - 1 if nxt is None else nxt
    if any(parse_jump(c.lines[x].text) is not None for x in range(run[0], end + 1)):
        return False  # the story goes on elsewhere: its last lines by the jump line
    return len(_story_words(c, run) & _story_words(c, text)) <= AD_MAX_SHARED_WORDS


def _extract_boxes(c: _Ctx, seg: Segment, furniture: list[list[int]]) -> None:
    """Display text standing inside an article's flow: section labels, paper names, adverts.

    A run of up to BOX_MAX_LINES lines that sits between a sentence end and a
    sentence start, none of whose lines runs on into the next (no lower-case
    continuation, hyphen or comma), none of column width -- or a single line of
    at most KICKER_MAX_WORDS words without punctuation.
    """
    body = seg.body
    keep: list[int] = []
    counts: Counter[str] | None = None  # in how many of the text's lines each content word is
    k = 0
    while k < len(body):
        i = body[k]
        prev = keep[-1] if keep else None
        if not c.feats[i].starts_upper or (prev is not None and not c.feats[prev].ends_sentence and not c.blank_between(prev, i)):
            keep.append(i)
            k += 1
            continue
        j = k
        while j + 1 < len(body) and j - k + 1 < BOX_MAX_LINES and not c.feats[body[j + 1]].starts_lower:
            if c.feats[body[j]].ends_hyphen or _runs_on(c.lines[body[j]].stripped):
                break
            j += 1
        run = body[k : j + 1]
        # shrink from the end until what follows starts a sentence
        while run:
            after = body[k + len(run)] if k + len(run) < len(body) else None
            last = run[-1]
            if (after is None or c.feats[after].starts_upper) and not c.feats[last].ends_hyphen and not _runs_on(c.lines[last].stripped):
                break
            run = run[:-1]
        words = sum(c.feats[x].words for x in run)
        reason = _BOX_REASON
        if run:
            after = body[k + len(run)] if k + len(run) < len(body) else None
            apart = (prev is None or c.blank_between(prev, run[0])) and (after is None or c.blank_between(run[-1], after))
            single = (
                len(run) == 1
                and words <= KICKER_MAX_WORDS
                and not c.feats[run[0]].ends_sentence
                and k > 0
                and (after is None or apart)
            )
            box = len(run) >= 2 and words <= BOX_MAX_WORDS and all(
                not (BODY_WIDTH_LOW * c.W <= c.feats[x].width <= WIDE_RATIO * c.W) for x in run
            ) and not all(c.feats[x].ends_sentence for x in run)
            if not (single or box) and after is None and len(run) >= 2 and words <= BOX_MAX_WORDS:
                box = _unrelated_tail(c, body[:k], run)
            if not (single or box) and _advert_label(c, i):
                if counts is None:
                    counts = Counter(w for x in body for w in _line_story_words(c.lines[x].text))
                foreign, shared, own = _foreign_block(c, body, k, counts)
                if foreign:
                    run, box = body[k : k + foreign], True
                    reason = _FOREIGN_REASON.format(shared=shared, own=own)
            if single or box:
                for x in run:
                    c.set(x, Label.FURNITURE, reason)
                    furniture.append([x])
                k += len(run)
                continue
        keep.append(i)
        k += 1
    seg.body = keep


