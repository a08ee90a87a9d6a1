"""The writers on a hand-built document (exact output) and on the engine's own output."""

from __future__ import annotations

import json

import pytest

from broadsheet import rebuild_text
from broadsheet.cli import sample_text
from broadsheet.model import Article, Document, Page, Paragraph, Repair, TextItem
from broadsheet.writers import (
    RULE,
    explain_lines,
    group_repairs,
    markdown_explanations,
    to_json,
    to_markdown,
    to_text,
)


def _doc() -> Document:
    first = Article(
        headline=TextItem("Harbour *reopens* at last", 0, 25),
        byline=TextItem("Ada Lind", 30, 38),
        dateline=TextItem("OSLO", 40, 44),
        decks=[TextItem("Boats return after two years", 26, 29)],
        paragraphs=[
            Paragraph("The harbour reopened on Monday.", 45, 80),
            Paragraph("# of boats: 12, up from 3.", 81, 110),
        ],
        pull_quotes=[TextItem("We waited long enough", 111, 130)],
        captions=[TextItem("The quay at dawn. Photo: K. Berg", 131, 160)],
        repairs=[
            Repair("hyphen", "join", "re-\\nopened", "reopened", "'reopened' is a word", 60),
            Repair("role", "headline", "", "Harbour *reopens* at last", "blank before", 0),
            Repair("paragraph", "break", "on Monday.", "¶", "short line", 81),
            Repair("hyphen", "keep", "long-\\nterm", "long-term", "compound", 50),
        ],
    )
    second = Article(paragraphs=[Paragraph("A second story without a headline.", 170, 205)])
    return Document(
        page=Page(text="x" * 210, lines=[]),
        articles=[first, second],
        furniture=[TextItem("Page 3", 200, 206)],
        unassigned=[TextItem("stray line", 206, 210)],
        repairs=[Repair("role", "furniture", "", "Page 3", "folio pattern", 200)],
        notes=["input is not UTF-8; decoded as cp1252"],
    )


def test_to_json_parses_back_to_to_dict() -> None:
    doc = _doc()
    assert json.loads(to_json(doc)) == doc.to_dict()
    assert json.loads(to_json(doc, explain=True)) == doc.to_dict(explain=True)
    assert "repairs" not in json.loads(to_json(doc))
    assert len(json.loads(to_json(doc, explain=True))["repairs"]) == len(doc.all_repairs())


def test_to_json_single_line_and_unicode() -> None:
    doc = _doc()
    doc.articles[0].paragraphs[0].text = "Café “quoted” — dash"
    line = to_json(doc, indent=None)
    assert "\n" not in line
    assert "Café “quoted” — dash" in line  # kept as written, not \u-escaped
    assert json.loads(line) == doc.to_dict()


def test_to_json_without_offsets() -> None:
    data = json.loads(to_json(_doc(), offsets=False))
    assert "offsets" not in data["articles"][0]
    assert "furniture_offsets" not in data


def test_markdown_layout() -> None:
    md = to_markdown(_doc())
    lines = md.splitlines()
    assert lines[0] == r"# Harbour \*reopens\* at last"
    assert "## Boats return after two years" in lines
    assert "*By Ada Lind · OSLO*" in lines
    assert "The harbour reopened on Monday." in lines
    assert r"\# of boats: 12, up from 3." in lines  # a leading '#' is not a heading
    assert "> We waited long enough" in lines
    assert "*The quay at dawn. Photo: K. Berg*" in lines
    assert "# Article 2 (no headline)" in lines
    # furniture, unassigned text and notes come last, in that order
    assert lines.index("## Page furniture") > lines.index("A second story without a headline.")
    assert lines.index("- Page 3") > lines.index("## Page furniture")
    assert lines.index("## Unassigned text") > lines.index("- Page 3")
    assert lines.index("## Notes") > lines.index("## Unassigned text")
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert "Explanations" not in md


