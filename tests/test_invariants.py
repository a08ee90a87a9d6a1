"""Properties that hold for any input (Hypothesis).

1. ``rebuild_text`` / ``rebuild`` raise nothing but :class:`BroadsheetError`.
2. Nothing is lost or invented: the multiset of word characters (``ch.isalnum()`` or
   ``_``) of the input equals the multiset over every output field (headline, byline,
   dateline, decks, paragraphs, pull quotes, captions, furniture, unassigned).  The
   only allowed difference is a byline's leading "By" (or "von", "par", ...), which
   the engine drops.  A pull quote repeats body text in the input too, so each input
   occurrence is counted once and the comparison is exact.
3. The JSON writer round-trips: ``json.loads(to_json(doc)) == doc.to_dict()``.
"""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import example, given
from hypothesis import strategies as st

from broadsheet import BroadsheetError, Document, rebuild, rebuild_text
from broadsheet.cli import sample_text
from broadsheet.writers import explain_lines, to_json, to_markdown, to_text

BY_WORDS = {"by", "von", "par", "di", "por", "de"}


def word_chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if ch.isalnum() or ch == "_")


def output_texts(doc: Document) -> list[str]:
    out: list[str] = []
    for a in doc.articles:
        out += [x.text for x in (a.headline, a.byline, a.dateline) if x is not None]
        out += [d.text for d in a.decks]
        out += [p.text for p in a.paragraphs]
        out += [q.text for q in a.pull_quotes]
        out += [c.text for c in a.captions]
    out += [f.text for f in doc.furniture]
    out += [u.text for u in doc.unassigned]
    return out


def dropped_by_prefixes(doc: Document) -> Counter[str]:
    """Word characters of the 'By' the engine removed in front of each byline."""
    dropped: Counter[str] = Counter()
    for a in doc.articles:
        if a.byline is None:
            continue
        line_start = doc.text.rfind("\n", 0, a.byline.start) + 1
        prefix = doc.text[line_start : a.byline.start]
        words = prefix.split()
        if words:
            assert words[-1].lower() in BY_WORDS, f"byline drops {prefix!r}, not a 'By'"
            dropped += word_chars(words[-1])
    return dropped


def check_nothing_lost(text: str, doc: Document) -> None:
    got = word_chars("".join(output_texts(doc)))
    want = word_chars(text)
    extra = got - want
    missing = want - got
    assert not extra, f"invented word characters: {dict(extra)}"
    assert missing == dropped_by_prefixes(doc), f"lost word characters: {dict(missing)}"


def check_writers(doc: Document) -> None:
    assert json.loads(to_json(doc)) == doc.to_dict()
    assert json.loads(to_json(doc, explain=True, indent=None)) == doc.to_dict(explain=True)
    assert to_markdown(doc).endswith("\n")
    assert to_text(doc).endswith("\n")
    assert len(explain_lines(doc)) == len(doc.all_repairs())


# --------------------------------------------------------------------------
# strategies: arbitrary text, and text shaped like an extractor's page

WORDS = (
    "the council voted on Monday to restore night ferry service after long campaign workers "
    "hospital estuary people clean wards cook meals walking miles bridge dark library open "
    "midnight students quiet reading room trial volunteers society desk café naïve über "
    "self imposed long term well known pre war and or Straße élève Zürich 2025 £310 9"
).split()

word = st.sampled_from(WORDS)
line_end = st.sampled_from(["", "", "", ".", ",", "-", "—", ":", "?", '."', "\u00ad", "\u2010"])


@st.composite
def page_line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 11))
    words = draw(st.lists(word, min_size=1, max_size=8))
    body = " ".join(words)
    if kind == 0:
        return ""
    if kind == 1:
        return "By " + " ".join(w.capitalize() for w in words[:3])
    if kind == 2:
        return "LONDON — " + body
    if kind == 3:
        return body.upper()
    if kind == 4:
        return draw(st.sampled_from(["Page 3", "Continued on page 5", "The Gazette | Monday, May 5, 2025", "A", "7"]))
    if kind == 5:
        return body.capitalize() + ". Photo: " + words[0].capitalize()
    if kind == 6:
        return "  " + body.capitalize() + draw(line_end)
    if kind == 7:
        return '"' + body.capitalize() + '."'
    return body + draw(line_end)


@st.composite
def page_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(page_line(), min_size=1, max_size=60))
    if lines and draw(st.booleans()):
        # repeat a run of lines elsewhere, as a pull quote or deck does
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(i, min(len(lines), i + 4)))
        k = draw(st.integers(0, len(lines)))
        lines[k:k] = ["", *lines[i:j], ""]
    sep = draw(st.sampled_from(["\n", "\n", "\r\n", "\n\f"]))
    return sep.join(lines) + draw(st.sampled_from(["", "\n"]))


any_text = st.text(max_size=400)
text_with_controls = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Z", "Cc", "S", "M"]), max_size=300
)


# --------------------------------------------------------------------------
# properties


def _rebuild_or_none(text: str) -> Document | None:
    try:
        return rebuild_text(text)
    except BroadsheetError:
        return None


@given(any_text)
@example("")
@example("\n\n\n")
@example("-\n-\n-")
@example("By\nBy By\n")
@example("a-\n")
@example("A\nb")
@example("\u00ad\n\u00ad")
@example("ǅ-\nx")
def test_arbitrary_text_raises_only_broadsheet_errors(text: str) -> None:
    doc = _rebuild_or_none(text)
    if doc is not None:
        check_nothing_lost(text, doc)


@given(text_with_controls)
def test_text_with_control_characters(text: str) -> None:
    try:
        doc = rebuild(text)
    except BroadsheetError:
        return
    check_nothing_lost(doc.text, doc)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_broadsheet_errors(data: bytes) -> None:
    try:
        doc = rebuild(data)
    except BroadsheetError:
        return
    check_nothing_lost(doc.text, doc)


@given(page_text())
def test_page_like_text_loses_nothing(text: str) -> None:
    doc = _rebuild_or_none(text)
    if doc is not None:
        check_nothing_lost(text, doc)
        check_writers(doc)


def test_sample_page_loses_nothing() -> None:
    text = sample_text()
    doc = rebuild_text(text)
    check_nothing_lost(text, doc)
    check_writers(doc)


@given(st.integers(min_value=0, max_value=10_000))
def test_generated_pages_lose_nothing(seed: int) -> None:
    from fixtures.pagegen import generate_page

    text, _gold = generate_page(seed)
    doc = rebuild_text(text)
    check_nothing_lost(text, doc)
    check_writers(doc)


def test_the_checker_catches_a_lost_or_invented_word() -> None:
    text = sample_text()
    doc = rebuild_text(text)
    dropped = doc.articles[-1].paragraphs.pop()
    try:
        check_nothing_lost(text, doc)
    except AssertionError as exc:
        assert "lost word characters" in str(exc)
    else:
        raise AssertionError("a dropped paragraph went unnoticed")
    doc.articles[-1].paragraphs += [dropped, dropped]
    try:
        check_nothing_lost(text, doc)
    except AssertionError as exc:
        assert "invented word characters" in str(exc)
    else:
        raise AssertionError("a doubled paragraph went unnoticed")
