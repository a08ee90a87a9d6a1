"""Lines to paragraphs: joins, line-end hyphens, drop caps, paragraph ends, inline datelines."""

from __future__ import annotations

import re
import statistics

from .continuations import parse_jump
from .hyphenation import HYPHENS, decide_line_end_hyphen, split_fused_compound, split_fused_connective
from .lexicon import Lexicon, PageVocabulary
from .lines import LineFeatures, ends_hyphen, line_features, starts_lower, starts_upperish
from .model import Line, Paragraph, Repair, TextItem

#: A sentence ending on a line at least this share of the column's typical
#: width is no sure paragraph end even when the next word would fit by
#: character count: letters differ in width, so counts leave a near-full line
#: looking roomier than it was in print.  Such a line is left to the later
#: tests (indented or full next line, blank lines).  Calibrated on dev: para_f1
#: 0.879 -> 0.883 and better for every extractor; flat for 0.88-0.92, lower
#: at 0.8 (plain pdftotext, -raw) and 0.95 (pdfminer).
SHORT_LINE_RATIO = 0.9
#: With geometry: a first line set in by more than this many font sizes is
#: indented (dev pages indent 1-1.5 em; ragged left edges vary < 0.1 em); a
#: line ending more than GEO_SHORT_EM short of its column's right edge is a
#: paragraph's last line (justified lines end within 0.2 em; ragged-right
#: text can fall 2-3 em short, which this misreads as paragraph ends only
#: when the next line also opens a sentence); GEO_PARA_GAP lines of extra
#: white space above a line open a paragraph.
GEO_INDENT_EM = 0.6
GEO_SHORT_EM = 1.5
#: average advance of a character in font sizes, for "would the next word have
#: fitted" on ragged-right text (text faces: 0.45-0.55 em per lower-case letter)
GEO_CHAR_EM = 0.5
GEO_PARA_GAP = 0.3

#: A word "would have fitted" on the line before when the two stay within the
#: column's fullest width times this slack (justification stretches spaces).
FIT_SLACK = 1.0
#: Share of sure paragraph ends followed by a blank line above which blank
#: lines are the page's paragraph mark.
BLANK_SHARE = 0.5
BLANK_MIN_GAPS = 3
#: Extra leading spaces that mark a first-line indent.
INDENT_MIN = 2
#: Indented paragraphs seen in character counts.  Text extractors drop the
#: first-line indent but keep its effect: an indented first line holds fewer
#: characters.  A line that fills at least FULL_LINE_MIN of the column's
#: fullest lines (and no more than MEASURE_MAX, so both lines are in the same
#: measure) is then no paragraph's first line.  The page is taken to indent
#: when fewer than INDENTED_FULL_SHARE of the first lines after its sure
#: paragraph ends (short last lines) are that full, counted over at least
#: INDENT_MIN_ENDS of them.  Calibrated on the dev pages printed without blank
#: lines (pdftotext -raw, PyMuPDF): sure first lines are >= 0.9 of the cap in
#: 29% of cases, running lines in most; the gain in para_f1 is flat for
#: FULL_LINE_MIN 0.85-0.95 and for INDENTED_FULL_SHARE 0.5-0.6.
FULL_LINE_MIN = 0.9
MEASURE_MAX = 1.1
INDENTED_FULL_SHARE = 0.6
INDENT_MIN_ENDS = 3
#: Lines holding more than one printed line.  pdftotext's default mode joins a
#: line that ends in a hyphen to the next one ('attendees in cosplay. Wikinews
#: attended.'), so some "lines" run to about two column widths.  A running line
#: wider than MERGED_LINE_RATIO times the column's typical width is left out of
#: the column's fullest width, and a line wider than MERGED_FIT_RATIO times that
#: fullest width is measured by its last printed line (its width less one
#: typical width at a time) in the "would the next word have fitted" test.
#: Calibrated on dev plain pdftotext, whose fullest width came out at 1.5-2.1
#: column widths: para_f1 there 0.812 -> 0.820 with both.  MERGED_LINE_RATIO
#: 1.2-1.5 gives the same; MERGED_FIT_RATIO 1.2 gives 0.818 and 1.3 0.815.
MERGED_LINE_RATIO = 1.3
MERGED_FIT_RATIO = 1.1
#: Blank lines mark paragraph ends only when at least this share of the sure
#: paragraph ends (a sentence ending on a short line) have one after them,
#: counted over at least BLANK_MIN_GAPS of them.  Extractors also print blank
#: lines at column breaks, and a column often breaks after a sentence, so on a
#: page that indents its paragraphs the blank lines alone can look like marks.
#: Calibrated on dev: plain pdftotext para_f1 0.820 -> 0.832, flat for
#: 0.4-0.6; 0.7 loses on pdfminer.
BLANK_SURE_SHARE = 0.5