def test_markdown_order_within_article() -> None:
    md = to_markdown(_doc())
    order = [
        md.index("# Harbour"),
        md.index("## Boats"),
        md.index("*By Ada Lind"),
        md.index("The harbour reopened"),
        md.index("> We waited"),
        md.index("*The quay"),
        md.index("---"),
        md.index("# Article 2"),
    ]
    assert order == sorted(order)


def test_markdown_explanations_section() -> None:
    md = to_markdown(_doc(), explain=True)
    assert "## Explanations" in md
    assert "### role (2)" in md
    assert "### hyphen (2)" in md
    assert md.index("### role") < md.index("### hyphen") < md.index("### paragraph")
    section = markdown_explanations(_doc())
    assert sum(1 for line in section if line.startswith("- `")) == len(_doc().all_repairs())


def test_text_layout() -> None:
    text = to_text(_doc())
    lines = text.splitlines()
    assert lines[0] == "Harbour *reopens* at last"  # plain text is not escaped
    assert lines[1] == "Boats return after two years"
    assert lines[2] == "By Ada Lind · OSLO"
    assert "[pull quote] We waited long enough" in lines
    assert "[caption] The quay at dawn. Photo: K. Berg" in lines
    assert lines.count(RULE) == 2  # between the articles, and before the furniture
    assert lines.index("Page furniture:") > lines.index("A second story without a headline.")
    assert "  Page 3" in lines
    assert "Explanations" not in text
    assert "Explanations (5 repairs):" in to_text(_doc(), explain=True)


def test_explain_lines_one_per_repair_grouped_by_stage() -> None:
    doc = _doc()
    lines = explain_lines(doc)
    assert len(lines) == len(doc.all_repairs()) == 5
    stages = [line.split("]", 1)[0].lstrip("[") for line in lines]
    assert stages == ["role", "role", "hyphen", "hyphen", "paragraph"]
    # within a stage, in page order
    assert lines[2].startswith("[hyphen] @50 keep 'long-\\nterm' -> 'long-term'")
    assert lines[3] == "[hyphen] @60 join 're-\\nopened' -> 'reopened': 'reopened' is a word"
    assert lines[0] == "[role] @0 headline 'Harbour *reopens* at last': blank before"


def test_explain_lines_shorten_long_text_and_keep_unknown_stages() -> None:
    long = "word " * 40
    doc = Document(
        page=Page(text="", lines=[]),
        articles=[],
        repairs=[
            Repair("zeta-stage", "mark", "", long, "why", None),
            Repair("role", "furniture", "", "x", "pattern", 3),
        ],
    )
    lines = explain_lines(doc)
    assert lines[0].startswith("[role] @3")
    assert lines[1].startswith("[zeta-stage] @? mark '")
    assert "…" in lines[1]
    assert len(lines[1]) < len(long)
    assert list(group_repairs(doc.all_repairs())) == ["role", "zeta-stage"]


def test_empty_document_writers() -> None:
    doc = Document(page=Page(text="", lines=[]), articles=[])
    assert "*No articles found.*" in to_markdown(doc)
    assert "(no articles found)" in to_text(doc)
    assert explain_lines(doc) == []
    assert "No repairs were made." in to_markdown(doc, explain=True)
    assert json.loads(to_json(doc))["articles"] == []


@pytest.fixture(scope="module")
def sample_doc() -> Document:
    return rebuild_text(sample_text())


def test_writers_on_engine_output(sample_doc: Document) -> None:
    assert json.loads(to_json(sample_doc, explain=True)) == sample_doc.to_dict(explain=True)
    md = to_markdown(sample_doc)
    text = to_text(sample_doc)
    for article in sample_doc.articles:
        for para in article.paragraphs:
            assert para.text in text
            # every word of the paragraph is in the markdown (escaping aside)
            assert para.text.split()[0].strip('"*_') in md
    assert md.count("\n# ") + md.startswith("# ") == len(sample_doc.articles)
    assert len(explain_lines(sample_doc)) == len(sample_doc.all_repairs())
