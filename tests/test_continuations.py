"""Jump lines, and stories joined across the pages of one text (form feeds)."""

from __future__ import annotations

import pytest

import broadsheet
from broadsheet.continuations import Jump, parse_jump


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Continued on page 5", Jump(True, "5", None)),
        ("Continued on Page A17", Jump(True, "A17", None)),
        ("See QWEST, page A17", Jump(True, "A17", "qwest")),
        ("BOOMING continued on page 3", Jump(True, "3", "booming")),
        ("Turn to page 4", Jump(True, "4", None)),
        ("Continued from page 1", Jump(False, "1", None)),
        ("From Page 1", Jump(False, "1", None)),
        ("Suite de la page 2", Jump(False, "2", None)),
        ("Fortsetzung auf Seite 7", Jump(True, "7", None)),
        ("Continued overleaf.", Jump(True, "+1", None)),
        ("Continued on next page", Jump(True, "+1", None)),
        ("Please turn over", Jump(True, "+1", None)),
    ],
)
def test_parse_jump(line: str, expected: Jump) -> None:
    assert parse_jump(line) == expected


@pytest.mark.parametrize(
    "line",
    ["The council met on page 3 of its agenda", "Page 12", "From the archive", "See you next week"],
)
def test_not_a_jump(line: str) -> None:
    assert parse_jump(line) is None


def _para(words: int, seed: str) -> str:
    vocab = ["council", "members", "voted", "plan", "river", "town", "bridge", "budget", "residents", "weeks"]
    out = [vocab[(i * 7 + len(seed)) % len(vocab)] for i in range(words)]
    return seed.capitalize() + " " + " ".join(out) + "."


def test_text_pages_join_a_continued_story() -> None:
    first = [_para(40, "alpha"), _para(35, "bravo")]
    rest = [_para(30, "charlie"), _para(30, "delta")]
    other = [_para(45, "echo"), _para(40, "foxtrot")]
    page1 = "RIVER BRIDGE PLAN APPROVED\n\n" + "\n\n".join(first) + "\n\nContinued on page 2\n"
    page2 = (
        "TOWN BUDGET DELAYED AGAIN\n\n"
        + "\n\n".join(other)
        + "\n\nBRIDGE\n\nContinued from page 1\n\n"
        + "\n\n".join(rest)
        + "\n"
    )
    doc = broadsheet.rebuild(page1 + "\f" + page2)
    arts = doc.to_dict(offsets=False)["articles"]
    bridge = [a for a in arts if a["headline"] == "RIVER BRIDGE PLAN APPROVED"]
    assert len(bridge) == 1
    assert bridge[0]["pages"] == [1, 2]
    assert " ".join(bridge[0]["paragraphs"]).split() == " ".join(first + rest).split()
    budget = [a for a in arts if a["headline"] == "TOWN BUDGET DELAYED AGAIN"]
    assert budget and " ".join(budget[0]["paragraphs"]).split() == " ".join(other).split()


def test_text_continued_overleaf_joins_only_a_headless_opening() -> None:
    """'Continued overleaf' names no page: the next page must open with text
    under no headline; a page opening with its own story joins nothing."""
    first = [_para(40, "alpha"), _para(35, "bravo")]
    rest = [_para(30, "charlie"), _para(30, "delta")]
    page1 = "RIVER BRIDGE PLAN APPROVED\n\n" + "\n\n".join(first) + "\n\nContinued overleaf.\n"
    page2 = "\n\n".join(rest) + "\n"
    doc = broadsheet.rebuild(page1 + "\f" + page2)
    arts = doc.to_dict(offsets=False)["articles"]
    assert len(arts) == 1
    assert arts[0]["pages"] == [1, 2]
    assert " ".join(arts[0]["paragraphs"]).split() == " ".join(first + rest).split()

    headed = "TOWN BUDGET DELAYED AGAIN\n\n" + page2
    doc = broadsheet.rebuild(page1 + "\f" + headed)
    arts = doc.to_dict(offsets=False)["articles"]
    assert len(arts) == 2
    assert all(a["pages"] == [a["page"]] for a in arts)