INLINE_DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]+(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]+){0,3}(?:, [A-Z][\w.]{1,12})?)"
    r"\s*(?:[—–]|--|-|:)\s+(?=\S)"
    r"|^(?P<tplace>[A-ZÀ-ÖØ-Þ][\wÀ-ÿ.'’-]+(?: [A-ZÀ-ÖØ-Þ][\wÀ-ÿ.'’-]+){0,2})\s+[—–]\s+(?=\S)"
)
#: The marks a list item opens with: a hyphen, dash, bullet or asterisk.
LIST_MARKS = "-–—•*·"
#: A list item's opening: one of LIST_MARKS, a space, then text.
LIST_ITEM_RE = re.compile(rf"^[{re.escape(LIST_MARKS)}] \S")
#: A compound's part shorter than this is never split (a function word and a
#: word of FUSED_MIN_PART letters make five).
FUSED_PART_MIN_LEN = 5

_EDGE_PUNCT = ".,;:!?\"'()[]“”‘’«»—–-…*"
_JOIN_MARKS = HYPHENS + "—–"  # line-end characters join_lines looks at


class Assembler:
    def __init__(
        self,
        lines: list[Line],
        lex: Lexicon,
        vocab: PageVocabulary,
        page_width: float,
        feats: list[LineFeatures] | None = None,
    ) -> None:
        """``feats`` are the lines' :func:`~broadsheet.lines.line_features`
        (the segmentation's, where it has them)."""
        self.lines = lines
        self.lex = lex
        self.vocab = vocab
        self.page_width = page_width
        self.feats = line_features(lines) if feats is None else feats
        self.indents = False

    def learn_indents(self, bodies: list[list[int]]) -> bool:
        """Does this page indent its paragraphs' first lines?

        Looks at the line after each sure paragraph end (a sentence ending on
        a line the next word would have fitted on): on a page that indents,
        few of those first lines fill the column.  Sets :attr:`indents`.
        """
        ends = full = 0
        for body in bodies:
            if len(body) < 2:
                continue
            width = self.column_width(body)
            cap = self.column_cap(body, width)
            if cap <= 0:
                continue
            for a, b in zip(body, body[1:], strict=False):
                if self.short_end(a, b, width, cap):
                    ends += 1
                    full += FULL_LINE_MIN <= self.feats[b].width / cap <= MEASURE_MAX
        self.indents = ends >= INDENT_MIN_ENDS and full < INDENTED_FULL_SHARE * ends
        return self.indents

    def short_end(self, a: int, b: int, width: float, cap: float) -> bool:
        """Does a sentence end on line ``a`` although ``b``'s first word would have fitted on it?"""
        fa = self.feats[a]
        if fa.ends_hyphen or not fa.ends_sentence or self.feats[b].starts_lower:
            return False
        tb = self.lines[b].stripped
        if not starts_upperish(tb) or self.stretched_end(a):
            return False
        return last_printed_width(fa.width, width, cap) + 1 + len(tb.split(" ", 1)[0]) <= cap * FIT_SLACK

    # -- widths -------------------------------------------------------------
    def column_width(self, body: list[int]) -> float:
        feats = self.feats
        widths = [
            feats[a].width
            for a, b in zip(body, body[1:], strict=False)
            if feats[b].starts_lower and not feats[a].ends_sentence
        ]
        if len(widths) < 4:
            return self.page_width
        return float(statistics.median(widths))

    def column_cap(self, body: list[int], width: float) -> float:
        """The fullest lines of the column (90th percentile of running lines)."""
        feats = self.feats
        widths = sorted(
            feats[a].width
            for a, b in zip(body, body[1:], strict=False)
            if feats[b].starts_lower and not feats[a].ends_hyphen
        )
        if len(widths) < 4:
            return width
        single = [w for w in widths if w <= MERGED_LINE_RATIO * width]
        if len(single) >= 4:
            widths = single
        return float(widths[int(0.9 * (len(widths) - 1))])

    def blanks_mark_paragraphs(self, body: list[int], width: float, cap: float) -> bool:
        """Do blank lines mark this article's paragraph ends?

        Yes when the article's text has at least BLANK_MIN_GAPS blank gaps, at
        least BLANK_SHARE of them follow a sentence end (column breaks fall
        anywhere in a sentence; paragraph marks only after one), and at least
        BLANK_SURE_SHARE of its sure paragraph ends have a blank line after
        them (when it has BLANK_MIN_GAPS of those to count).
        """
        gaps = after_end = sure = sure_blank = 0
        for a, b in zip(body, body[1:], strict=False):
            blank = b > a + 1 and any(self.lines[k].is_blank for k in range(a + 1, b))
            if blank:
                gaps += 1
                if self.feats[a].ends_sentence:
                    after_end += 1
            if self.short_end(a, b, width, cap):
                sure += 1
                sure_blank += blank
        if gaps < BLANK_MIN_GAPS or after_end < BLANK_SHARE * gaps:
            return False
        return sure < BLANK_MIN_GAPS or sure_blank >= BLANK_SURE_SHARE * sure

    # -- joining ------------------------------------------------------------
    def join_lines(self, idx: list[int], repairs: list[Repair], display: bool = False) -> str:
        """Join lines into one string, deciding every line-end hyphen (``display``:
        in a headline, see :func:`decide_line_end_hyphen`)."""
        out = ""
        lines, feats = self.lines, self.feats
        for k, i in enumerate(idx):
            s = single_spaced(lines[i], feats[i].words)
            if not out:
                out = s
                continue
            # the last token matters only after a hyphen or dash
            prev_tok = out.rsplit(" ", 1)[-1] if out[-1] in _JOIN_MARKS else ""
            if not prev_tok and len(out) != 1:
                # no hyphen, dash or lone capital before the break: a plain join
                out += " " + s
                continue
            if prev_tok and prev_tok[-1] in HYPHENS and len(prev_tok) > 1 and s:
                first, _, rest = s.partition(" ")
                d = decide_line_end_hyphen(prev_tok, first, self.lex, self.vocab, display)
                head = out[: len(out) - len(prev_tok)]
                out = head + d.text + (" " + rest if rest else "")
                repairs.append(
                    Repair("hyphen", d.action, f"{prev_tok}\\n{first}", d.text, d.why, self.lines[i].start)
                )
                continue
            word = s.split(" ", 1)[0]
            cap_fragment = word.isupper() and len(word) <= 2 and self.lex.zipf(out + word) >= 4.0
            if len(prev_tok) > 1 and prev_tok[-1] in "—–" and prev_tok[-2].isalnum() and s[:1].isalnum():
                # an unspaced dash at the line end: the words stay joined by it
                out = out + s
                repairs.append(Repair("join", "dash", f"{prev_tok}\\n{word}", prev_tok + word, "unspaced dash at a line end", self.lines[i].start))
                continue
            if len(out) == 1 and out.isalpha() and out.isupper() and (s[:1].islower() or cap_fragment):
                # drop cap torn off its word
                joined = out + word
                if cap_fragment or self.lex.zipf(joined) > 0 or self.lex.zipf(word) == 0 or self.vocab.count(joined):
                    repairs.append(
                        Repair("dropcap", "join", f"{out} / {word}", joined, "a lone capital letter before a lower-case word fragment", self.lines[i].start)
                    )
                    out = out + s
                    continue
            out = out + " " + s
        return out

    def fix_fused(self, text: str, repairs: list[Repair], offset: int) -> str:
        toks = text.split(" ")
        changed = False
        for n, tok in enumerate(toks):
            if len(tok) < 6:
                continue
            core = tok.strip(_EDGE_PUNCT)
            if "-" in core:
                fixed_parts = self._fix_compound_parts(core, repairs, offset)
                if fixed_parts != core:
                    toks[n] = tok.replace(core, fixed_parts, 1)
                    changed = True
                continue
            if len(core) < 6 or not core.isalpha() or self.lex.zipf(core) > 0:
                continue
            res = split_fused_compound(core, self.lex, self.vocab)
            if res is None:
                continue
            fixed, why = res
            toks[n] = tok.replace(core, fixed, 1)
            repairs.append(Repair("fused-compound", "restore-hyphen", core, fixed, why, offset))
            changed = True
        return " ".join(toks) if changed else text

    def _fix_compound_parts(self, core: str, repairs: list[Repair], offset: int) -> str:
        """A hyphenated compound with a part fused from a function word and a
        word ('eye-toeye' -> 'eye-to-eye')."""
        parts = core.split("-")
        for i, part in enumerate(parts):
            res = split_fused_connective(part, self.lex) if len(part) >= FUSED_PART_MIN_LEN else None
            if res is not None:
                parts[i], why = res
                repairs.append(Repair("fused-compound", "restore-hyphen", core, "-".join(parts), why, offset))
        return "-".join(parts)

    # -- paragraphs ---------------------------------------------------------
    def paragraph_break(self, a: int, b: int, width: float, cap: float, blanks_mark: bool) -> tuple[bool, str]:
        """Does a paragraph end between body lines ``a`` and ``b``?

        ``width`` is the column's typical width and ``cap`` its fullest lines;
        ``blanks_mark`` says whether this page marks paragraph ends with blank
        lines (then a sentence end with no blank line after it runs on).
        """
        la, lb = self.lines[a], self.lines[b]
        ta, tb = la.stripped, lb.stripped
        fa = self.feats[a]
        if fa.ends_hyphen:
            return False, "line ends with a hyphen"
        if self.feats[b].starts_lower:
            return False, "next line starts in lower case"
        if len(ta) == 1 and ta.isupper():
            return False, "drop cap"
        if LIST_ITEM_RE.match(tb):
            # a list item starts ('- Better access to legal,'): after a line the
            # item's first word would have fitted on (a list's lines end short)
            word = tb[2:].lstrip().split(" ", 1)[0]
            if la.width + 1 + len(word) <= cap * FIT_SLACK:
                return True, f"a list item opens the next line and '{word}' would have fitted on this one"
        if not fa.ends_sentence:
            return False, "line does not end a sentence"
        if not starts_upperish(tb) and tb[:1] not in LIST_MARKS:
            return False, "next line does not start a sentence"
        first_word = tb.split(" ", 1)[0]
        if self.stretched_end(a):
            return False, "the line is the end of a line stretched across the column: not a paragraph's last line"
        last = last_printed_width(la.width, width, cap)
        if last + 1 + len(first_word) <= cap * FIT_SLACK and last < SHORT_LINE_RATIO * width:
            held = ", the last of the printed lines it holds" if last != la.width else ""
            return True, f"sentence ends on a short line: '{first_word}' would have fitted ({last:.0f} of {cap:.0f}{held})"
        indent = lb.indent >= la.indent + INDENT_MIN and lb.indent - la.indent < 12
        if indent:
            return True, "next line is indented"
        if any(self.lines[k].is_blank for k in range(a + 1, b)):
            return True, "sentence end, blank line, capital next"
        if blanks_mark:
            return False, "no blank line where this page marks paragraph ends with one"
        if self.indents and cap > 0 and la.width <= MEASURE_MAX * cap and FULL_LINE_MIN <= lb.width / cap <= MEASURE_MAX:
            return False, (
                f"the next line fills the column ({lb.width} of {cap:.0f}) and this page indents first lines: "
                "the sentence goes on in the same paragraph"
            )
        return True, "sentence end at a full line, capital next, and the page marks paragraphs no other way"

    def stretched_end(self, a: int) -> bool:
        """Is line ``a`` the last word of a line whose words were set far apart?

        Some extractors print a line justified with wide gaps as one word per
        line with a line of spaces between them ('document', ' ', 'requests.').
        A paragraph's last line is set with normal spacing, so the end of a
        stretched line runs on.
        """
        if a < 2 or self.lines[a].text.strip().count(" ") > 0:
            return False
        gap, piece = self.lines[a - 1].text, self.lines[a - 2].stripped
        return bool(gap) and not gap.strip() and bool(piece) and " " not in piece and not self.feats[a - 2].ends_sentence

    def column_edges(self, body: list[int]) -> dict[tuple[int, int], tuple[float, float]]:
        """Left and right edge of each column (page, column) of body lines with geometry."""
        xs: dict[tuple[int, int], tuple[list[float], list[float]]] = {}
        for i in body:
            st = self.lines[i].style
            if st is None:
                continue
            lo, hi = xs.setdefault((st.page, st.column), ([], []))
            lo.append(st.bbox.x0)
            hi.append(st.bbox.x1)
        out: dict[tuple[int, int], tuple[float, float]] = {}
        for key, (lo, hi) in xs.items():
            lo.sort()
            hi.sort()
            # the usual left edge (indented first lines are few) and the full line's right edge
            out[key] = (lo[len(lo) // 4], hi[(len(hi) * 3) // 4])
        return out

    def geometric_break(
        self, a: int, b: int, edges: dict[tuple[int, int], tuple[float, float]]
    ) -> tuple[bool, str]:
        """Paragraph end between ``a`` and ``b`` from where the lines sit on the page."""
        la, lb = self.lines[a], self.lines[b]
        sa, sb = la.style, lb.style
        assert sa is not None and sb is not None
        ta, tb = la.stripped, lb.stripped
        if ends_hyphen(ta):
            return False, "line ends with a hyphen"
        if len(ta) == 1 and ta.isupper():
            return False, "drop cap"
        em = sb.size or 10.0
        left_a, right_a = edges.get((sa.page, sa.column), (sa.bbox.x0, sa.bbox.x1))
        left_b, _ = edges.get((sb.page, sb.column), (sb.bbox.x0, sb.bbox.x1))
        same_column = (sa.page, sa.column) == (sb.page, sb.column)
        indented = sb.bbox.x0 - left_b > GEO_INDENT_EM * em
        a_indented = sa.bbox.x0 - left_a > GEO_INDENT_EM * em
        # would the next line's first word have fitted at the end of this one?
        first_word = tb.split(" ", 1)[0]
        room = right_a - sa.bbox.x1
        short = room > max(GEO_SHORT_EM, GEO_CHAR_EM * (len(first_word) + 1)) * em
        opens = starts_upperish(tb) or tb[:1] in "-–—•*\"'“‘«(0123456789"
        if same_column and sb.gap_before > GEO_PARA_GAP and opens:
            return True, f"white space of {sb.gap_before:.1f} lines before the line"
        if indented and not (same_column and a_indented and not short) and opens:
            return True, f"first line indented by {sb.bbox.x0 - left_b:.1f} pt"
        if short and opens and not starts_lower(tb):
            return True, f"line ends {right_a - sa.bbox.x1:.0f} pt short of the column edge"
        return False, "the line runs to the column edge" if not short else "next line does not open a sentence"

    def paragraphs(self, body: list[int], repairs: list[Repair]) -> list[Paragraph]:
        if not body:
            return []
        width = self.column_width(body)
        cap = self.column_cap(body, width)
        blanks_mark = self.blanks_mark_paragraphs(body, width, cap)
        groups: list[list[int]] = [[body[0]]]
        edges = self.column_edges(body)
        for a, b in zip(body, body[1:], strict=False):
            jump = (
                next((self.lines[k].stripped for k in range(a + 1, b) if parse_jump(self.lines[k].stripped)), None)
                if b > a + 1
                else None
            )
            if jump is not None:
                brk, why = True, f"the jump line {jump!r} stands between: the text goes on elsewhere"
            elif edges and self.lines[a].style is not None and self.lines[b].style is not None:
                brk, why = self.geometric_break(a, b, edges)
            else:
                brk, why = self.paragraph_break(a, b, width, cap, blanks_mark)
            if brk:
                groups.append([b])
                repairs.append(Repair("paragraph", "break", self.lines[a].stripped[-20:], "¶", why, self.lines[b].start))
            else:
                if b != a + 1:
                    repairs.append(Repair("paragraph", "join-across-gap", self.lines[a].stripped[-20:], self.lines[b].stripped[:20], why, self.lines[b].start))
                groups[-1].append(b)
        out: list[Paragraph] = []
        for g in groups:
            text = self.join_lines(g, repairs)
            text = self.fix_fused(text, repairs, self.lines[g[0]].start)
            first = self.lines[g[0]]
            out.append(Paragraph(text, first.start + first.indent, self.lines[g[-1]].end))
        return out

    def item(
        self, idx: list[int], repairs: list[Repair], why: str = "", fused: bool = False, display: bool = False
    ) -> TextItem:
        """Lines ``idx`` as one text item; ``fused``: also restore compound
        hyphens an extractor removed (for text: headlines, captions, quotes);
        ``display``: a headline (its line-end hyphens are compounds')."""
        text = self.join_lines(idx, repairs, display=display)
        if fused:
            text = self.fix_fused(text, repairs, self.lines[idx[0]].start)
        first = self.lines[idx[0]]
        return TextItem(text, first.start + first.indent, self.lines[idx[-1]].end, why)


def last_printed_width(chars: int, width: float, cap: float) -> float:
    """The width of the last printed line in a text line of ``chars`` characters:
    a line wider than both MERGED_FIT_RATIO times the column's fullest width
    ``cap`` and MERGED_LINE_RATIO times its typical ``width`` holds more than
    one, each of about the typical width."""
    last = float(chars)
    if width <= 0:
        return last
    while last > MERGED_FIT_RATIO * cap and last > MERGED_LINE_RATIO * width:
        last -= width
    return last


def single_spaced(line: Line, words: int) -> str:
    """``" ".join(line.text.split())`` for a line of ``words`` words: its stripped
    text when every gap in it is one space (it is as long as the words joined
    with a space per gap, and holds a space per gap)."""
    s = line.stripped
    if len(s) == line.width and s.count(" ") == words - 1:
        return s
    return " ".join(line.text.split())


def split_inline_dateline(text: str) -> tuple[str, str] | None:
    """``'LONDON — The ...'`` -> ``('LONDON', 'The ...')``."""
    m = INLINE_DATELINE_RE.match(text)
    if not m:
        return None
    place = (m.group("place") or m.group("tplace") or "").strip()
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) < 3:
        return None
    if m.group("place") and not all(ch.isupper() for ch in letters if ch.isalpha()) and "," not in place:
        return None
    return place, text[m.end():]
