"""Golden cases for line-end hyphens (tests/fixtures/golden_hyphens.json), run through
the assembler exactly as the engine joins two lines.

Each case is ``before`` (the end of one line), ``after`` (the start of the next),
optional page ``context`` and the ``expected`` text, or ``null`` where the two
tokens must stay apart as printed (suspended hyphens, spaced dashes).  A few
cases the lexicon cannot decide are listed in KNOWN_MISSES with the reason; the
test fails if one of them starts passing, so the list stays honest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import broadsheet
from broadsheet.assemble import Assembler
from broadsheet.hyphenation import decide_line_end_hyphen, split_fused_compound
from broadsheet.lexicon import Lexicon, PageVocabulary
from broadsheet.lines import split_lines
from broadsheet.model import Repair

CASES = json.loads((Path(__file__).parent / "fixtures" / "golden_hyphens.json").read_text(encoding="utf-8"))

# (before, after) -> why the lexicon gets it wrong
KNOWN_MISSES = {
    ("italo-", "americano"): "the Italian word list has the solid form",
}


def _join(before: str, after: str, context: str, lang: str) -> str:
    text = f"{before}\n{after}\n"
    lines = split_lines(text)
    lex = Lexicon(lang)
    vocab = PageVocabulary(context.splitlines() if context else [])
    asm = Assembler(lines, lex, vocab, 40.0)
    repairs: list[Repair] = []
    return asm.join_lines([0, 1], repairs)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['before']}|{c['after']}" for c in CASES])
def test_golden_hyphen(case: dict[str, str | None]) -> None:
    before, after = str(case["before"]), str(case["after"])
    got = _join(before, after, str(case.get("context") or ""), str(case["lang"]))
    expected = case["expected"]
    want = f"{before} {after}" if expected is None else str(expected)
    key = (before, after)
    if key in KNOWN_MISSES:
        assert got != want, f"{key} passes now: remove it from KNOWN_MISSES ({KNOWN_MISSES[key]})"
        return
    assert got == want, case["why"]


@pytest.mark.parametrize(
    ("before", "after", "action"),
    [
        ("de-", "manded", "join"),
        ("pro-", "regime", "keep"),
        ("well-", "known", "keep"),
        ("self-", "imposed", "keep"),
        ("Anglo-", "French", "keep"),
        ("COVID-", "19", "keep"),
        ("25-", "room", "keep"),
        ("pre-", "and", "suspended"),
        ("act-", "or", "join"),
        ("ex\u00ad", "ample", "join"),
    ],
)
def test_decision_kinds(before: str, after: str, action: str) -> None:
    d = decide_line_end_hyphen(before, after, Lexicon("en"))
    assert d.action == action, d.why
    assert d.why


def test_page_vocabulary_outvotes_the_lexicon() -> None:
    lex = Lexicon("en")
    assert decide_line_end_hyphen("co-", "operate", lex).action == "join"
    vocab = PageVocabulary(["they co-operate and co-operate again with the co-operative"])
    assert decide_line_end_hyphen("co-", "operate", lex, vocab).action == "keep"


@pytest.mark.parametrize(
    ("token", "fixed"),
    [("selfimposed", "self-imposed"), ("alSabah", "al-Sabah")],
)
def test_fused_compound_restored(token: str, fixed: str) -> None:
    res = split_fused_compound(token, Lexicon("en"))
    assert res is not None and res[0] == fixed


@pytest.mark.parametrize("token", ["understand", "McDonald", "government", "Mnangagwa", "iPhone"])
def test_real_words_are_not_split(token: str) -> None:
    assert split_fused_compound(token, Lexicon("en")) is None


@pytest.mark.parametrize(
    ("left", "right", "display", "action"),
    [
        ("life-", "saving", True, "keep"),  # 'Scientists report two life- / saving treatments'
        ("post-", "quake", True, "keep"),
        # negative cases: the same break in running text is a word break; a word
        # broken in a headline after all joins (the joined form is more common)
        ("life-", "saving", False, "join"),
        ("govern-", "ment", True, "join"),
        ("news-", "paper", False, "join"),
    ],
)
def test_issue_2_headline_hyphen_between_words_is_a_compound(left: str, right: str, display: bool, action: str) -> None:
    """Every line-end hyphen in a dev headline belongs to a compound (headline
    type is set without word breaks), but 'lifesaving' (Zipf 2.9) is common
    enough that running text joins it.  In a headline a hyphen between two
    words, each more common than the joined form, is kept."""
    d = decide_line_end_hyphen(left, right, Lexicon("en"), None, display=display)
    assert d.action == action, d


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("they saw eye-toeye on the plan", "eye-to-eye"),
        ("an out-andout win for the side", "out-and-out"),
        ("the bloodand-sinew of the club", "blood-and-sinew"),
        # negative cases: compounds whose parts are words, or not a function word and a word
        ("a pan-Africanist of the old school", "pan-Africanist"),
        ("the non-callable bonds were sold", "non-callable"),
        ("the lead-managership of the issue", "lead-managership"),
    ],
)
def test_issue_2_function_word_fused_inside_a_compound(text: str, fixed: str) -> None:
    """Plain pdftotext joins a line-end hyphen inside a compound ('eye-to-' /
    'eye' -> 'eye-toeye'): a part of a hyphenated compound that is a function
    word and a word run together, and rare itself, gets its hyphen back."""
    art = broadsheet.rebuild("Pier future in doubt\nBy Jo Smith\n\n" + text + ".\n").to_dict(offsets=False)
    assert fixed in art["articles"][0]["paragraphs"][0].split(), art["articles"][0]["paragraphs"]
