"""``broadsheet index`` / ``broadsheet search``: an FTS5 index over a batch's articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from broadsheet.batch import run_batch
from broadsheet.cli import app
from broadsheet.search import MARK_CLOSE, MARK_OPEN, SearchIndexError, SearchQueryError, build_index, search

runner = CliRunner()

FILLER = (
    "The council met on a grey morning to discuss the budget for the coming year, "
    "the state of the roads and the opening hours of the public library."
)


def row(id_: str, *, headline: str = "Council meets", byline: str = "Ann Smith", body: str = FILLER) -> dict[str, Any]:
    return {
        "id": id_,
        "doc_id": id_.split("-")[0],
        "source": f"{id_}.txt",
        "page": 1,
        "n": 1,
        "language": "en",
        "headline": headline,
        "byline": byline,
        "dateline": None,
        "decks": [],
        "paragraphs": [body, FILLER],
        "pull_quotes": [],
        "captions": [],
    }


def write_out(folder: Path, rows: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return folder


@pytest.fixture
def index(tmp_path: Path) -> Path:
    rows = [
        row("body-1", body=FILLER + " A heron was seen over the harbour."),
        row("head-1", headline="Heron returns to the harbour"),
        row("byline-1", byline="Heron Jones"),
        row("none-1"),
        row("twice-1", headline="Ferry service restored", body="The ferry ferry ferry crossing resumes. " + FILLER),
        row("once-1", headline="Bridge repairs", body="A ferry was mentioned once. " + FILLER),
    ]
    db = tmp_path / "idx.sqlite"
    assert build_index(write_out(tmp_path / "out", rows), db) == len(rows)
    return db


def test_headline_hit_ranks_above_byline_hit_above_body_hit(index: Path) -> None:
    hits = search(index, "heron")
    assert [h.id for h in hits] == ["head-1", "byline-1", "body-1"]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_more_matches_rank_higher_and_misses_are_absent(index: Path) -> None:
    hits = search(index, "ferry")
    assert [h.id for h in hits] == ["twice-1", "once-1"]
    assert search(index, "zeppelin") == []


def test_snippet_marks_the_matched_words(index: Path) -> None:
    (hit,) = search(index, "crossing")
    assert f"{MARK_OPEN}crossing{MARK_CLOSE}" in hit.snippet
    assert hit.to_dict()["snippet"].count("**crossing**") == 1


def test_phrases_columns_and_limit(index: Path) -> None:
    assert [h.id for h in search(index, '"heron was seen"')] == ["body-1"]
    assert [h.id for h in search(index, "byline:heron")] == ["byline-1"]
    assert len(search(index, "council", limit=2)) == 2


def test_bad_query_is_a_coded_error(index: Path) -> None:
    with pytest.raises(SearchQueryError) as info:
        search(index, 'heron AND (" OR')
    assert info.value.code == "B304"
    with pytest.raises(SearchQueryError):
        search(index, "   ")
    # --literal takes any text as plain words
    assert [h.id for h in search(index, 'heron! (harbour"', literal=True)][:1] == ["head-1"]
    result = runner.invoke(app, ["search", "AND OR", "--db", str(index)])
    assert result.exit_code == 34
    assert "[B304]" in result.output and "Traceback" not in result.output


def test_missing_index_and_nothing_to_index(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError):
        search(tmp_path / "none.sqlite", "x")
    (tmp_path / "not-an-index.sqlite").write_bytes(b"hello")
    assert runner.invoke(app, ["search", "x", "--db", str(tmp_path / "not-an-index.sqlite")]).exit_code == 32
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["index", str(tmp_path / "empty"), "--db", str(tmp_path / "i.sqlite")])
    assert result.exit_code == 32
    assert "[B302]" in result.output
    assert not (tmp_path / "i.sqlite").exists()


def test_index_and_search_a_real_batch(tmp_path: Path) -> None:
    """Articles rebuilt by a batch (Parquet only) are found by a headline word, a byline and
    a word of their body."""
    from fixtures.pagegen import generate_page

    pages = tmp_path / "in"
    pages.mkdir()
    for seed in range(5):
        (pages / f"p{seed}.txt").write_text(generate_page(300 + seed, lang="en")[0], encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(pages)], out, formats=["parquet"], jobs=1)
    import pyarrow.parquet as pq

    rows = pq.read_table(out / "articles.parquet").to_pylist()
    db = tmp_path / "search.sqlite"
    result = runner.invoke(app, ["index", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"indexed {len(rows)} articles" in result.stdout

    target = next(r for r in rows if r["headline"] and r["byline"])
    headline_words = [w for w in target["headline"].split() if len(w) > 5 and w.isalpha()]
    # the generator may set one story on several pages: those articles tie
    twins = {r["id"] for r in rows if r["headline"] == target["headline"]}
    hits = search(db, " ".join(headline_words), literal=True)
    assert {h.id for h in hits[: len(twins)]} == twins
    assert all(h.headline == target["headline"] for h in hits[: len(twins)])
    assert target["id"] in {h.id for h in search(db, target["byline"], literal=True)}
    # the longest word of the body is rare enough to find the article in the top hits
    body_word = max((w.strip(".,;:!?\"'()") for p in target["paragraphs"] for w in p.split()), key=len)
    assert target["id"] in {h.id for h in search(db, body_word, literal=True, limit=len(twins) + 2)}

    shown = runner.invoke(app, ["search", body_word, "--db", str(db), "--json", "--literal"])
    assert shown.exit_code == 0
    first = json.loads(shown.stdout.splitlines()[0])
    assert set(first) == {"id", "source", "page", "headline", "byline", "dateline", "score", "snippet"}
    assert first["source"].startswith("p") and first["source"].endswith(".txt")
    printed = runner.invoke(app, ["search", body_word, "--db", str(db), "--literal"])
    assert printed.exit_code == 0 and "1." in printed.stdout
