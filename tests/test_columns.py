"""Text printed with its columns side by side (a layout-preserving extractor).

The pages here are made by :func:`_side_by_side`: stories wrapped in narrow
columns, paragraphs indented, the columns printed next to each other with a
gutter, as ``pdftotext -layout`` prints a page.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

import broadsheet
from broadsheet.columns import layout_lines, may_be_laid_out
from fixtures.pagegen import justify, wrap_plain

_HARBOUR = [
    "The harbour board met on Tuesday to decide the future of the old ferry pier after a winter of storms.",
    "Members heard from residents who want the structure kept as a public walkway and a place to fish.",
    "Engineers told the meeting that repairs would take two years and cost more than the board had set aside.",
    "A decision is expected next month, after divers have surveyed the timber piles under the deck.",
    "The chairman said the town would look for grants from the regional fund before any vote is taken.",
    "Traders on the quay said the pier brings visitors in summer and that closing it would hurt them.",
]
_VALLEY = [
    "Storms closed three schools in the valley on Monday as rivers rose above their banks overnight.",
    "Teachers sent pupils home early and parents collected children from the gates in heavy rain.",
    "The county said roads would stay shut until the water fell, and buses were sent by other routes.",
    "Forecasters expect more rain later in the week, and volunteers have filled sandbags in the square.",
]
_WIDTH = 30


def _column_lines(paragraphs: list[str], width: int = _WIDTH) -> list[str]:
    """Paragraphs wrapped in a column, each first line indented."""
    out: list[str] = []
    for paragraph in paragraphs:
        lines = wrap_plain(paragraph, width - 3)
        out.append("   " + lines[0])
        out.extend(lines[1:])
    return out


def _split(lines: list[str], n: int) -> list[list[str]]:
    per = -(-len(lines) // n)
    return [lines[k : k + per] for k in range(0, len(lines), per)]


def _side_by_side(columns: list[list[str]], gutter: int = 4, width: int = _WIDTH) -> list[str]:
    """Rows holding a line of each column, the columns ``width`` wide."""
    rows = []
    for k in range(max(len(col) for col in columns)):
        cells = [col[k] if k < len(col) else "" for col in columns]
        rows.append((" " * gutter).join(cell.ljust(width) for cell in cells).rstrip())
    return rows


def _story(headline: str, byline: str, paragraphs: list[str], n_columns: int) -> list[str]:
    return [headline, "By " + byline, "", *_side_by_side(_split(_column_lines(paragraphs), n_columns))]


def test_issue_2_columns_side_by_side_are_read_one_after_another() -> None:
    """pdftotext -layout printed a story's three columns next to each other,
    each row holding a line of every column; broadsheet read the rows as lines.
    The page is cut down its gutters and each column read in turn: the story
    comes back whole, its paragraphs found from the indents, and every line
    keeps its offsets into the input."""
    text = "\n".join(_story("Pier future in doubt after storms", "Jo Smith", _HARBOUR, 3)) + "\n"
    assert may_be_laid_out(text)
    lines = layout_lines(text)
    assert lines is not None
    for line in lines:
        assert text[line.start : line.end] == line.text
    art = broadsheet.rebuild(text).to_dict(offsets=False)["articles"]
    assert len(art) == 1, art
    assert art[0]["headline"] == "Pier future in doubt after storms"
    assert art[0]["byline"] == "Jo Smith"
    assert art[0]["paragraphs"] == _HARBOUR


def test_issue_2_stories_in_columns_stacked_keep_apart() -> None:
    """Two stories one over the other, their gutters lined up: the blank rows
    between them part the stories before any gutter is cut, so the top story's
    second column is not read into the lower story.  A headline over two
    columns crosses the gutter and stays one line."""
    top = _story("Pier future in doubt after storms", "Jo Smith", _HARBOUR, 2)
    lower = _story("Valley schools shut as rivers rise over their banks", "Tom Hale", _VALLEY, 2)
    assert len(lower[0]) > _WIDTH + 4  # (the lower headline reaches over the gutter)
    text = "\n".join([*top, "", "", *lower]) + "\n"
    arts = broadsheet.rebuild(text).to_dict(offsets=False)["articles"]
    assert [a["headline"] for a in arts] == [
        "Pier future in doubt after storms",
        "Valley schools shut as rivers rise over their banks",
    ]
    assert arts[0]["paragraphs"] == _HARBOUR
    assert arts[1]["paragraphs"] == _VALLEY


def test_issue_2_two_headlines_side_by_side_head_their_own_columns() -> None:
    """Two stories side by side under their own headlines: a wide gutter parts
    the headlines too, so each heads the columns under it."""
    left = _story("Pier future in doubt", "Jo Smith", _HARBOUR, 1)
    right = _story("Valley schools shut", "Tom Hale", _VALLEY, 1)
    text = "\n".join(_side_by_side([left, right], gutter=6)) + "\n"
    arts = broadsheet.rebuild(text).to_dict(offsets=False)["articles"]
    heads = {a["headline"]: a["paragraphs"] for a in arts}
    assert heads == {"Pier future in doubt": _HARBOUR, "Valley schools shut": _VALLEY}


def test_issue_2_single_column_text_is_not_cut() -> None:
    """Negative cases: one column, justified with stretched gaps (as pdfminer
    prints it), in long rows or short, is no layout; nor is a short block of
    two columns (too few rows to say the page is in columns)."""
    wide = [justify(line, 70) for line in wrap_plain(" ".join(_HARBOUR + _VALLEY), 70)]
    text = "\n".join(wide) + "\n"
    assert may_be_laid_out(text)  # long rows with wide gaps: the cut decides
    assert layout_lines(text) is None
    narrow = "\n".join(justify(line, 30) for line in wrap_plain(" ".join(_HARBOUR), 30)) + "\n"
    assert not may_be_laid_out(narrow)
    short = "\n".join(_side_by_side(_split(_column_lines(_HARBOUR[:1]), 2))) + "\n"
    assert layout_lines(short) is None


_TOKENS = st.sampled_from(["word", "Two", "x", "a-", ".", "pier", "Storms"])
_WORDS = st.lists(_TOKENS, min_size=1, max_size=4).map(" ".join)


@st.composite
def _pages(draw: st.DrawFn) -> str:
    """Columns side by side (gutters 1-6 wide), with stray rows of any text
    (headlines, noise) and blank rows put in among them."""
    columns = draw(st.lists(st.lists(_WORDS | st.just(""), min_size=8, max_size=24), min_size=1, max_size=3))
    rows = _side_by_side(columns, gutter=draw(st.integers(1, 6)), width=draw(st.integers(28, 40)))
    stray = st.lists(st.sampled_from(["word", "Two", "x", " ", "  ", "     ", "a-", "."]), max_size=40).map("".join)
    for _ in range(draw(st.integers(0, 4))):
        rows.insert(draw(st.integers(0, len(rows))), draw(stray))
    return "\n".join(rows)


@given(_pages())
def test_issue_2_column_cut_loses_nothing(text: str) -> None:
    """Whatever the rows, the cut (when it cuts) keeps every character but
    spaces exactly once, and every line is the span of the input it says."""
    lines = layout_lines(text)
    if lines is None:
        return
    for line in lines:
        assert text[line.start : line.end] == line.text
    kept = Counter("".join(ln.text for ln in lines).replace(" ", ""))
    assert kept == Counter(text.replace(" ", "").replace("\n", ""))
